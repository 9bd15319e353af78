//! `agent enroll`: the whole order in one command, over TLS authenticated by the CPx card; and
//! the pieces `agent renew` shares with it (card login, EST client, submit-and-install).

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::csr::{portal_text, prepare, CsrArgs};
use super::import::{import_options, parse_structure, InstallArgs, TrustArgs};
use super::output::{note, print_json, warn, Progress};
use super::Context;
use crate::card::login::CardSession;
use crate::card::reader;
use crate::certificate::cert_pem;
use crate::certificate::chain::{self, TrustAnchors};
use crate::certificate::formats::{Delivery, Format};
use crate::csr::Usage;
use crate::enroll::est::{EnrollOutcome, EstClient, EstOptions};
use crate::enroll::tls::{self, CardClientAuth, CardTlsOptions, SharedCardSession};
use crate::error::{exit, Error, Result};
use crate::fsutil::{write_atomic, PUBLIC_FILE_MODE};
use crate::ids::StructureId;
use crate::import::{install_deliveries, ImportOptions};
use crate::pending::PendingOrder;
use crate::store::Store;

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
        self.est_url
            .clone()
            .or_else(|| ctx.config.platform.est_url.clone())
    }

    fn roots(&self, ctx: &Context) -> Vec<PathBuf> {
        let mut v = self.est_ca.clone();
        if v.is_empty() {
            v.extend(ctx.config.platform.est_ca.iter().cloned());
        }
        v
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

/// Checks the reader (waiting for the card if asked), then logs in once. The PIN source is
/// checked first, so that a script without one fails at once.
pub fn login_card(
    ctx: &Context,
    login: &LoginArgs,
    progress: &Progress,
) -> Result<SharedCardSession> {
    ctx.pin_source.check_available()?;
    if let Some(secs) = login.wait {
        reader::wait_for_card(Duration::from_secs(secs), |m| progress.step(m))?;
    } else if let Ok(readers) = reader::list_readers() {
        for r in readers.iter().filter(|r| r.card_present) {
            progress.step(format!(
                "card in {}: {}",
                r.name,
                r.model.map(|m| m.to_string()).unwrap_or_default()
            ));
        }
    }
    let token = ctx.open_token()?;
    progress.step("logging in to the card (one PIN entry for the whole run)");
    let session = CardSession::login(token, login.allow_final_try, false, || {
        Ok::<_, Error>(ctx.pin_source.read_pin()?)
    })?;
    if let Ok(id) = session.identity() {
        progress.step(format!(
            "logged in: {} {} ({})",
            id.first_name.unwrap_or_default(),
            id.last_name.unwrap_or_default(),
            id.kind.map(|k| k.to_string()).unwrap_or_default()
        ));
    }
    Ok(tls::share(session))
}

/// Everything about the platform that can be checked before the card is touched: URL, TLS roots,
/// timeouts. A mistake there must not cost a card login.
pub struct PreparedPlatform {
    url: String,
    roots: rustls::RootCertStore,
    options: EstOptions,
}

impl PlatformArgs {
    /// Checks the platform settings of this run.
    pub fn prepare(&self, ctx: &Context, url: &str) -> Result<PreparedPlatform> {
        crate::enroll::est::est_base_url(url)?;
        let roots = self.roots(ctx);
        if roots.is_empty() {
            return Err(Error::Usage(
                "give --est-ca FILE (or [platform] est_ca): the roots the platform's TLS certificate must chain to".into(),
            ));
        }
        Ok(PreparedPlatform {
            url: url.to_string(),
            roots: tls::load_roots(&roots)?,
            options: EstOptions::from_config(&ctx.config.platform)?,
        })
    }
}

/// An EST client over TLS authenticated by the logged-in card.
pub fn est_client(platform: PreparedPlatform, session: &SharedCardSession) -> Result<EstClient> {
    let auth = CardClientAuth::from_card(session, CardTlsOptions::default())?;
    let config = auth.client_config(platform.roots)?;
    Ok(
        EstClient::new(&platform.url, config, platform.options)?.on_retry(|n| {
            eprintln!(
                "agent: try {}/{} failed ({}); trying again in {} s",
                n.failed_try,
                n.tries,
                n.reason,
                n.wait.as_secs()
            )
        }),
    )
}

/// What happened to one usage of one structure.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// National structure id.
    pub structure: String,
    /// Usage.
    pub usage: Usage,
    /// `installed`, `already_installed`, `pending`, `ordered_on_portal` or `failed`.
    pub state: &'static str,
    /// Serial of the installed certificate.
    pub serial: Option<String>,
    /// Its expiry.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<::time::OffsetDateTime>,
    /// Live directory.
    pub live: Option<PathBuf>,
    /// Seconds the platform asked to wait (pending).
    pub retry_after: Option<u64>,
    /// Why it failed.
    pub error: Option<String>,
    /// The exit code of that failure.
    #[serde(skip)]
    pub exit: u8,
    /// Warnings.
    pub warnings: Vec<String>,
}

