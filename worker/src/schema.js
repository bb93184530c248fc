// Declared input shapes. Every route states the fields it accepts (query, path parameters, JSON body) with one of
// these; the pipeline parses the request once against them, so a handler only ever sees typed, checked values and
// never reads `body.*` itself. Unknown fields are refused (a typo such as `contentLenght` must not pass silently),
// and docs/worker-api.md's field tables are rendered from the same declarations (scripts/api-doc.mjs).
//
// Shapes describe *form* (type, presence, length). Policy rules with their own codes (FileTooLarge,
// ContentTypeNotAllowed, ExpiresOutOfRange …) live in upload-policy.js; a field may name the code its form errors
// carry (`code`) so that one field has one code whatever was wrong with it.

import { ApiError } from "./http.js";

/** @typedef {{ kind: string, required?: boolean, doc?: string, code?: string, secret?: boolean, [k: string]: any }} Shape */

export const shape = {
  /** A string. `max` characters (default 1024); `pattern` a RegExp it must match; "" counts as absent. */
  string: (o = {}) => ({ kind: "string", max: 1024, ...o }),
  /** A whole number (JSON number, or decimal digits in a query string) within [min, max]. */
  integer: (o = {}) => ({ kind: "integer", min: 0, max: Number.MAX_SAFE_INTEGER, ...o }),
  boolean: (o = {}) => ({ kind: "boolean", ...o }),
  /** One of `values` (strings), compared case-insensitively and returned as declared. */
  oneOf: (values, o = {}) => ({ kind: "oneOf", values, ...o }),
  /** An object with exactly these `fields` (unknown ones refused). */
  object: (fields, o = {}) => ({ kind: "object", fields, ...o }),
  /** An array of `items`, `min`…`max` long. */
  array: (items, o = {}) => ({ kind: "array", items, min: 0, max: 10000, ...o }),
  /** An object of string values with free keys (Uppy's `metadata`): at most `maxEntries`, each value ≤ `max`. */
  stringMap: (o = {}) => ({ kind: "stringMap", maxEntries: 32, max: 1024, ...o }),
  /** Either a string or an object of `fields`. */
  stringOrObject: (fields, o = {}) => ({ kind: "stringOrObject", fields, max: 1024, ...o }),
};

const required = (s) => ({ ...s, required: true });
export { required };

function fail(s, path, message) {
  return new ApiError(400, s.code || "InvalidRequest", `\`${path}\` ${message}`);
}

const absent = (v) => v === undefined || v === null;

/**
 * Parses `value` against `s` at `path` (the field name used in messages). `fromQuery`: values are strings from a
 * URL, so integers and booleans are read from their decimal/`true`/`false` text.
 */
export function parseValue(s, value, path, fromQuery = false) {
  if (absent(value) || (value === "" && s.kind !== "boolean")) {
    if (s.required) throw fail(s, path, `is required${s.doc ? ` (${s.doc})` : ""}`);
    return undefined;
  }
  switch (s.kind) {
    case "string": {
      if (typeof value !== "string") throw fail(s, path, "must be a string");
      if (value.length > s.max) throw fail(s, path, `is longer than ${s.max} characters`);
      if (s.pattern && !s.pattern.test(value)) throw fail(s, path, `must be ${s.patternDoc || `of the form ${s.pattern}`}`);
      return value;
    }
    case "integer": {
      let n = value;
      if (fromQuery && typeof value === "string") n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
      if (typeof n !== "number" || !Number.isSafeInteger(n)) throw fail(s, path, "must be an integer");
      if (n < s.min || n > s.max) throw fail(s, path, `must be between ${s.min} and ${s.max}`);
      return n;
    }
    case "boolean": {
      if (fromQuery && (value === "true" || value === "false")) return value === "true";
      if (typeof value !== "boolean") throw fail(s, path, "must be true or false");
      return value;
    }
    case "oneOf": {
      const hit = typeof value === "string" ? s.values.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
      if (hit === undefined) throw fail(s, path, `must be one of ${s.values.join(", ")}`);
      return hit;
    }
    case "object":
      return parseObject(s, value, path, fromQuery);
    case "array": {
      if (!Array.isArray(value)) throw fail(s, path, `must be an array${s.doc ? ` (${s.doc})` : ""}`);
      if (value.length < s.min) throw fail(s, path, s.min === 1 ? "must not be empty" : `must have at least ${s.min} entries`);
      if (value.length > s.max) throw fail(s, path, `has more than ${s.max} entries`);
      return value.map((item, i) => {
        const parsed = parseValue({ ...s.items, required: true }, item, `${path}[${i}]`, fromQuery);
        return parsed;
      });
    }
    case "stringMap": {
      if (typeof value !== "object" || Array.isArray(value)) throw fail(s, path, "must be an object of strings");
      const entries = Object.entries(value);
      if (entries.length > s.maxEntries) throw fail(s, path, `has more than ${s.maxEntries} entries`);
      const out = {};
      for (const [k, v] of entries) {
        if (k.length > 128) throw fail(s, path, "has a name longer than 128 characters");
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean" && v !== null) {
          throw fail(s, `${path}.${k}`, "must be a string");
        }
        const text = v === null ? "" : String(v);
        if (text.length > s.max) throw fail(s, `${path}.${k}`, `is longer than ${s.max} characters`);
        out[k] = text;
      }
      return out;
    }
    case "stringOrObject": {
      if (typeof value === "string") {
        if (value.length > s.max) throw fail(s, path, `is longer than ${s.max} characters`);
        return { message: value };
      }
      return parseObject({ ...s, kind: "object" }, value, path, fromQuery);
    }
    default:
      throw new Error(`schema: unknown kind ${s.kind}`);
  }
}

