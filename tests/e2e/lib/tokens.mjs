// The real tokens for the browser tests: a SoftHSM2 token (RSA-2048 and
// ECDSA P-256/P-384 keys generated on the token, certificates from the test
// CA, tests/pki/make-pki.sh) and the GOST PKCS#11 test double
// (tests/gost-token, GOST R 34.10-2012 keys and certificates from the GOST
// test CA, tests/pki/gost/make.sh), plus the scripted pinentry
// (tests/pinentry) the host asks for PINs. Everything lives in one
// temporary directory; `hostEnv` is what the browser passes to podpis-host.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tempDir } from "./env.mjs";

export const SOFTHSM_MODULE = process.env.PODPIS_SOFTHSM_MODULE ?? "/usr/lib/softhsm/libsofthsm2.so";
export const SOFTHSM_PIN = "1234";
export const GOST_PIN = "12345678";
/** The GOST token locks after this many wrong PINs (the PIN-lock test). */
export const GOST_MAX_TRIES = 3;

const sha1 = (file) => createHash("sha1").update(readFileSync(file)).digest("hex");

/**
 * Creates both tokens and the pinentry wrapper. `bins` holds the built
 * `gostModule`, `gostTool` and `pinentry`. Returns the fixture:
 * `hostEnv`, `roots` (PEM of both test CAs), `gostOpensslConf`,
 * thumbprints `certs.{rsa,ec,ec384,gost256,gost512,untrusted}` (`untrusted`: issued by
 * a CA that is not among the host's trusted roots), and `pin` (scripting).
 */
export function createTokens(bins, devOrigins) {
  const dir = tempDir("tokens");
  const run = (cmd, args, env = {}) => execFileSync(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });

  // SoftHSM2: a private token directory.
  const hsm = join(dir, "softhsm");
  mkdirSync(join(hsm, "tokens"), { recursive: true });
  const conf = join(hsm, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${join(hsm, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  run("softhsm2-util", ["--init-token", "--free", "--label", "demo", "--so-pin", "12345678", "--pin", SOFTHSM_PIN], { SOFTHSM2_CONF: conf });
  const pki = join(dir, "pki");
  mkdirSync(pki);
  run("bash", [join(REPO, "tests/pki/make-pki.sh"), pki, SOFTHSM_MODULE, "demo", SOFTHSM_PIN], { SOFTHSM2_CONF: conf });

  // The GOST test token.
  const gostPki = join(dir, "gost-pki"), gostDir = join(dir, "gost-token");
  run("bash", [join(REPO, "tests/pki/gost/make.sh"), gostPki],
    { TOOL: bins.gostTool, TOKEN_DIR: gostDir, PIN: GOST_PIN, MAX_TRIES: String(GOST_MAX_TRIES) });

  const roots = join(dir, "roots.pem");
  writeFileSync(roots, readFileSync(join(pki, "ca.pem"), "utf8") + readFileSync(join(gostPki, "ca.pem"), "utf8"));

  const pin = new ScriptedPin(join(dir, "pinentry"), bins.pinentry);
  return {
    dir, roots, gostDir, gostTool: bins.gostTool, pin,
    gostOpensslConf: join(gostPki, "openssl.cnf"),
    certs: {
      rsa: sha1(join(pki, "01.der")), ec: sha1(join(pki, "02.der")), ec384: sha1(join(pki, "03.der")),
      gost256: sha1(join(gostPki, "01.der")), gost512: sha1(join(gostPki, "03.der")),
      untrusted: sha1(join(pki, "06.der")),
    },
    hostEnv: {
      SOFTHSM2_CONF: conf,
      PODPIS_MODULES: `${SOFTHSM_MODULE}:${bins.gostModule}`,
      PODPIS_GOST_TOKEN_DIR: gostDir,
      PODPIS_PINENTRY: pin.wrapper,
      PODPIS_DEV_ORIGINS: devOrigins.join(","),
      PODPIS_LOG_FILE: join(dir, "host.log"),
      PODPIS_TRUSTED_ROOTS: roots,
    },
    /** Simulated hot-plug of the GOST token: "remove" or "insert". */
    gost: (cmd) => run(bins.gostTool, [cmd, "--dir", gostDir]),
  };
}

/**
 * The scripted pinentry behind a fixed wrapper path: tests set the answers
 * (a PIN, CANCEL or TIMEOUT per prompt) and an optional one-shot hook (a
 * shell command run when the next pinentry starts, e.g. pull the token
 * out while the PIN dialog is open), and read the log of what the user
 * was told. The wrapper records its pid so a hung pinentry can be ended.
 */
export class ScriptedPin {
  constructor(dir, binary) {
    mkdirSync(dir, { recursive: true });
    this.dir = dir;
    this.script = join(dir, "script");
    this.logFile = join(dir, "log");
    this.hookFile = join(dir, "hook");
    this.wrapper = join(dir, "pinentry.sh");
    writeFileSync(this.script, "");
    writeFileSync(this.wrapper, `#!/bin/sh
if [ -f '${this.hookFile}' ]; then sh '${this.hookFile}'; rm -f '${this.hookFile}'; fi
echo $$ >> '${join(dir, "pids")}'
PODPIS_PINENTRY_SCRIPT='${this.script}' PODPIS_PINENTRY_LOG='${this.logFile}' exec '${binary}' "$@"
`);
    chmodSync(this.wrapper, 0o755);
  }

  /** The answers for the next prompts, in order; clears the log. */
  answers(...lines) {
    writeFileSync(this.script, lines.map((l) => `${l}\n`).join(""));
    writeFileSync(this.logFile, "");
  }

  /** A shell command for the next pinentry start. */
  hook(command) { writeFileSync(this.hookFile, `${command}\n`); }

  /** What the pinentry was told since `answers()`. */
  log() { return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : ""; }

  /** Pids of the pinentries started so far. */
  pids() {
    const f = join(this.dir, "pids");
    return existsSync(f) ? readFileSync(f, "utf8").split("\n").filter(Boolean).map(Number) : [];
  }
}
