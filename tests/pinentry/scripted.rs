//! Test helper shared by the token and verifier tests: a scripted pinentry
//! for one test. It writes the answers (`script`), points the log (`log`)
//! and wraps `podpis-test-pinentry` in `pinentry.sh`, so tests running in
//! parallel never share a script or a log.

// Each test binary includes this file and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One test's scripted pinentry.
pub struct ScriptedPinentry {
    /// Directory with `script`, `log`, `pinentry.sh`.
    pub dir: PathBuf,
}

impl ScriptedPinentry {
    /// `binary`: the built `podpis-test-pinentry`. `answers`: one line per
    /// GETPIN (a PIN, `CANCEL`, `TIMEOUT`). `hook`: a shell command run
    /// once, when the pinentry is first started (e.g. pull the token out
    /// while the PIN dialog is open).
    pub fn new(binary: &Path, answers: &[&str], hook: Option<&str>) -> ScriptedPinentry {
        let dir = tempfile::Builder::new().prefix("podpis-pinentry-").tempdir().expect("tempdir").keep();
        std::fs::write(dir.join("script"), answers.join("\n") + "\n").expect("write script");
        let hook = match hook {
            Some(h) => format!("if [ ! -e '{0}/hooked' ]; then touch '{0}/hooked'; {h}; fi\n", dir.display()),
            None => String::new(),
        };
        let wrapper = dir.join("pinentry.sh");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\n{hook}PODPIS_PINENTRY_SCRIPT='{}' PODPIS_PINENTRY_LOG='{}' exec '{}' \"$@\"\n",
                dir.join("script").display(),
                dir.join("log").display(),
                binary.display()
            ),
        )
        .expect("write wrapper");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod wrapper");
        ScriptedPinentry { dir }
    }

    /// The program to configure as the pinentry.
    pub fn wrapper(&self) -> PathBuf {
        self.dir.join("pinentry.sh")
    }

    /// Everything the pinentry was told, in order.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }
}
