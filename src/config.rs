//! The configuration file and the agent's home.
//!
//! Precedence, highest first: command-line flag, environment variable (`AGENT_*`, handled by clap),
//! configuration file, built-in default. The file is TOML (`--config FILE`, `AGENT_CONFIG`; default
//! `/etc/agent/config.toml` for root, `$XDG_CONFIG_HOME/agent/config.toml` otherwise; a missing
//! default file is fine, a missing explicit one is an error). Every key is documented in
//! `docs/configuration.md`; unknown keys are refused so that a typo is not silently ignored.

use crate::i18n::Localize;
use crate::tr;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the configuration file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown key or a wrong type.
    #[error("invalid configuration file {}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the TOML parser said (line, column, key).
        message: String,
    },
    /// A value is out of range.
    #[error("invalid configuration value for {key}: {message}")]
    Value {
        /// The key, as `section.key`.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl Localize for ConfigError {
    fn localize(&self) -> String {
        match self {
            ConfigError::Read { path, source } => {
                tr!("err-config-read", path = path, reason = source.to_string())
            }
            ConfigError::Parse { path, message } => {
                tr!("err-config-parse", path = path, reason = message)
            }
            ConfigError::Value { key, message } => {
                tr!("err-config-value", key = key, reason = message)
            }
        }
    }
}

/// The whole configuration file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[card]`: the CPx card.
    pub card: CardConfig,
    /// `[annuaire]`: the CPS LDAP directory.
    pub annuaire: AnnuaireConfig,
    /// `[pki]`: trust anchors for the certificates the agent imports.
    pub pki: PkiConfig,
    /// `[platform]`: the IGC Santé certificate platform (EST).
    pub platform: PlatformConfig,
    /// `[store]`: where installed certificates also go.
    pub store: StoreConfig,
    /// `[status]`: expiry monitoring.
    pub status: StatusConfig,
    /// `[renew]`: renewal.
    pub renew: RenewConfig,
    /// `[notify]`: alerts by e-mail, webhook or command (`agent notify`).
    pub notify: NotifyConfig,
    /// `[key_store]`: PKCS#11 tokens (HSM) that hold the structure's keys.
    pub key_store: KeyStoreConfig,
}

/// `[key_store]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeyStoreConfig {
    /// File holding the key store token's PIN (mode 0600), used when the key's URI has no
    /// `pin-source`. Never the card's PIN file.
    pub pin_file: Option<PathBuf>,
}

/// `[card]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CardConfig {
    /// PKCS#11 module of the card middleware (Cryptolib CPS).
    pub pkcs11_module: Option<PathBuf>,
    /// Token label or RFC 7512 `pkcs11:` URI.
    pub token: Option<String>,
    /// File holding the PIN (mode 0600), for unattended renewal.
    pub pin_file: Option<PathBuf>,
}

impl CardConfig {
    /// The card settings of a run: the values given (flags, environment) over the `[card]`
    /// section's.
    pub fn with_given(
        &self,
        pkcs11_module: Option<&Path>,
        token: Option<&str>,
        pin_file: Option<&Path>,
    ) -> CardConfig {
        CardConfig {
            pkcs11_module: pkcs11_module
                .map(Path::to_path_buf)
                .or_else(|| self.pkcs11_module.clone()),
            token: token.map(str::to_string).or_else(|| self.token.clone()),
            pin_file: pin_file
                .map(Path::to_path_buf)
                .or_else(|| self.pin_file.clone()),
        }
    }
}

/// `[annuaire]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnnuaireConfig {
    /// LDAP URL of the CPS directory (default `ldap://annuaire.gip-cps.fr:389`).
    pub url: Option<String>,
    /// `test` (`o=TEST,c=fr`) or `prod` (`o=GIP-CPS,c=fr`).
    pub branch: Option<String>,
    /// Connection timeout (humantime, e.g. `10s`).
    pub connect_timeout: Option<String>,
    /// Search timeout (humantime).
    pub search_timeout: Option<String>,
    /// Accept identifiers that break the real check rules (test data), with a warning.
    pub allow_test_ids: Option<bool>,
}

