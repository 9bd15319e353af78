//! Chain verification up to the configured trust anchors (the IGC Santé roots), with rustls-webpki:
//! signatures, validity dates, basicConstraints, name chaining and the extended key usage of the
//! certificate's ORG usage. No network access: intermediates come with the delivered files.

use std::path::{Path, PathBuf};

use ::time::OffsetDateTime;
use rustls::pki_types::{CertificateDer, UnixTime};
use webpki::{EndEntityCert, KeyUsage};

use serde::Serialize;

use super::{CertError, CertSummary, ChainReason};

/// id-kp-clientAuth (1.3.6.1.5.5.7.3.2), DER content octets.
pub const EKU_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
/// id-kp-emailProtection (1.3.6.1.5.5.7.3.4), DER content octets.
pub const EKU_EMAIL_PROTECTION: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04];

/// Where a trust anchor comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// A configured PEM file (`pki.trust_anchors`, `--trust-anchor`).
    File(PathBuf),
    /// Compiled in ([`super::builtin`]).
    Builtin,
}

/// The anchor a verified chain ended at, for reports (`agent status`, `agent inspect`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorInfo {
    /// The anchor's CN (its whole subject when it has no CN).
    pub name: String,
    /// `built-in`, or the PEM file it was configured in.
    pub source: String,
}

impl std::fmt::Display for AnchorInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.source == BUILTIN {
            write!(f, "{} (built-in)", self.name)
        } else {
            write!(f, "{} ({})", self.name, self.source)
        }
    }
}

/// The `source` of a built-in anchor.
pub const BUILTIN: &str = "built-in";

/// The trust anchors for one run, and the built-in intermediates offered for path building.
#[derive(Debug, Clone, Default)]
pub struct TrustAnchors {
    certs: Vec<(Source, Vec<u8>)>,
    intermediates: Vec<Vec<u8>>,
    test_pki: bool,
}

impl TrustAnchors {
    /// Loads every certificate of the PEM files, and nothing built in. Anchors whose subject says
    /// TEST are refused unless `test_pki` (they sign nothing that a real DMP accepts).
    pub fn load(files: &[PathBuf], test_pki: bool) -> Result<TrustAnchors, CertError> {
        Self::for_run(files, test_pki, false)
    }

    /// The anchors of a run: the built-in IGC Santé roots (production; TEST too when `test_pki`)
    /// unless `builtin` is false, plus every certificate of the PEM `files`. With `builtin`, the
    /// built-in intermediates (ORGANISATIONS, PERSONNES) are offered for path building too.
    pub fn for_run(
        files: &[PathBuf],
        test_pki: bool,
        builtin: bool,
    ) -> Result<TrustAnchors, CertError> {
        let mut certs = Vec::new();
        let mut intermediates = Vec::new();
        if builtin {
            for ca in super::builtin::selected(test_pki) {
                if ca.root {
                    certs.push((Source::Builtin, ca.der()));
                } else {
                    intermediates.push(ca.der());
                }
            }
        }
        for f in files {
            let bad = |reason: String| CertError::BadTrustAnchor {
                file: f.display().to_string(),
                reason,
            };
            let text = crate::fsutil::read_capped(f, crate::fsutil::MAX_CERT_FILE)
                .map_err(|e| bad(e.to_string()))?;
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
                if !certs.iter().any(|(_, d)| *d == der) {
                    certs.push((Source::File(f.clone()), der));
                }
                n += 1;
            }
            if n == 0 {
                return Err(bad("no CERTIFICATE block".into()));
            }
        }
        if certs.is_empty() {
            return Err(CertError::NoTrustAnchor);
        }
        Ok(TrustAnchors {
            certs,
            intermediates,
            test_pki,
        })
    }

    /// Anchors from DER certificates as they are, without the checks of [`TrustAnchors::load`]
    /// (for the fuzz targets, which feed the chain verification arbitrary anchors).
    #[doc(hidden)]
    pub fn from_der_unchecked(certs: Vec<Vec<u8>>) -> TrustAnchors {
        TrustAnchors {
            certs: certs
                .into_iter()
                .map(|d| (Source::File(PathBuf::new()), d))
                .collect(),
            intermediates: Vec::new(),
            test_pki: true,
        }
    }

    /// Whether no anchor is loaded.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// The configured anchor files (built-in anchors have none).
    pub fn files(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = self
            .certs
            .iter()
            .filter_map(|(s, _)| match s {
                Source::File(p) => Some(p.as_path()),
                Source::Builtin => None,
            })
            .collect();
        v.dedup();
        v
    }

    /// How many anchors are built in.
    pub fn builtin_count(&self) -> usize {
        self.certs
            .iter()
            .filter(|(s, _)| *s == Source::Builtin)
            .count()
    }

    /// Whether `der` is one of the anchors.
    pub fn contains(&self, der: &[u8]) -> bool {
        self.certs.iter().any(|(_, c)| c == der)
    }

    /// The anchor certificates (DER) with their report names.
    pub fn anchors(&self) -> Vec<(AnchorInfo, &[u8])> {
        self.certs
            .iter()
            .map(|(src, der)| (info(src, der), der.as_slice()))
            .collect()
    }
}

