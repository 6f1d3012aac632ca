//! A minimal DER reader: enough to pull fields out of X.509 certificates and
//! OpenSSL-gost PKCS#8 private keys, plus PEM unwrapping and OID coding.

use base64::Engine as _;

use crate::error::{Result, TokenError};

/// One DER element: tag, its full encoding and its content.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    /// The (single-byte) tag.
    pub tag: u8,
    /// Tag + length + content.
    pub raw: &'a [u8],
    /// Content octets.
    pub content: &'a [u8],
}

/// DER tags used here.
pub mod tag {
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING
    pub const OCTET_STRING: u8 = 0x04;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    /// SEQUENCE
    pub const SEQUENCE: u8 = 0x30;
    /// `[0]` constructed, context-specific
    pub const CONTEXT_0: u8 = 0xA0;
}

/// Reads one element from the front of `input`; returns it and the rest.
pub fn read_tlv(input: &[u8]) -> Result<(Tlv<'_>, &[u8])> {
    let err = |m: &str| TokenError::parse("DER", m.to_string());
    let (&tag, rest) = input.split_first().ok_or_else(|| err("unexpected end"))?;
    if tag & 0x1f == 0x1f {
        return Err(err("multi-byte tags unsupported"));
    }
    let (&first, mut rest) = rest.split_first().ok_or_else(|| err("missing length"))?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return Err(err("bad length"));
        }
        let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return Err(err("truncated element"));
    }
    let header = input.len() - rest.len();
    Ok((Tlv { tag, raw: &input[..header + len], content: &rest[..len] }, &rest[len..]))
}

/// Reads one element and checks its tag.
pub fn expect<'a>(input: &'a [u8], want: u8, what: &'static str) -> Result<(Tlv<'a>, &'a [u8])> {
    let (tlv, rest) = read_tlv(input)?;
    if tlv.tag != want {
        return Err(TokenError::parse(what, format!("expected tag 0x{want:02x}, found 0x{:02x}", tlv.tag)));
    }
    Ok((tlv, rest))
}

/// Decodes an OID's content octets into dotted form.
pub fn oid_to_string(content: &[u8]) -> Result<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for &b in content {
        acc = acc.checked_shl(7).ok_or_else(|| TokenError::parse("OID", "arc too large"))? | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    if arcs.is_empty() {
        return Err(TokenError::parse("OID", "empty"));
    }
    Ok(arcs.iter().map(u64::to_string).collect::<Vec<_>>().join("."))
}

/// Encodes a dotted OID as a full DER `OBJECT IDENTIFIER` (tag 0x06).
pub fn oid_to_der(dotted: &str) -> Result<Vec<u8>> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse::<u64>().map_err(|_| TokenError::parse("OID", dotted.to_string())))
        .collect::<Result<_>>()?;
    if arcs.len() < 2 {
        return Err(TokenError::parse("OID", dotted.to_string()));
    }
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        body.extend(tmp);
    };
    push(arcs[0] * 40 + arcs[1]);
    for &a in &arcs[2..] {
        push(a);
    }
    if body.len() > 127 {
        return Err(TokenError::parse("OID", format!("{dotted} is too long")));
    }
    let mut out = vec![tag::OID, body.len() as u8];
    out.extend(body);
    Ok(out)
}

/// If `input` is PEM with the given label, returns the decoded DER; if it is
/// already DER (starts with a SEQUENCE), returns it unchanged.
pub fn pem_or_der(input: &[u8], label: &str) -> Result<Vec<u8>> {
    if input.first() == Some(&tag::SEQUENCE) {
        return Ok(input.to_vec());
    }
    let text = std::str::from_utf8(input).map_err(|_| TokenError::parse("PEM", "neither DER nor UTF-8 PEM"))?;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin).ok_or_else(|| TokenError::parse("PEM", format!("no {begin}")))? + begin.len();
    let stop = text[start..].find(&end).ok_or_else(|| TokenError::parse("PEM", format!("no {end}")))? + start;
    let b64: String = text[start..stop].chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).map_err(|e| TokenError::parse("PEM", e.to_string()))
}

/// Fields of an X.509 certificate the token exposes as attributes.
#[derive(Debug, Clone)]
pub struct CertFields {
    /// DER of the serial number INTEGER (`CKA_SERIAL_NUMBER`).
    pub serial: Vec<u8>,
    /// DER of the issuer Name (`CKA_ISSUER`).
    pub issuer: Vec<u8>,
    /// DER of the subject Name (`CKA_SUBJECT`).
    pub subject: Vec<u8>,
    /// `subjectPublicKey` with the inner OCTET STRING unwrapped (GOST: `X‖Y` LE).
    pub public_key: Vec<u8>,
    /// Dotted OID of the public key parameter set, if present.
    pub param_oid: Option<String>,
}

