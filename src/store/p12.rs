//! PKCS#12 bundles for DMP software that reads one file, and where their passphrase is kept.
//!
//! Bundles are written with PBES2/AES-256-CBC and an HMAC-SHA256 MAC by default (OpenSSL 3 and NSS
//! read them); `legacy` writes 3DES/SHA-1 for old readers. The passphrase is random (24 bytes,
//! base64), one per structure and usage, kept across renewals so the DMP software's configuration
//! does not change. It is stored in a 0600 file `p12.pass` beside the versions, or, with
//! `[store] p12_passphrase = "keyring"`, in the system keyring (kernel keyring on Linux, through the
//! `keyring` crate) under service `agent-p12`, user `<structure>/<usage>`.

use std::path::{Path, PathBuf};

use base64::Engine;
use p12_keystore::{
    Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
    PrivateKeyChain,
};
use secrecy::{ExposeSecret, SecretString};

use super::{Result, StoreError};
use crate::fsutil::{write_atomic, SECRET_FILE_MODE};

/// Where the PKCS#12 passphrase is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseStore {
    /// A 0600 file beside the versions (the default: works everywhere, survives reboots).
    File,
    /// The system keyring.
    Keyring,
}

impl PassphraseStore {
    /// Parses the configuration value (`file` or `keyring`).
    pub fn parse(s: &str) -> Result<PassphraseStore> {
        match s {
            "file" => Ok(PassphraseStore::File),
            "keyring" => Ok(PassphraseStore::Keyring),
            other => Err(StoreError::Invalid(format!(
                "store.p12_passphrase must be \"file\" or \"keyring\", not {other:?}"
            ))),
        }
    }
}

/// The passphrase file of a slot.
pub fn passphrase_file(slot_dir: &Path) -> PathBuf {
    slot_dir.join("p12.pass")
}

fn keyring_entry(user: &str) -> Result<keyring::Entry> {
    keyring::Entry::new("agent-p12", user).map_err(|e| StoreError::Invalid(format!("keyring: {e}")))
}

/// Returns the slot's passphrase, creating and storing a random one the first time.
pub fn passphrase(slot_dir: &Path, user: &str, store: PassphraseStore) -> Result<SecretString> {
    match store {
        PassphraseStore::File => {
            let path = passphrase_file(slot_dir);
            if let Ok(text) = std::fs::read_to_string(&path).map(zeroize::Zeroizing::new) {
                let line = text.lines().next().unwrap_or("");
                if !line.is_empty() {
                    return Ok(SecretString::from(line.to_string()));
                }
            }
            let new = random_passphrase();
            let line = zeroize::Zeroizing::new(format!("{}\n", new.expose_secret()));
            write_atomic(&path, line.as_bytes(), SECRET_FILE_MODE)?;
            Ok(new)
        }
        PassphraseStore::Keyring => {
            let entry = keyring_entry(user)?;
            match entry.get_password() {
                Ok(p) if !p.is_empty() => Ok(SecretString::from(p)),
                _ => {
                    let new = random_passphrase();
                    entry.set_password(new.expose_secret()).map_err(|e| {
                        StoreError::Invalid(format!(
                            "cannot store the PKCS#12 passphrase in the keyring ({e}); use store.p12_passphrase = \"file\" on machines without a keyring"
                        ))
                    })?;
                    // Read it back: some keyrings accept a write they cannot serve later.
                    match entry.get_password() {
                        Ok(p) if p == new.expose_secret() => Ok(new),
                        _ => Err(StoreError::Invalid(
                            "the keyring did not return the PKCS#12 passphrase just stored; use store.p12_passphrase = \"file\"".into(),
                        )),
                    }
                }
            }
        }
    }
}

/// A new random passphrase.
pub fn random_passphrase() -> SecretString {
    let mut bytes = zeroize::Zeroizing::new([0u8; 24]);
    aws_lc_rs::rand::fill(bytes.as_mut()).expect("the system random generator failed");
    SecretString::from(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes.as_ref()))
}

/// PBKDF2-HMAC-SHA256 iterations of modern bundles (key and certificate bags) and of their
/// HMAC-SHA256 MAC: OWASP's 2023 figure for PBKDF2-HMAC-SHA256, because `agent export
/// --passphrase-file` bundles may carry a human passphrase. Readers accept it (OpenSSL, NSS,
/// Java and p12-keystore read up to 1,000,000 or more).
pub const MODERN_ITERATIONS: u32 = 600_000;
/// Iterations of legacy (3DES/SHA-1) bundles: 2048, what the IGC Santé platform and OpenSSL write
/// and what old readers expect.
pub const LEGACY_ITERATIONS: u32 = 2048;

/// Builds a PKCS#12 with the key (PKCS#8 DER), the leaf and the chain, under `alias`.
pub fn build(
    pkcs8: &[u8],
    leaf: &[u8],
    chain: &[Vec<u8>],
    alias: &str,
    passphrase: &SecretString,
    legacy: bool,
) -> Result<Vec<u8>> {
    let err = |e: p12_keystore::error::Error| {
        StoreError::Invalid(format!("cannot build the PKCS#12 bundle: {e}"))
    };
    let key = PrivateKey::from_der(pkcs8).map_err(err)?;
    let mut certs = vec![Certificate::from_der(leaf).map_err(err)?];
    for c in chain {
        certs.push(Certificate::from_der(c).map_err(err)?);
    }
    let local_key_id = {
        use sha2::Digest;
        sha2::Sha256::digest(leaf)[..20].to_vec()
    };
    let mut ks = KeyStore::new();
    ks.add_entry(
        alias,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(local_key_id, key, certs)),
    );
    let writer = ks.writer(passphrase.expose_secret());
    let writer = if legacy {
        writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1)
            .encryption_iterations(LEGACY_ITERATIONS)
            .mac_iterations(LEGACY_ITERATIONS)
    } else {
        writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
            .mac_algorithm(MacAlgorithm::HmacSha256)
            .encryption_iterations(MODERN_ITERATIONS)
            .mac_iterations(MODERN_ITERATIONS)
    };
    writer.write().map_err(err)
}
