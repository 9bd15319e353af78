//! The annuaire CPS: the CPS LDAP directory (section 5 of the procedure), where a practitioner's
//! activities (cabinets, sociétés, pharmacies) are listed with their national structure id.
//!
//! The query is the procedure's own:
//! `ldapsearch -H ldap://annuaire.gip-cps.fr:389 -b "o=TEST,c=fr" -s sub -a always "(cn=8<RPPS>)"
//! ou raisonSociale postalAddress sectActRPPS objectClass`: anonymous, scope sub, aliases always
//! dereferenced, the filter value escaped (RFC 4515). Each entry is one activity; its `ou` is the
//! national structure id (type digit + identifier: 3 SIRET, 4 RPPS rang, and 0/1/2 for ADELI
//! rang, FINESS, SIREN), decoded with [`crate::ids`] and run through the decision table
//! ([`crate::structure`]).
//!
//! The test branch (`o=TEST,c=fr`) holds identifiers that break the real rules; in that branch
//! test identifiers are accepted with a warning by default. An entry that cannot be decoded is
//! reported on its own ([`Activity::malformed`]); the others are still listed.

use crate::i18n::Localize;
use crate::tr;
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use ldap3::{DerefAliases, LdapConnAsync, LdapConnSettings, Scope, SearchEntry, SearchOptions};
use serde::Serialize;

use crate::config::{self, AnnuaireConfig, ConfigError};
use crate::ids::{ParseMode, Rpps, StructureId, StructureIdType};
use crate::structure::{self, Decision, Sector, StructureKind};

/// The CPS directory's URL (the procedure names `annuaire.gip-cps.fr`, formerly
/// `annuaire.asipsante.fr`).
pub const DEFAULT_URL: &str = "ldap://annuaire.gip-cps.fr:389";
/// Default connection timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Most entries read for one practitioner (one per activity: a few in practice).
pub const MAX_ENTRIES: usize = 200;
/// Most bytes of attribute values read for one practitioner, all entries together.
pub const MAX_TOTAL_BYTES: usize = 1 << 20;

/// Default search timeout.
pub const DEFAULT_SEARCH_TIMEOUT: Duration = Duration::from_secs(30);
/// The attributes asked for, as in the procedure.
pub const ATTRIBUTES: [&str; 5] = [
    "ou",
    "raisonSociale",
    "postalAddress",
    "sectActRPPS",
    "objectClass",
];

/// Which branch of the directory to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Branch {
    /// Test identities: `o=TEST,c=fr`.
    #[default]
    Test,
    /// Production identities: `o=GIP-CPS,c=fr`.
    Prod,
}

impl Branch {
    /// The search base.
    pub fn base(self) -> &'static str {
        match self {
            Branch::Test => "o=TEST,c=fr",
            Branch::Prod => "o=GIP-CPS,c=fr",
        }
    }

    /// Parses `test` or `prod` (configuration file).
    pub fn parse(s: &str) -> Option<Branch> {
        match s.trim().to_ascii_lowercase().as_str() {
            "test" => Some(Branch::Test),
            "prod" | "production" => Some(Branch::Prod),
            _ => None,
        }
    }
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Branch::Test => "test",
            Branch::Prod => "prod",
        })
    }
}

