//! TLS client configurations for the platform, and a handshake probe.
//!
//! - [`CardClientAuth`]: the client certificate is the CPx card's authentication certificate and
//!   the private key stays on the card: rustls asks the card to sign the handshake through PKCS#11
//!   ([`rustls::sign::SigningKey`] over cryptoki). The logged-in session is shared
//!   ([`SharedCardSession`]) so that one PIN entry serves every request of a run.
//! - RSA-PSS where the token lists a PSS mechanism (`CKM_SHA256_RSA_PKCS_PSS`, or the raw
//!   `CKM_RSA_PKCS_PSS` with the hash computed by the agent): TLS 1.3 and 1.2 are offered. Without
//!   PSS the connection is limited to TLS 1.2, signed with PKCS#1 v1.5 (`CKM_SHA256_RSA_PKCS`, or
//!   the raw `CKM_RSA_PKCS` with the DigestInfo added by the agent): TLS 1.3 forbids PKCS#1 v1.5
//!   in CertificateVerify.
//! - [`software_client_config`]: a certificate chain and a software key from PEM files (the
//!   installed AUTH_CLI pair, for `agent check`).
//! - The server certificate is always verified against the configured roots ([`load_roots`]);
//!   there is deliberately no way to turn that off.
//! - [`probe`]: one handshake and one HTTP GET, reporting the negotiated version and suite.
//!
//! The crypto provider is aws-lc-rs.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cryptoki::mechanism::MechanismType;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::Session;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, SubjectPublicKeyInfoDer};
use rustls::sign::{CertifiedKey, Signer, SigningKey, SingleCertAndKey};
use rustls::{
    AlertDescription, ClientConfig, RootCertStore, SignatureAlgorithm, SignatureScheme,
    SupportedProtocolVersion,
};
use x509_parser::prelude::*;

use super::EnrollError;
use crate::card::holder::find_auth_certificate;
use crate::card::login::CardSession;
use crate::keys::mechanism::{Hash, Plan};

/// A logged-in card session shared by every TLS connection of a run (a cryptoki session is `Send`
/// but not `Sync`: the mutex serializes the card operations).
pub type SharedCardSession = Arc<Mutex<CardSession>>;

/// Wraps a logged-in session for sharing.
pub fn share(session: CardSession) -> SharedCardSession {
    Arc::new(Mutex::new(session))
}

/// The aws-lc-rs crypto provider every configuration here uses.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

static TLS12_ONLY: &[&SupportedProtocolVersion] = &[&rustls::version::TLS12];

/// Options of the card-authenticated TLS client (the defaults use whatever the token offers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardTlsOptions {
    /// Behave as if the token offered no RSA-PSS mechanism: the connection is then limited to
    /// TLS 1.2 with PKCS#1 v1.5 signatures (what happens with middleware without PSS).
    pub without_pss: bool,
    /// Use only the raw mechanisms (`CKM_RSA_PKCS_PSS`, `CKM_RSA_PKCS`), hashing in software, as
    /// with middleware that offers no hash-and-sign mechanism.
    pub raw_mechanisms_only: bool,
}

/// The schemes the agent can sign with, in preference order, given the token's mechanisms.
fn plans(mechs: &[MechanismType], options: CardTlsOptions) -> Vec<(SignatureScheme, Plan)> {
    let raw_only = options.raw_mechanisms_only;
    let mut out = Vec::new();
    if !options.without_pss {
        for (scheme, h) in [
            (SignatureScheme::RSA_PSS_SHA256, Hash::Sha256),
            (SignatureScheme::RSA_PSS_SHA384, Hash::Sha384),
            (SignatureScheme::RSA_PSS_SHA512, Hash::Sha512),
        ] {
            out.extend(Plan::rsa(mechs, h, true, raw_only).map(|p| (scheme, p)));
        }
    }
    for (scheme, h) in [
        (SignatureScheme::RSA_PKCS1_SHA256, Hash::Sha256),
        (SignatureScheme::RSA_PKCS1_SHA384, Hash::Sha384),
        (SignatureScheme::RSA_PKCS1_SHA512, Hash::Sha512),
    ] {
        out.extend(Plan::rsa(mechs, h, false, raw_only).map(|p| (scheme, p)));
    }
    out
}

struct CardKeyInner {
    session: SharedCardSession,
    key: ObjectHandle,
    spki: Vec<u8>,
    plans: Vec<(SignatureScheme, Plan)>,
    used: Mutex<Vec<SignatureScheme>>,
}

