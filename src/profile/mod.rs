//! The IGC Santé ORG profile: the one table of usages ([`ORG_PROFILES`]: usage → product,
//! service applicatif, required keyUsage and extendedKeyUsage) and the checks that judge a
//! certificate or request against it: which usage its keyUsage and extendedKeyUsage say
//! ([`usage_of`]), whether they fit that usage ([`check_usage`]), whether its CN is the service
//! applicatif the DMP procedure requires ([`check_cn`]) and whether its validity is the platform's
//! ([`check_validity`]). `agent csr` builds requests from the table; `agent import`, `agent status`
//! and `agent inspect` all judge a leaf with these functions.
//!
//! The usage is told from the extensions, never from the CN: the CN is what the customer typed as
//! "service applicatif" on the portal, and real certificates carry application names (domain.md,
//! "Real ORG certificates").

mod text;

pub(crate) use text::product;

use std::fmt;
use std::str::FromStr;

use ::time::OffsetDateTime;
use serde::{Deserialize, Serialize};
use x509_parser::extensions::{ExtendedKeyUsage, KeyUsage};
use x509_parser::prelude::X509Certificate;

/// A usage name that is not one of the ORG product's.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// An unknown usage in `--usage`.
    #[error("unknown usage {0:?}: use auth_cli, sign or conf (comma-separated, e.g. --usage auth_cli,sign)")]
    Unknown(String),
    /// The same usage twice.
    #[error("usage {0} is listed twice in --usage")]
    Duplicate(Usage),
}

/// A certificate usage of the ORG product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Usage {
    /// ORG AUTH_CLI: TLS client authentication to the DMP.
    AuthCli,
    /// ORG SIGN: signature of the documents and submission sets sent to the DMP.
    Sign,
    /// ORG CONF: encryption (offered by the same product; not used by the DMP).
    Conf,
}

impl Usage {
    /// Every usage, in table order.
    pub const ALL: [Usage; 3] = [Usage::AuthCli, Usage::Sign, Usage::Conf];

    /// Lower-case name, as in file names (`auth_cli.csr.pem`) and `--usage`.
    pub fn name(self) -> &'static str {
        match self {
            Usage::AuthCli => "auth_cli",
            Usage::Sign => "sign",
            Usage::Conf => "conf",
        }
    }

    /// The usage's row of [`ORG_PROFILES`].
    pub fn profile(self) -> &'static OrgProfile {
        match self {
            Usage::AuthCli => &ORG_PROFILES[0],
            Usage::Sign => &ORG_PROFILES[1],
            Usage::Conf => &ORG_PROFILES[2],
        }
    }

    /// Parses a comma-separated list (`auth_cli,sign`), refusing unknown and repeated usages.
    pub fn parse_list(s: &str) -> Result<Vec<Usage>, UsageError> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let u: Usage = part.parse()?;
            if out.contains(&u) {
                return Err(UsageError::Duplicate(u));
            }
            out.push(u);
        }
        if out.is_empty() {
            return Err(UsageError::Unknown(s.to_string()));
        }
        Ok(out)
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Usage {
    type Err = UsageError;

    fn from_str(s: &str) -> Result<Self, UsageError> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        match t.as_str() {
            "auth_cli" | "org_auth_cli" | "authcli" => Ok(Usage::AuthCli),
            "sign" | "org_sign" => Ok(Usage::Sign),
            "conf" | "org_conf" => Ok(Usage::Conf),
            _ => Err(UsageError::Unknown(s.to_string())),
        }
    }
}

/// A keyUsage bit the ORG profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum KeyUsageBit {
    /// digitalSignature.
    DigitalSignature,
    /// nonRepudiation (contentCommitment).
    NonRepudiation,
    /// keyEncipherment.
    KeyEncipherment,
    /// dataEncipherment.
    DataEncipherment,
}

