//! Keys generated on a PKCS#11 token (a SoftHSM2 token standing in for a structure's HSM) stay
//! there: the store records the key's URI and the certificate is also written on the token.
//!
//! The HSM is reached through OpenSC's `pkcs11-spy` (`PKCS11SPY=<SoftHSM>`,
//! `PKCS11SPY_OUTPUT=<log>`), an independent logger of every PKCS#11 call: the tests count the
//! `C_Login` calls of each run and read which PIN reached the HSM. The card's `--pin-file` holds
//! another PIN, which must never reach it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use agent::card::uri::Pkcs11Uri;
use common::csr::write_pin;
use common::p11shim::spy_module;
use common::world::{Order, World, FINESS_ID};
use common::{run, stderr};

const SOFTHSM: &str = "/usr/lib/softhsm/libsofthsm2.so";
const HSM_PIN: &str = "5678";
const CARD_PIN: &str = "1234";
const LABEL: &str = "HSM STRUCTURE";

/// A SoftHSM HSM token behind the spy, a card PIN file and an agent home.
struct Hsm {
    dir: tempfile::TempDir,
    conf: PathBuf,
    /// The HSM's PIN file (0600).
    pin: PathBuf,
    /// The card's PIN file (0600), given as --pin-file: it must never reach the HSM.
    card_pin: PathBuf,
    /// The agent's home and the ORG CA that issues the certificates.
    w: World,
}

/// One PKCS#11 login the spy logged: the PIN bytes and the return value.
#[derive(Debug, PartialEq, Eq)]
struct Login {
    pin: String,
    rv: String,
}

impl Hsm {
    fn new() -> Hsm {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tokens")).unwrap();
        let conf = dir.path().join("softhsm2.conf");
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                dir.path().join("tokens").display()
            ),
        )
        .unwrap();
        let init = Command::new("softhsm2-util")
            .args(["--init-token", "--free", "--label", LABEL, "--pin", HSM_PIN])
            .args(["--so-pin", "12345678"])
            .env("SOFTHSM2_CONF", &conf)
            .output()
            .expect("softhsm2-util (package softhsm2)");
        assert!(
            init.status.success(),
            "{}",
            String::from_utf8_lossy(&init.stderr)
        );
        let pin = dir.path().join("hsm.pin");
        write_pin(&pin, HSM_PIN);
        let card_pin = dir.path().join("card.pin");
        write_pin(&card_pin, CARD_PIN);
        Hsm {
            dir,
            conf,
            pin,
            card_pin,
            w: World::new().with_pki(),
        }
    }

    fn spy_log(&self) -> PathBuf {
        self.dir.path().join("spy.log")
    }

    /// The key store URI: the HSM through the spy, with `pin-source` if asked.
    fn uri(&self, pin_source: Option<&Path>) -> String {
        let mut u = format!(
            "pkcs11:token=HSM%20STRUCTURE?module-path={}",
            spy_module().display()
        );
        if let Some(p) = pin_source {
            u += &format!("&pin-source=file:{}", p.display());
        }
        u
    }

    /// Runs the agent with the card's --pin-file; the spy log is emptied first.
    fn run(&self, args: &[&str]) -> Output {
        let _ = std::fs::remove_file(self.spy_log());
        let mut c = self.w.agent();
        c.env("SOFTHSM2_CONF", &self.conf)
            .env("PKCS11SPY", SOFTHSM)
            .env("PKCS11SPY_OUTPUT", self.spy_log())
            .env("AGENT_PKCS11_MODULE", SOFTHSM)
            .arg("--pin-file")
            .arg(&self.card_pin)
            .args(args);
        run(&mut c)
    }

    /// The C_Login calls of the last run, as the spy logged them.
    fn logins(&self) -> Vec<Login> {
        let log = std::fs::read_to_string(self.spy_log()).unwrap_or_default();
        let mut out = Vec::new();
        let mut lines = log.lines();
        while let Some(l) = lines.next() {
            if !l.ends_with(": C_Login") {
                continue;
            }
            let mut pin = String::new();
            let mut rv = String::new();
            for l in lines.by_ref() {
                if let Some(r) = l.strip_prefix("Returned:") {
                    rv = r.split_whitespace().nth(1).unwrap_or("").to_string();
                    break;
                }
                // "    00000000  35 36 37 38      5678": the hex bytes of pPin.
                if let Some(hex) = l.trim_start().strip_prefix("00000000") {
                    pin = hex
                        .split_whitespace()
                        .take_while(|w| w.len() == 2 && w.bytes().all(|b| b.is_ascii_hexdigit()))
                        .map(|w| u8::from_str_radix(w, 16).unwrap() as char)
                        .collect();
                }
            }
            out.push(Login { pin, rv });
        }
        out
    }

    fn csr(&self, key_store: &str, usage: &str) -> Output {
        let order = Order::pharmacie().dept(Some("01")).usage(usage);
        let mut args = vec!["csr".to_string()];
        args.extend(order.with(&["--key-store", key_store]));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args)
    }

    /// Issues the pending requests of `usages` and returns the import arguments.
    fn issue(&self, usages: &[&str]) -> Vec<String> {
        let mut files = vec![self.w.ca().intermediate().display().to_string()];
        for u in usages {
            let csr = self.w.pending(FINESS_ID, &format!("{u}.csr.pem"));
            let cert = self.w.home().join(format!("{u}.pem"));
            self.w.ca().issue_days(&csr, u, 0, 1095, &cert);
            files.push(cert.display().to_string());
        }
        files.extend([
            "--trust-anchor".to_string(),
            self.w.ca().root().display().to_string(),
            "--test-pki".to_string(),
        ]);
        files
    }

    fn import(&self, files: &[String]) -> Output {
        let mut args = vec!["import"];
        args.extend(files.iter().map(String::as_str));
        self.run(&args)
    }

    fn live(&self, usage: &str) -> PathBuf {
        self.w.live(FINESS_ID, usage)
    }
}

