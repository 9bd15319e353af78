//! `agent inspect FILE` (also `agent csr --show FILE`): a CSR or certificate in human terms, and
//! whether it fits the ORG profile of its usage.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::args::TrustArgs;
use super::output::print_json;
use super::Context;
use crate::certificate::chain::{self, AnchorInfo, RequiredEku, TrustAnchors};
use crate::certificate::CertSummary;
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
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
}

/// Runs `agent inspect`: exit 0 when the object fits the ORG profile, 40 when it does not. A
/// certificate's chain (the other certificates of the file, the built-in intermediates) is
/// verified up to the anchors of the run and reported, without changing the exit code.
pub fn run(ctx: &Context, args: InspectArgs) -> Result<u8> {
    let anchors = if !args.trust.builtin(ctx) && args.trust.files(ctx).is_empty() {
        None
    } else {
        Some(args.trust.anchors(ctx)?)
    };
    show(&args.file, args.json, anchors.as_ref())
}

/// How a certificate's chain verified (`agent inspect`).
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    /// Whether it verified up to an anchor of the run.
    pub verified: bool,
    /// The anchor it ended at.
    pub anchor: Option<AnchorInfo>,
    /// Why it did not verify.
    pub detail: Option<String>,
}

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    inspection: &'a Inspection,
    #[serde(skip_serializing_if = "Option::is_none")]
    chain: Option<ChainReport>,
}

/// Every certificate of `bytes` (PEM blocks, or one DER certificate), in file order.
fn certificates(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        pem::parse_many(bytes)
            .map(|v| {
                v.into_iter()
                    .filter(|p| p.tag() == "CERTIFICATE")
                    .map(pem::Pem::into_contents)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        vec![bytes.to_vec()]
    }
}

fn chain_report(bytes: &[u8], anchors: &TrustAnchors) -> Option<ChainReport> {
    let certs = certificates(bytes);
    let (leaf, rest) = certs.split_first()?;
    let s = CertSummary::parse(leaf, "the certificate").ok()?;
    if s.is_ca {
        return None;
    }
    let eku = RequiredEku::of_leaf(&s);
    let at = ::time::OffsetDateTime::now_utc().clamp(s.not_before, s.not_after);
    Some(match chain::verify_detailed(leaf, rest, anchors, eku, at) {
        Ok(v) => ChainReport {
            verified: true,
            anchor: Some(v.anchor),
            detail: None,
        },
        Err(e) => ChainReport {
            verified: false,
            anchor: None,
            detail: Some(e.to_string()),
        },
    })
}

/// Prints `file` and returns 0 if it fits the profile, [`exit::CERT_CHECK`] otherwise. With
/// `anchors`, a certificate's chain is verified and reported too.
pub fn show(file: &Path, json: bool, anchors: Option<&TrustAnchors>) -> Result<u8> {
    let bytes = crate::fsutil::read_input(file, crate::fsutil::MAX_CERT_FILE)?;
    let inspection = inspect_bytes(&bytes).map_err(|e| match e {
        crate::csr::CsrError::NotCsrOrCertificate(m) => {
            Error::InvalidInput(format!("{}: {m}", file.display()))
        }
        other => other.into(),
    })?;
    let chain = match (inspection.kind, anchors) {
        (ObjectKind::Certificate, Some(a)) => chain_report(&bytes, a),
        _ => None,
    };
    if json {
        print_json(&Shown {
            inspection: &inspection,
            chain,
        })?;
    } else {
        print!("{}", render(file, &inspection));
        if let Some(c) = &chain {
            match (&c.anchor, &c.detail) {
                (Some(a), _) => println!("  Chain:       verified up to {a}"),
                (None, Some(d)) => println!("  Chain:       does NOT verify: {d}"),
                (None, None) => {}
            }
        }
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
            _ => "unknown (keyUsage and extendedKeyUsage fit no ORG usage)".into(),
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
