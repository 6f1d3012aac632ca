//! `podpis-host doctor`: checks the workplace the way accountants know
//! from "Диагностика" services — browser registration, PKCS#11 modules,
//! tokens, certificates, PIN entry — and gives advice. Exit code 0 only
//! when everything needed for signing is in place.

use serde::Serialize;

use podpis_protocol::{CertificateFilter, CertificateInfo, CertificateWarning, ModuleStatus, TokenInfo};

use crate::config::{home, Config, ProcessEnv};
use crate::install::locations::{Browser, Os};
use crate::install::{registration, Registration};

/// Exit code when the workplace is not ready.
pub const EXIT_NOT_READY: i32 = 1;

/// One finding with advice.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable identifier, e.g. `no-token`.
    pub code: &'static str,
    /// Blocks signing.
    pub fatal: bool,
    /// What is wrong and what to do.
    pub advice: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Ready to sign.
    pub ready: bool,
    /// Host version.
    pub host_version: String,
    /// Configuration files read.
    pub config_files: Vec<String>,
    /// Browser registrations (browsers found on this computer).
    pub browsers: Vec<Registration>,
    /// Modules.
    pub modules: Vec<ModuleStatus>,
    /// Tokens.
    pub tokens: Vec<TokenInfo>,
    /// Certificates.
    pub certificates: Vec<CertificateInfo>,
    /// pinentry program.
    pub pinentry: Option<String>,
    /// Trusted root files (`trusted_roots`, `PODPIS_TRUSTED_ROOTS`); empty:
    /// certificate issuers are not checked.
    pub trusted_roots: Vec<String>,
    /// Findings, fatal first.
    pub findings: Vec<Finding>,
}

fn t(en: bool, ru: &str, e: &str) -> String {
    if en { e.to_string() } else { ru.to_string() }
}

