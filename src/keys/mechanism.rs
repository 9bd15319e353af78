//! The one PKCS#11 signer: for a signature (RSA PKCS#1 v1.5 or PSS with SHA-256/384/512, ECDSA
//! with SHA-256), which mechanism of the token computes it, and the call.
//!
//! A token may offer the combined hash-and-sign mechanism (`CKM_SHA256_RSA_PKCS_PSS`,
//! `CKM_SHA256_RSA_PKCS`, `CKM_ECDSA_SHA256`…), or only the raw one (`CKM_RSA_PKCS_PSS`,
//! `CKM_RSA_PKCS`, `CKM_ECDSA`) with the hash, and for PKCS#1 v1.5 the DigestInfo, computed by the
//! agent. Both the structure's keys on a key-store token ([`TokenKey`](super::pkcs11::TokenKey))
//! and the CPx card's TLS client key (`enroll::tls`) sign through [`Plan`].

use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use cryptoki::types::Ulong;
use sha2::Digest;

/// A hash of the SHA-2 family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// The hash of `message`.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => sha2::Sha256::digest(message).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(message).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(message).to_vec(),
        }
    }

    /// The DER DigestInfo header that precedes the hash in a PKCS#1 v1.5 signature (RFC 8017
    /// section 9.2, note 1): the one table of them.
    pub fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Hash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Hash::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Hash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }

    fn pss_params(self) -> PkcsPssParams {
        let (hash_alg, mgf, len) = match self {
            Hash::Sha256 => (MechanismType::SHA256, PkcsMgfType::MGF1_SHA256, 32),
            Hash::Sha384 => (MechanismType::SHA384, PkcsMgfType::MGF1_SHA384, 48),
            Hash::Sha512 => (MechanismType::SHA512, PkcsMgfType::MGF1_SHA512, 64),
        };
        PkcsPssParams {
            hash_alg,
            mgf,
            // The salt is as long as the hash, as TLS requires (RFC 8446 section 4.2.3) and as
            // X.509 signers use.
            s_len: Ulong::new(len),
        }
    }

    fn combined(self, pss: bool) -> MechanismType {
        match (self, pss) {
            (Hash::Sha256, true) => MechanismType::SHA256_RSA_PKCS_PSS,
            (Hash::Sha384, true) => MechanismType::SHA384_RSA_PKCS_PSS,
            (Hash::Sha512, true) => MechanismType::SHA512_RSA_PKCS_PSS,
            (Hash::Sha256, false) => MechanismType::SHA256_RSA_PKCS,
            (Hash::Sha384, false) => MechanismType::SHA384_RSA_PKCS,
            (Hash::Sha512, false) => MechanismType::SHA512_RSA_PKCS,
        }
    }
}

/// How one signature is computed on the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// `CKM_SHAxxx_RSA_PKCS_PSS`: the token hashes and signs.
    PssCombined(Hash),
    /// `CKM_RSA_PKCS_PSS`: the agent hashes, the token pads and signs.
    PssRaw(Hash),
    /// `CKM_SHAxxx_RSA_PKCS`: the token hashes and signs.
    Pkcs1Combined(Hash),
    /// `CKM_RSA_PKCS`: the agent hashes and adds the DigestInfo, the token pads and signs.
    Pkcs1Raw(Hash),
    /// `CKM_ECDSA_SHA256`: the token hashes and signs.
    EcdsaSha256Combined,
    /// `CKM_ECDSA`: the agent hashes with SHA-256, the token signs.
    EcdsaSha256Raw,
}

impl Plan {
    /// The RSA plan for `hash` with PSS or PKCS#1 v1.5 padding, given the token's signing
    /// mechanisms: the combined mechanism when listed (unless `raw_only`), else the raw one.
    pub fn rsa(mechs: &[MechanismType], hash: Hash, pss: bool, raw_only: bool) -> Option<Plan> {
        let raw = if pss {
            MechanismType::RSA_PKCS_PSS
        } else {
            MechanismType::RSA_PKCS
        };
        if !raw_only && mechs.contains(&hash.combined(pss)) {
            Some(if pss {
                Plan::PssCombined(hash)
            } else {
                Plan::Pkcs1Combined(hash)
            })
        } else if mechs.contains(&raw) {
            Some(if pss {
                Plan::PssRaw(hash)
            } else {
                Plan::Pkcs1Raw(hash)
            })
        } else {
            None
        }
    }

    /// The ECDSA with SHA-256 plan, given the token's signing mechanisms.
    pub fn ecdsa_sha256(mechs: &[MechanismType], raw_only: bool) -> Option<Plan> {
        if !raw_only && mechs.contains(&MechanismType::ECDSA_SHA256) {
            Some(Plan::EcdsaSha256Combined)
        } else if mechs.contains(&MechanismType::ECDSA) {
            Some(Plan::EcdsaSha256Raw)
        } else {
            None
        }
    }

