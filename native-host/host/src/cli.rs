//! The command line for people: `install`, `uninstall`, `doctor`,
//! `--version`. Anything else is a browser launching the host.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{data_home, home, Config, ProcessEnv};
use crate::install::locations::{Browser, Os, Scope};
use crate::install::{self, InstallPlan};

/// First arguments that select the command line rather than serving.
pub const CLI_WORDS: &[&str] = &["install", "uninstall", "doctor", "--version", "-V", "--help", "-h", "help"];

/// True when `args` (without the program name) are a person's command.
pub fn is_cli(args: &[String]) -> bool {
    args.first().is_some_and(|a| CLI_WORDS.contains(&a.as_str()))
}

#[derive(Parser)]
#[command(name = "podpis-host", version, about = "Podpis native-messaging host")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Register the host with browsers.
    Install {
        /// chrome, chromium, edge, brave, vivaldi, firefox or all
        /// (default: all browsers found).
        #[arg(long = "browser")]
        browsers: Vec<String>,
        /// For the current user (default).
        #[arg(long, conflicts_with = "system")]
        user: bool,
        /// For all users (administrator).
        #[arg(long)]
        system: bool,
        /// Allowed extension id (repeatable; default: from configuration).
        #[arg(long = "extension-id")]
        extension_ids: Vec<String>,
        /// Chromium --user-data-dir of a custom profile (repeatable).
        #[arg(long = "user-data-dir")]
        user_data_dirs: Vec<PathBuf>,
        /// Host executable path to register (default: this program).
        #[arg(long)]
        host_path: Option<PathBuf>,
        /// Prefix for system paths (packaging, tests).
        #[arg(long, default_value = "/")]
        root: PathBuf,
    },
    /// Remove what install wrote.
    Uninstall {
        /// Per-user registration (default).
        #[arg(long, conflicts_with = "system")]
        user: bool,
        /// System-wide registration.
        #[arg(long)]
        system: bool,
        /// Prefix for system paths.
        #[arg(long, default_value = "/")]
        root: PathBuf,
    },
    /// Check that this computer is ready to sign.
    Doctor {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Report language: ru (default) or en.
        #[arg(long, default_value = "ru")]
        lang: String,
    },
}

/// Runs a command line; returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let argv = std::iter::once("podpis-host".to_string()).chain(args.iter().cloned());
    let cli = match Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    crate::logging::init(&std::env::var("PODPIS_LOG").unwrap_or_else(|_| "warn".into()), None);
    match cli.cmd {
        Cmd::Install { browsers, user: _, system, extension_ids, user_data_dirs, host_path, root } => {
            run_install(browsers, system, extension_ids, user_data_dirs, host_path, root)
        }
        Cmd::Uninstall { user: _, system, root } => {
            let scope = if system { Scope::System } else { Scope::User };
            let Some(data) = data_home(&ProcessEnv) else {
                eprintln!("podpis-host: HOME is not set");
                return 1;
            };
            match install::uninstall(scope, &data, &root) {
                Ok(removed) => {
                    for f in removed {
                        println!("removed {}", f.display());
                    }
                    0
                }
                Err(e) => {
                    eprintln!("podpis-host uninstall: {e}");
                    1
                }
            }
        }
        Cmd::Doctor { json, lang } => crate::doctor::run(json, lang == "en"),
    }
}

fn run_install(
    names: Vec<String>,
    system: bool,
    mut ids: Vec<String>,
    user_data_dirs: Vec<PathBuf>,
    host_path: Option<PathBuf>,
    root: PathBuf,
) -> i32 {
    let env = ProcessEnv;
    let (Some(home), Some(data)) = (home(&env), data_home(&env)) else {
        eprintln!("podpis-host: HOME is not set");
        return 1;
    };
    let os = Os::current();
    let mut browsers = Vec::new();
    for n in &names {
        if n == "all" {
            browsers.extend_from_slice(Browser::ALL);
        } else if let Some(b) = Browser::from_name(n) {
            browsers.push(b);
        } else {
            eprintln!("podpis-host install: unknown browser {n:?} (chrome, chromium, edge, brave, vivaldi, firefox, all)");
            return 2;
        }
    }
    if names.is_empty() && user_data_dirs.is_empty() {
        browsers = Browser::ALL.iter().copied().filter(|b| b.is_installed(os, &home)).collect();
        if browsers.is_empty() {
            browsers = Browser::ALL.to_vec();
        }
    }
    browsers.dedup();
    if ids.is_empty() {
        ids = match Config::load() {
            Ok(c) => c.allowed_extensions,
            Err(e) => {
                eprintln!("podpis-host install: {e}");
                return 1;
            }
        };
    }
    let host_path = match host_path.map(Ok).unwrap_or_else(std::env::current_exe) {
        Ok(p) => std::fs::canonicalize(&p).unwrap_or(p),
        Err(e) => {
            eprintln!("podpis-host install: cannot find own path: {e}");
            return 1;
        }
    };
    // Windows: manifests live in %APPDATA%\podpis (the registry points there).
    let install_home = if os == Os::Windows {
        std::env::var_os("APPDATA").map(PathBuf::from).unwrap_or_else(|| data.clone()).join("podpis")
    } else {
        home
    };
    let plan = InstallPlan {
        browsers,
        scope: if system { Scope::System } else { Scope::User },
        extension_ids: ids,
        host_path,
        user_data_dirs,
        home: install_home,
        data_home: data,
        root,
        os,
    };
    match install::install(&plan) {
        Ok(files) => {
            for f in files {
                println!("wrote {}", f.display());
            }
            0
        }
        Err(e) => {
            eprintln!("podpis-host install: {e}");
            1
        }
    }
}