impl Outcome {
    fn new(structure: &str, usage: Usage, state: &'static str) -> Outcome {
        Outcome {
            structure: structure.to_string(),
            usage,
            state,
            serial: None,
            not_after: None,
            live: None,
            retry_after: None,
            error: None,
            exit: exit::OK,
            warnings: Vec::new(),
        }
    }

    /// A request prepared for the portal.
    pub fn portal(structure: &str, usage: Usage) -> Outcome {
        Self::new(structure, usage, "ordered_on_portal")
    }

    /// A failed outcome, with the error's exit code.
    pub fn failed(structure: &str, usage: Usage, e: &Error) -> Outcome {
        let mut o = Outcome::new(structure, usage, "failed");
        o.error = Some(e.to_string());
        o.exit = e.exit_code();
        o
    }
}

fn issued_file(order: &PendingOrder, usage: Usage) -> PathBuf {
    order
        .dir()
        .join(format!("issued-{}.pem", usage.name().to_lowercase()))
}

/// Submits every usage of `order` that is not live yet (simpleenroll, or simplereenroll when
/// `reenroll`), keeps what the platform returns in the order's directory (so a re-run resumes
/// without asking twice), then checks and installs it exactly as `agent import` does.
pub fn submit_order(
    home: &Path,
    est: &EstClient,
    order: &PendingOrder,
    reenroll: bool,
    opts: &ImportOptions,
    progress: &Progress,
) -> Vec<Outcome> {
    let store = Store::new(home);
    // One run at a time per structure, from submission to install: a second run waits here, then
    // finds the usages installed below instead of submitting the order again.
    let _order_lock =
        match store.lock_structure(&order.structure, std::time::Duration::from_secs(15 * 60)) {
            Ok(l) => l,
            Err(e) => {
                let e = Error::from(e);
                return order
                    .usages
                    .iter()
                    .map(|u| Outcome::failed(&order.structure, u.usage, &e))
                    .collect();
            }
        };
    let mut outcomes = Vec::new();
    let mut deliveries = Vec::new();
    let mut fetched = Vec::new();
    for u in &order.usages {
        let slot = store.slot(&order.structure, u.usage);
        if let Ok((_, live)) = slot.check_live() {
            if live.spki == u.public_key_spki() {
                let mut o = Outcome::new(&order.structure, u.usage, "already_installed");
                o.serial = Some(live.serial);
                o.not_after = Some(live.not_after);
                o.live = Some(slot.live());
                outcomes.push(o);
                continue;
            }
        }
        let issued = issued_file(order, u.usage);
        let certs = if issued.exists() {
            progress.step(format!(
                "{} {}: using the certificate already fetched",
                order.structure,
                u.usage.name()
            ));
            match std::fs::read(&issued)
                .map_err(|e| Error::io("cannot read", &issued, e))
                .and_then(|t| {
                    pem::parse_many(t)
                        .map_err(|e| Error::InvalidInput(format!("{}: {e}", issued.display())))
                }) {
                Ok(p) => p.into_iter().map(|b| b.into_contents()).collect::<Vec<_>>(),
                Err(e) => {
                    outcomes.push(Outcome::failed(&order.structure, u.usage, &e));
                    continue;
                }
            }
        } else {
            progress.step(format!(
                "{} {}: sending the request to the platform ({})",
                order.structure,
                u.usage.name(),
                if reenroll {
                    "simplereenroll"
                } else {
                    "simpleenroll"
                }
            ));
            let csr = std::fs::read(order.csr_path(u))
                .map_err(|e| Error::io("cannot read", order.csr_path(u), e))
                .and_then(|t| {
                    pem::parse(t).map_err(|e| Error::InvalidInput(format!("request: {e}")))
                });
            let csr = match csr {
                Ok(c) => c.into_contents(),
                Err(e) => {
                    outcomes.push(Outcome::failed(&order.structure, u.usage, &e));
                    continue;
                }
            };
            match est.enroll(&csr, reenroll) {
                Ok(EnrollOutcome::Enrolled(e)) => {
                    let mut all = vec![e.leaf.clone()];
                    all.extend(e.chain.iter().cloned());
                    let text: String = all.iter().map(|c| cert_pem(c)).collect();
                    if let Err(err) = write_atomic(&issued, text.as_bytes(), PUBLIC_FILE_MODE) {
                        outcomes.push(Outcome::failed(&order.structure, u.usage, &err.into()));
                        continue;
                    }
                    all
                }
                Ok(EnrollOutcome::Pending { retry_after }) => {
                    let mut o = Outcome::new(&order.structure, u.usage, "pending");
                    o.retry_after = Some(retry_after.as_secs());
                    o.exit = exit::PENDING;
                    outcomes.push(o);
                    continue;
                }
                Err(e) => {
                    outcomes.push(Outcome::failed(&order.structure, u.usage, &Error::from(e)));
                    continue;
                }
            }
        };
        // RFC 7030 §4.2.3: the answer may hold the issued certificate only; the CA certificates
        // come from /cacerts (§4.1), fetched once per run over the same connection. They only
        // help build the path: it must still verify up to a trust anchor of the run.
        let certs = match complete_chain(est, certs, &opts.anchors, progress) {
            Ok(c) => c,
            Err(e) => {
                outcomes.push(Outcome::failed(&order.structure, u.usage, &e));
                continue;
            }
        };
        deliveries.push((
            issued.display().to_string(),
            Delivery {
                format: Format::Pem,
                certs,
                key: None,
            },
        ));
        fetched.push((u.usage, issued));
    }
    if deliveries.is_empty() {
        return outcomes;
    }
    progress.step(format!(
        "{}: checking and installing what was issued",
        order.structure
    ));
    match install_deliveries(home, deliveries, opts) {
        Ok(done) => {
            for d in done {
                let mut o = Outcome::new(
                    &d.structure,
                    d.usage,
                    if d.changed {
                        "installed"
                    } else {
                        "already_installed"
                    },
                );
                o.serial = Some(d.serial);
                o.not_after = Some(d.not_after);
                o.live = Some(d.live);
                o.warnings = d.warnings;
                if !d.target_errors.is_empty() {
                    // Installed in the store, but a target the DMP software reads is stale.
                    o.error = Some(format!("installed, but {}", d.target_errors.join("; ")));
                    o.exit = exit::IO;
                }
                outcomes.push(o);
            }
        }
        Err(e) => {
            // What the platform returned is refused: keep it aside for inspection and ask again
            // next time.
            for (usage, issued) in fetched {
                let stamp = ::time::OffsetDateTime::now_utc().unix_timestamp();
                let _ = std::fs::rename(
                    &issued,
                    issued.with_file_name(format!(
                        "rejected-{}-{stamp}.pem",
                        usage.name().to_lowercase()
                    )),
                );
                outcomes.push(Outcome::failed(&order.structure, usage, &e));
            }
        }
    }
    outcomes
}

