//! `mock-card pfc`: the emulated IGC Santé certificate platform, as an EST server (RFC 7030) on
//! 127.0.0.1 over HTTPS with client certificates.
//!
//! - TLS: its own server certificate (127.0.0.1, localhost) from a fresh test CA "TEST AC
//!   PLATEFORME TLS PFC", written to `--tls-ca-out` for the client's trust anchors. The client
//!   certificate must chain to the test PERSONNES CA (cards) or, for `/simplereenroll` only, to the
//!   test ORGANISATIONS CA (an ORG certificate renewing itself). `--client-cert optional` lets
//!   anonymous clients reach `/cacerts` (enrollment still answers 401 without a certificate).
//! - Endpoints under `/.well-known/est` (an optional label segment is ignored): `GET /cacerts`
//!   (ORGANISATIONS CA + root, PKCS#7 certs-only), `GET /csrattrs` (rsaEncryption,
//!   sha256WithRSAEncryption), `POST /simpleenroll`, `POST /simplereenroll`.
//! - Ordering rules, each refused with its reason in the body (text/plain):
//!   400 when the body is not a base64 PKCS#10 request with a valid signature, when C is not FR,
//!   O is empty, OU is not a national structure id (type digit 1, 3 or 4 + digits), CN is not a
//!   service applicatif (`DMP AUTHENTIFICATION` → ORG AUTH_CLI, `DMP SIGNATURE` → ORG SIGN: the
//!   usage is chosen by the CN; `--conf-service NAME` also makes NAME → ORG CONF), or the key is
//!   not RSA 2048;
//!   401 without a client certificate; 403 when the card's holder (the client certificate's CN,
//!   their national id) is not habilitated for the OU in the habilitations file, or when an ORG
//!   certificate tries `/simpleenroll` or renews for another structure.
//! - Issues with the ORGANISATIONS CA, ORG profile: subject C, ST, O, OU, CN as in the request
//!   (C PrintableString); AUTH_CLI keyUsage critical digitalSignature + EKU clientAuth; SIGN
//!   keyUsage critical digitalSignature, nonRepudiation + EKU emailProtection; basicConstraints
//!   CA:FALSE; 3 years; random 128-bit serial; AKI and SKI. Answer: the issued certificate only
//!   (RFC 7030 §4.2.3; the CA certificates come from `/cacerts`), or leaf + ORGANISATIONS CA with
//!   `--include-chain`.
//! - Test knobs: `--delay-ms`, `--pending N` (202 + Retry-After to the first N requests of each
//!   CSR, then issue), `--fail-first N` (503 to the first N requests), `--log FILE` (one JSON line
//!   per request: path, status, holder, TLS version, the client's handshake signature scheme).
//!
//! Habilitations file (JSON), as after form 413: `{"<holder national id>": ["<structure id>", …]}`,
//! e.g. `{"899700270616": ["1010000024"]}`. The key is the holder's national id as it appears in
//! the card's certificate CN (`8` + RPPS for a CPS, `3<FINESS>/<id>` for a CPE). The card number
//! is not in the certificate, so a TLS server cannot see it: it is not a key here.
//!
//! On start it prints one JSON line `{"url", "port", "tls_ca"}` on stdout, then serves until
//! killed.

use crate::der::tlv as der;
use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use rcgen::{
    CertificateParams, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa, Issuer,
    KeyPair, KeyUsagePurpose, SanType,
};
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::WebPkiClientVerifier;
use rustls::{DigitallySignedStruct, DistinguishedName as TlsDn, RootCertStore, SignatureScheme};
use serde::Deserialize;
use x509_parser::prelude::*;

/// Whether the TLS layer requires a client certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClientCertMode {
    /// Every connection must present a certificate chaining to a trusted CA.
    Required,
    /// Connections may come without a certificate (enrollment then answers 401).
    Optional,
}