function parseObject(s, value, path, fromQuery) {
  if (typeof value !== "object" || Array.isArray(value)) throw fail(s, path, `must be an object${s.doc ? ` (${s.doc})` : ""}`);
  const out = {};
  for (const name of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(s.fields, name)) {
      throw new ApiError(400, "UnknownField", `\`${path ? `${path}.` : ""}${name.slice(0, 64)}\` is not a field of this request; accepted: ${Object.keys(s.fields).join(", ")}`);
    }
  }
  for (const [name, fs] of Object.entries(s.fields)) {
    const v = parseValue(fs, value[name], path ? `${path}.${name}` : name, fromQuery);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * Parses URL query parameters against an object shape. A parameter given twice is refused (HTTP parameter
 * pollution: a proxy and the worker could read different copies). Fields of kind `stringMap` with `queryPrefix`
 * collect `prefix[name]=value` parameters (Uppy's `metadata[name]`).
 */
export function parseQuery(s, searchParams) {
  const raw = {};
  const maps = Object.entries(s.fields).filter(([, f]) => f.kind === "stringMap" && f.queryPrefix);
  for (const [name, value] of searchParams) {
    const map = maps.find(([, f]) => name.startsWith(`${f.queryPrefix}[`) && name.endsWith("]"));
    if (map) {
      const inner = name.slice(map[1].queryPrefix.length + 1, -1);
      raw[map[0]] ??= {};
      if (Object.prototype.hasOwnProperty.call(raw[map[0]], inner)) throw new ApiError(400, "InvalidRequest", `the query parameter \`${name.slice(0, 64)}\` is given twice`);
      raw[map[0]][inner] = value;
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(raw, name)) throw new ApiError(400, "InvalidRequest", `the query parameter \`${name.slice(0, 64)}\` is given twice`);
    raw[name] = value;
  }
  return parseObject(s, raw, "", true);
}

/** Rendering for docs/worker-api.md: one line per field, `name` (type, required) — doc. */
export function describe(s, indent = "") {
  if (!s || s.kind !== "object") return [];
  const lines = [];
  for (const [name, f] of Object.entries(s.fields)) {
    lines.push(`${indent}- \`${name}\` (${typeName(f)}${f.required ? ", required" : ""})${f.doc ? ` — ${f.doc}` : ""}`);
    if (f.kind === "object") lines.push(...describe(f, `${indent}  `));
    if (f.kind === "array" && f.items.kind === "object") lines.push(...describe(f.items, `${indent}  `));
    if (f.kind === "stringOrObject") lines.push(...describe({ kind: "object", fields: f.fields }, `${indent}  `));
  }
  return lines;
}

function typeName(f) {
  switch (f.kind) {
    case "string":
      return `string ≤ ${f.max}`;
    case "integer":
      return `integer ${f.min}…${f.max === Number.MAX_SAFE_INTEGER ? "" : f.max}`;
    case "oneOf":
      return f.values.map((v) => JSON.stringify(v)).join(" | ");
    case "array":
      return `array of ${f.items.kind === "object" ? "objects" : typeName(f.items)}, ${f.min}…${f.max}`;
    case "stringMap":
      return f.queryPrefix ? `\`${f.queryPrefix}[name]=value\` parameters` : "object of strings";
    case "stringOrObject":
      return "string or object";
    default:
      return f.kind;
  }
}
