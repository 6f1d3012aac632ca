#!/usr/bin/env python3
"""Independent verifier for CMS SignedData with GOST R 34.10-2012 signatures.

Uses only PyPI ``gostcrypto`` (Streebog, GOST R 34.10-2012) and ``asn1crypto``
(DER parsing) -- no code shared with the Rust implementation -- so it can
check the native host's CMS output independently.

Usage:
    verify_cms.py SIGNATURE.p7s [--content FILE] [--cert CERT.pem|der] [-q]

* attached CMS: the content is taken from encapContentInfo;
* detached CMS: pass the signed content with --content;
* the signer certificate is taken from SignedData.certificates (matched by
  issuerAndSerialNumber or subjectKeyIdentifier) unless --cert is given.

Checks, for every SignerInfo:
1. digest algorithm is Streebog-256/512 and matches the key size;
2. with signed attributes: messageDigest == Streebog(content), and the
   signature is over DER(SET OF signedAttrs); without: over the content;
3. GOST R 34.10-2012 signature verification with the certificate's public key
   and parameter set (from the SPKI algorithm parameters).

Byte orders (see docs/gost.md): the CMS signature value is s||r big-endian;
the certificate key is X||Y little-endian; the Streebog digest is read as a
little-endian integer. gostcrypto expects everything big-endian (r||s, X||Y,
digest as a big-endian number), so values are converted below.

Exit status: 0 = all signatures valid, 1 = invalid (message on stderr),
2 = usage or parse error.
"""

import argparse
import sys

try:
    import gostcrypto
    from asn1crypto import cms, core, pem, x509
except ImportError as exc:  # pragma: no cover - environment problem
    print(f"error: {exc}; install with: pip install -r requirements.txt", file=sys.stderr)
    sys.exit(2)

DIGESTS = {
    "1.2.643.7.1.1.2.2": ("streebog256", 32),
    "1.2.643.7.1.1.2.3": ("streebog512", 64),
}
KEY_ALGS = {
    "1.2.643.7.1.1.1.1": 32,  # id-tc26-gost3410-12-256
    "1.2.643.7.1.1.1.2": 64,  # id-tc26-gost3410-12-512
}
SIG_ALGS = {
    "1.2.643.7.1.1.3.2": 32,  # id-tc26-signwithdigest-gost3410-12-256
    "1.2.643.7.1.1.3.3": 64,  # id-tc26-signwithdigest-gost3410-12-512
}
# Parameter set OID -> gostcrypto curve name (CryptoPro/Xch sets are the same
# curves as tc26 256 B/C/D, see RFC 7836 / R 1323565.1.024-2019).
CURVES = {
    "1.2.643.2.2.35.1": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-A
    "1.2.643.2.2.35.2": "id-tc26-gost-3410-2012-256-paramSetC",  # CryptoPro-B
    "1.2.643.2.2.35.3": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-C
    "1.2.643.2.2.36.0": "id-tc26-gost-3410-2012-256-paramSetB",  # XchA
    "1.2.643.2.2.36.1": "id-tc26-gost-3410-2012-256-paramSetD",  # XchB
    "1.2.643.7.1.2.1.1.1": "id-tc26-gost-3410-2012-256-paramSetA",
    "1.2.643.7.1.2.1.1.2": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.7.1.2.1.1.3": "id-tc26-gost-3410-2012-256-paramSetC",
    "1.2.643.7.1.2.1.1.4": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.7.1.2.1.2.1": "id-tc26-gost-3410-12-512-paramSetA",
    "1.2.643.7.1.2.1.2.2": "id-tc26-gost-3410-12-512-paramSetB",
    "1.2.643.7.1.2.1.2.3": "id-tc26-gost-3410-2012-512-paramSetC",
}


class Invalid(Exception):
    """The CMS is well-formed but a check failed."""


def load_der(data: bytes) -> bytes:
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return data


def streebog(name: str, data: bytes) -> bytes:
    return bytes(gostcrypto.gosthash.new(name, data=data).digest())


def cert_key(cert: x509.Certificate):
    """Returns (paramset OID, size, X||Y big-endian for gostcrypto)."""
    # asn1crypto does not know the GOST key algorithms, so the SPKI is read as
    # generic DER: SEQUENCE { SEQUENCE { OID, SEQUENCE { paramSet, ... } },
    # BIT STRING { OCTET STRING X||Y } }.
    spki_der = cert["tbs_certificate"]["subject_public_key_info"].dump()
    spki = core.Sequence.load(spki_der)
    alg_id = core.Sequence.load(spki[0].dump())
    alg = core.ObjectIdentifier.load(alg_id[0].dump()).dotted
    if alg not in KEY_ALGS:
        raise Invalid(f"certificate key algorithm {alg} is not GOST R 34.10-2012")
    size = KEY_ALGS[alg]
    params = core.Sequence.load(alg_id[1].dump())
    paramset = core.ObjectIdentifier.load(params[0].dump()).dotted
    if paramset not in CURVES:
        raise Invalid(f"unknown parameter set {paramset}")
    key_bits = core.OctetBitString.load(spki[1].dump()).native
    key = bytes(core.OctetString.load(key_bits).native)
    if len(key) != 2 * size:
        raise Invalid(f"public key is {len(key)} bytes, expected {2 * size}")
    x_le, y_le = key[:size], key[size:]
    return paramset, size, x_le[::-1] + y_le[::-1]


