//! `podpis-cabinet`: runs the demo web cabinet on 127.0.0.1.

use std::path::PathBuf;

use clap::Parser;
use podpis_cabinet::Config;

/// The Podpis demo web cabinet (login by certificate, signed reports).
#[derive(Debug, Parser)]
#[command(name = "podpis-cabinet", version)]
struct Args {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, env = "PODPIS_CABINET_PORT", default_value_t = 8443)]
    port: u16,
    /// PEM file(s) with the CA certificates the cabinet trusts.
    #[arg(long = "roots", env = "PODPIS_CABINET_ROOTS", value_delimiter = ':', required = true)]
    roots: Vec<PathBuf>,
    /// Directory for sent reports and signatures.
    #[arg(long, env = "PODPIS_CABINET_DATA", default_value = "cabinet-data")]
    data: PathBuf,
    /// The origin browsers use for the cabinet (default http://127.0.0.1:PORT).
    #[arg(long, env = "PODPIS_CABINET_ORIGIN")]
    origin: Option<String>,
    /// Lifetime of a login challenge, seconds.
    #[arg(long, default_value_t = Config::DEFAULT_CHALLENGE_TTL)]
    challenge_ttl: i64,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("podpis-cabinet: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("podpis-cabinet: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
    let port = listener.local_addr()?.port();
    let origin = args.origin.unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
    let mut config = Config::new(&args.roots, &args.data, origin.clone())?;
    config.challenge_ttl = args.challenge_ttl;
    println!("podpis-cabinet: {origin}/ (data: {}, trusted roots: {})", args.data.display(), config.root_names.join(", "));
    podpis_cabinet::serve(config, listener).await?;
    Ok(())
}
