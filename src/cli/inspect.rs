//! `agent inspect FILE` (also `agent csr --show FILE`): a CSR or certificate in human terms, and
//! whether it fits the ORG profile of its usage.

use crate::i18n::Localize;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::args::TrustArgs;
use super::exit;
use super::output::print_json;
use super::Context;
use crate::certificate::chain::{self, ChainReport, TrustAnchors};
use crate::csr::{inspect_bytes, CheckStatus, Inspection, ObjectKind};
use crate::error::{Error, Result};
use crate::tr;

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

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    inspection: &'a Inspection,
    #[serde(skip_serializing_if = "Option::is_none")]
    chain: Option<ChainReport>,
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
        (ObjectKind::Certificate, Some(a)) => chain::report(&bytes, a),
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
            let shown = c.failure.as_deref().map(|e| e.localize());
            match (&c.anchor, shown.as_ref().or(c.detail.as_ref())) {
                (Some(a), _) => println!(
                    "{}{}",
                    label("inspect-chain"),
                    tr!("inspect-chain-verified", anchor = a.to_string())
                ),
                (None, Some(d)) => println!(
                    "{}{}",
                    label("inspect-chain"),
                    tr!("inspect-chain-fails", reason = d)
                ),
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
        tr!("word-none")
    } else {
        v.join(", ")
    }
}

/// `  Label:` padded to the value column.
fn label(id: &str) -> String {
    let l = tr!(id);
    let pad = 13usize.saturating_sub(l.chars().count()).max(1);
    format!("  {l}{}", " ".repeat(pad))
}

/// The human rendering of an inspection.
pub fn render(file: &Path, i: &Inspection) -> String {
    let mut s = String::new();
    let csr = i.kind == ObjectKind::Csr;
    let what = if csr {
        tr!("inspect-what-csr")
    } else {
        tr!("inspect-what-cert")
    };
    s += &format!("{}\n", tr!("inspect-heading", what = what, file = file));
    s += &format!("{}{}\n", label("inspect-subject"), i.subject_line);
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
                tr!("inspect-multi-valued")
            } else {
                String::new()
            }
        );
    }
    if let Some(issuer) = &i.issuer {
        s += &format!("{}{issuer}\n", label("inspect-issuer"));
    }
    if let (Some(a), Some(b)) = (&i.not_before, &i.not_after) {
        s += &format!(
            "{}{}\n",
            label("inspect-valid"),
            tr!(
                "inspect-valid-range",
                from = a.to_string(),
                to = b.to_string()
            )
        );
    }
    s += &format!(
        "{}{}\n",
        label("inspect-key"),
        tr!(
            "inspect-key-value",
            algorithm = i.key.algorithm.to_string(),
            sha = i.key.spki_sha256.to_string()
        )
    );
    s += &format!(
        "{}{}{}\n",
        label("inspect-signature"),
        i.signature_algorithm,
        match i.signature_valid {
            Some(true) => tr!("inspect-signature-verifies"),
            Some(false) => tr!("inspect-signature-fails"),
            None => String::new(),
        }
    );
    let critical = match i.key_usage_critical {
        Some(true) => tr!("inspect-critical"),
        Some(false) => tr!("inspect-not-critical"),
        None => String::new(),
    };
    s += &format!(
        "  {}\n",
        if csr {
            tr!(
                "inspect-requested-key-usage",
                list = list(&i.key_usage),
                critical = critical
            )
        } else {
            tr!(
                "inspect-certified-key-usage",
                list = list(&i.key_usage),
                critical = critical
            )
        }
    );
    s += &format!(
        "  {}\n",
        if csr {
            tr!("inspect-requested-eku", list = list(&i.extended_key_usage))
        } else {
            tr!("inspect-certified-eku", list = list(&i.extended_key_usage))
        }
    );
    s += &format!(
        "  {}\n",
        tr!("inspect-other-extensions", list = list(&i.other_extensions))
    );
    if csr {
        s += &format!(
            "  {}\n",
            tr!("inspect-other-attributes", list = list(&i.other_attributes))
        );
    }
    s += &format!(
        "{}{}\n",
        label("inspect-usage"),
        match (i.usage, i.product) {
            (Some(u), Some(p)) => format!("{p} ({u})"),
            _ => tr!("inspect-usage-unknown"),
        }
    );
    s += &format!(
        "{}{}\n",
        label("inspect-profile"),
        match (i.fits_profile, i.product) {
            (true, Some(p)) => tr!("inspect-fits-product", product = p.to_string()),
            (true, None) => tr!("inspect-fits"),
            (false, Some(p)) => tr!("inspect-does-not-fit-product", product = p.to_string()),
            (false, None) => tr!("inspect-does-not-fit"),
        }
    );
    for c in &i.checks {
        let tag = match c.status {
            CheckStatus::Ok => "ok  ",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "FAIL",
        };
        s += &format!(
            "    {tag}  {:<19} {}\n",
            crate::csr::inspect_name(c.name),
            c.what.localize()
        );
    }
    s
}