/// `certs` (the issued certificate first, then what came with it) completed with the platform's
/// `/cacerts` when they do not verify up to a trust anchor by themselves. The CA certificates are asked for at
/// most once per run (the client keeps them).
fn complete_chain(
    est: &EstClient,
    mut certs: Vec<Vec<u8>>,
    anchors: &TrustAnchors,
    progress: &Progress,
) -> Result<Vec<Vec<u8>>> {
    let Some((leaf, rest)) = certs.split_first() else {
        return Ok(certs);
    };
    if chain::completes(leaf, rest, anchors) {
        return Ok(certs);
    }
    progress.step("completing the chain with the platform's CA certificates (/cacerts)");
    for c in est.ca_certificates()? {
        if !certs.contains(&c) {
            certs.push(c);
        }
    }
    Ok(certs)
}

/// Options of `agent enroll`.
#[derive(Debug, Args)]
pub struct EnrollArgs {
    /// National structure id (type digit + identifier); repeat for several structures
    #[arg(long = "structure", value_name = "ID")]
    pub structures: Vec<String>,
    /// A file of structures, one per line: `ID;RAISON SOCIALE;DEPT` (DEPT optional, # comments)
    #[arg(long, value_name = "FILE")]
    pub structures_file: Option<PathBuf>,
    /// Raison sociale (subject O) when one structure is given
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Département for ST (01-95, 2A, 2B, 971-976) when one structure is given
    #[arg(long, value_name = "CODE")]
    pub dept: Option<String>,
    /// The structure's postal code, to derive the département
    #[arg(long, value_name = "CODE", conflicts_with = "dept")]
    pub postal_code: Option<String>,
    /// Usages to order: auth_cli, sign (conf)
    #[arg(long, value_name = "LIST", default_value = "auth_cli,sign")]
    pub usage: String,
    /// Where to make the keys: "software" or a pkcs11: URI naming a token (never the CPx card)
    #[arg(long, value_name = "software|pkcs11:URI", default_value = "software")]
    pub key_store: String,
    /// Stop after the requests, with the portal instructions (the default without an EST URL)
    #[arg(long)]
    pub portal: bool,
    /// Only pick up orders already started (pending at the platform, or fetched but not installed)
    #[arg(long)]
    pub resume: bool,
    /// Accept identifiers of the directory's test branch that break the real rules
    #[arg(long)]
    pub allow_test_ids: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub platform: PlatformArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub login: LoginArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub install: InstallArgs,
    /// Print a JSON array of outcomes
    #[arg(long)]
    pub json: bool,
}

