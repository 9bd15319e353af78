//! EST enrollment over TLS authenticated by the CPx card, end to end with real parts: a CPS card on
//! SoftHSM2 (`mock-card provision`), the emulated platform (`mock-card pfc`), CSRs made by the
//! `openssl` command (an independent source), `openssl verify`/`x509` on what comes back, and
//! `openssl s_server` as an independent TLS peer.
//!
//! One card, logged in once, serves every test of this file (one PKCS#11 module per process:
//! SoftHSM cannot be initialized twice); each test starts its own platform.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use agent::card::login::CardSession;
use agent::card::token::{Token, TokenSelector};
use agent::cli::exit;
use agent::enroll::est::{EnrollOutcome, Enrolled, EstClient, EstOptions};
use agent::enroll::tls::{self, CardClientAuth, CardTlsOptions, SharedCardSession};
use agent::enroll::{pkcs7, EnrollError};
use common::card::Card;
use common::pfc::{free_port, openssl, Pfc, SServer};
use rustls::SignatureScheme;
use serde_json::{json, Value};
use x509_parser::prelude::*;

/// The provisioned CPS holder's national id (8 + the default test RPPS).
const HOLDER: &str = "899700270616";
/// A pharmacy: 1 + FINESS.
const STRUCTURE: &str = "1010000024";
const AUTH_CN: &str = "DMP AUTHENTIFICATION";
const SIGN_CN: &str = "DMP SIGNATURE";

struct Fixture {
    card: Card,
    json: PathBuf,
    session: SharedCardSession,
}

/// The card, provisioned and logged in once for the whole test binary.
fn fx() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        // The fixture lives as long as the process (statics are not dropped): keep it under the
        // target directory and clear leftovers of earlier runs.
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(entries) = std::fs::read_dir(tmp) {
            for e in entries.flatten() {
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .map(|t| t.elapsed().unwrap_or_default() > Duration::from_secs(3600))
                    .unwrap_or(false);
                if old && e.file_name().to_string_lossy().starts_with("est-card-") {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = tempfile::Builder::new()
            .prefix("est-card-")
            .tempdir_in(tmp)
            .expect("tempdir");
        let card = Card::provision_in(dir, "cps", &[]);
        let json = card.dir.path().join("card.json");
        std::fs::write(&json, card.info.to_string()).expect("write card.json");
        std::env::set_var("SOFTHSM2_CONF", card.conf());
        let token = Token::open(
            Some(Path::new(&card.get("module"))),
            Some(&TokenSelector::Label(card.get("token_label"))),
        )
        .expect("open the card token");
        let pin = card.get("pin");
        let session = CardSession::login(token, false, false, || {
            Ok::<_, agent::card::CardError>(pin.into())
        })
        .expect("log in to the card");
        Fixture {
            card,
            json,
            session: tls::share(session),
        }
    })
}

fn habilitations() -> Value {
    json!({ HOLDER: [STRUCTURE, "499700270616029"] })
}

fn quick() -> EstOptions {
    EstOptions {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(20),
        tries: 3,
        backoff: Duration::from_millis(100),
    }
}

fn card_client(pfc: &Pfc, opts: CardTlsOptions, est: EstOptions) -> (CardClientAuth, EstClient) {
    let auth = CardClientAuth::from_card(&fx().session, opts).expect("card TLS identity");
    let roots = tls::load_roots(std::slice::from_ref(&pfc.tls_ca)).expect("roots");
    let config = auth.client_config(roots).expect("client config");
    let client = EstClient::new(&pfc.url, config, est).expect("EST client");
    (auth, client)
}

/// A CSR made by openssl.
struct Csr {
    der: Vec<u8>,
    der_path: PathBuf,
    key: PathBuf,
}

fn subject(cn: &str, ou: &str) -> String {
    format!("/C=FR/ST=Paris (75)/O=PHARMACIE TEST/OU={ou}/CN={cn}")
}

