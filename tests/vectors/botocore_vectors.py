#!/usr/bin/env python3
"""Writes tests/vectors/s3-botocore.json: S3 requests signed by botocore (the AWS SDK for Python's signer and request
serialiser, an implementation independent of this crate) with a frozen clock, for the request kinds this file was
written for: SSE-C (key and key MD5), the KMS encryption context, DSSE-KMS and S3 Bucket Keys on presigned PUTs and
header-signed requests; GET and HEAD of one part (`partNumber`); a bucket-level ListObjectsV2, CreateMultipartUpload
and AbortMultipartUpload presigned; and a bucket in the AWS European Sovereign Cloud.

Each case gives botocore the operation's API parameters (`botocore.params`) and gives the crate the same request in
its own terms (`operation` and `options`, or a `spec` for the generic presign), so the vectors test both the
signature and the translation of options into headers and query parameters. The expected method, URL, headers and
body are what botocore produced:

- Presigned: botocore's URL and the headers it signed (the client must send them). botocore writes the operation's
  parameters first and its X-Amz-* parameters after them; the signed canonical query is sorted, and the crate writes
  the URL in that sorted order. `expected.url` is botocore's URL with its (already encoded) parameters put in that
  order, X-Amz-Signature last; `botocore_url` keeps botocore's own string.
- Header-signed: botocore's signed headers and Authorization; the URL likewise with its query in canonical order.
  Payload signing is on (the crate hashes every body it signs), checksums are computed only when the operation
  requires one (`request_checksum_calculation="when_required"`, as for presigned URLs), and botocore's retry headers
  (`amz-sdk-invocation-id`, `amz-sdk-request`) are removed before signing: they are SDK bookkeeping.

Rerun with `python3 tests/vectors/botocore_vectors.py` (needs `pip install botocore`; the version used is recorded
in the file). Nothing is sent: a handler answers every request before it leaves.
"""
import base64
import datetime
import hashlib
import json
import os
from urllib.parse import urlsplit