impl KeyUsageBit {
    /// The name as OpenSSL prints it.
    pub fn name(self) -> &'static str {
        match self {
            KeyUsageBit::DigitalSignature => "digitalSignature",
            KeyUsageBit::NonRepudiation => "nonRepudiation",
            KeyUsageBit::KeyEncipherment => "keyEncipherment",
            KeyUsageBit::DataEncipherment => "dataEncipherment",
        }
    }

    pub(super) fn rcgen(self) -> rcgen::KeyUsagePurpose {
        match self {
            KeyUsageBit::DigitalSignature => rcgen::KeyUsagePurpose::DigitalSignature,
            KeyUsageBit::NonRepudiation => rcgen::KeyUsagePurpose::ContentCommitment,
            KeyUsageBit::KeyEncipherment => rcgen::KeyUsagePurpose::KeyEncipherment,
            KeyUsageBit::DataEncipherment => rcgen::KeyUsagePurpose::DataEncipherment,
        }
    }
}

/// An extendedKeyUsage purpose the ORG profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ExtKeyUsage {
    /// id-kp-clientAuth.
    ClientAuth,
    /// id-kp-emailProtection.
    EmailProtection,
}

impl ExtKeyUsage {
    /// The name as RFC 5280 writes it.
    pub fn name(self) -> &'static str {
        match self {
            ExtKeyUsage::ClientAuth => "clientAuth",
            ExtKeyUsage::EmailProtection => "emailProtection",
        }
    }

    pub(super) fn rcgen(self) -> rcgen::ExtendedKeyUsagePurpose {
        match self {
            ExtKeyUsage::ClientAuth => rcgen::ExtendedKeyUsagePurpose::ClientAuth,
            ExtKeyUsage::EmailProtection => rcgen::ExtendedKeyUsagePurpose::EmailProtection,
        }
    }
}

/// One row of the ORG profile table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OrgProfile {
    /// The usage.
    pub usage: Usage,
    /// The product to order on the IGC Santé portal.
    pub product: &'static str,
    /// The service applicatif (the CN) the procedure makes mandatory; `None` for CONF, which the
    /// DMP does not use (the administrator names it).
    pub service: Option<&'static str>,
    /// Requested keyUsage (critical).
    pub key_usage: &'static [KeyUsageBit],
    /// Requested extendedKeyUsage.
    pub ext_key_usage: &'static [ExtKeyUsage],
    /// keyUsage bits a certificate of this usage may also carry without a warning (never
    /// requested).
    pub key_usage_allowed: &'static [KeyUsageBit],
    /// keyUsage bits or extendedKeyUsage purposes that make a certificate another usage's: one
    /// that carries them does not fit this usage (see [`check_usage`]).
    pub conflicts: &'static [&'static str],
}

/// The ORG profile, one row per usage (see `docs/csr.md` for the sources and the CONF choice).
pub const ORG_PROFILES: [OrgProfile; 3] = [
    OrgProfile {
        usage: Usage::AuthCli,
        product: "ORG AUTH_CLI",
        service: Some("DMP AUTHENTIFICATION"),
        key_usage: &[KeyUsageBit::DigitalSignature],
        ext_key_usage: &[ExtKeyUsage::ClientAuth],
        key_usage_allowed: &[],
        conflicts: &["nonRepudiation"],
    },
    OrgProfile {
        usage: Usage::Sign,
        product: "ORG SIGN",
        service: Some("DMP SIGNATURE"),
        key_usage: &[KeyUsageBit::DigitalSignature, KeyUsageBit::NonRepudiation],
        ext_key_usage: &[ExtKeyUsage::EmailProtection],
        key_usage_allowed: &[],
        conflicts: &["clientAuth"],
    },
    OrgProfile {
        usage: Usage::Conf,
        product: "ORG CONF",
        service: None,
        key_usage: &[KeyUsageBit::KeyEncipherment],
        // No EKU requested: see docs/csr.md ("CONF").
        ext_key_usage: &[],
        key_usage_allowed: &[KeyUsageBit::DataEncipherment],
        conflicts: &["nonRepudiation", "clientAuth", "emailProtection"],
    },
];