/// Why the directory could not answer.
#[derive(Debug, thiserror::Error)]
pub enum AnnuaireError {
    /// The URL is not an LDAP URL.
    #[error("invalid directory URL {url:?}: {message}; give an ldap:// or ldaps:// URL with --ldap-url or [annuaire] url")]
    BadUrl {
        /// The URL.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// The directory could not be reached.
    #[error("the CPS directory {url} cannot be reached: {message}. Check the network (port 389 open to the directory) or --ldap-url")]
    Unreachable {
        /// The URL.
        url: String,
        /// The system's message.
        message: String,
    },
    /// Connection timeout.
    #[error("the CPS directory {url} did not answer within {} (connection): check the network, or raise [annuaire] connect_timeout", humantime::format_duration(*timeout))]
    ConnectTimeout {
        /// The URL.
        url: String,
        /// The timeout.
        timeout: Duration,
    },
    /// Search timeout.
    #[error("the CPS directory {url} did not finish the search within {} : try again later, or raise [annuaire] search_timeout", humantime::format_duration(*timeout))]
    SearchTimeout {
        /// The URL.
        url: String,
        /// The timeout.
        timeout: Duration,
    },
    /// The directory answered with an LDAP error.
    #[error(
        "the CPS directory {url} refused the search under {base}: {message} (LDAP result {code})"
    )]
    Refused {
        /// The URL.
        url: String,
        /// The search base.
        base: String,
        /// LDAP result code.
        code: u32,
        /// Its text.
        message: String,
    },
    /// No entry for that practitioner.
    #[error("the CPS directory has no activity for RPPS {rpps} under {base} ({url}): check the RPPS, and the branch (--branch test for test cards, --branch prod for real ones)")]
    NoEntry {
        /// The RPPS searched.
        rpps: String,
        /// The search base.
        base: String,
        /// The URL.
        url: String,
    },
    /// The answer is larger than the agent reads from the directory.
    #[error("the CPS directory {url} answered more than the agent reads for one practitioner ({what}; limits in docs/security.md): is this the CPS directory?")]
    TooLarge {
        /// The URL.
        url: String,
        /// Which limit.
        what: String,
    },
    /// The configuration's `[annuaire]` section is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The I/O runtime could not start.
    #[error("cannot start the network runtime: {0}")]
    Runtime(String),
}

impl Localize for AnnuaireError {
    fn localize(&self) -> String {
        use crate::i18n::duration;
        match self {
            AnnuaireError::BadUrl { url, message } => tr!(
                "err-ldap-bad-url",
                url = crate::i18n::quote(url),
                reason = message
            ),
            AnnuaireError::Unreachable { url, message } => {
                tr!("err-ldap-unreachable", url = url, reason = message)
            }
            AnnuaireError::ConnectTimeout { url, timeout } => {
                tr!(
                    "err-ldap-connect-timeout",
                    url = url,
                    timeout = duration(*timeout)
                )
            }
            AnnuaireError::SearchTimeout { url, timeout } => {
                tr!(
                    "err-ldap-search-timeout",
                    url = url,
                    timeout = duration(*timeout)
                )
            }
            AnnuaireError::Refused {
                url,
                base,
                code,
                message,
            } => tr!(
                "err-ldap-refused",
                url = url,
                base = base,
                code = code.to_string(),
                reason = message
            ),
            AnnuaireError::NoEntry { rpps, base, url } => {
                tr!("err-ldap-no-entry", rpps = rpps, base = base, url = url)
            }
            AnnuaireError::TooLarge { url, what } => {
                tr!("err-ldap-too-large", url = url, what = what)
            }
            AnnuaireError::Config(e) => e.localize(),
            AnnuaireError::Runtime(m) => tr!("err-runtime", reason = m),
        }
    }
}

/// How to reach the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// LDAP URL.
    pub url: String,
    /// Branch (search base).
    pub branch: Branch,
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// Search timeout.
    pub search_timeout: Duration,
    /// How identifiers in the entries are checked.
    pub mode: ParseMode,
}

impl Settings {
    /// Settings from the `[annuaire]` section, with the built-in defaults. In the test branch,
    /// test identifiers are accepted unless `allow_test_ids = false`.
    pub fn from_config(cfg: &AnnuaireConfig) -> Result<Settings, AnnuaireError> {
        let branch = match cfg.branch.as_deref() {
            None => Branch::Test,
            Some(b) => Branch::parse(b).ok_or_else(|| ConfigError::Value {
                key: "annuaire.branch",
                message: format!("{b:?}: expected \"test\" or \"prod\""),
            })?,
        };
        let connect_timeout = match cfg.connect_timeout.as_deref() {
            Some(v) => config::parse_duration("annuaire.connect_timeout", v)?,
            None => DEFAULT_CONNECT_TIMEOUT,
        };
        let search_timeout = match cfg.search_timeout.as_deref() {
            Some(v) => config::parse_duration("annuaire.search_timeout", v)?,
            None => DEFAULT_SEARCH_TIMEOUT,
        };
        let mut s = Settings {
            url: cfg.url.clone().unwrap_or_else(|| DEFAULT_URL.to_string()),
            branch,
            connect_timeout,
            search_timeout,
            mode: ParseMode::Strict,
        };
        s.set_mode(cfg.allow_test_ids);
        Ok(s)
    }