    /// Whether the padding is RSA-PSS.
    pub fn is_pss(self) -> bool {
        matches!(self, Plan::PssCombined(_) | Plan::PssRaw(_))
    }

    /// The PKCS#11 name of the mechanism called.
    pub fn mechanism_name(self) -> &'static str {
        match self {
            Plan::PssCombined(Hash::Sha256) => "CKM_SHA256_RSA_PKCS_PSS",
            Plan::PssCombined(Hash::Sha384) => "CKM_SHA384_RSA_PKCS_PSS",
            Plan::PssCombined(Hash::Sha512) => "CKM_SHA512_RSA_PKCS_PSS",
            Plan::PssRaw(_) => "CKM_RSA_PKCS_PSS",
            Plan::Pkcs1Combined(Hash::Sha256) => "CKM_SHA256_RSA_PKCS",
            Plan::Pkcs1Combined(Hash::Sha384) => "CKM_SHA384_RSA_PKCS",
            Plan::Pkcs1Combined(Hash::Sha512) => "CKM_SHA512_RSA_PKCS",
            Plan::Pkcs1Raw(_) => "CKM_RSA_PKCS",
            Plan::EcdsaSha256Combined => "CKM_ECDSA_SHA256",
            Plan::EcdsaSha256Raw => "CKM_ECDSA",
        }
    }

    /// Signs `message` with the private key `key` of `session`. RSA gives the signature bytes;
    /// ECDSA gives the token's raw `r || s` (PKCS#11 section 2.3.1), not DER.
    pub fn sign(
        self,
        session: &Session,
        key: ObjectHandle,
        message: &[u8],
    ) -> cryptoki::error::Result<Vec<u8>> {
        match self {
            Plan::PssCombined(h) => {
                let p = h.pss_params();
                let mech = match h {
                    Hash::Sha256 => Mechanism::Sha256RsaPkcsPss(p),
                    Hash::Sha384 => Mechanism::Sha384RsaPkcsPss(p),
                    Hash::Sha512 => Mechanism::Sha512RsaPkcsPss(p),
                };
                session.sign(&mech, key, message)
            }
            Plan::PssRaw(h) => session.sign(
                &Mechanism::RsaPkcsPss(h.pss_params()),
                key,
                &h.digest(message),
            ),
            Plan::Pkcs1Combined(h) => {
                let mech = match h {
                    Hash::Sha256 => Mechanism::Sha256RsaPkcs,
                    Hash::Sha384 => Mechanism::Sha384RsaPkcs,
                    Hash::Sha512 => Mechanism::Sha512RsaPkcs,
                };
                session.sign(&mech, key, message)
            }
            Plan::Pkcs1Raw(h) => {
                let mut info = h.digest_info_prefix().to_vec();
                info.extend(h.digest(message));
                session.sign(&Mechanism::RsaPkcs, key, &info)
            }
            Plan::EcdsaSha256Combined => session.sign(&Mechanism::EcdsaSha256, key, message),
            Plan::EcdsaSha256Raw => {
                session.sign(&Mechanism::Ecdsa, key, &Hash::Sha256.digest(message))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_first_raw_as_fallback() {
        let softhsm = [
            MechanismType::RSA_PKCS,
            MechanismType::RSA_PKCS_PSS,
            MechanismType::SHA256_RSA_PKCS,
            MechanismType::SHA256_RSA_PKCS_PSS,
            MechanismType::ECDSA,
        ];
        assert_eq!(
            Plan::rsa(&softhsm, Hash::Sha256, true, false),
            Some(Plan::PssCombined(Hash::Sha256))
        );
        assert_eq!(
            Plan::rsa(&softhsm, Hash::Sha384, true, false),
            Some(Plan::PssRaw(Hash::Sha384))
        );
        assert_eq!(
            Plan::rsa(&softhsm, Hash::Sha256, false, true),
            Some(Plan::Pkcs1Raw(Hash::Sha256))
        );
        assert_eq!(
            Plan::ecdsa_sha256(&softhsm, false),
            Some(Plan::EcdsaSha256Raw)
        );
        assert_eq!(
            Plan::rsa(&[MechanismType::SHA256], Hash::Sha256, false, false),
            None
        );
        assert_eq!(Plan::ecdsa_sha256(&[MechanismType::RSA_PKCS], false), None);
    }

    #[test]
    fn digest_info_prefixes_are_der() {
        for h in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            let mut info = h.digest_info_prefix().to_vec();
            let d = h.digest(b"x");
            info.extend(&d);
            // SEQUENCE length covers everything after the first two bytes.
            assert_eq!(info[1] as usize, info.len() - 2);
            assert_eq!(*h.digest_info_prefix().last().unwrap() as usize, d.len());
        }
    }
}
