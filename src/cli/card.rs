//! `agent card status` and `agent card login`.

use crate::i18n::Localize;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::exit;
use super::output::{note, or_dash, print_json, warn};
use super::report;
use super::Context;
use crate::card::diagnosis::{card_status, ErrorReport, StatusRequest};
use crate::card::holder::HolderIdentity;
use crate::card::login::{tries_left, CardSession};
use crate::card::token::TokenSummary;
use crate::error::{Error, Result};
use crate::tr;

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
    let (mut doc, warnings, error) = card_status(&req, |w| note(waiting(w)));
    for w in &warnings {
        warn(w.localize());
    }
    let error: Option<Error> = error.map(Error::from);
    doc.error = error.as_ref().map(|e| ErrorReport {
        code: exit::code(e),
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

/// The line shown while waiting for a card.
pub fn waiting(w: crate::card::reader::Waiting) -> String {
    if w.reader_present {
        tr!("card-waiting", seconds = w.seconds)
    } else {
        tr!("card-waiting-reader", seconds = w.seconds)
    }
}

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

fn print_status(doc: &CardStatus) {
    println!("{}", tr!("card-readers"));
    if doc.readers.is_empty() {
        println!("  {}", tr!("card-readers-none"));
    }
    for r in &doc.readers {
        if r.card_present {
            println!(
                "  {}",
                tr!(
                    "card-reader-present",
                    reader = r.name,
                    atr = or_dash(r.atr.as_deref()),
                    model = or_dash(r.model)
                )
            );
        } else {
            println!("  {}", tr!("card-reader-empty", reader = r.name));
        }
    }
    for m in &doc.modules {
        match &m.error {
            Some(e) => println!(
                "{}",
                tr!("card-module-error", path = m.path, reason = e.to_string())
            ),
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
                        format!("{} {token}", report::quote(&s.description))
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
                    println!("{line}");
                } else {
                    println!(
                        "{line}{}",
                        tr!("card-module-slots", slots = slots.join(", "))
                    );
                }
            }
        }
    }
    if let Some(t) = &doc.token {
        println!("{}", tr!("card-token", label = t.label, serial = t.serial));
        println!("{}", tr!("card-pin", state = pin_words(t)));
    }
    if let Some(h) = &doc.holder {
        println!(
            "{}",
            tr!(
                "card-holder",
                last = or_dash(h.last_name.as_deref()),
                first = or_dash(h.first_name.as_deref())
            )
        );
        println!("{}", tr!("card-holder-kind", value = or_dash(h.kind)));
        println!(
            "{}",
            tr!(
                "card-holder-national-id",
                value = or_dash(h.national_id.as_deref())
            )
        );
        println!(
            "{}",
            tr!("card-holder-title", value = or_dash(h.title.as_deref()))
        );
        println!(
            "{}",
            tr!(
                "card-holder-card-number",
                value = or_dash(h.card_number.as_deref())
            )
        );
        println!(
            "{}",
            tr!(
                "card-holder-expires",
                value = or_dash(h.not_after.and_then(|d| {
                    d.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }))
            )
        );
    }
    for d in &doc.why {
        println!("{}", tr!("card-diagnosis", text = d.localize()));
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
        Ok::<_, Error>(ctx.pin_source.read_pin_prompt(&tr!("prompt-card-pin"))?)
    })?;
    let report = LoginReport {
        ok: true,
        token: session.token.summary()?,
        holder: session.identity().ok(),
    };
    if args.json {
        print_json(&report)?;
    } else {
        let msg = match &report.holder {
            Some(h) => tr!(
                "card-login-ok-holder",
                label = report.token.label,
                first = or_dash(h.first_name.as_deref()),
                last = or_dash(h.last_name.as_deref()),
                kind = or_dash(h.kind)
            ),
            None => tr!("card-login-ok", label = report.token.label),
        };
        println!("{msg}");
    }
    Ok(exit::OK)
}