/// Options of `mock-card pfc`.
#[derive(Debug, clap::Args)]
pub struct PfcArgs {
    /// The JSON written by `mock-card provision --json FILE` (gives the test PKI's files)
    #[arg(long, value_name = "FILE", required_unless_present = "pki_dir")]
    pub provision: Option<PathBuf>,
    /// The test PKI directory instead (root.pem, personnes-chain.pem, organisations.pem/.key)
    #[arg(long, value_name = "DIR")]
    pub pki_dir: Option<PathBuf>,
    /// Habilitations (JSON): {"<holder national id>": ["<structure id>", …]} [default: nobody]
    #[arg(long, value_name = "FILE")]
    pub habilitations: Option<PathBuf>,
    /// TCP port on 127.0.0.1 (0: any free port; the JSON line on stdout tells which)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Write the PEM of the CA that issued the platform's TLS certificate here
    #[arg(long, value_name = "FILE")]
    pub tls_ca_out: Option<PathBuf>,
    /// Wait this long before answering each request
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub delay_ms: u64,
    /// Answer 202 + Retry-After to the first N enrollment requests of each CSR, then issue
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub pending: u32,
    /// Retry-After value (seconds) of pending answers
    #[arg(long, default_value_t = 1, value_name = "SECONDS")]
    pub retry_after: u32,
    /// Answer 503 to the first N requests (any path)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub fail_first: u32,
    /// Client certificate at the TLS layer
    #[arg(long, value_enum, default_value = "required")]
    pub client_cert: ClientCertMode,
    /// Put the ORGANISATIONS CA after the issued certificate in enrollment answers. By default
    /// the answer holds the issued certificate only, as RFC 7030 §4.2.3 says; the chain comes
    /// from `/cacerts` (§4.1)
    #[arg(long)]
    pub include_chain: bool,
    /// Append one JSON line per request to this file
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Also issue ORG CONF (keyUsage keyEncipherment, no EKU) to requests whose CN is this
    /// service applicatif (the procedure names none for CONF: the platform knows the one the
    /// order was placed with)
    #[arg(long, value_name = "NAME")]
    pub conf_service: Option<String>,
}

#[derive(Deserialize)]
struct ProvisionJson {
    ca_cert: PathBuf,
    personnes_chain: PathBuf,
    organisations_ca_cert: PathBuf,
    organisations_ca_key: PathBuf,
}

struct Pki {
    root_pem: String,
    personnes_chain_pem: String,
    organisations_pem: String,
    organisations_cert: PathBuf,
    organisations_key: PathBuf,
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
}

impl Pki {
    fn load(a: &PfcArgs) -> Result<Pki> {
        let (root, chain, org, key) = match (&a.provision, &a.pki_dir) {
            (Some(p), _) => {
                let j: ProvisionJson = serde_json::from_str(&read(p)?)
                    .with_context(|| format!("parsing {}", p.display()))?;
                (
                    j.ca_cert,
                    j.personnes_chain,
                    j.organisations_ca_cert,
                    j.organisations_ca_key,
                )
            }
            (None, Some(d)) => (
                d.join("root.pem"),
                d.join("personnes-chain.pem"),
                d.join("organisations.pem"),
                d.join("organisations.key"),
            ),
            (None, None) => bail!("give --provision FILE or --pki-dir DIR"),
        };
        Ok(Pki {
            root_pem: read(&root)?,
            personnes_chain_pem: read(&chain)?,
            organisations_pem: read(&org)?,
            organisations_cert: std::path::absolute(&org)?,
            organisations_key: std::path::absolute(&key)?,
        })
    }
}

fn pem_certs(text: &str) -> Result<Vec<Vec<u8>>> {
    let certs: Vec<Vec<u8>> = ::pem::parse_many(text)?
        .into_iter()
        .filter(|p| p.tag() == "CERTIFICATE")
        .map(::pem::Pem::into_contents)
        .collect();
    if certs.is_empty() {
        bail!("no certificate in PEM text");
    }
    Ok(certs)
}

// --- a minimal DER writer for the PKCS#7 answers ---

const OID_SIGNED_DATA: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
];
const OID_DATA: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
];
const OID_RSA: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];
const OID_SHA256_RSA: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
];

/// A certs-only SignedData with `certs` in this order (like `openssl crl2pkcs7 -nocrl`).
pub fn certs_only(certs: &[Vec<u8>]) -> Vec<u8> {
    let signed_data = der(
        0x30,
        &[
            der(0x02, &[1]),
            der(0x31, &[]),
            der(0x30, &OID_DATA),
            der(0xa0, &certs.concat()),
            der(0x31, &[]),
        ]
        .concat(),
    );
    der(
        0x30,
        &[OID_SIGNED_DATA.to_vec(), der(0xa0, &signed_data)].concat(),
    )
}

