//! `--key-store` tokens (issue 11): the URI selects what it says (slot-id among two SoftHSM2
//! tokens; object attributes refused), and SIGTERM during `agent csr` leaves no key on the token.
//! Tokens are real SoftHSM2 tokens, read back with OpenSC's `pkcs11-tool` and `softhsm2-util`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::csr::{ok, require_tools, KeyStore, SOFTHSM_MODULE};
use common::world::{Order, World, FINESS_ID};
use common::{run, stderr};

/// `agent csr` in `w` for AUTH_CLI and SIGN of FINESS_ID with keys on `uri`, a token of `ks`.
fn csr(w: &World, ks: &KeyStore, uri: &str) -> Command {
    let order = Order::pharmacie().usage("auth_cli,sign").replace();
    let mut c = w.csr_cmd(&order, &["--key-store", uri]);
    c.env("SOFTHSM2_CONF", &ks.conf);
    c
}

/// (object class, label) of every object on the token `label`, as `pkcs11-tool -O` lists them
/// after a login.
fn objects(ks: &KeyStore, label: &str) -> Vec<(String, String)> {
    let text = ok(Command::new("pkcs11-tool")
        .env("SOFTHSM2_CONF", &ks.conf)
        .args(["--module", SOFTHSM_MODULE, "--token-label", label])
        .args(["--login", "--pin", &ks.pin, "--list-objects"]));
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.trim_end();
        if let Some((class, _)) = l.split_once(" Object;") {
            out.push((class.trim().to_string(), String::new()));
        } else if let Some(v) = l.trim_start().strip_prefix("label:") {
            if let Some(last) = out.last_mut() {
                last.1 = v.trim().to_string();
            }
        }
    }
    out
}

/// Whether a staging area of the home holds a request (`*.csr.pem`).
fn staging_has_a_request(home: &Path) -> bool {
    let Ok(rd) = std::fs::read_dir(home.join("pending")) else {
        return false;
    };
    rd.flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".staging-"))
        .any(|e| {
            std::fs::read_dir(e.path()).is_ok_and(|files| {
                files
                    .flatten()
                    .any(|f| f.file_name().to_string_lossy().ends_with(".csr.pem"))
            })
        })
}

fn uri_with(ks: &KeyStore, path: &str) -> String {
    format!(
        "pkcs11:{path}?module-path={SOFTHSM_MODULE}&pin-source=file:{}",
        ks.pin_file.display()
    )
}

/// `--key-store pkcs11:slot-id=N` puts the keys on the token in slot N, of two tokens of the same
/// module (whichever comes first in the slot list); the order names that token by label.
#[test]
fn key_store_slot_id_picks_the_token_in_that_slot() {
    require_tools();
    let a = KeyStore::new("ORG KEYS A");
    let dir = a.dir.as_ref().unwrap().path().to_path_buf();
    let b = KeyStore::init(&dir, a.conf.clone(), "ORG KEYS B");
    let (slot_a, slot_b) = (
        common::softhsm_slot_of(&a.conf, "ORG KEYS A"),
        common::softhsm_slot_of(&b.conf, "ORG KEYS B"),
    );
    assert_ne!(slot_a, slot_b);
    for (target, other, slot) in [(&b, &a, slot_b), (&a, &b, slot_a)] {
        let w = World::new();
        let before = objects(other, &other.label).len();
        let out = run(&mut csr(
            &w,
            target,
            &uri_with(target, &format!("slot-id={slot}")),
        ));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let on_target: Vec<_> = objects(target, &target.label)
            .into_iter()
            .filter(|(class, label)| {
                class == "Private Key" && label.starts_with(&format!("ORG AUTH_CLI {FINESS_ID}"))
            })
            .collect();
        assert_eq!(on_target.len(), 1, "slot {slot}: {on_target:?}");
        assert_eq!(
            objects(other, &other.label).len(),
            before,
            "nothing on the token of the other slot"
        );
        let order = std::fs::read_to_string(w.pending(FINESS_ID, "order.json")).unwrap();
        assert!(
            order.contains(&format!("token={}", target.label.replace(' ', "%20"))),
            "{order}"
        );
    }
    // A slot with no token: not found (exit 21), the tokens present listed, nothing made.
    let w = World::new();
    let out = run(&mut csr(&w, &a, &uri_with(&a, "slot-id=4242")));
    assert_eq!(out.status.code(), Some(21), "{}", stderr(&out));
    assert!(stderr(&out).contains("ORG KEYS A"), "{}", stderr(&out));
}

