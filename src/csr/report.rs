//! What `agent inspect` reports: the inspection of a CSR or certificate, with the chain of a
//! certificate when trust anchors are given (its JSON document), and its text in the language of
//! the run.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{inspect_bytes, inspect_name, Check, CheckStatus, CsrError, Inspection, ObjectKind};
use crate::certificate::chain::{self, ChainReport, TrustAnchors};
use crate::i18n::{list_or, Localize};
use crate::tr;

/// The result of `agent inspect` (its JSON document: the inspection, and `chain`).
#[derive(Debug, Serialize)]
pub struct InspectReport {
    /// The file read (named in the text's heading).
    #[serde(skip)]
    pub file: PathBuf,
    /// The object in human terms, check by check.
    #[serde(flatten)]
    pub inspection: Inspection,
    /// A certificate's chain, verified up to the anchors given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<ChainReport>,
}

impl InspectReport {
    /// Reads `bytes`, the content of `file` (a CSR or a certificate, PEM or DER); with
    /// `anchors`, a certificate's chain (the other certificates of `bytes`, the built-in
    /// intermediates) is verified too.
    pub fn of(
        file: &Path,
        bytes: &[u8],
        anchors: Option<&TrustAnchors>,
    ) -> Result<InspectReport, CsrError> {
        let inspection = inspect_bytes(bytes)?;
        let chain = match (inspection.kind, anchors) {
            (ObjectKind::Certificate, Some(a)) => chain::report(bytes, a),
            _ => None,
        };
        Ok(InspectReport {
            file: file.to_path_buf(),
            inspection,
            chain,
        })
    }
}

/// A list, or `none`.
fn list(v: &[String]) -> String {
    list_or(v, "word-none")
}

/// `  Label:` padded to the value column.
fn label(id: &str) -> String {
    let l = tr!(id);
    let pad = 13usize.saturating_sub(l.chars().count()).max(1);
    format!("  {l}{}", " ".repeat(pad))
}

/// The text of `agent inspect`: the object, its checks, and a certificate's chain.
impl Localize for InspectReport {
    fn localize(&self) -> String {
        let mut s = render(&self.file, &self.inspection);
        for c in &self.inspection.checks {
            s += &check_line(c);
            s.push('\n');
        }
        if let Some(line) = self.chain.as_ref().and_then(chain_line) {
            s += &line;
            s.push('\n');
        }
        s.pop();
        s
    }
}

/// The human rendering of an inspection, down to the profile line (each line ends with a newline).
fn render(file: &Path, i: &Inspection) -> String {
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
    s
}

/// The chain line of a certificate's report.
fn chain_line(c: &ChainReport) -> Option<String> {
    let failure = c.failure.as_deref().map(|e| e.localize());
    match (&c.anchor, failure.as_ref().or(c.detail.as_ref())) {
        (Some(a), _) => Some(format!(
            "{}{}",
            label("inspect-chain"),
            tr!("inspect-chain-verified", anchor = a.to_string())
        )),
        (None, Some(d)) => Some(format!(
            "{}{}",
            label("inspect-chain"),
            tr!("inspect-chain-fails", reason = d)
        )),
        (None, None) => None,
    }
}

/// The line of one of [`Inspection::checks`].
fn check_line(c: &Check) -> String {
    let name = inspect_name(c.name);
    let detail = c.what.localize();
    let tag = match c.status {
        CheckStatus::Ok => "ok  ",
        CheckStatus::Warn => "warn",
        CheckStatus::Fail => "FAIL",
    };
    format!("    {tag}  {name:<19} {detail}")
}