struct Wanted {
    id: StructureId,
    name: Option<String>,
    dept: Option<String>,
}

fn wanted(ctx: &Context, a: &EnrollArgs) -> Result<Vec<Wanted>> {
    let mut out = Vec::new();
    for s in &a.structures {
        out.push(Wanted {
            id: parse_id(ctx, s, a.allow_test_ids)?,
            name: a.name.clone(),
            dept: a.dept.clone(),
        });
    }
    if let Some(f) = &a.structures_file {
        let text = std::fs::read_to_string(f).map_err(|e| Error::io("cannot read", f, e))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split(';').map(str::trim);
            let id = parts.next().unwrap_or_default();
            let id = parse_id(ctx, id, a.allow_test_ids)
                .map_err(|e| Error::InvalidInput(format!("{} line {}: {e}", f.display(), n + 1)))?;
            out.push(Wanted {
                id,
                name: parts.next().filter(|s| !s.is_empty()).map(str::to_string),
                dept: parts.next().filter(|s| !s.is_empty()).map(str::to_string),
            });
        }
    }
    if out.len() > 1 && (a.name.is_some() || a.dept.is_some()) && a.structures.len() > 1 {
        return Err(Error::Usage(
            "--name and --dept apply to one structure: give several structures in --structures-file with their names".into(),
        ));
    }
    Ok(out)
}

fn parse_id(ctx: &Context, s: &str, allow_test_ids: bool) -> Result<StructureId> {
    if allow_test_ids {
        Ok(StructureId::parse_with(s, crate::ids::ParseMode::AllowTestIds)?.value)
    } else {
        parse_structure(ctx, s)
    }
}

/// The order to submit for a structure: the pending one (resume), else a new one — unless every
/// usage is already live and valid.
fn order_for(ctx: &Context, a: &EnrollArgs, w: &Wanted) -> Result<Option<PendingOrder>> {
    if let Ok(order) = PendingOrder::load(&ctx.home, &w.id) {
        return Ok(Some(order));
    }
    if a.resume {
        return Ok(None);
    }
    let usages = Usage::parse_list(&a.usage)?;
    let store = Store::new(&ctx.home);
    let now = ::time::OffsetDateTime::now_utc();
    if usages.iter().all(|u| {
        store
            .slot(&w.id.to_string(), *u)
            .check_live()
            .map(|(_, c)| c.not_after > now)
            .unwrap_or(false)
    }) {
        return Ok(None);
    }
    let args = CsrArgs {
        show: None,
        structure: Some(w.id.to_string()),
        name: w.name.clone(),
        dept: w.dept.clone(),
        postal_code: if w.dept.is_none() {
            a.postal_code.clone()
        } else {
            None
        },
        usage: a.usage.clone(),
        conf_service: None,
        rpps: None,
        key_store: a.key_store.clone(),
        key_type: "rsa2048".into(),
        out: None,
        replace: false,
        allow_test_ids: true,
        allow_final_try: a.login.allow_final_try,
        json: false,
    };
    Ok(Some(prepare(ctx, &args)?))
}

/// Prints the outcomes and returns the exit code: 0 when everything is installed, 52 when
/// something is pending and nothing failed, else the first failure's code.
pub fn report(outcomes: &[Outcome], json: bool) -> Result<u8> {
    if json {
        print_json(outcomes)?;
    } else {
        for o in outcomes {
            match o.state {
                "installed" | "already_installed" => println!(
                    "{:<16} {:<9} {}  serial {}  expires {}  {}",
                    o.structure,
                    o.usage.name(),
                    if o.state == "installed" { "installed        " } else { "already installed" },
                    o.serial.as_deref().unwrap_or("-"),
                    o.not_after.map(|d| d.date().to_string()).unwrap_or_default(),
                    o.live.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
                ),
                "pending" => println!(
                    "{:<16} {:<9} pending at the platform: run `agent enroll --resume` in {} s or later",
                    o.structure,
                    o.usage.name(),
                    o.retry_after.unwrap_or(0)
                ),
                "ordered_on_portal" => println!(
                    "{:<16} {:<9} request ready: order it on the portal, then `agent import`",
                    o.structure,
                    o.usage.name()
                ),
                _ => println!(
                    "{:<16} {:<9} FAILED: {}",
                    o.structure,
                    o.usage.name(),
                    o.error.as_deref().unwrap_or("")
                ),
            }
            for w in &o.warnings {
                warn(w);
            }
            if o.state.ends_with("installed") {
                if let Some(e) = &o.error {
                    eprintln!("agent: error: {} {}: {}", o.structure, o.usage.name(), e);
                }
            }
        }
    }
    Ok(exit_code_of(outcomes))
}

