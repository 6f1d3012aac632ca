//! Identifier checksums against every vector of
//! `derived/checksum_test_vectors.tsv` plus edge cases.

mod common;

use podpis_schematron::ids::*;

#[test]
fn shared_vectors() {
    let Some(dir) = common::formats_dir() else { return };
    let text = std::fs::read_to_string(dir.join("derived/checksum_test_vectors.tsv")).unwrap();
    let mut n = 0;
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (kind, value, expected) = (f[0], f[1], f[2] == "true");
        let got = match kind {
            "INN10" => check_inn10(value),
            "INN12" => check_inn12(value),
            "OGRN13" => check_ogrn(value),
            "OGRNIP15" => check_ogrnip(value),
            "SNILS" => check_snils(value),
            other => panic!("unknown kind {other}"),
        };
        assert_eq!(got.is_ok(), expected, "{kind} {value}: {got:?}");
        if kind.starts_with("INN") {
            assert_eq!(check_inn(value).is_ok(), expected);
        }
        n += 1;
    }
    assert_eq!(n, 14);
}

#[test]
fn formats_and_edge_cases() {
    assert_eq!(check_inn10("770708389"), Err(IdError::Format));
    assert_eq!(check_inn10("77070838a3"), Err(IdError::Format));
    assert_eq!(check_inn("7707083893"), Ok(()));
    assert_eq!(check_inn("123"), Err(IdError::Format));
    assert_eq!(check_ogrn("1027700132194"), Err(IdError::Checksum));
    assert_eq!(check_ogrnip("30450011600015"), Err(IdError::Format));
    assert_eq!(check_snils("11223344595"), Ok(()));
    assert_eq!(check_snils("112-233-445-95"), Err(IdError::Format));
    // Numbers up to 001-001-998 are not checksummed.
    assert_eq!(check_snils("001-001-998 00"), Ok(()));
    assert_eq!(check_snils("001-001-999 00"), Err(IdError::Checksum));
    assert_eq!(check_kpp_format("770101001"), Ok(()));
    assert_eq!(check_kpp_format("7701AB001"), Ok(()));
    assert_eq!(check_kpp_format("7701ab001"), Err(IdError::Format));
    assert_eq!(check_kpp_format("77010100"), Err(IdError::Format));
    assert_eq!(check_kpp_format("77010100Ж"), Err(IdError::Format));
}