/// Collects the report.
pub fn collect(en: bool) -> Report {
    let mut findings = Vec::new();
    let mut fatal = |code, advice: String| findings.push(Finding { code, fatal: true, advice });
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            fatal("config", t(en, &format!("Ошибка в файле настроек: {e}"), &format!("Configuration error: {e}")));
            Config::resolve(Default::default(), Vec::new(), &ProcessEnv)
        }
    };
    let os = Os::current();
    let home = home(&ProcessEnv).unwrap_or_default();
    let browsers: Vec<Registration> = Browser::ALL
        .iter()
        .filter(|b| b.is_installed(os, &home))
        .map(|b| registration(*b, os, &home, &config.allowed_extensions))
        .collect();
    let mut warn = Vec::new();
    let ok_browsers = browsers.iter().filter(|r| r.manifest.is_some() && r.host_executable && r.missing_ids.is_empty()).count();
    for r in &browsers {
        let name = r.browser.display();
        if r.manifest.is_none() {
            warn.push(("not-registered", format!("{name}: {}", t(en, "Podpis не зарегистрирован. Выполните: podpis-host install", "Podpis is not registered. Run: podpis-host install"))));
        } else if !r.host_executable {
            warn.push(("bad-host-path", format!("{name}: {}", t(en, "файл программы из регистрации не найден. Переустановите: podpis-host install", "the registered program file is missing. Reinstall: podpis-host install"))));
        } else if !r.missing_ids.is_empty() {
            warn.push(("extension-not-allowed", format!("{name}: {} {:?}", t(en, "регистрация не допускает расширение", "the registration does not admit extension"), r.missing_ids)));
        }
    }
    if ok_browsers == 0 {
        fatal("no-browser", t(en, "Ни в одном браузере Podpis не зарегистрирован. Выполните: podpis-host install", "Podpis is registered with no browser. Run: podpis-host install"));
    }
    let backend = crate::backend::for_config(&config);
    let mut modules = backend.module_status();
    if modules.is_empty() {
        // The token layer reported nothing: show what was configured.
        modules = config
            .modules
            .iter()
            .map(|m| ModuleStatus {
                path: m.display().to_string(),
                loaded: false,
                description: None,
                library_version: None,
                error: Some(t(en, "не загружен", "not loaded")),
            })
            .collect();
    }
    if modules.is_empty() {
        fatal("no-module", t(en, "Не найден драйвер токена (PKCS#11). Установите драйвер Рутокен или JaCarta либо укажите modules в ~/.config/podpis/config.toml", "No token driver (PKCS#11 module) found. Install the Rutoken or JaCarta driver, or set modules in ~/.config/podpis/config.toml"));
    } else if !modules.iter().any(|m| m.loaded) {
        fatal("module-not-loaded", t(en, "Драйверы токенов не загружаются. Переустановите драйвер токена.", "No token driver loads. Reinstall the token driver."));
    }
    let tokens = backend.list_tokens().unwrap_or_default();
    if tokens.is_empty() {
        fatal("no-token", t(en, "Токен не подключён. Вставьте Рутокен, JaCarta или другой носитель.", "No token is connected. Insert your Rutoken, JaCarta or other token."));
    }
    for tk in tokens.iter().filter(|t| t.flags.pin_locked) {
        fatal("pin-locked", format!("{}: {}", tk.label, t(en, "PIN-код заблокирован. Разблокируйте токен PIN-кодом администратора.", "The PIN is locked. Unblock it with the administrator PIN.")));
    }
    let mut certificates = backend.list_certificates(&CertificateFilter::default()).unwrap_or_default();
    let valid = certificates.iter().filter(|c| !c.warnings.iter().any(|w| matches!(w, CertificateWarning::Expired | CertificateWarning::NotYetValid))).count();
    if !tokens.is_empty() && valid == 0 {
        fatal("no-certificate", t(en, "На токене нет действующего сертификата с закрытым ключом. Обратитесь в удостоверяющий центр.", "No valid certificate with a private key on the token. Contact your certification authority."));
    }
    match crate::trust::IssuerTrust::load(&config.trusted_roots) {
        Ok(Some(trust)) => trust.mark(&mut certificates, crate::trust::now_unix()),
        Ok(None) => {}
        Err(e) => warn.push(("trusted-roots", format!("{}: {e}", t(en, "Доверенные корневые сертификаты не загружаются, издатели сертификатов не проверяются. Исправьте trusted_roots в ~/.config/podpis/config.toml", "The trusted root certificates do not load, so certificate issuers are not checked. Fix trusted_roots in ~/.config/podpis/config.toml")))),
    }
    for c in certificates.iter().filter(|c| c.warnings.contains(&CertificateWarning::UntrustedIssuer)) {
        let who = c.subject.common_name.clone().unwrap_or_else(|| c.thumbprint.clone());
        warn.push(("untrusted-issuer", format!("{who}: {}", t(en, "сертификат выдан не доверенным удостоверяющим центром (нет в trusted_roots). Не подписывайте им, пока не убедитесь, что он ваш.", "the certificate is issued by an untrusted certification authority (not in trusted_roots). Do not sign with it until you are sure it is yours."))));
    }
    for c in certificates.iter().filter(|c| c.warnings.contains(&CertificateWarning::ExpiresSoon)) {
        let who = c.subject.common_name.clone().unwrap_or_else(|| c.thumbprint.clone());
        warn.push(("expires-soon", format!("{who}: {} {}", t(en, "сертификат скоро истекает:", "certificate expires soon:"), c.not_after)));
    }
    let pinentry = backend.pinentry();
    let pin_pad_only = !tokens.is_empty() && tokens.iter().all(|t| t.flags.pin_pad);
    if pinentry.is_none() && !pin_pad_only {
        fatal("no-pinentry", t(en, "Не найдена программа ввода PIN-кода. Установите пакет pinentry-gnome3 или pinentry-qt.", "No PIN entry program found. Install pinentry-gnome3 or pinentry-qt."));
    }
    findings.extend(warn.into_iter().map(|(code, advice)| Finding { code, fatal: false, advice }));
    Report {
        ready: !findings.iter().any(|f| f.fatal),
        host_version: crate::HOST_VERSION.to_string(),
        config_files: config.files.iter().map(|p| p.display().to_string()).collect(),
        browsers,
        modules,
        tokens,
        certificates,
        pinentry,
        trusted_roots: config.trusted_roots.iter().map(|p| p.display().to_string()).collect(),
        findings,
    }
}