    /// Sets the identifier mode: explicit choice, else test ids allowed in the test branch only.
    pub fn set_mode(&mut self, allow_test_ids: Option<bool>) {
        self.mode =
            ParseMode::allow_test_ids(allow_test_ids.unwrap_or(self.branch == Branch::Test));
    }
}

/// The search filter for a practitioner: `(cn=8<RPPS>)`, value escaped.
pub fn filter_for(rpps: &Rpps) -> String {
    format!("(cn={})", ldap3::ldap_escape(format!("8{rpps}")))
}

/// One entry as the directory returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// Its DN.
    pub dn: String,
    /// Attributes, names lower-cased.
    pub attrs: HashMap<String, Vec<String>>,
}

impl RawEntry {
    /// Builds an entry from attribute pairs (names are matched case-insensitively).
    pub fn new(dn: &str, attrs: impl IntoIterator<Item = (String, Vec<String>)>) -> RawEntry {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in attrs {
            map.entry(k.to_ascii_lowercase()).or_default().extend(v);
        }
        RawEntry {
            dn: dn.to_string(),
            attrs: map,
        }
    }

    fn values(&self, name: &str) -> &[String] {
        self.attrs
            .get(&name.to_ascii_lowercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn first(&self, name: &str) -> Option<&str> {
        self.values(name)
            .iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
    }
}

/// Searches the directory for a practitioner's activities (blocking; runs its own small I/O
/// runtime, so do not call it from inside an async runtime).
pub fn search(settings: &Settings, rpps: &Rpps) -> Result<Vec<RawEntry>, AnnuaireError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| AnnuaireError::Runtime(e.to_string()))?;
    let entries = rt.block_on(search_async(settings, rpps))?;
    if entries.is_empty() {
        return Err(AnnuaireError::NoEntry {
            rpps: rpps.to_string(),
            base: settings.branch.base().to_string(),
            url: settings.url.clone(),
        });
    }
    Ok(entries)
}

