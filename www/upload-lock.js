// One owner per S3 upload at a time. Two tabs with the same file (or the same file added twice in one tab) must not
// both resume one upload: each would re-send and complete the other's parts. The Web Locks API holds a named lock
// for as long as the page lives and drops it when the tab closes or reloads; where it is missing (an insecure
// origin), a set of names covers this tab alone.

const held = new Set();

/** A release function, or null when another upload (in any tab of this origin) holds `name`. */
export function tryLock(name) {
  const locks = globalThis.navigator?.locks;
  if (!locks) {
    if (held.has(name)) return Promise.resolve(null);
    held.add(name);
    return Promise.resolve(() => held.delete(name));
  }
  return new Promise((resolve, reject) => {
    locks
      .request(`s3-edge-signer-upload:${name}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        // The lock is held until the promise returned here settles: until the caller releases it.
        return new Promise((release) => resolve(release));
      })
      .catch(reject);
  });
}
