/* tslint:disable */
/* eslint-disable */

/** Credentials and bucket of an S3Signer. Checked once, at construction. */
export interface SignerConfig {
    accessKeyId: string;
    secretAccessKey: string;
    /** Session token of temporary (STS) credentials. */
    sessionToken?: string;
    /** When temporary credentials expire (ms since epoch, or a Date): URLs never outlive them. */
    credentialsExpireAt?: number | Date;
    bucket: string;
    /** Region of the bucket ("auto" for R2). */
    region: string;
    /** Custom endpoint, e.g. "http://127.0.0.1:3900" or "https://<account>.r2.cloudflarestorage.com". */
    endpoint?: string;
    addressing?: "auto" | "virtual" | "path";
    dualstack?: boolean;
    accelerate?: boolean;
    fips?: boolean;
    backend?: "aws" | "r2" | "generic";
}

export type ChecksumAlgorithmName = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";

export interface ChecksumValue {
    algorithm: ChecksumAlgorithmName;
    /** Base64 of the digest, as returned by checksumBase64(). */
    value: string;
}

/** Options of an object request; each header option is signed, so the client must send exactly that value. */
export interface ObjectOptions {
    /** Lifetime of a presigned URL in seconds, 1..604800 (default 3600). */
    expiresIn?: number;
    /** Signing time: ms since epoch or a Date (default Date.now()). */
    now?: number | Date;
    contentType?: string;
    /** Signed Content-Length: S3 refuses a body of any other size. */
    contentLength?: number;
    contentMd5?: string;
    cacheControl?: string;
    contentDisposition?: string;
    contentEncoding?: string;
    contentLanguage?: string;
    storageClass?: string;
    sse?: "AES256" | "aws:kms" | "aws:kms:dsse";
    sseKmsKeyId?: string;
    /** Base64 of a JSON object. */
    sseContext?: string;
    sseBucketKeyEnabled?: boolean;
    /** SSE-C: base64 of the 32-byte key and of its MD5. */
    sseCustomerKey?: string;
    sseCustomerKeyMd5?: string;
    checksum?: ChecksumValue;
    /** CreateMultipartUpload: every part must then carry this checksum. */
    checksumAlgorithm?: ChecksumAlgorithmName;
    metadata?: Record<string, string>;
    /** URL-query encoded tags: "k1=v1&k2=v2". */
    tagging?: string;
    acl?: string;
    /** true (or "*") refuses to overwrite an existing key; on GET/HEAD an ETag. */
    ifNoneMatch?: boolean | string;
    ifMatch?: string;
    versionId?: string;
    responseContentType?: string;
    responseContentDisposition?: string;
    responseCacheControl?: string;
    responseContentEncoding?: string;
    responseContentLanguage?: string;
    responseExpires?: string;
    /** Other headers to sign. */
    headers?: Record<string, string>;
    /** Other query parameters to sign. */
    query?: Record<string, string>;
}

/** A presigned URL and exactly what the client must send with it. */
export interface PresignedRequest {
    url: string;
    method: "GET" | "PUT" | "HEAD" | "DELETE";
    /** Lowercase names. Browsers set content-length themselves; send the others as given. */
    headers: Record<string, string>;
    /** ms since epoch. */
    expiresAt: number;
    /** Seconds. */
    expiresIn: number;
}

/** A header-signed request for fetch() on a server or worker. */
export interface SignedRequest {
    url: string;
    method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
    headers: Record<string, string>;
    /** The body to send (CompleteMultipartUpload XML), if any. */
    body?: string;
}

export type PostCondition = string | { startsWith: string };

export interface PostPolicyOptions {
    /** The key field; "${filename}" is replaced by S3 with the file's name. */
    key: string;
    /** Let the client choose any key under this prefix. */
    keyStartsWith?: string;
    expiresIn?: number;
    now?: number | Date;
    /** [min, max] bytes. */
    contentLengthRange?: [number, number];
    contentType?: PostCondition;
    storageClass?: string;
    sse?: "AES256" | "aws:kms" | "aws:kms:dsse";
    sseKmsKeyId?: string;
    sseContext?: string;
    sseBucketKeyEnabled?: boolean;
    successActionStatus?: 200 | 201 | 204;
    /** Further form fields: exact values or { startsWith }. */
    fields?: Record<string, PostCondition>;
}

export interface PresignedPost {
    /** The form action. */
    url: string;
    /** Form fields in order; append the file last. */
    fields: Record<string, string>;
    policy: string;
    policyBase64: string;
    expiresAt: number;
}

export interface RequestSpec {
    method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
    /** Object key; omit for the bucket itself. */
    key?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    /** A body to hash and send (string or bytes), or a precomputed hex SHA-256, or "UNSIGNED-PAYLOAD". */
    body?: string | Uint8Array;
    payloadHash?: string;
    now?: number | Date;
}

