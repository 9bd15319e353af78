//! The holder's identity, read from the card's authentication certificate.
//!
//! Subjects as IGC Santé issues them for CPx cards:
//! - CPS (health professional): `SN=<nom>+CN=8<RPPS>+GN=<prénom>` (one multi-valued RDN),
//!   `title=<profession>`, `C=FR`; the person id is `8` + RPPS (or `0` + ADELI).
//! - CPE (employee of a structure): `O=<structure>`, `OU=1<FINESS>`, `CN=3<FINESS>/<internal id>`,
//!   `SN`, `GN`.
//! - CPA (authorised personnel of an editor or integrator, shape chosen by this project, see
//!   `docs/card.md`): `O=<company>`, `OU=3<SIRET>`, `CN=3<SIRET>/<internal id>`, `SN`, `GN`.
//!
//! The certificate is a public object: reading it needs no PIN.

use ::time::OffsetDateTime;
use cryptoki::context::Pkcs11;
use cryptoki::object::{Attribute, AttributeType, ObjectClass};
use cryptoki::session::Session;
use cryptoki::slot::Slot;
use serde::Serialize;
use x509_parser::prelude::*;

use super::CardError;

/// Label of the authentication certificate on a CPS.
pub const AUTH_CERT_LABEL: &str = "Certificat d'Authentification CPS";
/// Label of the signature certificate on a CPS.
pub const SIGN_CERT_LABEL: &str = "Certificat de Signature CPS";
/// Label of the data object holding the card number (emulated cards; see `docs/card.md`).
pub const CARD_NUMBER_LABEL: &str = "Numero de carte";

/// The three kinds of CPx card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CardKind {
    /// Carte de Professionnel de Santé.
    #[serde(rename = "CPS")]
    Cps,
    /// Carte de Personnel d'Établissement.
    #[serde(rename = "CPE")]
    Cpe,
    /// Carte de Personnel Autorisé.
    #[serde(rename = "CPA")]
    Cpa,
}

impl std::fmt::Display for CardKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CardKind::Cps => "CPS",
            CardKind::Cpe => "CPE",
            CardKind::Cpa => "CPA",
        })
    }
}

/// Who holds the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolderIdentity {
    /// CPS, CPE or CPA (null when the subject fits none).
    pub kind: Option<CardKind>,
    /// National id with its type digit (`8` + RPPS, `0` + ADELI, or `3<…>/<id>` for CPE/CPA).
    pub national_id: Option<String>,
    /// Last name (SN).
    pub last_name: Option<String>,
    /// First name (GN).
    pub first_name: Option<String>,
    /// Profession or title.
    pub title: Option<String>,
    /// The card number (10 digits), where the card exposes it.
    pub card_number: Option<String>,
    /// The authentication certificate's expiry.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Set when the national id is a test-platform identifier (a letter in the ADELI, a broken
    /// key): what rule it breaks; commands that use it need `--allow-test-ids`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_id: Option<String>,
    /// The same rule, typed (it localizes itself in the language of the run).
    #[serde(skip)]
    pub test_rule: Option<crate::ids::IdWarning>,
    /// The structure (O) on a CPE or CPA.
    #[serde(skip)]
    pub organization: Option<String>,
    /// The structure id (OU) on a CPE or CPA.
    #[serde(skip)]
    pub organizational_unit: Option<String>,
}

impl HolderIdentity {
    /// The RPPS of a CPS holder (the national id without its `8`).
    pub fn rpps(&self) -> Option<&str> {
        match (self.kind, self.national_id.as_deref()) {
            (Some(CardKind::Cps), Some(id)) => id.strip_prefix('8'),
            _ => None,
        }
    }
}

fn first(name: &X509Name<'_>, oid: &x509_parser::der_parser::oid::Oid<'_>) -> Option<String> {
    name.iter_by_oid(oid)
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
}

/// Reads the holder identity from a DER certificate (`card_number` is left empty).
pub fn identity_from_certificate(der: &[u8]) -> Result<HolderIdentity, CardError> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| CardError::BadHolderCertificate(e.to_string()))?;
    let s = cert.subject();
    use x509_parser::oid_registry::*;
    let cn = first(s, &OID_X509_COMMON_NAME);
    let ou = first(s, &OID_X509_ORGANIZATIONAL_UNIT);
    // A CPS's CN is its holder's national person id; the test platform's practitioners carry
    // ADELI-based ids with a letter (`00B7654321`): the shape is recognized, and flagged.
    let person = cn.as_deref().and_then(|cn| {
        match crate::ids::PersonId::parse_with(cn, crate::ids::ParseMode::Strict) {
            Ok(_) => Some(None),
            Err(_) => crate::ids::PersonId::parse_with(cn, crate::ids::ParseMode::AllowTestIds)
                .ok()
                .map(|p| p.warning),
        }
    });
    let kind = match (cn.as_deref(), ou.as_deref()) {
        (Some(_), _) if person.is_some() => Some(CardKind::Cps),
        (Some(cn), Some(ou)) if cn.contains('/') && ou.starts_with('1') => Some(CardKind::Cpe),
        (Some(cn), Some(ou)) if cn.contains('/') && ou.starts_with('3') => Some(CardKind::Cpa),
        _ => None,
    };
    let not_after = OffsetDateTime::from_unix_timestamp(cert.validity().not_after.timestamp()).ok();
    Ok(HolderIdentity {
        kind,
        national_id: cn,
        last_name: first(s, &OID_X509_SURNAME),
        first_name: first(s, &OID_X509_GIVEN_NAME),
        title: first(s, &OID_X509_TITLE),
        card_number: None,
        not_after,
        test_id: person.clone().flatten().map(|w| w.to_string()),
        test_rule: person.flatten(),
        organization: first(s, &OID_X509_ORGANIZATION_NAME),
        organizational_unit: ou,
    })
}

