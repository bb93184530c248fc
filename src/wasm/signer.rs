//! The `S3Signer` class: each method reads its arguments (the other modules of `wasm/`), calls the core signer once
//! and encodes its answer. Every parameter is a `JsValue` checked in `arguments`, so no JS value can reach the
//! module's memory with a wrong type.

use super::arguments;
use super::config;
use super::errors::{core_error, JsResult};
use super::fields::{number_to_u64, Fields};
use super::options::OwnedObjectOptions;
use super::post_policy;
use super::request::{with_completed_parts, with_presign_spec, with_request_spec};
use super::results::{bucket_info_to_js, presigned_post_to_js, presigned_to_js, signed_to_js};
use crate::error::Error;
use crate::s3;
use alloc::string::String;
use wasm_bindgen::prelude::*;

/// Signs S3 requests for one bucket. Construct once (the configuration is checked here) and reuse: the derived
/// signing key is cached, so each presign costs a few microseconds.
#[wasm_bindgen]
pub struct S3Signer {
    inner: s3::S3Signer,
}

#[wasm_bindgen]
impl S3Signer {
    /// Checks the configuration; throws `InvalidCredentials`, `InvalidBucketName`, `InvalidRegion`,
    /// `InvalidEndpoint` or `InvalidOption`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SignerConfig")] config: JsValue,
    ) -> JsResult<S3Signer> {
        let (credentials, bucket) = config::read(&config)?;
        Ok(S3Signer {
            inner: s3::S3Signer::new(credentials, bucket),
        })
    }

    /// The checked bucket: name, region, host, origin, addressing and backend.
    #[wasm_bindgen(js_name = bucketInfo, unchecked_return_type = "BucketInfo")]
    pub fn bucket_info(&self) -> JsResult<JsValue> {
        bucket_info_to_js(self.inner.bucket())
    }

    /// The unsigned URL of an object (public buckets, or the origin behind a CDN).
    #[wasm_bindgen(js_name = objectUrl)]
    pub fn object_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
    ) -> JsResult<String> {
        let key = arguments::string(&key, "key")?;
        s3::signer::check_object_key(&key).map_err(core_error)?;
        Ok(self.inner.bucket().object_url(&key))
    }

    /// Presigns a GET.
    #[wasm_bindgen(js_name = presignGet, unchecked_return_type = "PresignedRequest")]
    pub fn presign_get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::GetObject, &key, &options)
    }

    /// Presigns a PUT.
    #[wasm_bindgen(js_name = presignPut, unchecked_return_type = "PresignedRequest")]
    pub fn presign_put(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::PutObject, &key, &options)
    }

    /// Presigns a HEAD.
    #[wasm_bindgen(js_name = presignHead, unchecked_return_type = "PresignedRequest")]
    pub fn presign_head(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::HeadObject, &key, &options)
    }

    /// Presigns a DELETE.
    #[wasm_bindgen(js_name = presignDelete, unchecked_return_type = "PresignedRequest")]
    pub fn presign_delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::DeleteObject, &key, &options)
    }

    /// Presigns an UploadPart (part numbers 1..10000).
    #[wasm_bindgen(js_name = presignUploadPart, unchecked_return_type = "PresignedRequest")]
    pub fn presign_upload_part(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] upload_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] part_number: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let upload_id = arguments::string(&upload_id, "uploadId")?;
        let number = number_to_u64(arguments::number(&part_number, "partNumber")?)
            .ok_or_else(|| core_error(Error::InvalidPartNumber { part_number: 0 }))?;
        let (key, owned) = OwnedObjectOptions::read_with_key(&key, &options)?;
        owned.with(|o, now| {
            self.inner
                .presign_upload_part(&key, &upload_id, number, o, now)
                .map_err(core_error)
                .and_then(presigned_to_js)
        })
    }

    /// Builds and signs a POST policy; returns the form URL and fields.
    #[wasm_bindgen(js_name = presignPost, unchecked_return_type = "PresignedPost")]
    pub fn presign_post(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PostPolicyOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        post_policy::with_options(&options, |o, now| {
            self.inner
                .presign_post(o, now)
                .map_err(core_error)
                .and_then(presigned_post_to_js)
        })
    }

    /// Presigns any S3 request: a method, an optional key (none for bucket-level requests such as ListObjectsV2),
    /// query parameters and headers. Only SigV4's own parameters and headers are refused.
    #[wasm_bindgen(js_name = presign, unchecked_return_type = "PresignedRequest")]
    pub fn presign_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PresignSpec")] spec: JsValue,
    ) -> JsResult<JsValue> {
        with_presign_spec(&spec, |spec, now| {
            self.inner
                .presign_request(spec, now)
                .map_err(core_error)
                .and_then(presigned_to_js)
        })
    }

    /// Signs any request in header mode for `fetch` (the worker's own S3 calls).
    #[wasm_bindgen(js_name = signRequest, unchecked_return_type = "SignedRequest")]
    pub fn sign_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestSpec")] spec: JsValue,
    ) -> JsResult<JsValue> {
        with_request_spec(&spec, |spec, now| {
            self.inner
                .sign_request(spec, now)
                .map_err(core_error)
                .and_then(signed_to_js)
        })
    }

    /// CreateMultipartUpload as a header-signed request.
    #[wasm_bindgen(js_name = createMultipartUpload, unchecked_return_type = "SignedRequest")]
    pub fn create_multipart_upload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let (key, owned) = OwnedObjectOptions::read_with_key(&key, &options)?;
        owned.with(|o, now| {
            self.inner
                .create_multipart_upload(&key, o, now)
                .map_err(core_error)
                .and_then(signed_to_js)
        })
    }

    /// CompleteMultipartUpload with the XML body built from `parts`.
    #[wasm_bindgen(js_name = completeMultipartUpload, unchecked_return_type = "SignedRequest")]
    pub fn complete_multipart_upload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] upload_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CompletedPart[]")] parts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let key = arguments::string(&key, "key")?;
        let upload_id = arguments::string(&upload_id, "uploadId")?;
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        with_completed_parts(&parts, |parts| {
            self.inner
                .complete_multipart_upload(&key, &upload_id, parts, now)
                .map_err(core_error)
                .and_then(signed_to_js)
        })
    }

    /// AbortMultipartUpload.
    #[wasm_bindgen(js_name = abortMultipartUpload, unchecked_return_type = "SignedRequest")]
    pub fn abort_multipart_upload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] upload_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let key = arguments::string(&key, "key")?;
        let upload_id = arguments::string(&upload_id, "uploadId")?;
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        self.inner
            .abort_multipart_upload(&key, &upload_id, now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// ListParts (one page).
    #[wasm_bindgen(js_name = listParts, unchecked_return_type = "SignedRequest")]
    pub fn list_parts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] upload_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ListPartsOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let key = arguments::string(&key, "key")?;
        let upload_id = arguments::string(&upload_id, "uploadId")?;
        let f = Fields::new(
            &options,
            "options",
            &["now", "partNumberMarker", "maxParts"],
        )?;
        self.inner
            .list_parts(
                &key,
                &upload_id,
                f.integer("partNumberMarker")?,
                f.integer("maxParts")?,
                f.now()?,
            )
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// ListMultipartUploads (one page of the uploads in progress).
    #[wasm_bindgen(js_name = listMultipartUploads, unchecked_return_type = "SignedRequest")]
    pub fn list_multipart_uploads(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListMultipartUploadsOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let f = Fields::new(
            &options,
            "options",
            &["now", "prefix", "keyMarker", "uploadIdMarker", "maxUploads"],
        )?;
        let prefix = f.string("prefix")?;
        let key_marker = f.string("keyMarker")?;
        let upload_id_marker = f.string("uploadIdMarker")?;
        self.inner
            .list_multipart_uploads(
                prefix.as_deref(),
                key_marker.as_deref(),
                upload_id_marker.as_deref(),
                f.integer("maxUploads")?,
                f.now()?,
            )
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// HeadBucket (region discovery: read `x-amz-bucket-region` from the answer).
    #[wasm_bindgen(js_name = headBucket, unchecked_return_type = "SignedRequest")]
    pub fn head_bucket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        self.inner
            .head_bucket(now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// GetBucketCors (parse the answer with `parseCorsConfiguration`; 404 `NoSuchCORSConfiguration` with
    /// `parseError`).
    #[wasm_bindgen(js_name = getBucketCors, unchecked_return_type = "SignedRequest")]
    pub fn get_bucket_cors(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        self.inner
            .get_bucket_cors(now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// GetBucketLifecycleConfiguration (parse the answer with `parseLifecycleConfiguration`; 404
    /// `NoSuchLifecycleConfiguration` with `parseError`).
    #[wasm_bindgen(js_name = getBucketLifecycle, unchecked_return_type = "SignedRequest")]
    pub fn get_bucket_lifecycle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        self.inner
            .get_bucket_lifecycle(now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// ListObjectsV2 (one page).
    #[wasm_bindgen(js_name = listObjects, unchecked_return_type = "SignedRequest")]
    pub fn list_objects(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListObjectsOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let f = Fields::new(&options, "options", &["now", "prefix", "continuationToken"])?;
        let prefix = f.string("prefix")?;
        let token = f.string("continuationToken")?;
        self.inner
            .list_objects_v2(prefix.as_deref(), token.as_deref(), f.now()?)
            .map_err(core_error)
            .and_then(signed_to_js)
    }
}

impl S3Signer {
    fn presign(
        &self,
        operation: s3::Operation,
        key: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        let (key, owned) = OwnedObjectOptions::read_with_key(key, options)?;
        owned.with(|o, now| {
            self.inner
                .presign(operation, &key, o, now)
                .map_err(core_error)
                .and_then(presigned_to_js)
        })
    }
}