fn b64_lines(der: &[u8]) -> String {
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::new();
    for chunk in b.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push_str("\r\n");
    }
    out
}

// --- the recording client verifier: which signature did the client make? ---

#[derive(Debug)]
struct Recording {
    inner: Arc<dyn ClientCertVerifier>,
    scheme: Arc<Mutex<Option<SignatureScheme>>>,
}

impl ClientCertVerifier for Recording {
    fn offer_client_auth(&self) -> bool {
        self.inner.offer_client_auth()
    }
    fn client_auth_mandatory(&self) -> bool {
        self.inner.client_auth_mandatory()
    }
    fn root_hint_subjects(&self) -> &[TlsDn] {
        self.inner.root_hint_subjects()
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        self.inner
            .verify_client_cert(end_entity, intermediates, now)
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let r = self.inner.verify_tls12_signature(message, cert, dss);
        if r.is_ok() {
            *self.scheme.lock().unwrap_or_else(|e| e.into_inner()) = Some(dss.scheme);
        }
        r
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let r = self.inner.verify_tls13_signature(message, cert, dss);
        if r.is_ok() {
            *self.scheme.lock().unwrap_or_else(|e| e.into_inner()) = Some(dss.scheme);
        }
        r
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

// --- state ---

struct State {
    args: PfcArgs,
    habilitations: HashMap<String, Vec<String>>,
    organisations_cert: PathBuf,
    organisations_key: PathBuf,
    organisations_der: Vec<u8>,
    root_der: Vec<u8>,
    personnes_subject: Vec<u8>,
    organisations_subject: Vec<u8>,
    requests: AtomicU32,
    pending_seen: Mutex<HashMap<Vec<u8>, u32>>,
    log: Mutex<Option<std::fs::File>>,
}

/// What the TLS layer established for one connection.
struct ConnInfo {
    peer: Option<Vec<u8>>,
    tls_version: String,
    scheme: Arc<Mutex<Option<SignatureScheme>>>,
}

struct Answer {
    status: StatusCode,
    content_type: &'static str,
    body: String,
    retry_after: Option<u32>,
    holder: Option<String>,
    structure: Option<String>,
}

impl Answer {
    fn text(status: StatusCode, reason: impl Into<String>) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: reason.into(),
            retry_after: None,
            holder: None,
            structure: None,
        }
    }
    fn pkcs7(certs: &[Vec<u8>]) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: "application/pkcs7-mime; smime-type=certs-only",
            body: b64_lines(&certs_only(certs)),
            retry_after: None,
            holder: None,
            structure: None,
        }
    }
}

fn first_attr(name: &X509Name<'_>, oid: &x509_parser::der_parser::oid::Oid<'_>) -> Option<String> {
    name.iter_by_oid(oid)
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
}

/// The service applicatif names and their usages.
const AUTH_CN: &str = "DMP AUTHENTIFICATION";
const SIGN_CN: &str = "DMP SIGNATURE";

struct CsrFacts {
    ou: String,
    cn: String,
}

