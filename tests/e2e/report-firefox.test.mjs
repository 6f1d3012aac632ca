// Browser tests, Firefox ESR via geckodriver: report forms, checkReport,
// renderReport, packs made by an older Podpis (lib/pack-upgrade-flows.mjs)
// and signing reports with the real add-on (lib/report-flows.mjs).
import { after, before } from "node:test";
import { geckodriverBinary, realComponents } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { FirefoxDriver } from "./lib/firefox.mjs";
import { formatsMissing, reportSigningSuite, reportSuite } from "./lib/report-flows.mjs";
import { packUpgradeSuite } from "./lib/pack-upgrade-flows.mjs";

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.close(); });

const noGecko = geckodriverBinary() ? false : "geckodriver not found (cargo install geckodriver --locked, or set GECKODRIVER)";
const launch = (opts) => FirefoxDriver.launch(opts);
reportSuite("firefox", launch, { skip: noGecko || formatsMissing, server: () => server });
packUpgradeSuite("firefox", launch, { skip: noGecko || formatsMissing, server: () => server });
const { bins, missing } = realComponents();
reportSigningSuite("firefox", launch, { skip: noGecko || formatsMissing || (missing ?? false), bins, server: () => server });
