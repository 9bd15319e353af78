//! `agent card status` and `agent card login`.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{note, or_dash, print_json, warn};
use super::Context;
use crate::card::diagnosis::{card_status, ErrorReport, StatusRequest};
use crate::card::holder::HolderIdentity;
use crate::card::login::{tries_left, CardSession};
use crate::card::token::TokenSummary;
use crate::error::{exit, Error, Result};

/// `agent card …`
#[derive(Debug, Subcommand)]
pub enum CardCommand {
    /// Readers and cards (ATR, model), the middleware (identity, slots), the token (label,
    /// serial, PIN state) and the holder identity, with what a failure most likely means; no PIN
    /// is needed
    Status(StatusArgs),
    /// Check the PIN against the card, once. Refuses to spend the final try unless
    /// --allow-final-try; never retries
    Login(LoginArgs),
}

/// Options of `agent card status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Wait up to SECS seconds for a card to be inserted
    #[arg(long, value_name = "SECS")]
    pub wait: Option<u64>,
    /// Print one JSON object instead of text (always, also when the exit is not 0: it then has
    /// an "error" member with the code and message)
    #[arg(long)]
    pub json: bool,
}

/// Options of `agent card login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Allow the login even when only one PIN try is left (a wrong PIN then locks the card)
    #[arg(long)]
    pub allow_final_try: bool,
    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

pub use crate::card::diagnosis::CardStatus;

/// Runs a card command.
pub fn run(ctx: &Context, cmd: CardCommand) -> Result<u8> {
    match cmd {
        CardCommand::Status(a) => status(ctx, a),
        CardCommand::Login(a) => login(ctx, a),
    }
}

fn status(ctx: &Context, args: StatusArgs) -> Result<u8> {
    let req = StatusRequest {
        module: ctx.pkcs11_module.as_deref(),
        selector: ctx.token.as_ref(),
        wait: args.wait.map(Duration::from_secs),
    };
    let (mut doc, warnings, error) = card_status(&req, |m| note(m));
    for w in warnings {
        warn(w);
    }
    let error: Option<Error> = error.map(Error::from);
    doc.error = error.as_ref().map(|e| ErrorReport {
        code: e.exit_code(),
        message: e.to_string(),
    });
    if args.json {
        print_json(&doc)?;
    } else {
        print_status(&doc);
    }
    match error {
        Some(e) => Err(e),
        None => Ok(exit::OK),
    }
}

fn pin_words(t: &TokenSummary) -> String {
    if t.pin.pin_locked {
        "LOCKED (unlock with the PUK)".into()
    } else if t.pin.pin_final_try {
        "FINAL TRY ONLY (the agent will not use it without --allow-final-try)".into()
    } else if t.pin.pin_count_low {
        format!(
            "a wrong PIN was entered since the last login ({} tries left)",
            tries_left(&t.pin).unwrap_or(2)
        )
    } else {
        "ok".into()
    }
}

fn print_status(doc: &CardStatus) {
    println!("Readers:");
    if doc.readers.is_empty() {
        println!("  (none seen through PC/SC)");
    }
    for r in &doc.readers {
        if r.card_present {
            println!(
                "  {}: card present, ATR {}, model {}",
                r.name,
                or_dash(r.atr.as_deref()),
                or_dash(r.model)
            );
        } else {
            println!("  {}: no card", r.name);
        }
    }
    for m in &doc.modules {
        match &m.error {
            Some(e) => println!("Module:  {}: {e}", m.path.display()),
            None => println!(
                "Module:  {} {} by {} ({}), {} slot(s){}",
                or_dash(m.description.as_deref()),
                or_dash(m.library_version.as_deref()),
                or_dash(m.manufacturer.as_deref()),
                m.path.display(),
                m.slots.len(),
                if m.slots.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}",
                        m.slots
                            .iter()
                            .map(|s| format!(
                                "{:?} {}",
                                s.description,
                                if s.token_present {
                                    format!("token {}", or_dash(s.token_label.as_deref()))
                                } else {
                                    "no token".to_string()
                                }
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
        }
    }
    if let Some(t) = &doc.token {
        println!("Token:   {} (serial {})", t.label, t.serial);
        println!("PIN:     {}", pin_words(t));
    }
    if let Some(h) = &doc.holder {
        println!(
            "Holder:  {} {}",
            or_dash(h.last_name.as_deref()),
            or_dash(h.first_name.as_deref())
        );
        println!("  card kind    {}", or_dash(h.kind));
        println!("  national id  {}", or_dash(h.national_id.as_deref()));
        println!("  title        {}", or_dash(h.title.as_deref()));
        println!("  card number  {}", or_dash(h.card_number.as_deref()));
        println!(
            "  certificate  expires {}",
            or_dash(h.not_after.and_then(|d| {
                d.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }))
        );
    }
    for d in &doc.diagnosis {
        println!("Diagnosis: {d}");
    }
}

#[derive(Serialize)]
struct LoginReport {
    ok: bool,
    token: TokenSummary,
    holder: Option<HolderIdentity>,
}

fn login(ctx: &Context, args: LoginArgs) -> Result<u8> {
    ctx.pin_source.check_available()?;
    let token = ctx.open_token()?;
    let session = CardSession::login(token, args.allow_final_try, false, || {
        Ok::<_, Error>(ctx.pin_source.read_pin()?)
    })?;
    let report = LoginReport {
        ok: true,
        token: session.token.summary()?,
        holder: session.identity().ok(),
    };
    if args.json {
        print_json(&report)?;
    } else {
        let who = report
            .holder
            .as_ref()
            .map(|h| {
                format!(
                    " for {} {} ({})",
                    or_dash(h.first_name.as_deref()),
                    or_dash(h.last_name.as_deref()),
                    or_dash(h.kind)
                )
            })
            .unwrap_or_default();
        println!("PIN accepted by the card {}{who}.", report.token.label);
    }
    Ok(exit::OK)
}
