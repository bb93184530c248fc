//! Reading plain JS objects (options, configs, parts): their own enumerable entries in one pass, looked up by name
//! in Rust, unknown names refused, each value checked for its type with an `InvalidOption` that names the field.

#[cfg(feature = "js")]
use super::arguments;
use super::errors::{core_error, invalid_option, JsResult};
use crate::time::Timestamp;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// An object key with its options object cross as one string (`flatInput`): the number of options, then each
// option's name and value in NUL-terminated parts, then the key, last and whole (it may hold any character). Reading
// the object property by property costs about half a microsecond per option, and the key on its own one more
// crossing. A value is `s<text>` (a string), `n<digits>` (a whole number in 0..2^53), `t`/`f` (a boolean), `z`
// (null), or `m<count>` followed by that many name and value parts (an object of strings: `checksum`, `metadata`,
// `headers`, `query`). A Date as `now` is its number, and a fractional `now` is cut to whole milliseconds, as
// `Fields::now` does: these are the shapes callers pass, and each used to send the whole object down the slow path
// (a Date cost about 1 µs more per presign). Anything else (a fraction or negative number elsewhere, an invalid Date,
// an array, a NUL in a string, a getter or proxy trap that throws) makes the count `-`, and the object is read
// property by property, which refuses it with the error that names the option. When the key is not a string the
// answer is undefined, and the key is refused as an `InvalidArgument`.
//
// scripts/finish-pkg.mjs inlines this snippet into the package's glue, so the package stays three files. The
// CloudFront module has no hot options object: it reads every object property by property, without this snippet.
#[cfg(feature = "js")]
#[wasm_bindgen(inline_js = r#"
function flatValue(name, value) {
  switch (typeof value) {
    case "string":
      return value.includes("\0") ? undefined : "s" + value + "\0";
    case "number":
      if (name === "now" && value >= 0) value = Math.floor(value);
      return Number.isSafeInteger(value) && value >= 0 ? "n" + value + "\0" : undefined;
    case "boolean":
      return value ? "t\0" : "f\0";
    case "object":
      if (value === null) return "z\0";
      if (value instanceof Date) {
        if (name !== "now") return undefined;
        const time = Date.prototype.getTime.call(value);
        return Number.isSafeInteger(time) && time >= 0 ? "n" + time + "\0" : undefined;
      }
      if (Array.isArray(value)) return undefined;
      let text = "";
      let count = 0;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (typeof item !== "string" || key.includes("\0") || item.includes("\0")) return undefined;
        text += key + "\0" + item + "\0";
        count++;
      }
      return "m" + count + "\0" + text;
  }
  return undefined;
}
function flatOptions(object) {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  let text = "";
  let count = 0;
  try {
    for (const name of Object.keys(object)) {
      const value = object[name];
      if (value === undefined) continue;
      const field = flatValue(name, value);
      if (field === undefined || name.includes("\0")) return undefined;
      text += name + "\0" + field;
      count++;
    }
  } catch {
    return undefined;
  }
  return count + "\0" + text;
}
export function flatInput(key, object) {
  if (typeof key !== "string") return undefined;
  return (object === undefined || object === null ? "0\0" : flatOptions(object) ?? "-\0") + key;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = flatInput)]
    fn flat_input(key: &JsValue, object: &JsValue) -> Option<String>;
}

// Reading an object runs its getters, which may throw. Imported with `catch`, the exception comes back as an `Err`
// (reported as `InvalidOption`) instead of unwinding through the module, which would skip its destructors and
// leave the signer borrowed.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(object: &JsValue) -> Result<Array, JsValue>;
}

/// The own enumerable `[name, value]` pairs of an object (`Object.entries`).
pub(crate) fn own_entries(object: &JsValue, what: &str) -> JsResult<Array> {
    object_entries(object).map_err(|_| unreadable(what))
}

