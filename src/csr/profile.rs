//! The ORG profile per usage: [`ORG_PROFILES`] (usage → product, service applicatif, keyUsage,
//! extendedKeyUsage), the subject's fields and the checks of the names typed for it.

use crate::departement::Departement;
use crate::ids::StructureId;

use super::CsrError;
use crate::profile::Usage;

/// Longest raison sociale (`O`) the agent writes: the X.520 upper bound for organizationName
/// (ub-organization-name, 64 characters), which IGC Santé subjects follow.
pub const MAX_RAISON_SOCIALE: usize = 64;
/// Longest service applicatif (`CN`): ub-common-name, 64 characters.
pub const MAX_SERVICE: usize = 64;

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
