//! A CPx card emulated on SoftHSM2 by `mock-card provision`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A provisioned card.
pub struct Card {
    /// Its temporary directory (softhsm2.conf, tokens, PKI).
    pub dir: tempfile::TempDir,
    /// What `mock-card provision` printed.
    pub info: Value,
}

impl Card {
    /// Provisions a card of `kind` ("cps", "cpe", "cpa") with extra `mock-card provision` args.
    pub fn provision(kind: &str, extra: &[&str]) -> Card {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::provision_in(dir, kind, extra)
    }

    /// Provisions into an existing temporary directory (several tokens may share it).
    pub fn provision_in(dir: tempfile::TempDir, kind: &str, extra: &[&str]) -> Card {
        let out = Command::new(super::mock_card_bin())
            .args(["provision", "--dir"])
            .arg(dir.path())
            .args(["--kind", kind])
            .args(extra)
            .output()
            .expect("running mock-card provision");
        assert!(
            out.status.success(),
            "mock-card provision failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let info: Value = serde_json::from_slice(&out.stdout).expect("provision JSON");
        Card { dir, info }
    }

    /// A string field of the provisioning description.
    pub fn get(&self, key: &str) -> String {
        self.info[key]
            .as_str()
            .unwrap_or_else(|| panic!("no {key} in {}", self.info))
            .to_string()
    }

    /// SOFTHSM2_CONF for this card.
    pub fn conf(&self) -> PathBuf {
        PathBuf::from(self.get("softhsm2_conf"))
    }

    /// An `agent` command (private home `home`) pointed at this card's module and token.
    pub fn agent(&self, home: &Path) -> Command {
        let mut c = super::agent(home);
        c.env("SOFTHSM2_CONF", self.conf())
            .env("AGENT_PKCS11_MODULE", self.get("module"))
            .env("AGENT_TOKEN", self.get("token_label"));
        c
    }

    /// Writes a PIN file (0600) and returns its path.
    pub fn pin_file(&self, pin: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.dir.path().join(format!("pin-{pin}"));
        std::fs::write(&p, format!("{pin}\n")).expect("write pin");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        p
    }
}