/// The items of an array (checked with `Array.isArray`), read by index: a throwing getter or proxy trap is an
/// `InvalidOption`, and no iterator (which a caller could replace) is run. An array longer than `max` is refused
/// before any item is read (`[].length = 2 ** 32 - 1` is a valid, empty, array).
pub(crate) fn array_items(array: &JsValue, what: &str, max: u32) -> JsResult<Vec<JsValue>> {
    let length = Reflect::get(array, &JsValue::from_str("length"))
        .ok()
        .and_then(|l| l.as_f64())
        .ok_or_else(|| unreadable(what))?;
    if !(0.0..=f64::from(max)).contains(&length) {
        return Err(invalid_option(format!("{what} has more than {max} items")));
    }
    (0..length as u32)
        .map(|i| Reflect::get_u32(array, i).map_err(|_| unreadable(what)))
        .collect()
}

fn unreadable(what: &str) -> JsValue {
    invalid_option(format!(
        "{what} could not be read: reading one of its properties threw"
    ))
}

/// A JS options object. Its own enumerable entries are read in one pass (each `Reflect.get` is a boundary crossing
/// that costs more than a whole signature), then looked up in Rust. Unknown names are refused so that a typo cannot
/// be silently ignored.
pub(crate) struct Fields {
    pub(crate) entries: Vec<(String, Value)>,
    pub(crate) present: bool,
    what: &'static str,
}

/// One option's value: the JS value itself, or decoded from the one-string form of a flat options object (the main
/// module only: the CloudFront module reads every value as a JS value).
#[cfg_attr(not(feature = "js"), allow(dead_code))]
pub(crate) enum Value {
    Js(JsValue),
    Text(String),
    Number(f64),
    Bool(bool),
    Null,
    /// An object whose own enumerable values are all strings, as name/value pairs in their order.
    Map(Vec<(String, String)>),
}