export interface CompletedPart {
    partNumber: number;
    etag: string;
    checksum?: ChecksumValue;
}

export interface TimeOption {
    now?: number | Date;
}

export interface ListPartsOptions extends TimeOption {
    partNumberMarker?: number;
    maxParts?: number;
}

export interface ListObjectsOptions extends TimeOption {
    prefix?: string;
    continuationToken?: string;
}

export interface BucketInfo {
    bucket: string;
    region: string;
    host: string;
    origin: string;
    pathStyle: boolean;
    backend: "aws" | "r2" | "generic";
}

export interface InitiatedUpload { bucket: string; key: string; uploadId: string; }
export interface UploadedPart {
    partNumber: number; etag: string; size: number; lastModified: string;
    checksumAlgorithm?: string; checksum?: string;
}
export interface ListPartsPage {
    uploadId: string; parts: UploadedPart[]; isTruncated: boolean; nextPartNumberMarker?: number;
}
export interface S3ErrorResponse {
    code: string; message: string; region?: string; endpoint?: string; bucket?: string; requestId?: string;
    /** The region the error says the bucket is in (AuthorizationHeaderMalformed, PermanentRedirect). */
    regionHint?: string;
    wrongRegion: boolean;
}
export type CompleteOutcome =
| { completed: true; location: string; key: string; etag: string }
| { completed: false; error: S3ErrorResponse };
export interface ListedObject { key: string; size: number; etag: string; }
export interface ListObjectsPage { objects: ListedObject[]; isTruncated: boolean; nextContinuationToken?: string; }
export interface RegionInfo {
    code: string; name: string; partition: "aws" | "aws-cn" | "aws-us-gov"; optIn: boolean;
    latitude: number; longitude: number;
}
export interface StorageClassInfo { name: string; description: string; }



/**
 * An incremental checksum for data read in chunks (a large file).
 */
export class ChecksumHasher {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The base64 value; the hasher cannot be used afterwards.
     */
    digestBase64(): string;
    /**
     * A hasher for CRC32, CRC32C, CRC64NVME or SHA256.
     */
    constructor(algorithm: ChecksumAlgorithmName);
    /**
     * Adds bytes.
     */
    update(bytes: Uint8Array | number[]): void;
}

/**
 * Signs S3 requests for one bucket. Construct once (the configuration is checked here) and reuse: the derived
 * signing key is cached, so each presign costs a few microseconds.
 */
export class S3Signer {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * AbortMultipartUpload.
     */
    abortMultipartUpload(key: string, upload_id: string, options: TimeOption): SignedRequest;
    /**
     * The checked bucket: name, region, host, origin, addressing and backend.
     */
    bucketInfo(): BucketInfo;
    /**
     * CompleteMultipartUpload with the XML body built from `parts`.
     */
    completeMultipartUpload(key: string, upload_id: string, parts: CompletedPart[], options: TimeOption): SignedRequest;
    /**
     * CreateMultipartUpload as a header-signed request.
     */
    createMultipartUpload(key: string, options: ObjectOptions): SignedRequest;
    /**
     * HeadBucket (region discovery: read `x-amz-bucket-region` from the answer).
     */
    headBucket(options: TimeOption): SignedRequest;
    /**
     * ListObjectsV2 (one page).
     */
    listObjects(options: ListObjectsOptions): SignedRequest;
    /**
     * ListParts (one page).
     */
    listParts(key: string, upload_id: string, options: ListPartsOptions): SignedRequest;
    /**
     * Checks the configuration; throws `InvalidCredentials`, `InvalidBucketName`, `InvalidRegion`,
     * `InvalidEndpoint` or `InvalidOption`.
     */
    constructor(config: SignerConfig);
    /**
     * The unsigned URL of an object (public buckets, or the origin behind a CDN).
     */
    objectUrl(key: string): string;
    /**
     * Presigns a DELETE.
     */
    presignDelete(key: string, options: ObjectOptions): PresignedRequest;
    /**
     * Presigns a GET.
     */
    presignGet(key: string, options: ObjectOptions): PresignedRequest;
    /**
     * Presigns a HEAD.
     */
    presignHead(key: string, options: ObjectOptions): PresignedRequest;
    /**
     * Builds and signs a POST policy; returns the form URL and fields.
     */
    presignPost(options: PostPolicyOptions): PresignedPost;
    /**
     * Presigns a PUT.
     */
    presignPut(key: string, options: ObjectOptions): PresignedRequest;
    /**
     * Presigns an UploadPart (part numbers 1..10000).
     */
    presignUploadPart(key: string, upload_id: string, part_number: number, options: ObjectOptions): PresignedRequest;
    /**
     * Signs any request in header mode for `fetch` (the worker's own S3 calls).
     */
    signRequest(spec: RequestSpec): SignedRequest;
}

