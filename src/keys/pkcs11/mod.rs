//! Keys on a PKCS#11 token: a structure's HSM, or a SoftHSM token.
//!
//! - The key store is named by an RFC 7512 URI (`--key-store pkcs11:token=…`, read by
//!   [`parse_key_store_uri`]), which must name the token (`token=`, `serial=` or `slot-id=`; the
//!   other token, slot and library attributes narrow the choice); object attributes (`object=`,
//!   `id=`, `type=`) and vendor `x-` attributes are refused, since the agent names each new key
//!   itself. `module-path=` in its query selects the module, else `--pkcs11-module`, else
//!   discovery.
//! - The token's PIN comes from its own source, never from the card's (`--pin-file`, `--pin-fd`
//!   are the CPx card's PIN): `pin-source=file:/path` in the URI's query (kept in every URI the
//!   agent stores, so that `import`, `enroll` and `renew` find it again), else `[key_store]
//!   pin_file`, else a prompt naming the token on a terminal; with none of them the run stops
//!   before any login ([`KeyError::NoStorePinSource`]).
//! - One session and one login per token per run: [`Pkcs11KeyStore::open`] returns the store
//!   already opened in this process for that token. After the token refused its PIN once, nothing
//!   more is tried on it in the run ([`KeyError::StorePinRefused`]). [`close_all`] closes them at
//!   the end of the run, before the modules are finalized.
//! - A token holding a CPx card holder certificate is refused *before* any PIN is asked: the
//!   structure's keys never go on the administrator's own card.
//! - Keys are generated on the token: `CKA_TOKEN`, `CKA_PRIVATE`, `CKA_SENSITIVE` true,
//!   `CKA_EXTRACTABLE` false, with a random 16-byte `CKA_ID` and a label naming the structure and
//!   usage, so that [`Pkcs11KeyStore::find`] can find the key again from its URI.
//! - Signing goes through the one PKCS#11 signer ([`super::mechanism::Plan`]):
//!   `CKM_SHA256_RSA_PKCS` (or raw `CKM_RSA_PKCS` with the agent adding the SHA-256 DigestInfo),
//!   `CKM_SHA256_RSA_PKCS_PSS`, `CKM_ECDSA_SHA256` (or `CKM_ECDSA` on a digest).
//!
//! A cryptoki `Session` is `Send` but not `Sync`: it is shared behind a mutex.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::Session;
use secrecy::SecretString;

use super::mechanism::{Hash, Plan};
use super::{der, AgentKey, KeyAlgorithm, KeyError, KeyLocation, SignatureScheme};
use crate::card::holder;
use crate::card::login::CardSession;
use crate::card::token::{Token, TokenSelector};
use crate::card::uri::Pkcs11Uri;
use crate::card::CardError;
use crate::pin::SecretSource;

mod registry;
mod store_uri;

pub use registry::{close_all, destroy_unfinished, InterruptCleanup};
use registry::{forget_unfinished, opened, unfinished, Opened, StoreKey, Unfinished};
use store_uri::names_token;
pub use store_uri::{parse_key_store_uri, pin_source_from_uri, store_pin_source};

/// The mechanisms of the token that matter to the agent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mechanisms {
    /// CKM_RSA_PKCS_KEY_PAIR_GEN.
    pub rsa_keygen: bool,
    /// CKM_SHA256_RSA_PKCS.
    pub sha256_rsa_pkcs: bool,
    /// CKM_RSA_PKCS (raw, the agent hashes).
    pub rsa_pkcs: bool,
    /// CKM_SHA256_RSA_PKCS_PSS.
    pub sha256_rsa_pss: bool,
    /// CKM_EC_KEY_PAIR_GEN.
    pub ec_keygen: bool,
    /// CKM_ECDSA_SHA256.
    pub ecdsa_sha256: bool,
    /// CKM_ECDSA (raw, the agent hashes).
    pub ecdsa: bool,
}

