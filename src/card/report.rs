//! What `agent card status` and `agent card login` say, in the language of the run (the CLI
//! prints it; the JSON documents are the same types, serialized).

use serde::Serialize;

use super::diagnosis::CardStatus;
use super::holder::HolderIdentity;
use super::login::{tries_left, CardSession};
use super::reader::Waiting;
use super::token::TokenSummary;
use super::CardError;
use crate::i18n::{quote, Localize};
use crate::tr;

/// `-` for a value that is absent.
fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".to_string())
}

/// The line shown while waiting for a card.
impl Localize for Waiting {
    fn localize(&self) -> String {
        if self.reader_present {
            tr!("card-waiting", seconds = self.seconds)
        } else {
            tr!("card-waiting-reader", seconds = self.seconds)
        }
    }
}

/// The PIN state in words.
fn pin_words(t: &TokenSummary) -> String {
    if t.pin.pin_locked {
        tr!("card-pin-locked")
    } else if t.pin.pin_final_try {
        tr!("card-pin-final-try")
    } else if t.pin.pin_count_low {
        tr!(
            "card-pin-count-low",
            tries = tries_left(&t.pin).unwrap_or(2)
        )
    } else {
        tr!("card-pin-ok")
    }
}

/// The text of `agent card status`, one line each: readers, modules and their slots, token, PIN,
/// holder, and what the failures most likely mean.
impl Localize for CardStatus {
    fn localize(&self) -> String {
        let mut lines = vec![tr!("card-readers")];
        if self.readers.is_empty() {
            lines.push(format!("  {}", tr!("card-readers-none")));
        }
        for r in &self.readers {
            if r.card_present {
                lines.push(format!(
                    "  {}",
                    tr!(
                        "card-reader-present",
                        reader = r.name,
                        atr = or_dash(r.atr.as_deref()),
                        model = or_dash(r.model)
                    )
                ));
            } else {
                lines.push(format!("  {}", tr!("card-reader-empty", reader = r.name)));
            }
        }
        for m in &self.modules {
            match &m.error {
                Some(e) => lines.push(tr!(
                    "card-module-error",
                    path = m.path,
                    reason = e.to_string()
                )),
                None => {
                    let slots = m
                        .slots
                        .iter()
                        .map(|s| {
                            let token = if s.token_present {
                                tr!("card-slot-token", label = or_dash(s.token_label.as_deref()))
                            } else {
                                tr!("card-slot-no-token")
                            };
                            format!("{} {token}", quote(&s.description))
                        })
                        .collect::<Vec<_>>();
                    let line = tr!(
                        "card-module",
                        description = or_dash(m.description.as_deref()),
                        version = or_dash(m.library_version.as_deref()),
                        manufacturer = or_dash(m.manufacturer.as_deref()),
                        path = m.path,
                        count = m.slots.len()
                    );
                    if slots.is_empty() {
                        lines.push(line);
                    } else {
                        lines.push(format!(
                            "{line}{}",
                            tr!("card-module-slots", slots = slots.join(", "))
                        ));
                    }
                }
            }
        }
        if let Some(t) = &self.token {
            lines.push(tr!("card-token", label = t.label, serial = t.serial));
            lines.push(tr!("card-pin", state = pin_words(t)));
        }
        if let Some(h) = &self.holder {
            lines.push(tr!(
                "card-holder",
                last = or_dash(h.last_name.as_deref()),
                first = or_dash(h.first_name.as_deref())
            ));
            lines.push(tr!("card-holder-kind", value = or_dash(h.kind)));
            lines.push(tr!(
                "card-holder-national-id",
                value = or_dash(h.national_id.as_deref())
            ));
            lines.push(tr!(
                "card-holder-title",
                value = or_dash(h.title.as_deref())
            ));
            lines.push(tr!(
                "card-holder-card-number",
                value = or_dash(h.card_number.as_deref())
            ));
            lines.push(tr!(
                "card-holder-expires",
                value = or_dash(h.not_after.and_then(|d| {
                    d.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }))
            ));
        }
        for d in &self.why {
            lines.push(tr!("card-diagnosis", text = d.localize()));
        }
        lines.join("\n")
    }
}

/// The result of `agent card login` (its JSON document).
#[derive(Debug, Serialize)]
pub struct LoginReport {
    /// Always true: a failed login is an error.
    pub ok: bool,
    /// The token logged into.
    pub token: TokenSummary,
    /// The holder, if the certificate could be read.
    pub holder: Option<HolderIdentity>,
}

impl LoginReport {
    /// What a successful login tells.
    pub fn of(session: &CardSession) -> Result<LoginReport, CardError> {
        Ok(LoginReport {
            ok: true,
            token: session.token.summary()?,
            holder: session.identity().ok(),
        })
    }
}

/// The line of `agent card login`.
impl Localize for LoginReport {
    fn localize(&self) -> String {
        match &self.holder {
            Some(h) => tr!(
                "card-login-ok-holder",
                label = self.token.label,
                first = or_dash(h.first_name.as_deref()),
                last = or_dash(h.last_name.as_deref()),
                kind = or_dash(h.kind)
            ),
            None => tr!("card-login-ok", label = self.token.label),
        }
    }
}
