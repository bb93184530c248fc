// A typed usage example, compiled with `tsc --strict` in the tests: the package's .d.ts must describe every option
// and result (a typo in an option name or a wrong field type fails the compile).
import init, {
  S3Signer,
  checksumBase64,
  parseListParts,
  parseListMultipartUploads,
  storageClasses,
  parseCorsConfiguration,
  evaluateCors,
  corsConfigurationXml,
  parseLifecycleConfiguration,
  lifecycleAbortDays,
  lifecycleConfigurationXml,
  type CorsRule,
  type CorsVerdict,
  type LifecycleRule,
  type PresignSpec,
  type StorageClassInfo,
  type ObjectOptions,
  type PresignedRequest,
  type PresignedPost,
  type SignedRequest,
  type ListPartsPage,
  type ListMultipartUploadsPage,
} from "../../pkg/s3_edge_signer.js";
import {
  initSync as initCloudFront,
  prepareCloudFrontSignedUrl,
  finishCloudFrontSignedUrl,
  prepareCloudFrontSignedCookies,
  finishCloudFrontSignedCookies,
  createInvalidation,
  parseInvalidation,
  cloudFrontObjectUrl,
  type PreparedCloudFrontSignedUrl,
  type CloudFrontSignedCookies,
  type CloudFrontInvalidation,
  type SignedRequest as CloudFrontRequest,
} from "../../pkg/cloudfront/s3_edge_cloudfront.js";
import initChecksum, { checksumBase64 as crcInBrowser, ChecksumHasher, type ChecksumAlgorithmName } from "../../pkg/checksum/s3_edge_checksum.js";

/** The browser checksum module: one-shot and incremental. */
export async function checksums(file: Uint8Array, algorithm: ChecksumAlgorithmName): Promise<[string, string]> {
  await initChecksum();
  using hasher = new ChecksumHasher(algorithm);
  hasher.update(file.subarray(0, 10));
  hasher.update(file.subarray(10));
  return [crcInBrowser(algorithm, file), hasher.digestBase64()];
}

export async function example(file: Uint8Array): Promise<string[]> {
  await init();
  const s3 = new S3Signer({
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    region: "eu-west-1",
    bucket: "example-bucket",
    addressing: "auto",
  });
  const options: ObjectOptions = {
    expiresIn: 900,
    contentType: "image/jpeg",
    contentLength: file.length,
    storageClass: "STANDARD_IA",
    sse: "AES256",
    ifNoneMatch: true,
    checksum: { algorithm: "CRC32C", value: checksumBase64("CRC32C", file) },
    metadata: { owner: "ada" },
  };
  const put: PresignedRequest = s3.presignPut("uploads/cat.jpg", options);
  const headers: Record<string, string> = put.headers;
  const expires: number = put.expiresAt;
  const post: PresignedPost = s3.presignPost({ key: "uploads/${filename}", contentLengthRange: [1, 10_000_000], contentType: { startsWith: "image/" } });
  const create: SignedRequest = s3.createMultipartUpload("big.bin", { contentType: "application/octet-stream" });
  const page: ListPartsPage = parseListParts("<ListPartsResult><UploadId>u</UploadId></ListPartsResult>");
  const partNumbers: number[] = page.parts.map((p) => p.partNumber);
  const list: SignedRequest = s3.listMultipartUploads({ prefix: "uploads/", maxUploads: 100 });
  const uploads: ListMultipartUploadsPage = parseListMultipartUploads("<ListMultipartUploadsResult/>");
  const started: number[] = uploads.uploads.map((u) => u.initiated);
  const next: string | undefined = uploads.nextKeyMarker;
  const cors: CorsRule[] = parseCorsConfiguration("<CORSConfiguration/>");
  const verdict: CorsVerdict = evaluateCors(cors, { origin: "https://app.example.com", method: "PUT", headers: ["content-type"], expose: ["ETag"] });
  const missingHeaders: string[] = verdict.missing.headers;
  const corsFix: string = corsConfigurationXml([{ allowedOrigins: ["https://app.example.com"], allowedMethods: ["PUT"], allowedHeaders: ["*"], exposeHeaders: ["ETag"] }]);
  const lifecycle: LifecycleRule[] = parseLifecycleConfiguration("<LifecycleConfiguration/>");
  const abortDays: number | null = lifecycleAbortDays(lifecycle, "uploads/");
  const lifecycleFix: string = lifecycleConfigurationXml([...lifecycle, { enabled: true, prefix: "uploads/", abortIncompleteMultipartUploadDays: 1 }]);
  const getCors: SignedRequest = s3.getBucketCors({});
  const getLifecycle: SignedRequest = s3.getBucketLifecycle({ now: Date.now() });
  const listSpec: PresignSpec = { method: "GET", query: { "list-type": "2", prefix: "uploads/" }, expiresIn: 300 };
  const list2: PresignedRequest = s3.presign(listSpec);
  const part: PresignedRequest = s3.presignGet("big.bin", { partNumber: 2 });
  const deep: StorageClassInfo | undefined = storageClasses().find((c) => c.aliases.includes("GLACIER_DEEP_ARCHIVE"));
  const zones: number | null = deep ? deep.availabilityZones : null;
  const retrieval: "immediate" | "minutes-hours" | "hours" | undefined = deep?.retrieval;
  return [list2.url, part.url, String(zones), retrieval ?? "", String(deep?.minStorageDays), put.url, String(expires), Object.keys(headers).join(","), post.url, create.method, partNumbers.join(","), list.url, started.join(","), next ?? "", String(verdict.rule ?? verdict.closestRule), missingHeaders.join(","), corsFix, String(abortDays), lifecycleFix, getCors.url, getLifecycle.url];
}