async fn search_async(settings: &Settings, rpps: &Rpps) -> Result<Vec<RawEntry>, AnnuaireError> {
    let url = settings.url.clone();
    let scheme_ok = url
        .split_once("://")
        .is_some_and(|(scheme, rest)| matches!(scheme, "ldap" | "ldaps") && !rest.is_empty());
    if !scheme_ok {
        return Err(AnnuaireError::BadUrl {
            url,
            message: "expected ldap://HOST[:PORT] or ldaps://HOST[:PORT]".to_string(),
        });
    }
    let ldap_settings = LdapConnSettings::new().set_conn_timeout(settings.connect_timeout);
    let connect = LdapConnAsync::with_settings(ldap_settings, &url);
    let (conn, mut ldap) = match tokio::time::timeout(settings.connect_timeout, connect).await {
        Err(_) => {
            return Err(AnnuaireError::ConnectTimeout {
                url,
                timeout: settings.connect_timeout,
            })
        }
        Ok(Err(ldap3::LdapError::Timeout { .. })) => {
            return Err(AnnuaireError::ConnectTimeout {
                url,
                timeout: settings.connect_timeout,
            })
        }
        Ok(Err(e @ (ldap3::LdapError::UrlParsing { .. } | ldap3::LdapError::UnknownScheme(_)))) => {
            return Err(AnnuaireError::BadUrl {
                url,
                message: e.to_string(),
            })
        }
        Ok(Err(e)) => {
            return Err(AnnuaireError::Unreachable {
                url,
                message: e.to_string(),
            })
        }
        Ok(Ok(c)) => c,
    };
    ldap3::drive!(conn);
    let base = settings.branch.base();
    let filter = filter_for(rpps);
    let secs = i32::try_from(settings.search_timeout.as_secs().max(1)).unwrap_or(i32::MAX);
    // Streamed: entries are decoded one by one as they come, and the search is abandoned as soon
    // as a cap is passed, whatever the server sends after.
    let streamed = async {
        let mut stream = ldap
            .with_search_options(
                SearchOptions::new()
                    .deref(DerefAliases::Always)
                    .timelimit(secs)
                    .sizelimit(MAX_ENTRIES as i32),
            )
            .with_timeout(settings.search_timeout)
            .streaming_search(base, Scope::Subtree, &filter, ATTRIBUTES.to_vec())
            .await?;
        let mut caps = Caps::default();
        let mut too_large = None;
        while let Some(re) = stream.next().await? {
            if re.is_ref() || re.is_intermediate() {
                continue;
            }
            if let Err(what) = caps.add(re) {
                too_large = Some(what);
                break;
            }
        }
        if let Some(what) = too_large {
            let msgid = stream.ldap_handle().last_id();
            let _ = stream.finish().await;
            let _ = stream.ldap_handle().abandon(msgid).await;
            return Ok(Streamed::TooLarge(what));
        }
        let res = stream.finish().await;
        Ok::<_, ldap3::LdapError>(Streamed::Done(caps.entries, res))
    };
    let result = match tokio::time::timeout(settings.search_timeout, streamed).await {
        Err(_) | Ok(Err(ldap3::LdapError::Timeout { .. })) => {
            return Err(AnnuaireError::SearchTimeout {
                url,
                timeout: settings.search_timeout,
            })
        }
        Ok(Err(e)) => {
            return Err(AnnuaireError::Unreachable {
                url,
                message: e.to_string(),
            })
        }
        Ok(Ok(r)) => r,
    };
    let (entries, res) = match result {
        Streamed::TooLarge(what) => {
            let _ = ldap.unbind().await;
            return Err(AnnuaireError::TooLarge { url, what });
        }
        Streamed::Done(entries, res) => (entries, res),
    };
    // 32 noSuchObject: the base is not there, so nothing for this practitioner in that branch.
    if res.rc == 32 {
        return Ok(Vec::new());
    }
    // 4 sizeLimitExceeded: more entries than MAX_ENTRIES (RFC 4511 §4.5.1.5).
    if res.rc == 4 {
        return Err(AnnuaireError::TooLarge {
            url,
            what: Caps::too_many(),
        });
    }
    if res.rc == 3 {
        return Err(AnnuaireError::SearchTimeout {
            url,
            timeout: settings.search_timeout,
        });
    }
    if res.rc != 0 {
        return Err(AnnuaireError::Refused {
            url,
            base: base.to_string(),
            code: res.rc,
            message: if res.text.is_empty() {
                "no message".to_string()
            } else {
                res.text
            },
        });
    }
    let _ = ldap.unbind().await;
    Ok(entries)
}

/// How a streamed search ended.
enum Streamed {
    /// The server's final result, with the entries read.
    Done(Vec<RawEntry>, ldap3::LdapResult),
    /// A cap was passed (which one): the search was abandoned.
    TooLarge(String),
}

/// The entries of a search as they come, within [`MAX_ENTRIES`] and [`MAX_TOTAL_BYTES`].
#[derive(Default)]
struct Caps {
    entries: Vec<RawEntry>,
    total: usize,
}

impl Caps {
    fn too_many() -> String {
        format!("more than {MAX_ENTRIES} entries")
    }

    /// Decodes one entry and counts it; `Err` (naming the cap) once a cap is passed.
    fn add(&mut self, re: ldap3::ResultEntry) -> Result<(), String> {
        if self.entries.len() >= MAX_ENTRIES {
            return Err(Self::too_many());
        }
        let n = self.entries.len() + 1;
        // SearchEntry::construct panics on undecodable BER: keep that to this one entry.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| SearchEntry::construct(re)))
        {
            Ok(se) => {
                self.total += se.dn.len()
                    + se.attrs
                        .iter()
                        .map(|(k, v)| k.len() + v.iter().map(String::len).sum::<usize>())
                        .sum::<usize>();
                if self.total > MAX_TOTAL_BYTES {
                    return Err(format!(
                        "more than {} KiB of values",
                        MAX_TOTAL_BYTES / 1024
                    ));
                }
                self.entries.push(RawEntry::new(&se.dn, se.attrs))
            }
            Err(_) => self.entries.push(RawEntry::new(
                &format!("(entry {n} could not be decoded)"),
                Vec::new(),
            )),
        }
        Ok(())
    }
}

