//! The emulated world the integration tests run the agent in, built once here for every test
//! file: a private agent home and scratch directory, and on demand an independent ORG CA
//! (`openssl ca`, tests/common/orgca.rs), a CPS card (SoftHSM2 behind the PIN lock-out shim,
//! tests/common/p11shim.rs), a structure's key store token (SoftHSM2), the annuaire (slapd,
//! tests/common/ldap.rs) and the emulated IGC Santé platform (`mock-card pfc` over TLS).
//!
//! ```ignore
//! let w = World::new().with_pki();
//! w.csr(&Order::pharmacie().usage("auth_cli,sign").replace());
//! let cert = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
//! let out = w.import(&[&cert, &w.ca().intermediate()]);
//! ```
//!
//! [`World::agent`] is the agent command every test runs: [`super::agent`] (private home, no
//! inherited AGENT_* settings, `LANG=C.UTF-8`) pointed at the world's card and key store.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::json;

use super::csr::KeyStore;
use super::ldap::Annuaire;
use super::orgca::OrgCa;
use super::p11shim::TestCard;
use super::pcsc::VirtualReader;
use super::pfc::Pfc;
use super::{run, stderr};

/// The FINESS id most tests order for.
pub const FINESS_ID: &str = "1010000024";
/// The name that goes with it.
pub const PHARMACIE: &str = "PHARMACIE DU TEST";
/// The holder id of the CPS `mock-card provision` makes.
pub const HOLDER: &str = "899700270616";

/// What `agent csr` (or `agent enroll`) is told about the structure ordered for: the
/// `--structure`, `--name`, `--dept`, `--usage` and `--replace` arguments, in that order.
#[derive(Debug, Clone)]
pub struct Order {
    structure: String,
    name: Option<String>,
    dept: Option<String>,
    usage: Option<String>,
    replace: bool,
}

impl Order {
    /// An order for `structure` named `name`, département 75, default usages, no `--replace`.
    pub fn new(structure: &str, name: &str) -> Order {
        Order {
            structure: structure.to_string(),
            name: Some(name.to_string()),
            dept: Some("75".to_string()),
            usage: None,
            replace: false,
        }
    }

    /// [`FINESS_ID`], [`PHARMACIE`], département 75.
    pub fn pharmacie() -> Order {
        Order::new(FINESS_ID, PHARMACIE)
    }

    /// Another `--dept` (`None`: no `--dept` at all).
    pub fn dept(mut self, dept: Option<&str>) -> Order {
        self.dept = dept.map(str::to_string);
        self
    }

    /// `--usage LIST`.
    pub fn usage(mut self, list: &str) -> Order {
        self.usage = Some(list.to_string());
        self
    }

    /// `--replace`.
    pub fn replace(mut self) -> Order {
        self.replace = true;
        self
    }

    /// The structure id.
    pub fn structure(&self) -> &str {
        &self.structure
    }

    /// The arguments, without the subcommand.
    pub fn args(&self) -> Vec<String> {
        let mut a = vec!["--structure".to_string(), self.structure.clone()];
        if let Some(n) = &self.name {
            a.extend(["--name".to_string(), n.clone()]);
        }
        if let Some(d) = &self.dept {
            a.extend(["--dept".to_string(), d.clone()]);
        }
        if let Some(u) = &self.usage {
            a.extend(["--usage".to_string(), u.clone()]);
        }
        if self.replace {
            a.push("--replace".to_string());
        }
        a
    }

    /// [`Self::args`] followed by `extra`.
    pub fn with(&self, extra: &[&str]) -> Vec<String> {
        let mut a = self.args();
        a.extend(extra.iter().map(|x| x.to_string()));
        a
    }
}

/// A validity period relative to now.
#[derive(Debug, Clone, Copy)]
pub enum Validity {
    /// From `from` to `to` days from now.
    Days(i64, i64),
    /// Issued `from_days` ago (a negative number), ending `to_secs` seconds from now: import it,
    /// then wait for it to expire in place ([`World::wait_until_expired`]).
    EndsInSeconds(i64, i64),
}