/// The CNs INSi requires: a certificate that carries one is an INSi certificate, not a DMP one.
pub const INSI_SERVICES: [&str; 2] = ["INSI-AUTO", "INSI-MANU"];

/// Shortest validity (days) that passes as "3 years": 3 × 365 less a month.
pub const ORG_VALIDITY_MIN_DAYS: i64 = 3 * 365 - 31;
/// Longest validity (days) that passes as "3 years": 3 years with a leap day (1096 days) plus a
/// month, as some SIGN certificates are issued (3 years + 1 month, with a Private Key Usage Period
/// of 3 years).
pub const ORG_VALIDITY_MAX_DAYS: i64 = 3 * 365 + 1 + 31;

/// The keyUsage and extendedKeyUsage of a certificate or request, by their RFC 5280 names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageExtensions {
    /// keyUsage bits (`digitalSignature`, `nonRepudiation`…).
    pub key_usage: Vec<String>,
    /// Whether keyUsage is critical; `None` when there is no keyUsage.
    pub key_usage_critical: Option<bool>,
    /// extendedKeyUsage purposes (`clientAuth`, `emailProtection`…, or dotted OIDs).
    pub ext_key_usage: Vec<String>,
}

/// The keyUsage bits set, by their RFC 5280 names.
pub fn key_usage_names(k: &KeyUsage) -> Vec<String> {
    [
        (k.digital_signature(), "digitalSignature"),
        (k.non_repudiation(), "nonRepudiation"),
        (k.key_encipherment(), "keyEncipherment"),
        (k.data_encipherment(), "dataEncipherment"),
        (k.key_agreement(), "keyAgreement"),
        (k.key_cert_sign(), "keyCertSign"),
        (k.crl_sign(), "cRLSign"),
        (k.encipher_only(), "encipherOnly"),
        (k.decipher_only(), "decipherOnly"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| n.to_string())
    .collect()
}

/// The extendedKeyUsage purposes, by their RFC 5280 short names, then other OIDs dotted.
pub fn ext_key_usage_names(e: &ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut out: Vec<String> = [
        (e.any, "anyExtendedKeyUsage"),
        (e.server_auth, "serverAuth"),
        (e.client_auth, "clientAuth"),
        (e.code_signing, "codeSigning"),
        (e.email_protection, "emailProtection"),
        (e.time_stamping, "timeStamping"),
        (e.ocsp_signing, "OCSPSigning"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| n.to_string())
    .collect();
    out.extend(e.other.iter().map(|o| o.to_id_string()));
    out
}

impl UsageExtensions {
    /// Reads them from a parsed certificate (an unreadable extension counts as absent).
    pub fn of_certificate(cert: &X509Certificate<'_>) -> UsageExtensions {
        let (key_usage, key_usage_critical) = match cert.key_usage() {
            Ok(Some(ku)) => (key_usage_names(ku.value), Some(ku.critical)),
            _ => (Vec::new(), None),
        };
        let ext_key_usage = match cert.extended_key_usage() {
            Ok(Some(e)) => ext_key_usage_names(e.value),
            _ => Vec::new(),
        };
        UsageExtensions {
            key_usage,
            key_usage_critical,
            ext_key_usage,
        }
    }

    fn has(&self, name: &str) -> bool {
        self.key_usage.iter().any(|k| k == name) || self.ext_key_usage.iter().any(|k| k == name)
    }

    /// One line for messages: `keyUsage digitalSignature, extendedKeyUsage clientAuth`.
    pub fn describe(&self) -> String {
        let list = |v: &[String]| {
            if v.is_empty() {
                "(none)".to_string()
            } else {
                v.join(", ")
            }
        };
        format!(
            "keyUsage {}, extendedKeyUsage {}",
            list(&self.key_usage),
            list(&self.ext_key_usage)
        )
    }
}

/// The names of what a profile requires (keyUsage bits, then extendedKeyUsage purposes).
fn required(usage: Usage) -> impl Iterator<Item = &'static str> {
    let p = usage.profile();
    p.key_usage
        .iter()
        .map(|k| k.name())
        .chain(p.ext_key_usage.iter().map(|e| e.name()))
}

/// The usage a leaf's keyUsage and extendedKeyUsage say: the profile of
/// [`ORG_PROFILES`] whose required bits and purposes it all carries; when
/// several do, the one that requires the most (a SIGN certificate also carries AUTH_CLI's
/// digitalSignature); `None` when none does or two tie.
pub fn usage_of(x: &UsageExtensions) -> Option<Usage> {
    let mut best: Option<(usize, Usage)> = None;
    let mut tie = false;
    for p in &ORG_PROFILES {
        if !required(p.usage).all(|n| x.has(n)) {
            continue;
        }
        let weight = required(p.usage).count();
        match best {
            Some((w, _)) if w > weight => {}
            Some((w, _)) if w == weight => tie = true,
            _ => {
                best = Some((weight, p.usage));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(_, u)| u)
    }
}

/// What every usage forbids: the CA bits.
const CA_BITS: [&str; 2] = ["keyCertSign", "cRLSign"];

/// Why a leaf's keyUsage or extendedKeyUsage does not fit a usage. `Display` is the English
/// text (logs, JSON, library users); it localizes itself from the catalogue (`text.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageProblem {
    /// A keyUsage bit the usage requires is missing.
    LacksKeyUsage {
        /// The keyUsage bits it has.
        have: Vec<String>,
        /// The missing bit.
        bit: &'static str,
        /// The usage checked.
        usage: Usage,
    },
    /// An extendedKeyUsage purpose the usage requires is missing.
    LacksExtKeyUsage {
        /// The purposes it has.
        have: Vec<String>,
        /// The missing purpose.
        eku: &'static str,
        /// The usage checked.
        usage: Usage,
    },
    /// It carries a bit or purpose of another usage.
    Conflict {
        /// The bit or purpose.
        carries: &'static str,
        /// The usage its extensions say, when it is another one.
        other: Option<Usage>,
        /// The usage checked.
        usage: Usage,
        /// Its extensions.
        exts: UsageExtensions,
    },
    /// It carries a CA bit.
    CaBit {
        /// `keyCertSign` or `cRLSign`.
        bit: &'static str,
    },
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "(none)".to_string()
    } else {
        v.join(", ")
    }
}

