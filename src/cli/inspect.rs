//! `agent inspect FILE` (also `agent csr --show FILE`): a CSR or certificate in human terms, and
//! whether it fits the ORG profile of its usage.

use std::path::{Path, PathBuf};

use clap::Args;

use super::output::print_json;
use crate::csr::{inspect_bytes, CheckStatus, Inspection, ObjectKind};
use crate::error::{exit, Error, Result};

/// Options of `agent inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The CSR or certificate (PEM or DER)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `agent inspect`: exit 0 when the object fits the ORG profile, 40 when it does not.
pub fn run(args: InspectArgs) -> Result<u8> {
    show(&args.file, args.json)
}

/// Prints `file` and returns 0 if it fits the profile, [`exit::CERT_CHECK`] otherwise.
pub fn show(file: &Path, json: bool) -> Result<u8> {
    let bytes = crate::fsutil::read_input(file, crate::fsutil::MAX_CERT_FILE)?;
    let inspection = inspect_bytes(&bytes).map_err(|e| match e {
        crate::csr::CsrError::NotCsrOrCertificate(m) => {
            Error::InvalidInput(format!("{}: {m}", file.display()))
        }
        other => other.into(),
    })?;
    if json {
        print_json(&inspection)?;
    } else {
        print!("{}", render(file, &inspection));
    }
    Ok(if inspection.fits_profile {
        exit::OK
    } else {
        exit::CERT_CHECK
    })
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// The human rendering of an inspection.
pub fn render(file: &Path, i: &Inspection) -> String {
    let mut s = String::new();
    let what = match i.kind {
        ObjectKind::Csr => "Certificate request (PKCS#10)",
        ObjectKind::Certificate => "Certificate",
    };
    let verb = match i.kind {
        ObjectKind::Csr => "Requested",
        ObjectKind::Certificate => "Certified",
    };
    s += &format!("{what}: {}\n", file.display());
    s += &format!("  Subject:     {}\n", i.subject_line);
    let w = i
        .subject
        .iter()
        .map(|f| f.value.chars().count())
        .max()
        .unwrap_or(0);
    for f in &i.subject {
        s += &format!(
            "               {:<3} {:<w$}  {}{}\n",
            f.name,
            f.value,
            f.string_type,
            if f.multi_valued {
                ", multi-valued RDN"
            } else {
                ""
            }
        );
    }
    if let Some(issuer) = &i.issuer {
        s += &format!("  Issuer:      {issuer}\n");
    }
    if let (Some(a), Some(b)) = (&i.not_before, &i.not_after) {
        s += &format!("  Valid:       {a} to {b}\n");
    }
    s += &format!(
        "  Key:         {} (SHA-256 of the public key: {})\n",
        i.key.algorithm, i.key.spki_sha256
    );
    s += &format!(
        "  Signature:   {}{}\n",
        i.signature_algorithm,
        match i.signature_valid {
            Some(true) => ", verifies",
            Some(false) => ", DOES NOT VERIFY",
            None => "",
        }
    );
    s += &format!(
        "  {verb} key usage:          {}{}\n",
        list(&i.key_usage),
        match i.key_usage_critical {
            Some(true) => " (critical)",
            Some(false) => " (not critical)",
            None => "",
        }
    );
    s += &format!(
        "  {verb} extended key usage: {}\n",
        list(&i.extended_key_usage)
    );
    s += &format!("  Other extensions: {}\n", list(&i.other_extensions));
    if i.kind == ObjectKind::Csr {
        s += &format!("  Other attributes: {}\n", list(&i.other_attributes));
    }
    s += &format!(
        "  Usage:       {}\n",
        match (i.usage, i.product) {
            (Some(u), Some(p)) => format!("{p} ({u})"),
            _ => "unknown (the CN is not a service applicatif of the DMP procedure)".into(),
        }
    );
    s += &format!(
        "  ORG profile: {}\n",
        match (i.fits_profile, i.product) {
            (true, Some(p)) => format!("fits the {p} profile"),
            (true, None) => "fits".to_string(),
            (false, Some(p)) => format!("does NOT fit the {p} profile"),
            (false, None) => "does NOT fit the ORG profile".to_string(),
        }
    );
    for c in &i.checks {
        let tag = match c.status {
            CheckStatus::Ok => "ok  ",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "FAIL",
        };
        s += &format!("    {tag}  {:<19} {}\n", c.name, c.detail);
    }
    s
}
