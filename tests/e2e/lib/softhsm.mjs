// A private SoftHSM2 token with an RSA key and a certificate whose
// subject looks like a Russian qualified certificate (for the real host).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./env.mjs";

export const SOFTHSM_MODULE = process.env.PODPIS_SOFTHSM_MODULE ?? "/usr/lib/softhsm/libsofthsm2.so";
export const USER_PIN = "1234";

/** Creates the token; returns {conf, module, dir}. */
export function createToken() {
  const dir = tempDir("softhsm");
  mkdirSync(join(dir, "tokens"));
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${join(dir, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const run = (cmd, args) => execFileSync(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  run("softhsm2-util", ["--init-token", "--free", "--label", "demo", "--so-pin", "12345678", "--pin", USER_PIN]);
  const key = join(dir, "key.pem"), cert = join(dir, "cert.der"), keyDer = join(dir, "key.der");
  // OpenSSL knows the OGRN and INN OIDs by number but not INNLE (1.2.643.100.4).
  const cnf = join(dir, "req.cnf");
  writeFileSync(cnf, "oid_section = new_oids\n[new_oids]\nINNLE = 1.2.643.100.4\n[req]\ndistinguished_name = dn\n[dn]\n");
  run("openssl", ["req", "-config", cnf, "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-outform", "DER", "-out", cert, "-days", "365", "-utf8",
    "-subj", "/CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/title=Генеральный директор/O=ООО Ромашка/C=RU/INNLE=7701234567/1.2.643.100.1=1027700000000/1.2.643.3.131.1.1=770123456789",
    "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"]);
  run("openssl", ["pkcs8", "-topk8", "-nocrypt", "-in", key, "-outform", "DER", "-out", keyDer]);
  const pubDer = join(dir, "pub.der");
  run("openssl", ["pkey", "-in", key, "-pubout", "-outform", "DER", "-out", pubDer]);
  const tool = ["--module", SOFTHSM_MODULE, "--login", "--pin", USER_PIN, "--id", "01", "--label", "demo"];
  run("pkcs11-tool", [...tool, "--write-object", keyDer, "--type", "privkey"]);
  // The public key lets the host pair the certificate before login (private keys are private objects).
  run("pkcs11-tool", [...tool, "--write-object", pubDer, "--type", "pubkey"]);
  run("pkcs11-tool", [...tool, "--write-object", cert, "--type", "cert"]);
  return { conf, module: SOFTHSM_MODULE, dir };
}
