//! Chain verification up to the configured trust anchors (the IGC Santé roots), with rustls-webpki:
//! signatures, validity dates, basicConstraints, name chaining and the extended key usage of the
//! certificate's ORG usage. No network access: intermediates come with the delivered files.

use std::path::{Path, PathBuf};

use ::time::OffsetDateTime;
use rustls::pki_types::{CertificateDer, UnixTime};
use webpki::{EndEntityCert, KeyUsage};

use super::{CertError, CertSummary};

/// id-kp-clientAuth (1.3.6.1.5.5.7.3.2), DER content octets.
pub const EKU_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
/// id-kp-emailProtection (1.3.6.1.5.5.7.3.4), DER content octets.
pub const EKU_EMAIL_PROTECTION: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04];

/// The trust anchors for one run.
#[derive(Debug, Clone, Default)]
pub struct TrustAnchors {
    certs: Vec<(PathBuf, Vec<u8>)>,
}

impl TrustAnchors {
    /// Loads every certificate of the PEM files. Anchors whose subject says TEST are refused unless
    /// `test_pki` (they sign nothing that a real DMP accepts).
    pub fn load(files: &[PathBuf], test_pki: bool) -> Result<TrustAnchors, CertError> {
        let mut certs = Vec::new();
        for f in files {
            let bad = |reason: String| CertError::BadTrustAnchor {
                file: f.display().to_string(),
                reason,
            };
            let text = std::fs::read(f).map_err(|e| bad(e.to_string()))?;
            let blocks = pem::parse_many(&text).map_err(|e| bad(format!("not PEM: {e}")))?;
            let mut n = 0;
            for b in blocks.into_iter().filter(|b| b.tag() == "CERTIFICATE") {
                let der = b.into_contents();
                let s = CertSummary::parse(&der, &f.display().to_string())?;
                if s.subject.to_uppercase().contains("TEST") && !test_pki {
                    return Err(bad(format!(
                        "{} is a TEST certificate authority: it is accepted only with --test-pki (or pki.test_pki = true)",
                        s.subject
                    )));
                }
                certs.push((f.clone(), der));
                n += 1;
            }
            if n == 0 {
                return Err(bad("no CERTIFICATE block".into()));
            }
        }
        if certs.is_empty() {
            return Err(CertError::NoTrustAnchor);
        }
        Ok(TrustAnchors { certs })
    }

    /// Anchors from DER certificates as they are, without the checks of [`TrustAnchors::load`]
    /// (for the fuzz targets, which feed the chain verification arbitrary anchors).
    #[doc(hidden)]
    pub fn from_der_unchecked(certs: Vec<Vec<u8>>) -> TrustAnchors {
        TrustAnchors {
            certs: certs.into_iter().map(|d| (PathBuf::new(), d)).collect(),
        }
    }

    /// Whether no anchor is loaded.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// The anchor files.
    pub fn files(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = self.certs.iter().map(|(p, _)| p.as_path()).collect();
        v.dedup();
        v
    }

    /// Whether `der` is one of the anchors.
    pub fn contains(&self, der: &[u8]) -> bool {
        self.certs.iter().any(|(_, c)| c == der)
    }
}

/// Which extended key usage the leaf must carry.
#[derive(Debug, Clone, Copy)]
pub enum RequiredEku {
    /// TLS client authentication (ORG AUTH_CLI).
    ClientAuth,
    /// emailProtection (ORG SIGN).
    EmailProtection,
    /// None required (checked elsewhere).
    None,
}

/// Verifies `leaf` up to an anchor through `intermediates`, at time `at`. Returns the verified path
/// from the leaf's issuer up to (not including) the anchor, in order.
pub fn verify(
    leaf: &[u8],
    intermediates: &[Vec<u8>],
    anchors: &TrustAnchors,
    eku: RequiredEku,
    at: OffsetDateTime,
) -> Result<Vec<Vec<u8>>, CertError> {
    let summary = CertSummary::parse(leaf, "the certificate")?;
    let fail = |reason: String| CertError::Chain {
        serial: summary.serial.clone(),
        subject: summary.subject.clone(),
        reason,
    };
    let leaf_der = CertificateDer::from(leaf.to_vec());
    let ee = EndEntityCert::try_from(&leaf_der).map_err(|e| fail(format!("{e:?}")))?;
    let anchor_ders: Vec<CertificateDer<'static>> = anchors
        .certs
        .iter()
        .map(|(_, d)| CertificateDer::from(d.clone()))
        .collect();
    let trust: Vec<_> = anchor_ders
        .iter()
        .filter_map(|d| webpki::anchor_from_trusted_cert(d).ok())
        .collect();
    let inter: Vec<CertificateDer<'static>> = intermediates
        .iter()
        .filter(|d| !anchors.contains(d))
        .map(|d| CertificateDer::from(d.clone()))
        .collect();
    let algs = rustls::crypto::aws_lc_rs::default_provider()
        .signature_verification_algorithms
        .all;
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(
        at.unix_timestamp().max(0) as u64,
    ));
    // webpki applies the EKU rule to every certificate of the path; CAs usually carry no EKU, so
    // "if present" here, and the leaf's EKU is required by the ORG profile check.
    let usage = match eku {
        RequiredEku::ClientAuth => KeyUsage::required_if_present(EKU_CLIENT_AUTH),
        RequiredEku::EmailProtection => KeyUsage::required_if_present(EKU_EMAIL_PROTECTION),
        RequiredEku::None => KeyUsage::required_if_present(EKU_CLIENT_AUTH),
    };
    let path = ee
        .verify_for_usage(algs, &trust, &inter, time, usage, None, None)
        .map_err(|e| fail(explain(&e)))?;
    Ok(path
        .intermediate_certificates()
        .map(|c| c.der().as_ref().to_vec())
        .collect())
}

fn explain(e: &webpki::Error) -> String {
    use webpki::Error as E;
    match e {
        E::UnknownIssuer => "it is not signed by a trusted CA (unknown issuer): check that the file comes from the IGC Santé platform and that the trust anchors are the IGC Santé roots".into(),
        E::CertExpired { .. } => "a certificate of the chain has expired".into(),
        E::CertNotValidYet { .. } => "a certificate of the chain is not valid yet (check the system clock)".into(),
        E::InvalidSignatureForPublicKey => "a signature in the chain is invalid (the file was altered, or the chain is wrong)".into(),
        E::RequiredEkuNotFoundContext(_) => "the extended key usage does not fit this ORG usage".into(),
        E::CaUsedAsEndEntity => "this is a CA certificate, not an ORG certificate".into(),
        other => format!("{other:?}"),
    }
}
