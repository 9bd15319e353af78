//! `agent import`, `agent export`, `agent rollback`, `agent list`.

use crate::i18n::Localize;
use std::path::PathBuf;

use clap::Args;
use secrecy::SecretString;

use super::args::{
    allow_test_ids, import_options, parse_structure, structure_arg, InstallArgs, StructureArg,
    TrustArgs,
};
use super::exit;
use super::output::{note, print_json, warn};
use super::Context;
use crate::error::Result;
use crate::import::export::{export_p12, list, rollback, ExportPassphrase};
use crate::import::import;
use crate::import::report::{one_usage, render_list};
use crate::pin::SecretSource;
use crate::store::Store;
use crate::tr;

/// Options of `agent import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files delivered by the platform: PEM, DER, PKCS#7 (.p7b/.p7c) or PKCS#12 (.p12/.pfx); one
    /// file may hold the certificate and its chain
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Refuse certificates for any other structure (national structure id)
    #[arg(long, value_name = "ID", value_parser = structure_arg)]
    pub structure: Option<StructureArg>,
    /// Read the PKCS#12 password from this file (else it is asked on the terminal)
    #[arg(long, value_name = "FILE")]
    pub p12_password_file: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub install: InstallArgs,
    /// Bring an existing IGC Santé ORG certificate under management although its key was not
    /// made by this agent (give its PKCS#12, or the certificate with --key) and its CN is not the
    /// procedure's service applicatif (a warning; the next `agent renew` orders with the mandatory
    /// name). Chain, validity and usage checks still apply; INSi certificates are refused
    #[arg(long)]
    pub adopt: bool,
    /// The private key (PKCS#8 PEM, unencrypted) of a certificate delivered without it
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// The usage the certificates are for (auth_cli, sign, conf): refuse any whose keyUsage and
    /// extendedKeyUsage say another (without it, each one's usage is read from them)
    #[arg(long, value_name = "USAGE")]
    pub usage: Option<String>,
    /// Accept identifiers of the test platform (letters, lengths and check keys that break the
    /// real rules) in the OU, with a warning [config: annuaire.allow_test_ids]
    #[arg(long)]
    pub allow_test_ids: bool,
    /// Print a JSON array of what was installed
    #[arg(long)]
    pub json: bool,
}

/// Runs `agent import`.
pub fn run_import(ctx: &Context, a: ImportArgs) -> Result<u8> {
    let structure = a
        .structure
        .as_ref()
        .map(|s| s.resolve(allow_test_ids(ctx, a.allow_test_ids)))
        .transpose()?;
    let mut opts = import_options(ctx, structure, &a.trust, &a.install)?;
    opts.adopt = a.adopt;
    opts.key_file = a.key.clone();
    opts.usage = a.usage.as_deref().map(one_usage).transpose()?;
    opts.allow_test_ids |= a.allow_test_ids;
    let source = SecretSource::from_options(a.p12_password_file.clone(), None);
    let mut password = || -> Result<SecretString> {
        Ok(source.read("PKCS#12 password", &tr!("prompt-p12-password"))?)
    };
    let done = import(&ctx.home, &a.files, &opts, &mut password)?;
    for d in &done {
        for w in &d.warnings {
            warn(w.localize());
        }
        for m in d.target_error_messages() {
            eprintln!("{}", tr!("error-line", message = m));
        }
    }
    if a.json {
        print_json(&done)?;
    } else {
        for d in &done {
            println!("{}", d.localize());
        }
    }
    // A target the DMP software reads that was not updated is a failure (exit 4).
    if done.iter().any(|d| !d.target_errors.is_empty()) {
        return Ok(exit::IO);
    }
    Ok(exit::OK)
}

/// Options of `agent export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// National structure id
    #[arg(long, value_name = "ID")]
    pub structure: String,
    /// Usage: auth_cli, sign or conf
    #[arg(long, value_name = "USAGE")]
    pub usage: String,
    /// Write a PKCS#12 bundle (key + certificate + chain) to this file (mode 0600)
    #[arg(long, value_name = "FILE")]
    pub p12: PathBuf,
    /// Read the bundle's passphrase from this file (else the store's passphrase is used and its
    /// location printed)
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Legacy 3DES/SHA-1 encryption for old readers
    #[arg(long)]
    pub legacy: bool,
}

/// Runs `agent export --p12`.
pub fn run_export(ctx: &Context, a: ExportArgs) -> Result<u8> {
    let structure = parse_structure(ctx, &a.structure)?;
    let usage = one_usage(&a.usage)?;
    let passphrase = ExportPassphrase::of_run(a.passphrase_file.as_deref(), &ctx.config)?;
    let exported = export_p12(&ctx.home, &structure, usage, passphrase, a.legacy)?;
    exported.write(&a.p12)?;
    println!("{}", tr!("export-wrote", path = a.p12));
    if let Some(path) = exported.passphrase_file {
        note(tr!("export-store-passphrase", path = path));
    }
    Ok(exit::OK)
}

/// Options of `agent rollback`.
#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// National structure id
    #[arg(long, value_name = "ID")]
    pub structure: String,
    /// Usage: auth_cli, sign or conf
    #[arg(long, value_name = "USAGE")]
    pub usage: String,
}

/// Runs `agent rollback`.
pub fn run_rollback(ctx: &Context, a: RollbackArgs) -> Result<u8> {
    let structure = parse_structure(ctx, &a.structure)?;
    let usage = one_usage(&a.usage)?;
    let done = rollback(&ctx.home, &structure, usage)?;
    println!("{}", done.render(&structure, usage));
    if done.expired(::time::OffsetDateTime::now_utc()) {
        warn(tr!("rollback-expired"));
    }
    Ok(exit::OK)
}

/// Runs `agent list`.
pub fn run_list(ctx: &Context, json: bool) -> Result<u8> {
    let store = Store::new(&ctx.home);
    let (out, unreadable) = list(&store)?;
    for e in &unreadable {
        warn(e.localize());
    }
    if json {
        print_json(&out)?;
    } else {
        println!("{}", render_list(&out, store.root()));
    }
    Ok(exit::OK)
}