fn label_and_value(
    session: &Session,
    h: cryptoki::object::ObjectHandle,
) -> Option<(String, Vec<u8>)> {
    let attrs = session
        .get_attributes(h, &[AttributeType::Label, AttributeType::Value])
        .ok()?;
    let mut label = String::new();
    let mut value = Vec::new();
    for a in attrs {
        match a {
            Attribute::Label(l) => label = String::from_utf8_lossy(&l).into_owned(),
            Attribute::Value(v) => value = v,
            _ => {}
        }
    }
    Some((label, value))
}

/// Finds the holder's authentication certificate (DER) on the token: the object labelled
/// [`AUTH_CERT_LABEL`], else the only certificate whose key usage is digitalSignature without
/// nonRepudiation.
pub fn find_auth_certificate(session: &Session) -> Result<Vec<u8>, CardError> {
    let handles = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(|e| CardError::pkcs11("listing the card's certificates", e))?;
    let certs: Vec<(String, Vec<u8>)> = handles
        .into_iter()
        .filter_map(|h| label_and_value(session, h))
        .collect();
    if let Some((_, v)) = certs.iter().find(|(l, _)| l == AUTH_CERT_LABEL) {
        return Ok(v.clone());
    }
    let auth: Vec<&Vec<u8>> = certs
        .iter()
        .filter(|(_, v)| {
            X509Certificate::from_der(v)
                .ok()
                .and_then(|(_, c)| {
                    c.key_usage()
                        .ok()
                        .flatten()
                        .map(|ku| ku.value.digital_signature() && !ku.value.non_repudiation())
                })
                .unwrap_or(false)
        })
        .map(|(_, v)| v)
        .collect();
    match auth.as_slice() {
        [one] => Ok((*one).clone()),
        _ => Err(CardError::NoHolderCertificate),
    }
}

/// Reads the card number data object, if the card exposes one.
pub fn card_number(session: &Session) -> Option<String> {
    let handles = session
        .find_objects(&[
            Attribute::Class(ObjectClass::DATA),
            Attribute::Label(CARD_NUMBER_LABEL.as_bytes().to_vec()),
        ])
        .ok()?;
    let (_, value) = label_and_value(session, *handles.first()?)?;
    let s = String::from_utf8(value).ok()?;
    let s = s.trim();
    (s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_string())
}

/// Reads the holder identity of the card in `token` (read-only session, no PIN).
pub fn read_from_token(token: &super::token::Token) -> Result<HolderIdentity, CardError> {
    let session = token
        .pkcs11
        .open_ro_session(token.slot)
        .map_err(|e| CardError::pkcs11("opening a session", e))?;
    read_identity(&session)
}

/// Reads the holder identity from an open session (no login needed).
pub fn read_identity(session: &Session) -> Result<HolderIdentity, CardError> {
    let der = find_auth_certificate(session)?;
    let mut id = identity_from_certificate(&der)?;
    id.card_number = card_number(session);
    Ok(id)
}

/// Whether the token in `slot` holds a CPx holder certificate.
pub fn has_holder_certificate(pkcs11: &Pkcs11, slot: Slot) -> bool {
    let Ok(session) = pkcs11.open_ro_session(slot) else {
        return false;
    };
    find_auth_certificate(&session)
        .ok()
        .and_then(|der| identity_from_certificate(&der).ok())
        .is_some_and(|id| id.kind.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder_cert(cn: &str) -> Vec<u8> {
        let mut p = rcgen::CertificateParams::default();
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(rcgen::DnType::CountryName, "FR");
        dn.push(rcgen::DnType::CommonName, cn);
        p.distinguished_name = dn;
        let key = rcgen::KeyPair::generate().unwrap();
        p.self_signed(&key).unwrap().der().to_vec()
    }

    #[test]
    fn test_platform_adeli_ids_are_cps_holders_flagged_as_test() {
        let id = identity_from_certificate(&holder_cert("899700270616")).unwrap();
        assert_eq!(id.kind, Some(CardKind::Cps));
        assert_eq!(id.test_id, None);
        // The test platform's ADELI-based practitioner: `0` + `0B7654321`.
        let id = identity_from_certificate(&holder_cert("00B7654321")).unwrap();
        assert_eq!(id.kind, Some(CardKind::Cps));
        assert_eq!(id.national_id.as_deref(), Some("00B7654321"));
        let t = id.test_id.expect("flagged as a test identifier");
        assert!(t.contains("test platform"), "{t}");
        assert_eq!(
            identity_from_certificate(&holder_cert("0XB7654321"))
                .unwrap()
                .kind,
            None
        );
    }
}
