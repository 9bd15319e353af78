//! A provisioned CPx test card (`mock-card provision`, SoftHSM2) used directly or through the
//! `mockcps_pkcs11` module, which adds a real card's PIN lock-out (3 tries) that SoftHSM lacks.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// Debian's SoftHSM2 module.
pub const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// The shim module built next to the agent (`cargo build --workspace --bins` leaves it in
/// `target/debug/deps/`, a plain `cargo build` also in `target/debug/`): the newest of the two.
pub fn shim_module() -> PathBuf {
    let dir = super::agent_bin()
        .parent()
        .expect("target dir")
        .to_path_buf();
    let candidates = [
        dir.join("libmockcps_pkcs11.so"),
        dir.join("deps").join("libmockcps_pkcs11.so"),
    ];
    candidates
        .iter()
        .filter_map(|p| Some((std::fs::metadata(p).ok()?.modified().ok()?, p)))
        .max()
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| {
            panic!(
                "libmockcps_pkcs11.so is missing from {} and its deps/: run `cargo build --workspace --bins` first",
                dir.display()
            )
        })
}

/// A home directory for `common::agent` with an empty configuration file.
pub fn home(under: &Path) -> PathBuf {
    let home = under.join("home");
    std::fs::create_dir_all(&home).expect("home");
    std::fs::write(home.join("config.toml"), "").expect("config.toml");
    home
}

/// Shim counters of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    /// Wrong PINs since the last good one.
    pub failures: u32,
    /// User logins that reached SoftHSM.
    pub real_logins: u32,
}

/// A provisioned test card.
pub struct TestCard {
    /// Holds softhsm2.conf, tokens/, the PKI, the shim state and pin files.
    pub dir: tempfile::TempDir,
    /// What `mock-card provision` printed.
    pub info: Value,
    /// The token label.
    pub label: String,
    /// The token serial (key of the shim's state).
    pub serial: String,
}

impl TestCard {
    /// Provisions a CPS card with this PIN.
    pub fn provision(pin: &str) -> TestCard {
        assert!(
            Path::new(SOFTHSM_MODULE).exists(),
            "{SOFTHSM_MODULE} is missing: install the softhsm2 package"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let out = Command::new(super::mock_card_bin())
            .args(["provision", "--pin", pin, "--dir"])
            .arg(dir.path().join("card"))
            .stdin(Stdio::null())
            .output()
            .expect("mock-card provision");
        assert!(
            out.status.success(),
            "mock-card provision failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let info: Value = serde_json::from_slice(&out.stdout).expect("provision JSON");
        let label = info["token_label"].as_str().expect("label").to_string();
        let mut card = TestCard {
            dir,
            info,
            label,
            serial: String::new(),
        };
        let o = super::run(
            card.agent_softhsm(&card.home())
                .args(["card", "status", "--json"]),
        );
        assert!(
            o.status.success(),
            "agent card status on the new card: {}",
            super::stderr(&o)
        );
        let v: Value = serde_json::from_slice(&o.stdout).expect("status JSON");
        card.serial = v["token"]["serial"].as_str().expect("serial").to_string();
        card
    }

    /// SOFTHSM2_CONF of the card.
    pub fn softhsm2_conf(&self) -> PathBuf {
        PathBuf::from(self.info["softhsm2_conf"].as_str().expect("softhsm2_conf"))
    }

    /// The shim's state file for this card.
    pub fn state_file(&self) -> PathBuf {
        self.dir.path().join("mockcps-state")
    }

    /// The agent's home for this card.
    pub fn home(&self) -> PathBuf {
        home(self.dir.path())
    }

    /// `agent` on the card through SoftHSM directly (no PIN lock-out).
    pub fn agent_softhsm(&self, home: &Path) -> Command {
        let mut c = super::agent(home);
        c.env("SOFTHSM2_CONF", self.softhsm2_conf())
            .env("AGENT_PKCS11_MODULE", SOFTHSM_MODULE)
            .env("AGENT_TOKEN", &self.label);
        c
    }

    /// `agent` on the card through the shim (a real card's PIN lock-out).
    pub fn agent_shim(&self, home: &Path) -> Command {
        let mut c = super::agent(home);
        c.env("SOFTHSM2_CONF", self.softhsm2_conf())
            .env("MOCKCPS_STATE", self.state_file())
            .env_remove("MOCKCPS_REAL_MODULE")
            .env("AGENT_PKCS11_MODULE", shim_module())
            .env("AGENT_TOKEN", &self.label);
        c
    }

    /// Writes a PIN file (mode 0600) and returns its path.
    pub fn pin_file(&self, name: &str, pin: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, format!("{pin}\n")).expect("pin file");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        p
    }

    /// The shim's counters for this card (zero before any login).
    pub fn counters(&self) -> Counters {
        let text = std::fs::read_to_string(self.state_file()).unwrap_or_default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() == 3 && f[0] == self.serial {
                return Counters {
                    failures: f[1].parse().expect("failures"),
                    real_logins: f[2].parse().expect("real logins"),
                };
            }
        }
        Counters {
            failures: 0,
            real_logins: 0,
        }
    }
}

/// A SoftHSM2 configuration with no token at all (the card middleware sees no card).
pub fn empty_softhsm(under: &Path) -> PathBuf {
    let tokens = under.join("empty-tokens");
    std::fs::create_dir_all(&tokens).expect("tokens dir");
    let conf = under.join("empty-softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )
    .expect("softhsm2.conf");
    conf
}
