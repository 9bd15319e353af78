//! Reading a CSR or certificate back: its subject, key and extensions in human terms, and check by
//! check whether it fits the ORG profile of its usage.

use serde::Serialize;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::extensions::{ParsedExtension, X509Extension};
use x509_parser::prelude::*;
use x509_parser::x509::{AttributeTypeAndValue, SubjectPublicKeyInfo, X509Name};

use crate::departement::Departement;
use crate::ids::{ParseMode, StructureId};
use crate::keys::{spki_sha256, KeyAlgorithm};
use crate::profile::{check_cn, check_usage, usage_of, ServiceCheck, UsageExtensions};

pub use super::inspect_detail::InspectDetail;
use super::{check_raison_sociale, CsrError, Usage};

/// What kind of object was inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    /// A PKCS#10 certificate request.
    Csr,
    /// An X.509 certificate.
    Certificate,
}

/// One attribute of the subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectField {
    /// Short name (`C`, `ST`, `O`, `OU`, `CN`, `emailAddress`…) or the dotted OID.
    pub name: String,
    /// The value (lossy UTF-8).
    pub value: String,
    /// The ASN.1 string type (`PrintableString`, `UTF8String`…).
    pub string_type: String,
    /// Whether it shares its RDN with another attribute (multi-valued RDN).
    pub multi_valued: bool,
}

/// The public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// `RSA 2048`, `ECDSA P-256`, or what else was found.
    pub algorithm: String,
    /// The agent's algorithm, when it is one of them.
    #[serde(skip)]
    pub known: Option<KeyAlgorithm>,
    /// SHA-256 of the SubjectPublicKeyInfo DER (hex), how `order.json` names keys.
    pub spki_sha256: String,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// Fits the profile.
    Ok,
    /// Accepted, but not what IGC Santé issues (e.g. no ST, a P-256 key).
    Warn,
    /// Does not fit the profile.
    Fail,
}

/// One profile check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked.
    pub name: &'static str,
    /// The outcome.
    pub status: CheckStatus,
    /// What was found / expected (English: the JSON's text, identical in every language).
    pub detail: String,
    /// The same, typed (it localizes itself in the language of the run).
    #[serde(skip)]
    pub what: InspectDetail,
}

/// A CSR or certificate, in human terms, with its profile checks.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// CSR or certificate.
    pub kind: ObjectKind,
    /// The subject attributes in DER order.
    pub subject: Vec<SubjectField>,
    /// The subject as one line (`C=FR, ST=…`).
    pub subject_line: String,
    /// The public key.
    pub key: KeyInfo,
    /// The signature algorithm (`sha256WithRSAEncryption`…).
    pub signature_algorithm: String,
    /// For a CSR: whether its self-signature verifies.
    pub signature_valid: Option<bool>,
    /// keyUsage bits, OpenSSL names.
    pub key_usage: Vec<String>,
    /// Whether keyUsage is marked critical (None when absent).
    pub key_usage_critical: Option<bool>,
    /// extendedKeyUsage purposes.
    pub extended_key_usage: Vec<String>,
    /// Other extensions (OIDs or names).
    pub other_extensions: Vec<String>,
    /// For a CSR: attributes other than extensionRequest (OIDs or names).
    pub other_attributes: Vec<String>,
    /// For a certificate: the issuer line.
    pub issuer: Option<String>,
    /// For a certificate: notBefore (RFC 3339).
    pub not_before: Option<String>,
    /// For a certificate: notAfter (RFC 3339).
    pub not_after: Option<String>,
    /// The usage, from keyUsage and extendedKeyUsage (never from the CN).
    pub usage: Option<Usage>,
    /// The product, from the usage.
    pub product: Option<&'static str>,
    /// The checks, in order.
    pub checks: Vec<Check>,
    /// Whether no check failed.
    pub fits_profile: bool,
}

fn attr_short_name(oid: &str) -> String {
    match oid {
        "2.5.4.6" => "C",
        "2.5.4.8" => "ST",
        "2.5.4.7" => "L",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.12" => "title",
        "1.2.840.113549.1.9.1" => "emailAddress",
        other => other,
    }
    .to_string()
}

