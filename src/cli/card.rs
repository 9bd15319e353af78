//! `agent card status` and `agent card login`.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{note, or_dash, print_json, warn};
use super::Context;
use crate::card::holder::{self, HolderIdentity};
use crate::card::login::{tries_left, CardSession};
use crate::card::reader::{self, ReaderInfo};
use crate::card::token::TokenSummary;
use crate::card::CardError;
use crate::error::{exit, Error, Result};

/// `agent card …`
#[derive(Debug, Subcommand)]
pub enum CardCommand {
    /// Readers and cards (ATR, model), the token (label, serial, PIN state) and the holder
    /// identity; no PIN is needed
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
    /// Print one JSON object instead of text
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

/// The JSON document of `agent card status --json`.
#[derive(Debug, Serialize)]
pub struct CardStatus {
    /// PC/SC readers.
    pub readers: Vec<ReaderInfo>,
    /// The PKCS#11 token, if one was opened.
    pub token: Option<TokenSummary>,
    /// The holder, if the certificate could be read.
    pub holder: Option<HolderIdentity>,
}

/// Runs a card command.
pub fn run(ctx: &Context, cmd: CardCommand) -> Result<u8> {
    match cmd {
        CardCommand::Status(a) => status(ctx, a),
        CardCommand::Login(a) => login(ctx, a),
    }
}

fn status(ctx: &Context, args: StatusArgs) -> Result<u8> {
    let readers = match args.wait {
        Some(secs) => {
            reader::wait_for_card(Duration::from_secs(secs), |m| note(m))?;
            Ok(reader::list_readers()?)
        }
        None => reader::list_readers(),
    };
    let token = ctx.open_token();
    let (readers, token) = match (readers, token) {
        // No token: when PC/SC explains why (no pcscd, no reader, no card), say that.
        (Err(pcsc), Err(Error::Card(CardError::TokenNotFound { present, .. })))
            if present.is_empty() =>
        {
            return Err(pcsc.into())
        }
        (Ok(r), Err(Error::Card(CardError::TokenNotFound { present, .. })))
            if present.is_empty()
                && r.iter()
                    .any(|r| r.model == Some(reader::CardModel::Unknown))
                && !r.iter().any(|r| {
                    matches!(
                        r.model,
                        Some(reader::CardModel::Cps3 | reader::CardModel::Cps4)
                    )
                }) =>
        {
            // The only card present is not a CPx card: that explains the missing token.
            let unknown = r
                .iter()
                .find(|r| r.model == Some(reader::CardModel::Unknown));
            return Err(CardError::UnknownCard {
                reader: unknown.map(|r| r.name.clone()).unwrap_or_default(),
                atr: unknown.and_then(|r| r.atr.clone()).unwrap_or_default(),
            }
            .into());
        }
        (Ok(r), Err(Error::Card(CardError::TokenNotFound { present, .. })))
            if present.is_empty() && (r.is_empty() || r.iter().all(|r| !r.card_present)) =>
        {
            return Err(match r.first() {
                None => CardError::NoReader,
                Some(first) => CardError::NoCard {
                    reader: Some(first.name.clone()),
                },
            }
            .into());
        }
        (_, Err(tok)) => return Err(tok),
        (Err(pcsc), Ok(t)) => {
            warn(format!("{pcsc} (the PKCS#11 token was found anyway)"));
            (Vec::new(), t)
        }
        (Ok(r), Ok(t)) => (r, t),
    };
    let summary = token.summary()?;
    let holder = {
        let session = token
            .pkcs11
            .open_ro_session(token.slot)
            .map_err(|e| CardError::pkcs11("opening a session", e))?;
        match holder::read_identity(&session) {
            Ok(h) => {
                if let Some(t) = &h.test_id {
                    warn(format!(
                        "the holder's national id {} is a test-platform identifier ({t}): commands that use it need --allow-test-ids",
                        h.national_id.as_deref().unwrap_or("")
                    ));
                }
                Some(h)
            }
            Err(e) => {
                warn(e);
                None
            }
        }
    };
    let doc = CardStatus {
        readers,
        token: Some(summary),
        holder,
    };
    if args.json {
        print_json(&doc)?;
    } else {
        print_status(&doc);
    }
    Ok(exit::OK)
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
        Ok(ctx.pin_source.read_pin()?)
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
