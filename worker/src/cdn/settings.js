// Per-bucket CloudFront settings (BUCKETS[].cloudfront), validated with the rest of the configuration. The private
// key is a secret (`<privateKey>_PRIVATE_KEY`, a PKCS#8 PEM) imported into WebCrypto as non-extractable: the worker
// signs CloudFront policies with it but can never read it back, and no bignum code ships in the wasm
// (README "CloudFront").

const FIELDS = ["domain", "keyPairId", "keyAlgorithm", "hashAlgorithm", "privateKey", "signedUrls", "cookieDomain", "distributionId", "credentials", "apiEndpoint"];
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** WebCrypto parameters for importKey, by key and hash algorithm (CloudFront: RSA-2048 SHA-1/SHA-256, ECDSA P-256 SHA-256). */
function importParams(keyAlgorithm, hashAlgorithm) {
  return keyAlgorithm === "ECDSA" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: hashAlgorithm === "SHA1" ? "SHA-1" : "SHA-256" };
}

/** Parses `raw` (BUCKETS[i].cloudfront) for bucket `at`; pushes problems; returns the settings without the key. */
export function cloudfrontSettings(raw, at, bucketCredentials, problems) {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${at}.cloudfront must be an object such as { "domain": "d111111abcdef8.cloudfront.net", "keyPairId": "K2JCJMDEHXQW5F" }`);
    return undefined;
  }
  for (const f of Object.keys(raw)) if (!FIELDS.includes(f)) problems.push(`${at}.cloudfront.${f} is not a CloudFront setting (known: ${FIELDS.join(", ")})`);
  const s = {
    domain: typeof raw.domain === "string" ? raw.domain.toLowerCase() : "",
    keyPairId: raw.keyPairId,
    keyAlgorithm: raw.keyAlgorithm ?? "RSA",
    hashAlgorithm: raw.hashAlgorithm ?? "SHA256",
    privateKey: raw.privateKey ?? "CLOUDFRONT",
    signedUrls: raw.signedUrls ?? raw.keyPairId !== undefined,
    cookieDomain: raw.cookieDomain,
    distributionId: raw.distributionId,
    credentials: raw.credentials ?? bucketCredentials,
    apiEndpoint: raw.apiEndpoint,
  };
  if (!HOST.test(s.domain)) problems.push(`${at}.cloudfront.domain must be the distribution's host name, e.g. d111111abcdef8.cloudfront.net`);
  if (s.keyPairId !== undefined && (typeof s.keyPairId !== "string" || !/^[A-Z0-9]{8,32}$/.test(s.keyPairId))) {
    problems.push(`${at}.cloudfront.keyPairId must be the ID of the public key in CloudFront (capital letters and digits, e.g. K2JCJMDEHXQW5F)`);
  }
  if (!["RSA", "ECDSA"].includes(s.keyAlgorithm)) problems.push(`${at}.cloudfront.keyAlgorithm must be RSA or ECDSA`);
  if (!["SHA1", "SHA256"].includes(s.hashAlgorithm)) problems.push(`${at}.cloudfront.hashAlgorithm must be SHA1 or SHA256`);
  if (s.keyAlgorithm === "ECDSA" && s.hashAlgorithm !== "SHA256") problems.push(`${at}.cloudfront: CloudFront accepts ECDSA P-256 keys only with SHA256`);
  if (typeof s.privateKey !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(s.privateKey)) problems.push(`${at}.cloudfront.privateKey must name a secret prefix in capitals, e.g. "CLOUDFRONT" for CLOUDFRONT_PRIVATE_KEY`);
  if (typeof s.signedUrls !== "boolean") problems.push(`${at}.cloudfront.signedUrls must be true or false`);
  if (s.signedUrls && s.keyPairId === undefined) problems.push(`${at}.cloudfront.signedUrls needs keyPairId (and the private key secret)`);
  if (s.cookieDomain !== undefined && (typeof s.cookieDomain !== "string" || !HOST.test(s.cookieDomain))) problems.push(`${at}.cloudfront.cookieDomain must be a domain such as example.com`);
  if (s.distributionId !== undefined && (typeof s.distributionId !== "string" || !/^[A-Z0-9]{6,32}$/.test(s.distributionId))) {
    problems.push(`${at}.cloudfront.distributionId must be the distribution's ID, e.g. EDFDVBD6EXAMPLE`);
  }
  if (typeof s.credentials !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(s.credentials)) problems.push(`${at}.cloudfront.credentials must name a secret prefix in capitals`);
  // For tests: a local stand-in for cloudfront.amazonaws.com. Only loopback, so a configuration mistake can never
  // send signed requests elsewhere.
  if (s.apiEndpoint !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/.test(String(s.apiEndpoint))) {
    problems.push(`${at}.cloudfront.apiEndpoint is for local tests only: http://127.0.0.1:<port>`);
  }
  return s;
}

/**
 * Imports the private key of `settings` from `env` (PKCS#8 PEM) as a non-extractable WebCrypto key. Returns the key
 * and adds the PEM to the secrets never to be answered or logged.
 */
export async function importCloudfrontKey(settings, env, at, problems, secrets) {
  if (!settings || settings.keyPairId === undefined) return undefined;
  const name = `${settings.privateKey}_PRIVATE_KEY`;
  const pem = env[name];
  if (typeof pem !== "string" || !pem.trim()) {
    problems.push(`${at}.cloudfront: ${name} must be set to the CloudFront private key (PKCS#8 PEM): \`scripts/wrangler.sh secret put ${name} < private_key.pem\``);
    return undefined;
  }
  secrets.push(pem.trim());
  if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(pem)) {
    problems.push(`${at}.cloudfront: ${name} is a PKCS#1/SEC1 key; WebCrypto takes PKCS#8: convert it with \`openssl pkcs8 -topk8 -nocrypt -in private_key.pem -out private_key.pkcs8.pem\``);
    return undefined;
  }
  const m = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(pem);
  if (!m) {
    problems.push(`${at}.cloudfront: ${name} is not a PEM private key (-----BEGIN PRIVATE KEY-----)`);
    return undefined;
  }
  try {
    const der = Uint8Array.from(atob(m[1].replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    return await crypto.subtle.importKey("pkcs8", der, importParams(settings.keyAlgorithm, settings.hashAlgorithm), false, ["sign"]);
  } catch {
    problems.push(`${at}.cloudfront: ${name} is not a ${settings.keyAlgorithm === "ECDSA" ? "P-256 ECDSA" : "RSA"} private key in PKCS#8 (check keyAlgorithm)`);
    return undefined;
  }
}
