//! `agent renew` end to end: due certificates renewed over EST (`simplereenroll` on the emulated
//! platform), others untouched, the old pair live until the new one is installed, the deploy
//! hook's environment, the dry run, and fast failures for scripts.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pfc::Pfc;
use common::world::{Order, World, FINESS_ID, PHARMACIE};
use common::{run, stderr, stdout};
use serde_json::Value;

const SIRET_ID: &str = "373282932000074";

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn serial(cert: &Path) -> String {
    let o = Command::new("openssl")
        .args(["x509", "-noout", "-serial", "-in"])
        .arg(cert)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .trim()
        .trim_start_matches("serial=")
        .to_string()
}

/// What the renewal tests do in their world (a CPS through the PIN lock-out shim, its platform,
/// and an ORG CA of the test's own for certificates installed beforehand).
impl World {
    /// [`World::agent`] with the card's `--pin-file`.
    fn agent_pin(&self) -> Command {
        let mut c = self.agent();
        c.arg("--pin-file").arg(self.pin());
        c
    }

    fn anchors(&self) -> Vec<String> {
        vec![
            "--trust-anchor".into(),
            self.card_ca(),
            "--trust-anchor".into(),
            s(&self.ca().root()),
            "--test-pki".into(),
        ]
    }

    /// Installs certificates for `structure` issued by the test's openssl CA, valid `days` more.
    fn install_days(&self, structure: &str, name: &str, days: i64) {
        let out = run(self
            .agent_pin()
            .arg("csr")
            .args(Order::new(structure, name).args()));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut files = vec![s(&self.ca().intermediate())];
        for usage in ["auth_cli", "sign"] {
            let out = self.home.path().join(format!("{structure}-{usage}.pem"));
            self.ca().issue_days(
                &self.pending(structure, &format!("{usage}.csr.pem")),
                usage,
                days - 1095,
                days,
                &out,
            );
            files.push(s(&out));
        }
        let out = run(self
            .agent_pin()
            .arg("import")
            .args(&files)
            .args(self.anchors()));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    fn live_cert(&self, structure: &str, usage: &str) -> PathBuf {
        self.live(structure, usage).join("cert.pem")
    }

    fn renew(&self, pfc: &Pfc, args: &[&str]) -> std::process::Output {
        run(self
            .agent_pin()
            .arg("renew")
            .args(["--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
            .args(self.anchors())
            .args(args))
    }
}

#[test]
fn due_certificates_renewed_others_untouched_with_hook() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 30);
    w.install_days(SIRET_ID, "SELARL IMAGERIE TEST", 700);
    let old_due = serial(&w.live_cert(FINESS_ID, "auth_cli"));
    let old_other = serial(&w.live_cert(SIRET_ID, "auth_cli"));
    let pfc = w.platform(&[FINESS_ID, SIRET_ID], &["--delay-ms", "700"]);
    let hook_out = w.home.path().join("hook.log");
    let hook = format!(
        "echo \"$AGENT_STRUCTURE $AGENT_USAGE $AGENT_LIVE $RENEWED_LINEAGE $AGENT_SERIAL $AGENT_CERT $AGENT_KEY\" >> {}",
        s(&hook_out)
    );
    // Watch the live certificate while the renewal runs: it is the old one until the new is
    // installed, never missing.
    let mut child = w
        .agent_pin()
        .arg("renew")
        .args([
            "--est-url",
            &pfc.url,
            "--est-ca",
            &s(&pfc.tls_ca),
            "--json",
            "--deploy-hook",
            &hook,
        ])
        .args(w.anchors())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = vec![];
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "renew took too long");
        let now = serial(&w.live_cert(FINESS_ID, "auth_cli"));
        assert!(
            !now.is_empty(),
            "the live certificate disappeared during renewal"
        );
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(seen.first(), Some(&old_due), "the old pair was live first");
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["due"], 2, "{j}");
    assert_eq!(j["checked"], 4);
    let outcomes = j["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 2);
    assert!(
        outcomes
            .iter()
            .all(|o| o["state"] == "installed" && o["structure"] == FINESS_ID),
        "{j}"
    );
    let new_due = serial(&w.live_cert(FINESS_ID, "auth_cli"));
    assert_ne!(new_due, old_due);
    assert_eq!(
        serial(&w.live_cert(SIRET_ID, "auth_cli")),
        old_other,
        "not due: untouched"
    );
    // Re-enrollment was used, with the card's TLS identity.
    let reenroll = pfc
        .requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").ends_with("simplereenroll"))
        .count();
    assert_eq!(reenroll, 2);
    // The answers held the new certificates only (RFC 7030 §4.2.3): the chain came from
    // /cacerts, asked once for the whole run, and the installed chain verifies under the root.
    let cacerts = pfc
        .requests()
        .iter()
        .filter(|r| r["path"] == "/.well-known/est/cacerts")
        .count();
    assert_eq!(cacerts, 1, "one /cacerts per run");
    for usage in ["auth_cli", "sign"] {
        let live = w.live_cert(FINESS_ID, usage);
        let chain = live.with_file_name("chain.pem");
        let o = Command::new("openssl")
            .args(["verify", "-CAfile"])
            .arg(w.card().card.get("ca_cert"))
            .arg("-untrusted")
            .arg(&chain)
            .arg(&live)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    // The previous version is kept.
    assert!(w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("auth_cli/versions/v0001/cert.pem")
        .exists());
    assert_eq!(
        std::fs::read_link(
            w.home
                .path()
                .join("store")
                .join(FINESS_ID)
                .join("auth_cli/live")
        )
        .unwrap(),
        PathBuf::from("versions/v0002")
    );
    // The hook ran once per install with the right environment.
    let log = std::fs::read_to_string(&hook_out).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    let auth: Vec<&str> = lines
        .iter()
        .find(|l| l.contains(" AUTH_CLI "))
        .unwrap()
        .split(' ')
        .collect();
    let live = s(&w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("auth_cli/live"));
    assert_eq!(auth[0], FINESS_ID);
    assert_eq!(auth[2], live);
    assert_eq!(auth[3], live, "RENEWED_LINEAGE");
    assert_eq!(auth[4].to_uppercase(), new_due.to_uppercase());
    assert_eq!(auth[5], format!("{live}/cert.pem"));
    assert_eq!(auth[6], format!("{live}/privkey.pem"));
    assert_eq!(
        w.card().counters().real_logins,
        1,
        "one card login for the run"
    );

    // Nothing is due any more: exit 0 and it says so.
    let out = w.renew(&pfc, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Nothing due"), "{}", stdout(&out));
}

#[test]
fn pin_fd_serves_a_whole_multi_structure_run() {
    use std::io::{Read, Write};
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 30);
    w.install_days(SIRET_ID, "SELARL IMAGERIE TEST", 30);
    let old = [
        serial(&w.live_cert(FINESS_ID, "auth_cli")),
        serial(&w.live_cert(SIRET_ID, "auth_cli")),
    ];
    let logins_before = w.card().counters().real_logins;
    let pfc = w.platform(&[FINESS_ID, SIRET_ID], &[]);
    let path = w.home.path().join("pin-then-more");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"1234\nnot the agent's\n").unwrap();
    drop(f);
    let mut f = std::fs::File::open(&path).unwrap();
    // --pin-fd instead of World's --pin-file.
    let mut c = w.agent();
    c.args(["--pin-fd", "3", "renew", "--json"])
        .args(["--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
        .args(w.anchors());
    common::pass_as_fd3(&mut c, &f);
    let out = run(&mut c);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let outcomes = j["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 4, "{j}");
    assert!(outcomes.iter().all(|o| o["state"] == "installed"), "{j}");
    assert_ne!(serial(&w.live_cert(FINESS_ID, "auth_cli")), old[0]);
    assert_ne!(serial(&w.live_cert(SIRET_ID, "auth_cli")), old[1]);
    assert_eq!(
        w.card().counters().real_logins - logins_before,
        1,
        "the PIN read once, one card login for both structures"
    );
    // Read up to the first newline only, and the descriptor left as it was handed over.
    let mut rest = String::new();
    f.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "not the agent's\n");
}

#[test]
fn failing_hook_is_reported_and_the_install_stays() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 10);
    // This platform puts the chain in its answers (--include-chain): no /cacerts needed.
    let pfc = w.platform(&[FINESS_ID], &["--include-chain"]);
    let out = w.renew(&pfc, &["--deploy-hook", "exit 3"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("deploy hook") && stderr(&out).contains("stays installed"),
        "{}",
        stderr(&out)
    );
    assert!(w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("auth_cli/versions/v0002")
        .exists());
    assert!(
        !pfc.requests()
            .iter()
            .any(|r| r["path"] == "/.well-known/est/cacerts"),
        "the answer's chain was complete"
    );
    let chain = std::fs::read_to_string(
        w.home
            .path()
            .join("store")
            .join(FINESS_ID)
            .join("auth_cli/versions/v0002/chain.pem"),
    )
    .unwrap();
    assert_eq!(
        chain,
        std::fs::read_to_string(w.card().card.get("organisations_ca_cert")).unwrap()
    );
}

#[test]
fn dry_run_changes_nothing() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 20);
    let pfc = w.platform(&[FINESS_ID], &[]);
    let before = w.home_tree();
    let out = w.renew(
        &pfc,
        &["--dry-run", "--deploy-hook", "touch /nonexistent/x"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Dry run")
            && text.contains(FINESS_ID)
            && text.contains("software")
            && text.contains(&pfc.url),
        "{text}"
    );
    assert!(text.contains("touch /nonexistent/x"), "{text}");
    assert_eq!(before, w.home_tree(), "the dry run changed the home");
    assert!(pfc.requests().is_empty());
    assert_eq!(w.card().counters().real_logins, 0, "no login in a dry run");
    let out = w.renew(&pfc, &["--dry-run", "--json"]);
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["due"].as_array().unwrap().len(), 2);
    assert_eq!(j["due"][0]["reason"], "expiring");
}

