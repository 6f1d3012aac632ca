// The demo cabinet (tests/cabinet) in Firefox ESR with the real add-on,
// podpis-host, SoftHSM2 and the GOST test token: login by certificate
// with RSA, EC and GOST keys; the report's form installed, so the page
// checks and shows it; the report signed and sent with RSA and GOST,
// verified by the cabinet's server (lib/cabinet-flows.mjs).
import { geckodriverBinary, realComponents } from "./lib/env.mjs";
import { FirefoxDriver } from "./lib/firefox.mjs";
import { cabinetBinary } from "./lib/cabinet.mjs";
import { cabinetSuite } from "./lib/cabinet-flows.mjs";

const { bins, missing } = realComponents();
const cabinet = cabinetBinary();
const noDriver = geckodriverBinary() ? false : "geckodriver not found (cargo install geckodriver --locked, or set GECKODRIVER)";
cabinetSuite("firefox", (opts) => FirefoxDriver.launch(opts), {
  skip: noDriver || missing || (cabinet ? false : "podpis-cabinet not built (cargo build -p podpis-cabinet)"),
  bins, cabinet, logins: ["rsa", "ec", "gost256"], signers: ["rsa", "gost256"], forms: true,
});
