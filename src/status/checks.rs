//! The checks of one live slot: files read relative to the slot, the certificate parsed once, the
//! key matched from its public part, the chain verified (with a memo of verified chains per worker).

use super::read::*;
use super::*;
use crate::certificate::CertError;
use crate::store::reader::LiveDir;

pub(super) fn attr(
    name: &X509Name<'_>,
    oid: &x509_parser::der_parser::oid::Oid<'_>,
) -> Option<String> {
    name.iter_by_oid(oid)
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
}

pub(super) fn ts(t: ASN1Time) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub(super) fn required_eku(u: Usage) -> RequiredEku {
    match u {
        Usage::AuthCli => RequiredEku::ClientAuth,
        Usage::Sign => RequiredEku::EmailProtection,
        Usage::Conf => RequiredEku::None,
    }
}

/// How many distinct `chain.pem` contents a worker keeps parsed (a store has one per CA
/// generation: a handful at most).
pub(super) const CHAIN_MEMO: usize = 8;

/// The first certificate of a `chain.pem`: what checking a leaf against it needs.
pub(super) struct IssuerInfo {
    pub(super) subject_raw: Vec<u8>,
    pub(super) subject_text: String,
    pub(super) spki_raw: Vec<u8>,
    /// The key ready for sha256WithRSAEncryption signatures (the ORG profile's), when RSA.
    pub(super) rsa_sha256: Option<aws_lc_rs::signature::ParsedPublicKey>,
}

/// One `chain.pem` content, parsed once per run and worker. Every leaf is still checked on its own
/// (signature, dates, key); only the parse of identical chain files is shared.
pub(super) struct ChainEntry {
    bytes: Vec<u8>,
    /// Its certificates, or why it is not PEM.
    ders: Result<Vec<Vec<u8>>, String>,
    /// The first certificate, parsed (`None` when the file holds none).
    first: Option<Result<IssuerInfo, Detail>>,
    /// For each required EKU, the issuing CA as a trust anchor once [`chain::verify`] verified this
    /// chain up to a configured anchor at the time of the run.
    verified: Vec<(u8, rustls::pki_types::TrustAnchor<'static>, AnchorInfo)>,
}

impl ChainEntry {
    pub(super) fn new(bytes: Vec<u8>) -> ChainEntry {
        let ders = pem_blocks(&bytes, "CERTIFICATE");
        let first = match &ders {
            Ok(d) => d.first().map(|der| {
                let (_, c) =
                    X509Certificate::from_der(der).map_err(|e| Detail::NotACertificate {
                        file: "chain.pem".into(),
                        reason: e.to_string(),
                    })?;
                let pk = c.public_key();
                let rsa_sha256 = (pk.algorithm.algorithm
                    == x509_parser::oid_registry::OID_PKCS1_RSAENCRYPTION)
                    .then(|| {
                        aws_lc_rs::signature::ParsedPublicKey::new(
                            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                            &pk.subject_public_key.data,
                        )
                        .ok()
                    })
                    .flatten();
                Ok(IssuerInfo {
                    subject_raw: c.subject().as_raw().to_vec(),
                    subject_text: c.subject().to_string(),
                    spki_raw: pk.raw.to_vec(),
                    rsa_sha256,
                })
            }),
            Err(_) => None,
        };
        ChainEntry {
            bytes,
            ders,
            first,
            verified: Vec::new(),
        }
    }
}

pub(super) fn eku_tag(e: RequiredEku) -> u8 {
    match e {
        RequiredEku::ClientAuth => 1,
        RequiredEku::EmailProtection => 2,
        RequiredEku::None => 0,
    }
}

/// Whether a trust anchor carries name constraints. The per-leaf shortcut of [`Worker`] starts the
/// path at the issuing CA, so it is used only when no anchor constrains names.
pub(super) fn anchors_constrain_names(anchors: &TrustAnchors) -> bool {
    anchors.files().iter().any(|f| {
        let Ok(text) = std::fs::read(f) else {
            return true;
        };
        let Ok(ders) = pem_blocks(&text, "CERTIFICATE") else {
            return true;
        };
        ders.iter().any(|d| match X509Certificate::from_der(d) {
            Ok((_, c)) => !matches!(c.name_constraints(), Ok(None)),
            Err(_) => true,
        })
    })
}

/// One thread's state: a read buffer and the parsed chain files.
pub(super) struct Worker<'a> {
    opts: &'a StatusOptions<'a>,
    buf: zeroize::Zeroizing<Vec<u8>>,
    chains: Vec<ChainEntry>,
    shortcut: bool,
    algs: &'static [&'static dyn rustls::pki_types::SignatureVerificationAlgorithm],
}