/**
 * The base64 checksum of `bytes` for an `x-amz-checksum-*` header (CRC32, CRC32C, CRC64NVME, SHA256).
 */
export function checksumBase64(algorithm: ChecksumAlgorithmName, bytes: Uint8Array | number[]): string;

/**
 * The canonical storage class for a name or alias (`GLACIER_INSTANT_RETRIEVAL` → `GLACIER_IR`).
 */
export function normalizeStorageClass(name: string): string;

/**
 * Checks an `x-amz-bucket-region` header value and returns the region.
 */
export function parseBucketRegion(value: string): string;

/**
 * Parses CompleteMultipartUpload's answer, which can be an error despite HTTP 200.
 */
export function parseCompleteMultipartUpload(xml: string): CompleteOutcome;

/**
 * Parses an S3 `<Error>` document (with region hints).
 */
export function parseError(xml: string): S3ErrorResponse;

/**
 * Parses CreateMultipartUpload's answer.
 */
export function parseInitiateMultipartUpload(xml: string): InitiatedUpload;

/**
 * Parses ListObjectsV2's answer.
 */
export function parseListObjects(xml: string): ListObjectsPage;

/**
 * Parses ListParts' answer.
 */
export function parseListParts(xml: string): ListPartsPage;

/**
 * A part size for an object of `size` bytes: at least `preferred` (within 5 MiB..5 GiB) and large enough for at
 * most 10000 parts. Throws `InvalidMultipart` when no part size fits.
 */
export function partSizeFor(size: number, preferred: number): number;

/**
 * Every known region with its partition, opt-in flag and approximate coordinates.
 */
export function regions(): RegionInfo[];

/**
 * The lowercase hex SHA-256 of `bytes` (an `x-amz-content-sha256` value).
 */
export function sha256Hex(bytes: Uint8Array | number[]): string;

/**
 * Every storage class S3 accepts.
 */
export function storageClasses(): StorageClassInfo[];

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_checksumhasher_free: (a: number, b: number) => void;
    readonly __wbg_s3signer_free: (a: number, b: number) => void;
    readonly checksumBase64: (a: number, b: number, c: number, d: number) => [number, number, number, number];
    readonly checksumhasher_digestBase64: (a: number) => [number, number, number, number];
    readonly checksumhasher_new: (a: number, b: number) => [number, number, number];
    readonly checksumhasher_update: (a: number, b: number, c: number) => [number, number];
    readonly normalizeStorageClass: (a: number, b: number) => [number, number, number, number];
    readonly parseBucketRegion: (a: number, b: number) => [number, number, number, number];
    readonly parseCompleteMultipartUpload: (a: number, b: number) => [number, number, number];
    readonly parseError: (a: number, b: number) => [number, number, number];
    readonly parseInitiateMultipartUpload: (a: number, b: number) => [number, number, number];
    readonly parseListObjects: (a: number, b: number) => [number, number, number];
    readonly parseListParts: (a: number, b: number) => [number, number, number];
    readonly partSizeFor: (a: number, b: number) => [number, number, number];
    readonly regions: () => any;
    readonly s3signer_abortMultipartUpload: (a: number, b: number, c: number, d: number, e: number, f: any) => [number, number, number];
    readonly s3signer_bucketInfo: (a: number) => any;
    readonly s3signer_completeMultipartUpload: (a: number, b: number, c: number, d: number, e: number, f: any, g: any) => [number, number, number];
    readonly s3signer_createMultipartUpload: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly s3signer_headBucket: (a: number, b: any) => [number, number, number];
    readonly s3signer_listObjects: (a: number, b: any) => [number, number, number];
    readonly s3signer_listParts: (a: number, b: number, c: number, d: number, e: number, f: any) => [number, number, number];
    readonly s3signer_new: (a: any) => [number, number, number];
    readonly s3signer_objectUrl: (a: number, b: number, c: number) => [number, number, number, number];
    readonly s3signer_presignDelete: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly s3signer_presignGet: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly s3signer_presignHead: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly s3signer_presignPost: (a: number, b: any) => [number, number, number];
    readonly s3signer_presignPut: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly s3signer_presignUploadPart: (a: number, b: number, c: number, d: number, e: number, f: number, g: any) => [number, number, number];
    readonly s3signer_signRequest: (a: number, b: any) => [number, number, number];
    readonly sha256Hex: (a: number, b: number) => [number, number];
    readonly storageClasses: () => any;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
