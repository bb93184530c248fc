// The npm package in Deno: `await init()` loading the .wasm next to the module (as in a browser), then the
// repository's presign vectors byte-exact and the error contract.
import init, { S3Signer, checksumBase64 } from "../../pkg/s3_edge_signer.js";

const vectors = JSON.parse(await Deno.readTextFile(new URL("../vectors/s3.json", import.meta.url)));
const botocoreVectors = JSON.parse(await Deno.readTextFile(new URL("../vectors/s3-botocore.json", import.meta.url)));
await init();

// JSON with sorted object keys: header order is not part of the contract.
function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
}

function assertEquals(actual: unknown, expected: unknown, what: string) {
  const [a, e] = [canonical(actual), canonical(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

Deno.test("presign vectors through the package in Deno", () => {
  let checked = 0;
  for (const c of [...vectors.cases, ...botocoreVectors.cases]) {
    if (!["presignGet", "presignPut", "presignHead", "presignDelete"].includes(c.operation)) continue;
    const { name, ...bucket } = c.bucket;
    const s = new S3Signer({ ...c.credentials, bucket: name, ...bucket });
    const opts = { ...(c.options ?? {}), now: c.now * 1000 };
    const r = (s as unknown as Record<string, (k: string, o: unknown) => { url: string; headers: unknown }>)[c.operation](c.key, opts);
    assertEquals(r.url, c.expected.url, `${c.name} url`);
    assertEquals(r.headers, c.expected.headers, `${c.name} headers`);
    checked++;
  }
  if (checked < 16) throw new Error(`only ${checked} vectors ran`);
});

Deno.test("errors carry a stable code in Deno", () => {
  const s = new S3Signer({ accessKeyId: "AKID", secretAccessKey: "s", bucket: "b-1", region: "eu-west-1" });
  try {
    s.presignPut("", {});
    throw new Error("no error thrown");
  } catch (e) {
    assertEquals((e as { code?: string }).code, "InvalidObjectKey", "code");
  }
  assertEquals(checksumBase64("SHA256", new TextEncoder().encode("abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", "sha256");
});