/// Decodes an LDAP `postalAddress` (lines separated by `$`, RFC 4517) into one line.
pub fn postal_address_line(v: &str) -> String {
    v.split('$')
        .map(|l| {
            l.replace("\\24", "$")
                .replace("\\5C", "\\")
                .replace("\\5c", "\\")
        })
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One activity of the practitioner: a directory entry decoded and run through the decision
/// table. Serialized as the objects of `agent lookup --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    /// The `ou` as the directory gives it (national structure id).
    pub ou: Option<String>,
    /// `FINESS`, `SIREN`, `SIRET`, `RPPS_RANG`, `ADELI_RANG`, or null when `ou` is unreadable.
    pub identifier_type: Option<&'static str>,
    /// The identifier without its type digit.
    pub identifier: Option<String>,
    /// `raisonSociale`.
    pub raison_sociale: Option<String>,
    /// `postalAddress` on one line.
    pub postal_address: Option<String>,
    /// `sectActRPPS`.
    pub sector: Option<String>,
    /// The kind (decision table), or `malformed` when the entry cannot be decoded.
    pub kind: &'static str,
    /// Whether this procedure applies.
    pub eligible: bool,
    /// The document to follow instead (null when this procedure applies).
    pub procedure: Option<&'static str>,
    /// Test identifiers accepted, mismatches, missing attributes, decoding errors.
    pub warnings: Vec<String>,
    /// The entry's DN.
    #[serde(skip)]
    pub dn: String,
    /// The decoded structure id.
    #[serde(skip)]
    pub structure_id: Option<StructureId>,
    /// The decision (absent for malformed entries).
    #[serde(skip)]
    pub decision: Option<Decision>,
}

impl Activity {
    /// Whether the entry could not be decoded (no usable `ou`).
    pub fn malformed(&self) -> bool {
        self.decision.is_none()
    }

    /// The kind, when decoded.
    pub fn structure_kind(&self) -> Option<StructureKind> {
        self.decision.as_ref().map(|d| d.kind)
    }
}

/// The `kind` string of [`Activity`] for entries that cannot be decoded.
pub const KIND_MALFORMED: &str = "malformed";

fn kind_code(k: StructureKind) -> &'static str {
    match k {
        StructureKind::Pharmacy => "pharmacy",
        StructureKind::SocieteExercice => "societe_exercice",
        StructureKind::CabinetIndividuel => "cabinet_individuel",
        StructureKind::GroupeScm => "groupe_scm",
        StructureKind::Cabinet => "cabinet",
        StructureKind::Lbm => "lbm",
        StructureKind::Gie => "gie",
        StructureKind::Gcs => "gcs",
        StructureKind::Other => "other",
    }
}