impl fmt::Display for UsageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageProblem::LacksKeyUsage { have, bit, usage } => write!(
                f,
                "keyUsage {} lacks {bit}, required for {} (is this a certificate for another usage?)",
                list_or_none(have),
                usage.profile().product
            ),
            UsageProblem::LacksExtKeyUsage { have, eku, usage } => write!(
                f,
                "extendedKeyUsage {} lacks {eku}, required for {}",
                list_or_none(have),
                usage.profile().product
            ),
            UsageProblem::Conflict {
                carries,
                other,
                usage,
                exts,
            } => {
                write!(f, "it carries {carries}: ")?;
                if let Some(o) = other {
                    write!(f, "that is an {} certificate, ", o.profile().product)?;
                }
                write!(
                    f,
                    "not an {} one ({})",
                    usage.profile().product,
                    exts.describe()
                )
            }
            UsageProblem::CaBit { bit } => {
                write!(f, "keyUsage carries {bit}: that is a CA certificate's")
            }
        }
    }
}

/// What IGC Santé does not issue but does not change the usage. `Display` is the English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageWarning {
    /// keyUsage is not critical.
    NotCritical,
    /// keyUsage bits beyond the profile.
    ExtraKeyUsage {
        /// The bits beyond the profile.
        extra: Vec<String>,
        /// The usage checked.
        usage: Usage,
        /// The profile's bits.
        profile: Vec<&'static str>,
    },
    /// extendedKeyUsage purposes beyond the profile.
    ExtraExtKeyUsage {
        /// The purposes beyond the profile.
        extra: Vec<String>,
        /// The usage checked.
        usage: Usage,
        /// The profile's purposes (may be empty).
        profile: Vec<&'static str>,
    },
}