fn string_type(tag: Tag) -> String {
    match tag {
        Tag::PrintableString => "PrintableString".into(),
        Tag::Utf8String => "UTF8String".into(),
        Tag::Ia5String => "IA5String".into(),
        Tag::BmpString => "BMPString".into(),
        Tag::T61String => "TeletexString".into(),
        Tag::UniversalString => "UniversalString".into(),
        Tag::NumericString => "NumericString".into(),
        t => format!("{t}"),
    }
}

fn attr_value(a: &AttributeTypeAndValue<'_>) -> String {
    match a.as_str() {
        Ok(s) => s.to_string(),
        Err(_) => String::from_utf8_lossy(a.as_slice()).into_owned(),
    }
}

/// The subject attributes of a name, in DER order.
pub fn subject_fields(name: &X509Name<'_>) -> Vec<SubjectField> {
    let mut out = Vec::new();
    for rdn in name.iter_rdn() {
        let multi = rdn.iter().count() > 1;
        for a in rdn.iter() {
            out.push(SubjectField {
                name: attr_short_name(&a.attr_type().to_id_string()),
                value: attr_value(a),
                string_type: string_type(a.attr_value().tag()),
                multi_valued: multi,
            });
        }
    }
    out
}

fn name_line(fields: &[SubjectField]) -> String {
    fields
        .iter()
        .map(|f| format!("{}={}", f.name, f.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_info(spki: &SubjectPublicKeyInfo<'_>) -> KeyInfo {
    let (algorithm, known) = match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => {
            let bits = rsa.key_size();
            (format!("RSA {bits}"), KeyAlgorithm::rsa(bits))
        }
        Ok(x509_parser::public_key::PublicKey::EC(_)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string());
            match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => ("ECDSA P-256".into(), Some(KeyAlgorithm::P256)),
                Some(c) => (format!("EC (curve {c})"), None),
                None => ("EC (unknown curve)".into(), None),
            }
        }
        _ => (
            format!("unsupported ({})", spki.algorithm.algorithm.to_id_string()),
            None,
        ),
    };
    KeyInfo {
        algorithm,
        known,
        spki_sha256: spki_sha256(spki.raw),
    }
}

fn sig_alg_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption".into(),
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption".into(),
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption".into(),
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption".into(),
        "1.2.840.113549.1.1.10" => "rsassaPss".into(),
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256".into(),
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384".into(),
        o => o.into(),
    }
}

fn ext_name(oid: &str) -> String {
    match oid {
        "2.5.29.17" => "subjectAltName".into(),
        "2.5.29.19" => "basicConstraints".into(),
        "2.5.29.14" => "subjectKeyIdentifier".into(),
        "2.5.29.35" => "authorityKeyIdentifier".into(),
        "2.5.29.31" => "cRLDistributionPoints".into(),
        "2.5.29.32" => "certificatePolicies".into(),
        "1.3.6.1.5.5.7.1.1" => "authorityInfoAccess".into(),
        "2.5.29.16" => "privateKeyUsagePeriod".into(),
        o => o.into(),
    }
}

struct Extensions {
    key_usage: Vec<String>,
    key_usage_critical: Option<bool>,
    eku: Vec<String>,
    other: Vec<String>,
}

fn read_extensions<'a>(exts: impl Iterator<Item = &'a X509Extension<'a>>) -> Extensions {
    let mut out = Extensions {
        key_usage: Vec::new(),
        key_usage_critical: None,
        eku: Vec::new(),
        other: Vec::new(),
    };
    for ext in exts {
        match ext.parsed_extension() {
            ParsedExtension::KeyUsage(ku) => {
                out.key_usage_critical = Some(ext.critical);
                out.key_usage = crate::profile::key_usage_names(ku);
            }
            ParsedExtension::ExtendedKeyUsage(eku) => {
                out.eku = crate::profile::ext_key_usage_names(eku);
            }
            _ => out.other.push(ext_name(&ext.oid.to_id_string())),
        }
    }
    out
}