impl Mechanisms {
    /// The signing mechanisms listed, for [`Plan`].
    fn signing(&self) -> Vec<MechanismType> {
        [
            (self.sha256_rsa_pkcs, MechanismType::SHA256_RSA_PKCS),
            (self.rsa_pkcs, MechanismType::RSA_PKCS),
            (self.sha256_rsa_pss, MechanismType::SHA256_RSA_PKCS_PSS),
            (self.ecdsa_sha256, MechanismType::ECDSA_SHA256),
            (self.ecdsa, MechanismType::ECDSA),
        ]
        .into_iter()
        .filter_map(|(listed, m)| listed.then_some(m))
        .collect()
    }
}

impl Mechanisms {
    fn from_list(list: &[MechanismType]) -> Mechanisms {
        let has = |m: MechanismType| list.contains(&m);
        Mechanisms {
            rsa_keygen: has(MechanismType::RSA_PKCS_KEY_PAIR_GEN),
            sha256_rsa_pkcs: has(MechanismType::SHA256_RSA_PKCS),
            rsa_pkcs: has(MechanismType::RSA_PKCS),
            sha256_rsa_pss: has(MechanismType::SHA256_RSA_PKCS_PSS),
            ec_keygen: has(MechanismType::ECC_KEY_PAIR_GEN),
            ecdsa_sha256: has(MechanismType::ECDSA_SHA256),
            ecdsa: has(MechanismType::ECDSA),
        }
    }
}

/// An open, logged-in key store token (clones share the session).
#[derive(Clone)]
pub struct Pkcs11KeyStore {
    session: Arc<Mutex<Session>>,
    label: String,
    token_uri: Pkcs11Uri,
    mechanisms: Mechanisms,
    rsa_sizes: Option<(usize, usize)>,
    _token: Token,
}

impl std::fmt::Debug for Pkcs11KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11KeyStore")
            .field("token", &self.token_uri.to_string())
            .field("mechanisms", &self.mechanisms)
            .finish_non_exhaustive()
    }
}

/// Refuses a token that holds a CPx card holder certificate.
fn refuse_cpx(session: &Session, label: &str) -> Result<(), KeyError> {
    let Ok(der) = holder::find_auth_certificate(session) else {
        return Ok(());
    };
    match holder::identity_from_certificate(&der)
        .ok()
        .and_then(|id| id.kind)
    {
        Some(kind) => Err(KeyError::CpxToken {
            label: label.to_string(),
            kind: kind.to_string(),
        }),
        None => Ok(()),
    }
}

