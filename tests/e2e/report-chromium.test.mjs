// Browser tests, Chromium (playwright-core, /usr/bin/chromium): report
// forms, checkReport, renderReport, packs made by an older Podpis
// (lib/pack-upgrade-flows.mjs) and signing reports with the real
// extension (lib/report-flows.mjs).
import { after, before } from "node:test";
import { realComponents } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { ChromiumDriver } from "./lib/chromium.mjs";
import { formatsMissing, reportSigningSuite, reportSuite } from "./lib/report-flows.mjs";
import { packUpgradeSuite } from "./lib/pack-upgrade-flows.mjs";

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.close(); });

const launch = (opts) => ChromiumDriver.launch(opts);
reportSuite("chromium", launch, { skip: formatsMissing, server: () => server });
packUpgradeSuite("chromium", launch, { skip: formatsMissing, server: () => server });
const { bins, missing } = realComponents();
reportSigningSuite("chromium", launch, { skip: formatsMissing || (missing ?? false), bins, server: () => server });
