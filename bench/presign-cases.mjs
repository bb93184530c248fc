// The request every benchmark signs: a presigned PUT of one key with Content-Type signed, valid 15 minutes.
export const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
export const REGION = "eu-west-1";
export const BUCKET = "example-bucket";
export const HOST = `${BUCKET}.s3.${REGION}.amazonaws.com`;
export const KEY = "uploads/2025/11/23/1f0c7a/cat-photo.jpg";
export const CONTENT_TYPE = "image/jpeg";
// The signed Content-Length of the request signed with a size instead of a type (the lean-s3 comparison).
export const CONTENT_LENGTH = 123_456;
export const EXPIRES = 900;

/** Median of per-batch CPU (or wall) microseconds per operation. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