/// The card of a world: the provisioned CPS, its PIN file and its provisioning description.
pub struct WorldCard {
    /// The card.
    pub card: TestCard,
    /// A 0600 file holding its PIN.
    pub pin: PathBuf,
    /// The provisioning description (what `mock-card pfc --provision` reads).
    pub json: PathBuf,
}

/// An agent home and the emulated pieces around it. See the module documentation.
pub struct World {
    /// The agent's home (its store is `home/store`, its orders `home/pending`).
    pub home: tempfile::TempDir,
    /// Scratch space for issued and hand-made files.
    pub work: tempfile::TempDir,
    // Dropped first: pcscd stops (and its lock is released) before anything else goes.
    reader: Option<VirtualReader>,
    pki: Option<OrgCa>,
    card: Option<WorldCard>,
    key_store: Option<KeyStore>,
    directory: Option<Annuaire>,
    platform: Option<Pfc>,
    issued: Cell<u32>,
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl World {
    /// A new empty home and scratch directory, nothing else.
    pub fn new() -> World {
        World {
            home: tempfile::tempdir().expect("tempdir"),
            work: tempfile::tempdir().expect("tempdir"),
            reader: None,
            pki: None,
            card: None,
            key_store: None,
            directory: None,
            platform: None,
            issued: Cell::new(0),
        }
    }

    /// With an independent ORG CA (TEST root and ORGANISATIONS intermediate).
    pub fn with_pki(mut self) -> World {
        self.pki = Some(OrgCa::new());
        self
    }

    /// With a CPS card of PIN `pin`, used through the PIN lock-out shim by [`Self::agent`].
    pub fn with_card(mut self, pin: &str) -> World {
        let card = TestCard::provision(pin);
        let json = card.provision_json();
        let pin = card.pin_file(pin);
        self.card = Some(WorldCard { card, pin, json });
        self
    }

    /// With a card reader: real pcscd and vpcd, the virtual card (`atr`: cps3, cps4 or hex)
    /// inserted if `inserted` (`mock-card reader start`, tests/common/pcsc.rs). Holds the
    /// machine-wide pcscd lock for the world's life.
    pub fn with_reader(mut self, atr: &str, inserted: bool) -> World {
        self.reader = Some(VirtualReader::start(atr, inserted));
        self
    }

    /// With a SoftHSM2 key store token `label` of its own (its SOFTHSM2_CONF is [`Self::agent`]'s
    /// unless the world has a card).
    pub fn with_key_store(mut self, label: &str) -> World {
        self.key_store = Some(KeyStore::new(label));
        self
    }

    /// With the annuaire holding these LDIF files (`ldap::ldif(name)`).
    pub fn with_directory(mut self, ldifs: &[PathBuf]) -> World {
        self.directory = Some(Annuaire::start(ldifs));
        self
    }

    /// With the annuaire holding the procedure's example and the project's test cases.
    pub fn with_test_directory(mut self) -> World {
        self.directory = Some(Annuaire::with_test_data());
        self
    }

    /// With the platform running (see [`Self::platform`]), kept as [`Self::pfc`].
    pub fn with_platform(mut self, structures: &[&str], extra: &[&str]) -> World {
        let p = self.platform(structures, extra);
        self.platform = Some(p);
        self
    }

    /// The CA ([`Self::with_pki`]).
    pub fn ca(&self) -> &OrgCa {
        self.pki.as_ref().expect("World::with_pki() was not called")
    }

    /// The card ([`Self::with_card`]).
    pub fn card(&self) -> &TestCard {
        &self.world_card().card
    }

    fn world_card(&self) -> &WorldCard {
        self.card
            .as_ref()
            .expect("World::with_card() was not called")
    }

    /// The card's PIN file.
    pub fn pin(&self) -> &Path {
        &self.world_card().pin
    }

    /// The card's test CA certificate (its IGC Santé TEST root), as `mock-card provision` made it.
    pub fn card_ca(&self) -> String {
        self.card().card.get("ca_cert")
    }

    /// The reader ([`Self::with_reader`]).
    pub fn reader(&self) -> &VirtualReader {
        self.reader
            .as_ref()
            .expect("World::with_reader() was not called")
    }

    /// The key store ([`Self::with_key_store`]).
    pub fn key_store(&self) -> &KeyStore {
        self.key_store
            .as_ref()
            .expect("World::with_key_store() was not called")
    }

    /// The annuaire ([`Self::with_directory`]).
    pub fn directory(&self) -> &Annuaire {
        self.directory
            .as_ref()
            .expect("World::with_directory() was not called")
    }

    /// The platform ([`Self::with_platform`]).
    pub fn pfc(&self) -> &Pfc {
        self.platform
            .as_ref()
            .expect("World::with_platform() was not called")
    }

    /// Starts a platform for the world's card: [`HOLDER`] is habilitated for `structures`;
    /// `extra` are more `mock-card pfc` arguments.
    pub fn platform(&self, structures: &[&str], extra: &[&str]) -> Pfc {
        Pfc::start(
            &self.world_card().json,
            &json!({ HOLDER: structures }),
            extra,
        )
    }

    /// The home directory.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// An `agent` command for this home ([`super::agent`]), on the world's card through the shim
    /// if it has one, else seeing its key store's SoftHSM2 configuration if it has one.
    pub fn agent(&self) -> Command {
        match (&self.card, &self.key_store) {
            (Some(c), _) => c.card.agent_shim(self.home.path()),
            (None, Some(ks)) => ks.agent(self.home.path()),
            (None, None) => super::agent(self.home.path()),
        }
    }

    /// An `agent` command for this home on the world's card through SoftHSM2 directly (no PIN
    /// lock-out shim).
    pub fn agent_softhsm(&self) -> Command {
        self.card().agent_softhsm(self.home.path())
    }

    /// [`Self::agent`] with `args`, run.
    pub fn run(&self, args: &[&str]) -> Output {
        run(self.agent().args(args))
    }

    /// `agent csr` for `order` followed by `extra`, not run.
    pub fn csr_cmd(&self, order: &Order, extra: &[&str]) -> Command {
        let mut c = self.agent();
        c.arg("csr").args(order.args()).args(extra);
        c
    }

    /// `agent csr` for `order`; asserts exit 0.
    pub fn csr(&self, order: &Order) {
        let out = run(&mut self.csr_cmd(order, &[]));
        assert_eq!(out.status.code(), Some(0), "agent csr: {}", stderr(&out));
    }

    /// The path of a file in the pending order of `structure`.
    pub fn pending(&self, structure: &str, file: &str) -> PathBuf {
        self.home.path().join("pending").join(structure).join(file)
    }

    /// The live directory of a slot.
    pub fn live(&self, structure: &str, usage: &str) -> PathBuf {
        self.home
            .path()
            .join("store")
            .join(structure)
            .join(usage)
            .join("live")
    }

    /// Issues the certificate of the pending request of `usage` (`auth_cli`, `sign`, `conf`) with
    /// the extensions of the same profile. Returns its PEM path (a new file each time).
    pub fn issue(&self, structure: &str, usage: &str, validity: Validity) -> PathBuf {
        self.issue_as(structure, usage, usage, validity)
    }

    /// Issues the certificate of the pending request of `usage` with the extensions of `profile`.
    pub fn issue_as(
        &self,
        structure: &str,
        usage: &str,
        profile: &str,
        validity: Validity,
    ) -> PathBuf {
        let csr = self.pending(structure, &format!("{usage}.csr.pem"));
        self.issue_csr(&csr, profile, validity)
    }

    /// Issues a certificate for the request `csr` with the extensions of `profile`.
    pub fn issue_csr(&self, csr: &Path, profile: &str, validity: Validity) -> PathBuf {
        let n = self.issued.get() + 1;
        self.issued.set(n);
        let stem = csr
            .file_name()
            .map(|f| f.to_string_lossy().replace(".csr.pem", ""))
            .unwrap_or_default();
        let out = self
            .work
            .path()
            .join(format!("issued-{n}-{stem}-{profile}.pem"));
        match validity {
            Validity::Days(from, to) => self.ca().issue_days(csr, profile, from, to, &out),
            Validity::EndsInSeconds(from_days, to_secs) => {
                let now = time::OffsetDateTime::now_utc();
                self.ca().issue(
                    csr,
                    profile,
                    &super::openssl_time(now + time::Duration::days(from_days)),
                    &super::openssl_time(now + time::Duration::seconds(to_secs)),
                    &out,
                )
            }
        }
    }

    /// `agent import` of `files` with the CA's root as trust anchor and `--test-pki`, then
    /// `extra`.
    pub fn import_with(&self, files: &[&Path], extra: &[&str]) -> Output {
        run(self
            .agent()
            .arg("import")
            .args(files)
            .arg("--trust-anchor")
            .arg(self.ca().root())
            .arg("--test-pki")
            .args(extra))
    }

    /// [`Self::import_with`] without more arguments.
    pub fn import(&self, files: &[&Path]) -> Output {
        self.import_with(files, &[])
    }

    /// Orders and installs certificates for `structure`: one `(usage, validity)` per usage
    /// (`agent csr --usage … --replace`, the CA issues, `agent import` with the intermediate).
    pub fn install(&self, structure: &str, name: &str, certs: &[(&str, Validity)]) {
        let usages: Vec<&str> = certs.iter().map(|(u, _)| *u).collect();
        self.csr(
            &Order::new(structure, name)
                .usage(&usages.join(","))
                .replace(),
        );
        let mut files: Vec<PathBuf> = certs
            .iter()
            .map(|(u, v)| self.issue(structure, u, *v))
            .collect();
        files.push(self.ca().intermediate());
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let out = self.import(&refs);
        assert_eq!(out.status.code(), Some(0), "agent import: {}", stderr(&out));
    }

    /// Orders `usage` alone for FINESS_ID (PHARMACIE DU TEST, département 01) and issues the
    /// request for 3 years. Returns the certificate's PEM path (in the home).
    pub fn order_and_issue(&self, usage: &str) -> PathBuf {
        self.csr(&Order::pharmacie().dept(Some("01")).usage(usage));
        self.ca().issue_days(
            &self.pending(FINESS_ID, &format!("{usage}.csr.pem")),
            usage,
            0,
            1095,
            &self.home.path().join(format!("issued-{usage}.pem")),
        )
    }

    /// `agent status` with `args`, without the built-in IGC Santé anchors (the store holds
    /// certificates of the test's own CA: only `--trust-anchor` given here verifies them, and
    /// without one only the first link is checked). The default, built-in anchors, is tested
    /// with [`Self::status_default`].
    pub fn status(&self, args: &[&str]) -> Output {
        run(self
            .agent()
            .arg("status")
            .arg("--no-builtin-anchors")
            .args(args))
    }

    /// `agent status` with `args` and the default anchors (built-in ones).
    pub fn status_default(&self, args: &[&str]) -> Output {
        run(self.agent().arg("status").args(args))
    }

    /// Writes `content` to the scratch file `name`; returns its path.
    pub fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.work.path().join(name);
        std::fs::write(&p, content).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        p
    }

    /// A secret scratch file (mode 0600).
    pub fn secret(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.work.path().join(name);
        super::write_secret(&p, content);
        p
    }

    /// The store's files and their contents, for "untouched" assertions.
    pub fn store_tree(&self) -> BTreeMap<String, Vec<u8>> {
        super::tree(&self.home.path().join("store"))
    }

    /// The whole home's files and their contents.
    pub fn home_tree(&self) -> BTreeMap<String, Vec<u8>> {
        super::tree(self.home.path())
    }

    /// Replaces a file of a live version (the version directories are never modified by the
    /// agent: this is what a hand edit or a damaged disk does).
    pub fn damage(&self, structure: &str, usage: &str, file: &str, content: &[u8]) {
        let p = self.live(structure, usage).join(file);
        std::fs::write(&p, content).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    }

    /// Sleeps until the live certificate of a slot has expired (one second past its notAfter, as
    /// openssl reads it).
    pub fn wait_until_expired(&self, structure: &str, usage: &str) {
        let not_after =
            super::store::openssl_not_after(&self.live(structure, usage).join("cert.pem"));
        loop {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            if now > not_after {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(
                ((not_after - now + 1) * 1000) as u64,
            ));
        }
    }
}