/// Checks the request against the ordering rules; Err is the 400 reason.
fn check_csr(der: &[u8], conf_service: Option<&str>) -> Result<CsrFacts, String> {
    let (rest, csr) = X509CertificationRequest::from_der(der)
        .map_err(|e| format!("the body is not a DER PKCS#10 request: {e}"))?;
    if !rest.is_empty() {
        return Err("trailing bytes after the PKCS#10 request".into());
    }
    csr.verify_signature()
        .map_err(|e| format!("the request's signature does not verify with its own key: {e}"))?;
    let info = &csr.certification_request_info;
    let s = &info.subject;
    use x509_parser::oid_registry::*;
    let c = first_attr(s, &OID_X509_COUNTRY_NAME);
    let o = first_attr(s, &OID_X509_ORGANIZATION_NAME).unwrap_or_default();
    let ou = first_attr(s, &OID_X509_ORGANIZATIONAL_UNIT).unwrap_or_default();
    let cn = first_attr(s, &OID_X509_COMMON_NAME).unwrap_or_default();
    let mut reasons = Vec::new();
    // The subject is copied into the certificate: only the profile's attributes, once each.
    let allowed = [
        (OID_X509_COUNTRY_NAME, "C"),
        (OID_X509_STATE_OR_PROVINCE_NAME, "ST"),
        (OID_X509_ORGANIZATION_NAME, "O"),
        (OID_X509_ORGANIZATIONAL_UNIT, "OU"),
        (OID_X509_COMMON_NAME, "CN"),
    ];
    for attr in s.iter_attributes() {
        if !allowed.iter().any(|(oid, _)| oid == attr.attr_type()) {
            reasons.push(format!(
                "unexpected subject attribute {} (the ORG profile has C, ST, O, OU, CN)",
                attr.attr_type()
            ));
        }
    }
    for (oid, name) in &allowed {
        if s.iter_by_oid(oid).count() > 1 {
            reasons.push(format!("{name} must appear once"));
        }
    }
    if c.as_deref() != Some("FR") {
        reasons.push(format!(
            "C must be FR (found {})",
            c.as_deref().unwrap_or("none")
        ));
    }
    if o.trim().is_empty() {
        reasons.push("O (raison sociale) must not be empty".to_string());
    }
    let ou_ok = ou.len() >= 9
        && ou.bytes().all(|b| b.is_ascii_digit())
        && matches!(ou.as_bytes()[0], b'1' | b'3' | b'4');
    if !ou_ok {
        reasons.push(format!(
            "OU must be the national structure id (1 + FINESS, 3 + SIRET or 4 + RPPS rang), found {ou:?}"
        ));
    }
    if cn != AUTH_CN && cn != SIGN_CN && Some(cn.as_str()) != conf_service {
        reasons.push(format!(
            "CN must be the service applicatif: \"{AUTH_CN}\" (ORG AUTH_CLI) or \"{SIGN_CN}\" (ORG SIGN), found {cn:?}"
        ));
    }
    let pk = &info.subject_pki;
    match pk.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) if rsa.key_size() == 2048 => {}
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => reasons.push(format!(
            "the key must be RSA 2048 (found RSA {})",
            rsa.key_size()
        )),
        _ => reasons.push("the key must be RSA 2048 (found another algorithm)".to_string()),
    }
    if !reasons.is_empty() {
        return Err(format!("request refused: {}", reasons.join("; ")));
    }
    Ok(CsrFacts { ou, cn })
}

/// Issues with the ORGANISATIONS CA through the `openssl` command. rcgen cannot be used here: its
/// `DistinguishedName` holds one value per attribute type, and the IGC Santé CA names carry two
/// OUs, so the issuer name it writes would not match the CA's subject.
fn issue(state: &State, der: &[u8], f: &CsrFacts) -> Result<Vec<u8>> {
    let work = tempfile::tempdir()?;
    let csr = work.path().join("req.der");
    std::fs::write(&csr, der)?;
    let ext = work.path().join("ext.cnf");
    let usage = if f.cn == AUTH_CN {
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
    } else if Some(f.cn.as_str()) == state.args.conf_service.as_deref() {
        "keyUsage=critical,keyEncipherment\n"
    } else {
        "keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n"
    };
    std::fs::write(
        &ext,
        format!("basicConstraints=critical,CA:FALSE\n{usage}subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"),
    )?;
    let now = ::time::OffsetDateTime::now_utc();
    let until = now
        .replace_year(now.year() + 3)
        .unwrap_or(now + ::time::Duration::days(1096));
    let days = (until - now).whole_days().to_string();
    let mut serial: [u8; 16] = rand::random();
    serial[0] &= 0x7f;
    serial[0] |= 0x01;
    let out = work.path().join("leaf.der");
    crate::pki::openssl(&[
        "x509",
        "-req",
        "-inform",
        "DER",
        "-in",
        &crate::pki::s(&csr),
        "-CA",
        &crate::pki::s(&state.organisations_cert),
        "-CAkey",
        &crate::pki::s(&state.organisations_key),
        "-set_serial",
        &format!("0x{}", hex::encode(serial)),
        "-days",
        &days,
        "-sha256",
        "-extfile",
        &crate::pki::s(&ext),
        "-outform",
        "DER",
        "-out",
        &crate::pki::s(&out),
    ])?;
    Ok(std::fs::read(&out)?)
}

