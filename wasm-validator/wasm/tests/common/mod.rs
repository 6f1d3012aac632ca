//! Known answers shared by the native test (`tests/native.rs`) and the WASM
//! tests (`tests/wasm.rs`): both must produce exactly these bytes.
//!
//! Expected values were produced by `openssl dgst` (OpenSSL 3.0 with the
//! `gost` engine for `-md_gost12_256/512`) and agree with the standard's
//! examples: M1/M2 are GOST R 34.11-2012 Appendix A messages as byte strings
//! (M2 is the CP1251 text), hashes in the byte order OpenSSL prints.
#![allow(dead_code)]

/// GOST R 34.11-2012 example M1 (63 bytes).
pub const M1: &[u8] = b"012345678901234567890123456789012345678901234567890123456789012";

/// GOST R 34.11-2012 example M2 (72 bytes, CP1251 text).
pub const M2_HEX: &str = "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb";

/// Length of [`generated`]: several 64 KiB copy chunks plus a ragged tail.
pub const GENERATED_LEN: usize = 3 * 65536 + 7;

/// Deterministic test data: byte `i` is `i % 251`.
pub fn generated() -> Vec<u8> {
    (0..GENERATED_LEN).map(|i| (i % 251) as u8).collect()
}

/// The named inputs of [`VECTORS`].
pub fn input(name: &str) -> Vec<u8> {
    match name {
        "empty" => Vec::new(),
        "abc" => b"abc".to_vec(),
        "m1" => M1.to_vec(),
        "m2" => hex::decode(M2_HEX).unwrap(),
        "generated" => generated(),
        _ => unreachable!("unknown input {name}"),
    }
}

/// (input name, algorithm wire name, expected digest hex).
pub const VECTORS: &[(&str, &str, &str)] = &[
    ("empty", "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("empty", "sha384", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"),
    ("empty", "sha512", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
    ("empty", "streebog256", "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb"),
    ("empty", "streebog512", "8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a"),
    ("abc", "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abc", "sha384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
    ("abc", "sha512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("abc", "streebog256", "4e2919cf137ed41ec4fb6270c61826cc4fffb660341e0af3688cd0626d23b481"),
    ("abc", "streebog512", "28156e28317da7c98f4fe2bed6b542d0dab85bb224445fcedaf75d46e26d7eb8d5997f3e0915dd6b7f0aab08d9c8beb0d8c64bae2ab8b3c8c6bc53b3bf0db728"),
    ("m1", "sha256", "074f6e9ac301d5d1b6df6f1dfb8c6f89c187ea945d352ce6a29279a9c630680b"),
    ("m1", "sha384", "524d690753c22e5fcb9b69e26ce031cfa0df91dc72277ffbbd41da1ac621337dbf0cea19e9dca680bacc4de1f1d4eaef"),
    ("m1", "sha512", "5c0eafd3eb15f309fa9fa28bb63f088f0727578843cbd1317937c0b586b9c00ae9959be971139dcd6df33c6750ecac5031f305c8b3a238b66251748d40fd4386"),
    ("m1", "streebog256", "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"),
    ("m1", "streebog512", "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48"),
    ("m2", "sha256", "f2e0e81839fc9f508c3245aba438e0c53c50f92a9c91041bbaea0ea1e786b4d9"),
    ("m2", "sha384", "1801b40384b5a16453ce0cedfb4dc055fbee493517caf3ae82022b3785d5655dcce0e73d41f9d4b31b83177ba69b63dc"),
    ("m2", "sha512", "14569741ecdcbf9368082e395dc82b2c8a82b3e96d5fc7f9dbe1cf62ca0260a1ac78bbcc44044175bb5b2b976f3141e082e422f6a81c7a3bb5ab405d02202965"),
    ("m2", "streebog256", "9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50"),
    ("m2", "streebog512", "1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28"),
    ("generated", "sha256", "cfa015082b9daf41115e9e51c8a4c59dab3ec58ebb0c99cbc2b2792a49463bc3"),
    ("generated", "sha384", "77d8e395c29c3704c8cbeb2fdcff1141fa14645b15944e4e5008391258fd467c93e3edf42bb576f96f3ae89e30948c39"),
    ("generated", "sha512", "b4acdb8b07f4fd5524935d9ed1f884d0f1843e0d22932a8265e0d95edad310a9f55ea58c834f9e21ce86eb93e2ef48a36a2a8f64c9a6cc97d623accd6935cb22"),
    ("generated", "streebog256", "b47814707cd56b96b5d6cff5168d955d24f94921fb623467a09aa3d33d7f4e0c"),
    ("generated", "streebog512", "955e4aa66451539d00cf26cefc4bfdc6da0eb6b78165896799cf3bb22f3bdb0c8a4634db090b45db8b31033c54f07587f5368b80f2099053280f27b1c33c257f"),
];
