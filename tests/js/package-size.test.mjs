// The package's size budgets (scripts/package-size.mjs): each module's .wasm and JS glue, gzip -9, as built.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MODULES, measure } from "../../scripts/package-size.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);

for (const module of MODULES) {
  const { files, gzip } = measure(pkgDir, module);
  const figures = `${files.map((f) => `${f.file} ${f.gzip} B`).join(" + ")} = ${gzip} B gzipped`;
  const overBudget = module.ceiling !== undefined;
  test(`${module.name} is within its budget of ${module.budget / 1024} KB gzipped`, { todo: overBudget && module.over }, (t) => {
    t.diagnostic(`${module.name}: ${figures}`);
    assert.ok(gzip <= module.budget, `${module.name}: ${figures}, over its budget of ${module.budget} B`);
  });
  if (overBudget) {
    test(`${module.name} does not grow past ${(module.ceiling / 1024).toFixed(1)} KB gzipped while over budget`, () => {
      assert.ok(gzip <= module.ceiling, `${module.name}: ${figures}, over its ceiling of ${module.ceiling} B`);
    });
  }
}