fn info(src: &Source, der: &[u8]) -> AnchorInfo {
    let name = CertSummary::parse(der, "a trust anchor")
        .map(|s| s.cn.unwrap_or(s.subject))
        .unwrap_or_default();
    AnchorInfo {
        name,
        source: match src {
            Source::Builtin => BUILTIN.to_string(),
            Source::File(p) => p.display().to_string(),
        },
    }
}

/// Whether `leaf` verifies up to one of `anchors` with `others` (and the built-in
/// intermediates) as it stands, now (or at its start, when a clock slightly behind the issuer's
/// puts that in the future). An EST answer for which this is false needs the platform's
/// `/cacerts` to complete its chain (RFC 7030 §4.2.3). Names are not enough to tell: the TEST
/// platform's CA names are the same whichever keys a test platform uses.
pub fn completes(leaf: &[u8], others: &[Vec<u8>], anchors: &TrustAnchors) -> bool {
    let Ok(s) = CertSummary::parse(leaf, "the certificate") else {
        return false;
    };
    let at = OffsetDateTime::now_utc().max(s.not_before);
    verify(leaf, others, anchors, RequiredEku::of_leaf(&s), at).is_ok()
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

impl RequiredEku {
    /// The EKU a leaf of unknown usage is checked for: emailProtection when it carries it (SIGN),
    /// else clientAuth (AUTH_CLI).
    pub fn of_leaf(s: &CertSummary) -> RequiredEku {
        if s.ext_key_usage.iter().any(|e| e == "emailProtection") {
            RequiredEku::EmailProtection
        } else {
            RequiredEku::ClientAuth
        }
    }
}

/// A chain verified up to an anchor.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The path from the leaf's issuer up to (not including) the anchor, in order.
    pub path: Vec<Vec<u8>>,
    /// The anchor it ended at.
    pub anchor: AnchorInfo,
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
    verify_detailed(leaf, intermediates, anchors, eku, at).map(|v| v.path)
}

