//! `mock-card provision`: a CPx card as a SoftHSM2 token.
//!
//! The token holds what a CPS holds: an authentication and a signature RSA-2048 key pair generated
//! on the token (private keys sensitive and non-extractable), their certificates issued by the test
//! PERSONNES CA with the holder subject of the card kind, and a data object with the card number.
//!
//! Holder subjects (RFC 4514 order, most specific first):
//! - CPS: `SN=<nom>+CN=8<RPPS>+GN=<prénom>, title=<profession>, C=FR`
//! - CPE: `SN=<nom>+CN=3<FINESS>/<id>+GN=<prénom>, OU=1<FINESS>, O=<structure>, C=FR`
//! - CPA: `SN=<nom>+CN=3<SIRET>/<id>+GN=<prénom>, title=Personnel autorisé, OU=3<SIRET>,
//!   O=<editor or integrator>, C=FR` (this project's choice: the CPA holder is bound to the company
//!   that employs them, identified by SIRET).

use anyhow::{anyhow, bail, Context, Result};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass};
use cryptoki::session::UserType;
use secrecy::SecretString;
use serde::Serialize;
use std::path::PathBuf;

use crate::pki::{openssl, s, TestPki};

/// The labels of the certificates on a real CPS (design.md, "Certificate labels on a CPS"), the
/// emulator's own copy: a wrong constant in the agent is then caught, not copied.
const AUTH_CERT_LABEL: &str = "Certificat d'Authentification CPS";
/// The signature certificate's label on a CPS.
const SIGN_CERT_LABEL: &str = "Certificat de Signature CPS";
/// The label of the data object holding the card number (what docs/card.md says the agent reads).
const CARD_NUMBER_LABEL: &str = "Numero de carte";

/// The SoftHSM2 module on Debian.
pub const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// Card kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Kind {
    /// Carte de Professionnel de Santé.
    Cps,
    /// Carte de Personnel d'Établissement.
    Cpe,
    /// Carte de Personnel Autorisé (editor or integrator technician).
    Cpa,
}

