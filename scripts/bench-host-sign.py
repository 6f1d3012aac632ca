#!/usr/bin/env python3
"""Signing through the piped podpis-host, protocol included (benchmark, not a test).

1. Signatures per second: N `sign` requests (raw, over a SHA-256 digest, each
   with its own consent, the PIN answered by the scripted pinentry) on one
   SoftHSM2 key, end to end through the host.
2. A 1 GiB document streamed with stream-begin/stream-chunk (8 MiB chunks) and
   signed as detached CMS; prints the host's peak RSS (VmHWM), which must stay
   bounded (the host keeps only the running digest).

Usage: bench-host-sign.py HOST_BIN N_SIGNATURES STREAM_MIB   (environment as
for the host: SOFTHSM2_CONF, PODPIS_MODULES, PODPIS_PINENTRY)
"""
import base64, hashlib, hmac, json, os, struct, subprocess, sys, time

ORIGIN = "https://cabinet.example"


class Host:
    """The host over its pipes, framed as native messaging (4-byte length + JSON)."""

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
        parts = []
        while True:
            head = self.p.stdout.read(4)
            if len(head) < 4:
                raise SystemExit("host closed the connection")
            f = json.loads(self.p.stdout.read(struct.unpack("=I", head)[0]))
            if "event" in f or f.get("id") != rid:
                continue
            if "chunk" in f:  # a long reply comes in pieces
                parts.append(f["chunk"]["data"])
                if len(parts) < f["chunk"]["total"]:
                    continue
                f = json.loads("".join(parts))
            if not f["ok"]:
                e = f["error"]
                raise SystemExit(f"error {e['code']}: {e['messageEn']} ({e.get('detail')})")
            return f["result"]

    def close(self):
        self.p.stdin.close()
        self.p.wait(30)


def consent(key, operation, origin, thumb, digest_alg, digest_b64):
    """The user's consent as the trusted dialog mints it (podpis-protocol `Consent::canonical`)."""
    c = {"operation": operation, "origin": origin, "certificate": thumb, "digest": digest_b64,
         "digestAlgorithm": digest_alg, "issuedAt": int(time.time() * 1000),
         "nonce": base64.b64encode(os.urandom(16)).decode()}
    canon = "\n".join(["podpis-consent:1", operation, origin, thumb, digest_alg, digest_b64, str(c["issuedAt"]), c["nonce"]])
    c["mac"] = base64.b64encode(hmac.new(key, canon.encode(), hashlib.sha256).digest()).decode()
    return c


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    binary, n, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    h = Host(binary, os.environ.get("PODPIS_DEMO_CALLER", "chrome-extension://elffcmjaaalfdpcckdlcdocbopccabja/"))
    key = base64.b64decode(h.send(ORIGIN, "hello", {"protocol": "1.0"})["consentKey"])
    cert = next(c for c in h.send(ORIGIN, "list-certificates", {}) if c["key"]["algorithm"] == "rsa")
    thumb = cert["thumbprint"]
    digest = base64.b64encode(hashlib.sha256(b"bench").digest()).decode()
    t0 = time.perf_counter()
    for _ in range(n):
        h.send(ORIGIN, "sign", {"certificate": thumb, "format": "raw", "digestAlgorithm": "sha256",
                                "input": {"type": "digest", "digest": digest},
                                "consent": consent(key, "sign", ORIGIN, thumb, "sha256", digest)})
    dt = time.perf_counter() - t0
    print(f"raw RSA-2048 signatures through the host: {n} in {dt:.2f} s = {n / dt:.1f} sig/s")

    chunk = os.urandom(8 << 20)
    total = mib << 20
    stream = h.send(ORIGIN, "stream-begin", {"digestAlgorithm": "sha256", "totalSize": total})["stream"]
    sha = hashlib.sha256()
    chunk_b64 = base64.b64encode(chunk).decode()
    rss_start = peak_rss_kib(h.p.pid)
    t0 = time.perf_counter()
    for _ in range(total // len(chunk)):
        sha.update(chunk)
        h.send(ORIGIN, "stream-chunk", {"stream": stream, "data": chunk_b64})
    d = base64.b64encode(sha.digest()).decode()
    r = h.send(ORIGIN, "sign", {"certificate": thumb, "format": "cms-detached", "digestAlgorithm": "sha256",
                                "input": {"type": "stream", "stream": stream}, "documentName": f"{mib} MiB",
                                "consent": consent(key, "sign", ORIGIN, thumb, "sha256", d)})
    dt = time.perf_counter() - t0
    print(f"streamed {mib} MiB and signed (CMS detached) in {dt:.1f} s = {mib / dt:.0f} MiB/s; "
          f"host peak RSS {peak_rss_kib(h.p.pid) / 1024:.1f} MiB (after hello/list: {rss_start / 1024:.1f} MiB); "
          f"signature {len(base64.b64decode(r['signature']))} bytes")
    h.close()


if __name__ == "__main__":
    main()
