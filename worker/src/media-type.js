// Which media types an upload may declare. The declared Content-Type is signed exactly as the client will send it,
// and S3 serves it back on every GET — so an allowed type is what a browser will later render from the bucket or
// its CDN domain. Types a browser renders as an active document (HTML, SVG, XML with its namespaces, script) run
// script with the origin of the domain that serves them: a stored cross-site-scripting hole when that domain is on
// the app's own site. Wildcards (`image/*`, `*/*`) never admit them; an operator may list one by name, and uploads
// of it are then signed with `Content-Disposition: attachment` so browsers download instead of rendering.

import { ApiError } from "./http.js";

// RFC 9110 §8.3.1 media type: type "/" subtype, each an RFC 9110 token, optional parameters.
const TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const MEDIA_TYPE = new RegExp(`^(${TOKEN})/(${TOKEN})(\\s*;\\s*${TOKEN}=("[^"\\\\\\r\\n]*"|${TOKEN}))*$`);

// Rendered as documents that can run script (WHATWG HTML "navigate" → HTML/XML/SVG document loading; MHTML and
// XUL where supported), or executed as script when included by type. Checked on the lowercased type/subtype.
const ACTIVE = new Set([
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "text/xml",
  "application/xml",
  "text/xsl",
  "application/xslt+xml",
  "text/javascript",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "text/ecmascript",
  "text/jscript",
  "text/x-component",
  "application/hta",
  "multipart/x-mixed-replace",
  "message/rfc822",
  "multipart/related",
  "application/vnd.mozilla.xul+xml",
  "application/x-shockwave-flash",
]);

/** Whether `type/subtype` is active content. Every `+xml` suffix counts: XML documents render with script. */
export function isActiveContent(essence) {
  return ACTIVE.has(essence) || essence.endsWith("+xml");
}

/** The lowercased `type/subtype` of a well-formed media type, or null. */
export function essenceOf(contentType) {
  if (typeof contentType !== "string" || contentType.length > 255 || !MEDIA_TYPE.test(contentType)) return null;
  return contentType.split(";")[0].trim().toLowerCase();
}

/**
 * Checks `contentType` against the allow-list. Returns `{ contentType, contentDisposition }`: the type unchanged
 * (signed as sent) and `"attachment"` for active content that the operator listed by name.
 */
export function decideContentType(contentType, allowed) {
  const essence = essenceOf(contentType);
  if (!essence) throw new ApiError(400, "InvalidRequest", "`contentType` must be a media type such as image/png");
  const active = isActiveContent(essence);
  const [type, sub] = essence.split("/");
  const match = allowed.find((pattern) => {
    const [pt, ps] = pattern.split("/");
    if (pattern === essence) return true;
    return !active && (pt === "*" || pt === type) && (ps === "*" || ps === sub);
  });
  if (!match) {
    const why = active && allowed.some((p) => p.includes("*") && (p === "*/*" || p.split("/")[0] === type))
      ? `; ${essence} can run script in a browser, so wildcards never admit it (the operator may list it by name, and it is then served as a download)`
      : "";
    throw new ApiError(400, "ContentTypeNotAllowed", `content type ${essence} is not allowed${why}; allowed: ${allowed.join(", ")}`);
  }
  return { contentType, contentDisposition: active ? "attachment" : undefined };
}