impl Value {
    pub(crate) fn as_string(&self) -> Option<String> {
        match self {
            Value::Js(v) => v.as_string(),
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Js(v) => v.as_f64(),
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Js(v) => v.as_bool(),
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        match self {
            Value::Js(v) => v.is_null(),
            Value::Null => true,
            _ => false,
        }
    }

    /// The JS value, made again for a decoded one (a plain object for a map), for readers that take any JS value.
    pub(crate) fn to_js(&self) -> JsValue {
        match self {
            Value::Js(v) => v.clone(),
            Value::Text(text) => JsValue::from_str(text),
            Value::Number(n) => JsValue::from_f64(*n),
            Value::Bool(b) => JsValue::from_bool(*b),
            Value::Null => JsValue::NULL,
            Value::Map(pairs) => {
                let object = js_sys::Object::new();
                for (name, value) in pairs {
                    let _ =
                        Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
                }
                object.into()
            }
        }
    }
}

impl Fields {
    pub(crate) fn new(value: &JsValue, what: &'static str, allowed: &[&str]) -> JsResult<Self> {
        if value.is_undefined() || value.is_null() {
            return Ok(Fields {
                entries: Vec::new(),
                present: false,
                what,
            });
        }
        if !value.is_object() || Array::is_array(value) {
            return Err(invalid_option(format!("{what} must be a plain object")));
        }
        let mut entries = Vec::new();
        for entry in own_entries(value, what)?.iter() {
            let pair: Array = entry.unchecked_into();
            let (key, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
            if value.is_undefined() {
                continue;
            }
            check_allowed(&key, what, allowed)?;
            entries.push((key, Value::Js(value)));
        }
        Ok(Fields {
            entries,
            present: true,
            what,
        })
    }

    /// [`new`](Self::new) for a nested options object that crossed as a map of strings (`checksum`), or any other
    /// value, which `new` reads or refuses.
    #[cfg(feature = "js")]
    pub(crate) fn from_value(
        value: &Value,
        what: &'static str,
        allowed: &[&str],
    ) -> JsResult<Self> {
        let Value::Map(pairs) = value else {
            return Self::new(&value.to_js(), what, allowed);
        };
        let mut entries = Vec::with_capacity(pairs.len());
        for (name, text) in pairs {
            check_allowed(name, what, allowed)?;
            entries.push((name.clone(), Value::Text(text.clone())));
        }
        Ok(Fields {
            entries,
            present: true,
            what,
        })
    }

    /// An object key and [`new`](Self::new) for the hot options objects: both in one crossing when the options
    /// are flat (see `flatInput`).
    #[cfg(feature = "js")]
    pub(crate) fn with_key(
        key: &JsValue,
        value: &JsValue,
        what: &'static str,
        allowed: &[&str],
    ) -> JsResult<(String, Self)> {
        let text = flat_input(key, value);
        let Some((entries, key)) = text.as_deref().and_then(decode_flat_input) else {
            // Not a string key (the only way flatInput answers undefined), or text not of the expected form.
            return Ok((
                arguments::string(key, "key")?,
                Self::new(value, what, allowed)?,
            ));
        };
        let Some(entries) = entries else {
            return Ok((key.into(), Self::new(value, what, allowed)?));
        };
        for (name, _) in &entries {
            check_allowed(name, what, allowed)?;
        }
        let fields = Fields {
            entries,
            // `flatInput` reads undefined and null as an empty object, as `new` does.
            present: !(value.is_undefined() || value.is_null()),
            what,
        };
        Ok((key.into(), fields))
    }

    pub(crate) fn raw(&self, name: &str) -> Option<JsValue> {
        self.value(name).map(Value::to_js)
    }

    fn value(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    pub(crate) fn string_value(&self, name: &str, v: &Value) -> JsResult<String> {
        v.as_string()
            .ok_or_else(|| invalid_option(format!("{}.{name} must be a string", self.what)))
    }

    pub(crate) fn bool_value(&self, name: &str, v: &Value) -> JsResult<bool> {
        v.as_bool()
            .ok_or_else(|| invalid_option(format!("{}.{name} must be a boolean", self.what)))
    }

    pub(crate) fn integer_value(&self, name: &str, v: &Value) -> JsResult<u64> {
        v.as_f64().and_then(number_to_u64).ok_or_else(|| {
            invalid_option(format!(
                "{}.{name} must be a non-negative integer number (not BigInt, at most 2^53)",
                self.what
            ))
        })
    }

    #[cfg(feature = "js")]
    pub(crate) fn string_map_value(
        &self,
        name: &str,
        v: &Value,
    ) -> JsResult<Vec<(String, String)>> {
        let not_a_map =
            || invalid_option(format!("{}.{name} must be an object of strings", self.what));
        let v = match v {
            Value::Map(pairs) => return Ok(pairs.clone()),
            Value::Js(v) => v,
            _ => return Err(not_a_map()),
        };
        if !v.is_object() || Array::is_array(v) {
            return Err(not_a_map());
        }
        let mut out = Vec::new();
        for entry in own_entries(v, self.what)?.iter() {
            let pair: Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1).as_string().ok_or_else(|| {
                invalid_option(format!("{}.{name}.{key} must be a string", self.what))
            })?;
            out.push((key, value));
        }
        Ok(out)
    }

    pub(crate) fn string(&self, name: &str) -> JsResult<Option<String>> {
        self.value(name)
            .map(|v| self.string_value(name, v))
            .transpose()
    }

    pub(crate) fn required_string(&self, name: &str) -> JsResult<String> {
        self.string(name)?
            .ok_or_else(|| invalid_option(format!("{}.{name} is required", self.what)))
    }

    pub(crate) fn bool(&self, name: &str) -> JsResult<Option<bool>> {
        self.value(name)
            .map(|v| self.bool_value(name, v))
            .transpose()
    }

    pub(crate) fn integer(&self, name: &str) -> JsResult<Option<u64>> {
        self.value(name)
            .map(|v| self.integer_value(name, v))
            .transpose()
    }

    #[cfg(feature = "js")]
    pub(crate) fn string_map(&self, name: &str) -> JsResult<Vec<(String, String)>> {
        self.value(name)
            .map(|v| self.string_map_value(name, v))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// `now`: ms since epoch or a Date; `Date.now()` by default.
    pub(crate) fn now(&self) -> JsResult<Timestamp> {
        let millis = match self.value("now") {
            None => js_sys::Date::now(),
            Some(v) => match v {
                Value::Js(v) => time_millis(v),
                _ => v.as_f64().and_then(valid_millis),
            }
            .ok_or_else(|| {
                invalid_option(format!(
                    "{}.now must be ms since epoch or a Date",
                    self.what
                ))
            })?,
        };
        Timestamp::from_unix_millis(millis as u64).map_err(core_error)
    }
}

fn check_allowed(key: &str, what: &str, allowed: &[&str]) -> JsResult<()> {
    if allowed.contains(&key) {
        return Ok(());
    }
    Err(invalid_option(format!(
        "unknown option \"{key}\" in {what}; allowed: {}",
        allowed.join(", ")
    )))
}

/// Decodes `flatInput`'s text: the number of options (or `-` when they are not flat), then `name`, `<type><text>`
/// pairs, each part NUL-terminated, then the key. The type is `s` (string), `n` (a whole number in 0..2^53, in
/// digits), `t`/`f` (boolean), `z` (null) or `m` (a count of name and value parts that follow). `None` when the text
/// is not of that form.
#[cfg(feature = "js")]
#[allow(clippy::type_complexity)]
fn decode_flat_input(text: &str) -> Option<(Option<Vec<(String, Value)>>, &str)> {
    let (count, mut rest) = text.split_once('\0')?;
    if count == "-" {
        return Some((None, rest));
    }
    let mut next = || {
        let (part, after) = rest.split_once('\0')?;
        rest = after;
        Some(part)
    };
    let count: usize = count.parse().ok()?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let name = next()?;
        let (kind, text) = next()?.split_at_checked(1)?;
        let value = match kind {
            "s" => Value::Text(text.into()),
            // Only whole numbers in 0..2^53 take this form (printed as plain digits), so they read back exactly
            // without a float parser (which would add 14 KB of gzip to the module).
            "n" => Value::Number(text.parse::<u64>().ok()? as f64),
            "t" => Value::Bool(true),
            "f" => Value::Bool(false),
            "z" => Value::Null,
            "m" => {
                let pairs: usize = text.parse().ok()?;
                // Never reserve from the count: the text is the bound.
                let mut map = Vec::new();
                for _ in 0..pairs {
                    map.push((String::from(next()?), String::from(next()?)));
                }
                Value::Map(map)
            }
            _ => return None,
        };
        entries.push((name.into(), value));
    }
    Some((Some(entries), rest))
}

pub(crate) fn number_to_u64(n: f64) -> Option<u64> {
    // Whole when converting to an integer and back gives it again (`f64::fract` needs std).
    ((0.0..=9_007_199_254_740_991.0).contains(&n) && (n as u64) as f64 == n).then_some(n as u64)
}

fn valid_millis(t: f64) -> Option<f64> {
    (t.is_finite() && t >= 0.0).then_some(t)
}

// `Date.prototype.getTime` called on the value itself: `instanceof Date` also holds for an object made with
// `Object.create(Date.prototype)`, on which getTime throws, and js-sys's `get_time` would let that exception unwind
// through the module as an uncoded TypeError. With `catch` it is an `Err`, and the value is refused as any other.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
    fn date_get_time(date: &JsValue) -> Result<f64, JsValue>;
}

pub(crate) fn time_millis(value: &JsValue) -> Option<f64> {
    if value.is_instance_of::<js_sys::Date>() {
        return date_get_time(value).ok().and_then(valid_millis);
    }
    value.as_f64().and_then(valid_millis)
}