impl Pkcs11KeyStore {
    /// Opens the key store token named by `uri`, refuses a CPx card, and logs in (one attempt;
    /// never the final PIN try unless `allow_final_try`). `pin_file` is the key store's PIN file
    /// when the URI has no `pin-source` (`[key_store] pin_file`). A token already opened in this
    /// run is returned as it is (same session, no second login).
    pub fn open(
        uri: &Pkcs11Uri,
        module: Option<&Path>,
        allow_final_try: bool,
        pin_file: Option<&Path>,
    ) -> Result<Pkcs11KeyStore, KeyError> {
        if !names_token(uri) {
            return Err(KeyError::NoTokenInUri(uri.to_string()));
        }
        let source = store_pin_source(uri, pin_file)?;
        let module = uri
            .module_path()
            .map(PathBuf::from)
            .or_else(|| module.map(Path::to_path_buf));
        let token = Token::open(module.as_deref(), Some(&TokenSelector::Uri(uri.clone())))
            .map_err(|e| match e {
                CardError::TokenNotFound { present, .. } => KeyError::StoreTokenNotFound {
                    wanted: uri.to_string(),
                    present,
                },
                other => KeyError::Card(other),
            })?;
        let info = token.info()?;
        let label = info.label().trim_end().to_string();
        let serial = info.serial_number().trim_end().to_string();
        let key = StoreKey {
            module: std::fs::canonicalize(&token.module).unwrap_or_else(|_| token.module.clone()),
            slot: token.slot.id(),
            label: label.clone(),
            serial: serial.clone(),
        };
        match opened().iter().find(|(k, _)| *k == key) {
            Some((_, Opened::Open(store))) => return Ok(store.clone()),
            Some((_, Opened::PinRefused)) => return Err(KeyError::StorePinRefused { label }),
            None => {}
        }
        {
            let ro = token
                .pkcs11
                .open_ro_session(token.slot)
                .map_err(|e| KeyError::pkcs11("opening a session", e))?;
            refuse_cpx(&ro, &label)?;
        }
        if info.write_protected() {
            return Err(KeyError::ReadOnlyToken(label));
        }
        let list = token
            .pkcs11
            .get_mechanism_list(token.slot)
            .map_err(|e| KeyError::pkcs11("listing the token's mechanisms", e))?;
        let mechanisms = Mechanisms::from_list(&list);
        let rsa_sizes = token
            .pkcs11
            .get_mechanism_info(token.slot, MechanismType::RSA_PKCS_KEY_PAIR_GEN)
            .ok()
            .map(|i| (i.min_key_size(), i.max_key_size()));
        let mut token_uri = Pkcs11Uri::default();
        token_uri.path.insert("token".into(), label.clone());
        if !serial.is_empty() {
            token_uri.path.insert("serial".into(), serial.clone());
        }
        token_uri
            .query
            .insert("module-path".into(), token.module.display().to_string());
        // The token's PIN source travels with every URI the agent stores for it.
        if let Some(ps) = uri.query.get("pin-source") {
            token_uri.query.insert("pin-source".into(), ps.clone());
        }

        let (session, token) = if info.login_required() {
            if source == SecretSource::Prompt && source.check_available().is_err() {
                return Err(KeyError::NoStorePinSource { label });
            }
            source.check_available()?;
            let prompt =
                crate::pin::prompt_text(&crate::pin::Prompt::KeyStorePin { label: &label });
            match CardSession::login(token, allow_final_try, true, || {
                Ok::<SecretString, KeyError>(source.read_token_pin(&prompt)?)
            }) {
                Ok(cs) => (cs.session, cs.token),
                Err(KeyError::Card(CardError::WrongPin { .. })) => {
                    opened().push((key, Opened::PinRefused));
                    return Err(KeyError::StoreWrongPin {
                        label,
                        from: source_name(&source),
                    });
                }
                Err(e) => return Err(e),
            }
        } else {
            let s = token
                .pkcs11
                .open_rw_session(token.slot)
                .map_err(|e| KeyError::pkcs11("opening a session", e))?;
            (s, token)
        };
        // Private objects are visible now: check again.
        refuse_cpx(&session, &label)?;
        let store = Pkcs11KeyStore {
            session: Arc::new(Mutex::new(session)),
            label,
            token_uri,
            mechanisms,
            rsa_sizes,
            _token: token,
        };
        opened().push((key, Opened::Open(store.clone())));
        Ok(store)
    }

    /// The token's label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The URI naming the token (`token`, `serial`, `module-path`).
    pub fn token_uri(&self) -> &Pkcs11Uri {
        &self.token_uri
    }

    /// The token's relevant mechanisms.
    pub fn mechanisms(&self) -> Mechanisms {
        self.mechanisms
    }

