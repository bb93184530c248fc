// S3's error document, <Error><Code>…</Code><Message>…</Message>…</Error>
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses), read with the
// browser's own XML parser: the page needs two fields, and the signing package that parses it fully is ~160 KB
// gzipped that the page otherwise never loads.

/** `{ code, message }` (either may be null), or null when `text` is not an S3 error document (a proxy's page). */
export function readS3Error(text) {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  // A malformed document comes back as a <parsererror> document rather than an exception.
  if (doc.getElementsByTagName("parsererror").length > 0) return null;
  const root = doc.documentElement;
  if (root?.localName !== "Error") return null;
  const field = (name) => {
    const node = [...root.children].find((child) => child.localName === name);
    return node?.textContent.trim() || null;
  };
  return { code: field("Code"), message: field("Message") };
}
