//! How failures reach JavaScript: always a JS `Error` whose `code` property is stable (the core's [`Error::code`],
//! or `InvalidOption` for a malformed option object) and whose message names the rule broken.

#[cfg(any(feature = "js", feature = "js-cloudfront"))]
use crate::error::Error;
#[cfg(any(feature = "js", feature = "js-cloudfront"))]
use alloc::string::String;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// What every binding returns: a JS `Error` with a `code` on failure.
pub(crate) type JsResult<T> = Result<T, JsValue>;

/// A JS `Error` with `code` set.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// A core error as a JS `Error`: the same code, and its message. (The checksum module renders its one error itself.)
#[cfg(any(feature = "js", feature = "js-cloudfront"))]
pub(crate) fn core_error(error: Error) -> JsValue {
    js_error(error.code(), &error.message())
}

/// `InvalidOption`: an option object or one of its values is malformed.
#[cfg(any(feature = "js", feature = "js-cloudfront"))]
pub(crate) fn invalid_option(message: String) -> JsValue {
    js_error("InvalidOption", &message)
}