fn enroll(state: &State, conn: &ConnInfo, body: &[u8], reenroll: bool) -> Answer {
    let Some(peer) = &conn.peer else {
        return Answer::text(
            StatusCode::UNAUTHORIZED,
            "authentication required: connect with the CPx card's authentication certificate",
        );
    };
    let Ok((_, client)) = X509Certificate::from_der(peer) else {
        return Answer::text(StatusCode::FORBIDDEN, "unreadable client certificate");
    };
    let holder = client
        .subject()
        .iter_common_name()
        .next()
        .and_then(|a| a.as_str().ok())
        .unwrap_or_default()
        .to_string();
    let issuer = client.issuer().as_raw();
    let is_card = issuer == state.personnes_subject.as_slice();
    let is_org = issuer == state.organisations_subject.as_slice();
    let compact: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let der = match base64::engine::general_purpose::STANDARD.decode(&compact) {
        Ok(d) => d,
        Err(e) => {
            return Answer::text(
                StatusCode::BAD_REQUEST,
                format!("the body must be a base64 PKCS#10 request (Content-Transfer-Encoding: base64): {e}"),
            )
        }
    };
    let facts = match check_csr(&der, state.args.conf_service.as_deref()) {
        Ok(f) => f,
        Err(reason) => {
            let mut a = Answer::text(StatusCode::BAD_REQUEST, reason);
            a.holder = Some(holder);
            return a;
        }
    };
    let refuse = |reason: String| {
        let mut a = Answer::text(StatusCode::FORBIDDEN, reason);
        a.holder = Some(holder.clone());
        a.structure = Some(facts.ou.clone());
        a
    };
    if is_card {
        let allowed = state
            .habilitations
            .get(&holder)
            .is_some_and(|l| l.iter().any(|s| s == &facts.ou));
        if !allowed {
            return refuse(format!(
                "the card holder {holder} is not habilitated to order certificates for structure {}: the structure's legal representative must send form 413 naming this holder as technical administrator",
                facts.ou
            ));
        }
    } else if is_org {
        let client_ou = client
            .subject()
            .iter_organizational_unit()
            .next()
            .and_then(|a| a.as_str().ok())
            .unwrap_or_default();
        if !reenroll {
            return refuse(
                "a first order (simpleenroll) must be authenticated with the CPx card, not an ORG certificate".into(),
            );
        }
        if client_ou != facts.ou {
            return refuse(format!(
                "the ORG certificate of structure {client_ou} cannot renew for structure {}",
                facts.ou
            ));
        }
    } else {
        return refuse(
            "the client certificate is neither a CPx card nor an ORG certificate of this platform"
                .into(),
        );
    }
    if state.args.pending > 0 {
        let mut seen = state.pending_seen.lock().unwrap_or_else(|e| e.into_inner());
        let n = seen.entry(der.clone()).or_insert(0);
        if *n < state.args.pending {
            *n += 1;
            let mut a = Answer::text(
                StatusCode::ACCEPTED,
                "the order is being processed: send the same request again later",
            );
            a.retry_after = Some(state.args.retry_after);
            a.holder = Some(holder);
            a.structure = Some(facts.ou.clone());
            return a;
        }
    }
    match issue(state, &der, &facts) {
        Ok(leaf) => {
            // RFC 7030 §4.2.3: "A successful response MUST be a certs-only CMC Simple PKI
            // Response [...] containing only the certificate that was issued." The CA
            // certificates come from /cacerts (§4.1). --include-chain adds the issuing CA.
            let mut certs = vec![leaf];
            if state.args.include_chain {
                certs.push(state.organisations_der.clone());
            }
            let mut a = Answer::pkcs7(&certs);
            a.holder = Some(holder);
            a.structure = Some(facts.ou.clone());
            a
        }
        Err(e) => Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("issuing failed: {e:#}"),
        ),
    }
}