impl fmt::Display for UsageWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageWarning::NotCritical => {
                f.write_str("keyUsage is not critical (IGC Santé marks it critical)")
            }
            UsageWarning::ExtraKeyUsage {
                extra,
                usage,
                profile,
            } => write!(
                f,
                "keyUsage also has {}: the {} profile is {}",
                extra.join(", "),
                usage.profile().product,
                profile.join(", ")
            ),
            UsageWarning::ExtraExtKeyUsage {
                extra,
                usage,
                profile,
            } => write!(
                f,
                "extendedKeyUsage also has {}: the {} profile is {}",
                extra.join(", "),
                usage.profile().product,
                if profile.is_empty() {
                    "none".to_string()
                } else {
                    profile.join(", ")
                }
            ),
        }
    }
}

/// How a leaf's keyUsage and extendedKeyUsage fit the profile of its usage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageFit {
    /// What makes it unfit for the usage (a required bit missing, another usage's bit, a CA bit).
    pub problems: Vec<UsageProblem>,
    /// What IGC Santé does not issue but does not change the usage (a bit the profile does not
    /// list, a keyUsage that is not critical).
    pub warnings: Vec<UsageWarning>,
}

impl UsageFit {
    /// Whether nothing makes it unfit.
    pub fn fits(&self) -> bool {
        self.problems.is_empty()
    }

    /// The first problem, if any (the one an import reports).
    pub fn first_problem(&self) -> Option<&UsageProblem> {
        self.problems.first()
    }
}

/// Checks a leaf's keyUsage and extendedKeyUsage against the ORG profile of `usage`
/// ([`ORG_PROFILES`]): every required bit and purpose present, no bit
/// of a conflicting usage (`conflicts`), no CA bit; keyUsage critical (RFC 5280 §4.2.1.3, and
/// IGC Santé marks it so), nothing beyond the profile (warnings).
pub fn check_usage(usage: Usage, x: &UsageExtensions) -> UsageFit {
    let p = usage.profile();
    let mut fit = UsageFit::default();
    let want_ku: Vec<&'static str> = p.key_usage.iter().map(|k| k.name()).collect();
    let want_eku: Vec<&'static str> = p.ext_key_usage.iter().map(|k| k.name()).collect();
    for bit in &want_ku {
        if !x.key_usage.iter().any(|k| k == bit) {
            fit.problems.push(UsageProblem::LacksKeyUsage {
                have: x.key_usage.clone(),
                bit,
                usage,
            });
        }
    }
    for eku in &want_eku {
        if !x.ext_key_usage.iter().any(|k| k == eku) {
            fit.problems.push(UsageProblem::LacksExtKeyUsage {
                have: x.ext_key_usage.clone(),
                eku,
                usage,
            });
        }
    }
    for c in p.conflicts {
        if x.has(c) {
            fit.problems.push(UsageProblem::Conflict {
                carries: c,
                other: usage_of(x).filter(|u| *u != usage),
                usage,
                exts: x.clone(),
            });
        }
    }
    for c in CA_BITS {
        if x.key_usage.iter().any(|k| k == c) {
            fit.problems.push(UsageProblem::CaBit { bit: c });
        }
    }
    if !x.key_usage.is_empty() && x.key_usage_critical == Some(false) {
        fit.warnings.push(UsageWarning::NotCritical);
    }
    let allowed: Vec<&str> = want_ku
        .iter()
        .copied()
        .chain(p.key_usage_allowed.iter().map(|k| k.name()))
        .chain(CA_BITS)
        .chain(p.conflicts.iter().copied())
        .collect();
    let extra_ku: Vec<String> = x
        .key_usage
        .iter()
        .filter(|k| !allowed.contains(&k.as_str()))
        .cloned()
        .collect();
    if !extra_ku.is_empty() {
        fit.warnings.push(UsageWarning::ExtraKeyUsage {
            extra: extra_ku,
            usage,
            profile: want_ku.clone(),
        });
    }
    let extra_eku: Vec<String> = x
        .ext_key_usage
        .iter()
        .filter(|k| !want_eku.contains(&k.as_str()) && !p.conflicts.contains(&k.as_str()))
        .cloned()
        .collect();
    if !extra_eku.is_empty() {
        fit.warnings.push(UsageWarning::ExtraExtKeyUsage {
            extra: extra_eku,
            usage,
            profile: want_eku,
        });
    }
    fit
}

