//! `agent check`: test the DMP connection with the installed ORG AUTH_CLI pair — exactly the TLS
//! handshake the DMP software makes.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::exit;
use super::output::print_json;
use super::Context;
use crate::certificate::CertSummary;
use crate::csr::Usage;
use crate::enroll::tls::{load_roots, probe, software_client_config};
use crate::error::{Error, Result};
use crate::store::{files, Store};
use crate::tr;

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

#[derive(Serialize)]
struct CheckReport {
    url: String,
    structure: String,
    client_certificate_serial: String,
    tls_version: String,
    cipher_suite: String,
    server_subject: Option<String>,
    http_status: Option<u16>,
}

/// Runs `agent check`.
pub fn run(ctx: &Context, a: CheckArgs) -> Result<u8> {
    let store = Store::new(&ctx.home);
    let slots: Vec<_> = store
        .slots()?
        .into_iter()
        .filter(|s| s.usage == Usage::AuthCli)
        .filter(|s| a.structure.as_ref().is_none_or(|w| &s.structure == w))
        .collect();
    let slot = match slots.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(Error::InvalidInput(match a.structure.as_deref() {
                Some(s) => tr!("check-no-auth-cli-for", structure = s),
                None => tr!("check-no-auth-cli"),
            }))
        }
        many => {
            return Err(Error::Usage(tr!(
                "check-several",
                structures = many
                    .iter()
                    .map(|s| s.structure.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    };
    let (_, cert) = slot.check_live()?;
    let live = slot.live();
    if !live.join(files::KEY).exists() {
        return Err(Error::InvalidInput(tr!("check-key-on-token")));
    }
    let config = software_client_config(
        &live.join(files::FULLCHAIN),
        &live.join(files::KEY),
        load_roots(&a.ca_file)?,
    )?;
    let p = probe(&a.url, Arc::new(config), Duration::from_secs(a.timeout))?;
    let server_subject = CertSummary::parse(&p.server_certificate, "the server certificate")
        .ok()
        .map(|s| s.subject);
    let report = CheckReport {
        url: a.url.clone(),
        structure: slot.structure.clone(),
        client_certificate_serial: cert.serial.clone(),
        tls_version: p.tls_version,
        cipher_suite: p.cipher_suite,
        server_subject,
        http_status: p.http_status,
    };
    if a.json {
        print_json(&report)?;
    } else {
        println!(
            "{}",
            tr!(
                "check-connected",
                url = report.url,
                structure = report.structure,
                serial = report.client_certificate_serial
            )
        );
        println!(
            "  {}",
            tr!(
                "check-tls",
                version = report.tls_version,
                suite = report.cipher_suite
            )
        );
        if let Some(s) = &report.server_subject {
            println!("  {}", tr!("check-server", subject = s));
        }
        match report.http_status {
            Some(code) => println!("  {}", tr!("check-http", code = code.to_string())),
            None => println!("  {}", tr!("check-no-http")),
        }
    }
    Ok(exit::OK)
}