/// Options of `mock-card provision`.
#[derive(Debug, clap::Args)]
pub struct ProvisionArgs {
    /// Directory of the emulated card: softhsm2.conf and tokens/ (several cards may share it)
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// Directory of the test PKI (created once, reused) [default: DIR/pki]
    #[arg(long, value_name = "DIR")]
    pub pki_dir: Option<PathBuf>,
    /// Card kind
    #[arg(long, value_enum, default_value = "cps")]
    pub kind: Kind,
    /// RPPS of a CPS holder (11 digits); the seed's test practitioner by default
    #[arg(long, default_value = "99700270616")]
    pub rpps: String,
    /// FINESS of the CPE holder's structure
    #[arg(long, default_value = "010000024")]
    pub finess: String,
    /// SIRET of the CPA holder's company (editor or integrator)
    #[arg(long, default_value = "73282932000074")]
    pub siret: String,
    /// Structure (CPE) or company (CPA) name
    #[arg(long)]
    pub organization: Option<String>,
    /// Internal id of a CPE/CPA holder in their structure
    #[arg(long, default_value = "0000123")]
    pub internal_id: String,
    /// Holder's last name
    #[arg(long, default_value = "MAXIMAXIMAXIMAXIM")]
    pub last_name: String,
    /// Holder's first name
    #[arg(long, default_value = "MAXIME")]
    pub first_name: String,
    /// Profession (CPS title)
    #[arg(long, default_value = "Médecin")]
    pub title: String,
    /// Card number (10 digits) [default: derived from the holder id]
    #[arg(long)]
    pub card_number: Option<String>,
    /// Token label [default: "<KIND> TEST <card number>"]
    #[arg(long)]
    pub label: Option<String>,
    /// User PIN (test cards only; the agent never takes a PIN on its command line)
    #[arg(long, default_value = "1234")]
    pub pin: String,
    /// Security officer PIN
    #[arg(long, default_value = "12345678")]
    pub so_pin: String,
    /// Days the holder certificates are valid
    #[arg(long, default_value_t = 1095)]
    pub days: u32,
    /// Also write the description as JSON to this file
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// What a test needs to use the card.
#[derive(Debug, Serialize)]
pub struct Provisioned {
    /// PKCS#11 module path.
    pub module: String,
    /// SOFTHSM2_CONF to set.
    pub softhsm2_conf: String,
    /// Token label.
    pub token_label: String,
    /// User PIN.
    pub pin: String,
    /// SO PIN.
    pub so_pin: String,
    /// Card kind.
    pub kind: Kind,
    /// Holder national id (CN).
    pub national_id: String,
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Title (CPS, CPA) or null.
    pub title: Option<String>,
    /// Card number.
    pub card_number: String,
    /// Organization (CPE, CPA) or null.
    pub organization: Option<String>,
    /// Test root CA certificate (PEM).
    pub ca_cert: String,
    /// PERSONNES CA certificate (PEM).
    pub personnes_ca_cert: String,
    /// PERSONNES CA + root (PEM), to verify holder certificates.
    pub personnes_chain: String,
    /// ORGANISATIONS CA certificate and key (PEM), for the emulated platform.
    pub organisations_ca_cert: String,
    /// ORGANISATIONS CA key (PEM).
    pub organisations_ca_key: String,
    /// Authentication certificate (PEM copy).
    pub auth_cert: String,
    /// Signature certificate (PEM copy).
    pub sign_cert: String,
}

fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

struct Holder {
    subject: String,
    national_id: String,
    title: Option<String>,
    organization: Option<String>,
}

fn holder(a: &ProvisionArgs) -> Result<Holder> {
    let dn_escape = |v: &str| v.replace('/', "\\/").replace('+', "\\+");
    let person = |cn: &str| {
        format!(
            "SN={}+CN={}+GN={}",
            dn_escape(&a.last_name),
            dn_escape(cn),
            dn_escape(&a.first_name)
        )
    };
    Ok(match a.kind {
        Kind::Cps => {
            if a.rpps.len() != 11 || !a.rpps.bytes().all(|b| b.is_ascii_digit()) {
                bail!("--rpps must be 11 digits");
            }
            let cn = format!("8{}", a.rpps);
            Holder {
                subject: format!("/C=FR/title={}/{}", dn_escape(&a.title), person(&cn)),
                national_id: cn,
                title: Some(a.title.clone()),
                organization: None,
            }
        }
        Kind::Cpe => {
            let org = a
                .organization
                .clone()
                .unwrap_or_else(|| "PHARMACIE DU TEST".to_string());
            let cn = format!("3{}/{}", a.finess, a.internal_id);
            Holder {
                subject: format!(
                    "/C=FR/O={}/OU=1{}/{}",
                    dn_escape(&org),
                    a.finess,
                    person(&cn)
                ),
                national_id: cn,
                title: None,
                organization: Some(org),
            }
        }
        Kind::Cpa => {
            let org = a
                .organization
                .clone()
                .unwrap_or_else(|| "EDITEUR LOGICIEL TEST".to_string());
            let cn = format!("3{}/{}", a.siret, a.internal_id);
            Holder {
                subject: format!(
                    "/C=FR/O={}/OU=3{}/title=Personnel autorisé/{}",
                    dn_escape(&org),
                    a.siret,
                    person(&cn)
                ),
                national_id: cn,
                title: Some("Personnel autorisé".to_string()),
                organization: Some(org),
            }
        }
    })
}

/// Runs the provisioner and prints the description as JSON.
pub fn run(a: ProvisionArgs) -> Result<()> {
    let holder = holder(&a)?;
    let card_number = match &a.card_number {
        Some(n) if n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()) => n.clone(),
        Some(_) => bail!("--card-number must be 10 digits"),
        None => {
            let digits: String = holder
                .national_id
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let tail = &digits[digits.len().saturating_sub(10)..];
            format!("{tail:0>10}")
        }
    };
    if a.kind == Kind::Cps && !luhn_ok(&a.rpps) {
        eprintln!(
            "mock-card: note: RPPS {} fails its Luhn check (test data)",
            a.rpps
        );
    }
    let kind_name = match a.kind {
        Kind::Cps => "CPS",
        Kind::Cpe => "CPE",
        Kind::Cpa => "CPA",
    };
    let label = a
        .label
        .clone()
        .unwrap_or_else(|| format!("{kind_name} TEST {card_number}"));
    if label.len() > 32 {
        bail!("token label {label:?} is longer than 32 bytes");
    }