fn csrattrs() -> Answer {
    let der = der(0x30, &[OID_RSA.to_vec(), OID_SHA256_RSA.to_vec()].concat());
    Answer {
        status: StatusCode::OK,
        content_type: "application/csrattrs",
        body: b64_lines(&der),
        retry_after: None,
        holder: None,
        structure: None,
    }
}

async fn handle(
    state: Arc<State>,
    conn: Arc<ConnInfo>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    if state.args.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(state.args.delay_ms)).await;
    }
    let n = state.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let op = path
        .strip_prefix("/.well-known/est/")
        .map(|rest| rest.rsplit('/').next().unwrap_or(rest).to_string());
    let answer = if n <= state.args.fail_first {
        Answer::text(
            StatusCode::SERVICE_UNAVAILABLE,
            "the platform is under maintenance, try again later",
        )
    } else {
        match (op.as_deref(), &method) {
            (Some("cacerts"), &Method::GET) => {
                Answer::pkcs7(&[state.organisations_der.clone(), state.root_der.clone()])
            }
            (Some("csrattrs"), &Method::GET) => csrattrs(),
            (Some("simpleenroll"), &Method::POST) => enroll(&state, &conn, &body, false),
            (Some("simplereenroll"), &Method::POST) => enroll(&state, &conn, &body, true),
            (Some("cacerts" | "csrattrs" | "simpleenroll" | "simplereenroll"), _) => {
                Answer::text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
            }
            _ => Answer::text(StatusCode::NOT_FOUND, format!("no EST operation at {path}")),
        }
    };
    let scheme = *conn.scheme.lock().unwrap_or_else(|e| e.into_inner());
    let line = serde_json::json!({
        "n": n,
        "method": method.as_str(),
        "path": path,
        "status": answer.status.as_u16(),
        "holder": answer.holder,
        "structure": answer.structure,
        "client_certificate": conn.peer.is_some(),
        "tls_version": conn.tls_version,
        "client_signature": scheme.map(|s| format!("{s:?}")),
        "reason": if answer.status.is_success() { None } else { Some(&answer.body) },
    })
    .to_string();
    eprintln!("{line}");
    if let Some(f) = state.log.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        let _ = writeln!(f, "{line}");
        let _ = f.flush();
    }
    let mut resp = Response::builder()
        .status(answer.status)
        .header("Content-Type", answer.content_type);
    if answer.content_type.starts_with("application/") {
        resp = resp.header("Content-Transfer-Encoding", "base64");
    }
    if let Some(r) = answer.retry_after {
        resp = resp.header("Retry-After", r.to_string());
    }
    Ok(resp
        .body(Full::new(Bytes::from(answer.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))))
}

/// The platform's TLS identity: a fresh test CA and a server certificate for 127.0.0.1.
fn server_identity() -> Result<(String, Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
    let ca_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name = DistinguishedName::new();
    ca.distinguished_name.push(
        DnType::CountryName,
        DnValue::PrintableString("FR".try_into()?),
    );
    ca.distinguished_name
        .push(DnType::OrganizationName, "IGC-SANTE TEST");
    ca.distinguished_name
        .push(DnType::CommonName, "TEST AC PLATEFORME TLS PFC");
    ca.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let now = ::time::OffsetDateTime::now_utc();
    ca.not_before = now - ::time::Duration::hours(1);
    ca.not_after = now + ::time::Duration::days(30);
    let ca_cert = ca.self_signed(&ca_key)?;
    let ca_issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name
        .push(DnType::CommonName, "pfc.test 127.0.0.1");
    p.subject_alt_names = vec![
        SanType::IpAddress(std::net::IpAddr::from([127, 0, 0, 1])),
        SanType::DnsName("localhost".try_into()?),
    ];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.use_authority_key_identifier_extension = true;
    p.not_before = now - ::time::Duration::hours(1);
    p.not_after = now + ::time::Duration::days(30);
    let cert = p.signed_by(&key, &ca_issuer)?;
    let key_der =
        PrivateKeyDer::try_from(key.serialize_der()).map_err(|e| anyhow!("server key: {e}"))?;
    Ok((
        ca_cert.pem(),
        vec![cert.der().clone(), ca_cert.der().clone()],
        key_der,
    ))
}

