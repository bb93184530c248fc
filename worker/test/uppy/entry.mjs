// Browser entry for the Uppy test: the real @uppy/core + @uppy/aws-s3, in Companion mode pointed at the worker.
import Uppy from "@uppy/core";
import AwsS3 from "@uppy/aws-s3";

import { bytes } from "../sample-bytes.mjs";

window.runUppy = async ({ endpoint, files, multipart }) => {
  const uppy = new Uppy({ autoProceed: false });
  uppy.use(AwsS3, { companionEndpoint: endpoint, shouldUseMultipart: () => multipart });
  for (const f of files) uppy.addFile({ name: f.name, type: f.type, data: new Blob([bytes(f.size, f.seed)], { type: f.type }) });
  const result = await uppy.upload();
  return {
    successful: (result.successful || []).map((f) => ({ name: f.name, key: f.response?.body?.key, location: f.response?.body?.location })),
    failed: (result.failed || []).map((f) => ({ name: f.name, error: String(f.error?.message || f.error) })),
  };
};
