//! Checksums of Russian taxpayer identifiers as the tax office checks them:
//! INN (10 and 12 digits), OGRN, OGRNIP, SNILS and the KPP format.

use thiserror::Error;

/// Why an identifier is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IdError {
    /// Wrong length or characters.
    #[error("malformed identifier")]
    Format,
    /// Check digit(s) do not match.
    #[error("check digit mismatch")]
    Checksum,
}

fn digits(s: &str, len: usize) -> Result<Vec<u32>, IdError> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::Format);
    }
    Ok(s.bytes().map(|b| u32::from(b - b'0')).collect())
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    (d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 11) % 10
}

/// INN of an organisation (10 digits).
pub fn check_inn10(s: &str) -> Result<(), IdError> {
    let d = digits(s, 10)?;
    if weighted(&d, &[2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9] {
        Ok(())
    } else {
        Err(IdError::Checksum)
    }
}

/// INN of an individual (12 digits, two check digits).
pub fn check_inn12(s: &str) -> Result<(), IdError> {
    let d = digits(s, 12)?;
    let c1 = weighted(&d, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    let c2 = weighted(&d, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    if c1 == d[10] && c2 == d[11] {
        Ok(())
    } else {
        Err(IdError::Checksum)
    }
}

/// INN of either length.
pub fn check_inn(s: &str) -> Result<(), IdError> {
    match s.len() {
        10 => check_inn10(s),
        12 => check_inn12(s),
        _ => Err(IdError::Format),
    }
}

fn check_mod(s: &str, len: usize, modulus: u64) -> Result<(), IdError> {
    let d = digits(s, len)?;
    let body: u64 = s[..len - 1].parse().map_err(|_| IdError::Format)?;
    if (body % modulus) % 10 == u64::from(d[len - 1]) {
        Ok(())
    } else {
        Err(IdError::Checksum)
    }
}

/// OGRN (13 digits): (first 12 digits mod 11) mod 10.
pub fn check_ogrn(s: &str) -> Result<(), IdError> {
    check_mod(s, 13, 11)
}

/// OGRNIP (15 digits): (first 14 digits mod 13) mod 10.
pub fn check_ogrnip(s: &str) -> Result<(), IdError> {
    check_mod(s, 15, 13)
}

/// SNILS, as `XXX-XXX-XXX YY` or 11 digits. Numbers up to 001-001-998 are
/// not checksummed.
pub fn check_snils(s: &str) -> Result<(), IdError> {
    let compact: String = if s.len() == 14 {
        let b = s.as_bytes();
        if b[3] != b'-' || b[7] != b'-' || b[11] != b' ' {
            return Err(IdError::Format);
        }
        s.chars().filter(|c| *c != '-' && *c != ' ').collect()
    } else {
        s.to_owned()
    };
    let d = digits(&compact, 11)?;
    let number: u32 = d[..9].iter().fold(0, |acc, x| acc * 10 + x);
    if number <= 1_001_998 {
        return Ok(());
    }
    let sum: u32 = d[..9].iter().enumerate().map(|(i, x)| x * (9 - i as u32)).sum();
    let mut c = sum % 101;
    if c == 100 {
        c = 0;
    }
    if c == d[9] * 10 + d[10] {
        Ok(())
    } else {
        Err(IdError::Checksum)
    }
}

/// KPP format `\d{4}[\dA-Z]{2}\d{3}`.
pub fn check_kpp_format(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    let ok = b.len() == 9
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..6].iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && b[6..].iter().all(u8::is_ascii_digit);
    if ok {
        Ok(())
    } else {
        Err(IdError::Format)
    }
}
