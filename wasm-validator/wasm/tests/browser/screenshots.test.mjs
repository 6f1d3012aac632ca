// Renders reference samples (6-НДФЛ, РСВ, УПД) with their check results in
// headless Chromium through the web build, asserts the rendering is there,
// and saves screenshots to tests/artifacts/wasm-render/ (gitignored):
//   node --test wasm-validator/wasm/tests/browser/   (after scripts/build-wasm.sh)
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { FORMATS, REPO, compileInPage, openPage, schemaFiles } from "./harness.mjs";

const SAMPLES = [
  { shot: "6-ndfl", file: "samples/gradosphera/NO_NDFL6.2_romashka.xml", title: /6-НДФЛ/ },
  { shot: "rsv", file: "samples/gradosphera/NO_RASCHSV_romashka.xml", title: /страховым взносам/ },
  { shot: "upd", file: "samples/diadoc/generate_utd970_05_02_01_title0_resp.xml", title: /Универсальный передаточный документ/ },
];

test("rendered reports: screenshots of a 6-НДФЛ, an РСВ and an УПД", async () => {
  const out = join(REPO, "tests/artifacts/wasm-render");
  mkdirSync(out, { recursive: true });
  const schemas = [...schemaFiles("fns"), ...schemaFiles("upd")];
  const files = Object.fromEntries([
    ...schemas.map((s) => [`/schemas/${s.name}`, s.path]),
    ...SAMPLES.map((s) => [`/${s.file}`, join(FORMATS, s.file)]),
  ]);
  const { page, close } = await openPage(files);
  try {
    const forms = await compileInPage(page, schemas.map((s) => ({ name: s.name, url: `/schemas/${s.name}` })));
    assert.ok(forms >= 10, `${forms} forms`);
    for (const s of SAMPLES) {
      const result = await page.evaluate(async ({ url, name }) => {
        const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
        const report = window.v.check(bytes, name, "ru");
        const el = document.getElementById("out");
        const handle = window.v.render(el, bytes, name, report, "ru");
        await handle.done();
        return {
          title: el.querySelector("h1")?.textContent,
          findings: report.findings.length,
          markers: el.querySelectorAll(".podpis-r-section .podpis-r-finding").length,
          links: el.querySelectorAll(".podpis-r-summary a").length,
          sections: el.querySelectorAll("section").length,
        };
      }, { url: `/${s.file}`, name: s.file.split("/").pop() });
      assert.match(result.title, s.title);
      assert.equal(result.links, result.findings, `${s.shot}: summary links`);
      assert.ok(result.markers >= result.findings, `${s.shot}: inline markers`);
      assert.ok(result.sections > 3, `${s.shot}: sections`);
      await page.screenshot({ path: join(out, `${s.shot}.png`), fullPage: false });
      await page.screenshot({ path: join(out, `${s.shot}-full.png`), fullPage: true });
      if (s.shot === "upd") {
        // The goods table: repeated СведТов as rows with columns.
        const wrap = page.locator("caption[title='СведТов']").first().locator("xpath=../..");
        await wrap.scrollIntoViewIfNeeded();
        await wrap.screenshot({ path: join(out, "upd-goods.png") });
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: join(out, `${s.shot}-print.png`), fullPage: false });
      await page.emulateMedia({ media: "screen" });
    }
  } finally {
    await close();
  }
});
