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
import base64, hashlib, os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "demo"))
from session import Host, consent  # noqa: E402

ORIGIN = "https://cabinet.example"


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
