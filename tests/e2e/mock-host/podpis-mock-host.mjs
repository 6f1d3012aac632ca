#!/usr/bin/env node
// A TEST DOUBLE of podpis-host for the extension's browser tests. It speaks
// the real protocol (native-messaging framing, hello, chunked replies,
// events, streams) and checks what the extension must get right — request
// shape, origin, consent MAC over Consent::canonical(), consent binding to
// the digest of exactly the data sent — but its "signatures" are fixed
// bytes, not cryptography. Tests against the real host use podpis-host.
//
// Env: PODPIS_MOCK_LOG=<file> appends every request and verdict as JSON lines;
//      PODPIS_MOCK_EVENTS=1 sends a token-inserted event every second after hello.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";

const consentKey = randomBytes(32);
const log = (o) => { if (process.env.PODPIS_MOCK_LOG) appendFileSync(process.env.PODPIS_MOCK_LOG, JSON.stringify(o) + "\n"); };
const streams = new Map();
const usedNonces = new Set();

function send(obj) {
  const body = Buffer.from(JSON.stringify(obj), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  process.stdout.write(Buffer.concat([len, body]));
}
const ok = (id, result) => send({ id, ok: true, result });
const fail = (id, code, detail) => send({ id, ok: false, error: { code, messageRu: `Ошибка ${code}`, messageEn: `Error ${code}`, detail } });

const TOKEN = { token: { module: "/mock/libmock.so", serial: "0001" }, slot: 0, label: "demo", manufacturer: "Podpis test", model: "mock", serial: "0001",
  flags: { loginRequired: true, pinPad: false, initialized: true, userPinInitialized: true, pinCountLow: false, pinFinalTry: false, pinLocked: false } };
const subject = { commonName: "Иванов Иван Иванович", surname: "Иванов", givenName: "Иван Иванович", title: "Генеральный директор",
  organization: "ООО «Ромашка»", inn: "770123456789", innLe: "7701234567", ogrn: "1027700000000", ogrnip: null, snils: "12345678901", email: null };
const issuer = { ...Object.fromEntries(Object.keys(subject).map((k) => [k, null])), commonName: "Тестовый УЦ Podpis", organization: "АО «Тестовый удостоверяющий центр»" };
const CERT = {
  thumbprint: "0123456789abcdef0123456789abcdef01234567", thumbprintSha256: "ab".repeat(32), token: TOKEN.token, tokenLabel: "demo", keyId: "01",
  subject, issuer, serialNumber: "01", notBefore: "2026-01-15T00:00:00Z", notAfter: "2027-01-15T00:00:00Z",
  keyUsage: ["digitalSignature", "nonRepudiation"], extendedKeyUsage: [], key: { algorithm: "rsa", bits: 2048, parameters: null, parametersOid: null },
  kind: "legal-entity", warnings: [], der: Buffer.from("mock certificate").toString("base64"),
};
const CERT2 = { ...CERT, thumbprint: "fedcba9876543210fedcba9876543210fedcba98", subject: { ...subject, commonName: "Петрова Анна Сергеевна", surname: "Петрова", givenName: "Анна Сергеевна", title: null, organization: null, innLe: null, ogrn: null, inn: "500100732259", ogrnip: "304500116000157" },
  kind: "sole-proprietor", notAfter: "2026-12-01T00:00:00Z", warnings: ["expires-soon"] };

function canonical(c) {
  return ["podpis-consent:1", c.operation, c.origin, c.certificate, c.digestAlgorithm ?? "-", c.digest, String(c.issuedAt), c.nonce].join("\n");
}
/** Returns null when the consent fits, else the reason. */
function checkConsent(c, origin, operation, certificate, digestAlgorithm, digest) {
  if (!c) return "no consent";
  const mac = createHmac("sha256", consentKey).update(canonical(c)).digest("base64");
  if (mac !== c.mac) return "bad mac";
  if (c.operation !== operation || c.origin !== origin || c.certificate !== certificate) return "binding";
  if ((c.digestAlgorithm ?? null) !== (digestAlgorithm ?? null) || c.digest !== digest) return "digest";
  if (Math.abs(Date.now() - c.issuedAt) > 300000) return "age";
  if (usedNonces.has(c.nonce)) return "replay";
  usedNonces.add(c.nonce);
  return null;
}
const NODE_DIGEST = { sha256: "sha256", sha384: "sha384", sha512: "sha512" };

function handle(req) {
  const { id, origin, command, args = {} } = req;
  log({ id, origin, command, args: command === "stream-chunk" ? { stream: args.stream, bytes: args.data.length } : args });
  switch (command) {
    case "hello":
      if (process.env.PODPIS_MOCK_EVENTS === "1") setInterval(() => send({ event: "token-inserted", data: TOKEN }), 1000).unref();
      return ok(id, { hostVersion: "0.0.0-mock", protocol: "1.0", commands: ["hello", "status", "list-tokens", "list-certificates", "stream-begin", "stream-chunk", "sign", "authenticate", "cancel"],
        algorithms: ["rsa-pkcs1"], digests: ["sha256", "sha384", "sha512"], formats: ["raw", "cms-detached", "cms-attached"], consentKey: consentKey.toString("base64") });
    case "status":
      return ok(id, { hostVersion: "0.0.0-mock", protocol: "1.0", modules: [{ path: "/mock/libmock.so", loaded: true, description: "Mock PKCS#11", libraryVersion: "1.0", error: null }],
        tokens: [TOKEN], pinentry: "/usr/bin/pinentry-mock", configFiles: [] });
    case "list-tokens":
      return ok(id, [TOKEN]);
    case "list-certificates": {
      const all = [CERT, CERT2].filter((c) => !args.filter?.thumbprint || c.thumbprint === args.filter.thumbprint.toLowerCase());
      // Always chunked, to exercise reassembly in the extension.
      const json = JSON.stringify({ id, ok: true, result: all });
      const n = 3, size = Math.ceil(json.length / n);
      for (let i = n - 1; i >= 0; i--) send({ id, chunk: { index: i, total: n, data: json.slice(i * size, (i + 1) * size) } });
      return;
    }
    case "stream-begin": {
      const stream = randomBytes(8).toString("hex");
      streams.set(stream, { alg: args.digestAlgorithm, hash: createHash(NODE_DIGEST[args.digestAlgorithm]), received: 0 });
      return ok(id, { stream });
    }
    case "stream-chunk": {
      const s = streams.get(args.stream);
      if (!s) return fail(id, "STREAM_NOT_FOUND");
      const b = Buffer.from(args.data, "base64");
      s.hash.update(b); s.received += b.length;
      return ok(id, { received: s.received });
    }
    case "sign": {
      const alg = args.digestAlgorithm ?? "sha256";
      let digest;
      if (args.input.type === "data") digest = createHash(NODE_DIGEST[alg]).update(Buffer.from(args.input.data, "base64")).digest("base64");
      else if (args.input.type === "digest") digest = args.input.digest;
      else { const s = streams.get(args.input.stream); if (!s) return fail(id, "STREAM_NOT_FOUND"); digest = s.hash.digest("base64"); streams.delete(args.input.stream); }
      const bad = checkConsent(args.consent, origin, "sign", args.certificate, alg, digest);
      log({ id, verdict: bad ?? "consent ok", digest });
      if (bad) return fail(id, bad === "no consent" ? "CONSENT_REQUIRED" : "CONSENT_INVALID", bad);
      return ok(id, { format: args.format, signature: Buffer.from("MOCK-SIGNATURE").toString("base64"), algorithm: "rsa-pkcs1-sha256", digestAlgorithm: alg, digest, certificate: CERT.der });
    }
    case "authenticate": {
      const bad = checkConsent(args.consent, origin, "authenticate", args.certificate, undefined, args.challenge);
      log({ id, verdict: bad ?? "consent ok" });
      if (bad) return fail(id, bad === "no consent" ? "CONSENT_REQUIRED" : "CONSENT_INVALID", bad);
      return ok(id, { format: "podpis-auth:1", certificate: CERT.der, algorithm: "rsa-pkcs1-sha256", signature: Buffer.from("MOCK-AUTH").toString("base64"), appVersion: "podpis-host/0.0.0-mock" });
    }
    case "cancel":
      return ok(id, { cancelled: false });
    default:
      return fail(id, "UNKNOWN_COMMAND");
  }
}

let buf = Buffer.alloc(0);
process.stdin.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 4) {
    const n = buf.readUInt32LE(0);
    if (buf.length < 4 + n) break;
    const body = buf.subarray(4, 4 + n).toString("utf8");
    buf = buf.subarray(4 + n);
    try { handle(JSON.parse(body)); } catch (e) { log({ error: String(e) }); send({ id: null, ok: false, error: { code: "BAD_FRAME", messageRu: "x", messageEn: "x" } }); }
  }
});
process.stdin.on("end", () => process.exit(0));
