// A small fault-injecting HTTP proxy on 127.0.0.1 in front of the local S3 server: it fails the first N matching
// calls (503 SlowDown, a reset connection, no answer at all, CompleteMultipartUpload's "200 with an <Error>
// body", or "lost": forwarded to S3, which acts on it, but its answer never reaches the worker — the request
// whose effect happened although the caller timed out) and forwards everything else unchanged (Host included, so SigV4 signatures made for the proxy's address
// verify at the server).
import http from "node:http";

const SLOW_DOWN = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>FAULT</RequestId></Error>';
const INTERNAL_200 = '<?xml version="1.0" encoding="UTF-8"?>\n\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>FAULT</RequestId></Error>';

export async function startFaultProxy(targetUrl) {
  const target = new URL(targetUrl);
  const rules = [];
  const calls = [];
  const hanging = new Set();
  const server = http.createServer((req, res) => {
    const call = { method: req.method, url: req.url, fault: null };
    calls.push(call);
    const rule = rules.find((r) => r.remaining > 0 && r.match(req));
    if (rule) {
      rule.remaining -= 1;
      call.fault = rule.mode;
      if (rule.mode !== "lost") req.resume();
      if (typeof rule.mode === "object") {
        // A scripted answer: { status, body, headers }.
        res.writeHead(rule.mode.status, { "content-type": "application/xml", ...(rule.mode.headers || {}) });
        return res.end(rule.mode.body || "");
      }
      if (rule.mode === "503") {
        res.writeHead(503, { "content-type": "application/xml" });
        return res.end(SLOW_DOWN);
      }
      if (rule.mode === "reset") return req.socket.destroy();
      if (rule.mode === "hang") {
        hanging.add(res);
        return;
      }
      if (rule.mode === "200-error") {
        res.writeHead(200, { "content-type": "application/xml" });
        return res.end(INTERNAL_200);
      }
      if (rule.mode === "lost") {
        hanging.add(res);
        const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
          call.status = up.statusCode;
          up.resume();
        });
        upstream.on("error", () => {});
        req.pipe(upstream);
        return;
      }
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        call.status = up.statusCode;
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** Fail the next `times` requests that `match(req)` in `mode` (a mode name, or a scripted answer { status, body, headers }). */
    fail(times, mode, match) {
      rules.push({ remaining: times, mode, match });
    },
    reset() {
      rules.length = 0;
      calls.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

// Matchers by S3 operation (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
const q = (req) => new URL(req.url, "http://x").searchParams;
export const op = {
  create: (req) => req.method === "POST" && q(req).has("uploads"),
  complete: (req) => req.method === "POST" && q(req).has("uploadId"),
  abort: (req) => req.method === "DELETE" && q(req).has("uploadId"),
  listParts: (req) => req.method === "GET" && q(req).has("uploadId"),
  headBucket: (req) => req.method === "HEAD",
  any: () => true,
};
