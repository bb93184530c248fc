// Deterministic test bytes (xorshift32), shared by the Node tests and the browser bundle of the Uppy test, so that
// both sides agree on what was uploaded without shipping the data.
export function bytes(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}