def find_cert(signed_data, sid, explicit):
    if explicit is not None:
        return explicit
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if (cert.issuer == ias["issuer"]
                    and cert.serial_number == ias["serial_number"].native):
                return cert
        elif sid.name == "subject_key_identifier":
            if cert.key_identifier == sid.chosen.native:
                return cert
    raise Invalid("signer certificate not found (pass --cert)")


def verify_signer(signer, content: bytes, cert: x509.Certificate) -> str:
    digest_oid = signer["digest_algorithm"]["algorithm"].dotted
    if digest_oid not in DIGESTS:
        raise Invalid(f"digest algorithm {digest_oid} is not Streebog")
    hash_name, hash_len = DIGESTS[digest_oid]
    paramset, size, pub_be = cert_key(cert)
    if size != hash_len:
        raise Invalid(f"{hash_name} used with a {size * 8}-bit key")
    sig_oid = signer["signature_algorithm"]["algorithm"].dotted
    if sig_oid in SIG_ALGS and SIG_ALGS[sig_oid] != size:
        raise Invalid(f"signature algorithm {sig_oid} does not match key size")

    content_digest = streebog(hash_name, content)
    signed_attrs = signer["signed_attrs"]
    if signed_attrs.contents is not None and len(signed_attrs) > 0:
        md = [a["values"][0].native for a in signed_attrs
              if a["type"].dotted == "1.2.840.113549.1.9.4"]
        if len(md) != 1:
            raise Invalid("signedAttrs must contain exactly one messageDigest")
        if md[0] != content_digest:
            raise Invalid("messageDigest attribute does not match the content digest")
        # The signature covers DER(SET OF Attribute): re-tag [0] IMPLICIT as SET.
        der = signed_attrs.dump()
        tbs = b"\x31" + der[1:]
    else:
        tbs = content
    tbs_digest = streebog(hash_name, tbs)

    sig = bytes(signer["signature"].native)
    if len(sig) != 2 * size:
        raise Invalid(f"signature is {len(sig)} bytes, expected {2 * size}")
    s, r = sig[:size], sig[size:]  # CMS layout: s || r, big-endian
    mode = (gostcrypto.gostsignature.MODE_256 if size == 32
            else gostcrypto.gostsignature.MODE_512)
    curve = gostcrypto.gostsignature.CURVES_R_1323565_1_024_2019[CURVES[paramset]]
    verifier = gostcrypto.gostsignature.new(mode, curve)
    # Streebog bytes are a little-endian number; gostcrypto reads big-endian.
    ok = verifier.verify(bytearray(pub_be), bytearray(tbs_digest[::-1]), bytearray(r + s))
    if not ok:
        raise Invalid("GOST R 34.10-2012 signature verification failed")
    subject = cert.subject.human_friendly
    return f"{hash_name} / {CURVES[paramset]} ({paramset}), signer: {subject}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cms", help="CMS SignedData (DER or PEM)")
    ap.add_argument("--content", help="signed content, for detached signatures")
    ap.add_argument("--cert", help="signer certificate (DER or PEM)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    try:
        with open(args.cms, "rb") as f:
            info = cms.ContentInfo.load(load_der(f.read()))
        if info["content_type"].native != "signed_data":
            raise Invalid(f"not SignedData: {info['content_type'].native}")
        signed_data = info["content"]
        encap = signed_data["encap_content_info"]["content"]
        if args.content:
            with open(args.content, "rb") as f:
                content = f.read()
            if encap.native is not None and bytes(encap.native) != content:
                raise Invalid("--content differs from the attached content")
        elif encap.native is not None:
            content = bytes(encap.native)
        else:
            print("error: detached signature, pass --content", file=sys.stderr)
            return 2
        explicit = None
        if args.cert:
            with open(args.cert, "rb") as f:
                explicit = x509.Certificate.load(load_der(f.read()))
        signers = list(signed_data["signer_infos"])
        if not signers:
            raise Invalid("no SignerInfo")
        for i, signer in enumerate(signers):
            cert = find_cert(signed_data, signer["sid"], explicit)
            detail = verify_signer(signer, content, cert)
            if not args.quiet:
                print(f"signer {i}: valid: {detail}")
    except Invalid as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    except (ValueError, TypeError, KeyError, OSError) as exc:
        print(f"error: cannot parse input: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print("OK: all signatures valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