/// Why a CN is not the service applicatif the procedure requires. `Display` is the English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceProblem {
    /// An INSi certificate (`INSI-AUTO`, `INSI-MANU`): not a DMP certificate.
    Insi {
        /// The CN.
        cn: String,
    },
    /// Another name (an application name) than the one the procedure requires.
    Other {
        /// The CN (empty when there is none).
        cn: String,
        /// The name the procedure requires.
        want: String,
        /// The usage.
        usage: Usage,
    },
}

impl fmt::Display for ServiceProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceProblem::Insi { cn } => write!(
                f,
                "the CN is {cn:?}: this is an INSi certificate (INSi requires INSI-AUTO or INSI-MANU), not a DMP certificate; keep it for the INSi client, the agent manages the DMP ORG certificates"
            ),
            ServiceProblem::Other { cn, want, usage } => write!(
                f,
                "the CN is {cn:?}, the procedure requires {want:?} (the service applicatif of {})",
                usage.profile().product
            ),
        }
    }
}

/// How a CN compares with the service applicatif the procedure requires for a usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceCheck {
    /// The CN is the mandatory name, or the usage has none (CONF).
    Mandatory,
    /// Another name (an application name): says which name the procedure requires.
    Other(ServiceProblem),
    /// An INSi certificate (`INSI-AUTO`, `INSI-MANU`): not a DMP certificate.
    Insi(ServiceProblem),
}

/// Compares `cn` with the service applicatif the DMP procedure requires for `usage`
/// (`DMP AUTHENTIFICATION`, `DMP SIGNATURE`); `expected` overrides it (a CONF service, or the name
/// a pending order was made with).
pub fn check_cn(usage: Usage, cn: Option<&str>, expected: Option<&str>) -> ServiceCheck {
    let cn_text = cn.unwrap_or("");
    if INSI_SERVICES.contains(&cn_text.trim()) {
        return ServiceCheck::Insi(ServiceProblem::Insi {
            cn: cn_text.to_string(),
        });
    }
    match expected.or(usage.profile().service) {
        Some(want) if cn != Some(want) => ServiceCheck::Other(ServiceProblem::Other {
            cn: cn_text.to_string(),
            want: want.to_string(),
            usage,
        }),
        _ => ServiceCheck::Mandatory,
    }
}

/// A validity that is not about 3 years. `Display` is the English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OddValidity {
    /// The validity's length in whole days.
    pub days: i64,
}

impl fmt::Display for OddValidity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "valid {} days, not about 3 years as IGC Santé ORG certificates are",
            self.days
        )
    }
}

