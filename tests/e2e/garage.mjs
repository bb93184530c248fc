// Reads what the page uploaded straight from Garage, signed by the package under test in Node: the page's own
// download link is checked separately, so a read-back here does not depend on the worker.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initSync, S3Signer, ChecksumHasher, checksumBase64, parseListObjects } from "../../pkg/s3_edge_signer.js";

initSync({ module: readFileSync(fileURLToPath(new URL("../../pkg/s3_edge_signer_bg.wasm", import.meta.url))) });

const REQUIRED = ["S3ES_GARAGE_ENDPOINT", "S3ES_GARAGE_REGION", "S3ES_GARAGE_ACCESS_KEY_ID", "S3ES_GARAGE_SECRET_ACCESS_KEY"];

export function garageFromEnv(env = process.env) {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(", ")}: source the env file of scripts/s3-servers.sh (e.g. source "$S3ES_STATE_DIR/env.sh") before running the e2e tests.`);
  }
  return new Garage({
    endpoint: env.S3ES_GARAGE_ENDPOINT,
    region: env.S3ES_GARAGE_REGION,
    accessKeyId: env.S3ES_GARAGE_ACCESS_KEY_ID,
    secretAccessKey: env.S3ES_GARAGE_SECRET_ACCESS_KEY,
  });
}

export class Garage {
  #signers = new Map();

  constructor({ endpoint, region, accessKeyId, secretAccessKey }) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = { accessKeyId, secretAccessKey };
  }

  #signer(bucket) {
    if (!this.#signers.has(bucket)) {
      // Path style: Node does not resolve *.localhost virtual hosts.
      this.#signers.set(bucket, new S3Signer({ ...this.credentials, bucket, region: this.region, endpoint: this.endpoint, addressing: "path" }));
    }
    return this.#signers.get(bucket);
  }

  async getObject(bucket, key) {
    const { url } = this.#signer(bucket).presignGet(key, { expiresIn: 300 });
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`GET ${key} from Garage: ${response.status} ${await response.text()}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** HEAD with the stored checksum requested; null when the object does not exist. */
  async headObject(bucket, key) {
    const { url, headers } = this.#signer(bucket).presignHead(key, { expiresIn: 300, headers: { "x-amz-checksum-mode": "ENABLED" } });
    const response = await fetch(url, { method: "HEAD", headers: { ...headers } });
    if (response.status === 404) return null;
    if (response.status !== 200) throw new Error(`HEAD ${key} on Garage: ${response.status}`);
    return response.headers;
  }

  /** Status of ListParts for a multipart upload: 200 while it exists, 404 (NoSuchUpload) once aborted or completed. */
  async listPartsStatus(bucket, key, uploadId) {
    const request = this.#signer(bucket).listParts(key, uploadId, {});
    const response = await fetch(request.url, { method: request.method, headers: request.headers });
    await response.arrayBuffer();
    return response.status;
  }

  /** The bucket's CORS configuration as S3 answers it (XML), to put back after a test changed it. */
  async getCors(bucket) {
    const request = this.#signer(bucket).signRequest({ method: "GET", query: { cors: "" } });
    const response = await fetch(request.url, { method: request.method, headers: request.headers });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GetBucketCors on Garage: ${response.status} ${text}`);
    return text;
  }

  async putCors(bucket, xml) {
    const request = this.#signer(bucket).signRequest({ method: "PUT", query: { cors: "" }, headers: { "content-type": "application/xml" }, body: new TextEncoder().encode(xml) });
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    if (response.status !== 200) throw new Error(`PutBucketCors on Garage: ${response.status} ${await response.text()}`);
  }

  /** Puts a part straight into a multipart upload (as another client would), with its checksum when given. */
  async uploadPart(bucket, key, uploadId, partNumber, bytes, checksum) {
    const { url, headers } = this.#signer(bucket).presignUploadPart(key, uploadId, partNumber, {
      expiresIn: 300,
      contentLength: bytes.length,
      ...(checksum ? { checksum } : {}),
    });
    const response = await fetch(url, { method: "PUT", headers: { ...headers }, body: bytes });
    if (response.status !== 200) throw new Error(`UploadPart ${partNumber} on Garage: ${response.status} ${await response.text()}`);
    return response.headers.get("etag");
  }

  async countObjects(bucket, prefix = "") {
    let count = 0;
    let continuationToken;
    do {
      const request = this.#signer(bucket).listObjects({ prefix, ...(continuationToken ? { continuationToken } : {}) });
      const response = await fetch(request.url, { method: request.method, headers: request.headers });
      const page = parseListObjects(await response.text());
      count += page.objects.length;
      continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (continuationToken);
    return count;
  }
}

export { ChecksumHasher, checksumBase64 };
