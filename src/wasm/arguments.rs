//! Positional parameters, as plain JavaScript may pass them. Each is taken as a `JsValue` and its type checked here:
//! for a `&str` or `&[u8]` parameter the generated glue copies whatever it is given with the length it reads from it
//! (a number has none: the module traps with "memory access out of bounds"), and for an `f64` it converts with
//! `Number()` (a Symbol or a BigInt throws an uncoded TypeError). A wrong type is instead an `InvalidArgument` error
//! that names the parameter and the type expected.

use super::errors::{js_error, JsResult};
use alloc::string::String;
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

/// A string parameter.
pub(crate) fn string(value: &JsValue, name: &str) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| wrong_type(value, name, "a string"))
}

/// A number parameter (its range is the core's to check).
#[cfg(feature = "js")]
pub(crate) fn number(value: &JsValue, name: &str) -> JsResult<f64> {
    value
        .as_f64()
        .ok_or_else(|| wrong_type(value, name, "a number"))
}

/// A byte array parameter: a `Uint8Array` (a Node `Buffer` is one).
#[cfg(any(feature = "js", feature = "js-checksum"))]
pub(crate) fn bytes<'a>(value: &'a JsValue, name: &str) -> JsResult<&'a Uint8Array> {
    value
        .dyn_ref::<Uint8Array>()
        .ok_or_else(|| wrong_type(value, name, "a Uint8Array"))
}

/// An array parameter (checked with `Array.isArray`); its items are read with `fields::array_items`.
#[cfg(feature = "js")]
pub(crate) fn array<'a>(value: &'a JsValue, name: &str) -> JsResult<&'a JsValue> {
    if js_sys::Array::is_array(value) {
        Ok(value)
    } else {
        Err(wrong_type(value, name, "an array"))
    }
}

/// A byte parameter that may also be an `ArrayBuffer`: what `crypto.subtle.sign` resolves to can be passed as it is.
#[cfg(feature = "js-cloudfront")]
pub(crate) fn buffer_source(value: &JsValue, name: &str) -> JsResult<alloc::vec::Vec<u8>> {
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| wrong_type(value, name, "a Uint8Array or an ArrayBuffer"))
}

/// `InvalidArgument`: "<name> must be <expected>, got <typeof of what was given>" (`null` for null, whose typeof is
/// "object"). One `typeof` rather than a test per type: each is a JS import, and the checksum module counts bytes.
fn wrong_type(value: &JsValue, name: &str, expected: &str) -> JsValue {
    let given = match value.is_null() {
        true => String::from("null"),
        false => value.js_typeof().as_string().unwrap_or_default(),
    };
    let mut message = String::with_capacity(64);
    for piece in [name, " must be ", expected, ", got ", &given] {
        message.push_str(piece);
    }
    js_error("InvalidArgument", &message)
}
