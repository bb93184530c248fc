"""A local stand-in for cloudfront.amazonaws.com, for the worker's invalidation tests.

Every request's SigV4 signature is checked with botocore (an implementation independent of ours): the request is
rebuilt as botocore would send it to https://cloudfront.amazonaws.com (the host the worker signed for), signed
with the known test credentials at the request's own X-Amz-Date, and the Authorization headers must be equal;
otherwise the stub answers 403 SignatureDoesNotMatch as CloudFront does. It answers CreateInvalidation (201,
idempotent by CallerReference) and GetInvalidation (200) with CloudFront's XML.

    python3 cloudfront-stub.py ACCESS_KEY_ID SECRET_ACCESS_KEY   # prints "listening <port>"

Test controls: POST /__fail?count=N&status=S fails the next N API calls with status S; GET /__log lists the calls.
"""

import datetime
import json
import sys
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY, SECRET_KEY = sys.argv[1], sys.argv[2]
NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
state = {"fail": [], "log": [], "by_reference": {}, "invalidations": {}}


def expected_authorization(method, path, headers, body):
    amz_date = headers.get("x-amz-date", "")
    frozen = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *a, **k: frozen
    token = headers.get("x-amz-security-token")
    request = AWSRequest(method=method, url="https://cloudfront.amazonaws.com" + path, data=body or None)
    botocore.auth.SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, token), "cloudfront", "us-east-1").add_auth(request)
    return request.headers["Authorization"]


def error(code, message, status):
    return status, f'<?xml version="1.0"?><ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>stub</RequestId></ErrorResponse>'


def invalidation_xml(inv, status):
    items = "".join(f"<Path>{p.replace('&', '&amp;').replace('<', '&lt;')}</Path>" for p in inv["paths"])
    return (f'<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="{NS}"><Id>{inv["id"]}</Id><Status>{status}</Status>'
            f'<CreateTime>{inv["created"]}</CreateTime><InvalidationBatch><Paths><Quantity>{len(inv["paths"])}</Quantity>'
            f'<Items>{items}</Items></Paths><CallerReference>{inv["reference"]}</CallerReference></InvalidationBatch></Invalidation>')


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="text/xml"):
        data = body.encode()
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_api(self, method):
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("content-length") or 0)) if method == "POST" else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        call = {"method": method, "path": url.path, "verified": False}
        state["log"].append(call)
        if state["fail"]:
            status = state["fail"].pop(0)
            return self.answer(*error("ServiceUnavailable", "injected", status)) if status >= 500 else self.answer(*error("Throttling", "Rate exceeded", status))
        try:
            call["verified"] = headers.get("authorization") == expected_authorization(method, self.path, headers, body)
        except Exception as e:  # a malformed date or header: not a valid signature
            call["error"] = str(e)
        if not call["verified"]:
            return self.answer(*error("SignatureDoesNotMatch", "The request signature we calculated does not match", 403))
        parts = url.path.split("/")
        # /2020-05-31/distribution/{Id}/invalidation[/{InvalidationId}]
        if method == "POST" and len(parts) == 5 and parts[4] == "invalidation":
            batch = ET.fromstring(body)
            paths = [p.text for p in batch.iter(f"{{{NS}}}Path")] or [p.text for p in batch.iter("Path")]
            ref = (batch.findtext(f"{{{NS}}}CallerReference") or batch.findtext("CallerReference"))
            call["paths"] = len(paths)
            inv = state["by_reference"].get(ref)
            if inv is None:
                inv = {"id": f"I{len(state['invalidations']) + 1:013d}", "paths": paths, "reference": ref,
                       "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")}
                state["by_reference"][ref] = inv
                state["invalidations"][inv["id"]] = inv
            return self.answer(201, invalidation_xml(inv, "InProgress"))
        if method == "GET" and len(parts) == 6 and parts[4] == "invalidation":
            inv = state["invalidations"].get(parts[5])
            if inv is None:
                return self.answer(*error("NoSuchInvalidation", "The specified invalidation does not exist.", 404))
            return self.answer(200, invalidation_xml(inv, "Completed"))
        return self.answer(*error("InvalidArgument", "unknown operation", 400))

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path == "/__fail":
            q = parse_qs(url.query)
            state["fail"].extend([int(q["status"][0])] * int(q["count"][0]))
            return self.answer(200, "{}", "application/json")
        return self.handle_api("POST")

    def do_GET(self):
        if urlsplit(self.path).path == "/__log":
            return self.answer(200, json.dumps({"calls": state["log"], "botocore": botocore.__version__}), "application/json")
        return self.handle_api("GET")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
