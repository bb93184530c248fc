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
pub(crate) fn number(value: &JsValue, name: &str) -> JsResult<f64> {
    value
        .as_f64()
        .ok_or_else(|| wrong_type(value, name, "a number"))
}

/// A byte array parameter: a `Uint8Array` (a Node `Buffer` is one).
pub(crate) fn bytes<'a>(value: &'a JsValue, name: &str) -> JsResult<&'a Uint8Array> {
    value
        .dyn_ref::<Uint8Array>()
        .ok_or_else(|| wrong_type(value, name, "a Uint8Array"))
}

/// `InvalidArgument`: "<name> must be <expected>, not <what was given>".
fn wrong_type(value: &JsValue, name: &str, expected: &str) -> JsValue {
    let given = if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_symbol() {
        "a Symbol"
    } else if value.is_bigint() {
        "a BigInt"
    } else if value.is_function() {
        "a function"
    } else {
        "an object of another type"
    };
    let mut message = String::with_capacity(64);
    for piece in [name, " must be ", expected, ", not ", given] {
        message.push_str(piece);
    }
    js_error("InvalidArgument", &message)
}
