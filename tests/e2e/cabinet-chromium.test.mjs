// The demo cabinet (tests/cabinet) in Chromium with the real extension,
// podpis-host, SoftHSM2 and the GOST test token: login by certificate
// with RSA, EC and GOST keys; the report's form installed, so the page
// checks and shows it; the report signed and sent with RSA and GOST,
// verified by the cabinet's server (lib/cabinet-flows.mjs).
import { realComponents } from "./lib/env.mjs";
import { ChromiumDriver } from "./lib/chromium.mjs";
import { cabinetBinary } from "./lib/cabinet.mjs";
import { cabinetSuite } from "./lib/cabinet-flows.mjs";

const { bins, missing } = realComponents();
const cabinet = cabinetBinary();
cabinetSuite("chromium", (opts) => ChromiumDriver.launch(opts), {
  skip: missing || (cabinet ? false : "podpis-cabinet not built (cargo build -p podpis-cabinet)"),
  bins, cabinet, logins: ["rsa", "ec", "gost256"], signers: ["rsa", "gost256"], forms: true,
});