/// The card's authentication private key as a rustls signing key (the key never leaves the card).
#[derive(Clone)]
struct CardSigningKey(Arc<CardKeyInner>);

impl std::fmt::Debug for CardSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardSigningKey")
            .field("schemes", &self.0.plans)
            .finish()
    }
}

impl SigningKey for CardSigningKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        self.0
            .plans
            .iter()
            .find(|(s, _)| offered.contains(s))
            .map(|(scheme, plan)| {
                Box::new(CardSigner {
                    key: self.0.clone(),
                    scheme: *scheme,
                    plan: *plan,
                }) as Box<dyn Signer>
            })
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        Some(SubjectPublicKeyInfoDer::from(self.0.spki.as_slice()))
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RSA
    }
}

struct CardSigner {
    key: Arc<CardKeyInner>,
    scheme: SignatureScheme,
    plan: Plan,
}

impl std::fmt::Debug for CardSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardSigner")
            .field("scheme", &self.scheme)
            .field("mechanism", &self.plan.mechanism_name())
            .finish()
    }
}

impl Signer for CardSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        let guard = self.key.session.lock().map_err(|_| {
            rustls::Error::General("the card session is unusable (an earlier use failed)".into())
        })?;
        let signature = self
            .plan
            .sign(&guard.session, self.key.key, message)
            .map_err(|e| {
                rustls::Error::General(format!(
                    "the card did not sign the TLS handshake with {}: {e}",
                    self.plan.mechanism_name()
                ))
            })?;
        drop(guard);
        if let Ok(mut used) = self.key.used.lock() {
            used.push(self.scheme);
        }
        Ok(signature)
    }

    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }
}

/// The card's authentication pair as a TLS client identity.
#[derive(Debug, Clone)]
pub struct CardClientAuth {
    key: CardSigningKey,
    chain: Vec<CertificateDer<'static>>,
}

fn card_key_err(reason: impl Into<String>) -> EnrollError {
    EnrollError::CardKey {
        reason: reason.into(),
    }
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|x| **x == 0).count();
    &b[n..]
}

/// Finds the private key of the authentication certificate `cert` by the certificate's CKA_ID.
fn find_private_key(session: &Session, cert: &[u8]) -> Result<ObjectHandle, EnrollError> {
    let handles = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(|e| crate::card::CardError::pkcs11("listing the card's certificates", e))?;
    let mut id = None;
    for h in handles {
        let Ok(attrs) = session.get_attributes(h, &[AttributeType::Value, AttributeType::Id])
        else {
            continue;
        };
        let mut value = None;
        let mut this_id = None;
        for a in attrs {
            match a {
                Attribute::Value(v) => value = Some(v),
                Attribute::Id(i) => this_id = Some(i),
                _ => {}
            }
        }
        if value.as_deref() == Some(cert) {
            id = this_id;
            break;
        }
    }
    let id = id.filter(|i| !i.is_empty()).ok_or_else(|| {
        card_key_err("the authentication certificate object has no CKA_ID to find its private key")
    })?;
    let keys = session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Id(id.clone()),
        ])
        .map_err(|e| crate::card::CardError::pkcs11("looking for the authentication key", e))?;
    match keys.as_slice() {
        [] => Err(card_key_err(format!(
            "no private key with the authentication certificate's CKA_ID {} (is the session logged in?)",
            hex::encode(&id)
        ))),
        [one] => Ok(*one),
        _ => Err(card_key_err(format!(
            "several private keys share the CKA_ID {}",
            hex::encode(&id)
        ))),
    }
}

