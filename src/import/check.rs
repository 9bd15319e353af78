//! `agent check`: the TLS handshake the DMP software makes, with the installed ORG AUTH_CLI pair.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::certificate::CertSummary;
use crate::csr::Usage;
use crate::enroll::tls::{load_roots, probe, software_client_config};
use crate::error::{Error, Result};
use crate::i18n::Localize;
use crate::store::{files, Store};
use crate::tr;

/// What to connect to, and with which structure's certificate.
pub struct CheckRequest<'a> {
    /// The https URL.
    pub url: &'a str,
    /// The structure whose AUTH_CLI certificate to use (needed when several are installed).
    pub structure: Option<&'a str>,
    /// PEM roots for the server's certificate.
    pub ca_files: &'a [PathBuf],
    /// Give up after this long.
    pub timeout: Duration,
}

/// What the connection showed (the JSON document of `agent check --json`).
#[derive(Debug, Serialize)]
pub struct CheckReport {
    url: String,
    structure: String,
    client_certificate_serial: String,
    tls_version: String,
    cipher_suite: String,
    server_subject: Option<String>,
    http_status: Option<u16>,
}

/// Connects to `req.url` with the live AUTH_CLI pair of the structure (the only one installed
/// when none is named).
pub fn check(home: &Path, req: &CheckRequest<'_>) -> Result<CheckReport> {
    let store = Store::new(home);
    let slots: Vec<_> = store
        .slots()?
        .into_iter()
        .filter(|s| s.usage == Usage::AuthCli)
        .filter(|s| req.structure.is_none_or(|w| s.structure == w))
        .collect();
    let slot = match slots.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(Error::InvalidInput(match req.structure {
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
        load_roots(req.ca_files)?,
    )?;
    let p = probe(req.url, Arc::new(config), req.timeout)?;
    let server_subject = CertSummary::parse(&p.server_certificate, "the server certificate")
        .ok()
        .map(|s| s.subject);
    Ok(CheckReport {
        url: req.url.to_string(),
        structure: slot.structure.clone(),
        client_certificate_serial: cert.serial.clone(),
        tls_version: p.tls_version,
        cipher_suite: p.cipher_suite,
        server_subject,
        http_status: p.http_status,
    })
}

/// The text of `agent check`: the connection, the TLS parameters, the server, the HTTP answer.
impl Localize for CheckReport {
    fn localize(&self) -> String {
        let mut lines = vec![tr!(
            "check-connected",
            url = self.url,
            structure = self.structure,
            serial = self.client_certificate_serial
        )];
        lines.push(format!(
            "  {}",
            tr!(
                "check-tls",
                version = self.tls_version,
                suite = self.cipher_suite
            )
        ));
        if let Some(s) = &self.server_subject {
            lines.push(format!("  {}", tr!("check-server", subject = s)));
        }
        lines.push(match self.http_status {
            Some(code) => format!("  {}", tr!("check-http", code = code.to_string())),
            None => format!("  {}", tr!("check-no-http")),
        });
        lines.join("\n")
    }
}
