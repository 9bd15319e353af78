//! `agent status`: what is installed in the store, and how long it has left.
//!
//! The store is the truth: every run reads the live files of every slot (`cert.pem`, `chain.pem`,
//! `privkey.pem` or `key.uri`) and the pending orders; nothing is cached between runs, so the
//! report cannot drift from what the DMP software actually reads. `meta.json` is not used for
//! dates: the certificate is.
//!
//! One [`Entry`] per structure and usage, in one of six [`State`]s:
//!
//! | state | meaning |
//! |---|---|
//! | `ok` | installed, valid, key matches, expires after the window |
//! | `expiring` | installed and valid, expires within the window |
//! | `expired` | installed, its notAfter has passed |
//! | `invalid` | installed but unusable: a file unreadable or malformed, the key does not match the certificate, the chain does not verify, the certificate is for another structure, or not valid yet |
//! | `missing` | nothing installed and nothing ordered for a usage that the structure needs: AUTH_CLI and SIGN go together for the DMP, so when one of them is installed (or ordered) the other is expected |
//! | `pending` | a pending order (`agent csr`) lists the usage and its key is not the live one: ordered, not issued or not imported yet. A renewal in progress shows as a `pending` row next to the live certificate's row |
//!
//! Chain check ([`ChainCheck`]): with trust anchors configured, the full path up to an anchor is
//! verified with [`chain::verify`] (signatures, dates, constraints, extended key usage); without
//! anchors only the first link is checked (the first certificate of `chain.pem` signed
//! `cert.pem`), and the row says so (`issuer`), or `unchecked` when `chain.pem` holds nothing.
//!
//! Work is spread over a few threads, one structure at a time; each certificate is parsed once.

use crate::i18n::Localize;
use crate::tr;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use ::time::{Duration, OffsetDateTime};
use serde::{Serialize, Serializer};
use x509_parser::prelude::*;

use crate::certificate::chain::{self, AnchorInfo, RequiredEku, TrustAnchors};
use crate::csr::Usage;
use crate::ids::{ParseMode, StructureId};
use crate::pending::PendingOrder;
use crate::profile;
use crate::store::files;

mod checks;
mod detail;
mod read;
mod render;
mod scan;

pub use detail::Detail;
use render::rfc3339;
pub use render::{render_json, render_prometheus, render_table_text, TableText};
pub use scan::scan;

/// The default expiry window: 60 days.
pub const DEFAULT_WINDOW: Duration = Duration::days(60);

/// The default renewal window (`[renew] within`): 60 days.
pub const DEFAULT_RENEW_WINDOW: Duration = Duration::days(60);

/// The configured renewal window (`[renew] within`, [`DEFAULT_RENEW_WINDOW`] by default): what
/// `agent renew` uses without `--within`, and what `renew_after` in `agent status` and in alerts
/// is computed from.
pub fn configured_window(
    config: &crate::config::Config,
) -> Result<Duration, crate::config::ConfigError> {
    match config.renew.within.as_deref() {
        None => Ok(DEFAULT_RENEW_WINDOW),
        Some(w) => {
            let d = crate::config::parse_duration("renew.within", w)?;
            Duration::try_from(d).map_err(|e| crate::config::ConfigError::Value {
                key: "renew.within",
                message: format!("{w:?}: {e}"),
            })
        }
    }
}

/// What is left of `not_before..not_after` at `now`, in percent, clamped to 0..=100 and rounded to
/// two decimals.
pub fn percent_left(
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    now: OffsetDateTime,
) -> f64 {
    let total = (not_after - not_before).whole_seconds();
    if total <= 0 {
        return if now < not_after { 100.0 } else { 0.0 };
    }
    let left = (not_after - now).whole_seconds().clamp(0, total);
    (left as f64 * 10_000.0 / total as f64).round() / 100.0
}

/// Why `agent status` could not check.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// The store directory cannot be listed.
    #[error("cannot read the store {}: {source}; check --home (AGENT_HOME) and that this user may read it", path.display())]
    StoreUnreadable {
        /// The directory.
        path: PathBuf,
        /// The system error.
        source: io::Error,
    },
    /// Nothing installed and nothing ordered.
    #[error("nothing is installed or ordered in {}: nothing to check (is --home right? run `agent csr` and `agent import` first)", home.display())]
    NothingToCheck {
        /// The agent home.
        home: PathBuf,
    },
    /// A `--structure` has nothing in this home.
    #[error("structure {structure}: nothing is installed or ordered for it in {}; check the identifier and --home", home.display())]
    UnknownStructure {
        /// The structure asked for.
        structure: String,
        /// The agent home.
        home: PathBuf,
    },
    /// A `--structure` value that cannot be a directory name.
    #[error("{0:?} is not a national structure id")]
    BadStructure(String),
    /// A bad window.
    #[error("invalid expiry window {value:?}: {reason} (use a duration such as 30d, 8w or 1440h)")]
    BadWindow {
        /// The value.
        value: String,
        /// Why.
        reason: String,
    },
}