impl CardClientAuth {
    /// Prepares the card's authentication pair: the certificate (as `agent card status` finds it),
    /// its private key by CKA_ID (checked to be the certificate's RSA key), and the signature
    /// schemes the token's mechanisms allow.
    pub fn from_card(
        session: &SharedCardSession,
        options: CardTlsOptions,
    ) -> Result<CardClientAuth, EnrollError> {
        let guard = session
            .lock()
            .map_err(|_| card_key_err("the card session is unusable (an earlier use failed)"))?;
        let cert = find_auth_certificate(&guard.session)?;
        let (_, parsed) = X509Certificate::from_der(&cert)
            .map_err(|e| card_key_err(format!("the authentication certificate: {e}")))?;
        let spki = parsed.public_key().raw.to_vec();
        let modulus = match parsed.public_key().parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => strip_zeros(rsa.modulus).to_vec(),
            _ => {
                return Err(card_key_err(
                    "the authentication certificate's key is not RSA (CPx cards use RSA)",
                ))
            }
        };
        let key = find_private_key(&guard.session, &cert)?;
        let attrs = guard
            .session
            .get_attributes(key, &[AttributeType::KeyType, AttributeType::Modulus])
            .map_err(|e| crate::card::CardError::pkcs11("reading the authentication key", e))?;
        for a in attrs {
            match a {
                Attribute::KeyType(t) if t != KeyType::RSA => {
                    return Err(card_key_err("the authentication private key is not RSA"))
                }
                Attribute::Modulus(m) if strip_zeros(&m) != modulus.as_slice() => {
                    return Err(card_key_err(
                        "the private key with the certificate's CKA_ID does not match the certificate",
                    ))
                }
                _ => {}
            }
        }
        let pkcs11 = &guard.token.pkcs11;
        let slot = guard.token.slot;
        let listed = pkcs11
            .get_mechanism_list(slot)
            .map_err(|e| crate::card::CardError::pkcs11("listing the card's mechanisms", e))?;
        // Keep the mechanisms that can sign (a token may list verify-only ones).
        let mechs: Vec<MechanismType> = listed
            .into_iter()
            .filter(|m| {
                pkcs11
                    .get_mechanism_info(slot, *m)
                    .map(|i| i.sign())
                    .unwrap_or(true)
            })
            .collect();
        drop(guard);
        let plans = plans(&mechs, options);
        if plans.is_empty() {
            return Err(card_key_err(
                "the card offers none of the RSA signature mechanisms TLS needs (CKM_SHA256_RSA_PKCS_PSS, CKM_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS, CKM_RSA_PKCS)",
            ));
        }
        Ok(CardClientAuth {
            key: CardSigningKey(Arc::new(CardKeyInner {
                session: session.clone(),
                key,
                spki,
                plans,
                used: Mutex::new(Vec::new()),
            })),
            chain: vec![CertificateDer::from(cert)],
        })
    }

    /// Sends these certificates after the card's (intermediate CAs, leaf first is kept).
    pub fn with_intermediates(mut self, intermediates: Vec<CertificateDer<'static>>) -> Self {
        self.chain.truncate(1);
        self.chain.extend(intermediates);
        self
    }

    /// The card's authentication certificate (DER).
    pub fn certificate(&self) -> &[u8] {
        self.chain[0].as_ref()
    }

    /// Whether RSA-PSS is used (then TLS 1.3 is offered).
    pub fn pss(&self) -> bool {
        self.key.0.plans.iter().any(|(_, p)| p.is_pss())
    }

    /// The signature schemes the card can produce, in preference order.
    pub fn schemes(&self) -> Vec<SignatureScheme> {
        self.key.0.plans.iter().map(|(s, _)| *s).collect()
    }

    /// The PKCS#11 mechanism behind each scheme, as `(scheme, mechanism)` names.
    pub fn mechanisms(&self) -> Vec<(String, &'static str)> {
        self.key
            .0
            .plans
            .iter()
            .map(|(s, p)| (format!("{s:?}"), p.mechanism_name()))
            .collect()
    }

    /// The TLS versions this identity can be used with: 1.3 and 1.2 with PSS, else 1.2 only.
    pub fn protocol_versions(&self) -> &'static [&'static SupportedProtocolVersion] {
        if self.pss() {
            rustls::ALL_VERSIONS
        } else {
            TLS12_ONLY
        }
    }

    /// Every signature the card made for TLS through this identity, in order (for reports and
    /// tests: an empty list after a failed connection means the card was never asked to sign).
    pub fn signatures_made(&self) -> Vec<SignatureScheme> {
        self.key
            .0
            .used
            .lock()
            .map(|u| u.clone())
            .unwrap_or_default()
    }

    /// A rustls client configuration authenticating with the card, verifying the server against
    /// `roots`.
    pub fn client_config(&self, roots: RootCertStore) -> Result<ClientConfig, EnrollError> {
        let certified = CertifiedKey::new(self.chain.clone(), Arc::new(self.key.clone()));
        certified
            .keys_match()
            .map_err(|e| card_key_err(format!("certificate and key do not match: {e}")))?;
        Ok(ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(self.protocol_versions())
            .map_err(|e| EnrollError::TlsSetup(e.to_string()))?
            .with_root_certificates(roots)
            .with_client_cert_resolver(Arc::new(SingleCertAndKey::from(certified))))
    }
}