/// Runs the platform until killed.
pub fn run(args: PfcArgs) -> Result<()> {
    let pki = Pki::load(&args)?;
    let habilitations: HashMap<String, Vec<String>> = match &args.habilitations {
        Some(p) => serde_json::from_str(&read(p)?)
            .with_context(|| format!("parsing the habilitations file {}", p.display()))?,
        None => HashMap::new(),
    };
    let organisations_der = pem_certs(&pki.organisations_pem)?.remove(0);
    let root_der = pem_certs(&pki.root_pem)?.remove(0);
    let personnes = pem_certs(&pki.personnes_chain_pem)?;
    let subject_of = |der: &[u8]| -> Result<Vec<u8>> {
        let (_, c) = X509Certificate::from_der(der).map_err(|e| anyhow!("{e}"))?;
        Ok(c.subject().as_raw().to_vec())
    };
    let personnes_subject = subject_of(&personnes[0])?;
    let organisations_subject = subject_of(&organisations_der)?;

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = RootCertStore::empty();
    for c in personnes.iter().chain(std::iter::once(&organisations_der)) {
        roots.add(CertificateDer::from(c.clone()))?;
    }
    let mut vb = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone());
    if args.client_cert == ClientCertMode::Optional {
        vb = vb.allow_unauthenticated();
    }
    let base_verifier = vb.build()?;

    let (tls_ca_pem, server_chain, server_key) = server_identity()?;
    if let Some(p) = &args.tls_ca_out {
        std::fs::write(p, &tls_ca_pem).with_context(|| format!("writing {}", p.display()))?;
    }
    let server_key = Arc::new(rustls::sign::CertifiedKey::from_der(
        server_chain,
        server_key,
        &provider,
    )?);

    let log = match &args.log {
        Some(p) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .with_context(|| format!("opening {}", p.display()))?,
        ),
        None => None,
    };
    let port = args.port;
    let tls_ca_out = args.tls_ca_out.clone();
    let state = Arc::new(State {
        args,
        habilitations,
        organisations_cert: pki.organisations_cert.clone(),
        organisations_key: pki.organisations_key.clone(),
        organisations_der,
        root_der,
        personnes_subject,
        organisations_subject,
        requests: AtomicU32::new(0),
        pending_seen: Mutex::new(HashMap::new()),
        log: Mutex::new(log),
    });

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let port = listener.local_addr()?.port();
        let url = format!("https://127.0.0.1:{port}/.well-known/est");
        println!(
            "{}",
            serde_json::json!({
                "url": url,
                "port": port,
                "tls_ca": tls_ca_out.as_ref().map(|p| p.display().to_string()),
                "tls_ca_pem": tls_ca_pem,
            })
        );
        std::io::stdout().flush()?;
        loop {
            let (tcp, _) = listener.accept().await?;
            let state = state.clone();
            let base_verifier = base_verifier.clone();
            let server_key = server_key.clone();
            let provider = provider.clone();
            tokio::spawn(async move {
                let scheme = Arc::new(Mutex::new(None));
                let verifier = Arc::new(Recording {
                    inner: base_verifier,
                    scheme: scheme.clone(),
                });
                let config = match rustls::ServerConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                {
                    Ok(b) => b
                        .with_client_cert_verifier(verifier)
                        .with_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(
                            server_key,
                        ))),
                    Err(e) => {
                        eprintln!("mock-card pfc: TLS setup: {e}");
                        return;
                    }
                };
                let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
                let tls = match acceptor.accept(tcp).await {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("{}", serde_json::json!({"tls_error": e.to_string()}));
                        return;
                    }
                };
                let (_, server_conn) = tls.get_ref();
                let info = Arc::new(ConnInfo {
                    peer: server_conn
                        .peer_certificates()
                        .and_then(|c| c.first())
                        .map(|c| c.to_vec()),
                    tls_version: server_conn
                        .protocol_version()
                        .map(|v| format!("{v:?}"))
                        .unwrap_or_default(),
                    scheme,
                });
                let service =
                    hyper::service::service_fn(move |req| handle(state.clone(), info.clone(), req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
            });
        }
        #[allow(unreachable_code)]
        Ok::<(), anyhow::Error>(())
    })
}
