// Sending a request the signer produced, exactly as signed, and judging the server's answer.
//
// Two transports:
// - fetch (the default): what browsers and workers use. fetch() sends `new URL(url).href`; the suite refuses to
//   send through fetch a URL that the WHATWG parser would rewrite, so what reaches the server is what was signed.
// - node:http: for keys with `.` or `..` path segments. WHATWG URL parsing (inside fetch) removes dot segments
//   (`/a/./b` → `/a/b`, `/a/../b` → `/b`, `%2e` counts as a dot there), so fetch cannot send such a key at all.
//   `http.request({ path })` sends the path byte for byte. S3 itself never normalises key paths.
//
// Content-Length is never taken from the signed headers: like a browser, the transport sets it to the size of the
// body it actually sends, so a signed Content-Length that differs from the body is caught by the server.
import assert from "node:assert/strict";
import { request } from "node:http";
import { parseError } from "../../pkg/s3_edge_signer.js";

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Sends `{ url, method, headers }` with an optional body (string, bytes or FormData).
 * Resolves to `{ status, headers, bytes, text, error }`; `error` is the parsed S3 `<Error>` document, if any.
 */
export async function send(req, { body, headers: extra, transport = "fetch", method } = {}) {
  const headers = { ...req.headers, ...extra };
  delete headers["content-length"];
  for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name];
  const verb = method ?? req.method ?? "GET";
  // fetch() adds an unsigned "Content-Type: text/plain;charset=UTF-8" to a string body; bytes get no such header.
  if (typeof body === "string") body = Buffer.from(body);
  if (body instanceof FormData) {
    // Serialised up front and sent in one write: a server refusing a form answers before reading the file and
    // closes the connection, and fetch() streaming the form in chunks then fails with EPIPE instead of the answer.
    const form = new Response(body);
    headers["content-type"] = form.headers.get("content-type");
    body = Buffer.from(await form.arrayBuffer());
  }
  return transport === "http"
    ? sendHttp(req.url, verb, headers, body)
    : sendFetch(req.url, verb, headers, body);
}

async function sendFetch(url, method, headers, body) {
  const parsed = new URL(url).href;
  if (parsed !== url) {
    throw new Error(`fetch would send ${parsed} instead of the signed ${url}; send it with { transport: "http" }`);
  }
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return answer(res.status, Object.fromEntries(res.headers), bytes);
}

function sendHttp(url, method, headers, body) {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, "$1"); // [::1] → ::1 for http.request
  // The path is cut from the signed URL as a string, never re-serialised by a URL parser.
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  const payload = body === undefined ? undefined : Buffer.from(body);
  const allHeaders = { ...headers };
  if (payload !== undefined) allHeaders["content-length"] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method, headers: allHeaders, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve(answer(res.statusCode, res.headers, Buffer.concat(chunks))));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on("error", reject);
    req.end(payload);
  });
}

function answer(status, headers, bytes) {
  const text = bytes.toString("utf8");
  let error = null;
  if (text.includes("<Error>")) {
    try {
      error = parseError(text);
    } catch (e) {
      error = { code: "(unparsable error document)", message: String(e) };
    }
  }
  return { status, headers, bytes, text, error };
}

function describeAnswer(res) {
  if (res.error) {
    const message = res.error.message.length > 100 ? `${res.error.message.slice(0, 100)}…` : res.error.message;
    return `${res.status} ${res.error.code}: ${message}`;
  }
  return String(res.status);
}

/**
 * Asserts that `server` accepted a correctly signed request (status in `statuses`); a rejection fails the case
 * with the server's error. Prints what was accepted when `t` is given.
 */
export function expectAccepted(t, server, what, res, statuses = [200]) {
  assert.ok(
    statuses.includes(res.status),
    `${server.label} rejected a correctly signed request (${what}): ${describeAnswer(res)}`,
  );
  t?.diagnostic(`${server.label} accepted ${what}: ${res.status}`);
}

/**
 * Asserts that `server` rejected a tampered or invalid request. Shared cases accept any 4xx, since Garage answers
 * 400 or 403 where AWS answers 403. Pass `code` (one or a list) when the server's error code is part of what is
 * being proven, e.g. that the signature passed and a later check refused the request.
 */
export function expectRejected(t, server, what, res, { code } = {}) {
  assert.ok(
    res.status >= 400 && res.status < 500,
    `${server.label} did not reject ${what} with a 4xx: ${describeAnswer(res)}`,
  );
  if (code) {
    const codes = [code].flat();
    assert.ok(codes.includes(res.error?.code), `${server.label} rejected ${what} with ${describeAnswer(res)}, expected ${codes.join(" or ")}`);
  }
  t?.diagnostic(`${server.label} rejected ${what}: ${describeAnswer(res)}`);
}