/// Renders the report as text.
pub fn render(r: &Report, en: bool) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let yes = |b: bool| if b { "✔" } else { "✘" };
    let _ = writeln!(s, "Podpis {} — {}", r.host_version, t(en, "диагностика рабочего места", "workplace diagnostics"));
    let _ = writeln!(s, "\n{}", t(en, "Браузеры:", "Browsers:"));
    if r.browsers.is_empty() {
        let _ = writeln!(s, "  {}", t(en, "браузеры не найдены", "no browsers found"));
    }
    for b in &r.browsers {
        let ok = b.manifest.is_some() && b.host_executable && b.missing_ids.is_empty();
        let where_ = b.manifest.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| t(en, "не зарегистрирован", "not registered"));
        let _ = writeln!(s, "  {} {}: {}", yes(ok), b.browser.display(), where_);
    }
    let _ = writeln!(s, "\n{}", t(en, "Драйверы токенов (PKCS#11):", "Token drivers (PKCS#11):"));
    for m in &r.modules {
        let extra = m.description.clone().or_else(|| m.error.clone()).unwrap_or_default();
        let _ = writeln!(s, "  {} {} {}", yes(m.loaded), m.path, extra);
    }
    let _ = writeln!(s, "\n{}", t(en, "Токены:", "Tokens:"));
    for tk in &r.tokens {
        let _ = writeln!(s, "  ✔ {} ({} {}, № {}){}", tk.label, tk.manufacturer, tk.model, tk.serial,
            if tk.flags.pin_locked { t(en, " — PIN заблокирован", " — PIN locked") } else { String::new() });
    }
    let _ = writeln!(s, "\n{}", t(en, "Сертификаты:", "Certificates:"));
    for c in &r.certificates {
        let who = c.subject.common_name.clone().unwrap_or_default();
        let bad = c.warnings.iter().any(|w| matches!(w, CertificateWarning::Expired | CertificateWarning::NotYetValid));
        let untrusted = if c.warnings.contains(&CertificateWarning::UntrustedIssuer) { t(en, " — издатель не доверенный", " — untrusted issuer") } else { String::new() };
        let _ = writeln!(s, "  {} {} ({} {} {}) {}{untrusted}", yes(!bad), who, t(en, "действует", "valid"), c.not_before, c.not_after, c.thumbprint);
    }
    let roots = if r.trusted_roots.is_empty() { t(en, "не настроены (издатели сертификатов не проверяются)", "not configured (certificate issuers are not checked)") } else { r.trusted_roots.join(", ") };
    let _ = writeln!(s, "\n{} {roots}", t(en, "Доверенные корневые сертификаты:", "Trusted root certificates:"));
    let _ = writeln!(s, "\n{} {}", t(en, "Ввод PIN-кода:", "PIN entry:"), r.pinentry.clone().unwrap_or_else(|| t(en, "не найден", "not found")));
    if !r.findings.is_empty() {
        let _ = writeln!(s, "\n{}", t(en, "Что сделать:", "What to do:"));
        for f in &r.findings {
            let _ = writeln!(s, "  {} {}", if f.fatal { "✘" } else { "!" }, f.advice);
        }
    }
    let _ = writeln!(s, "\n{}", if r.ready { t(en, "Рабочее место готово к подписанию.", "The workplace is ready to sign.") } else { t(en, "Рабочее место НЕ готово к подписанию.", "The workplace is NOT ready to sign.") });
    s
}

/// Runs `doctor`; returns the exit code.
pub fn run(json: bool, en: bool) -> i32 {
    let report = collect(en);
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print!("{}", render(&report, en));
    }
    if report.ready { 0 } else { EXIT_NOT_READY }
}
