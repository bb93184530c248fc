//! What the core knows about S3, for JS: every region, every storage class, and the part size for an object.

use super::arguments;
use super::errors::{core_error, invalid_option, JsResult};
use super::fields::number_to_u64;
use super::results::set;
use crate::error::Error;
use crate::s3::{self, StorageClass};
use alloc::string::{String, ToString};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CATALOGUE: &'static str = r#"
export interface RegionInfo {
  code: string; name: string; partition: "aws" | "aws-cn" | "aws-us-gov" | "aws-eusc"; optIn: boolean;
  latitude: number; longitude: number;
}
/** A storage class and what users choose it for (no prices: they change and differ by region). */
export interface StorageClassInfo {
  name: string;
  description: string;
  /** Friendly names that normalizeStorageClass() maps to this class (GLACIER_DEEP_ARCHIVE for DEEP_ARCHIVE). */
  aliases: string[];
  /** Deleted, overwritten or moved earlier, an object is still billed for this many days (0: none). */
  minStorageDays: number;
  /** A smaller object is billed as this many bytes (0: none). */
  minBillableBytes: number;
  /** "immediate", or a restore first taking "minutes-hours" (Glacier Flexible Retrieval) or "hours" (Deep Archive). */
  retrieval: "immediate" | "minutes-hours" | "hours";
  /** Stored across at least this many Availability Zones; null off-region (Outposts, Snow, FSx). */
  availabilityZones: number | null;
  /** Time to first byte, in words. */
  firstByteLatency: string;
}
"#;

/// Every known region with its partition, opt-in flag and approximate coordinates.
#[wasm_bindgen(unchecked_return_type = "RegionInfo[]")]
pub fn regions() -> JsValue {
    let out = Array::new();
    for r in s3::REGIONS {
        let o = Object::new();
        set(&o, "code", r.code);
        set(&o, "name", r.name);
        set(&o, "partition", r.partition.id());
        set(&o, "optIn", r.opt_in);
        set(&o, "latitude", r.latitude);
        set(&o, "longitude", r.longitude);
        out.push(&o);
    }
    out.into()
}

/// Every storage class S3 accepts, with its aliases and what it means for the objects stored in it.
#[wasm_bindgen(js_name = storageClasses, unchecked_return_type = "StorageClassInfo[]")]
pub fn storage_classes() -> JsValue {
    let out = Array::new();
    for c in StorageClass::ALL {
        let o = Object::new();
        let facts = c.facts();
        set(&o, "name", c.as_str());
        set(&o, "description", c.description());
        let aliases: Array = c.aliases().map(JsValue::from_str).collect();
        set(&o, "aliases", aliases);
        set(&o, "minStorageDays", f64::from(facts.min_storage_days));
        set(&o, "minBillableBytes", f64::from(facts.min_billable_bytes));
        set(&o, "retrieval", facts.retrieval.as_str());
        set(
            &o,
            "availabilityZones",
            match facts.availability_zones {
                Some(n) => JsValue::from_f64(f64::from(n)),
                None => JsValue::NULL,
            },
        );
        set(&o, "firstByteLatency", facts.first_byte_latency);
        out.push(&o);
    }
    out.into()
}

/// The canonical storage class for a name or alias (`GLACIER_INSTANT_RETRIEVAL` → `GLACIER_IR`).
#[wasm_bindgen(js_name = normalizeStorageClass)]
pub fn normalize_storage_class(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> JsResult<String> {
    StorageClass::parse(&arguments::string(&name, "name")?)
        .map(|c| c.as_str().to_string())
        .map_err(core_error)
}

/// A part size for an object of `size` bytes: at least `preferred` (within 5 MiB..5 GiB) and large enough for at
/// most 10000 parts. Throws `InvalidMultipart` when no part size fits.
#[wasm_bindgen(js_name = partSizeFor)]
pub fn part_size_for(
    #[wasm_bindgen(unchecked_param_type = "number")] size: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] preferred: JsValue,
) -> JsResult<f64> {
    let size = number_to_u64(arguments::number(&size, "size")?)
        .ok_or_else(|| invalid_option("size must be a non-negative integer".into()))?;
    let preferred = number_to_u64(arguments::number(&preferred, "preferred")?)
        .ok_or_else(|| invalid_option("preferred must be a non-negative integer".into()))?;
    s3::multipart::part_size_for(size, preferred)
        .map(|p| p as f64)
        .ok_or_else(|| {
            core_error(Error::InvalidMultipart {
                rule: "the object is too large for 10000 parts of at most 5 GiB",
            })
        })
}