impl Localize for StatusError {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        match self {
            StatusError::StoreUnreadable { path, source } => {
                tr!(
                    "err-store-unreadable",
                    path = path,
                    reason = source.to_string()
                )
            }
            StatusError::NothingToCheck { home } => tr!("err-nothing-to-check", home = home),
            StatusError::UnknownStructure { structure, home } => {
                tr!("err-unknown-structure", structure = structure, home = home)
            }
            StatusError::BadStructure(s) => tr!("err-bad-structure", value = quote(s)),
            StatusError::BadWindow { value, reason } => {
                tr!("err-bad-window", value = quote(value), reason = reason)
            }
        }
    }
}

/// The state of one structure and usage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Valid, expires after the window.
    Ok,
    /// Valid, expires within the window.
    Expiring,
    /// Past its notAfter.
    Expired,
    /// Unusable (file, key, chain, structure or dates).
    Invalid,
    /// Needed but neither installed nor ordered.
    Missing,
    /// Ordered, not installed yet.
    Pending,
}

impl State {
    /// Every state, in report order.
    pub const ALL: [State; 6] = [
        State::Ok,
        State::Expiring,
        State::Expired,
        State::Invalid,
        State::Missing,
        State::Pending,
    ];

    /// The name used in JSON, tables and metrics.
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Expiring => "expiring",
            State::Expired => "expired",
            State::Invalid => "invalid",
            State::Missing => "missing",
            State::Pending => "pending",
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How far the chain was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChainCheck {
    /// Verified up to a configured trust anchor.
    Verified,
    /// No anchors configured: the first certificate of `chain.pem` signed `cert.pem`.
    Issuer,
    /// No anchors configured and `chain.pem` holds no certificate.
    Unchecked,
    /// The check failed (the row is `invalid`).
    Failed,
}

/// Where the key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    /// `privkey.pem` (checked against the certificate).
    Software,
    /// `key.uri`: a key on a PKCS#11 token (not checked: the token is not opened).
    Pkcs11,
}

/// One row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// National structure id (the store directory; the certificate's OU).
    pub structure: StructureId,
    /// Raison sociale (the certificate's O, or the order's).
    pub raison_sociale: Option<String>,
    /// `AUTH_CLI`, `SIGN` or `CONF`.
    #[serde(serialize_with = "usage_upper")]
    pub usage: Usage,
    /// The certificate's CN (the service applicatif; the requested one for `pending`).
    pub cn: Option<String>,
    /// Serial number, upper-case hex.
    pub serial: Option<String>,
    /// Start of validity.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_before: Option<OffsetDateTime>,
    /// End of validity.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Whole days until notAfter, rounded down (negative once expired).
    pub days_left: Option<i64>,
    /// The state.
    pub state: State,
    /// The live path (`<store>/<structure>/<usage>/live`); for `pending`, the order's directory;
    /// for `missing`, where the live path will be.
    pub path: PathBuf,
    /// How far the chain was checked (installed rows).
    pub chain: Option<ChainCheck>,
    /// The trust anchor the chain was verified up to (`chain` = `verified`).
    pub anchor: Option<AnchorInfo>,
    /// Where the key lives (installed rows).
    pub key: Option<KeyKind>,
    /// Why the row is `invalid`, `missing` or `pending`; for an installed row whose install
    /// targets failed, that failure. English, identical in every language: the English text of
    /// [`Entry::details`], joined by `; `.
    pub detail: Option<String>,
    /// The same reasons, typed (they localize themselves in the language of the run).
    #[serde(skip)]
    pub details: Vec<Detail>,
    /// Install targets (NSS database, export directory) the last install of this row could not
    /// write: the DMP software may read an older certificate than the store's. Not empty makes
    /// the exit code at least 1 (warning) until a run writes them.
    pub target_errors: Vec<String>,
    /// When renewal is due: notAfter minus the renewal window (`[renew] within`, 60 days by
    /// default); rows with a readable certificate.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub renew_after: Option<OffsetDateTime>,
    /// What is left of the validity period, in percent (0 once expired, 100 before notBefore),
    /// rounded to two decimals; rows with a readable certificate.
    pub percent_left: Option<f64>,
    /// A file could not be read or parsed (counts as a read error in the metrics).
    #[serde(skip)]
    pub read_error: bool,
    #[serde(skip)]
    spki: Option<Vec<u8>>,
}

