//! Optional install targets beside the store: an NSS database and a plain directory that the DMP
//! software reads.
//!
//! - NSS (`--nss-db sql:DIR`, `[store] nss_db`): the PKCS#12 bundle is imported with NSS's own
//!   `pk12util` (package libnss3-tools), and the certificate's nickname is
//!   `<national structure id> <USAGE>` (e.g. `1010000024 AUTH_CLI`); a previous certificate with
//!   that nickname is removed first. The database must have an empty password.
//! - Export directory (`--export-dir DIR`, `[store] export_dir`): `DIR/<structure>/<usage>/` gets
//!   copies of privkey.pem (0600), cert.pem, chain.pem, fullchain.pem and bundle.p12 (0600), each
//!   written atomically.

use std::path::Path;
use std::process::Command;

use secrecy::{ExposeSecret, SecretString};

use super::files;
use crate::error::{Error, Result};
use crate::fsutil::{ensure_private_dir, write_atomic, PUBLIC_FILE_MODE, SECRET_FILE_MODE};

/// The NSS nickname of an installed certificate.
pub fn nss_nickname(structure: &str, usage_name: &str) -> String {
    format!("{structure} {}", usage_name.to_uppercase())
}

fn run(cmd: &mut Command, what: &str) -> Result<String> {
    let out = cmd.output().map_err(|e| {
        Error::InvalidInput(format!(
            "cannot run {what} (install the libnss3-tools package): {e}"
        ))
    })?;
    if !out.status.success() {
        return Err(Error::InvalidInput(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Imports a PKCS#12 bundle into an NSS database under `nickname`, replacing an older one.
pub fn nss_import(db: &str, p12: &Path, passphrase: &SecretString, nickname: &str) -> Result<()> {
    // Remove an older certificate (and its key) with the same nickname; absent is fine.
    let _ = Command::new("certutil")
        .args(["-F", "-d", db, "-n", nickname])
        .output();
    let _ = Command::new("certutil")
        .args(["-D", "-d", db, "-n", nickname])
        .output();
    let dir = tempfile::tempdir()
        .map_err(|e| Error::io("cannot create a temporary directory", "/tmp", e))?;
    let pw = dir.path().join("pw");
    write_atomic(
        &pw,
        format!("{}\n", passphrase.expose_secret()).as_bytes(),
        SECRET_FILE_MODE,
    )?;
    let before = run(
        Command::new("certutil").args(["-L", "-d", db]),
        "certutil -L",
    )?;
    run(
        Command::new("pk12util")
            .args(["-i"])
            .arg(p12)
            .args(["-d", db, "-K", "", "-w"])
            .arg(&pw),
        "pk12util -i",
    )?;
    let after = run(
        Command::new("certutil").args(["-L", "-d", db]),
        "certutil -L",
    )?;
    // The imported nickname is the bundle's friendly name: find the new line and rename it.
    let old: Vec<&str> = before.lines().collect();
    if let Some(new_line) = after.lines().find(|l| !old.contains(l) && l.contains(",")) {
        let imported = new_line
            .rsplit_once(char::is_whitespace)
            .map(|(n, _)| n.trim().to_string())
            .unwrap_or_default();
        if !imported.is_empty() && imported != nickname {
            run(
                Command::new("certutil")
                    .args(["--rename", "-d", db, "-n", &imported, "--new-n", nickname]),
                "certutil --rename",
            )?;
        }
    }
    Ok(())
}

/// Copies the files of a live version into `export/<structure>/<usage>/`.
pub fn export_dir(live: &Path, export: &Path, structure: &str, usage_dir: &str) -> Result<()> {
    let dest = export.join(structure).join(usage_dir);
    ensure_private_dir(&dest)?;
    for (name, mode) in [
        (files::KEY, SECRET_FILE_MODE),
        (files::KEY_URI, PUBLIC_FILE_MODE),
        (files::CERT, PUBLIC_FILE_MODE),
        (files::CHAIN, PUBLIC_FILE_MODE),
        (files::FULLCHAIN, PUBLIC_FILE_MODE),
        (files::P12, SECRET_FILE_MODE),
    ] {
        let src = live.join(name);
        if !src.exists() {
            continue;
        }
        let data = zeroize::Zeroizing::new(
            std::fs::read(&src).map_err(|e| Error::io("cannot read", &src, e))?,
        );
        write_atomic(&dest.join(name), &data, mode)?;
    }
    Ok(())
}
