#!/usr/bin/env node
// Browser benchmarks (docs/benchmarks.md, "Browser round trip"); prints
// numbers, asserts nothing, not run in CI.
//
// 1. page → extension → host → page round trip of `podpis.status()`,
//    median and p99, measured in the page with performance.now() (the page
//    is cross-origin isolated for fine timers), against podpis-host and
//    against podpis-echo-host (fixed replies, no work) through the same
//    extension path.
// 2. time from `sign()` to the signature for files of 1 MiB and 100 MiB
//    (RSA-2048 on SoftHSM2, CMS detached, PIN from the scripted pinentry,
//    the preview confirmed as soon as it renders): total in the page, and
//    the part after the click on "Подписать" (upload, hashing, streaming,
//    PIN, signing). The first signature of each size is checked by OpenSSL.
// 3. where a large document's time goes: one 8 MiB upload piece (11 MiB of
//    base64) sent with runtime.sendMessage from an extension page to the
//    background, the message every piece takes page → background.
// 4. memory while signing: the browser's processes' summed PSS (sampled
//    every 100 ms from /proc) before the sign() call and at its peak, and
//    the host's peak RSS (VmHWM).
//
// usage: PODPIS_BIN_DIR=target/release node tests/e2e/bench/browser-bench.mjs
//          [--browsers chromium,firefox] [--rounds 2000] [--sizes 1,100] [--runs 3]
import { loadavg } from "node:os";
import { join } from "node:path";
import { BIN_DIR, realComponents } from "../lib/env.mjs";
import { startServer } from "../lib/server.mjs";
import { ChromiumDriver } from "../lib/chromium.mjs";
import { FirefoxDriver } from "../lib/firefox.mjs";
import { createTokens, SOFTHSM_PIN } from "../lib/tokens.mjs";
import { opensslVerifyCms } from "../lib/verify.mjs";
import { ownTree, procKib } from "../lib/processes.mjs";

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const BROWSERS = arg("browsers", "chromium,firefox").split(",");
const ROUNDS = Number(arg("rounds", "2000"));
const SIZES_MIB = arg("sizes", "1,100").split(",").map(Number);
const RUNS = Number(arg("runs", "3"));
const DRIVERS = { chromium: ChromiumDriver, firefox: FirefoxDriver };

const { bins, missing } = realComponents();
if (missing) { console.error(missing); process.exit(2); }
const echoHost = join(BIN_DIR, "podpis-echo-host");

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/** `status()` ROUNDS times in a row after 100 warm-up calls; per-call times in ms. */
const ROUND_TRIP = `async (p, n) => {
  for (let i = 0; i < 100; i++) await p.status();
  const t = [];
  for (let i = 0; i < n; i++) { const a = performance.now(); await p.status(); t.push(performance.now() - a); }
  return { t, isolated: self.crossOriginIsolated };
}`;

async function roundTrip(tab) {
  const r = await tab.call(ROUND_TRIP, ROUNDS).result();
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const t = r.result.t.sort((a, b) => a - b);
  return { p50: quantile(t, 0.5), p99: quantile(t, 0.99), mean: t.reduce((a, b) => a + b, 0) / t.length, isolated: r.result.isolated };
}

/** runtime.sendMessage of one 8 MiB piece as base64 (refused by the background after validation), median of 5, ms. */
async function pieceMessage(driver) {
  const page = await driver.extensionPage("options.html");
  const t = await page.eval(async () => {
    const s = new Uint8Array(8 * 1024 * 1024).fill(5).toBase64();
    const out = [];
    for (let i = 0; i < 5; i++) {
      const a = performance.now();
      await chrome.runtime.sendMessage({ type: "upload-chunk", upload: "bench", index: 0, data: s }).catch(() => {});
      out.push(performance.now() - a);
    }
    return out.sort((x, y) => x - y)[2];
  });
  await page.close();
  return t;
}

/** Summed PSS (KiB) of the browser's processes: this process tree without the host, pinentry and geckodriver. */
function browserPssKib() {
  return ownTree().filter((p) => p.exe !== bins.host && !/(pinentry|geckodriver)/.test(p.exe))
    .reduce((sum, p) => sum + procKib(p.pid, "smaps_rollup", "Pss"), 0);
}

