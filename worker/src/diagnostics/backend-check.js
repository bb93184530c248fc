// What the configuration relies on that the bucket's backend lacks. Cloudflare R2
// (https://developers.cloudflare.com/r2/api/s3/api/): no POST policies; checksums only CRC64NVME over a whole
// object and CRC32/CRC32C/SHA-1/SHA-256 as composite (multipart) checksums — so any CHECKSUM_ALGORITHM breaks
// either single PUTs or multipart parts.

import { finding } from "./finding.js";

export function checkBackend(bucket, config) {
  const findings = [];
  if (bucket.backend !== "r2") return findings;
  if (config.anonymousOrigins.size) {
    findings.push(finding("warning", "backend-no-post-policy", bucket.name, "R2 has no POST policy uploads",
      "Uppy's single uploads (/s3/params) and /api/v1/upload/s3/post-policy are refused for this bucket (UnsupportedByBackend)",
      { description: "have clients use /api/v1/upload/s3/signed-url (a PUT) or multipart for this bucket; with Uppy, set shouldUseMultipart: () => true" }));
  }
  if (config.checksumAlgorithm === "CRC64NVME") {
    findings.push(finding("error", "backend-checksum", bucket.name, "R2 takes CRC64NVME only as a whole-object checksum",
      "multipart uploads fail: their parts carry composite CRC64NVME checksums, which R2 refuses",
      { description: "set CHECKSUM_ALGORITHM=none for a deployment with R2 buckets, or use single PUTs only (MULTIPART_THRESHOLD=5GiB)" }));
  } else if (config.checksumAlgorithm) {
    findings.push(finding("error", "backend-checksum", bucket.name, `R2 takes ${config.checksumAlgorithm} only as a composite (multipart) checksum`,
      "single PUT uploads fail: R2 refuses a whole-object checksum of this algorithm",
      { description: "set CHECKSUM_ALGORITHM=CRC64NVME for single PUTs only, or none" }));
  }
  return findings;
}