impl Entry {
    /// The reasons of the row on one line (its `detail`), in the language of the run.
    pub fn localized_detail(&self) -> Option<String> {
        if self.details.is_empty() {
            return self.detail.clone();
        }
        Some(crate::i18n::join(self.details.iter().map(|d| d.localize())))
    }
}

impl Entry {
    /// Sets the reasons of the row, and its `detail` text from them.
    pub fn set_details(&mut self, details: Vec<Detail>) {
        self.detail = detail::join(&details);
        self.details = details;
    }

    /// The row with these reasons ([`Entry::set_details`]).
    pub fn with_details(mut self, details: Vec<Detail>) -> Entry {
        self.set_details(details);
        self
    }

    /// A row with only its structure, usage, state and path (every other field empty).
    pub fn new(structure: &StructureId, usage: Usage, state: State, path: PathBuf) -> Entry {
        Entry {
            structure: structure.clone(),
            raison_sociale: None,
            usage,
            cn: None,
            serial: None,
            not_before: None,
            not_after: None,
            days_left: None,
            state,
            path,
            chain: None,
            anchor: None,
            key: None,
            detail: None,
            details: Vec::new(),
            target_errors: Vec::new(),
            renew_after: None,
            percent_left: None,
            read_error: false,
            spki: None,
        }
    }
}

fn usage_upper<S: Serializer>(u: &Usage, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(usage_label(*u))
}

/// `AUTH_CLI`, `SIGN`, `CONF`.
pub fn usage_label(u: Usage) -> &'static str {
    match u {
        Usage::AuthCli => "AUTH_CLI",
        Usage::Sign => "SIGN",
        Usage::Conf => "CONF",
    }
}

/// What to check and how.
#[derive(Debug, Clone)]
pub struct StatusOptions<'a> {
    /// The time of the check.
    pub now: OffsetDateTime,
    /// The expiry window.
    pub window: Duration,
    /// Trust anchors; `None` checks only the first link of the chain.
    pub anchors: Option<&'a TrustAnchors>,
    /// Only these structures (empty: all).
    pub structures: Vec<String>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// The renewal window (`[renew] within`), for each row's `renew_after`.
    pub renew_window: Duration,
}

/// The result of a scan.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every row, by structure, then usage, installed before pending.
    pub entries: Vec<Entry>,
    /// Problems that are no row (a damaged pending order).
    pub warnings: Vec<String>,
    /// Pending orders that could not be read.
    pub order_errors: usize,
}

impl Report {
    /// Rows with a read error plus unreadable orders.
    pub fn read_errors(&self) -> usize {
        self.entries.iter().filter(|e| e.read_error).count() + self.order_errors
    }
}

/// Parses an expiry window (humantime: `30d`, `8w`, `1440h`).
pub fn parse_window(value: &str) -> Result<Duration, StatusError> {
    let d = humantime::parse_duration(value.trim()).map_err(|e| StatusError::BadWindow {
        value: value.to_string(),
        reason: e.to_string(),
    })?;
    Duration::try_from(d).map_err(|e| StatusError::BadWindow {
        value: value.to_string(),
        reason: e.to_string(),
    })
}

/// Floor of whole days from `now` to `t`.
pub fn days_until(t: OffsetDateTime, now: OffsetDateTime) -> i64 {
    (t.unix_timestamp() - now.unix_timestamp()).div_euclid(86_400)
}

/// Keeps the rows that need attention within the window: `expiring`, `expired`, and `invalid`
/// (a broken certificate is always shown).
pub fn only_expiring(entries: Vec<Entry>) -> Vec<Entry> {
    entries
        .into_iter()
        .filter(|e| matches!(e.state, State::Expiring | State::Expired | State::Invalid))
        .collect()
}

