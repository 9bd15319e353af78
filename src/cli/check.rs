//! `agent check`: test the DMP connection with the installed ORG AUTH_CLI pair — exactly the TLS
//! handshake the DMP software makes.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::exit;
use super::output::print_json;
use super::Context;
use crate::error::Result;
use crate::i18n::Localize;
use crate::import::check::{check, CheckRequest};

/// Options of `agent check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The https URL to connect to (e.g. the DMP service's endpoint)
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The structure whose AUTH_CLI certificate to use (needed when several are installed)
    #[arg(long, value_name = "ID")]
    pub structure: Option<String>,
    /// PEM roots for the server's certificate (repeatable; required)
    #[arg(long, value_name = "FILE", required = true)]
    pub ca_file: Vec<PathBuf>,
    /// Give up after this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 15)]
    pub timeout: u64,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// Runs `agent check`.
pub fn run(ctx: &Context, a: CheckArgs) -> Result<u8> {
    let report = check(
        &ctx.home,
        &CheckRequest {
            url: &a.url,
            structure: a.structure.as_deref(),
            ca_files: &a.ca_file,
            timeout: Duration::from_secs(a.timeout),
        },
    )?;
    if a.json {
        print_json(&report)?;
    } else {
        println!("{}", report.localize());
    }
    Ok(exit::OK)
}