/// Object attributes (`object=`, `id=`, `type=`) and vendor attributes cannot choose a token: a
/// `--key-store` URI with them is refused before any token is opened, naming them (exit 2).
#[test]
fn key_store_uri_with_object_attributes_is_refused_naming_them() {
    require_tools();
    let ks = KeyStore::new("ORG KEYS");
    for (path, named) in [
        ("token=ORG%20KEYS;object=mykey", "object="),
        ("token=ORG%20KEYS;id=%01%02", "id="),
        ("token=ORG%20KEYS;type=private", "type="),
        ("token=ORG%20KEYS;object=k;type=private", "object=, type="),
        ("token=ORG%20KEYS;x-vendor=1", "x-vendor="),
    ] {
        let w = World::new();
        let out = run(&mut csr(&w, &ks, &uri_with(&ks, path)));
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "has {named}, which the agent does not use to choose a token"
            )),
            "{path}: {err}"
        );
        assert!(err.contains(&format!("Remove {named}")), "{err}");
        assert!(objects(&ks, "ORG KEYS").is_empty(), "{path}");
        assert!(!w.home().join("pending").join(FINESS_ID).exists());
    }
    // Without them, the same token is used.
    let w = World::new();
    let out = run(&mut csr(&w, &ks, &ks.uri()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        objects(&ks, "ORG KEYS")
            .iter()
            .filter(|(c, _)| c == "Private Key")
            .count(),
        2
    );
}

/// SIGTERM (and SIGINT) during `agent csr --key-store pkcs11:…`, after the first key pair is made
/// on the token and before the order is written: the process dies of the signal (as documented,
/// docs/security.md), saying what it removed, and no object of the run is left on the token; the
/// next run's keys are kept.
#[test]
fn sigterm_during_csr_on_a_token_leaves_no_key() {
    use std::os::unix::process::ExitStatusExt;
    require_tools();
    let w = World::new().with_key_store("ORG KEYS");
    let (ks, home) = (w.key_store(), &w.home);
    for (sig, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGINT, "SIGINT")] {
        let child = csr(&w, ks, &ks.uri())
            .env("AGENT_TEST_STEP_DELAY_MS", "5000")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the first request is written in the staging area: its key pair is on the
        // token, and the run pauses 5 s. (The token is not polled meanwhile: SoftHSM2 does not
        // expect another process to read a token while objects are being made on it.)
        let start = Instant::now();
        while !staging_has_a_request(home.path()) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no request appeared in a staging area"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: signalling our own child by pid.
        unsafe { libc::kill(child.id() as i32, sig) };
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.signal(),
            Some(sig),
            "{name}: {:?} {err}",
            out.status
        );
        assert!(
            err.contains("and the 1 key pair(s) it had made on a token"),
            "{name}: {err}"
        );
        assert_eq!(objects(ks, "ORG KEYS"), Vec::new(), "{name}: objects left");
        assert!(
            !home.path().join("pending").join(FINESS_ID).exists(),
            "{name}"
        );
    }
    // An uninterrupted run: its two key pairs stay (an order holds them).
    let out = run(&mut csr(&w, ks, &ks.uri()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let objs = objects(ks, "ORG KEYS");
    assert_eq!(
        objs.iter().filter(|(c, _)| c == "Private Key").count(),
        2,
        "{objs:?}"
    );
    assert_eq!(
        objs.iter().filter(|(c, _)| c == "Public Key").count(),
        2,
        "{objs:?}"
    );
}
