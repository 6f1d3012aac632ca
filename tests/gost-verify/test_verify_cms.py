#!/usr/bin/env python3
"""Self-test of verify_cms.py against CMS produced by the OpenSSL gost engine.

For several parameter sets (256: CryptoPro-A, tc26-256-A; 512: tc26-512-A,
tc26-512-C) it creates a self-signed GOST certificate, signs attached and
detached CMS with `openssl cms -sign`, and checks that verify_cms.py
* accepts the genuine attached and detached signatures (exit 0);
* rejects tampered content, a tampered signature value and a tampered signed
  attribute (exit 1).

Run with the venv that has requirements.txt installed:
    /work/.venv-gost/bin/python tests/gost-verify/test_verify_cms.py
Skips (exit 0, with a message) if the gost engine is not installed.
"""

import contextlib
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import verify_cms  # noqa: E402
from asn1crypto import cms  # noqa: E402

ENGINE = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so"
CASES = [
    ("gost2012_256", "A", "md_gost12_256"),
    ("gost2012_256", "TCA", "md_gost12_256"),
    ("gost2012_512", "A", "md_gost12_512"),
    ("gost2012_512", "C", "md_gost12_512"),
]


def openssl(workdir, *args):
    env = dict(os.environ, OPENSSL_CONF=os.path.join(HERE, "openssl-gost.cnf"))
    subprocess.run(["openssl", *args], cwd=workdir, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_verifier(*argv):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = verify_cms.main(list(argv))
    return code, err.getvalue().strip()


def main():
    if not os.path.exists(ENGINE):
        print(f"SKIPPED: {ENGINE} absent (apt-get install libengine-gost-openssl)")
        return 0
    passed = failed = 0

    def check(name, got, want, detail=""):
        nonlocal passed, failed
        if got == want:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name}: exit {got}, expected {want} {detail}")

    with tempfile.TemporaryDirectory() as d:
        content = os.path.join(d, "content.xml")
        with open(content, "wb") as f:
            f.write("<Файл>отчёт</Файл>\n".encode("utf-8") * 50)
        other = os.path.join(d, "other.xml")
        with open(other, "wb") as f:
            f.write(b"<tampered/>\n")
        for alg, ps, md in CASES:
            tag = f"{alg}-{ps}"
            key, cert = f"{tag}.key", f"{tag}.crt"
            openssl(d, "req", "-x509", "-newkey", alg, "-pkeyopt", f"paramset:{ps}",
                    "-nodes", "-keyout", key, "-out", cert, "-subj", f"/CN={tag}",
                    "-days", "2", f"-{md}")
            att, det = f"{tag}.att.p7s", f"{tag}.det.p7s"
            common = ["cms", "-sign", "-binary", "-md", md, "-signer", cert,
                      "-inkey", key, "-in", content, "-outform", "DER"]
            openssl(d, *common, "-nodetach", "-out", att)
            openssl(d, *common, "-out", det)
            att, det = os.path.join(d, att), os.path.join(d, det)

            check(f"{tag} attached valid", run_verifier(att)[0], 0)
            check(f"{tag} detached valid", run_verifier(det, "--content", content)[0], 0)
            code, msg = run_verifier(det, "--content", other)
            check(f"{tag} detached, wrong content", code, 1, msg)
            check(f"{tag} detached, content missing", run_verifier(det)[0], 2)
            check(f"{tag} explicit --cert", run_verifier(
                att, "--cert", os.path.join(d, cert))[0], 0)

            with open(att, "rb") as f:
                der = f.read()
            info = cms.ContentInfo.load(der)
            signer = info["content"]["signer_infos"][0]
            sig = bytes(signer["signature"].native)
            attrs = signer["signed_attrs"].dump()

            # Flip one bit of r (last byte of s||r).
            pos = der.rindex(sig) + len(sig) - 1
            bad = bytearray(der)
            bad[pos] ^= 0x01
            path = os.path.join(d, "bad_sig.p7s")
            with open(path, "wb") as f:
                f.write(bad)
            code, msg = run_verifier(path)
            check(f"{tag} tampered signature", code, 1, msg)

            # Change a byte inside signingTime (a signed attribute): the
            # messageDigest still matches, the signature must not.
            pos = der.index(attrs)
            inner = attrs.index(b"\x17\x0d")  # UTCTime, 13 bytes
            bad = bytearray(der)
            digit = pos + inner + 2 + 11  # a seconds digit
            bad[digit] = ord("0") if bad[digit] != ord("0") else ord("1")
            path = os.path.join(d, "bad_attr.p7s")
            with open(path, "wb") as f:
                f.write(bad)
            code, msg = run_verifier(path)
            check(f"{tag} tampered signed attribute", code, 1, msg)

            # Attached content modified in place (same length).
            body = "<Файл>".encode("utf-8")
            pos = der.index(body)
            bad = bytearray(der)
            bad[pos + 1] ^= 0x01
            path = os.path.join(d, "bad_content.p7s")
            with open(path, "wb") as f:
                f.write(bad)
            code, msg = run_verifier(path)
            check(f"{tag} tampered attached content", code, 1, msg)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