/// Reads PEM or DER input and inspects the first CSR or certificate in it.
pub fn inspect_bytes(input: &[u8]) -> Result<Inspection, CsrError> {
    if let Ok(text) = std::str::from_utf8(input) {
        if text.contains("-----BEGIN") {
            for p in ::pem::parse_many(text).map_err(|e| {
                CsrError::NotCsrOrCertificate(format!("the PEM text cannot be read: {e}"))
            })? {
                match p.tag() {
                    "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" | "CERTIFICATE" => {
                        return inspect_der(p.contents())
                    }
                    _ => continue,
                }
            }
            return Err(CsrError::NotCsrOrCertificate(
                "no CERTIFICATE REQUEST or CERTIFICATE block in the PEM file (is it a key?)".into(),
            ));
        }
    }
    inspect_der(input)
}

/// Inspects a DER CSR or certificate.
pub fn inspect_der(der: &[u8]) -> Result<Inspection, CsrError> {
    if let Ok((_, csr)) = X509CertificationRequest::from_der(der) {
        let info = &csr.certification_request_info;
        let mut ext_list: Vec<&X509Extension<'_>> = Vec::new();
        let mut other_attributes = Vec::new();
        for attr in info.iter_attributes() {
            match attr.parsed_attribute() {
                x509_parser::cri_attributes::ParsedCriAttribute::ExtensionRequest(r) => {
                    ext_list.extend(r.extensions.iter())
                }
                x509_parser::cri_attributes::ParsedCriAttribute::ChallengePassword(_) => {
                    other_attributes.push("challengePassword".to_string())
                }
                _ => other_attributes.push(attr.oid.to_id_string()),
            }
        }
        let exts = read_extensions(ext_list.into_iter());
        let subject = subject_fields(&info.subject);
        let mut i = Inspection {
            kind: ObjectKind::Csr,
            subject_line: name_line(&subject),
            subject,
            key: key_info(&info.subject_pki),
            signature_algorithm: sig_alg_name(&csr.signature_algorithm.algorithm.to_id_string()),
            signature_valid: Some(csr.verify_signature().is_ok()),
            key_usage: exts.key_usage,
            key_usage_critical: exts.key_usage_critical,
            extended_key_usage: exts.eku,
            other_extensions: exts.other,
            other_attributes,
            issuer: None,
            not_before: None,
            not_after: None,
            usage: None,
            product: None,
            checks: Vec::new(),
            fits_profile: false,
        };
        run_checks(&mut i);
        return Ok(i);
    }
    if let Ok((_, cert)) = X509Certificate::from_der(der) {
        let exts = read_extensions(cert.extensions().iter());
        let subject = subject_fields(cert.subject());
        let issuer = name_line(&subject_fields(cert.issuer()));
        let fmt_time = |t: ASN1Time| {
            t.to_datetime()
                .format(&::time::format_description::well_known::Rfc3339)
                .unwrap_or_else(|_| t.to_string())
        };
        let mut i = Inspection {
            kind: ObjectKind::Certificate,
            subject_line: name_line(&subject),
            subject,
            key: key_info(cert.public_key()),
            signature_algorithm: sig_alg_name(&cert.signature_algorithm.algorithm.to_id_string()),
            signature_valid: None,
            key_usage: exts.key_usage,
            key_usage_critical: exts.key_usage_critical,
            extended_key_usage: exts.eku,
            other_extensions: exts.other,
            other_attributes: Vec::new(),
            issuer: Some(issuer),
            not_before: Some(fmt_time(cert.validity().not_before)),
            not_after: Some(fmt_time(cert.validity().not_after)),
            usage: None,
            product: None,
            checks: Vec::new(),
            fits_profile: false,
        };
        run_checks(&mut i);
        return Ok(i);
    }
    Err(CsrError::NotCsrOrCertificate(
        "the file is neither a PKCS#10 certificate request nor an X.509 certificate (PEM or DER)"
            .into(),
    ))
}

/// `digitalSignature (critical) + clientAuth`: what the profile of `u` requires.
fn check(name: &'static str, status: CheckStatus, what: InspectDetail) -> Check {
    Check {
        name,
        status,
        detail: what.to_string(),
        what,
    }
}

