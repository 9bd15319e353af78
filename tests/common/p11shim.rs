//! A provisioned CPx test card (`mock-card provision`, SoftHSM2) used directly or through the
//! `mockcps_pkcs11` module, which adds a real card's PIN lock-out (3 tries) that SoftHSM lacks;
//! and the OpenSC module, a middleware that sees cards through pcscd.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::card::Card;

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

/// The agent's home directory under a test directory (`common::agent` fills it in).
pub fn home(under: &Path) -> PathBuf {
    under.join("home")
}

/// Shim counters of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    /// Wrong PINs since the last good one.
    pub failures: u32,
    /// User logins that reached SoftHSM.
    pub real_logins: u32,
}

/// A provisioned CPS card (`common::card::Card`) with its token serial, the key of the shim's
/// state.
pub struct TestCard {
    /// The card (temporary directory, provisioning description).
    pub card: Card,
    /// The token label.
    pub label: String,
    /// The token serial.
    pub serial: String,
}

impl TestCard {
    /// Provisions a CPS card with this PIN.
    pub fn provision(pin: &str) -> TestCard {
        assert!(
            Path::new(SOFTHSM_MODULE).exists(),
            "{SOFTHSM_MODULE} is missing: install the softhsm2 package"
        );
        let card = Card::provision("cps", &["--pin", pin]);
        let label = card.get("token_label");
        let mut t = TestCard {
            card,
            label,
            serial: String::new(),
        };
        let o = super::run(
            t.agent_softhsm(&t.home())
                .args(["card", "status", "--json"]),
        );
        assert!(
            o.status.success(),
            "agent card status on the new card: {}",
            super::stderr(&o)
        );
        let v: Value = serde_json::from_slice(&o.stdout).expect("status JSON");
        t.serial = v["token"]["serial"].as_str().expect("serial").to_string();
        // Once through the shim, which gives the token its line in the state file.
        let o = super::run(t.agent_shim(&t.home()).args(["card", "status", "--json"]));
        assert!(
            o.status.success(),
            "agent card status through the shim: {}",
            super::stderr(&o)
        );
        t
    }

    /// SOFTHSM2_CONF of the card.
    pub fn softhsm2_conf(&self) -> PathBuf {
        self.card.conf()
    }

    /// The shim's state file for this card.
    pub fn state_file(&self) -> PathBuf {
        self.card.dir.path().join("mockcps-state")
    }

    /// The agent's home for this card.
    pub fn home(&self) -> PathBuf {
        home(self.card.dir.path())
    }

    /// `agent` on the card through SoftHSM directly (no PIN lock-out).
    pub fn agent_softhsm(&self, home: &Path) -> Command {
        self.card.agent(home)
    }

    /// `agent` on the card through the shim (a real card's PIN lock-out).
    pub fn agent_shim(&self, home: &Path) -> Command {
        let mut c = self.card.agent(home);
        c.env("MOCKCPS_STATE", self.state_file())
            .env_remove("MOCKCPS_REAL_MODULE")
            .env("AGENT_PKCS11_MODULE", shim_module());
        c
    }

    /// Writes a PIN file (mode 0600) and returns its path.
    pub fn pin_file(&self, pin: &str) -> PathBuf {
        self.card.pin_file(pin)
    }

    /// Writes the provisioning description (what `mock-card pfc --provision` reads) and returns
    /// its path.
    pub fn provision_json(&self) -> PathBuf {
        let json = self.card.dir.path().join("card.json");
        std::fs::write(&json, self.card.info.to_string()).expect("write card.json");
        json
    }

    /// The shim's counters for this card. A missing line is an error: the shim writes one the
    /// first time it reports the token, so "no line" means the serial is wrong or the shim never
    /// saw the card, and must not pass for "zero logins".
    pub fn counters(&self) -> Counters {
        let text = std::fs::read_to_string(self.state_file()).unwrap_or_else(|e| {
            panic!(
                "the shim's state file {} cannot be read ({e}): the card was never used through the shim",
                self.state_file().display()
            )
        });
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() == 3 && f[0] == self.serial {
                return Counters {
                    failures: f[1].parse().expect("failures"),
                    real_logins: f[2].parse().expect("real logins"),
                };
            }
        }
        panic!(
            "no line for token serial {:?} in the shim's state file {}:\n{text}",
            self.serial,
            self.state_file().display()
        )
    }
}

/// OpenSC's PKCS#11 module: a middleware that, like the Cryptolib CPS, sees cards through pcscd
/// (no pcscd or no card: no token at all).
pub fn opensc_module() -> PathBuf {
    [
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib64/opensc-pkcs11.so",
        "/usr/lib/opensc-pkcs11.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("opensc-pkcs11.so is missing: install the opensc package")
}

/// OpenSC's `pkcs11-spy.so` (Debian package opensc-pkcs11): loads the module named by `PKCS11SPY`
/// and logs every call, with its arguments and return value, to `PKCS11SPY_OUTPUT`.
pub fn spy_module() -> PathBuf {
    [
        "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so",
        "/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so",
        "/usr/lib/aarch64-linux-gnu/pkcs11-spy.so",
        "/usr/lib64/pkcs11-spy.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("pkcs11-spy.so is missing: install the opensc-pkcs11 package")
}
