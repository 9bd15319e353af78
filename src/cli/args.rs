//! Options and helpers shared by several commands (not a command itself): trust, install,
//! platform, card login and directory options, the structure id parser with its test-id policy,
//! and the raison sociale and département of a new order.

use crate::i18n::Localize;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::output::{warn, Progress};
use super::Context;
use crate::annuaire::{Branch, Settings};
use crate::card::holder::{self, HolderIdentity};
use crate::certificate::chain::TrustAnchors;
use crate::enroll::est::EstClient;
use crate::enroll::tls::SharedCardSession;
use crate::error::{Error, Result};
use crate::ids::{ParseMode, Parsed, Rpps, StructureId};
use crate::import::{ImportOptions, InstallChoices};
use crate::order::{LoginOptions, PreparedPlatform};

/// Trust options shared by import, enroll, renew, status and inspect.
#[derive(Debug, Args, Clone, Default)]
pub struct TrustArgs {
    /// A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé
    /// roots and to pki.trust_anchors from the configuration
    #[arg(long, value_name = "FILE")]
    pub trust_anchor: Vec<PathBuf>,
    /// Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé
    /// root, and TEST anchors given with --trust-anchor; also pki.test_pki
    #[arg(long)]
    pub test_pki: bool,
    /// Do not use the IGC Santé roots built into the agent: only --trust-anchor and
    /// pki.trust_anchors (also pki.builtin_anchors = false)
    #[arg(long)]
    pub no_builtin_anchors: bool,
}

impl TrustArgs {
    /// Whether the built-in anchors are used in this run (flag, then configuration).
    pub fn builtin(&self, ctx: &Context) -> bool {
        !self.no_builtin_anchors && ctx.config.pki.builtin_anchors.unwrap_or(true)
    }

    /// The configured anchor files of this run: configuration plus flags.
    pub fn files(&self, ctx: &Context) -> Vec<PathBuf> {
        let mut files = ctx.config.pki.trust_anchors.clone();
        files.extend(self.trust_anchor.iter().cloned());
        files
    }

    /// The anchors of this run: built-in (unless turned off), configuration and flags.
    pub fn anchors(&self, ctx: &Context) -> Result<TrustAnchors> {
        let test = self.test_pki || ctx.config.pki.test_pki.unwrap_or(false);
        Ok(TrustAnchors::for_run(
            &self.files(ctx),
            test,
            self.builtin(ctx),
        )?)
    }
}

/// Install options shared by import, enroll and renew.
#[derive(Debug, Args, Clone, Default)]
pub struct InstallArgs {
    /// Write PKCS#12 bundles with legacy 3DES/SHA-1 encryption, for old DMP software
    #[arg(long)]
    pub p12_legacy: bool,
    /// Also import into this NSS database (e.g. sql:/etc/pki/nssdb)
    #[arg(long, value_name = "sql:DIR")]
    pub nss_db: Option<String>,
    /// Also copy the live files into DIR/<structure>/<usage>/ for the DMP software
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,
    /// Owner of the exported files, for DMP software running as another user (user name or
    /// uid; the agent must run as root to give files away). Default: the agent's user
    #[arg(long, value_name = "USER", requires = "export_dir")]
    pub export_owner: Option<String>,
    /// Group of the exported files (name or gid). Default: the agent's group
    #[arg(long, value_name = "GROUP", requires = "export_dir")]
    pub export_group: Option<String>,
    /// Mode of the exported files: 0600 (default) or 0640 (group may read); their directories
    /// get the matching search bits (0700, 0750)
    #[arg(long, value_name = "MODE", requires = "export_dir")]
    pub export_mode: Option<String>,
}

impl InstallArgs {
    /// The install choices of this run.
    pub fn choices(&self) -> InstallChoices {
        InstallChoices {
            p12_legacy: self.p12_legacy,
            nss_db: self.nss_db.clone(),
            export_dir: self.export_dir.clone(),
            export_owner: self.export_owner.clone(),
            export_group: self.export_group.clone(),
            export_mode: self.export_mode.clone(),
        }
    }
}

/// Builds the import options from the command line and configuration.
pub fn import_options(
    ctx: &Context,
    structure: Option<StructureId>,
    trust: &TrustArgs,
    install: &InstallArgs,
) -> Result<ImportOptions> {
    ImportOptions::for_run(
        &ctx.config,
        structure,
        trust.anchors(ctx)?,
        &install.choices(),
        ctx.pkcs11_module.clone(),
    )
}

