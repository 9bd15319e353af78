//! `agent inspect FILE` (also `agent csr --show FILE`): a CSR or certificate in human terms, and
//! whether it fits the ORG profile of its usage.

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::TrustArgs;
use super::exit;
use super::output::print_json;
use super::Context;
use crate::certificate::chain::TrustAnchors;
use crate::csr::report::InspectReport;
use crate::error::{Error, Result};
use crate::i18n::Localize;

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

/// Prints `file` and returns 0 if it fits the profile, [`exit::CERT_CHECK`] otherwise. With
/// `anchors`, a certificate's chain is verified and reported too.
pub fn show(file: &Path, json: bool, anchors: Option<&TrustAnchors>) -> Result<u8> {
    let bytes = crate::fsutil::read_input(file, crate::fsutil::MAX_CERT_FILE)?;
    let report = InspectReport::of(file, &bytes, anchors).map_err(|e| match e {
        crate::csr::CsrError::NotCsrOrCertificate(m) => {
            Error::InvalidInput(format!("{}: {m}", file.display()))
        }
        other => other.into(),
    })?;
    if json {
        print_json(&report)?;
    } else {
        println!("{}", report.localize());
    }
    Ok(if report.inspection.fits_profile {
        exit::OK
    } else {
        exit::CERT_CHECK
    })
}