// A Worker signing CloudFront URLs and cookies with a non-extractable WebCrypto key, and invalidating, with the
// CloudFront module (in a Worker, `cloudFrontWasm` is `import cloudFrontWasm from "s3-edge-signer/cloudfront/s3_edge_cloudfront_bg.wasm"`).
export async function cloudFront(cloudFrontWasm: WebAssembly.Module, pkcs8: ArrayBuffer, env: { KEY_PAIR_ID: string; AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string }): Promise<string[]> {
  initCloudFront({ module: cloudFrontWasm });
  const url = cloudFrontObjectUrl("https://d111111abcdef8.cloudfront.net", "videos/intro.mp4");
  const p: PreparedCloudFrontSignedUrl = prepareCloudFrontSignedUrl({
    url, keyPairId: env.KEY_PAIR_ID, keyAlgorithm: "ECDSA", hashAlgorithm: "SHA256", expiresIn: 3600,
  });
  const key = await crypto.subtle.importKey("pkcs8", pkcs8, p.webCrypto.importKey, false, ["sign"]);
  const signed: string = finishCloudFrontSignedUrl(p, await crypto.subtle.sign(p.webCrypto.sign, key, p.toSign));
  const c = prepareCloudFrontSignedCookies({
    resource: "https://d111111abcdef8.cloudfront.net/videos/*", keyPairId: env.KEY_PAIR_ID, keyAlgorithm: "ECDSA",
    hashAlgorithm: "SHA256", dateLessThan: new Date(Date.now() + 600_000), cookie: { domain: "example.com", sameSite: "Strict" },
  });
  const cookies: CloudFrontSignedCookies = finishCloudFrontSignedCookies(c, new Uint8Array(await crypto.subtle.sign(c.webCrypto.sign, key, c.toSign)));
  const request: CloudFrontRequest = createInvalidation({
    distributionId: "EDFDVBD6EXAMPLE", paths: ["/videos/*"], callerReference: crypto.randomUUID(),
    accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
  });
  const answer = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const invalidation: CloudFrontInvalidation = parseInvalidation(await answer.text());
  return [signed, ...cookies.setCookie, invalidation.id, String(invalidation.createTime), p.policyType];
}
