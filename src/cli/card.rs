//! `agent card status` and `agent card login`.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::exit;
use super::output::{note, print_json, warn};
use super::Context;
use crate::card::diagnosis::{card_status, ErrorReport, StatusRequest};
use crate::card::login::CardSession;
use crate::card::report::LoginReport;
use crate::error::{Error, Result};
use crate::i18n::Localize;
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
        println!("{}", doc.localize());
    }
    match error {
        Some(e) => Err(e),
        None => Ok(exit::OK),
    }
}

/// The line shown while waiting for a card.
pub fn waiting(w: crate::card::reader::Waiting) -> String {
    w.localize()
}

fn login(ctx: &Context, args: LoginArgs) -> Result<u8> {
    ctx.pin_source.check_available()?;
    let token = ctx.open_token()?;
    let session = CardSession::login(token, args.allow_final_try, false, || {
        Ok::<_, Error>(ctx.pin_source.read_pin_prompt(&tr!("prompt-card-pin"))?)
    })?;
    let report = LoginReport::of(&session)?;
    if args.json {
        print_json(&report)?;
    } else {
        println!("{}", report.localize());
    }
    Ok(exit::OK)
}