/// Parses a `--structure` value with the directory's test-id leniency from the configuration.
pub fn parse_structure(ctx: &Context, s: &str) -> Result<StructureId> {
    let mode = ParseMode::allow_test_ids(ctx.config.annuaire.test_ids_allowed(false));
    Ok(StructureId::parse_with(s, mode)?.value)
}

/// Where the platform is.
#[derive(Debug, Args, Clone, Default)]
pub struct PlatformArgs {
    /// EST base URL of the certificate platform (e.g. https://pfc.example/.well-known/est);
    /// also [platform] est_url. Without one, the portal path is used
    #[arg(long, value_name = "URL")]
    pub est_url: Option<String>,
    /// PEM roots for the platform's TLS server certificate (repeatable); also [platform] est_ca.
    /// The server certificate is always verified
    #[arg(long, value_name = "FILE")]
    pub est_ca: Vec<PathBuf>,
}

impl PlatformArgs {
    /// The EST URL of this run (flag, then configuration).
    pub fn url(&self, ctx: &Context) -> Option<String> {
        crate::order::est_url(self.est_url.as_deref(), &ctx.config.platform)
    }

    /// Checks the platform settings of this run before the card is touched.
    pub fn prepare(&self, ctx: &Context, url: &str) -> Result<PreparedPlatform> {
        PreparedPlatform::check(url, &self.est_ca, &ctx.config.platform)
    }
}

/// Card options of commands that log in.
#[derive(Debug, Args, Clone, Default)]
pub struct LoginArgs {
    /// Wait up to SECS seconds for the card to be inserted (needs pcscd)
    #[arg(long, value_name = "SECS")]
    pub wait: Option<u64>,
    /// Allow the login even when only one PIN try is left
    #[arg(long)]
    pub allow_final_try: bool,
}

/// Checks the reader (waiting for the card if asked), then logs in once
/// ([`crate::order::login_card`]).
pub fn login_card(
    ctx: &Context,
    login: &LoginArgs,
    progress: &Progress,
) -> Result<SharedCardSession> {
    let options = LoginOptions {
        wait: login.wait.map(Duration::from_secs),
        allow_final_try: login.allow_final_try,
    };
    crate::order::login_card(
        || ctx.open_token(),
        &ctx.pin_source,
        options,
        super::card::waiting,
        &|m| progress.step(m),
    )
}

/// An EST client over TLS authenticated by the logged-in card, its retries told on stderr.
pub fn est_client(platform: PreparedPlatform, session: &SharedCardSession) -> Result<EstClient> {
    platform.client(session, |n| eprintln!("agent: {}", n.localize()))
}

/// `--branch`: which branch of the directory to search (the library's [`Branch`], without clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BranchArg {
    /// Test identities: `o=TEST,c=fr`.
    Test,
    /// Production identities: `o=GIP-CPS,c=fr`.
    Prod,
}

impl From<BranchArg> for Branch {
    fn from(b: BranchArg) -> Branch {
        match b {
            BranchArg::Test => Branch::Test,
            BranchArg::Prod => Branch::Prod,
        }
    }
}

/// Options that choose and reach the annuaire CPS (shared with `agent form413`).
#[derive(Debug, Args, Clone, Default)]
pub struct DirectoryArgs {
    /// Directory branch: test (o=TEST,c=fr) or prod (o=GIP-CPS,c=fr) [default: [annuaire]
    /// branch, else test]
    #[arg(long, value_enum)]
    pub branch: Option<BranchArg>,
    /// LDAP URL of the annuaire CPS [default: [annuaire] url, else
    /// ldap://annuaire.gip-cps.fr:389]
    #[arg(long, env = "AGENT_LDAP_URL", value_name = "URL")]
    pub ldap_url: Option<String>,
    /// Connection timeout, e.g. 10s [default: [annuaire] connect_timeout, else 10s]
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub connect_timeout: Option<Duration>,
    /// Search timeout, e.g. 30s [default: [annuaire] search_timeout, else 30s]
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub search_timeout: Option<Duration>,
    /// Accept identifiers that break the length or check-key rules (test data), with a
    /// warning. On by default in the test branch; in the prod branch such entries are reported
    /// as malformed unless this is given
    #[arg(long)]
    pub allow_test_ids: bool,
}