fn run_checks(i: &mut Inspection) {
    use CheckStatus::*;
    use InspectDetail as D;
    let mut c = Vec::new();
    let field = |n: &str| i.subject.iter().find(|f| f.name == n);

    // Usage: from keyUsage and extendedKeyUsage (the CN is its own check below).
    let cn = field("CN").map(|f| f.value.clone());
    let exts = UsageExtensions {
        key_usage: i.key_usage.clone(),
        key_usage_critical: i.key_usage_critical,
        ext_key_usage: i.extended_key_usage.clone(),
    };
    let usage = usage_of(&exts);
    i.usage = usage;
    i.product = usage.map(|u| u.profile().product);

    // Subject shape.
    let names: Vec<&str> = i.subject.iter().map(|f| f.name.as_str()).collect();
    let expected_full = ["C", "ST", "O", "OU", "CN"];
    let expected_no_st = ["C", "O", "OU", "CN"];
    if i.subject.iter().any(|f| f.multi_valued) {
        c.push(check("subject", Fail, D::MultiValuedRdn));
    } else if names == expected_full {
        c.push(check("subject", Ok, D::SubjectInOrder { st: true }));
    } else if names == expected_no_st {
        c.push(check("subject", Ok, D::SubjectInOrder { st: false }));
    } else {
        c.push(check(
            "subject",
            Fail,
            D::SubjectFound {
                names: names.iter().map(|n| n.to_string()).collect(),
            },
        ));
    }
    match field("C") {
        Some(f) if f.value == "FR" && f.string_type == "PrintableString" => {
            c.push(check("C", Ok, D::CountryOk))
        }
        Some(f) => c.push(check(
            "C",
            Fail,
            D::CountryWrong {
                value: f.value.clone(),
                string_type: f.string_type.clone(),
            },
        )),
        None => c.push(check("C", Fail, D::MissingC)),
    }
    let utf8 = |f: &SubjectField| f.string_type == "UTF8String";
    let not_utf8 = |f: &SubjectField| D::NotUtf8 {
        string_type: f.string_type.clone(),
    };
    match field("ST") {
        None => c.push(check("ST", Warn, D::MissingSt)),
        Some(f) => match Departement::from_state_name(&f.value) {
            Result::Ok(_) if utf8(f) => c.push(check("ST", Ok, D::Value(f.value.clone()))),
            Result::Ok(_) => c.push(check(
                "ST",
                Fail,
                D::StNotUtf8 {
                    value: f.value.clone(),
                    string_type: f.string_type.clone(),
                },
            )),
            Err(e) => c.push(check("ST", Fail, D::Departement(e))),
        },
    }
    match field("O") {
        Some(f) if !utf8(f) => c.push(check("O", Fail, not_utf8(f))),
        Some(f) => match check_raison_sociale(&f.value) {
            Result::Ok(v) if v == f.value => c.push(check("O", Ok, D::Value(f.value.clone()))),
            Result::Ok(_) => c.push(check("O", Fail, D::SurroundingBlanks)),
            Err(CsrError::EmptyName) => c.push(check("O", Fail, D::NameEmpty)),
            Err(CsrError::NameTooLong { len, max }) => {
                c.push(check("O", Fail, D::NameTooLong { len, max }))
            }
            Err(CsrError::ControlCharacter { field }) => {
                c.push(check("O", Fail, D::NameControl { field }))
            }
            Err(e) => c.push(check("O", Fail, D::Value(e.to_string()))),
        },
        None => c.push(check("O", Fail, D::MissingO)),
    }
    match field("OU") {
        Some(f) if !utf8(f) => c.push(check("OU", Fail, not_utf8(f))),
        Some(f) => match StructureId::parse_with(&f.value, ParseMode::AllowTestIds) {
            Result::Ok(p) => match p.warning {
                None => c.push(check(
                    "OU",
                    Ok,
                    D::OuOk {
                        value: f.value.clone(),
                        kind: p.value.kind().name(),
                    },
                )),
                Some(w) => c.push(check(
                    "OU",
                    Warn,
                    D::OuTest {
                        value: f.value.clone(),
                        rule: w.0,
                    },
                )),
            },
            Err(e) => c.push(check("OU", Fail, D::BadOu(e))),
        },
        None => c.push(check("OU", Fail, D::MissingOu)),
    }
    match (field("CN"), usage) {
        (Some(f), _) if !utf8(f) => c.push(check("CN", Fail, not_utf8(f))),
        (Some(f), Some(u)) => match check_cn(u, Some(&f.value), None) {
            ServiceCheck::Mandatory => c.push(check(
                "CN",
                Ok,
                D::CnOk {
                    cn: f.value.clone(),
                    usage: u,
                },
            )),
            ServiceCheck::Insi(m) => c.push(check("CN", Fail, D::Service(m))),
            // A request is what will be submitted: it must carry the mandatory name. An issued
            // certificate carries what was typed on the portal (`agent import --adopt` takes it).
            ServiceCheck::Other(m) if i.kind == ObjectKind::Csr => {
                c.push(check("CN", Fail, D::Service(m)))
            }
            ServiceCheck::Other(m) => c.push(check("CN", Warn, D::Service(m))),
        },
        (Some(f), None) => c.push(check(
            "CN",
            Warn,
            D::CnNoUsage {
                cn: f.value.clone(),
            },
        )),
        (None, _) => c.push(check("CN", Fail, D::MissingCn)),
    }

    // Key and signature.
    match i.key.known {
        Some(KeyAlgorithm::Rsa2048) => c.push(check("key", Ok, D::Value("RSA 2048".into()))),
        Some(k) => c.push(check("key", Warn, D::KeyNotRsa2048(k))),
        None => c.push(check("key", Fail, D::Value(i.key.algorithm.clone()))),
    }
    match i.signature_algorithm.as_str() {
        "sha256WithRSAEncryption" | "ecdsa-with-SHA256" => c.push(check(
            "signature algorithm",
            Ok,
            D::Value(i.signature_algorithm.clone()),
        )),
        other => c.push(check(
            "signature algorithm",
            Fail,
            D::SignatureAlgorithm(other.to_string()),
        )),
    }
    match i.signature_valid {
        Some(true) => c.push(check("signature", Ok, D::SelfSignatureOk)),
        Some(false) => c.push(check("signature", Fail, D::SelfSignatureBad)),
        None => {}
    }

    // Requested / certified usages: one check against the profile of the usage they say.
    match usage {
        Some(u) => {
            let fit = check_usage(u, &exts);
            if fit.fits() && fit.warnings.is_empty() {
                c.push(check(
                    "usage",
                    Ok,
                    D::UsageOk {
                        key_usage: i.key_usage.clone(),
                        ext_key_usage: i.extended_key_usage.clone(),
                        usage: u,
                    },
                ));
            }
            for problem in &fit.problems {
                c.push(check("usage", Fail, D::UsageProblem(problem.clone())));
            }
            // A request carries exactly what the platform will certify.
            let status = if i.kind == ObjectKind::Csr {
                Fail
            } else {
                Warn
            };
            for w in &fit.warnings {
                c.push(check("usage", status, D::UsageWarning(w.clone())));
            }
        }
        None => {
            let cn_names = cn.as_deref().and_then(|cn| {
                Usage::ALL
                    .into_iter()
                    .find(|u| u.profile().service == Some(cn))
            });
            c.push(check(
                "usage",
                Fail,
                D::NoUsage {
                    exts: exts.clone(),
                    cn_names,
                },
            ));
        }
    }
    match i.kind {
        ObjectKind::Csr => {
            if i.other_extensions.is_empty() {
                c.push(check("other extensions", Ok, D::NoOtherExtensions));
            } else {
                c.push(check(
                    "other extensions",
                    Fail,
                    D::OtherExtensions(i.other_extensions.clone()),
                ));
            }
            if i.other_attributes.is_empty() {
                c.push(check("other attributes", Ok, D::NoOtherAttributes));
            } else {
                c.push(check(
                    "other attributes",
                    Fail,
                    D::OtherAttributes(i.other_attributes.clone()),
                ));
            }
        }
        ObjectKind::Certificate => {
            if i.other_extensions.iter().any(|e| e == "subjectAltName") {
                c.push(check("subjectAltName", Fail, D::SubjectAltName));
            }
        }
    }
    i.fits_profile = !c.iter().any(|x| x.status == Fail);
    i.checks = c;
}