#[test]
fn scripts_fail_fast_without_card_or_pin() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 20);
    let pfc = w.platform(&[FINESS_ID], &[]);
    let start = Instant::now();
    // No PIN source and no terminal: exit 24 at once.
    let out = run(w
        .agent()
        .args(["renew", "--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
        .args(w.anchors()));
    assert_eq!(out.status.code(), Some(24), "{}", stderr(&out));
    // The card is absent (no such token): exit 21, no request sent, nothing changed.
    let before = w.home_tree();
    let out = run(w
        .agent_pin()
        .env("AGENT_TOKEN", "CPS ABSENTE")
        .args(["renew", "--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
        .args(w.anchors()));
    assert_eq!(out.status.code(), Some(21), "{}", stderr(&out));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert!(pfc.requests().is_empty());
    // The store and the pending area are untouched; the failure is recorded for `agent notify`
    // (<home>/notify/state.json, one record per due certificate, the last error).
    let outside_notify = |t: std::collections::BTreeMap<String, Vec<u8>>| {
        t.into_iter()
            .filter(|(k, _)| !k.starts_with("notify"))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(outside_notify(before), outside_notify(w.home_tree()));
    let state: serde_json::Value = serde_json::from_slice(
        &std::fs::read(w.home.path().join("notify/state.json")).expect("renewal failure recorded"),
    )
    .unwrap();
    let failures = state["renew_failures"].as_object().unwrap();
    assert_eq!(failures.len(), 2, "{state:#}");
    for f in failures.values() {
        assert!(
            f["error"].as_str().unwrap().contains("CPS ABSENTE"),
            "{state:#}"
        );
    }
}

#[test]
fn without_a_platform_renewal_is_a_portal_order() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 20);
    let out = run(w.agent_pin().args(["renew", "--within", "30d"]));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("DMP AUTHENTIFICATION"),
        "{}",
        stdout(&out)
    );
    let order = w
        .home
        .path()
        .join("pending")
        .join(FINESS_ID)
        .join("order.json");
    let j: Value = serde_json::from_str(&std::fs::read_to_string(order).unwrap()).unwrap();
    assert_eq!(j["raison_sociale"], "PHARMACIE DU TEST");
    assert_eq!(
        j["dept"], "75",
        "the département comes from the live certificate"
    );
    // The old pair is still live, and status shows the order as pending beside it.
    assert!(w.live_cert(FINESS_ID, "auth_cli").exists());
    // (status verifies up to the anchors, built-in ones by default: give the test roots)
    let out = run(w.agent_pin().args(["status", "--json"]).args(w.anchors()));
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let states: Vec<(String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["structure"] == FINESS_ID)
        .map(|r| {
            (
                r["usage"].as_str().unwrap().to_string(),
                r["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for usage in ["AUTH_CLI", "SIGN"] {
        assert!(
            states.contains(&(usage.to_string(), "pending".to_string())),
            "{states:?}"
        );
        assert!(
            states.contains(&(usage.to_string(), "expiring".to_string())),
            "{states:?}"
        );
    }
    // Within a window that does not reach it: nothing due.
    let out = run(w.agent_pin().args(["renew", "--within", "5d"]));
    assert_eq!(out.status.code(), Some(0));
}

/// Two overlapping `agent renew` runs (a timer and a hand-started one) submit the order once: the
/// second waits for the structure's order lock held from submission to install, then finds the new
/// certificates installed.
#[test]
fn overlapping_renewals_submit_the_order_once() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 30);
    let pfc = w.platform(&[FINESS_ID], &["--delay-ms", "1500"]);
    let spawn = |lang: &str| {
        common::in_locale(w.agent_pin(), lang)
            .arg("renew")
            .args(["--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca), "--json"])
            .args(w.anchors())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let reenrolls = || {
        pfc.requests()
            .iter()
            .filter(|r| r["path"].as_str().unwrap_or("").ends_with("simplereenroll"))
            .count()
    };
    let first = spawn("C.UTF-8");
    // The second starts once the first has submitted (its order is on disk).
    let deadline = Instant::now() + Duration::from_secs(60);
    while reenrolls() == 0 {
        assert!(Instant::now() < deadline, "the first run never submitted");
        std::thread::sleep(Duration::from_millis(20));
    }
    // In French: the wait notice too.
    let second = spawn("fr_FR.UTF-8");
    let a = first.wait_with_output().unwrap();
    let b = second.wait_with_output().unwrap();
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    assert_eq!(
        reenrolls(),
        2,
        "one simplereenroll per usage, not one per run"
    );
    assert!(
        stderr(&b)
            .contains("agent: une autre exécution de l'agent modifie le magasin\u{a0}; attente…"),
        "{}",
        stderr(&b)
    );
    assert!(!stderr(&b).contains("waiting"), "{}", stderr(&b));
    assert!(
        stderr(&a).contains(&format!(
            "agent: {FINESS_ID} auth_cli: sending the request to the platform (simplereenroll)"
        )),
        "{}",
        stderr(&a)
    );
    let j: Value = serde_json::from_str(&stdout(&b)).unwrap();
    assert!(
        j["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["state"] == "already_installed"),
        "{j}"
    );
}

/// Orders with `agent csr` and `extra` arguments, has the test CA issue the requests of `usages`
/// (valid `days` more) with the subject `subject(usage)` when given (a CA that writes ST its own
/// way), and imports them.
fn install_ordered(
    w: &World,
    structure: &str,
    usages: &[&str],
    extra: &[&str],
    days: i64,
    subject: Option<&dyn Fn(&str) -> String>,
) {
    let order = Order::new(structure, PHARMACIE)
        .dept(None)
        .usage(&usages.join(","));
    let out = run(w.agent_pin().arg("csr").args(order.with(extra)));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pending = w.home.path().join("pending").join(structure);
    let mut files = vec![s(&w.ca().intermediate())];
    for usage in usages {
        let csr = pending.join(format!("{usage}.csr.pem"));
        let cert = w.home.path().join(format!("{structure}-{usage}.pem"));
        match subject {
            None => {
                w.ca().issue_days(&csr, usage, days - 1095, days, &cert);
            }
            Some(subject) => {
                let fmt = |d: i64| {
                    common::openssl_time(time::OffsetDateTime::now_utc() + time::Duration::days(d))
                };
                let o = Command::new("openssl")
                    .current_dir(w.ca().dir.path())
                    .args(["ca", "-config", "ca.cnf", "-batch", "-notext", "-utf8"])
                    .args(["-cert", "org.pem", "-keyfile", "org.key"])
                    .args(["-extensions", usage, "-subj", &subject(usage)])
                    .args(["-startdate", &fmt(days - 1095), "-enddate", &fmt(days)])
                    .arg("-in")
                    .arg(&csr)
                    .arg("-out")
                    .arg(&cert)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            }
        }
        files.push(s(&cert));
    }
    let out = run(w.agent_pin().arg("import").args(&files).args(w.anchors()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn pending_order(w: &World, structure: &str) -> Value {
    let order = w
        .home
        .path()
        .join("pending")
        .join(structure)
        .join("order.json");
    serde_json::from_str(&std::fs::read_to_string(order).unwrap()).unwrap()
}

fn live_meta(w: &World, structure: &str, usage: &str) -> (PathBuf, Value) {
    let path = w.live_cert(structure, usage).with_file_name("meta.json");
    let j = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, j)
}

/// Renewal replays the order that made the live version (meta.json): an ECDSA P-256 key stays
/// P-256 (not RSA 2048), and the département is the one ordered, even when the CA wrote ST its
/// own way (no "(NN)" to parse).
#[test]
fn renewal_keeps_the_key_algorithm_and_departement_of_the_order() {
    let w = World::new().with_card("1234").with_pki();
    let subject = |usage: &str| {
        let cn = if usage == "auth_cli" {
            "DMP AUTHENTIFICATION"
        } else {
            "DMP SIGNATURE"
        };
        format!("/C=FR/ST=Corse-du-Sud/O=PHARMACIE DU TEST/OU={FINESS_ID}/CN={cn}")
    };
    install_ordered(
        &w,
        FINESS_ID,
        &["auth_cli", "sign"],
        &["--dept", "2A", "--key-type", "p256"],
        20,
        Some(&subject),
    );
    let (_, meta) = live_meta(&w, FINESS_ID, "auth_cli");
    assert_eq!(meta["dept"], "2A", "{meta}");
    let out = run(w
        .agent_pin()
        .args(["renew", "--within", "30d", "--dry-run"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("new key ECDSA P-256"),
        "{}",
        stdout(&out)
    );
    assert_eq!(meta["key_algorithm"], "p256", "{meta}");
    assert_eq!(meta["service"], "DMP AUTHENTIFICATION", "{meta}");

    let out = run(w.agent_pin().args(["renew", "--within", "30d"]));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    let j = pending_order(&w, FINESS_ID);
    assert_eq!(j["dept"], "2A", "the département of the order: {j}");
    let usages = j["usages"].as_array().unwrap();
    assert_eq!(usages.len(), 2, "{j}");
    for u in usages {
        assert_eq!(u["key_algorithm"], "p256", "{j}");
        assert!(
            u["subject"]
                .as_str()
                .unwrap()
                .contains("ST=Corse-du-Sud (2A)"),
            "{j}"
        );
        // The request itself holds an EC P-256 key.
        let csr = w
            .home
            .path()
            .join("pending")
            .join(FINESS_ID)
            .join(u["csr"].as_str().unwrap());
        let o = Command::new("openssl")
            .args(["req", "-noout", "-text", "-in"])
            .arg(&csr)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains("prime256v1") || text.contains("P-256"),
            "{text}"
        );
    }
}

/// An RSA 3072 key is renewed as RSA 3072.
#[test]
fn renewal_keeps_an_rsa_3072_key() {
    let w = World::new().with_card("1234").with_pki();
    install_ordered(
        &w,
        FINESS_ID,
        &["auth_cli"],
        &["--dept", "69", "--key-type", "rsa3072"],
        20,
        None,
    );
    let out = run(w.agent_pin().args(["renew", "--within", "30d"]));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    let j = pending_order(&w, FINESS_ID);
    assert_eq!(j["dept"], "69", "{j}");
    assert_eq!(j["usages"][0]["key_algorithm"], "rsa3072", "{j}");
}

/// A CONF certificate (whose service applicatif the procedure does not name) is renewed with the
/// name it was ordered with; for a version installed by an older agent (meta.json without the
/// order's parameters), with the live certificate's CN, its ST and RSA 2048.
#[test]
fn renewing_a_conf_certificate_keeps_its_service_name() {
    let w = World::new().with_card("1234").with_pki();
    install_ordered(
        &w,
        FINESS_ID,
        &["conf"],
        &["--dept", "75", "--conf-service", "CHIFFREMENT CABINET"],
        20,
        None,
    );
    let out = run(w
        .agent_pin()
        .args(["renew", "--within", "30d", "--dry-run"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("new request CN \"CHIFFREMENT CABINET\""),
        "{}",
        stdout(&out)
    );
    let out = run(w.agent_pin().args(["renew", "--within", "30d"]));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    let j = pending_order(&w, FINESS_ID);
    assert_eq!(j["usages"][0]["usage"], "conf", "{j}");
    assert_eq!(j["usages"][0]["service"], "CHIFFREMENT CABINET", "{j}");
    assert!(
        j["usages"][0]["subject"]
            .as_str()
            .unwrap()
            .ends_with("CN=CHIFFREMENT CABINET"),
        "{j}"
    );

    // The same with a meta.json written by an older agent.
    let w = World::new().with_card("1234").with_pki();
    install_ordered(
        &w,
        FINESS_ID,
        &["conf"],
        &[
            "--dept",
            "13",
            "--conf-service",
            "CHIFFREMENT OFFICINE",
            "--key-type",
            "rsa3072",
        ],
        20,
        None,
    );
    let (path, mut meta) = live_meta(&w, FINESS_ID, "conf");
    let m = meta.as_object_mut().unwrap();
    for k in ["dept", "key_algorithm", "service"] {
        assert!(m.remove(k).is_some(), "{k} recorded");
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
    let out = run(w.agent_pin().args(["renew", "--within", "30d"]));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    let j = pending_order(&w, FINESS_ID);
    assert_eq!(j["usages"][0]["service"], "CHIFFREMENT OFFICINE", "{j}");
    assert_eq!(j["dept"], "13", "from the certificate's ST: {j}");
    assert_eq!(
        j["usages"][0]["key_algorithm"], "rsa2048",
        "an older meta.json says no algorithm: {j}"
    );
}

/// `agent renew` under a French locale: the workflow's steps are French.
#[test]
fn renewal_progress_in_french() {
    let w = World::new().with_card("1234").with_pki();
    w.install_days(FINESS_ID, "PHARMACIE DU TEST", 30);
    let pfc = w.platform(&[FINESS_ID], &[]);
    let out = run(common::in_locale(w.agent_pin(), "fr_FR.UTF-8")
        .arg("renew")
        .args(["--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
        .args(w.anchors()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for want in [
        format!("agent: {FINESS_ID} auth_cli\u{a0}: envoi de la demande à la plateforme (simplereenroll)"),
        format!("agent: {FINESS_ID} sign\u{a0}: envoi de la demande à la plateforme (simplereenroll)"),
        format!("agent: {FINESS_ID}\u{a0}: vérification et installation de ce que la plateforme a émis"),
    ] {
        assert!(err.contains(&want), "{want:?} not in\n{err}");
    }
    assert!(
        !err.contains("sending the request") && !err.contains("checking and installing"),
        "{err}"
    );
}