/// A warning when a validity is not about 3 years (3 years + 1 month passes: some SIGN
/// certificates are issued so).
pub fn check_validity(
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Option<OddValidity> {
    let days = (not_after - not_before).whole_days();
    (!(ORG_VALIDITY_MIN_DAYS..=ORG_VALIDITY_MAX_DAYS).contains(&days))
        .then_some(OddValidity { days })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(ku: &[&str], critical: bool, eku: &[&str]) -> UsageExtensions {
        UsageExtensions {
            key_usage: ku.iter().map(|s| s.to_string()).collect(),
            key_usage_critical: (!ku.is_empty()).then_some(critical),
            ext_key_usage: eku.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn usage_from_the_extensions() {
        let auth = x(&["digitalSignature"], true, &["clientAuth"]);
        let sign = x(
            &["digitalSignature", "nonRepudiation"],
            true,
            &["emailProtection"],
        );
        let conf = x(&["keyEncipherment", "dataEncipherment"], true, &[]);
        assert_eq!(usage_of(&auth), Some(Usage::AuthCli));
        assert_eq!(usage_of(&sign), Some(Usage::Sign));
        assert_eq!(usage_of(&conf), Some(Usage::Conf));
        assert_eq!(usage_of(&x(&[], false, &[])), None);
        assert_eq!(usage_of(&x(&["digitalSignature"], true, &[])), None);
        for (u, e) in [
            (Usage::AuthCli, &auth),
            (Usage::Sign, &sign),
            (Usage::Conf, &conf),
        ] {
            let fit = check_usage(u, e);
            assert!(fit.fits() && fit.warnings.is_empty(), "{u}: {fit:?}");
        }
        // A SIGN certificate is not an AUTH_CLI one, and the reverse.
        let fit = check_usage(Usage::AuthCli, &sign);
        assert!(!fit.fits());
        assert!(fit
            .problems
            .iter()
            .any(|p| p.to_string().contains("lacks clientAuth")));
        assert!(
            fit.problems.iter().any(|p| p
                .to_string()
                .contains("nonRepudiation: that is an ORG SIGN certificate")),
            "{fit:?}"
        );
        assert!(!check_usage(Usage::Sign, &auth).fits());
        // clientAuth on a SIGN certificate is refused even with every SIGN bit.
        let both = x(
            &["digitalSignature", "nonRepudiation"],
            true,
            &["emailProtection", "clientAuth"],
        );
        assert_eq!(usage_of(&both), Some(Usage::Sign));
        assert!(!check_usage(Usage::Sign, &both).fits());
        // Not critical, or a bit beyond the profile: accepted with a warning.
        let fit = check_usage(
            Usage::AuthCli,
            &x(
                &["digitalSignature", "keyEncipherment"],
                false,
                &["clientAuth"],
            ),
        );
        assert!(fit.fits(), "{fit:?}");
        assert_eq!(fit.warnings.len(), 2, "{fit:?}");
    }

    #[test]
    fn service_names() {
        assert_eq!(
            check_cn(Usage::Sign, Some("DMP SIGNATURE"), None),
            ServiceCheck::Mandatory
        );
        match check_cn(Usage::Sign, Some("LOGICIEL OFFICINE"), None) {
            ServiceCheck::Other(m) => assert_eq!(
                m.to_string(),
                "the CN is \"LOGICIEL OFFICINE\", the procedure requires \"DMP SIGNATURE\" (the service applicatif of ORG SIGN)"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            check_cn(Usage::AuthCli, Some("INSI-AUTO"), None),
            ServiceCheck::Insi(_)
        ));
        assert_eq!(
            check_cn(Usage::Conf, Some("ANY NAME"), None),
            ServiceCheck::Mandatory
        );
    }

    #[test]
    fn three_years_and_a_month_pass() {
        let start = OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap(); // 2026-01-01
        let day = ::time::Duration::days(1);
        assert!(check_validity(start, start + day * 1095).is_none());
        // 2028 is a leap year: 3 years + 1 month from 2026-01-01 is 1127 days.
        assert!(check_validity(start, start + day * 1127).is_none());
        assert!(check_validity(start, start + day * 1128).is_some());
        assert!(check_validity(start, start + day * 365).is_some());
    }
}