# Keep the user's AWS configuration, credentials and region out of the run.
for name in list(os.environ):
    if name.startswith("AWS_"):
        del os.environ[name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore  # noqa: E402
import botocore.auth  # noqa: E402
import botocore.session  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from botocore.config import Config  # noqa: E402

NOW = 1763856000  # 2025-11-23T00:00:00Z
FROZEN = datetime.datetime.fromtimestamp(NOW, datetime.timezone.utc).replace(tzinfo=None)
# botocore.auth reads the signing time through this function; freezing it fixes X-Amz-Date and the scope.
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: FROZEN

TEST_CREDS = {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
STS_CREDS = dict(TEST_CREDS, sessionToken="IQoJb3JpZ2luX2VjEXAMPLE/+token==")
BUCKET = {"name": "example-bucket", "region": "eu-west-1"}

# SSE-C: a fixed 32-byte key; the crate takes it and its MD5 as base64, botocore takes the raw key and computes both.
SSE_C_KEY = bytes(range(32))
SSE_C_KEY_B64 = base64.b64encode(SSE_C_KEY).decode()
SSE_C_KEY_MD5_B64 = base64.b64encode(hashlib.md5(SSE_C_KEY).digest()).decode()
# The KMS encryption context is base64 of a JSON object, in the header and in both APIs.
KMS_CONTEXT = base64.b64encode(json.dumps({"tenant": "acme", "purpose": "upload"}, separators=(",", ":")).encode()).decode()
KMS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
SSE_C_PARAMS = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": SSE_C_KEY}
SSE_C_OPTIONS = {"sseCustomerKey": SSE_C_KEY_B64, "sseCustomerKeyMd5": SSE_C_KEY_MD5_B64}

PRESIGN_CASES = [
    dict(name="botocore-presign-put-sse-c", operation="presignPut", key="uploads/secret report.pdf",
         options=dict(expiresIn=900, contentType="application/pdf", contentLength=12345, **SSE_C_OPTIONS),
         botocore=dict(op="put_object", params=dict(ContentType="application/pdf", ContentLength=12345, **SSE_C_PARAMS), expires=900)),
    dict(name="botocore-presign-put-kms-context-bucket-key", operation="presignPut", key="uploads/a.bin",
         options=dict(sse="aws:kms", sseKmsKeyId=KMS_KEY, sseContext=KMS_CONTEXT, sseBucketKeyEnabled=True),
         botocore=dict(op="put_object", params=dict(ServerSideEncryption="aws:kms", SSEKMSKeyId=KMS_KEY, SSEKMSEncryptionContext=KMS_CONTEXT, BucketKeyEnabled=True), expires=3600)),
    dict(name="botocore-presign-put-dsse-kms-session-token", credentials=STS_CREDS, operation="presignPut", key="uploads/b.bin",
         options=dict(expiresIn=600, sse="aws:kms:dsse", sseKmsKeyId=KMS_KEY, sseContext=KMS_CONTEXT),
         botocore=dict(op="put_object", params=dict(ServerSideEncryption="aws:kms:dsse", SSEKMSKeyId=KMS_KEY, SSEKMSEncryptionContext=KMS_CONTEXT), expires=600)),
    dict(name="botocore-presign-put-bucket-key-off", operation="presignPut", key="k",
         options=dict(sse="aws:kms", sseBucketKeyEnabled=False),
         botocore=dict(op="put_object", params=dict(ServerSideEncryption="aws:kms", BucketKeyEnabled=False), expires=3600)),
    dict(name="botocore-presign-get-part-sse-c", operation="presignGet", key="big/movie.mp4",
         options=dict(expiresIn=300, partNumber=2, **SSE_C_OPTIONS),
         botocore=dict(op="get_object", params=dict(PartNumber=2, **SSE_C_PARAMS), expires=300)),
    dict(name="botocore-presign-head-part-version", operation="presignHead", key="big/movie.mp4",
         options=dict(partNumber=10000, versionId="3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"),
         botocore=dict(op="head_object", params=dict(PartNumber=10000, VersionId="3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"), expires=3600)),
    dict(name="botocore-presign-upload-part-sse-c", operation="presignUploadPart", key="big/secret.bin", uploadId="VXBsb2FkIElE+/=", partNumber=7,
         options=dict(contentLength=5242880, **SSE_C_OPTIONS),
         botocore=dict(op="upload_part", params=dict(UploadId="VXBsb2FkIElE+/=", PartNumber=7, ContentLength=5242880, **SSE_C_PARAMS), expires=3600)),
    # The generic presign: S3's own query parameters and headers.
    dict(name="botocore-presign-list-objects-v2-bucket-level", operation="presign",
         spec=dict(method="GET", query={"list-type": "2", "prefix": "uploads/2025/11/", "max-keys": "100", "start-after": "uploads/2025/11/a b+c", "encoding-type": "url"}, expiresIn=120),
         botocore=dict(op="list_objects_v2", params=dict(Prefix="uploads/2025/11/", MaxKeys=100, StartAfter="uploads/2025/11/a b+c", EncodingType="url"), expires=120)),
    dict(name="botocore-presign-create-multipart-upload", operation="presign",
         spec=dict(method="POST", key="big/movie.mp4", query={"uploads": ""}, headers={"Content-Type": "video/mp4", "x-amz-storage-class": "STANDARD_IA"}),
         botocore=dict(op="create_multipart_upload", params=dict(ContentType="video/mp4", StorageClass="STANDARD_IA"), expires=3600)),
    dict(name="botocore-presign-abort-multipart-upload-path-style", bucket={"name": "my.dotted.bucket", "region": "ap-southeast-7"}, operation="presign",
         spec=dict(method="DELETE", key="big/movie.mp4", query={"uploadId": "VXBsb2FkIElE+/="}, expiresIn=60),
         botocore=dict(op="abort_multipart_upload", params=dict(UploadId="VXBsb2FkIElE+/="), expires=60)),
    dict(name="botocore-presign-get-european-sovereign-cloud", bucket={"name": "eu-bucket", "region": "eusc-de-east-1"}, operation="presignGet", key="k/é.txt",
         options=dict(expiresIn=900), botocore=dict(op="get_object", params={}, expires=900)),
    dict(name="botocore-presign-put-european-sovereign-cloud-dualstack", bucket={"name": "eu-bucket", "region": "eusc-de-east-1", "dualstack": True}, operation="presignPut", key="k",
         options=dict(contentType="text/plain"), botocore=dict(op="put_object", params=dict(ContentType="text/plain"), expires=3600)),
]

HEADER_CASES = [
    dict(name="botocore-create-multipart-upload-kms-context-bucket-key", operation="createMultipartUpload", key="big/movie.mp4",
         options=dict(contentType="video/mp4", sse="aws:kms", sseKmsKeyId=KMS_KEY, sseContext=KMS_CONTEXT, sseBucketKeyEnabled=True),
         botocore=dict(op="create_multipart_upload", params=dict(ContentType="video/mp4", ServerSideEncryption="aws:kms", SSEKMSKeyId=KMS_KEY, SSEKMSEncryptionContext=KMS_CONTEXT, BucketKeyEnabled=True)),
         answer=b"<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>"),
    dict(name="botocore-create-multipart-upload-dsse-kms", credentials=STS_CREDS, operation="createMultipartUpload", key="big/b.bin",
         options=dict(sse="aws:kms:dsse", sseKmsKeyId=KMS_KEY, sseContext=KMS_CONTEXT, checksumAlgorithm="CRC32C"),
         botocore=dict(op="create_multipart_upload", params=dict(ServerSideEncryption="aws:kms:dsse", SSEKMSKeyId=KMS_KEY, SSEKMSEncryptionContext=KMS_CONTEXT, ChecksumAlgorithm="CRC32C")),
         answer=b"<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>"),
    dict(name="botocore-create-multipart-upload-sse-c", operation="createMultipartUpload", key="big/secret.bin",
         options=dict(contentType="application/octet-stream", **SSE_C_OPTIONS),
         botocore=dict(op="create_multipart_upload", params=dict(ContentType="application/octet-stream", **SSE_C_PARAMS)),
         answer=b"<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>"),
    # signRequest: the worker's own PUT of a body with SSE-C headers, the body's SHA-256 signed.
    dict(name="botocore-sign-request-put-sse-c-body", operation="signRequest",
         spec=dict(method="PUT", key="notes/secret.txt", body="a secret note\n", headers={
             "content-type": "text/plain",
             "x-amz-server-side-encryption-customer-algorithm": "AES256",
             "x-amz-server-side-encryption-customer-key": SSE_C_KEY_B64,
             "x-amz-server-side-encryption-customer-key-md5": SSE_C_KEY_MD5_B64,
         }),
         botocore=dict(op="put_object", params=dict(ContentType="text/plain", Body=b"a secret note\n", **SSE_C_PARAMS)), answer=b""),
]

RETRY_HEADERS = ("amz-sdk-invocation-id", "amz-sdk-request")


def client_for(case):
    c = case.get("credentials", TEST_CREDS)
    b = case.get("bucket", BUCKET)
    config = Config(
        signature_version="s3v4",
        # The crate's `auto` addressing, spelled out: botocore's own `auto` presigns virtual-hosted URLs on the legacy
        # global endpoint, which the crate never signs for (it redirects other regions' buckets).
        s3={
            "addressing_style": "path" if "." in b["name"] else "virtual",
            "payload_signing_enabled": True,
            "use_dualstack_endpoint": bool(b.get("dualstack")),
        },
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 1},
    )
    session = botocore.session.get_session()
    client = session.create_client(
        "s3", region_name=b["region"], aws_access_key_id=c["accessKeyId"], aws_secret_access_key=c["secretAccessKey"],
        aws_session_token=c.get("sessionToken"), config=config,
    )
    captured = {}

    def before_sign(request, **_):
        for name in RETRY_HEADERS:
            if name in request.headers:
                del request.headers[name]
        captured["request"] = request

    def before_send(request, **_):
        captured["sent"] = request
        raw = case.get("answer", b"")
        return AWSResponse(request.url, 200, {"x-amz-request-id": "0"}, _Raw(raw))

    client.meta.events.register("before-sign.s3", before_sign)
    client.meta.events.register("before-send.s3", before_send)
    return client, captured


class _Raw:
    """The smallest stream AWSResponse reads a body from."""

    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data


def canonical_url(url):
    """botocore's URL with its encoded query parameters in canonical order (X-Amz-Signature last)."""
    parts = urlsplit(url)
    pairs = [p.split("=", 1) if "=" in p else [p, ""] for p in parts.query.split("&") if p]
    signature = [p for p in pairs if p[0] == "X-Amz-Signature"]
    rest = sorted((p for p in pairs if p[0] != "X-Amz-Signature"), key=lambda p: (p[0], p[1]))
    query = "&".join(f"{k}={v}" for k, v in rest + signature)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")


def header_value(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def presign(case):
    client, captured = client_for(case)
    b = case["botocore"]
    params = dict(Bucket=case.get("bucket", BUCKET)["name"], **b["params"])
    if b["op"] != "list_objects_v2":
        params["Key"] = case.get("key") or case["spec"]["key"]
    url = client.generate_presigned_url(b["op"], Params=params, ExpiresIn=b["expires"])
    request = captured["request"]
    signed = parse_signed_headers(url)
    headers = {k.lower(): header_value(v) for k, v in request.headers.items() if k.lower() in signed}
    assert set(headers) | {"host"} == signed, f"{case['name']}: signed {signed}, captured {set(headers)}"
    return {"method": request.method, "url": canonical_url(url), "headers": headers}, url


def parse_signed_headers(url):
    query = urlsplit(url).query
    for pair in query.split("&"):
        if pair.startswith("X-Amz-SignedHeaders="):
            return set(pair.split("=", 1)[1].replace("%3B", ";").split(";"))
    raise AssertionError("no X-Amz-SignedHeaders")


def header_sign(case):
    client, captured = client_for(case)
    b = case["botocore"]
    params = dict(Bucket=case.get("bucket", BUCKET)["name"], Key=case.get("key") or case["spec"]["key"], **b["params"])
    getattr(client, b["op"])(**params)
    sent = captured["sent"]
    authorization = header_value(sent.headers["Authorization"])
    signed = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0].split(";")
    headers = {name: header_value(sent.headers[name]) for name in signed if name != "host"}
    headers["authorization"] = authorization
    body = sent.body
    if hasattr(body, "read"):  # a bytes body is sent from a stream
        body.seek(0)
        body = body.read()
    body = body.decode() if isinstance(body, bytes) else body
    return {"method": sent.method, "url": canonical_url(sent.url), "headers": headers, "body": body or None}


def main():
    cases = []
    for case in PRESIGN_CASES + HEADER_CASES:
        out = {k: v for k, v in case.items() if k not in ("botocore", "answer", "bucket", "credentials")}
        out = {"name": case["name"], "credentials": case.get("credentials", TEST_CREDS), "bucket": case.get("bucket", BUCKET), "now": NOW, **out}
        b = case["botocore"]
        # Recorded before botocore runs: its handlers may replace values (a bytes Body becomes a stream).
        out["botocore"] = {"operation": b["op"], "params": {k: (base64.b64encode(v).decode() if isinstance(v, bytes) else v) for k, v in b["params"].items()}}
        if case in PRESIGN_CASES:
            out["expected"], out["botocore_url"] = presign(case)
        else:
            out["expected"] = header_sign(case)
        cases.append(out)
    doc = {
        "description": "S3 SigV4 vectors signed by botocore with a frozen clock (tests/vectors/botocore_vectors.py): "
        "SSE-C, KMS encryption context, DSSE-KMS, bucket keys, partNumber GET/HEAD, generic presigns "
        "(ListObjectsV2, CreateMultipartUpload, AbortMultipartUpload), the AWS European Sovereign Cloud. "
        "SSE-C byte values in botocore.params are base64 of the raw bytes botocore was given.",
        "generator": "tests/vectors/botocore_vectors.py",
        "botocore_version": botocore.__version__,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(__file__), "s3-botocore.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path} (botocore {botocore.__version__})")


if __name__ == "__main__":
    main()