/// Decodes one entry: its `ou` (with `mode` for test identifiers) and the decision table.
pub fn decode(entry: &RawEntry, mode: ParseMode) -> Activity {
    let mut warnings = Vec::new();
    let ous: Vec<&str> = entry
        .values("ou")
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if ous.len() > 1 {
        warnings.push(format!(
            "several ou values ({}): the first is used",
            ous.join(", ")
        ));
    }
    let ou = ous.first().map(|s| s.to_string());
    let raison_sociale = entry.first("raisonSociale").map(str::to_string);
    let postal_address = entry.first("postalAddress").map(postal_address_line);
    let sector = entry.first("sectActRPPS").map(Sector::new);
    let mut activity = Activity {
        ou: ou.clone(),
        identifier_type: None,
        identifier: None,
        raison_sociale,
        postal_address,
        sector: sector.as_ref().map(|s| s.code().to_string()),
        kind: KIND_MALFORMED,
        eligible: false,
        procedure: None,
        warnings: Vec::new(),
        dn: entry.dn.clone(),
        structure_id: None,
        decision: None,
    };
    let Some(ou) = ou else {
        warnings.push(format!(
            "entry {:?} has no ou (national structure id): it cannot be used",
            entry.dn
        ));
        activity.warnings = warnings;
        return activity;
    };
    let parsed = match StructureId::parse_with(&ou, mode) {
        Ok(p) => p,
        Err(e) => {
            // Name the type when the type digit is known, so the administrator knows what it was.
            if let Some(t) = ou.chars().next().and_then(StructureIdType::from_digit) {
                activity.identifier_type = Some(t.code());
                activity.identifier = Some(ou[1..].to_string());
            }
            warnings.push(format!("entry {:?}: {e}", entry.dn));
            if mode == ParseMode::Strict
                && StructureId::parse_with(&ou, ParseMode::AllowTestIds).is_ok()
            {
                warnings.push(
                    "if this is test data, --allow-test-ids accepts it (with a warning)"
                        .to_string(),
                );
            }
            activity.warnings = warnings;
            return activity;
        }
    };
    if let Some(w) = parsed.warning {
        warnings.push(w.to_string());
    }
    let id = parsed.value;
    if activity.raison_sociale.is_none() {
        warnings.push("no raisonSociale: field a of form 413 must be filled by hand".to_string());
    }
    let decision = structure::decide(Some(&id), sector.as_ref(), false);
    warnings.extend(decision.warnings.iter().cloned());
    activity.identifier_type = Some(id.kind().code());
    activity.identifier = Some(id.identifier().to_string());
    activity.kind = kind_code(decision.kind);
    activity.eligible = decision.eligible;
    activity.procedure = decision.procedure;
    activity.warnings = warnings;
    activity.structure_id = Some(id);
    activity.decision = Some(decision);
    activity
}

/// Searches and decodes: the practitioner's activities, in the directory's order.
pub fn lookup(settings: &Settings, rpps: &Rpps) -> Result<Vec<Activity>, AnnuaireError> {
    Ok(search(settings, rpps)?
        .iter()
        .map(|e| decode(e, settings.mode))
        .collect())
}

/// The raisons sociales that several activities share (one name, several sites: the address
/// tells them apart), sorted, each with how many carry it.
pub fn shared_names(activities: &[Activity]) -> Vec<(&str, usize)> {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for a in activities {
        if let Some(n) = a.raison_sociale.as_deref() {
            *by_name.entry(n).or_default() += 1;
        }
    }
    let mut shared: Vec<(&str, usize)> = by_name.into_iter().filter(|(_, n)| *n > 1).collect();
    shared.sort();
    shared
}

/// How many activities order with their RPPS rang (the identifier the directory gives matches).
pub fn rpps_rang_orders(activities: &[Activity]) -> usize {
    activities
        .iter()
        .filter(|a| {
            a.decision.as_ref().is_some_and(|d| {
                d.identifier_matches && d.order_identifier == Some(StructureIdType::RppsRang)
            })
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ou: &str, rs: &str, sector: &str) -> RawEntry {
        RawEntry::new(
            "cn=x",
            [
                ("ou".to_string(), vec![ou.to_string()]),
                ("RAISONSOCIALE".to_string(), vec![rs.to_string()]),
                ("sectActRPPS".to_string(), vec![sector.to_string()]),
            ],
        )
    }

    #[test]
    fn filter_is_escaped() {
        let r: Rpps = "99700270616".parse().unwrap();
        assert_eq!(filter_for(&r), "(cn=899700270616)");
        assert_eq!(ldap3::ldap_escape("8*)(cn=*"), "8\\2a\\29\\28cn=\\2a");
    }

    #[test]
    fn decode_procedure_example() {
        let a = decode(
            &entry("39999999800514", "SOCIETE MAXI", "SA09"),
            ParseMode::AllowTestIds,
        );
        assert_eq!(a.identifier_type, Some("SIRET"));
        assert_eq!(a.identifier.as_deref(), Some("9999999800514"));
        assert_eq!(a.kind, "societe_exercice");
        assert!(a.eligible);
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
        let a = decode(
            &entry("39999999800514", "SOCIETE MAXI", "SA09"),
            ParseMode::Strict,
        );
        assert!(a.malformed());
        assert_eq!(a.identifier_type, Some("SIRET"));
    }

    #[test]
    fn postal_address() {
        assert_eq!(
            postal_address_line("CG MAXI$8 RUE NOIR$ "),
            "CG MAXI, 8 RUE NOIR"
        );
    }
}
