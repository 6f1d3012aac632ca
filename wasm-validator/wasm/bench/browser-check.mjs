// WASM validator benchmark in headless Chromium (web build, pkg/web):
//   node wasm-validator/wasm/bench/browser-check.mjs --check FILE... --first-screen FILE [--runs 3]
// Prints, per --check file, the median wall time of Validator.check (bytes
// already in the page) and MB/s; for --first-screen, the time from calling
// Validator.render to its return (first screen in the DOM) and to the next
// painted frame, plus how many table rows the background chunks add in 2 s.
// Run by scripts/bench-validator.sh, which also times podpis-check and xmllint.
import { basename } from "node:path";
import { statSync } from "node:fs";
import { compileInPage, openPage, schemaFiles } from "../tests/browser/harness.mjs";

const args = process.argv.slice(2);
const checks = []; let firstScreen = null; let runs = 3;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--check") while (args[i + 1] && !args[i + 1].startsWith("--")) checks.push(args[++i]);
  else if (args[i] === "--first-screen") firstScreen = args[++i];
  else if (args[i] === "--runs") runs = Number(args[++i]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const schemas = [...schemaFiles("fns"), ...schemaFiles("upd")];
const files = Object.fromEntries(schemas.map((s) => [`/schemas/${s.name}`, s.path]));
for (const f of [...checks, firstScreen].filter(Boolean)) files[`/doc/${basename(f)}`] = f;
const { page, close } = await openPage(files);
try {
  await compileInPage(page, schemas.map((s) => ({ name: s.name, url: `/schemas/${s.name}` })));
  // CPU time of the page's main thread (CDP Performance.ThreadTime), so the
  // numbers compare with the CPU times of the native tools on a busy machine.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const threadTime = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime")?.value ?? NaN;
  for (const f of checks) {
    await page.evaluate(async ({ url }) => { window.bytes = new Uint8Array(await (await fetch(url)).arrayBuffer()); }, { url: `/doc/${basename(f)}` });
    const wall = [], cpu = [];
    let findings = 0;
    for (let r = 0; r < runs; r++) {
      const c0 = await threadTime();
      const res = await page.evaluate(({ name }) => {
        const t0 = performance.now();
        const report = window.v.check(window.bytes, name, "ru");
        return { ms: performance.now() - t0, findings: report.findings.length };
      }, { name: basename(f) });
      cpu.push((await threadTime()) - c0);
      wall.push(res.ms / 1000);
      findings = res.findings;
    }
    const mb = statSync(f).size / 1e6;
    const c = median(cpu), w = median(wall);
    console.log(`wasm-check ${basename(f)} ${mb.toFixed(1)} MB: ${c.toFixed(2)} s CPU (main thread) median of ${runs} = ${(mb / c).toFixed(1)} MB/s; wall ${w.toFixed(2)} s; ${findings} findings`);
  }
  if (firstScreen) {
    const res = [];
    for (let r = 0; r < runs; r++) {
      res.push(await page.evaluate(async ({ url, name }) => {
        const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
        const el = document.getElementById("out");
        el.textContent = "";
        await new Promise((r) => setTimeout(r, 50));
        const t0 = performance.now();
        const handle = window.v.render(el, bytes, name, undefined, "ru");
        const t1 = performance.now();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t2 = performance.now();
        const rowsFirst = el.querySelectorAll("tr.podpis-r-row").length;
        // The rest renders in the background; time 2 s of it, then stop.
        await new Promise((r) => setTimeout(r, 2000));
        const rows2s = el.querySelectorAll("tr.podpis-r-row").length;
        handle.cancel();
        return { call: t1 - t0, painted: t2 - t0, rowsFirst, rows2s };
      }, { url: `/doc/${basename(firstScreen)}`, name: basename(firstScreen) }));
    }
    const m = (k) => median(res.map((x) => x[k]));
    console.log(`wasm-first-screen ${basename(firstScreen)} ${(statSync(firstScreen).size / 1e6).toFixed(1)} MB: render() returned after ${m("call").toFixed(0)} ms, first frame painted after ${m("painted").toFixed(0)} ms (${res[0].rowsFirst} table rows on it); ${m("rows2s")} rows 2 s later; medians of ${runs}`);
  }
} finally {
  await close();
}
