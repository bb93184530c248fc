// Takes docs/demo.png for the README from the running stack: a finished single PUT, a finished multipart upload, a
// multipart upload caught mid-flight (its last part held on the wire while the picture is taken) and a refused file.
// Real uploads, real answers from the worker and S3; only the moment is chosen.
//
//   source "$S3ES_STATE_DIR/env.sh" && node tests/e2e/readme-screenshot.mjs

import { fileURLToPath } from "node:url";
import { BrowserSession } from "./browser.mjs";
import { DemoPage } from "./demo-page.mjs";
import { allowedTypes, multipartSize, patternBytes, refusedType } from "./sample-files.mjs";

const OUT = fileURLToPath(new URL("../../docs/demo.png", import.meta.url));
const NAMES = {
  png: "harbour-at-dusk.png",
  jpg: "team-offsite.jpg",
  pdf: "annual-report-2026.pdf",
  txt: "server-logs.txt",
  bin: "disk-image.bin",
  mp4: "keynote.mp4",
};

const session = await BrowserSession.open({ viewport: { width: 1100, height: 900 } });
try {
  const demo = await new DemoPage(session.page).open();
  const page = session.page;
  const config = demo.config;
  const types = allowedTypes(config);
  const typeAt = (i) => types[i % types.length];
  const garage = new URL(process.env.S3ES_GARAGE_ENDPOINT ?? "http://127.0.0.1:3900").origin;

  await demo.setConcurrency(2);
  const first = { name: NAMES[typeAt(0).ext], type: typeAt(0).type, seed: 11, size: Math.min(2_400_000, config.multipartThreshold) };
  const second = { name: NAMES[typeAt(1).ext], type: typeAt(1).type, seed: 12, size: multipartSize(config, 3) };
  await demo.drop([first, second]);
  await demo.waitState(first.name, "done");
  await demo.waitState(second.name, "done");

  // Hold the last part of the next upload so that the picture shows progress, parts in flight and time left.
  const size = multipartSize(config, 4);
  const lastPart = String(Math.ceil(size / config.partSize));
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(
    (url) => url.origin === garage && url.searchParams.get("partNumber") === lastPart,
    async (route) => {
      await released;
      await route.continue().catch(() => {});
    },
  );
  const third = { name: NAMES[typeAt(2).ext], type: typeAt(2).type, seed: 13, size };
  const refused = refusedType(config);
  const files = [third];
  if (refused) files.push({ name: `setup.${refused.ext}`, type: refused.type, seed: 14, size: 90_000 });
  await demo.drop(files);
  if (refused) await demo.waitState(files[1].name, "refused");
  await page.waitForFunction(
    (name) => {
      const item = [...document.querySelectorAll("li.upload")].find((li) => li.querySelector(".file-name")?.textContent === name);
      return item && /\d+ of \d+ parts done · 1 in flight/.test(item.querySelector(".detail")?.textContent ?? "") && !item.querySelector(".detail").textContent.startsWith("0 of");
    },
    third.name,
    { timeout: 60_000 },
  );
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: OUT, fullPage: true });
  release();
  await demo.waitFinal(third.name);
  const problems = session.unexpectedProblems([{ url: /\/api\/v1\//, status: 400 }]);
  if (problems.length > 0) throw new Error(`console errors: ${JSON.stringify(problems)}`);
  console.log(`wrote ${OUT}`);
} finally {
  await session.close();
}
