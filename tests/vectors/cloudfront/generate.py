#!/usr/bin/env python3
"""Writes the CloudFront vectors of this directory with botocore, an implementation independent of this crate:

- invalidations.json: CreateInvalidation and GetInvalidation requests exactly as botocore's CloudFront client builds
  and signs them (SigV4, service cloudfront, us-east-1) with its clock frozen: method, URL, body, the headers that
  are signed, and botocore's own canonical request, string to sign and signature.
  https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html
- signed-urls.json: CloudFront signed URLs from botocore's CloudFrontSigner (RSA-SHA1, the scheme it implements),
  the policy signed by `openssl dgst -sha1 -sign` with the test-only key test-rsa-2048.pkcs8.pem. PKCS#1 v1.5
  signatures are deterministic, so the files are stable.
  https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-urls.html

Invalidation paths are given raw; the path CloudFront wants (non-ASCII and RFC 1738 unsafe characters
percent-encoded, nothing else) is computed here with urllib.parse.quote before botocore sees it, so the crate's own
encoder is checked against the standard library's.

Rerun with `python3 tests/vectors/cloudfront/generate.py` (needs botocore and openssl); the botocore version is
recorded in each file.
"""
import datetime
import json
import os
import subprocess
from urllib.parse import quote

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.signers import CloudFrontSigner

HERE = os.path.dirname(os.path.abspath(__file__))
RSA_KEY = os.path.join(HERE, "test-rsa-2048.pkcs8.pem")
CREDENTIALS = {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtestOnly+session/token=="
# RFC 1738's unsafe characters; with controls, space and non-ASCII they are the ones to percent-encode.
UNSAFE = '"<>#{}|\\^[]`'
SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in UNSAFE)


def invalidation_path(raw):
    # quote() leaves SAFE characters (and so existing %XX escapes) alone and writes UTF-8 bytes as uppercase %XX.
    return quote(raw.encode("utf-8"), safe=SAFE)


class Recorder:
    """Freezes botocore's clock, records its signing stages, and stops each request before it is sent."""

    def __init__(self):
        self.stages = {}
        self.request = None
        original_canonical = botocore.auth.SigV4Auth.canonical_request
        original_sts = botocore.auth.SigV4Auth.string_to_sign
        original_signature = botocore.auth.SigV4Auth.signature
        recorder = self

        def canonical_request(auth, request):
            recorder.stages["canonicalRequest"] = original_canonical(auth, request)
            return recorder.stages["canonicalRequest"]

        def string_to_sign(auth, request, canonical):
            recorder.stages["stringToSign"] = original_sts(auth, request, canonical)
            return recorder.stages["stringToSign"]

        def signature(auth, sts, request):
            recorder.stages["signature"] = original_signature(auth, sts, request)
            return recorder.stages["signature"]

        botocore.auth.SigV4Auth.canonical_request = canonical_request
        botocore.auth.SigV4Auth.string_to_sign = string_to_sign
        botocore.auth.SigV4Auth.signature = signature

    def client(self, now, session_token=None):
        frozen = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).replace(tzinfo=None)
        botocore.auth.get_current_datetime = lambda *args, **kwargs: frozen
        session = botocore.session.get_session()
        client = session.create_client(
            "cloudfront",
            region_name="us-east-1",
            aws_access_key_id=CREDENTIALS["accessKeyId"],
            aws_secret_access_key=CREDENTIALS["secretAccessKey"],
            aws_session_token=session_token,
        )

        class Empty:
            def stream(self, **kwargs):
                yield b""

        def before_send(request, **kwargs):
            self.request = request
            return AWSResponse(request.url, 500, {}, Empty())

        client.meta.events.register("before-send", before_send)
        return client

    def run(self, call):
        self.stages, self.request = {}, None
        try:
            call()
        except Exception:  # the stubbed 500 answer: the request was captured before it
            pass
        r = self.request
        signed = {}
        for name, value in r.headers.items():
            lower = name.lower()
            if lower in ("x-amz-date", "authorization", "x-amz-security-token"):
                signed[lower] = value.decode() if isinstance(value, bytes) else value
        body = r.body.decode("utf-8") if r.body else ""
        return {"method": r.method, "url": r.url, "headers": signed, "body": body, **self.stages}


