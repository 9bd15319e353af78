//! Preparing an order: the key store, one key and one request per usage in a staging directory,
//! then the staging directory committed into `pending/<structure>/` at once.

use std::io::Write;
use std::path::Path;

use super::{KeyStoreSpec, OrderError, OrderRequest, Progress, Warning};
use crate::csr::{build_csr, Usage};
use crate::error::Error;
use crate::fsutil::{ensure_private_dir, PUBLIC_FILE_MODE};
use crate::keys::pkcs11::{Pkcs11KeyStore, TokenKey};
use crate::keys::software::SoftwareKey;
use crate::keys::AgentKey;
use crate::pending::{
    check_no_order, csr_file_name, key_file_name, PendingOrder, PendingUsage, Staging,
    SOFTWARE_KEY_STORE,
};

/// What a failed run must undo on a token: the keys it made.
struct TokenRollback<'a> {
    store: Option<&'a Pkcs11KeyStore>,
    keys: Vec<TokenKey>,
    done: bool,
    progress: &'a dyn Progress,
}

impl Drop for TokenRollback<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Some(store) = self.store {
            for k in &self.keys {
                if let Err(error) = store.destroy(k) {
                    self.progress.warn(&Warning::UnusedTokenKey {
                        uri: k.uri().to_string(),
                        error,
                    });
                }
            }
        }
    }
}

/// Opens the token of `spec` (checked, logged into, able to make `req`'s keys) before any key is
/// made; `None` for software keys.
fn open_store(req: &OrderRequest) -> Result<Option<Pkcs11KeyStore>, OrderError> {
    match &req.key_store {
        KeyStoreSpec::Software => Ok(None),
        KeyStoreSpec::Token(t) => {
            let store = Pkcs11KeyStore::open(
                &t.uri,
                t.module.as_deref(),
                t.allow_final_try,
                t.pin_file.as_deref(),
            )?;
            store.check_keygen(req.key_algorithm)?;
            Ok(Some(store))
        }
    }
}

/// What [`prepare`] checks before it touches anything: every usage has its service applicatif
/// (CONF: the one the request gives) and no order of the structure is under way (unless
/// `replace`). A run calls it for each structure before the card login, so that a request that
/// cannot be made costs no PIN entry.
pub fn check(home: &Path, req: &OrderRequest) -> Result<(), OrderError> {
    let subject = req.subject();
    for u in &req.usages {
        subject.service(*u)?;
    }
    Ok(check_no_order(home, &req.structure, req.replace)?)
}

/// Makes a new order (keys and requests) for one structure in `home`'s pending area: everything
/// that can be checked is checked before anything is made; keys made on a token are deleted again
/// when a later step fails; the order appears whole or not at all.
pub fn prepare(
    home: &Path,
    req: &OrderRequest,
    progress: &dyn Progress,
) -> Result<PendingOrder, OrderError> {
    // 1. Everything that can be checked without touching anything.
    let alg = req.key_algorithm;
    if !alg.is_org_profile() {
        progress.warn(&Warning::KeyAlgorithm(alg));
    }
    check(home, req)?;
    let subject = req.subject();
    let structure = &req.structure;
    if let Some(out) = &req.out_dir {
        std::fs::create_dir_all(out).map_err(|e| Error::io("cannot create directory", out, e))?;
    }

    // 2. The key store (a token is opened, checked and logged into before any key is made).
    let store = open_store(req)?;
    let token = store.as_ref();
    let key_store_name = match token {
        Some(t) => t.token_uri().to_string(),
        None => SOFTWARE_KEY_STORE.to_string(),
    };

    // 3. Keys and requests, in a staging directory.
    let staging = Staging::new(home, structure)?;
    let mut rollback = TokenRollback {
        store: token,
        keys: Vec::new(),
        done: false,
        progress,
    };
    let stamp = time::OffsetDateTime::now_utc();
    let mut entries = Vec::new();
    let mut pems = Vec::new();
    for usage in &req.usages {
        let service = subject.service(*usage)?;
        let (key, location): (Box<dyn AgentKey>, _) = match token {
            None => {
                let mut k = SoftwareKey::generate(alg)?;
                k.write(&staging.path().join(key_file_name(*usage)))?;
                let loc = k.location();
                (Box::new(k), loc)
            }
            Some(t) => {
                let label = format!(
                    "ORG {} {} {:04}{:02}{:02}{:02}{:02}{:02}",
                    usage.name().to_ascii_uppercase(),
                    structure,
                    stamp.year(),
                    stamp.month() as u8,
                    stamp.day(),
                    stamp.hour(),
                    stamp.minute(),
                    stamp.second()
                );
                let k = t.generate(alg, &label, *usage == Usage::Conf)?;
                rollback.keys.push(k.clone());
                let loc = k.location();
                // Sign with the key as found again from its URI: what later steps will do.
                let found = t.find(k.uri())?;
                (Box::new(found), loc)
            }
        };
        let csr = build_csr(key.as_ref(), *usage, &subject)?;
        let csr_file = staging.write_csr(*usage, &csr.pem)?;
        crate::store::step_pause();
        entries.push(PendingUsage::new(
            *usage,
            service,
            csr.subject.clone(),
            alg,
            &location,
            csr_file,
            key.public_key_spki(),
        ));
        pems.push((*usage, csr.pem));
    }
    let order = PendingOrder::new(
        structure,
        req.raison_sociale.clone(),
        req.departement.map(|d| d.code.to_string()),
        key_store_name,
        entries,
    );

    // 4. Copies in the out directory, as temporary files until the order is in place.
    let mut out_files = Vec::new();
    if let Some(out) = &req.out_dir {
        for (usage, pem) in &pems {
            out_files.push((write_temp(out, pem)?, out.join(csr_file_name(*usage))));
        }
    }
    let final_dir = staging.final_dir().to_path_buf();
    let order = {
        // The order and its token keys become final together, whatever signal comes.
        let _hold = crate::interrupt::hold_off();
        let order = staging.commit(&order, req.replace)?;
        rollback.keys.iter().for_each(TokenKey::keep);
        order
    };
    rollback.done = true;
    for (tmp, target) in out_files {
        tmp.persist(&target)
            .map_err(|e| Error::io("cannot write", &target, e.error))?;
    }
    if let Some(out) = &req.out_dir {
        crate::fsutil::sync_dir(out)?;
    }
    ensure_private_dir(&final_dir)?;
    Ok(order)
}

fn write_temp(dir: &Path, pem: &str) -> Result<tempfile::NamedTempFile, Error> {
    use std::os::unix::fs::PermissionsExt;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file in", dir, e))?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(PUBLIC_FILE_MODE))
        .map_err(|e| Error::io("cannot set permissions on", tmp.path(), e))?;
    tmp.write_all(pem.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("cannot write", dir, e))?;
    Ok(tmp)
}
