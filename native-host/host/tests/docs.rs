//! docs/protocol.md stays consistent with the protocol crate: every
//! command and error code is documented.

use podpis_protocol::{CommandName, ErrorCode, Lang};

#[test]
fn protocol_doc_lists_every_command_and_error_code() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/protocol.md")).unwrap();
    for c in CommandName::ALL {
        assert!(doc.contains(&format!("### `{}`", c.as_str())), "command {} undocumented", c.as_str());
    }
    for e in ErrorCode::ALL {
        assert!(doc.contains(&format!("| `{}` |", e.as_str())), "error {} undocumented", e.as_str());
        assert!(doc.contains(e.message(Lang::Ru)), "ru message of {} differs", e.as_str());
    }
}