fn make_csr(dir: &Path, name: &str, subj: &str, key: &str) -> Csr {
    let key_path = dir.join(format!("{name}.key"));
    let der_path = dir.join(format!("{name}.csr.der"));
    openssl(&[
        "req",
        "-new",
        "-newkey",
        key,
        "-nodes",
        "-utf8",
        "-keyout",
        key_path.to_str().unwrap(),
        "-subj",
        subj,
        "-outform",
        "DER",
        "-out",
        der_path.to_str().unwrap(),
    ]);
    Csr {
        der: std::fs::read(&der_path).unwrap(),
        der_path,
        key: key_path,
    }
}

fn pem_of(der: &[u8]) -> String {
    ::pem::encode(&::pem::Pem::new("CERTIFICATE", der.to_vec()))
}

fn pem_file_der(path: &str) -> Vec<u8> {
    ::pem::parse(std::fs::read_to_string(path).unwrap())
        .unwrap()
        .into_contents()
}

fn enrolled(o: EnrollOutcome) -> Enrolled {
    match o {
        EnrollOutcome::Enrolled(e) => e,
        EnrollOutcome::Pending { retry_after } => panic!("pending ({retry_after:?})"),
    }
}

/// Checks an issued certificate against the ORG profile, the chain and the request.
fn check_issued(e: &Enrolled, csr: &Csr, cn: &str, dir: &Path, tag: &str) {
    let card = &fx().card;
    let leaf = dir.join(format!("{tag}-leaf.pem"));
    let chain = dir.join(format!("{tag}-chain.pem"));
    std::fs::write(&leaf, pem_of(&e.leaf)).unwrap();
    // RFC 7030 §4.2.3: the answer holds only the issued certificate (this used to assert that
    // the emulator sent the ORGANISATIONS CA with it, which hid that the agent never called
    // /cacerts). The chain to verify with is the ORGANISATIONS CA, as /cacerts gives it.
    assert!(
        e.chain.is_empty(),
        "the answer carries {} CA certificate(s)",
        e.chain.len()
    );
    std::fs::write(
        &chain,
        std::fs::read(card.get("organisations_ca_cert")).unwrap(),
    )
    .unwrap();
    // Verifies under the test root through the ORGANISATIONS CA (independent verifier).
    let out = openssl(&[
        "verify",
        "-CAfile",
        &card.get("ca_cert"),
        "-untrusted",
        chain.to_str().unwrap(),
        "-purpose",
        if cn == AUTH_CN {
            "sslclient"
        } else {
            "smimesign"
        },
        leaf.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out).trim_end().ends_with(": OK"));
    let subj = String::from_utf8(openssl(&[
        "x509",
        "-in",
        leaf.to_str().unwrap(),
        "-noout",
        "-subject",
        "-issuer",
        "-nameopt",
        "RFC2253",
    ]))
    .unwrap();
    assert!(
        subj.contains(&format!(
            "subject=CN={cn},OU={STRUCTURE},O=PHARMACIE TEST,ST=Paris (75),C=FR"
        )),
        "{subj}"
    );
    assert!(
        subj.contains("issuer=CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE TEST"),
        "{subj}"
    );
    let text = String::from_utf8(openssl(&[
        "x509",
        "-in",
        leaf.to_str().unwrap(),
        "-noout",
        "-text",
    ]))
    .unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Signature Algorithm: sha256WithRSAEncryption"),
        "{text}"
    );
    assert!(flat.contains("Public-Key: (2048 bit)"), "{text}");
    assert!(flat.contains("X509v3 Subject Key Identifier"), "{text}");
    assert!(flat.contains("X509v3 Authority Key Identifier"), "{text}");
    assert!(flat.contains("CA:FALSE"), "{text}");
    if cn == AUTH_CN {
        assert!(
            flat.contains("X509v3 Key Usage: critical Digital Signature X509v3"),
            "{text}"
        );
        assert!(
            flat.contains("X509v3 Extended Key Usage: TLS Web Client Authentication X509v3"),
            "{text}"
        );
    } else {
        assert!(
            flat.contains("X509v3 Key Usage: critical Digital Signature, Non Repudiation X509v3"),
            "{text}"
        );
        assert!(
            flat.contains("X509v3 Extended Key Usage: E-mail Protection X509v3"),
            "{text}"
        );
    }
    // The public key is the request's.
    let csr_pub = openssl(&[
        "req",
        "-in",
        csr.der_path.to_str().unwrap(),
        "-inform",
        "DER",
        "-pubkey",
        "-noout",
    ]);
    let cert_pub = openssl(&["x509", "-in", leaf.to_str().unwrap(), "-pubkey", "-noout"]);
    assert_eq!(csr_pub, cert_pub);
    // 3 years from now, positive random serial, C as PrintableString.
    let (_, x) = X509Certificate::from_der(&e.leaf).unwrap();
    let nb = x.validity().not_before.timestamp();
    let na = x.validity().not_after.timestamp();
    let now = ::time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - nb).abs() < 300, "not_before {nb} vs now {now}");
    let days = (na - nb) / 86400;
    assert!((1095..=1096).contains(&days), "validity {days} days");
    assert_eq!(x.raw_serial().len(), 16, "128-bit serial");
    assert!(x.raw_serial()[0] & 0x80 == 0);
    let c = x.subject().iter_country().next().unwrap();
    assert_eq!(
        c.attr_value().header.tag(),
        x509_parser::der_parser::asn1_rs::Tag::PrintableString
    );
}