fn hsm_login_only(logins: &[Login], what: &str) {
    assert_eq!(
        logins,
        &[Login {
            pin: HSM_PIN.into(),
            rv: "CKR_OK".into()
        }],
        "{what}: exactly one login, with the HSM's PIN (never the card's {CARD_PIN})"
    );
}

#[test]
fn token_keys_stay_on_the_token_and_the_certificate_joins_them() {
    let hsm = Hsm::new();
    // Changed openly (issue 11): this test used to pass the HSM's PIN as the card's --pin-file,
    // which only worked because the key store fell back to the card's PIN source. The HSM's PIN
    // now comes from the key store URI's pin-source; --pin-file holds the card's PIN.
    let out = hsm.csr(&hsm.uri(Some(&hsm.pin)), "auth_cli,sign");
    assert_eq!(out.status.code(), Some(0), "csr: {}", stderr(&out));
    hsm_login_only(&hsm.logins(), "csr");
    // The stored key URIs keep the key store's PIN source.
    let order: serde_json::Value = serde_json::from_slice(
        &std::fs::read(hsm.w.home().join("pending/1010000024/order.json")).expect("order.json"),
    )
    .unwrap();
    let pin_source = format!("file:{}", hsm.pin.display());
    let stored = |uri: &str| {
        Pkcs11Uri::parse(uri.trim())
            .unwrap_or_else(|e| panic!("{uri}: {e}"))
            .query
            .get("pin-source")
            .cloned()
    };
    assert_eq!(
        stored(order["key_store"].as_str().unwrap()).as_deref(),
        Some(pin_source.as_str()),
        "{order}"
    );

    let files = hsm.issue(&["auth_cli", "sign"]);
    let out = hsm.import(&files);
    assert_eq!(out.status.code(), Some(0), "import: {}", stderr(&out));
    // Both usages in one run: one login on the token, the module initialized and finalized once.
    hsm_login_only(&hsm.logins(), "import");
    let log = std::fs::read_to_string(hsm.spy_log()).unwrap();
    assert_eq!(log.matches(": C_Initialize").count(), 1, "{log}");
    assert_eq!(log.matches(": C_Finalize").count(), 1, "{log}");

    for usage in ["auth_cli", "sign"] {
        let live = hsm.live(usage);
        assert!(
            !live.join("privkey.pem").exists(),
            "a token key must not be written to disk"
        );
        assert!(!live.join("bundle.p12").exists());
        let uri = std::fs::read_to_string(live.join("key.uri")).unwrap();
        assert!(
            uri.starts_with("pkcs11:") && uri.contains("token=HSM%20STRUCTURE"),
            "{uri}"
        );
        assert!(uri.contains("id="), "{uri}");
        assert_eq!(stored(&uri).as_deref(), Some(pin_source.as_str()), "{uri}");
    }

    // pkcs11-tool sees the certificates next to the keys, with the same CKA_ID.
    let list = Command::new("pkcs11-tool")
        .args(["--module", SOFTHSM, "--token-label", LABEL, "--login"])
        .args(["--pin", HSM_PIN, "--list-objects"])
        .env("SOFTHSM2_CONF", &hsm.conf)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert_eq!(text.matches("Certificate Object").count(), 2, "{text}");
    assert!(text.contains("1010000024 AUTH_CLI"), "{text}");
    assert!(text.contains("1010000024 SIGN"), "{text}");
    let live_der = pem::parse(std::fs::read(hsm.live("auth_cli").join("cert.pem")).unwrap())
        .unwrap()
        .into_contents();
    let key_uri = std::fs::read_to_string(hsm.live("auth_cli").join("key.uri")).unwrap();
    let id = key_uri
        .split(';')
        .find_map(|a| a.strip_prefix("id="))
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .replace('%', "");
    // The certificate on the token with the key's CKA_ID is the live one.
    let read = Command::new("pkcs11-tool")
        .args(["--module", SOFTHSM, "--token-label", LABEL])
        .args(["--read-object", "--type", "cert", "--id", &id])
        .env("SOFTHSM2_CONF", &hsm.conf)
        .output()
        .unwrap();
    assert_eq!(
        read.stdout,
        live_der,
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
}

#[test]
fn the_card_pin_never_reaches_the_key_store() {
    let hsm = Hsm::new();
    // No pin-source and no [key_store] pin_file: the card's --pin-file is not a source for the
    // HSM; the run stops before any login, with exit 24.
    let out = hsm.csr(&hsm.uri(None), "auth_cli");
    assert_eq!(out.status.code(), Some(24), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("no PIN source for the key store token"),
        "{err}"
    );
    assert!(err.contains("pin-source=file:"), "{err}");
    assert!(err.contains("[key_store] pin_file"), "{err}");
    assert_eq!(hsm.logins(), [], "no login may be attempted");
    assert!(!hsm.w.home().join("pending/1010000024").exists());

    // [key_store] pin_file is the other source.
    std::fs::write(
        hsm.w.home().join("config.toml"),
        format!(
            "[key_store]\npin_file = {:?}\n",
            hsm.pin.display().to_string()
        ),
    )
    .unwrap();
    let out = hsm.csr(&hsm.uri(None), "auth_cli");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    hsm_login_only(&hsm.logins(), "csr with [key_store] pin_file");
    let files = hsm.issue(&["auth_cli"]);
    let out = hsm.import(&files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    hsm_login_only(&hsm.logins(), "import with [key_store] pin_file");
}

#[test]
fn a_wrong_key_store_pin_is_tried_once_and_nothing_is_installed() {
    let hsm = Hsm::new();
    let out = hsm.csr(&hsm.uri(Some(&hsm.pin)), "auth_cli,sign");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = hsm.issue(&["auth_cli", "sign"]);
    write_pin(&hsm.pin, "0000");
    let out = hsm.import(&files);
    assert_eq!(out.status.code(), Some(22), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("wrong PIN for the key store token \"HSM STRUCTURE\""),
        "{err}"
    );
    assert!(!err.contains("0000"), "{err}");
    assert_eq!(
        hsm.logins(),
        [Login {
            pin: "0000".into(),
            rv: "CKR_PIN_INCORRECT".into()
        }],
        "one try for both usages"
    );
    for usage in ["auth_cli", "sign"] {
        assert!(!hsm.live(usage).exists(), "{usage} installed half-way");
    }

    // With the right PIN both install in one run.
    write_pin(&hsm.pin, HSM_PIN);
    let out = hsm.import(&files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    hsm_login_only(&hsm.logins(), "import");
    for usage in ["auth_cli", "sign"] {
        assert!(hsm.live(usage).join("key.uri").exists(), "{usage}");
    }
}

#[test]
fn a_key_store_pin_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let hsm = Hsm::new();
    std::fs::set_permissions(&hsm.pin, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = hsm.csr(&hsm.uri(Some(&hsm.pin)), "auth_cli");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("mode 0644"), "{err}");
    assert!(
        err.contains(&format!("chmod 600 {}", hsm.pin.display())),
        "{err}"
    );
    assert_eq!(hsm.logins(), [], "no login may be attempted");
}
