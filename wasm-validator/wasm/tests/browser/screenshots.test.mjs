// Renders reference samples (6-НДФЛ, РСВ, УПД) with their check results in
// headless Chromium through the web build, asserts the rendering is there,
// and saves screenshots to tests/artifacts/wasm-render/ (gitignored):
//   node --test wasm-validator/wasm/tests/browser/   (after scripts/build-wasm.sh)
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
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

/** The РСВ sample with `n` insured persons (one element per line, person `bad` with a broken СНИЛС). */
function bigRsv(n, bad) {
  const text = readFileSync(join(FORMATS, "samples/gradosphera/NO_RASCHSV_romashka.xml"), "utf8");
  const person = (i) => `<ПерсСвСтрахЛиц ПрАннулир="1">
<ДанФЛПолуч ИННФЛ="540309840220" СНИЛС="${i === bad ? "ПЛОХОЙ" : "112-233-445 95"}" ДатаРожд="01.01.1980" Гражд="643" Пол="${1 + (i % 2)}" КодВидДок="21" СерНомДок="45 00 ${String(100000 + i)}">
<ФИО Фамилия="Иванов${[...String(i)].map((d) => "абвгдежзик"[d]).join("")}" Имя="Иван" Отчество="Иванович"/>
</ДанФЛПолуч>
<СвВыплСВОПС>
<СвВыпл>
<СвВыплМК Месяц="1" КодКатЛиц="НР" СумВыпл="${i}.00" ВыплОПС="${i}.00" НачислСВ="${(i * 0.22).toFixed(2)}"/>
<СвВыплМК Месяц="2" КодКатЛиц="НР" СумВыпл="${i}.00" ВыплОПС="${i}.00" НачислСВ="${(i * 0.22).toFixed(2)}"/>
<СвВыплМК Месяц="3" КодКатЛиц="НР" СумВыпл="${i}.00" ВыплОПС="${i}.00" НачислСВ="${(i * 0.22).toFixed(2)}"/>
</СвВыпл>
</СвВыплСВОПС>
</ПерсСвСтрахЛиц>
`;
  // The sample's РасчетСВ is empty (<РасчетСВ …/>): the persons go into it.
  const open = text.indexOf("<РасчетСВ");
  const end = text.indexOf("/>", open);
  assert.ok(open > 0 && end > open, "РасчетСВ in the sample");
  const persons = Array.from({ length: n }, (_, i) => person(i + 1)).join("");
  return `${text.slice(0, end)}>\n${persons}</РасчетСВ>${text.slice(end + 2)}`;
}

test("a 10 000-person РСВ: bounded DOM, scrolling, a summary link to row 9 000, printing renders every row", async () => {
  const out = join(REPO, "tests/artifacts/wasm-render");
  mkdirSync(out, { recursive: true });
  const schemas = schemaFiles("fns");
  const { page, close } = await openPage(Object.fromEntries(schemas.map((s) => [`/schemas/${s.name}`, s.path])));
  try {
    await compileInPage(page, schemas.map((s) => ({ name: s.name, url: `/schemas/${s.name}` })));
    const doc = bigRsv(10000, 9000);
    const r = await page.evaluate(async (text) => {
      const bytes = new TextEncoder().encode(text);
      const report = window.v.check(bytes, "rsv-10000.xml", "ru");
      const bad = report.findings.findIndex((f) => f.path.endsWith("ДанФЛПолуч/@СНИЛС"));
      window.firstFindings = [...new Set(report.findings.map((f) => `${f.code} ${f.path}`))].slice(0, 8);
      const el = document.getElementById("out");
      const handle = window.v.render(el, bytes, "rsv-10000.xml", report, "ru");
      window.handle = handle;
      await handle.done();
      await new Promise((res) => setTimeout(res, 300));
      const table = el.querySelector("caption[title='ПерсСвСтрахЛиц']").closest("table");
      window.table = table;
      return { bad, findings: report.findings.length, rows: table.querySelectorAll("tr.podpis-r-row").length, blocks: table.querySelectorAll("tbody.podpis-r-block").length,
        heads: [...table.querySelectorAll("thead th")].map((t) => t.getAttribute("title")), prefix: el.firstElementChild.id };
    }, doc);
    assert.ok(r.bad >= 0, `the broken СНИЛС is found (${r.findings} findings)`);
    assert.ok(r.bad < 200, `the finding is in the summary: ${r.bad} of ${r.findings}: ${JSON.stringify(await page.evaluate(() => window.firstFindings))}`);
    assert.equal(r.blocks, 198);
    assert.ok(r.rows <= 500, `${r.rows} rows in the page`);
    // Labels once, in the header: the person's data are columns.
    for (const h of ["СНИЛС", "ДатаРожд", "ФИО"]) assert.ok(r.heads.includes(h), `${h} column: ${r.heads}`);
    await page.screenshot({ path: join(out, "rsv-10000.png") });
    // Scrolling to the middle: rows 5 001–5 050 come into the page.
    await page.evaluate(() => window.table.querySelector("tbody[data-block='98']").scrollIntoView());
    await page.waitForFunction(() => window.table.querySelector("tbody[data-block='98'] td.podpis-r-num")?.textContent === "5001");
    const mid = await page.evaluate(() => ({ rows: window.table.querySelectorAll("tr.podpis-r-row").length,
      nums: [...window.table.querySelectorAll("tbody[data-block='98'] tr.podpis-r-row > td.podpis-r-num")].map((t) => Number(t.textContent)) }));
    assert.deepEqual(mid.nums, Array.from({ length: 50 }, (_, i) => 5001 + i));
    assert.ok(mid.rows <= 500, `${mid.rows} rows in the page after scrolling`);
    await page.screenshot({ path: join(out, "rsv-10000-scrolled.png") });
    // The summary link to person 9 000's finding.
    await page.evaluate(() => window.scrollTo(0, 0));
    const id = `${r.prefix}-f${r.bad}`;
    assert.equal(await page.locator(`#${id}`).count(), 0, "not in the page before the jump");
    await page.locator(`a[href='#${id}']`).click();
    const jumped = await page.evaluate((id) => {
      const m = document.getElementById(id);
      const row = window.table.querySelector("tr.podpis-r-row.podpis-r-target");
      const rect = m.getBoundingClientRect();
      return { marked: m.classList.contains("podpis-r-target"), row: row?.querySelector("td.podpis-r-num").textContent, top: rect.top, vh: innerHeight };
    }, id);
    assert.ok(jumped.marked);
    assert.equal(jumped.row, "9000");
    assert.ok(jumped.top >= 0 && jumped.top < jumped.vh, `marker in view: ${jumped.top}`);
    await page.screenshot({ path: join(out, "rsv-10000-jump.png") });
    // Printing: every row.
    await page.emulateMedia({ media: "print" });
    await page.waitForFunction(() => window.table.querySelectorAll("tr.podpis-r-row").length === 10000, null, { timeout: 120000 });
    assert.equal(await page.evaluate(() => window.table.querySelectorAll("tbody.podpis-r-gap").length), 0);
    await page.screenshot({ path: join(out, "rsv-10000-print.png") });
    // After printing (Chromium does not report leaving emulated print media): a bounded window again.
    await page.emulateMedia({ media: "screen" });
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    await page.waitForFunction(() => window.table.querySelectorAll("tr.podpis-r-row").length <= 550, null, { timeout: 60000 });
  } finally {
    await close();
  }
});