impl AnnuaireConfig {
    /// Whether a run accepts test identifiers: `flag` (`--allow-test-ids`), else
    /// `allow_test_ids`.
    pub fn test_ids_allowed(&self, flag: bool) -> bool {
        flag || self.allow_test_ids.unwrap_or(false)
    }
}

/// `[pki]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PkiConfig {
    /// PEM files of trust anchors, added to the built-in IGC Santé roots.
    pub trust_anchors: Vec<PathBuf>,
    /// Accept test PKI anchors (CAs with TEST in their names), the built-in TEST ones included.
    pub test_pki: Option<bool>,
    /// Use the IGC Santé roots built into the agent (default true); false: only `trust_anchors`.
    pub builtin_anchors: Option<bool>,
}

/// `[platform]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlatformConfig {
    /// Base URL of the EST service (e.g. `https://pfc.example/.well-known/est`).
    pub est_url: Option<String>,
    /// PEM roots for the platform's TLS server certificate.
    pub est_ca: Option<PathBuf>,
    /// Connection timeout (humantime, default `10s`).
    pub connect_timeout: Option<String>,
    /// Timeout of one request, connection to answer (humantime, default `60s`).
    pub timeout: Option<String>,
    /// Tries on server errors (5xx), network errors and timeouts (1 to 10, default 3).
    pub tries: Option<u32>,
    /// Wait before the second try, doubled before each further one (humantime, default `1s`).
    pub retry_backoff: Option<String>,
}

/// `[store]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// NSS database to import installed certificates into (`sql:DIR`).
    pub nss_db: Option<String>,
    /// A plain directory the DMP software reads, to copy live files into.
    pub export_dir: Option<PathBuf>,
    /// Owner (user name or uid) of the exported files (default: the agent's user).
    pub export_owner: Option<String>,
    /// Group (name or gid) of the exported files (default: the agent's group).
    pub export_group: Option<String>,
    /// Mode of the exported files, octal: `0600` (default) or `0640`.
    pub export_mode: Option<String>,
    /// Write PKCS#12 bundles with legacy 3DES/SHA-1 encryption for old readers.
    pub p12_legacy: Option<bool>,
    /// Where PKCS#12 passphrases are kept: `file` (default, 0600 file beside the versions) or
    /// `keyring`.
    pub p12_passphrase: Option<String>,
}

/// `[status]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusConfig {
    /// Default expiry window (humantime, default `60d`).
    pub window: Option<String>,
}

/// `[renew]` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RenewConfig {
    /// Renew what expires within this window (humantime, default `60d`).
    pub within: Option<String>,
    /// Command run after each successful install.
    pub deploy_hook: Option<String>,
}

/// `[notify]` section: thresholds and channels of `agent notify`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    /// Days-left thresholds (humantime, default `["60d", "30d", "7d", "1d"]`).
    pub thresholds: Option<Vec<String>>,
    /// `[notify.email]`: SMTP.
    pub email: Option<EmailConfig>,
    /// `[notify.webhook]`: HTTP POST of a JSON object.
    pub webhook: Option<WebhookConfig>,
    /// `[notify.command]`: a shell command.
    pub command: Option<CommandConfig>,
}

/// `[notify.email]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailConfig {
    /// `smtp://host[:port]` (plain, for a local relay), `smtp://host[:port]?tls=required`
    /// (STARTTLS) or `smtps://host[:port]` (TLS).
    pub smtp: String,
    /// The sender address.
    pub from: String,
    /// The recipients.
    pub to: Vec<String>,
    /// SMTP user name (only over TLS).
    pub username: Option<String>,
    /// File holding the SMTP password (mode 0600), first line.
    pub password_file: Option<PathBuf>,
    /// PEM roots for the SMTP server's TLS certificate (default: the system's).
    pub ca: Option<PathBuf>,
    /// Timeout of one SMTP command (humantime, default `30s`).
    pub timeout: Option<String>,
}

