//! The `SignerConfig` object of `new S3Signer(config)`: credentials and bucket, handed to the core's checks.

use super::errors::{core_error, invalid_option, JsResult};
use super::fields::{time_millis, Fields};
use crate::s3::{Addressing, Backend};
use crate::time::Timestamp;
use crate::{Bucket, BucketConfig, Credentials};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CONFIG: &'static str = r#"
/** Credentials and bucket of an S3Signer. Checked once, at construction. */
export interface SignerConfig {
  accessKeyId: string;
  secretAccessKey: string;
  /** Session token of temporary (STS) credentials. */
  sessionToken?: string;
  /** When temporary credentials expire (ms since epoch, or a Date): URLs never outlive them. */
  credentialsExpireAt?: number | Date;
  bucket: string;
  /** Region of the bucket ("auto" for R2). */
  region: string;
  /** Custom endpoint, e.g. "http://127.0.0.1:3900" or "https://<account>.r2.cloudflarestorage.com". */
  endpoint?: string;
  addressing?: "auto" | "virtual" | "path";
  dualstack?: boolean;
  accelerate?: boolean;
  fips?: boolean;
  backend?: "aws" | "r2" | "generic";
}
"#;

const CONFIG_FIELDS: &[&str] = &[
    "accessKeyId",
    "secretAccessKey",
    "sessionToken",
    "credentialsExpireAt",
    "bucket",
    "region",
    "endpoint",
    "addressing",
    "dualstack",
    "accelerate",
    "fips",
    "backend",
];

/// Reads a `SignerConfig`; the core checks the credentials and the bucket.
pub(crate) fn read(config: &JsValue) -> JsResult<(Credentials, Bucket)> {
    let f = Fields::new(config, "config", CONFIG_FIELDS)?;
    if !f.present {
        return Err(invalid_option(
            "config must be an object with accessKeyId, secretAccessKey, bucket and region".into(),
        ));
    }
    let mut credentials = Credentials::new(
        f.required_string("accessKeyId")?,
        f.required_string("secretAccessKey")?,
    )
    .map_err(core_error)?;
    if let Some(token) = f.string("sessionToken")? {
        credentials = credentials.with_session_token(token).map_err(core_error)?;
    }
    if let Some(v) = f.raw("credentialsExpireAt") {
        let ms = time_millis(&v).ok_or_else(|| {
            invalid_option("config.credentialsExpireAt must be ms since epoch or a Date".into())
        })?;
        credentials =
            credentials.with_expiry(Timestamp::from_unix_millis(ms as u64).map_err(core_error)?);
    }
    let bucket = f.required_string("bucket")?;
    let region = f.string("region")?.unwrap_or_default();
    let endpoint = f.string("endpoint")?;
    let addressing = match f.string("addressing")? {
        Some(a) => Addressing::parse(&a).map_err(core_error)?,
        None => Addressing::Auto,
    };
    let backend = match f.string("backend")? {
        Some(b) => Some(Backend::parse(&b).map_err(core_error)?),
        None => None,
    };
    let bucket = Bucket::new(&BucketConfig {
        name: &bucket,
        region: &region,
        endpoint: endpoint.as_deref(),
        addressing,
        dualstack: f.bool("dualstack")?.unwrap_or(false),
        accelerate: f.bool("accelerate")?.unwrap_or(false),
        fips: f.bool("fips")?.unwrap_or(false),
        backend,
    })
    .map_err(core_error)?;
    Ok((credentials, bucket))
}
