//! The PKCS#10 builder: signs the ORG subject of a usage with an [`AgentKey`] (software or token,
//! through rcgen's `SigningKey`) and checks the result against the profile before returning it.

use crate::keys::{spki_key_bytes, spki_sha256, AgentKey, KeyAlgorithm};

use super::{inspect_der, CheckStatus, CsrError, OrgSubject, Usage};

/// A PKCS#10 request, DER and PEM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    /// The usage it was built for.
    pub usage: Usage,
    /// DER.
    pub der: Vec<u8>,
    /// PEM (`CERTIFICATE REQUEST`).
    pub pem: String,
    /// The subject line.
    pub subject: String,
}

/// Bridges an [`AgentKey`] to rcgen's signing traits.
struct RcgenKey<'a> {
    key: &'a dyn AgentKey,
    raw: Vec<u8>,
    alg: &'static rcgen::SignatureAlgorithm,
}

impl rcgen::PublicKeyData for RcgenKey<'_> {
    fn der_bytes(&self) -> &[u8] {
        &self.raw
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        self.alg
    }
}

impl rcgen::SigningKey for RcgenKey<'_> {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.key.sign(msg).map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

/// Builds and signs the request of `usage` for `subject` with `key`, then checks it against the
/// profile (signature, subject, extensions); a request that does not fit is never returned.
pub fn build_csr(key: &dyn AgentKey, usage: Usage, subject: &OrgSubject) -> Result<Csr, CsrError> {
    let profile = usage.profile();
    let mut dn = rcgen::DistinguishedName::new();
    for (k, v) in subject.fields(usage)? {
        match k {
            "C" => dn.push(
                rcgen::DnType::CountryName,
                rcgen::DnValue::PrintableString(
                    v.as_str()
                        .try_into()
                        .map_err(|e: rcgen::Error| CsrError::Build(e.to_string()))?,
                ),
            ),
            "ST" => dn.push(rcgen::DnType::StateOrProvinceName, v),
            "O" => dn.push(rcgen::DnType::OrganizationName, v),
            "OU" => dn.push(rcgen::DnType::OrganizationalUnitName, v),
            _ => dn.push(rcgen::DnType::CommonName, v),
        }
    }
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = dn;
    params.subject_alt_names = Vec::new();
    params.key_usages = profile.key_usage.iter().map(|k| k.rcgen()).collect();
    params.extended_key_usages = profile.ext_key_usage.iter().map(|k| k.rcgen()).collect();

    let alg = match key.algorithm() {
        KeyAlgorithm::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
        _ => &rcgen::PKCS_RSA_SHA256,
    };
    let raw = spki_key_bytes(key.public_key_spki())
        .ok_or_else(|| CsrError::Build("the key's public key is not a valid SPKI".into()))?;
    let signer = RcgenKey { key, raw, alg };
    let csr = params.serialize_request(&signer).map_err(|e| match e {
        rcgen::Error::RemoteKeyError => match key.sign(b"probe") {
            Err(k) => CsrError::Key(k),
            Ok(_) => CsrError::Build(e.to_string()),
        },
        e => CsrError::Build(e.to_string()),
    })?;
    let der = csr.der().to_vec();
    let pem = csr.pem().map_err(|e| CsrError::Build(e.to_string()))?;

    // Check what was built before anyone sees it.
    let report = inspect_der(&der)?;
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .map(|c| format!("{}: {}", c.name, c.detail))
        .collect();
    if !failed.is_empty() || report.usage != Some(usage) {
        return Err(CsrError::SelfCheck {
            usage,
            detail: failed.join("; "),
        });
    }
    if report.key.spki_sha256 != spki_sha256(key.public_key_spki()) {
        return Err(CsrError::SelfCheck {
            usage,
            detail: "the request's public key is not the key's".into(),
        });
    }
    Ok(Csr {
        usage,
        der,
        pem,
        subject: subject.line(usage)?,
    })
}