impl<'a> Worker<'a> {
    pub(super) fn new(opts: &'a StatusOptions<'a>, shortcut: bool) -> Worker<'a> {
        Worker {
            opts,
            buf: zeroize::Zeroizing::new(Vec::with_capacity(8192)),
            chains: Vec::new(),
            shortcut,
            algs: rustls::crypto::aws_lc_rs::default_provider()
                .signature_verification_algorithms
                .all,
        }
    }

    /// The entry for the chain file content now in `self.buf`.
    fn chain_entry(&mut self) -> usize {
        if let Some(i) = self.chains.iter().position(|c| c.bytes[..] == self.buf[..]) {
            return i;
        }
        if self.chains.len() >= CHAIN_MEMO {
            self.chains.remove(0);
        }
        self.chains.push(ChainEntry::new(self.buf.to_vec()));
        self.chains.len() - 1
    }

    /// Verifies `leaf_der` with the issuing CA of an already verified chain as the anchor: the
    /// leaf's signature, validity, extensions and extended key usage, as webpki checks them.
    fn verify_from_issuer(
        &self,
        leaf_der: &[u8],
        anchor: &rustls::pki_types::TrustAnchor<'static>,
        eku: RequiredEku,
    ) -> bool {
        let leaf = rustls::pki_types::CertificateDer::from(leaf_der);
        let Ok(ee) = webpki::EndEntityCert::try_from(&leaf) else {
            return false;
        };
        let usage = match eku {
            RequiredEku::EmailProtection => {
                webpki::KeyUsage::required_if_present(chain::EKU_EMAIL_PROTECTION)
            }
            _ => webpki::KeyUsage::required_if_present(chain::EKU_CLIENT_AUTH),
        };
        let time = rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(
            self.opts.now.unix_timestamp().max(0) as u64,
        ));
        ee.verify_for_usage(
            self.algs,
            std::slice::from_ref(anchor),
            &[],
            time,
            usage,
            None,
            None,
        )
        .is_ok()
    }

    /// Reads and checks one live slot.
    pub(super) fn check_slot(
        &mut self,
        id: &StructureId,
        usage: Usage,
        live: PathBuf,
        dir: io::Result<LiveDir>,
    ) -> Entry {
        let opts = self.opts;
        let structure = id.to_string();
        let structure = structure.as_str();
        let mut e = Entry::new(id, usage, State::Invalid, live);
        let unreadable = |mut e: Entry, what: Detail| {
            e.read_error = true;
            e.state = State::Invalid;
            e.set_details(vec![what]);
            e
        };
        let dir = match dir {
            Ok(d) => d,
            Err(err) => {
                let what = Detail::CannotOpen {
                    path: e.path.clone(),
                    reason: err.to_string(),
                };
                return unreadable(e, what);
            }
        };
        // The certificate.
        let cert_path = || e.path.join(files::CERT);
        if let Err(err) = dir.read(c"cert.pem", &mut self.buf) {
            let what = Detail::CannotRead {
                path: cert_path(),
                reason: err.to_string(),
            };
            return unreadable(e, what);
        }
        let leaf_der = match pem_blocks(&self.buf, "CERTIFICATE") {
            Ok(mut v) if !v.is_empty() => v.swap_remove(0),
            Ok(_) => {
                let what = Detail::NoCertificateBlock {
                    file: cert_path().display().to_string(),
                };
                return unreadable(e, what);
            }
            Err(err) => {
                let what = Detail::NotPem {
                    file: cert_path().display().to_string(),
                    reason: err.to_string(),
                };
                return unreadable(e, what);
            }
        };
        let cert = match X509Certificate::from_der(&leaf_der) {
            Ok((_, c)) => c,
            Err(err) => {
                let what = Detail::NotACertificate {
                    file: cert_path().display().to_string(),
                    reason: err.to_string(),
                };
                return unreadable(e, what);
            }
        };
        use x509_parser::oid_registry::{
            OID_X509_COMMON_NAME, OID_X509_ORGANIZATIONAL_UNIT, OID_X509_ORGANIZATION_NAME,
        };
        let subject = cert.subject();
        e.raison_sociale = attr(subject, &OID_X509_ORGANIZATION_NAME);
        e.cn = attr(subject, &OID_X509_COMMON_NAME);
        e.serial = Some(hex::encode_upper(cert.raw_serial()));
        let not_before = ts(cert.validity().not_before);
        let not_after = ts(cert.validity().not_after);
        e.not_before = Some(not_before);
        e.not_after = Some(not_after);
        e.days_left = Some(days_until(not_after, opts.now));
        e.renew_after = Some(not_after - opts.renew_window);
        e.percent_left = Some(percent_left(not_before, not_after, opts.now));
        e.spki = Some(cert.public_key().raw.to_vec());

        // Problems, in the order an administrator should fix them.
        let mut problems: Vec<Detail> = Vec::new();
        if let Some(ou) = attr(subject, &OID_X509_ORGANIZATIONAL_UNIT) {
            if ou != structure {
                problems.push(Detail::OtherStructure {
                    ou,
                    structure: structure.to_string(),
                });
            }
        }
        if matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca) {
            problems.push(Detail::CaCertificate);
        }
        // The usage is the extensions', never the CN's: an adopted certificate keeps its own CN.
        let fit = profile::check_usage(usage, &profile::UsageExtensions::of_certificate(&cert));
        problems.extend(fit.problems.into_iter().map(Detail::Usage));

        // The key.
        match dir.read(c"privkey.pem", &mut self.buf) {
            Ok(()) => {
                e.key = Some(KeyKind::Software);
                match key_matches(&self.buf, cert.public_key()) {
                    Ok(true) => {}
                    Ok(false) => problems.push(Detail::KeyMismatch),
                    Err(err) => {
                        e.read_error = true;
                        problems.push(Detail::KeyUnreadable(err.to_string()));
                    }
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                match dir.read(c"key.uri", &mut self.buf) {
                    Ok(()) => {
                        e.key = Some(KeyKind::Pkcs11);
                        let text = String::from_utf8_lossy(&self.buf);
                        if crate::card::uri::Pkcs11Uri::parse(text.trim()).is_err() {
                            e.read_error = true;
                            problems.push(Detail::KeyUriNotPkcs11);
                        }
                    }
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {
                        e.read_error = true;
                        problems.push(Detail::NoPrivateKey);
                    }
                    Err(err) => {
                        e.read_error = true;
                        problems.push(Detail::CannotRead {
                            path: e.path.join(files::KEY_URI),
                            reason: err.to_string(),
                        });
                    }
                }
            }
            Err(err) => {
                e.read_error = true;
                problems.push(Detail::CannotRead {
                    path: e.path.join(files::KEY),
                    reason: err.to_string(),
                });
            }
        }

        // The chain.
        let chain_idx = match dir.read(c"chain.pem", &mut self.buf) {
            Ok(()) => Some(self.chain_entry()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                self.buf.clear();
                Some(self.chain_entry())
            }
            Err(err) => {
                e.read_error = true;
                problems.push(Detail::CannotRead {
                    path: e.path.join(files::CHAIN),
                    reason: err.to_string(),
                });
                None
            }
        };
        e.chain = match chain_idx {
            None => Some(ChainCheck::Failed),
            Some(i) => match (&self.chains[i].ders, opts.anchors) {
                (Err(err), _) => {
                    e.read_error = true;
                    problems.push(Detail::NotPem {
                        file: "chain.pem".into(),
                        reason: err.clone(),
                    });
                    Some(ChainCheck::Failed)
                }
                (Ok(_), Some(anchors)) => {
                    let eku = required_eku(usage);
                    // Verify at a time inside the leaf's validity: an expired certificate is
                    // reported as `expired`, and the chain check still tells whether its
                    // signatures hold.
                    let latest = if not_after > not_before {
                        not_after - Duration::seconds(1)
                    } else {
                        not_before
                    };
                    let at = if opts.now < not_before {
                        not_before
                    } else if opts.now > latest {
                        latest
                    } else {
                        opts.now
                    };
                    let fast = if at == opts.now && self.shortcut {
                        self.chains[i]
                            .verified
                            .iter()
                            .find(|(t, _, _)| *t == eku_tag(eku))
                            .filter(|(_, anchor, _)| {
                                self.verify_from_issuer(&leaf_der, anchor, eku)
                            })
                            .map(|(_, _, info)| info.clone())
                    } else {
                        None
                    };
                    if let Some(info) = fast {
                        e.anchor = Some(info);
                        Some(ChainCheck::Verified)
                    } else {
                        let ders = self.chains[i]
                            .ders
                            .as_ref()
                            .map(Vec::as_slice)
                            .unwrap_or(&[]);
                        match chain::verify_detailed(&leaf_der, ders, anchors, eku, at) {
                            Ok(chain::Verified { path, anchor }) => {
                                e.anchor = Some(anchor.clone());
                                if at == opts.now {
                                    if let Some(issuer) = path.first() {
                                        let der = rustls::pki_types::CertificateDer::from(
                                            issuer.as_slice(),
                                        );
                                        if let Ok(a) = webpki::anchor_from_trusted_cert(&der) {
                                            let entry = &mut self.chains[i];
                                            if !entry
                                                .verified
                                                .iter()
                                                .any(|(t, _, _)| *t == eku_tag(eku))
                                            {
                                                entry.verified.push((
                                                    eku_tag(eku),
                                                    a.to_owned(),
                                                    anchor,
                                                ));
                                            }
                                        }
                                    }
                                }
                                Some(ChainCheck::Verified)
                            }
                            Err(err) => {
                                problems.push(match err {
                                    CertError::Chain {
                                        serial,
                                        subject,
                                        reason,
                                    } => Detail::Chain {
                                        serial,
                                        subject,
                                        reason,
                                    },
                                    other => Detail::Text(other.to_string()),
                                });
                                Some(ChainCheck::Failed)
                            }
                        }
                    }
                }
                (Ok(_), None) => match &self.chains[i].first {
                    None => Some(ChainCheck::Unchecked),
                    Some(Err(err)) => {
                        e.read_error = true;
                        problems.push(err.clone());
                        Some(ChainCheck::Failed)
                    }
                    Some(Ok(issuer)) => {
                        if issuer.subject_raw != cert.issuer().as_raw() {
                            problems.push(Detail::ChainStartsWith {
                                first: issuer.subject_text.clone(),
                                issuer: cert.issuer().to_string(),
                            });
                            Some(ChainCheck::Failed)
                        } else if !issuer_signed(issuer, &cert) {
                            problems.push(Detail::ChainNotSigned);
                            Some(ChainCheck::Failed)
                        } else {
                            Some(ChainCheck::Issuer)
                        }
                    }
                },
            },
        };

        if opts.now < not_before {
            problems.push(Detail::NotValidBefore {
                from: rfc3339(not_before),
            });
        }
        e.state = if !problems.is_empty() {
            e.set_details(problems);
            State::Invalid
        } else if not_after <= opts.now {
            State::Expired
        } else if not_after <= opts.now + opts.window {
            State::Expiring
        } else {
            State::Ok
        };
        e
    }
}