    /// Checks that the token can generate and sign with `algorithm` (before anything is created).
    pub fn check_keygen(&self, algorithm: KeyAlgorithm) -> Result<(), KeyError> {
        check_mechanisms(&self.label, self.mechanisms, self.rsa_sizes, algorithm)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Session> {
        lock(&self.session)
    }

    /// Generates a key pair on the token, labelled `label`, non-extractable. `decrypt` also allows
    /// decryption and unwrapping (for an encryption certificate).
    ///
    /// The new key is *unfinished* until [`TokenKey::keep`] is called (once an order holds it):
    /// if the run is interrupted (SIGINT, SIGTERM, SIGHUP) before, [`destroy_unfinished`]
    /// destroys it, so that no orphan key is left on the token.
    pub fn generate(
        &self,
        algorithm: KeyAlgorithm,
        label: &str,
        decrypt: bool,
    ) -> Result<TokenKey, KeyError> {
        self.check_keygen(algorithm)?;
        let mut id = vec![0u8; 16];
        aws_lc_rs::rand::fill(&mut id).map_err(|_| KeyError::Generate("no random bytes".into()))?;
        let common = |private: bool| {
            vec![
                Attribute::Token(true),
                Attribute::Private(private),
                Attribute::Id(id.clone()),
                Attribute::Label(label.as_bytes().to_vec()),
            ]
        };
        let mut pub_t = common(false);
        pub_t.push(Attribute::Verify(true));
        let mut priv_t = common(true);
        priv_t.extend([
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
            Attribute::Decrypt(decrypt),
            Attribute::Unwrap(decrypt),
        ]);
        pub_t.extend([Attribute::Encrypt(decrypt), Attribute::Wrap(decrypt)]);
        let mech = match algorithm.rsa_bits() {
            Some(bits) => {
                pub_t.push(Attribute::ModulusBits(u64::from(bits).into()));
                pub_t.push(Attribute::PublicExponent(vec![0x01, 0x00, 0x01]));
                Mechanism::RsaPkcsKeyPairGen
            }
            None => {
                pub_t.push(Attribute::EcParams(der::P256_OID.to_vec()));
                Mechanism::EccKeyPairGen
            }
        };
        // One lock over generation, read-back and registration: an interrupt (which takes every
        // key store session before it cleans up) sees either no key or a registered one.
        let s = self.lock();
        let (public, private) = s
            .generate_key_pair(&mech, &pub_t, &priv_t)
            .map_err(|e| KeyError::pkcs11("generating a key pair on the token", e))?;
        let spki = match read_spki(&s, algorithm, Some(public), private) {
            Ok(spki) => spki,
            Err(e) => {
                let _ = s.destroy_object(private);
                let _ = s.destroy_object(public);
                return Err(e);
            }
        };
        unfinished().push(Unfinished {
            session: self.session.clone(),
            private,
            public: Some(public),
        });
        drop(s);
        let mut uri = self.token_uri.clone();
        uri.path.insert("object".into(), label.to_string());
        uri.path.insert("type".into(), "private".into());
        uri.id = Some(id);
        Ok(TokenKey {
            session: self.session.clone(),
            private,
            public: Some(public),
            algorithm,
            spki,
            uri,
            mechanisms: self.mechanisms,
        })
    }

    /// Finds a private key again from its URI (`id` and/or `object`).
    pub fn find(&self, uri: &Pkcs11Uri) -> Result<TokenKey, KeyError> {
        if uri.id.is_none() && uri.object().is_none() {
            return Err(KeyError::KeyNotFound(format!(
                "{uri} (it has no id= or object=)"
            )));
        }
        let s = self.lock();
        let mut t = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
        if let Some(id) = &uri.id {
            t.push(Attribute::Id(id.clone()));
        }
        if let Some(label) = uri.object() {
            t.push(Attribute::Label(label.as_bytes().to_vec()));
        }
        let found = s
            .find_objects(&t)
            .map_err(|e| KeyError::pkcs11("searching the token", e))?;
        let private = match found.as_slice() {
            [one] => *one,
            [] => return Err(KeyError::KeyNotFound(uri.to_string())),
            _ => {
                return Err(KeyError::KeyNotFound(format!(
                    "{uri} uniquely ({} keys match)",
                    found.len()
                )))
            }
        };
        let attrs = s
            .get_attributes(
                private,
                &[
                    AttributeType::Id,
                    AttributeType::KeyType,
                    AttributeType::Label,
                ],
            )
            .map_err(|e| KeyError::pkcs11("reading the key's attributes", e))?;
        let mut id = Vec::new();
        let mut label = String::new();
        let mut key_type = None;
        for a in attrs {
            match a {
                Attribute::Id(v) => id = v,
                Attribute::Label(v) => label = String::from_utf8_lossy(&v).into_owned(),
                Attribute::KeyType(k) => key_type = Some(k),
                _ => {}
            }
        }
        let public = s
            .find_objects(&[
                Attribute::Class(ObjectClass::PUBLIC_KEY),
                Attribute::Id(id.clone()),
            ])
            .ok()
            .and_then(|v| v.first().copied());
        let is_ec = key_type == Some(cryptoki::object::KeyType::EC);
        let algorithm = if is_ec {
            KeyAlgorithm::P256
        } else {
            let bits = rsa_modulus(&s, public.unwrap_or(private))
                .map(|m| m.iter().skip_while(|b| **b == 0).count() * 8)
                .unwrap_or(0);
            KeyAlgorithm::rsa(bits).ok_or_else(|| {
                KeyError::KeyNotFound(format!("{uri} as an RSA 2048/3072/4096 or P-256 key"))
            })?
        };
        let spki = read_spki(&s, algorithm, public, private)?;
        drop(s);
        let mut uri_out = self.token_uri.clone();
        uri_out.path.insert("object".into(), label);
        uri_out.path.insert("type".into(), "private".into());
        uri_out.id = Some(id);
        Ok(TokenKey {
            session: self.session.clone(),
            private,
            public,
            algorithm,
            spki,
            uri: uri_out,
            mechanisms: self.mechanisms,
        })
    }

    /// Writes `cert_der` on the token as a CKO_CERTIFICATE with the key's CKA_ID and `label`,
    /// unless that exact certificate is already there. Returns whether an object was created.
    pub fn store_certificate(
        &self,
        key: &TokenKey,
        label: &str,
        cert_der: &[u8],
    ) -> Result<bool, KeyError> {
        let (_, cert) = x509_parser::parse_x509_certificate(cert_der)
            .map_err(|e| KeyError::KeyNotFound(format!("a readable certificate ({e})")))?;
        let s = self.lock();
        let existing = s
            .find_objects(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::Id(key.id().to_vec()),
                Attribute::Value(cert_der.to_vec()),
            ])
            .map_err(|e| KeyError::pkcs11("looking for the certificate on the token", e))?;
        if !existing.is_empty() {
            return Ok(false);
        }
        s.create_object(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(cryptoki::object::CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Id(key.id().to_vec()),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Subject(cert.subject().as_raw().to_vec()),
            Attribute::Issuer(cert.issuer().as_raw().to_vec()),
            Attribute::SerialNumber(cert.raw_serial().to_vec()),
            Attribute::Value(cert_der.to_vec()),
        ])
        .map_err(|e| KeyError::pkcs11("writing the certificate on the token", e))?;
        Ok(true)
    }