/// Loads the trust anchors for the platform's TLS certificate: every certificate of every PEM
/// file. At least one file is needed: the agent never connects without verifying the server.
pub fn load_roots(paths: &[PathBuf]) -> Result<RootCertStore, EnrollError> {
    if paths.is_empty() {
        return Err(EnrollError::NoTrustAnchors);
    }
    let mut store = RootCertStore::empty();
    for path in paths {
        let err = |reason: String| EnrollError::TrustAnchors {
            path: path.clone(),
            reason,
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| err(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| err(e.to_string()))?;
        if certs.is_empty() {
            return Err(err("no CERTIFICATE block in the file".into()));
        }
        for c in certs {
            store.add(c).map_err(|e| err(e.to_string()))?;
        }
    }
    Ok(store)
}

/// A client configuration without client authentication (e.g. `/cacerts` before any login).
pub fn anonymous_client_config(roots: RootCertStore) -> Result<ClientConfig, EnrollError> {
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| EnrollError::TlsSetup(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// A client configuration authenticating with a software pair: `cert_chain_pem` holds the leaf
/// first, then any intermediates; `key_pem` the private key (PKCS#8, PKCS#1 or SEC1 PEM).
pub fn software_client_config(
    cert_chain_pem: &Path,
    key_pem: &Path,
    roots: RootCertStore,
) -> Result<ClientConfig, EnrollError> {
    let cred_err = |path: &Path, reason: String| EnrollError::ClientCredentials {
        path: path.to_path_buf(),
        reason,
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_chain_pem)
        .map_err(|e| cred_err(cert_chain_pem, e.to_string()))?
        .collect::<Result<_, _>>()
        .map_err(|e| cred_err(cert_chain_pem, e.to_string()))?;
    if chain.is_empty() {
        return Err(cred_err(
            cert_chain_pem,
            "no CERTIFICATE block in the file".into(),
        ));
    }
    let key =
        PrivateKeyDer::from_pem_file(key_pem).map_err(|e| cred_err(key_pem, e.to_string()))?;
    ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| EnrollError::TlsSetup(e.to_string()))?
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)
        .map_err(|e| {
            cred_err(
                key_pem,
                format!("the key does not fit the certificate: {e}"),
            )
        })
}

/// Finds the rustls error behind a transport error, looking through `io::Error` wrappers (whose
/// `source()` skips the wrapped error).
pub(crate) fn find_rustls_error<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a rustls::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(r) = find_rustls_error(inner) {
                    return Some(r);
                }
            }
        }
        cur = e.source();
    }
    None
}

/// Turns a rustls error into the typed error for `url`.
pub(crate) fn classify_tls(err: &rustls::Error, url: &str) -> EnrollError {
    use rustls::Error as E;
    match err {
        E::InvalidCertificate(_) | E::NoCertificatesPresented | E::InvalidCertRevocationList(_) => {
            EnrollError::ServerNotTrusted {
                url: url.to_string(),
                reason: err.to_string(),
            }
        }
        E::AlertReceived(
            AlertDescription::BadCertificate
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::CertificateRevoked
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnknownCA
            | AlertDescription::AccessDenied
            | AlertDescription::CertificateRequired,
        ) => EnrollError::ClientCertRejected {
            url: url.to_string(),
            reason: err.to_string(),
        },
        _ => EnrollError::Tls {
            url: url.to_string(),
            reason: err.to_string(),
        },
    }
}

/// `TLSv1.3`-style name of a protocol version.
pub fn version_name(v: rustls::ProtocolVersion) -> String {
    match v {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".into(),
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".into(),
        other => format!("{other:?}"),
    }
}

/// What one handshake and one GET told.
#[derive(Debug, Clone)]
pub struct Probe {
    /// The negotiated TLS version (`TLSv1.3`, `TLSv1.2`).
    pub tls_version: String,
    /// The negotiated cipher suite.
    pub cipher_suite: String,
    /// The server's certificate (DER).
    pub server_certificate: Vec<u8>,
    /// The HTTP status of the GET, if the server answered HTTP.
    pub http_status: Option<u16>,
    /// The answer (headers and body; at most 1 MiB, lossy UTF-8).
    pub response: String,
}

