// CloudFront signed URLs and signed cookies, signed with WebCrypto: the core renders the exact policy bytes and
// assembles the URL or cookies from the signature (converting WebCrypto's raw r‖s ECDSA signature to DER); the
// private key never leaves its non-extractable CryptoKey.

import { cloudFrontObjectUrl, finishCloudFrontSignedCookies, finishCloudFrontSignedUrl, prepareCloudFrontSignedCookies, prepareCloudFrontSignedUrl, signing } from "../signer.js";

async function signatureOf(prepared, key) {
  return new Uint8Array(await crypto.subtle.sign(prepared.webCrypto.sign, key, prepared.toSign));
}

const grant = (cf, expiresIn, now) => ({ keyPairId: cf.keyPairId, keyAlgorithm: cf.keyAlgorithm, hashAlgorithm: cf.hashAlgorithm, expiresIn, now });

/** An object's URL on a CDN domain, the key encoded as viewers send it (AWS UriEncode, `/` kept). */
export function cdnObjectUrl(domain, key) {
  return signing("cloudFrontObjectUrl", () => cloudFrontObjectUrl(`https://${domain}`, key));
}

/** A CloudFront signed URL (canned policy) for `key`, valid `expiresIn` seconds: `{ url, expiresAt }`. */
export async function signedCdnUrl(cf, key, expiresIn, now = Date.now()) {
  const prepared = signing("prepareCloudFrontSignedUrl", () => prepareCloudFrontSignedUrl({ url: cdnObjectUrl(cf.domain, key), ...grant(cf, expiresIn, now) }));
  const signature = await signatureOf(prepared, cf.key);
  return { url: signing("finishCloudFrontSignedUrl", () => finishCloudFrontSignedUrl(prepared, signature)), expiresAt: prepared.dateLessThan };
}

/**
 * Signed cookies granting every object under `prefix` (a custom policy on `https://<domain>/<prefix>*`), valid
 * `expiresIn` seconds: `{ resource, cookies, setCookie, expiresAt }`. Cookie attributes: Domain = cookieDomain (a
 * parent domain of both the worker's and the CDN's hosts: a cookie the worker sets reaches the CDN only through a
 * shared parent), Path=/, Secure, HttpOnly, SameSite=Lax (page, worker and CDN are one site), Max-Age = the
 * grant's lifetime.
 */
export async function signedCdnCookies(cf, prefix, expiresIn, now = Date.now()) {
  const resource = `${cdnObjectUrl(cf.domain, prefix)}*`;
  const prepared = signing("prepareCloudFrontSignedCookies", () =>
    prepareCloudFrontSignedCookies({
      resource,
      ...grant(cf, expiresIn, now),
      cookie: { domain: cf.cookieDomain, path: "/", secure: true, httpOnly: true, sameSite: "Lax", maxAge: expiresIn },
    }));
  const signature = await signatureOf(prepared, cf.key);
  const signed = signing("finishCloudFrontSignedCookies", () => finishCloudFrontSignedCookies(prepared, signature));
  return { resource, cookies: signed.cookies, setCookie: signed.setCookie, expiresAt: prepared.dateLessThan };
}