    /// Destroys a key pair created by [`Pkcs11KeyStore::generate`] (used to roll back a failed
    /// order: no half-made key is left on the token).
    pub fn destroy(&self, key: &TokenKey) -> Result<(), KeyError> {
        let s = self.lock();
        s.destroy_object(key.private)
            .map_err(|e| KeyError::pkcs11("deleting a private key", e))?;
        if let Some(p) = key.public {
            s.destroy_object(p)
                .map_err(|e| KeyError::pkcs11("deleting a public key", e))?;
        }
        forget_unfinished(&key.session, key.private);
        Ok(())
    }
}

/// Checks that a token (`label`, its mechanisms, its RSA key size range) can generate and sign
/// with `algorithm`.
pub fn check_mechanisms(
    label: &str,
    m: Mechanisms,
    rsa_sizes: Option<(usize, usize)>,
    algorithm: KeyAlgorithm,
) -> Result<(), KeyError> {
    let missing = |what: String, mechanism: &str| KeyError::NoMechanism {
        label: label.to_string(),
        what,
        mechanism: mechanism.to_string(),
    };
    match algorithm.rsa_bits() {
        Some(bits) => {
            if !m.rsa_keygen {
                return Err(missing(
                    format!("generate {algorithm} keys"),
                    "CKM_RSA_PKCS_KEY_PAIR_GEN",
                ));
            }
            if let Some((min, max)) = rsa_sizes {
                if max != 0 && ((bits as usize) < min || bits as usize > max) {
                    return Err(missing(
                        format!("generate {algorithm} keys (it allows {min} to {max} bits)"),
                        "RSA key size",
                    ));
                }
            }
            if !m.sha256_rsa_pkcs && !m.rsa_pkcs {
                return Err(missing(
                    "sign with RSA and SHA-256".into(),
                    "CKM_SHA256_RSA_PKCS or CKM_RSA_PKCS",
                ));
            }
        }
        None => {
            if !m.ec_keygen {
                return Err(missing(
                    format!("generate {algorithm} keys"),
                    "CKM_EC_KEY_PAIR_GEN",
                ));
            }
            if !m.ecdsa_sha256 && !m.ecdsa {
                return Err(missing(
                    "sign with ECDSA".into(),
                    "CKM_ECDSA_SHA256 or CKM_ECDSA",
                ));
            }
        }
    }
    Ok(())
}