/// `[notify.webhook]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// The URL the alerts are POSTed to (`https://`; `http://` only without a token).
    pub url: String,
    /// File holding a bearer token (mode 0600), first line.
    pub bearer_token_file: Option<PathBuf>,
    /// PEM roots for the receiver's TLS certificate (default: the system's).
    pub ca: Option<PathBuf>,
    /// Timeout of one request (humantime, default `30s`).
    pub timeout: Option<String>,
}

/// `[notify.command]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandConfig {
    /// Run with `sh -c`, the alert in `AGENT_*` environment variables and its summary on stdin.
    pub run: String,
}

impl Config {
    /// Loads the configuration: `explicit` must exist; otherwise the default path is read if present.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => (default_config_path(), false),
        };
        match crate::fsutil::read_capped_string(&path, crate::fsutil::MAX_TOML_FILE) {
            Ok(text) => Self::parse(&text, &path),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Parses configuration text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }
}

fn is_root() -> bool {
    // SAFETY-free: geteuid has no preconditions.
    #[allow(unsafe_code)]
    unsafe {
        libc::geteuid() == 0
    }
}

fn xdg_dir(var: &str, fallback: &str) -> PathBuf {
    match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(v) => PathBuf::from(v),
        None => {
            let home = std::env::var_os("HOME").unwrap_or_else(|| "/".into());
            PathBuf::from(home).join(fallback)
        }
    }
}

/// The default configuration file: `/etc/agent/config.toml` for root, else
/// `$XDG_CONFIG_HOME/agent/config.toml`.
pub fn default_config_path() -> PathBuf {
    if is_root() {
        PathBuf::from("/etc/agent/config.toml")
    } else {
        xdg_dir("XDG_CONFIG_HOME", ".config").join("agent/config.toml")
    }
}

/// The default home (state and store): `/var/lib/agent` for root, else `$XDG_DATA_HOME/agent`.
pub fn default_home() -> PathBuf {
    if is_root() {
        PathBuf::from("/var/lib/agent")
    } else {
        xdg_dir("XDG_DATA_HOME", ".local/share").join("agent")
    }
}

/// Parses a humantime duration from configuration, naming the key on error.
pub fn parse_duration(key: &'static str, value: &str) -> Result<std::time::Duration, ConfigError> {
    humantime::parse_duration(value).map_err(|e| ConfigError::Value {
        key,
        message: format!("{value:?}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_refused() {
        let err = Config::parse("[card]\npkcs11_modul = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("pkcs11_modul"), "{err}");
    }

    #[test]
    fn sections_parse() {
        let c = Config::parse(
            "[card]\npkcs11_module = \"/x.so\"\ntoken = \"CPS\"\n[status]\nwindow = \"30d\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.card.pkcs11_module.as_deref(), Some(Path::new("/x.so")));
        assert_eq!(c.status.window.as_deref(), Some("30d"));
    }

    #[test]
    fn notify_section_parses_and_refuses_unknown_keys() {
        let c = Config::parse(
            "[notify]\nthresholds = [\"60d\", \"7d\"]\n[notify.email]\nsmtp = \"smtp://127.0.0.1:25\"\nfrom = \"a@b.example\"\nto = [\"c@d.example\"]\n[notify.webhook]\nurl = \"https://h.example/x\"\n[notify.command]\nrun = \"logger -t agent\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.notify.thresholds.as_deref().map(<[String]>::len), Some(2));
        assert_eq!(c.notify.email.unwrap().to, vec!["c@d.example".to_string()]);
        assert_eq!(c.notify.command.unwrap().run, "logger -t agent");
        for bad in [
            "[notify.email]\nsmtp = \"smtp://x\"\nfrom = \"a@b\"\nto = []\npassword = \"x\"\n",
            "[notify.webhook]\nurl = \"https://x\"\ntoken = \"x\"\n",
            "[notify]\nthreshold = [\"1d\"]\n",
        ] {
            assert!(Config::parse(bad, Path::new("c.toml")).is_err(), "{bad}");
        }
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        assert!(Config::load(Some(Path::new("/nonexistent/agent.toml"))).is_err());
    }
}
