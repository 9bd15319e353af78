//! clap's parse errors in the catalogue's language.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::error::Error as _;

use crate::{Catalogue, Localizer};

impl<C: Catalogue> Localizer<C> {
    /// Under [`Frame::French`](crate::Frame::French), the parse error `e` in French for the kinds
    /// people meet (unknown argument or command, missing or invalid value, missing argument or
    /// command, conflict, wrong number of values); `None` for the others, and for every error
    /// under [`Frame::Clap`](crate::Frame::Clap): clap prints them.
    pub fn parse_error(&self, e: &clap::Error) -> Option<String> {
        if !self.french() {
            return None;
        }
        let ctx = |k: ContextKind| -> Option<String> {
            e.get(k).map(|v| match v {
                ContextValue::String(s) => s.clone(),
                ContextValue::Strings(v) => v.join(", "),
                ContextValue::StyledStr(s) => s.to_string(),
                ContextValue::StyledStrs(v) => v
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                ContextValue::Number(n) => n.to_string(),
                ContextValue::Bool(b) => b.to_string(),
                ContextValue::None => String::new(),
                _ => String::new(),
            })
        };
        let list = |k: ContextKind| -> Option<String> {
            match e.get(k) {
                Some(ContextValue::Strings(v)) => Some(
                    v.iter()
                        .map(|s| format!("«\u{a0}{s}\u{a0}»"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                _ => ctx(k).map(|s| format!("«\u{a0}{s}\u{a0}»")),
            }
        };
        let fr = |id: &str, args: &[(&str, String)]| self.frame_text(id, args);
        let arg = ctx(ContextKind::InvalidArg).unwrap_or_default();
        let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
        let mut tips = Vec::new();
        let main = match e.kind() {
            ErrorKind::UnknownArgument => {
                if let Some(s) = ctx(ContextKind::SuggestedArg) {
                    tips.push(fr("clap-tip-similar-arg", &[("arg", s)]));
                }
                fr("clap-unknown-argument", &[("arg", arg)])
            }
            ErrorKind::InvalidSubcommand => {
                let sub = ctx(ContextKind::InvalidSubcommand).unwrap_or_default();
                if let Some(s) = ctx(ContextKind::SuggestedSubcommand) {
                    tips.push(fr("clap-tip-similar-command", &[("command", s)]));
                }
                fr("clap-unknown-command", &[("command", sub)])
            }
            ErrorKind::InvalidValue => {
                if let Some(s) = ctx(ContextKind::SuggestedValue) {
                    tips.push(fr("clap-tip-similar-value", &[("value", s)]));
                }
                if value.is_empty() {
                    fr("clap-missing-value", &[("arg", arg)])
                } else {
                    let valid = list(ContextKind::ValidValue).unwrap_or_default();
                    fr(
                        "clap-invalid-value",
                        &[("arg", arg), ("value", value), ("valid", valid)],
                    )
                }
            }
            ErrorKind::ValueValidation => {
                let reason = e.source().map(|s| s.to_string()).unwrap_or_default();
                fr(
                    "clap-value-validation",
                    &[("arg", arg), ("value", value), ("reason", reason)],
                )
            }
            ErrorKind::MissingRequiredArgument => fr(
                "clap-missing-argument",
                &[("args", list(ContextKind::InvalidArg).unwrap_or_default())],
            ),
            ErrorKind::MissingSubcommand => fr("clap-missing-command", &[]),
            ErrorKind::ArgumentConflict => {
                let prior = ctx(ContextKind::PriorArg).unwrap_or_default();
                if prior == arg {
                    fr("clap-used-twice", &[("arg", arg)])
                } else {
                    fr("clap-conflict", &[("arg", arg), ("prior", prior)])
                }
            }
            ErrorKind::TooManyValues => {
                fr("clap-too-many-values", &[("arg", arg), ("value", value)])
            }
            ErrorKind::NoEquals => fr("clap-no-equals", &[("arg", arg)]),
            ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
                fr("clap-wrong-number-of-values", &[("arg", arg)])
            }
            _ => return None,
        };
        let mut s = format!("{}\u{a0}: {main}\n", fr("clap-error", &[]));
        for t in tips {
            s.push_str(&format!("\n  {}\u{a0}: {t}\n", fr("clap-tip", &[])));
        }
        if let Some(usage) = ctx(ContextKind::Usage) {
            let usage = usage.trim_start_matches("Usage:").trim();
            s.push_str(&format!(
                "\n{}\u{a0}: {usage}\n",
                fr("help-heading-usage", &[])
            ));
        }
        s.push_str(&format!("\n{}\n", fr("clap-more-info", &[])));
        Some(s)
    }
}
