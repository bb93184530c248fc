// What identifies a local file across page loads, for resuming its upload. Name, size and modification time are
// what the browser offers for free but not enough: another file can share all three (a copy edited and restored,
// two cameras' IMG_0001.JPG). A SHA-256 of the first and last MiB tells such files apart at the cost of reading
// 2 MiB, whatever the file's size; a difference only in the middle is caught later, part by part, when the parts
// S3 holds are checked against the file (upload-resume.js).

import { checksumOfBlob } from "./checksum.js";

const SAMPLE_BYTES = 1024 * 1024;
const SAMPLE_ALGORITHM = "SHA256";

/** `{ name, size, lastModified, sample: { algorithm, value } }` */
export async function fileFingerprint(file, { signal } = {}) {
  const head = file.slice(0, SAMPLE_BYTES);
  // The last MiB, not overlapping the first (a file under 2 MiB is sampled whole).
  const tail = file.slice(Math.max(SAMPLE_BYTES, file.size - SAMPLE_BYTES));
  const value = await checksumOfBlob(SAMPLE_ALGORITHM, new Blob([head, tail]), { signal });
  return { name: file.name, size: file.size, lastModified: file.lastModified, sample: { algorithm: SAMPLE_ALGORITHM, value } };
}

export function sameFile(a, b) {
  return (
    a.name === b.name &&
    a.size === b.size &&
    a.lastModified === b.lastModified &&
    a.sample?.algorithm === b.sample?.algorithm &&
    a.sample?.value === b.sample?.value
  );
}