/// How many rows are in each state.
pub fn counts(entries: &[Entry]) -> BTreeMap<State, usize> {
    let mut m = BTreeMap::new();
    for e in entries {
        *m.entry(e.state).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::read::{key_matches, pem_blocks, pkcs8_public};
    use super::render::escape_label;
    use super::*;

    #[test]
    fn days_round_down() {
        let now = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        assert_eq!(days_until(now + Duration::hours(47), now), 1);
        assert_eq!(days_until(now + Duration::hours(48), now), 2);
        assert_eq!(days_until(now - Duration::hours(1), now), -1);
        assert_eq!(days_until(now, now), 0);
    }

    #[test]
    fn label_escaping() {
        assert_eq!(escape_label(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape_label("x\ny"), "x\\ny");
        assert_eq!(escape_label("L'ÉGLISE"), "L'ÉGLISE");
    }

    #[test]
    fn pem_blocks_like_the_pem_crate() {
        let a = crate::certificate::cert_pem(b"\x30\x03\x02\x01\x01");
        let b = crate::certificate::cert_pem(&[7u8; 300]);
        let text =
            format!("junk\n{a}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{b}");
        let got = pem_blocks(text.as_bytes(), "CERTIFICATE").unwrap();
        let want: Vec<Vec<u8>> = ::pem::parse_many(text.as_bytes())
            .unwrap()
            .into_iter()
            .filter(|p| p.tag() == "CERTIFICATE")
            .map(|p| p.into_contents())
            .collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 2);
        assert_eq!(
            pem_blocks(text.as_bytes(), "PRIVATE KEY").unwrap(),
            vec![vec![0u8; 3]]
        );
        assert!(pem_blocks(
            b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
            "CERTIFICATE"
        )
        .is_err());
        assert!(pem_blocks(b"-----BEGIN CERTIFICATE-----\nAAAA\n", "CERTIFICATE").is_err());
        assert!(pem_blocks(b"nothing", "CERTIFICATE").unwrap().is_empty());
        // CRLF line ends and blanks inside a line (hand edits) are accepted.
        let edited = a.replace('\n', "\r\n").replacen("MA", "M A", 1);
        assert_eq!(
            pem_blocks(edited.as_bytes(), "CERTIFICATE").unwrap(),
            vec![vec![0x30, 3, 2, 1, 1]]
        );
    }

    #[test]
    fn file_names_match_the_store() {
        assert_eq!(c"cert.pem".to_str(), Ok(files::CERT));
        assert_eq!(c"chain.pem".to_str(), Ok(files::CHAIN));
        assert_eq!(c"privkey.pem".to_str(), Ok(files::KEY));
        assert_eq!(c"key.uri".to_str(), Ok(files::KEY_URI));
    }

    #[test]
    fn percent_left_is_clamped_and_rounded() {
        let nb = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        let na = nb + Duration::days(1095);
        assert_eq!(percent_left(nb, na, nb), 100.0);
        assert_eq!(percent_left(nb, na, nb - Duration::days(1)), 100.0);
        assert_eq!(percent_left(nb, na, na), 0.0);
        assert_eq!(percent_left(nb, na, na + Duration::days(3)), 0.0);
        assert_eq!(percent_left(nb, na, na - Duration::days(95)), 8.68);
        assert_eq!(percent_left(nb, nb, nb), 0.0);
    }

    #[test]
    fn windows() {
        assert_eq!(parse_window("30d").unwrap(), Duration::days(30));
        assert_eq!(parse_window("2w").unwrap(), Duration::days(14));
        assert!(parse_window("soon").is_err());
    }

    #[test]
    fn pkcs8_public_part_matches_aws_lc() {
        use crate::keys::software::SoftwareKey;
        use crate::keys::{AgentKey, KeyAlgorithm};
        for alg in [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256] {
            let k = SoftwareKey::generate(alg).unwrap();
            let pem = k.to_pkcs8_pem();
            let der = pem_blocks(pem.as_bytes(), "PRIVATE KEY").unwrap().remove(0);
            assert!(pkcs8_public(&der).is_some());
            let spki_der = AgentKey::public_key_spki(&k).to_vec();
            let (_, spki) = SubjectPublicKeyInfo::from_der(&spki_der).unwrap();
            assert!(key_matches(pem.as_bytes(), &spki).unwrap(), "{alg:?}");
            let other = SoftwareKey::generate(alg).unwrap();
            assert!(
                !key_matches(other.to_pkcs8_pem().as_bytes(), &spki).unwrap(),
                "{alg:?}"
            );
        }
    }
}
