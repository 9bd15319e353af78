//! The ORG profile per usage: [`ORG_PROFILES`] (usage → product, service applicatif, keyUsage,
//! extendedKeyUsage), the subject's fields and the checks of the names typed for it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::departement::Departement;
use crate::ids::StructureId;

use super::CsrError;

/// Longest raison sociale (`O`) the agent writes: the X.520 upper bound for organizationName
/// (ub-organization-name, 64 characters), which IGC Santé subjects follow.
pub const MAX_RAISON_SOCIALE: usize = 64;
/// Longest service applicatif (`CN`): ub-common-name, 64 characters.
pub const MAX_SERVICE: usize = 64;

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
    pub fn parse_list(s: &str) -> Result<Vec<Usage>, CsrError> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let u: Usage = part.parse()?;
            if out.contains(&u) {
                return Err(CsrError::DuplicateUsage(u));
            }
            out.push(u);
        }
        if out.is_empty() {
            return Err(CsrError::UnknownUsage(s.to_string()));
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
    type Err = CsrError;

    fn from_str(s: &str) -> Result<Self, CsrError> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        match t.as_str() {
            "auth_cli" | "org_auth_cli" | "authcli" => Ok(Usage::AuthCli),
            "sign" | "org_sign" => Ok(Usage::Sign),
            "conf" | "org_conf" => Ok(Usage::Conf),
            _ => Err(CsrError::UnknownUsage(s.to_string())),
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
    /// that carries them does not fit this usage (see [`crate::certificate::profile`]).
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

/// Checks and normalizes a raison sociale: surrounding blanks removed, 1 to 64 characters, no
/// control character.
pub fn check_raison_sociale(name: &str) -> Result<String, CsrError> {
    let t = name.trim();
    if t.is_empty() {
        return Err(CsrError::EmptyName);
    }
    if t.chars().any(char::is_control) {
        return Err(CsrError::ControlCharacter {
            field: "raison sociale",
        });
    }
    let len = t.chars().count();
    if len > MAX_RAISON_SOCIALE {
        return Err(CsrError::NameTooLong {
            len,
            max: MAX_RAISON_SOCIALE,
        });
    }
    Ok(t.to_string())
}

/// Checks a service applicatif name given for CONF.
pub fn check_service(name: &str) -> Result<String, CsrError> {
    let t = name.trim();
    if t.is_empty() || t.chars().count() > MAX_SERVICE {
        return Err(CsrError::BadService(name.to_string()));
    }
    if t.chars().any(char::is_control) {
        return Err(CsrError::ControlCharacter {
            field: "service applicatif",
        });
    }
    Ok(t.to_string())
}

/// The subject of an ORG request, before the CN (which comes from the usage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSubject {
    /// The département (`ST`), if known.
    pub departement: Option<&'static Departement>,
    /// The raison sociale (`O`), checked by [`check_raison_sociale`].
    pub raison_sociale: String,
    /// The national structure id (`OU`).
    pub structure: StructureId,
    /// The service applicatif for CONF (`--conf-service`), if CONF is ordered.
    pub conf_service: Option<String>,
}

impl OrgSubject {
    /// The CN for a usage: the profile's service applicatif, or the CONF service.
    pub fn service(&self, usage: Usage) -> Result<String, CsrError> {
        match usage.profile().service {
            Some(s) => Ok(s.to_string()),
            None => self
                .conf_service
                .as_deref()
                .ok_or(CsrError::NoConfService)
                .and_then(check_service),
        }
    }

    /// The subject's attributes in order, as (short name, value).
    pub fn fields(&self, usage: Usage) -> Result<Vec<(&'static str, String)>, CsrError> {
        let mut v = vec![("C", "FR".to_string())];
        if let Some(d) = self.departement {
            v.push(("ST", d.state_name()));
        }
        v.push(("O", self.raison_sociale.clone()));
        v.push(("OU", self.structure.to_string()));
        v.push(("CN", self.service(usage)?));
        Ok(v)
    }

    /// The subject as one line, `C=FR, ST=…, O=…, OU=…, CN=…` (OpenSSL's `-nameopt` RFC 2253
    /// order reversed: the order of the DER).
    pub fn line(&self, usage: Usage) -> Result<String, CsrError> {
        Ok(self
            .fields(usage)?
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", "))
    }
}
