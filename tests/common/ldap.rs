//! The annuaire CPS for tests: `mock-card ldap` (a real slapd on 127.0.0.1 with the custom
//! schema), stopped by pid when the guard is dropped, also on panic.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The LDIF files shipped with mock-card.
pub fn ldif(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("mock-card/ldap")
        .join(name)
}

/// A running directory. Dropping it stops mock-card (SIGTERM), then slapd by its pid file if it
/// is still there.
pub struct Annuaire {
    child: Child,
    /// `ldap://127.0.0.1:PORT/`.
    pub url: String,
    dir: tempfile::TempDir,
}

fn kill(pid: i32, sig: i32) -> bool {
    // SAFETY: kill(2) on a pid this test started.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(pid, sig) == 0
    }
}

impl Annuaire {
    /// Starts slapd with these LDIF files of activities.
    pub fn start(ldifs: &[PathBuf]) -> Annuaire {
        for tool in ["slapd", "slapadd"] {
            assert!(
                super::have(tool) || Path::new("/usr/sbin").join(tool).exists(),
                "{tool} is missing: install the Debian package slapd (and ldap-utils)"
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("annuaire-test-")
            .tempdir()
            .unwrap();
        let data = dir.path().join("slapd");
        let log = dir.path().join("mock-card.log");
        let mut cmd = Command::new(super::mock_card_bin());
        cmd.arg("ldap").arg("--dir").arg(&data);
        for l in ldifs {
            cmd.arg("--ldif").arg(l);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("cannot start mock-card ldap");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line.trim().to_string();
        if !url.starts_with("ldap://127.0.0.1:") {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "mock-card ldap did not start: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        Annuaire { child, url, dir }
    }

    /// The procedure's example and the project's own test cases.
    pub fn with_test_data() -> Annuaire {
        Annuaire::start(&[ldif("procedure-example.ldif"), ldif("test-cases.ldif")])
    }

    /// The pid of slapd.
    pub fn slapd_pid(&self) -> Option<i32> {
        std::fs::read_to_string(self.dir.path().join("slapd/slapd.pid"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
    }
}

impl Drop for Annuaire {
    fn drop(&mut self) {
        let slapd = self.slapd_pid();
        kill(self.child.id() as i32, libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(pid) = slapd {
            if kill(pid, 0) {
                kill(pid, libc::SIGKILL);
            }
        }
    }
}