    let dir = std::path::absolute(&a.dir)?;
    std::fs::create_dir_all(dir.join("tokens"))?;
    let conf = dir.join("softhsm2.conf");
    if !conf.exists() {
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                dir.join("tokens").display()
            ),
        )?;
    }
    let pki = TestPki::open_or_create(&a.pki_dir.clone().unwrap_or_else(|| dir.join("pki")))?;
    let pki = TestPki {
        dir: std::path::absolute(&pki.dir)?,
    };

    // SAFETY-free in edition 2021: the process is single-threaded here.
    std::env::set_var("SOFTHSM2_CONF", &conf);
    let pkcs11 = Pkcs11::new(SOFTHSM_MODULE)
        .with_context(|| format!("loading {SOFTHSM_MODULE} (install the softhsm2 package)"))?;
    pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))?;
    for slot in pkcs11.get_slots_with_token()? {
        if pkcs11.get_token_info(slot)?.label().trim_end() == label {
            bail!(
                "a token labelled {label:?} already exists in {}",
                dir.display()
            );
        }
    }
    let slot = pkcs11
        .get_slots_with_token()?
        .into_iter()
        .find(|s| {
            pkcs11
                .get_token_info(*s)
                .map(|i| !i.token_initialized())
                .unwrap_or(false)
        })
        .ok_or_else(|| anyhow!("SoftHSM has no free slot"))?;
    let so_pin = SecretString::from(a.so_pin.clone());
    let pin = SecretString::from(a.pin.clone());
    pkcs11.init_token(slot, &so_pin, &label)?;
    // Slot ids change after init: find the token again by label.
    let slot = pkcs11
        .get_slots_with_token()?
        .into_iter()
        .find(|s| {
            pkcs11
                .get_token_info(*s)
                .map(|i| i.label().trim_end() == label)
                .unwrap_or(false)
        })
        .ok_or_else(|| anyhow!("the new token {label:?} disappeared"))?;
    {
        let session = pkcs11.open_rw_session(slot)?;
        session.login(UserType::So, Some(&so_pin))?;
        session.init_pin(&pin)?;
        session.logout()?;
    }
    let session = pkcs11.open_rw_session(slot)?;
    session.login(UserType::User, Some(&pin))?;

    let work = tempfile::tempdir()?;
    let out_dir = dir.join(format!("card-{card_number}"));
    std::fs::create_dir_all(&out_dir)?;
    let mut cert_paths = Vec::new();
    for (id, key_label, cert_label, ext) in [
        (
            0x01u8,
            "Cle d'Authentification CPS",
            AUTH_CERT_LABEL,
            "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nbasicConstraints=critical,CA:FALSE\n",
        ),
        (
            0x02u8,
            "Cle de Signature CPS",
            SIGN_CERT_LABEL,
            "keyUsage=critical,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nbasicConstraints=critical,CA:FALSE\n",
        ),
    ] {
        let ckid = vec![id];
        let (public, _private) = session.generate_key_pair(
            &Mechanism::RsaPkcsKeyPairGen,
            &[
                Attribute::Token(true),
                Attribute::Private(false),
                Attribute::ModulusBits(2048.into()),
                Attribute::PublicExponent(vec![0x01, 0x00, 0x01]),
                Attribute::Verify(true),
                Attribute::Encrypt(true),
                Attribute::Id(ckid.clone()),
                Attribute::Label(key_label.as_bytes().to_vec()),
            ],
            &[
                Attribute::Token(true),
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Extractable(false),
                Attribute::Sign(true),
                Attribute::Decrypt(true),
                Attribute::Id(ckid.clone()),
                Attribute::Label(key_label.as_bytes().to_vec()),
            ],
        )?;
        let attrs =
            session.get_attributes(public, &[AttributeType::Modulus, AttributeType::PublicExponent])?;
        let (mut n, mut e) = (Vec::new(), Vec::new());
        for at in attrs {
            match at {
                Attribute::Modulus(v) => n = v,
                Attribute::PublicExponent(v) => e = v,
                _ => {}
            }
        }
        let spki = pem::encode(&pem::Pem::new("PUBLIC KEY", crate::der::rsa_spki(&n, &e)));
        let pub_path = work.path().join(format!("pub{id}.pem"));
        std::fs::write(&pub_path, spki)?;
        // The request is signed by a throw-away key; `-force_pubkey` puts the card's key in the
        // certificate (the card's private key never leaves the token).
        let tmp_key = work.path().join("throwaway.key");
        let csr = work.path().join(format!("req{id}.csr"));
        openssl(&[
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", &s(&tmp_key), "-utf8", "-multivalue-rdn", "-subj", &holder.subject,
            "-out", &s(&csr),
        ])?;
        let ext_path = work.path().join(format!("ext{id}.cnf"));
        std::fs::write(&ext_path, ext)?;
        let cert_path = out_dir.join(if id == 1 { "auth.pem" } else { "sign.pem" });
        openssl(&[
            "x509", "-req", "-in", &s(&csr), "-force_pubkey", &s(&pub_path), "-CA",
            &s(&pki.personnes_cert()), "-CAkey", &s(&pki.personnes_key()), "-days",
            &a.days.to_string(), "-extfile", &s(&ext_path), "-set_serial",
            &format!("0x{}", hex::encode(rand::random::<[u8; 12]>())), "-out", &s(&cert_path),
        ])?;
        let cert_pem = std::fs::read_to_string(&cert_path)?;
        let cert_der = pem::parse(&cert_pem)?.into_contents();
        let (_, parsed) = x509_parser::parse_x509_certificate(&cert_der)
            .map_err(|e| anyhow!("parsing the issued certificate: {e}"))?;
        session.create_object(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(cryptoki::object::CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Id(ckid),
            Attribute::Label(cert_label.as_bytes().to_vec()),
            Attribute::Subject(parsed.subject().as_raw().to_vec()),
            Attribute::Issuer(parsed.issuer().as_raw().to_vec()),
            Attribute::SerialNumber(parsed.raw_serial().to_vec()),
            Attribute::Value(cert_der),
        ])?;
        cert_paths.push(cert_path);
    }
    session.create_object(&[
        Attribute::Class(ObjectClass::DATA),
        Attribute::Token(true),
        Attribute::Private(false),
        Attribute::Label(CARD_NUMBER_LABEL.as_bytes().to_vec()),
        Attribute::Application(b"CPS".to_vec()),
        Attribute::Value(card_number.as_bytes().to_vec()),
    ])?;
    session.logout()?;
    drop(session);

    let info = Provisioned {
        module: SOFTHSM_MODULE.to_string(),
        softhsm2_conf: s(&conf),
        token_label: label,
        pin: a.pin.clone(),
        so_pin: a.so_pin.clone(),
        kind: a.kind,
        national_id: holder.national_id,
        last_name: a.last_name.clone(),
        first_name: a.first_name.clone(),
        title: holder.title,
        card_number,
        organization: holder.organization,
        ca_cert: s(&pki.root_cert()),
        personnes_ca_cert: s(&pki.personnes_cert()),
        personnes_chain: s(&pki.personnes_chain()),
        organisations_ca_cert: s(&pki.organisations_cert()),
        organisations_ca_key: s(&pki.organisations_key()),
        auth_cert: s(&cert_paths[0]),
        sign_cert: s(&cert_paths[1]),
    };
    let json = serde_json::to_string_pretty(&info)?;
    if let Some(p) = &a.json {
        std::fs::write(p, &json).with_context(|| format!("writing {}", p.display()))?;
    }
    println!("{json}");
    Ok(())
}
