// The handlers the route table (table.js) names, by name.
import { clientConfig, health, metrics, regionList, storageClassList } from "./info.js";
import { postPolicy, signedUrl } from "./uploads.js";
import { abort, complete, initiate, listUploadParts, signParts } from "./multipart.js";
import { downloadUrl } from "./download.js";
import { reportOutcome } from "./report.js";
import { diagnostics } from "./diagnostics.js";
import { cdnCookies, cdnInvalidate, cdnInvalidation } from "./cdn.js";
import * as uppy from "./uppy.js";

export const HANDLERS = {
  health,
  clientConfig,
  regionList,
  storageClassList,
  metrics,
  signedUrl,
  postPolicy,
  initiate,
  signParts,
  complete,
  abort,
  listUploadParts,
  downloadUrl,
  reportOutcome,
  diagnostics,
  cdnCookies,
  cdnInvalidate,
  cdnInvalidation,
  "uppy.params": uppy.params,
  "uppy.create": uppy.create,
  "uppy.batchSign": uppy.batchSign,
  "uppy.signPart": uppy.signPart,
  "uppy.listParts": uppy.listParts,
  "uppy.completeRoute": uppy.completeRoute,
  "uppy.abortRoute": uppy.abortRoute,
};