fn source_name(s: &SecretSource) -> String {
    match s {
        SecretSource::File(p) => p.display().to_string(),
        SecretSource::Fd(fd) => format!("file descriptor {fd}"),
        SecretSource::Prompt => "the terminal".to_string(),
    }
}

fn lock(m: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    // A panic while holding the lock leaves the session usable: PKCS#11 calls are atomic.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn rsa_modulus(s: &Session, h: ObjectHandle) -> Option<Vec<u8>> {
    s.get_attributes(h, &[AttributeType::Modulus])
        .ok()?
        .into_iter()
        .find_map(|a| match a {
            Attribute::Modulus(m) => Some(m),
            _ => None,
        })
}

fn read_spki(
    s: &Session,
    algorithm: KeyAlgorithm,
    public: Option<ObjectHandle>,
    private: ObjectHandle,
) -> Result<Vec<u8>, KeyError> {
    let h = public.unwrap_or(private);
    if algorithm == KeyAlgorithm::P256 {
        let public = public.ok_or_else(|| {
            KeyError::KeyNotFound("the public key object of an EC key (same CKA_ID)".into())
        })?;
        let attrs = s
            .get_attributes(public, &[AttributeType::EcPoint])
            .map_err(|e| KeyError::pkcs11("reading the public key", e))?;
        let point = attrs
            .into_iter()
            .find_map(|a| match a {
                Attribute::EcPoint(p) => Some(p),
                _ => None,
            })
            .ok_or_else(|| KeyError::KeyNotFound("CKA_EC_POINT of the public key".into()))?;
        let raw = der::unwrap_octet_string(&point)
            .map(<[u8]>::to_vec)
            .unwrap_or(point);
        if raw.len() != 65 || raw[0] != 0x04 {
            return Err(KeyError::Pkcs11 {
                operation: "reading the public key",
                message: "CKA_EC_POINT is not an uncompressed P-256 point".into(),
            });
        }
        return Ok(der::p256_spki(&raw));
    }
    let attrs = s
        .get_attributes(h, &[AttributeType::Modulus, AttributeType::PublicExponent])
        .map_err(|e| KeyError::pkcs11("reading the public key", e))?;
    let mut modulus = None;
    let mut exponent = None;
    for a in attrs {
        match a {
            Attribute::Modulus(m) => modulus = Some(m),
            Attribute::PublicExponent(e) => exponent = Some(e),
            _ => {}
        }
    }
    match (modulus, exponent) {
        (Some(m), Some(e)) => Ok(der::rsa_spki(&m, &e)),
        _ => Err(KeyError::Pkcs11 {
            operation: "reading the public key",
            message: "the token returned no CKA_MODULUS / CKA_PUBLIC_EXPONENT".into(),
        }),
    }
}