/// Connects to `url` (https), completes the handshake with `config`, sends `GET <path>` and reads
/// the answer: the server accepted the client certificate if an answer comes back (with TLS 1.3
/// the server judges the client certificate after the handshake, so the GET is what proves it).
pub fn probe(
    url: &str,
    config: Arc<ClientConfig>,
    timeout: Duration,
) -> Result<Probe, EnrollError> {
    let bad = |reason: &str| EnrollError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if parsed.scheme() != "https" {
        return Err(bad("the scheme must be https"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| bad("no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let name = ServerName::try_from(host.clone()).map_err(|e| bad(&e.to_string()))?;
    let unreachable = |reason: String| EnrollError::Unreachable {
        url: url.to_string(),
        tries: 1,
        reason,
    };
    let addrs: Vec<_> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| unreachable(e.to_string()))?
        .collect();
    let mut last = None;
    let mut tcp = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, timeout) {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let tcp = tcp.ok_or_else(|| {
        unreachable(last.map_or_else(|| "no address".to_string(), |e| e.to_string()))
    })?;
    let io_err = |e: std::io::Error| -> EnrollError {
        if let Some(r) = find_rustls_error(&e) {
            return classify_tls(r, url);
        }
        if matches!(
            e.kind(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
        ) {
            return EnrollError::Timeout {
                url: url.to_string(),
                tries: 1,
                timeout,
            };
        }
        unreachable(e.to_string())
    };
    tcp.set_read_timeout(Some(timeout)).map_err(io_err)?;
    tcp.set_write_timeout(Some(timeout)).map_err(io_err)?;
    let conn = rustls::ClientConnection::new(config, name)
        .map_err(|e| EnrollError::TlsSetup(e.to_string()))?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let path = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: agent/{}\r\nConnection: close\r\n\r\n",
        parsed.host_str().unwrap_or(&host),
        env!("CARGO_PKG_VERSION")
    );
    tls.write_all(request.as_bytes()).map_err(io_err)?;
    tls.flush().map_err(io_err)?;
    let mut response = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match tls.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                response.extend_from_slice(&buf[..n]);
                if response.len() > 1 << 20 {
                    break;
                }
            }
            // A server that closes without close_notify after answering: keep what came.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !response.is_empty() => {
                break
            }
            Err(e) => return Err(io_err(e)),
        }
    }
    let conn = &tls.conn;
    let tls_version = conn
        .protocol_version()
        .map(version_name)
        .unwrap_or_default();
    let cipher_suite = conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_default();
    let server_certificate = conn
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|c| c.to_vec())
        .unwrap_or_default();
    let response = String::from_utf8_lossy(&response).into_owned();
    let http_status = response
        .lines()
        .next()
        .filter(|l| l.starts_with("HTTP/"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok());
    Ok(Probe {
        tls_version,
        cipher_suite,
        server_certificate,
        http_status,
        response,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_follow_the_mechanisms() {
        let softhsm = [
            MechanismType::RSA_PKCS,
            MechanismType::RSA_PKCS_PSS,
            MechanismType::SHA256_RSA_PKCS,
            MechanismType::SHA256_RSA_PKCS_PSS,
        ];
        let p = plans(&softhsm, CardTlsOptions::default());
        assert_eq!(
            p[0],
            (
                SignatureScheme::RSA_PSS_SHA256,
                Plan::PssCombined(Hash::Sha256)
            )
        );
        assert_eq!(
            p[1],
            (SignatureScheme::RSA_PSS_SHA384, Plan::PssRaw(Hash::Sha384))
        );
        assert!(p.contains(&(
            SignatureScheme::RSA_PKCS1_SHA256,
            Plan::Pkcs1Combined(Hash::Sha256)
        )));

        let no_pss = plans(
            &softhsm,
            CardTlsOptions {
                without_pss: true,
                ..Default::default()
            },
        );
        assert!(no_pss.iter().all(|(_, p)| !p.is_pss()));
        assert_eq!(no_pss[0].0, SignatureScheme::RSA_PKCS1_SHA256);

        let raw = plans(
            &softhsm,
            CardTlsOptions {
                raw_mechanisms_only: true,
                ..Default::default()
            },
        );
        assert_eq!(raw[0].1, Plan::PssRaw(Hash::Sha256));
        assert!(raw.contains(&(
            SignatureScheme::RSA_PKCS1_SHA256,
            Plan::Pkcs1Raw(Hash::Sha256)
        )));

        // A middleware with only raw PKCS#1 v1.5.
        let only_raw = plans(&[MechanismType::RSA_PKCS], CardTlsOptions::default());
        assert_eq!(only_raw.len(), 3);
        assert!(only_raw.iter().all(|(_, p)| matches!(p, Plan::Pkcs1Raw(_))));
        assert!(plans(&[MechanismType::SHA256], CardTlsOptions::default()).is_empty());
    }

    #[test]
    fn roots_are_required() {
        assert!(matches!(load_roots(&[]), Err(EnrollError::NoTrustAnchors)));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("empty.pem");
        std::fs::write(&p, "nothing here\n").unwrap();
        assert!(matches!(
            load_roots(&[p]),
            Err(EnrollError::TrustAnchors { .. })
        ));
    }
}