/** Samples the browser's memory every 100 ms until stop(): {beforeMib, peakMib, hostPeakMib}. */
function sampleMemory() {
  const before = browserPssKib();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, browserPssKib()); }, 100);
  return {
    stop() {
      clearInterval(timer);
      const host = Math.max(0, ...ownTree().filter((p) => p.exe === bins.host).map((p) => procKib(p.pid, "status", "VmHWM")));
      return { beforeMib: before / 1024, peakMib: Math.max(peak, browserPssKib()) / 1024, hostPeakMib: host / 1024 };
    },
  };
}

/** One signature of `mib` MiB: total in the page, the part after the confirm click, memory. */
async function signOnce(driver, tab, fx, mib, verify) {
  fx.pin.answers(SOFTHSM_PIN);
  const mem = sampleMemory();
  const call = tab.call(`(p, a) => {
    const f = new File([new Uint8Array(a.size).fill(5)], "bench.bin");
    const t0 = performance.now();
    return p.sign({ file: f, format: "cms-detached", certificate: a.cert })
      .then((r) => ({ ms: performance.now() - t0, end: Date.now(), signature: a.keep ? r.signature : null }));
  }`, { size: mib * 1024 * 1024, cert: fx.certs.rsa, keep: verify });
  const dlg = await driver.dialog("preview", 120000);
  const clicked = Date.now();
  await dlg.answer("#confirm");
  const r = await call.result();
  const memory = mem.stop();
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  if (verify) opensslVerifyCms(fx, r.result.signature, Buffer.alloc(mib * 1024 * 1024, 5));
  return { total: r.result.ms, afterConfirm: r.result.end - clicked, memory };
}

const server = await startServer({ isolated: true });
const fx = createTokens(bins, [server.origin]);
console.log(`# browser benchmarks  bins=${BIN_DIR}  rounds=${ROUNDS}  load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
try {
  for (const name of BROWSERS) {
    const Driver = DRIVERS[name];
    for (const [label, opts] of [["podpis-echo-host", { echoHost }], ["podpis-host", { host: bins.host, env: fx.hostEnv }]]) {
      const b = await Driver.launch(opts);
      try {
        await b.enableDevSites();
        const tab = await b.open(`${server.origin}/cabinet`);
        const rt = await roundTrip(tab);
        console.log(`${name}\tstatus round trip\t${label}\tp50 ${fmt(rt.p50)}\tp99 ${fmt(rt.p99)}\tmean ${fmt(rt.mean)}\t(crossOriginIsolated ${rt.isolated})`);
        if (label !== "podpis-host") {
          console.log(`${name}\truntime.sendMessage of one 8 MiB upload piece (11 MiB base64)\t${fmt(await pieceMessage(b))}`);
          continue;
        }
        const perm = tab.call("(p) => p.listCertificates()");
        await (await b.dialog("permission")).answer("#allow-always");
        await perm.result();
        for (const mib of SIZES_MIB) {
          const runs = [];
          for (let i = 0; i < RUNS; i++) runs.push(await signOnce(b, tab, fx, mib, i === 0));
          const med = (k) => runs.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
          console.log(`${name}\tsign() ${mib} MiB\tmedian of ${RUNS}\ttotal ${fmt(med("total"))}\tafter confirm ${fmt(med("afterConfirm"))}\truns ${runs.map((x) => Math.round(x.total)).join("/")} ms`);
          const mib0 = (x) => `${Math.round(x)} MiB`;
          console.log(`${name}\tsign() ${mib} MiB\tmemory\tbrowser PSS ${runs.map((x) => `${mib0(x.memory.beforeMib)} → peak ${mib0(x.memory.peakMib)}`).join(", ")}\thost peak RSS ${mib0(Math.max(...runs.map((x) => x.memory.hostPeakMib)))}`);
        }
      } finally {
        await b.close();
      }
    }
  }
} finally {
  await server.close();
}
