// WASM validator benchmark in headless Chromium (web build, pkg/web):
//   node wasm-validator/wasm/bench/browser-check.mjs --check FILE... --first-screen FILE [--runs 3]
// Prints, per --check file, the median wall time of Validator.check (bytes
// already in the page) and MB/s; for --first-screen, the time from calling
// Validator.render to its return (first screen in the DOM) and to the next
// painted frame, plus the time until the whole document is rendered.
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
  for (const f of checks) {
    const times = await page.evaluate(async ({ url, name, runs }) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const out = [];
      let findings = 0;
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        const report = window.v.check(bytes, name, "ru");
        out.push(performance.now() - t0);
        findings = report.findings.length;
      }
      return { out, findings };
    }, { url: `/doc/${basename(f)}`, name: basename(f), runs });
    const mb = statSync(f).size / 1e6;
    const ms = median(times.out);
    console.log(`wasm-check ${basename(f)} ${mb.toFixed(1)} MB: ${(ms / 1000).toFixed(2)} s median of ${runs} (${times.out.map((t) => (t / 1000).toFixed(2)).join(", ")}), ${(mb / (ms / 1000)).toFixed(1)} MB/s, ${times.findings} findings`);
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
        await handle.done();
        const t3 = performance.now();
        return { call: t1 - t0, painted: t2 - t0, all: t3 - t0, rowsFirst, rows: el.querySelectorAll("tr.podpis-r-row").length };
      }, { url: `/doc/${basename(firstScreen)}`, name: basename(firstScreen) }));
    }
    const m = (k) => median(res.map((x) => x[k]));
    console.log(`wasm-first-screen ${basename(firstScreen)} ${(statSync(firstScreen).size / 1e6).toFixed(1)} MB: render() returned after ${m("call").toFixed(0)} ms, first frame painted after ${m("painted").toFixed(0)} ms (${res[0].rowsFirst} table rows), whole document ${(m("all") / 1000).toFixed(1)} s (${res[0].rows} rows); medians of ${runs}`);
  }
} finally {
  await close();
}