/// Extracts [`CertFields`] from a DER certificate.
pub fn parse_certificate(der: &[u8]) -> Result<CertFields> {
    let (cert, _) = expect(der, tag::SEQUENCE, "certificate")?;
    let (tbs, _) = expect(cert.content, tag::SEQUENCE, "tbsCertificate")?;
    let mut rest = tbs.content;
    let (first, r) = read_tlv(rest)?;
    if first.tag == tag::CONTEXT_0 {
        rest = r;
    }
    let (serial, rest) = expect(rest, tag::INTEGER, "serialNumber")?;
    let (_sig_alg, rest) = expect(rest, tag::SEQUENCE, "signature")?;
    let (issuer, rest) = expect(rest, tag::SEQUENCE, "issuer")?;
    let (_validity, rest) = expect(rest, tag::SEQUENCE, "validity")?;
    let (subject, rest) = expect(rest, tag::SEQUENCE, "subject")?;
    let (spki, _) = expect(rest, tag::SEQUENCE, "subjectPublicKeyInfo")?;
    let (alg, rest) = expect(spki.content, tag::SEQUENCE, "algorithm")?;
    let (bits, _) = expect(rest, tag::BIT_STRING, "subjectPublicKey")?;
    let bits = bits.content.get(1..).ok_or_else(|| TokenError::parse("subjectPublicKey", "empty"))?;
    let public_key = match expect(bits, tag::OCTET_STRING, "subjectPublicKey") {
        Ok((inner, _)) => inner.content.to_vec(),
        Err(_) => bits.to_vec(),
    };
    Ok(CertFields {
        serial: serial.raw.to_vec(),
        issuer: issuer.raw.to_vec(),
        subject: subject.raw.to_vec(),
        public_key,
        param_oid: algorithm_param_oid(alg.content)?,
    })
}

/// From AlgorithmIdentifier content (`OID, SEQUENCE { paramset OID, ... }`)
/// returns the parameter-set OID.
fn algorithm_param_oid(alg_content: &[u8]) -> Result<Option<String>> {
    let (_alg_oid, rest) = expect(alg_content, tag::OID, "algorithm")?;
    if rest.is_empty() {
        return Ok(None);
    }
    let (params, _) = read_tlv(rest)?;
    if params.tag != tag::SEQUENCE {
        return Ok(None);
    }
    let (ps, _) = expect(params.content, tag::OID, "parameters")?;
    Ok(Some(oid_to_string(ps.content)?))
}

/// A GOST private key from PKCS#8.
#[derive(Debug, Clone)]
pub struct GostPrivateKey {
    /// Dotted OID of the parameter set.
    pub param_oid: String,
    /// The scalar, little-endian.
    pub private_le: Vec<u8>,
}

/// Parses an OpenSSL-gost PKCS#8 `PrivateKeyInfo`. The `privateKey` OCTET
/// STRING holds either an inner OCTET STRING with the little-endian scalar
/// (gost-engine ≥ 1.1 / 3.x), an INTEGER (big-endian, older engines), or the
/// raw little-endian bytes.
pub fn parse_pkcs8_gost(der: &[u8]) -> Result<GostPrivateKey> {
    let (info, _) = expect(der, tag::SEQUENCE, "PrivateKeyInfo")?;
    let (_version, rest) = expect(info.content, tag::INTEGER, "version")?;
    let (alg, rest) = expect(rest, tag::SEQUENCE, "privateKeyAlgorithm")?;
    let (pk, _) = expect(rest, tag::OCTET_STRING, "privateKey")?;
    let param_oid = algorithm_param_oid(alg.content)?
        .ok_or_else(|| TokenError::parse("PrivateKeyInfo", "no GOST parameter set"))?;
    // A bare 32/64-byte value is the raw little-endian scalar (gost-engine 3.x);
    // a wrapped one is two bytes longer.
    let private_le = match read_tlv(pk.content) {
        _ if matches!(pk.content.len(), 32 | 64) => pk.content.to_vec(),
        Ok((inner, rest)) if rest.is_empty() && inner.tag == tag::OCTET_STRING => inner.content.to_vec(),
        Ok((inner, rest)) if rest.is_empty() && inner.tag == tag::INTEGER => {
            let mut v: Vec<u8> = inner.content.to_vec();
            while v.first() == Some(&0) && v.len() > 1 {
                v.remove(0);
            }
            v.reverse();
            v
        }
        _ => pk.content.to_vec(),
    };
    Ok(GostPrivateKey { param_oid, private_le })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_roundtrip() {
        for oid in ["1.2.643.2.2.35.1", "1.2.643.7.1.2.1.2.1", "1.2.643.7.1.1.2.2"] {
            let der = oid_to_der(oid).unwrap();
            assert_eq!(oid_to_string(&der[2..]).unwrap(), oid);
        }
        assert_eq!(oid_to_der("1.2.643.2.2.35.1").unwrap(), [6, 7, 0x2a, 0x85, 3, 2, 2, 0x23, 1]);
    }
}