/// A private key on a token; the token signs.
#[derive(Clone)]
pub struct TokenKey {
    session: Arc<Mutex<Session>>,
    private: ObjectHandle,
    public: Option<ObjectHandle>,
    algorithm: KeyAlgorithm,
    spki: Vec<u8>,
    uri: Pkcs11Uri,
    mechanisms: Mechanisms,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey")
            .field("algorithm", &self.algorithm)
            .field("uri", &self.uri.to_string())
            .finish_non_exhaustive()
    }
}

impl TokenKey {
    /// The key's URI (`token`, `serial`, `object`, `id`, `type=private`, `module-path`).
    pub fn uri(&self) -> &Pkcs11Uri {
        &self.uri
    }

    /// The key's CKA_ID.
    pub fn id(&self) -> &[u8] {
        self.uri.id.as_deref().unwrap_or_default()
    }

    /// Marks a key made by [`Pkcs11KeyStore::generate`] as held by an order: an interrupt no
    /// longer destroys it. Call it with the order written, under
    /// [`crate::interrupt::hold_off`].
    pub fn keep(&self) {
        forget_unfinished(&self.session, self.private);
    }
}

impl AgentKey for TokenKey {
    fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    fn public_key_spki(&self) -> &[u8] {
        &self.spki
    }

    fn sign_with(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let mechs = self.mechanisms.signing();
        let is_rsa = self.algorithm.rsa_bits().is_some();
        let plan = match scheme {
            SignatureScheme::RsaPkcs1Sha256 if is_rsa => {
                Plan::rsa(&mechs, Hash::Sha256, false, false)
            }
            SignatureScheme::RsaPssSha256 if is_rsa => Plan::rsa(&mechs, Hash::Sha256, true, false),
            SignatureScheme::EcdsaP256Sha256 if !is_rsa => Plan::ecdsa_sha256(&mechs, false),
            _ => None,
        }
        .ok_or(KeyError::UnsupportedScheme {
            algorithm: self.algorithm,
            scheme,
        })?;
        let s = lock(&self.session);
        let sig = plan
            .sign(&s, self.private, message)
            .map_err(|e| KeyError::pkcs11("signing on the token", e))?;
        if is_rsa {
            return Ok(sig);
        }
        der::ecdsa_raw_to_der(&sig)
            .ok_or_else(|| KeyError::Sign("the token returned a malformed ECDSA signature".into()))
    }

    fn location(&self) -> KeyLocation {
        KeyLocation::Pkcs11(self.uri.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanism_checks() {
        let all = Mechanisms {
            rsa_keygen: true,
            sha256_rsa_pkcs: true,
            rsa_pkcs: true,
            sha256_rsa_pss: true,
            ec_keygen: true,
            ecdsa_sha256: true,
            ecdsa: true,
        };
        for alg in KeyAlgorithm::ALL {
            assert!(check_mechanisms("T", all, Some((512, 16384)), alg).is_ok());
        }
        let none = Mechanisms::default();
        let e = check_mechanisms("T", none, None, KeyAlgorithm::Rsa2048).unwrap_err();
        assert!(e.to_string().contains("CKM_RSA_PKCS_KEY_PAIR_GEN"), "{e}");
        let keygen_only = Mechanisms {
            rsa_keygen: true,
            ..none
        };
        let e = check_mechanisms("T", keygen_only, None, KeyAlgorithm::Rsa2048).unwrap_err();
        assert!(e.to_string().contains("CKM_SHA256_RSA_PKCS"), "{e}");
        // Raw RSA only: the agent adds the DigestInfo itself.
        let raw = Mechanisms {
            rsa_keygen: true,
            rsa_pkcs: true,
            ..none
        };
        assert!(check_mechanisms("T", raw, None, KeyAlgorithm::Rsa2048).is_ok());
        let e = check_mechanisms("T", all, Some((512, 2048)), KeyAlgorithm::Rsa4096).unwrap_err();
        assert!(e.to_string().contains("512 to 2048"), "{e}");
        assert!(check_mechanisms("T", raw, None, KeyAlgorithm::P256).is_err());
    }
}