fn last_request(pfc: &Pfc) -> Value {
    pfc.requests().pop().expect("the platform logged a request")
}

#[test]
fn both_usages_issued_over_tls13_with_rsa_pss_on_one_login() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let (auth, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    assert!(auth.pss(), "SoftHSM offers CKM_SHA256_RSA_PKCS_PSS");
    assert_eq!(auth.schemes()[0], SignatureScheme::RSA_PSS_SHA256);
    let dir = pfc.dir().to_path_buf();

    let csr = make_csr(&dir, "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let e = enrolled(client.enroll(&csr.der, false).expect("AUTH_CLI enrollment"));
    assert_eq!(e.tls_version.as_deref(), Some("TLSv1.3"));
    assert_eq!(e.tries, 1);
    check_issued(&e, &csr, AUTH_CN, &dir, "auth");
    assert_eq!(auth.signatures_made(), [SignatureScheme::RSA_PSS_SHA256]);
    let r = last_request(&pfc);
    assert_eq!(r["path"], "/.well-known/est/simpleenroll");
    assert_eq!(r["status"], 200);
    assert_eq!(r["holder"], HOLDER);
    assert_eq!(r["structure"], STRUCTURE);
    assert_eq!(r["tls_version"], "TLSv1_3");
    assert_eq!(r["client_signature"], "RSA_PSS_SHA256");

    // Same client, same login: the ORG SIGN certificate.
    let csr2 = make_csr(&dir, "sign", &subject(SIGN_CN, STRUCTURE), "rsa:2048");
    let e2 = enrolled(client.enroll(&csr2.der, false).expect("SIGN enrollment"));
    check_issued(&e2, &csr2, SIGN_CN, &dir, "sign");
    assert_ne!(e.leaf, e2.leaf);
    let (_, a) = X509Certificate::from_der(&e.leaf).unwrap();
    let (_, b) = X509Certificate::from_der(&e2.leaf).unwrap();
    assert_ne!(a.raw_serial(), b.raw_serial(), "serials are random");
    assert_eq!(pfc.requests().len(), 2);
}

#[test]
fn without_pss_the_connection_is_tls12_with_pkcs1() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let opts = CardTlsOptions {
        without_pss: true,
        ..Default::default()
    };
    let (auth, client) = card_client(&pfc, opts, quick());
    assert!(!auth.pss());
    assert!(auth
        .protocol_versions()
        .iter()
        .all(|v| v.version == rustls::ProtocolVersion::TLSv1_2));
    let dir = pfc.dir().to_path_buf();
    let csr = make_csr(&dir, "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let e = enrolled(client.enroll(&csr.der, false).expect("enrollment"));
    assert_eq!(e.tls_version.as_deref(), Some("TLSv1.2"));
    check_issued(&e, &csr, AUTH_CN, &dir, "auth12");
    assert_eq!(auth.signatures_made(), [SignatureScheme::RSA_PKCS1_SHA256]);
    let r = last_request(&pfc);
    assert_eq!(r["tls_version"], "TLSv1_2");
    assert_eq!(r["client_signature"], "RSA_PKCS1_SHA256");
}

#[test]
fn raw_mechanisms_hash_in_software() {
    // CKM_RSA_PKCS_PSS with the hash computed by the agent (TLS 1.3), then CKM_RSA_PKCS with the
    // DigestInfo added by the agent (TLS 1.2): the server verifying the handshake proves both.
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let dir = pfc.dir().to_path_buf();
    for (without_pss, version, scheme, mech) in [
        (
            false,
            "TLSv1.3",
            SignatureScheme::RSA_PSS_SHA256,
            "CKM_RSA_PKCS_PSS",
        ),
        (
            true,
            "TLSv1.2",
            SignatureScheme::RSA_PKCS1_SHA256,
            "CKM_RSA_PKCS",
        ),
    ] {
        let opts = CardTlsOptions {
            without_pss,
            raw_mechanisms_only: true,
        };
        let (auth, client) = card_client(&pfc, opts, quick());
        assert_eq!(auth.mechanisms()[0].1, mech);
        let csr = make_csr(&dir, "raw", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
        let e = enrolled(client.enroll(&csr.der, false).expect("enrollment"));
        assert_eq!(e.tls_version.as_deref(), Some(version));
        assert_eq!(auth.signatures_made(), [scheme]);
        assert_eq!(last_request(&pfc)["status"], 200);
    }
}

#[test]
fn holder_not_habilitated_for_the_structure_is_refused_with_403() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let other = "1750000001";
    let csr = make_csr(pfc.dir(), "x", &subject(AUTH_CN, other), "rsa:2048");
    let err = client.enroll(&csr.der, false).unwrap_err();
    match &err {
        EnrollError::NotHabilitated { status, message } => {
            assert_eq!(*status, 403);
            assert!(message.contains(HOLDER), "{message}");
            assert!(message.contains(other), "{message}");
            assert!(message.contains("form 413"), "{message}");
        }
        other => panic!("expected NotHabilitated, got {other:?}"),
    }
    assert!(err.to_string().contains("not habilitated"), "{err}");
    assert_eq!(exit::code(&err.into()), exit::PLATFORM_REFUSED);
    let reqs = pfc.requests();
    assert_eq!(reqs.len(), 1, "refusals are not retried");
    assert_eq!(reqs[0]["status"], 403);

    // A platform where nobody is habilitated refuses the habilitated structure too.
    let empty = Pfc::start(&fx().json, &json!({}), &[]);
    let (_, client) = card_client(&empty, CardTlsOptions::default(), quick());
    let csr = make_csr(empty.dir(), "y", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    assert!(matches!(
        client.enroll(&csr.der, false),
        Err(EnrollError::NotHabilitated { status: 403, .. })
    ));
}

#[test]
fn ordering_rules_refused_with_the_platforms_reason() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let cases = [
        (
            subject("DMP AUTH", STRUCTURE),
            "rsa:2048",
            "CN must be the service applicatif",
        ),
        (
            format!("/C=DE/ST=Paris (75)/O=PHARMACIE TEST/OU={STRUCTURE}/CN={AUTH_CN}"),
            "rsa:2048",
            "C must be FR",
        ),
        (
            format!("/C=FR/ST=Paris (75)/OU={STRUCTURE}/CN={AUTH_CN}"),
            "rsa:2048",
            "O (raison sociale) must not be empty",
        ),
        (
            subject(AUTH_CN, "PHARMACIE"),
            "rsa:2048",
            "OU must be the national structure id",
        ),
        (
            subject(AUTH_CN, STRUCTURE),
            "rsa:3072",
            "the key must be RSA 2048",
        ),
    ];
    for (i, (subj, key, reason)) in cases.iter().enumerate() {
        let csr = make_csr(pfc.dir(), &format!("bad{i}"), subj, key);
        let err = client.enroll(&csr.der, false).unwrap_err();
        match &err {
            EnrollError::Refused { message } => {
                assert!(message.contains(reason), "{subj}: {message}")
            }
            other => panic!("{subj}: expected Refused, got {other:?}"),
        }
        assert!(err.to_string().contains(reason), "{err}");
        assert_eq!(exit::code(&err.into()), exit::PLATFORM_REFUSED);
    }
    assert!(pfc.requests().iter().all(|r| r["status"] == 400));
    // Not a PKCS#10 request: refused locally, nothing sent.
    let before = pfc.requests().len();
    assert!(matches!(
        client.enroll(b"not a csr", false),
        Err(EnrollError::BadCsr(_))
    ));
    assert_eq!(pfc.requests().len(), before);
}

#[test]
fn untrusted_server_certificate_stops_before_anything_is_sent() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let auth = CardClientAuth::from_card(&fx().session, CardTlsOptions::default()).unwrap();
    // The IGC Santé test root did not issue the platform's TLS certificate.
    let roots = tls::load_roots(&[PathBuf::from(fx().card.get("ca_cert"))]).unwrap();
    let client = EstClient::new(&pfc.url, auth.client_config(roots).unwrap(), quick()).unwrap();
    let csr = make_csr(pfc.dir(), "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let t = Instant::now();
    let err = client.enroll(&csr.der, false).unwrap_err();
    assert!(
        matches!(err, EnrollError::ServerNotTrusted { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert_eq!(exit::code(&err.into()), exit::PLATFORM);
    // One failed handshake at the platform: a TLS failure is not retried.
    std::thread::sleep(Duration::from_millis(100));
    let stderr = std::fs::read_to_string(&pfc.stderr).unwrap();
    assert_eq!(stderr.matches("tls_error").count(), 1, "{stderr}");
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(
        auth.signatures_made().is_empty(),
        "the card was never asked to sign"
    );
    assert!(pfc.requests().is_empty(), "no request reached the platform");
}

#[test]
fn server_down_fails_after_bounded_retries_with_backoff() {
    let port = free_port();
    let auth = CardClientAuth::from_card(&fx().session, CardTlsOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, std::fs::read(fx().card.get("ca_cert")).unwrap()).unwrap();
    let roots = tls::load_roots(&[ca]).unwrap();
    let notices = Arc::new(Mutex::new(Vec::new()));
    let n2 = notices.clone();
    let client = EstClient::new(
        &format!("https://127.0.0.1:{port}"),
        auth.client_config(roots).unwrap(),
        quick(),
    )
    .unwrap()
    .on_retry(move |n| n2.lock().unwrap().push((n.failed_try, n.wait)));
    let csr = make_csr(dir.path(), "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let t = Instant::now();
    let err = client.enroll(&csr.der, false).unwrap_err();
    let elapsed = t.elapsed();
    match &err {
        EnrollError::Unreachable { tries, url, .. } => {
            assert_eq!(*tries, 3);
            assert!(url.ends_with("/.well-known/est/simpleenroll"), "{url}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert_eq!(exit::code(&err.into()), exit::PLATFORM);
    assert_eq!(
        *notices.lock().unwrap(),
        [
            (1, Duration::from_millis(100)),
            (2, Duration::from_millis(200))
        ]
    );
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn server_errors_are_retried_then_reported() {
    // Two 503s, then the order goes through on the third try.
    let pfc = Pfc::start(&fx().json, &habilitations(), &["--fail-first", "2"]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let csr = make_csr(pfc.dir(), "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let e = enrolled(client.enroll(&csr.der, false).expect("third try"));
    assert_eq!(e.tries, 3);
    let statuses: Vec<Value> = pfc.requests().iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, [json!(503), json!(503), json!(200)]);

    // Always 503: a typed error after the bounded tries, with the platform's text.
    let down = Pfc::start(&fx().json, &habilitations(), &["--fail-first", "100"]);
    let (_, client) = card_client(&down, CardTlsOptions::default(), quick());
    let err = client.enroll(&csr.der, false).unwrap_err();
    match &err {
        EnrollError::ServerError {
            status,
            tries,
            message,
            ..
        } => {
            assert_eq!((*status, *tries), (503, 3));
            assert!(message.contains("maintenance"), "{message}");
        }
        other => panic!("expected ServerError, got {other:?}"),
    }
    assert_eq!(exit::code(&err.into()), exit::PLATFORM);
    assert_eq!(down.requests().len(), 3);
}

#[test]
fn slow_platform_times_out() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &["--delay-ms", "1500"]);
    let est = EstOptions {
        timeout: Duration::from_millis(400),
        tries: 2,
        ..quick()
    };
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), est);
    let csr = make_csr(pfc.dir(), "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let t = Instant::now();
    let err = client.enroll(&csr.der, false).unwrap_err();
    match &err {
        EnrollError::Timeout { tries, timeout, .. } => {
            assert_eq!(*tries, 2);
            assert_eq!(*timeout, Duration::from_millis(400));
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(exit::code(&err.into()), exit::PLATFORM);
    assert!(
        t.elapsed() < Duration::from_millis(1400),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn pending_then_issued() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &["--pending", "1"]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let dir = pfc.dir().to_path_buf();
    let csr = make_csr(&dir, "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let first = client.enroll(&csr.der, false).expect("first call");
    assert_eq!(
        first,
        EnrollOutcome::Pending {
            retry_after: Duration::from_secs(1)
        }
    );
    let err = first.clone().into_result().unwrap_err();
    assert_eq!(exit::code(&err.into()), exit::PENDING);
    assert_eq!(last_request(&pfc)["status"], 202);
    let e = enrolled(client.enroll(&csr.der, false).expect("second call"));
    check_issued(&e, &csr, AUTH_CN, &dir, "pending");
    let statuses: Vec<Value> = pfc.requests().iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, [json!(202), json!(200)]);
}

#[test]
fn include_chain_knob_puts_the_issuing_ca_in_the_answer() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &["--include-chain"]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let csr = make_csr(pfc.dir(), "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let e = enrolled(client.enroll(&csr.der, false).expect("enrollment"));
    assert_eq!(
        e.chain,
        vec![pem_file_der(&fx().card.get("organisations_ca_cert"))]
    );
    let (_, leaf) = X509Certificate::from_der(&e.leaf).unwrap();
    assert_eq!(
        leaf.issuer().to_string(),
        X509Certificate::from_der(&e.chain[0])
            .unwrap()
            .1
            .subject()
            .to_string()
    );
}

#[test]
fn cacerts_and_csrattrs() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let cas = client.cacerts().expect("cacerts");
    assert_eq!(
        cas,
        vec![
            pem_file_der(&fx().card.get("organisations_ca_cert")),
            pem_file_der(&fx().card.get("ca_cert")),
        ]
    );
    // The cached form asks once per client, however many chains it completes.
    assert_eq!(client.ca_certificates().unwrap(), cas);
    assert_eq!(client.ca_certificates().unwrap(), cas);
    let gets = pfc
        .requests()
        .iter()
        .filter(|r| r["path"] == "/.well-known/est/cacerts")
        .count();
    assert_eq!(gets, 2, "cacerts() once, ca_certificates() once");
    let attrs = client
        .csrattrs()
        .expect("csrattrs")
        .expect("some attributes");
    assert_eq!(
        attrs.oids,
        ["1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11"]
    );

    // Without a card, with the platform accepting anonymous TLS: cacerts works, enrollment is 401.
    let open = Pfc::start(&fx().json, &habilitations(), &["--client-cert", "optional"]);
    let roots = tls::load_roots(std::slice::from_ref(&open.tls_ca)).unwrap();
    let anon = EstClient::new(
        &open.url,
        tls::anonymous_client_config(roots).unwrap(),
        quick(),
    )
    .unwrap();
    assert_eq!(anon.cacerts().unwrap().len(), 2);
    let csr = make_csr(open.dir(), "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    assert!(matches!(
        anon.enroll(&csr.der, false),
        Err(EnrollError::NotHabilitated { status: 401, .. })
    ));
}

#[test]
fn openssl_s_server_accepts_the_card_handshake() {
    let chain = fx().card.get("personnes_chain");
    let server = SServer::start(Path::new(&chain));
    let roots = || tls::load_roots(std::slice::from_ref(&server.ca)).unwrap();
    for (without_pss, version, sig) in [
        (false, "TLSv1.3", "Peer signature type: RSA-PSS\n"),
        (true, "TLSv1.2", "Peer signature type: RSA\n"),
    ] {
        let auth = CardClientAuth::from_card(
            &fx().session,
            CardTlsOptions {
                without_pss,
                ..Default::default()
            },
        )
        .unwrap();
        let config = Arc::new(auth.client_config(roots()).unwrap());
        let p = tls::probe(&server.url, config, Duration::from_secs(10)).expect("probe");
        assert_eq!(p.tls_version, version);
        assert_eq!(p.http_status, Some(200), "{}", p.response);
        assert!(
            p.response.contains(&format!("Protocol  : {version}")),
            "{}",
            p.response
        );
        assert!(
            p.response.contains("Verify return code: 0 (ok)"),
            "{}",
            p.response
        );
        assert!(p.response.contains(sig), "{}", p.response);
        assert!(p.response.contains("CN=899700270616"), "{}", p.response);
        assert_eq!(auth.signatures_made().len(), 1);
    }

    // A server that trusts another CA for clients refuses the card.
    let other = SServer::start(Path::new(&fx().card.get("organisations_ca_cert")));
    let auth = CardClientAuth::from_card(&fx().session, CardTlsOptions::default()).unwrap();
    let roots = tls::load_roots(std::slice::from_ref(&other.ca)).unwrap();
    let err = tls::probe(
        &other.url,
        Arc::new(auth.client_config(roots).unwrap()),
        Duration::from_secs(10),
    )
    .unwrap_err();
    assert!(
        matches!(err, EnrollError::ClientCertRejected { .. }),
        "{err:?}"
    );
    assert_eq!(exit::code(&err.into()), exit::PLATFORM_REFUSED);
}

#[test]
fn issued_auth_cli_pair_authenticates_and_reenrolls() {
    // Enroll AUTH_CLI with the card, then use the issued software pair as `agent check` would.
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let (_, client) = card_client(&pfc, CardTlsOptions::default(), quick());
    let dir = pfc.dir().to_path_buf();
    let csr = make_csr(&dir, "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let e = enrolled(client.enroll(&csr.der, false).unwrap());
    assert!(
        e.chain.is_empty(),
        "RFC 7030 §4.2.3: the issued certificate only"
    );
    // The chain comes from /cacerts: the ORGANISATIONS CA (the root is the server's anchor).
    let cas = client.cacerts().unwrap();
    let live = dir.join("live-chain.pem");
    std::fs::write(&live, [pem_of(&e.leaf), pem_of(&cas[0])].concat()).unwrap();

    // openssl s_server trusting the test root only accepts the pair: the client sends the
    // ORGANISATIONS CA itself (trusting the intermediate too would hide a missing one).
    let server = SServer::start(Path::new(&fx().card.get("ca_cert")));
    let roots = tls::load_roots(std::slice::from_ref(&server.ca)).unwrap();
    let config = tls::software_client_config(&live, &csr.key, roots).expect("software config");
    let p = tls::probe(&server.url, Arc::new(config), Duration::from_secs(10)).unwrap();
    assert_eq!(p.http_status, Some(200));
    assert_eq!(p.tls_version, "TLSv1.3");
    assert!(
        p.response.contains("Verify return code: 0 (ok)"),
        "{}",
        p.response
    );
    assert!(
        p.response.contains("CN=DMP AUTHENTIFICATION"),
        "{}",
        p.response
    );

    // The platform renews with the ORG certificate itself (simplereenroll)…
    let roots = tls::load_roots(std::slice::from_ref(&pfc.tls_ca)).unwrap();
    let config = tls::software_client_config(&live, &csr.key, roots).unwrap();
    let org_client = EstClient::new(&pfc.url, config, quick()).unwrap();
    let csr2 = make_csr(&dir, "renew", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let renewed = enrolled(org_client.enroll(&csr2.der, true).expect("reenroll"));
    check_issued(&renewed, &csr2, AUTH_CN, &dir, "renewed");
    // …but not a first order, nor for another structure.
    assert!(matches!(
        org_client.enroll(&csr2.der, false),
        Err(EnrollError::NotHabilitated { status: 403, .. })
    ));
    let csr3 = make_csr(
        &dir,
        "other",
        &subject(AUTH_CN, "499700270616029"),
        "rsa:2048",
    );
    assert!(matches!(
        org_client.enroll(&csr3.der, true),
        Err(EnrollError::NotHabilitated { status: 403, .. })
    ));
    // The card may use simplereenroll too (same rules).
    let csr4 = make_csr(&dir, "card-renew", &subject(SIGN_CN, STRUCTURE), "rsa:2048");
    let e4 = enrolled(client.enroll(&csr4.der, true).expect("card reenroll"));
    check_issued(&e4, &csr4, SIGN_CN, &dir, "card-renew");
}

#[test]
fn pkcs7_from_openssl_keeps_its_order_and_ber_is_read() {
    let card = &fx().card;
    let dir = tempfile::tempdir().unwrap();
    let org = card.get("organisations_ca_cert");
    let root = card.get("ca_cert");
    for order in [[&org, &root], [&root, &org]] {
        let out = dir.path().join("p7.der");
        openssl(&[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            order[0],
            "-certfile",
            order[1],
            "-outform",
            "DER",
            "-out",
            out.to_str().unwrap(),
        ]);
        let certs = pkcs7::parse_certs_only(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(certs, vec![pem_file_der(order[0]), pem_file_der(order[1])]);
    }
    // `openssl cms -sign -stream` writes BER with indefinite lengths.
    let msg = dir.path().join("m.txt");
    std::fs::write(&msg, "x").unwrap();
    let out = dir.path().join("cms.ber");
    openssl(&[
        "cms",
        "-sign",
        "-stream",
        "-in",
        msg.to_str().unwrap(),
        "-signer",
        &org,
        "-inkey",
        &card.get("organisations_ca_key"),
        "-certfile",
        &root,
        "-outform",
        "DER",
        "-out",
        out.to_str().unwrap(),
    ]);
    let ber = std::fs::read(&out).unwrap();
    assert_eq!(&ber[..2], &[0x30, 0x80], "indefinite length");
    let certs = pkcs7::parse_certs_only(&ber).unwrap();
    assert_eq!(certs.len(), 2);
    assert!(certs.contains(&pem_file_der(&org)));
    assert!(certs.contains(&pem_file_der(&root)));
}

#[test]
fn client_certificate_from_an_unknown_ca_is_refused_at_tls() {
    let pfc = Pfc::start(&fx().json, &habilitations(), &[]);
    let dir = pfc.dir();
    let key = dir.join("stranger.key");
    let cert = dir.join("stranger.pem");
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        cert.to_str().unwrap(),
        "-subj",
        "/C=FR/CN=899700270616",
        "-days",
        "2",
    ]);
    let roots = tls::load_roots(std::slice::from_ref(&pfc.tls_ca)).unwrap();
    let config = tls::software_client_config(&cert, &key, roots).unwrap();
    let client = EstClient::new(&pfc.url, config, quick()).unwrap();
    let csr = make_csr(dir, "auth", &subject(AUTH_CN, STRUCTURE), "rsa:2048");
    let err = client.enroll(&csr.der, false).unwrap_err();
    assert!(
        matches!(err, EnrollError::ClientCertRejected { .. }),
        "{err:?}"
    );
    assert_eq!(exit::code(&err.into()), exit::PLATFORM_REFUSED);
    assert!(pfc.requests().is_empty(), "no request got through");
}
