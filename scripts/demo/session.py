#!/usr/bin/env python3
"""A scripted native-messaging session with podpis-host, exactly as a browser
extension would run it: hello, status, list-tokens, list-certificates, sign
(CMS detached, with the user's consent minted as the trusted UI does) and
authenticate. Prints each step; exits non-zero when a step fails.

Usage: session.py HOST_BIN ORIGIN OUT_DIR    (environment: PODPIS_MODULES,
PODPIS_PINENTRY, SOFTHSM2_CONF … as for the host)
"""
import base64, hashlib, hmac, json, os, struct, subprocess, sys, time


class Host:
    def __init__(self, binary, caller):
        self.p = subprocess.Popen([binary, caller], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, origin, command, args=None):
        rid = self.next_id
        self.next_id += 1
        msg = {"id": rid, "origin": origin, "command": command}
        if args is not None:
            msg["args"] = args
        body = json.dumps(msg).encode()
        self.p.stdin.write(struct.pack("=I", len(body)) + body)
        self.p.stdin.flush()
        return self.reply(rid)

    def frame(self):
        head = self.p.stdout.read(4)
        if len(head) < 4:
            raise SystemExit("host closed the connection")
        (n,) = struct.unpack("=I", head)
        return json.loads(self.p.stdout.read(n))

    def reply(self, rid):
        parts = []
        while True:
            f = self.frame()
            if "event" in f:
                print(f"  event: {f['event']}")
                continue
            if f.get("id") != rid:
                continue
            if "chunk" in f:
                parts.append(f["chunk"]["data"])
                if len(parts) == f["chunk"]["total"]:
                    f = json.loads("".join(parts))
                else:
                    continue
            if not f["ok"]:
                e = f["error"]
                raise SystemExit(f"  error {e['code']}: {e['messageRu']} ({e.get('detail')})")
            return f["result"]

    def close(self):
        self.p.stdin.close()
        self.p.wait(30)


def consent(key, operation, origin, thumb, digest_alg, digest_b64):
    c = {"operation": operation, "origin": origin, "certificate": thumb,
         "digest": digest_b64, "issuedAt": int(time.time() * 1000),
         "nonce": base64.b64encode(os.urandom(16)).decode(), "mac": ""}
    if digest_alg:
        c["digestAlgorithm"] = digest_alg
    canon = "\n".join(["podpis-consent:1", operation, origin, thumb, digest_alg or "-",
                       digest_b64, str(c["issuedAt"]), c["nonce"]])
    c["mac"] = base64.b64encode(hmac.new(key, canon.encode(), hashlib.sha256).digest()).decode()
    return c


def main():
    binary, origin, out = sys.argv[1], sys.argv[2], sys.argv[3]
    caller = os.environ.get("PODPIS_DEMO_CALLER", "chrome-extension://demo/")
    os.makedirs(out, exist_ok=True)
    h = Host(binary, caller)
    hello = h.send(origin, "hello", {"protocol": "1.0", "extensionVersion": "demo"})
    print(f"hello: host {hello['hostVersion']}, protocol {hello['protocol']}, algorithms {', '.join(hello['algorithms'])}")
    key = base64.b64decode(hello["consentKey"])
    status = h.send(origin, "status")
    for m in status["modules"]:
        print(f"module: {m['path']} loaded={m['loaded']} {m.get('description') or m.get('error') or ''}")
    for t in h.send(origin, "list-tokens"):
        print(f"token: {t['label']} ({t['manufacturer']} {t['model']}, serial {t['serial']})")
    certs = h.send(origin, "list-certificates", {})
    for c in certs:
        s = c["subject"]
        print(f"certificate: {s.get('commonName')} [{c['kind']}] INN {s.get('innLe') or s.get('inn')} "
              f"valid to {c['notAfter']} key {c['key']['algorithm']}-{c['key']['bits']} thumbprint {c['thumbprint']}")
    if not certs:
        raise SystemExit("no certificates on the token")
    document = "Отчёт 6-НДФЛ за 2026 год (демо)\n".encode()
    with open(os.path.join(out, "document.txt"), "wb") as f:
        f.write(document)
    for c in certs:
        thumb = c["thumbprint"]
        digest = base64.b64encode(hashlib.sha256(document).digest()).decode()
        r = h.send(origin, "sign", {
            "certificate": thumb, "format": "cms-detached", "digestAlgorithm": "sha256",
            "input": {"type": "data", "data": base64.b64encode(document).decode()},
            "documentName": "document.txt",
            "consent": consent(key, "sign", origin, thumb, "sha256", digest)})
        path = os.path.join(out, f"document.{thumb[:8]}.p7s")
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["signature"]))
        with open(os.path.join(out, f"{thumb[:8]}.der"), "wb") as f:
            f.write(base64.b64decode(c["der"]))
        print(f"signed: {path} ({r['algorithm']})")
        challenge = base64.b64encode(os.urandom(32)).decode()
        tok = h.send(origin, "authenticate", {
            "certificate": thumb, "challenge": challenge,
            "consent": consent(key, "authenticate", origin, thumb, None, challenge)})
        with open(os.path.join(out, f"auth.{thumb[:8]}.json"), "w") as f:
            json.dump(tok, f)
        with open(os.path.join(out, f"auth.{thumb[:8]}.challenge"), "w") as f:
            f.write(challenge)
        print(f"login token: {tok['format']} {tok['algorithm']}")
    h.close()


if __name__ == "__main__":
    main()