/// [`verify`], also naming the anchor the path ended at. The order of `intermediates` does not
/// matter, nor do duplicates, the root among them or unrelated CA certificates: the path is built
/// by names and signatures. The built-in intermediates of `anchors` are candidates too.
pub fn verify_detailed(
    leaf: &[u8],
    intermediates: &[Vec<u8>],
    anchors: &TrustAnchors,
    eku: RequiredEku,
    at: OffsetDateTime,
) -> Result<Verified, CertError> {
    let summary = CertSummary::parse(leaf, "the certificate")?;
    let fail = |reason: ChainReason| CertError::Chain {
        serial: summary.serial.clone(),
        subject: summary.subject.clone(),
        reason,
    };
    let leaf_der = CertificateDer::from(leaf.to_vec());
    let ee = EndEntityCert::try_from(&leaf_der)
        .map_err(|e| fail(ChainReason::Other(format!("{e:?}"))))?;
    let anchor_ders: Vec<(usize, CertificateDer<'static>)> = anchors
        .certs
        .iter()
        .enumerate()
        .map(|(i, (_, d))| (i, CertificateDer::from(d.clone())))
        .collect();
    let mut trust_idx = Vec::new();
    let mut trust = Vec::new();
    for (i, d) in &anchor_ders {
        if let Ok(t) = webpki::anchor_from_trusted_cert(d) {
            trust_idx.push(*i);
            trust.push(t);
        }
    }
    let mut inter: Vec<CertificateDer<'static>> = Vec::new();
    for d in intermediates.iter().chain(anchors.intermediates.iter()) {
        if !anchors.contains(d) && !inter.iter().any(|c| c.as_ref() == d.as_slice()) {
            inter.push(CertificateDer::from(d.clone()));
        }
    }
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
        .map_err(|e| {
            fail(explain(
                &e,
                summary.issuer.to_uppercase().contains("TEST") && !anchors.test_pki,
            ))
        })?;
    let anchor = trust
        .iter()
        .position(|t| std::ptr::eq(t, path.anchor()))
        .map(|k| {
            let (src, der) = &anchors.certs[trust_idx[k]];
            info(src, der)
        })
        .unwrap_or_else(|| AnchorInfo {
            name: String::new(),
            source: String::new(),
        });
    Ok(Verified {
        path: path
            .intermediate_certificates()
            .map(|c| c.der().as_ref().to_vec())
            .collect(),
        anchor,
    })
}

fn explain(e: &webpki::Error, test_issuer: bool) -> ChainReason {
    use webpki::Error as E;
    match e {
        E::UnknownIssuer => ChainReason::UnknownIssuer { test_issuer },
        E::CertExpired { .. } => ChainReason::Expired,
        E::CertNotValidYet { .. } => ChainReason::NotValidYet,
        E::InvalidSignatureForPublicKey => ChainReason::BadSignature,
        E::RequiredEkuNotFoundContext(_) => ChainReason::WrongEku,
        E::CaUsedAsEndEntity => ChainReason::CaAsEndEntity,
        other => ChainReason::Other(format!("{other:?}")),
    }
}

/// How a certificate's chain verified (`agent inspect`).
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    /// Whether it verified up to an anchor of the run.
    pub verified: bool,
    /// The anchor it ended at.
    pub anchor: Option<AnchorInfo>,
    /// Why it did not verify (English, identical in every language).
    pub detail: Option<String>,
    /// The same failure, typed (it localizes itself in the language of the run).
    #[serde(skip)]
    pub failure: Option<std::sync::Arc<CertError>>,
}

/// Every certificate of `bytes` (PEM blocks, or one DER certificate), in file order.
pub fn certificates(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        pem::parse_many(bytes)
            .map(|v| {
                v.into_iter()
                    .filter(|p| p.tag() == "CERTIFICATE")
                    .map(pem::Pem::into_contents)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        vec![bytes.to_vec()]
    }
}

/// How the first certificate of `bytes` verifies, with the file's other certificates as
/// intermediates, at a time inside its validity (`None` for a CA certificate or no certificate).
pub fn report(bytes: &[u8], anchors: &TrustAnchors) -> Option<ChainReport> {
    let certs = certificates(bytes);
    let (leaf, rest) = certs.split_first()?;
    let s = CertSummary::parse(leaf, "the certificate").ok()?;
    if s.is_ca {
        return None;
    }
    let eku = RequiredEku::of_leaf(&s);
    let at = ::time::OffsetDateTime::now_utc().clamp(s.not_before, s.not_after);
    Some(match verify_detailed(leaf, rest, anchors, eku, at) {
        Ok(v) => ChainReport {
            verified: true,
            anchor: Some(v.anchor),
            detail: None,
            failure: None,
        },
        Err(e) => ChainReport {
            verified: false,
            anchor: None,
            detail: Some(e.to_string()),
            failure: Some(std::sync::Arc::new(e)),
        },
    })
}
