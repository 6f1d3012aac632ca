//! TypeScript typings for the extension, generated from this crate.
//!
//! `extension/src/protocol/generated.ts` is the output of [`typescript`];
//! a test fails when the committed file differs (run the tests with
//! `PODPIS_UPDATE_TYPINGS=1` to rewrite it).

use ts_rs::TS;

use crate::*;

fn decl<T: TS>() -> String {
    format!("export {}\n", T::decl(&ts_rs::Config::default()))
}

/// The whole generated TypeScript module.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from native-host/protocol (podpis-protocol). Do not edit by hand:\n\
         // run `PODPIS_UPDATE_TYPINGS=1 cargo test -p podpis-protocol` after changing the Rust types.\n\n",
    );
    out += &format!("export const PROTOCOL_VERSION = {:?};\n", PROTOCOL_VERSION);
    out += &format!("export const MAX_REPLY_FRAME = {};\n", limits::MAX_REPLY_FRAME);
    out += &format!("export const MAX_REQUEST_FRAME = {};\n", limits::MAX_REQUEST_FRAME);
    out += &format!("export const CONSENT_MAX_AGE_MS = {};\n", Consent::MAX_AGE_MS);
    out += &format!("export const AUTH_TOKEN_FORMAT = {:?};\n", AUTH_TOKEN_FORMAT);
    out += "export const COMMANDS = [";
    out += &CommandName::ALL.iter().map(|c| format!("{:?}", c.as_str())).collect::<Vec<_>>().join(", ");
    out += "] as const;\n";
    out += "/** Default messages of every host error code. */\nexport const ERROR_MESSAGES: Record<ErrorCode, { ru: string; en: string }> = {\n";
    for code in ErrorCode::ALL {
        out += &format!(
            "  {:?}: {{ ru: {:?}, en: {:?} }},\n",
            code.as_str(),
            code.message(Lang::Ru),
            code.message(Lang::En)
        );
    }
    out += "};\n\n";
    for d in [
        decl::<Lang>(),
        decl::<ErrorCode>(),
        decl::<CommandName>(),
        decl::<Origin>(),
        decl::<TokenRef>(),
        decl::<TokenFlags>(),
        decl::<TokenInfo>(),
        decl::<ModuleStatus>(),
        decl::<SubjectInfo>(),
        decl::<CertificateKind>(),
        decl::<CertificateWarning>(),
        decl::<KeyInfo>(),
        decl::<CertificateInfo>(),
        decl::<CertificateFilter>(),
        decl::<command::ListCertificatesArgs>(),
        decl::<command::NoArgs>(),
        decl::<DigestAlgorithm>(),
        decl::<SignFormat>(),
        decl::<SignatureScheme>(),
        decl::<EcdsaEncoding>(),
        decl::<SignInput>(),
        decl::<ConsentOperation>(),
        decl::<Consent>(),
        decl::<SignArgs>(),
        decl::<SignResult>(),
        decl::<StreamBeginArgs>(),
        decl::<StreamBeginResult>(),
        decl::<StreamChunkArgs>(),
        decl::<StreamChunkResult>(),
        decl::<AuthenticateArgs>(),
        decl::<AuthToken>(),
        decl::<HelloArgs>(),
        decl::<HelloResult>(),
        decl::<StatusResult>(),
        decl::<CancelArgs>(),
        decl::<CancelResult>(),
        decl::<ErrorBody>(),
        decl::<envelope::ChunkPart>(),
        decl::<ChunkFrame>(),
        decl::<envelope::TokenRemovedData>(),
        decl::<Event>(),
    ] {
        out += &d;
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn committed_typings_are_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../extension/src/protocol/generated.ts");
        let fresh = super::typescript();
        if std::env::var_os("PODPIS_UPDATE_TYPINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run PODPIS_UPDATE_TYPINGS=1 cargo test -p podpis-protocol",
            path.display()
        );
    }
}
