//! The Russian texts of PIN prompts.

use podpis_protocol::TokenFlags;

/// What the PIN is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Signing a document.
    Sign,
    /// Certificate login to a site.
    Login,
}

/// Everything a prompt shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptText {
    /// Window title.
    pub title: String,
    /// Description: site, owner, token (and document).
    pub description: String,
    /// The field label.
    pub prompt: String,
    /// The error line after a wrong PIN.
    pub error: Option<String>,
}

/// Context of a PIN request.
#[derive(Debug, Clone)]
pub struct PromptContext<'a> {
    /// Sign or login.
    pub purpose: Purpose,
    /// The requesting site.
    pub origin: &'a str,
    /// The certificate owner (display name).
    pub owner: &'a str,
    /// The token label.
    pub token_label: &'a str,
    /// Document name, when signing a named document.
    pub document: Option<&'a str>,
}

impl PromptContext<'_> {
    /// The prompt for entering the PIN in the pinentry.
    pub fn pin_prompt(&self, error: Option<String>) -> PromptText {
        let action = match (self.purpose, self.document) {
            (Purpose::Login, _) => "вход на сайт по сертификату".to_string(),
            (Purpose::Sign, Some(doc)) => format!("подпись документа «{doc}»"),
            (Purpose::Sign, None) => "электронную подпись".to_string(),
        };
        PromptText {
            title: match self.purpose {
                Purpose::Login => "Podpis: вход по сертификату".into(),
                Purpose::Sign => "Podpis: электронная подпись".into(),
            },
            description: format!(
                "Сайт {} запрашивает {action}.\nСертификат: {}\nТокен: «{}»\nВведите PIN-код токена.",
                self.origin, self.owner, self.token_label
            ),
            prompt: "PIN-код:".into(),
            error,
        }
    }

    /// The message shown while the user types on a PIN pad.
    pub fn pin_pad_message(&self) -> String {
        let action = match self.purpose {
            Purpose::Login => "вход на сайт по сертификату",
            Purpose::Sign => "электронную подпись",
        };
        format!(
            "Сайт {} запрашивает {action}.\nСертификат: {}\nВведите PIN-код на клавиатуре считывателя токена «{}».",
            self.origin, self.owner, self.token_label
        )
    }
}

/// The error line after a wrong PIN, from the token flags read after the
/// failed login: final try → one attempt, count low → few attempts.
pub fn wrong_pin_error(flags: &TokenFlags) -> String {
    if flags.pin_final_try {
        "Неверный PIN-код. Осталась 1 попытка: при следующей ошибке PIN-код будет заблокирован.".into()
    } else if flags.pin_count_low {
        "Неверный PIN-код. Осталось мало попыток.".into()
    } else {
        "Неверный PIN-код. Попробуйте ещё раз.".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_name_site_owner_token() {
        let c = PromptContext { purpose: Purpose::Login, origin: "https://nalog.example", owner: "Иванов Иван", token_label: "Рутокен", document: None };
        let p = c.pin_prompt(None);
        assert!(p.description.contains("https://nalog.example"));
        assert!(p.description.contains("Иванов Иван"));
        assert!(p.description.contains("вход на сайт"));
        let f = TokenFlags { pin_final_try: true, ..Default::default() };
        assert!(wrong_pin_error(&f).contains("1 попытка"));
        let f = TokenFlags { pin_count_low: true, ..Default::default() };
        assert!(wrong_pin_error(&f).contains("мало попыток"));
    }
}