def invalidation_cases(recorder):
    cases = []

    def create(name, now, distribution_id, paths, reference, token=None):
        encoded = [invalidation_path(p) for p in paths]
        client = recorder.client(now, token)
        expected = recorder.run(
            lambda: client.create_invalidation(
                DistributionId=distribution_id,
                InvalidationBatch={"Paths": {"Quantity": len(encoded), "Items": encoded}, "CallerReference": reference},
            )
        )
        case = {"name": name, "operation": "createInvalidation", "now": now, "credentials": dict(CREDENTIALS),
                "distributionId": distribution_id, "paths": paths, "encodedPaths": encoded,
                "callerReference": reference, "expected": expected}
        if token:
            case["credentials"]["sessionToken"] = token
        cases.append(case)

    def get(name, now, distribution_id, invalidation_id, token=None):
        client = recorder.client(now, token)
        expected = recorder.run(lambda: client.get_invalidation(DistributionId=distribution_id, Id=invalidation_id))
        case = {"name": name, "operation": "getInvalidation", "now": now, "credentials": dict(CREDENTIALS),
                "distributionId": distribution_id, "invalidationId": invalidation_id, "expected": expected}
        if token:
            case["credentials"]["sessionToken"] = token
        cases.append(case)

    create("one path", 1796198400, "EDFDVBD6EXAMPLE", ["/index.html"], "deploy-1")
    create(
        "paths needing percent-encoding and XML escaping",
        1796198400,
        "EDFDVBD6EXAMPLE",
        ["/photos/café au lait & crème.jpg", "/docs/it's <draft> #2.pdf", "/a%20b/already encoded.txt", "/q?x=1&y=2"],
        "ref with <angle> & ampersand \"quoted\"",
    )
    create("wildcards with a session token", 1796284799, "E2QWRUHEXAMPLE", ["/images/*", "/*"], "7c1e4d0a-4b0e-4b8e-9d9c-1f2e3d4c5b6a", SESSION_TOKEN)
    get("get an invalidation", 1796198400, "EDFDVBD6EXAMPLE", "I2J0I21PCUYOIK")
    get("get with a session token", 1767225600, "E2QWRUHEXAMPLE", "IDFDVBD632BHDS5", SESSION_TOKEN)
    return cases


def rsa_sha1(message):
    return subprocess.run(["openssl", "dgst", "-sha1", "-sign", RSA_KEY], input=message, capture_output=True, check=True).stdout


def signed_url_cases():
    signer = CloudFrontSigner("K2JCJMDEHXQW5F", rsa_sha1)
    cases = []

    def canned(name, url, expires):
        date = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc)
        policy = signer.build_policy(url, date)
        cases.append({"name": name, "policyType": "canned", "url": url, "keyPairId": "K2JCJMDEHXQW5F",
                      "dateLessThan": expires, "policy": policy,
                      "expected": signer.generate_presigned_url(url, date_less_than=date)})

    def custom(name, url, resource, expires):
        policy = signer.build_policy(resource, datetime.datetime.fromtimestamp(expires, datetime.timezone.utc))
        cases.append({"name": name, "policyType": "custom", "url": url, "resource": resource,
                      "keyPairId": "K2JCJMDEHXQW5F", "dateLessThan": expires, "policy": policy,
                      "expected": signer.generate_presigned_url(url, policy=policy)})

    canned("canned", "https://d111111abcdef8.cloudfront.net/images/horizon.jpg", 1796198400)
    canned("canned, with the URL's own query and encoded key", "https://d111111abcdef8.cloudfront.net/photos/caf%C3%A9%20au%20lait%2B1.jpg?size=large&license=yes", 1796284800)
    custom("custom, wildcard resource", "https://d111111abcdef8.cloudfront.net/videos/intro.mp4?quality=hd", "https://d111111abcdef8.cloudfront.net/videos/*", 1796198400)
    return cases


def write(name, generator, cases):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump({"generator": generator, "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    version = f"botocore {botocore.__version__}"
    write("invalidations.json", version + " (CloudFront client, frozen clock)", invalidation_cases(Recorder()))
    write("signed-urls.json", version + " CloudFrontSigner, signed by openssl dgst -sha1 with test-rsa-2048.pkcs8.pem", signed_url_cases())


if __name__ == "__main__":
    main()