impl DirectoryArgs {
    /// The directory settings: flags, then the `[annuaire]` section, then the defaults.
    pub fn settings(&self, ctx: &Context) -> Result<Settings> {
        let mut s = Settings::from_config(&ctx.config.annuaire)?;
        if let Some(b) = self.branch {
            s.branch = b.into();
        }
        if let Some(u) = &self.ldap_url {
            s.url = u.clone();
        }
        if let Some(t) = self.connect_timeout {
            s.connect_timeout = t;
        }
        if let Some(t) = self.search_timeout {
            s.search_timeout = t;
        }
        let allow = if self.allow_test_ids {
            Some(true)
        } else {
            ctx.config.annuaire.allow_test_ids
        };
        s.set_mode(allow);
        Ok(s)
    }
}

/// Reads the holder identity of the inserted card (read-only session, no PIN).
pub(crate) fn card_holder(ctx: &Context) -> Result<HolderIdentity> {
    Ok(holder::read_from_token(&ctx.open_token()?)?)
}

/// The RPPS of the inserted CPS.
pub(crate) fn rpps_from_card(ctx: &Context, settings: &Settings) -> Result<Rpps> {
    let h = card_holder(ctx)?;
    parse_rpps(crate::order::card_rpps(&h)?, settings)
}

/// Parses an RPPS with the directory's identifier mode, printing the warning if any.
pub(crate) fn parse_rpps(s: &str, settings: &Settings) -> Result<Rpps> {
    let Parsed { value, warning } = Rpps::parse_with(s, settings.mode)?;
    if let Some(w) = warning {
        warn(w.localize());
    }
    Ok(value)
}

/// A `--structure` value as typed: parsed by clap with [`structure_arg`] (leniently, so that the
/// test-id policy and its message are decided in one place, [`StructureArg::resolve`], with the
/// exit code of invalid input rather than of a usage error).
#[derive(Debug, Clone)]
pub struct StructureArg {
    raw: String,
}

/// The clap value parser of every `--structure` option.
pub fn structure_arg(s: &str) -> std::result::Result<StructureArg, String> {
    Ok(StructureArg { raw: s.to_string() })
}

impl StructureArg {
    /// The text as given.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl std::fmt::Display for StructureArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Whether test identifiers are accepted: `--allow-test-ids`, else `[annuaire] allow_test_ids`.
pub fn allow_test_ids(ctx: &Context, flag: bool) -> bool {
    ctx.config.annuaire.test_ids_allowed(flag)
}

impl StructureArg {
    /// The structure id under the test-id policy (`allow`: see [`allow_test_ids`]): a test
    /// identifier is accepted with a warning when allowed, refused with a hint otherwise.
    pub fn resolve(&self, allow: bool) -> Result<StructureId> {
        let (id, warning) = crate::order::structure_id(&self.raw, allow)?;
        if let Some(w) = warning {
            warn(w);
        }
        Ok(id)
    }

    /// [`StructureArg::resolve`], plus a warning when the identifier is not one the DMP procedure
    /// orders with.
    pub fn resolve_for_order(&self, allow: bool) -> Result<StructureId> {
        let id = self.resolve(allow)?;
        if let Some(w) = crate::structure::ordering_id_warning(&id) {
            warn(w);
        }
        Ok(id)
    }
}

/// The key store of a new order: `software` or a `pkcs11:` URI, with the token options of this run.
pub fn key_store(
    ctx: &Context,
    text: &str,
    allow_final_try: bool,
) -> Result<crate::order::KeyStoreSpec> {
    crate::order::KeyStoreSpec::parse(
        text,
        ctx.pkcs11_module.as_deref(),
        ctx.config.key_store.pin_file.as_deref(),
        allow_final_try,
    )
    .map_err(|e| Error::Usage(e.localize()))
}

/// `--lang`: the languages of [`crate::i18n::Lang`], as clap reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// French.
    Fr,
}

impl From<LangArg> for crate::i18n::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => crate::i18n::Lang::En,
            LangArg::Fr => crate::i18n::Lang::Fr,
        }
    }
}
