//! `podpis-host`: started by the browser for native messaging, or by a
//! person as `podpis-host install|uninstall|doctor|--version`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = if podpis_host::cli::is_cli(&args) { podpis_host::cli::run(&args) } else { podpis_host::serve::serve(&args) };
    std::process::exit(code);
}
