// Verification of an object whose size was not signed (a size-less PUT, the original plan's request): the worker
// checks what S3 holds with HeadObject before the upload counts (outcome report) or is handed out (download
// route), and in the scheduled sweep once its URL has expired; an object outside [MIN_SIZE, MAX_SIZE] is deleted.

import { ApiError } from "./http.js";
import { deleteObject, headObject } from "./s3-client.js";

/**
 * HeadObject on `key`, checked against the issued `size` (when one was signed) or [MIN_SIZE, MAX_SIZE]. Returns
 * `{ exists: false }` or `{ exists: true, size, etag }`; an object outside the bounds is deleted and refused.
 */
export async function verifyObject(bucket, config, rc, key, { size } = {}) {
  const head = await headObject(bucket, config, rc, key);
  if (!head.exists) return { exists: false };
  if (size !== undefined) {
    // The size was signed: S3 cannot hold another (this would be a worker bug or a foreign write).
    if (head.size !== size) throw new ApiError(409, "UploadNotFound", "S3 holds an object of another size than the one issued");
    return { exists: true, size: head.size, etag: head.etag };
  }
  if (head.size > config.maxSize || head.size < config.minSize) {
    await deleteObject(bucket, config, rc, key);
    console.log(JSON.stringify({ level: "warn", requestId: rc.requestId, msg: "deleted a size-less upload outside the size limits", bucket: bucket.name, size: head.size }));
    const big = head.size > config.maxSize;
    throw new ApiError(400, big ? "FileTooLarge" : "FileTooSmall", `the uploaded object is ${head.size} bytes; the ${big ? `maximum is ${config.maxSize}` : `minimum is ${config.minSize}`} bytes (the object was deleted)`);
  }
  return { exists: true, size: head.size, etag: head.etag };
}
