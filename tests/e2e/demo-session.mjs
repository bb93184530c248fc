// One demo page in a fresh browser, as every e2e test opens it: the returned `finish` takes the screenshots and fails
// the test on sideways scrolling at phone width, on console or page errors the test did not provoke, and on any
// request for the full signing package (the page loads the checksum module only).
import assert from "node:assert/strict";
import { BrowserSession, PHONE } from "./browser.mjs";
import { DemoPage } from "./demo-page.mjs";
import { firstDifference } from "./sample-files.mjs";

/** `viewport`: the window size; `initScript`: a script to run in the page before its own (to change the platform). */
export async function openDemo(t, { viewport, initScript } = {}) {
  const session = await BrowserSession.open({ viewport });
  t.after(() => session.close());
  if (initScript) await session.page.addInitScript(initScript);
  const demo = await new DemoPage(session.page).open();
  const finish = async (name, { expectedErrors = [] } = {}) => {
    const { phoneOverflowPx } = await session.screenshots(name);
    assert.equal(phoneOverflowPx, 0, `the page scrolls sideways by ${phoneOverflowPx}px at ${PHONE.width}px wide`);
    assert.deepEqual(session.unexpectedProblems(expectedErrors), [], "console errors or page errors");
    assert.deepEqual(session.signingPackageRequests(), [], "the page loads the checksum module only, never the signing package");
  };
  return { session, page: session.page, demo, finish };
}

/** Asserts two byte arrays are equal, naming the first differing byte. */
export function assertSameBytes(actual, expected, what) {
  const at = firstDifference(actual, expected);
  assert.equal(at, -1, `${what}: ${actual.length} bytes read back, ${expected.length} sent; first difference at byte ${at}`);
}
