// Report rendering benchmark in headless Chromium (web build, pkg/web):
//   node wasm-validator/wasm/bench/render-bench.mjs FILE... [--runs 3]
// For each (generated) report: the time `Validator.render` takes to return
// with the first screen, the time until the whole document is read and
// navigable (`done()`), with main-thread CPU (CDP ThreadTime); the DOM and
// HTML size then; the time a jump to a row near the end takes to show it;
// the time `renderAll()` (what printing does) takes and the DOM size after;
// JS heap and WASM memory. Prints numbers, asserts nothing.
import { basename } from "node:path";
import { statSync } from "node:fs";
import { compileInPage, openPage, schemaFiles } from "../tests/browser/harness.mjs";

const args = process.argv.slice(2);
const inputs = []; let runs = 3;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--runs") runs = Number(args[++i]);
  else inputs.push(args[i]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const schemas = schemaFiles("fns");
const files = Object.fromEntries(schemas.map((s) => [`/schemas/${s.name}`, s.path]));
for (const f of inputs) files[`/doc/${basename(f)}`] = f;
const { page, close } = await openPage(files);
try {
  await compileInPage(page, schemas.map((s) => ({ name: s.name, url: `/schemas/${s.name}` })));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  for (const f of inputs) {
    const res = [];
    for (let r = 0; r < runs; r++) {
      await page.evaluate(async ({ url }) => {
        window.bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
        document.getElementById("out").textContent = "";
        window.scrollTo(0, 0);
      }, { url: `/doc/${basename(f)}` });
      await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
      const m0 = await metrics();
      const a = await page.evaluate(async ({ name }) => {
        const el = document.getElementById("out");
        const t0 = performance.now();
        const handle = window.v.render(el, window.bytes, name, undefined, "ru");
        const first = performance.now() - t0;
        await handle.done();
        const done = performance.now() - t0;
        window.handle = handle;
        return { first, done };
      }, { name: basename(f) });
      const m1 = await metrics();
      await page.waitForTimeout(300);
      const dom = await page.evaluate(() => {
        const el = document.getElementById("out");
        return { elements: el.getElementsByTagName("*").length, rows: el.querySelectorAll("tr.podpis-r-row").length, html: el.innerHTML.length, blocks: el.querySelectorAll("tbody.podpis-r-block").length, wasm: window.wasmMemory.buffer.byteLength };
      });
      const m2 = await metrics();
      // Jump near the end: the last block scrolled into view, until its rows are there.
      const jump = await page.evaluate(async () => {
        const blocks = document.querySelectorAll("tbody.podpis-r-block");
        const last = blocks[Math.floor(blocks.length * 0.9)];
        const t0 = performance.now();
        last.scrollIntoView();
        while (!last.querySelector("tr.podpis-r-row")) await new Promise((r) => requestAnimationFrame(r));
        const ms = performance.now() - t0;
        return { ms, first: last.querySelector("td.podpis-r-num").textContent, rows: document.querySelectorAll("#out tr.podpis-r-row").length };
      });
      const print = await page.evaluate(async () => {
        const t0 = performance.now();
        window.handle.renderAll();
        const call = performance.now() - t0;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const el = document.getElementById("out");
        return { call, laidOut: performance.now() - t0, rows: el.querySelectorAll("tr.podpis-r-row").length, elements: el.getElementsByTagName("*").length, html: el.innerHTML.length };
      });
      const m3 = await metrics();
      res.push({ ...a, cpuDone: m1.ThreadTime - m0.ThreadTime, dom, heap: m2.JSHeapUsedSize, nodes: m2.Nodes, jump, print, heapPrint: m3.JSHeapUsedSize });
    }
    const m = (k) => median(res.map(k));
    const mb = (b) => (b / 1048576).toFixed(1);
    const r0 = res[res.length - 1];
    console.log(`render ${basename(f)} ${(statSync(f).size / 1e6).toFixed(1)} MB, medians of ${runs}:`);
    console.log(`  first screen: render() returned after ${m((x) => x.first).toFixed(0)} ms`);
    console.log(`  whole document read and navigable (done()): ${m((x) => x.done).toFixed(0)} ms wall, ${(m((x) => x.cpuDone) * 1000).toFixed(0)} ms main-thread CPU`);
    console.log(`  then in the page: ${r0.dom.rows} table rows, ${r0.dom.blocks} row blocks, ${r0.dom.elements} elements, ${(r0.dom.html / 1e6).toFixed(2)} M chars of HTML; JS heap ${mb(r0.heap)} MB, WASM memory ${mb(r0.dom.wasm)} MB`);
    console.log(`  jump to row ${r0.jump.first}: ${m((x) => x.jump.ms).toFixed(0)} ms until its rows are in the page (${r0.jump.rows} rows in the page then)`);
    console.log(`  renderAll (printing): ${m((x) => x.print.call).toFixed(0)} ms, laid out after ${m((x) => x.print.laidOut).toFixed(0)} ms: ${r0.print.rows} rows, ${r0.print.elements} elements, ${(r0.print.html / 1e6).toFixed(1)} M chars of HTML; JS heap ${mb(r0.heapPrint)} MB`);
  }
} finally {
  await close();
}