/// 0 when everything is installed, 52 when something is pending and nothing failed, else the
/// first failure's code.
pub fn exit_code_of(outcomes: &[Outcome]) -> u8 {
    if let Some(f) = outcomes.iter().find(|o| o.state == "failed") {
        return f.exit.max(1);
    }
    // Installed, but an install target (NSS, export directory) could not be written.
    if let Some(t) = outcomes
        .iter()
        .find(|o| o.state.ends_with("installed") && o.exit != exit::OK)
    {
        return t.exit;
    }
    if outcomes
        .iter()
        .any(|o| o.state == "pending" || o.state == "ordered_on_portal")
    {
        return exit::PENDING;
    }
    exit::OK
}

/// Runs `agent enroll`.
pub fn run(ctx: &Context, a: EnrollArgs) -> Result<u8> {
    let mut list = wanted(ctx, &a)?;
    if list.is_empty() {
        if !a.resume {
            return Err(Error::Usage(
                "give --structure ID (repeatable) or --structures-file FILE".into(),
            ));
        }
        for o in PendingOrder::list(&ctx.home)? {
            if let Some(id) = o.structure_id() {
                list.push(Wanted {
                    id,
                    name: None,
                    dept: None,
                });
            }
        }
    }
    let progress = Progress::new();
    let url = a.platform.url(ctx);
    let portal = a.portal || url.is_none();
    if portal {
        let mut outcomes = Vec::new();
        for w in &list {
            match order_for(ctx, &a, w) {
                Ok(Some(order)) => {
                    if !a.json {
                        print!("{}", portal_text(&order));
                    }
                    for u in &order.usages {
                        outcomes.push(Outcome::new(&order.structure, u.usage, "ordered_on_portal"));
                    }
                }
                Ok(None) => note(format!(
                    "{}: nothing to order (already installed and valid)",
                    w.id
                )),
                Err(e) => {
                    for u in Usage::parse_list(&a.usage).unwrap_or_default() {
                        outcomes.push(Outcome::failed(&w.id.to_string(), u, &e));
                    }
                }
            }
        }
        return report(&outcomes, a.json);
    }
    let url = url.unwrap_or_default();
    // Everything local is checked before the card is touched.
    let opts = import_options(ctx, None, &a.trust, &a.install)?;
    let platform = a.platform.prepare(ctx, &url)?;
    let session = login_card(ctx, &a.login, &progress)?;
    let est = est_client(platform, &session)?;
    let mut outcomes = Vec::new();
    for w in &list {
        let order = match order_for(ctx, &a, w) {
            Ok(Some(o)) => o,
            Ok(None) => {
                note(format!(
                    "{}: nothing to order (already installed and valid; `agent renew` renews)",
                    w.id
                ));
                continue;
            }
            Err(e) => {
                for u in Usage::parse_list(&a.usage).unwrap_or_default() {
                    outcomes.push(Outcome::failed(&w.id.to_string(), u, &e));
                }
                continue;
            }
        };
        let o = opts_for(&opts, &order);
        outcomes.extend(submit_order(&ctx.home, &est, &order, false, &o, &progress));
    }
    progress.finish();
    drop(est);
    drop(session);
    report(&outcomes, a.json)
}

/// The import options for one order: only that order's structure is accepted.
pub fn opts_for(opts: &ImportOptions, order: &PendingOrder) -> ImportOptions {
    ImportOptions {
        structure: order.structure_id(),
        anchors: opts.anchors.clone(),
        p12_legacy: opts.p12_legacy,
        passphrase_store: opts.passphrase_store,
        nss_db: opts.nss_db.clone(),
        export_dir: opts.export_dir.clone(),
        now: ::time::OffsetDateTime::now_utc(),
        pkcs11_module: opts.pkcs11_module.clone(),
        adopt: false,
        key_file: None,
        usage: None,
        allow_test_ids: opts.allow_test_ids,
        key_store_pin_file: opts.key_store_pin_file.clone(),
    }
}
