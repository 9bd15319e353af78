//! `agent import`: every delivery format, the checks, the store layout, PKCS#12 and NSS targets,
//! crash safety and concurrency. Certificates come from an independent CA made with `openssl` in
//! the test (tests/common/orgca.rs).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::orgca::OrgCa;
use common::world::{Order, Validity, World, FINESS_ID};
use common::{run, stderr, stdout};

const SIRET_ID: &str = "373282932000074";

fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn cat(files: &[&Path]) -> Vec<u8> {
    files
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect()
}

/// The live pair is complete and matching, checked with openssl only.
fn assert_live_pair(w: &World, structure: &str, usage: &str) -> String {
    let live = w.live(structure, usage);
    let cert = live.join("cert.pem");
    let key = live.join("privkey.pem");
    let from_key = openssl(&["pkey", "-in", &s(&key), "-pubout"]);
    let from_cert = openssl(&["x509", "-in", &s(&cert), "-noout", "-pubkey"]);
    assert_eq!(
        from_key,
        from_cert,
        "privkey.pem does not match cert.pem in {}",
        live.display()
    );
    let v = Command::new("openssl")
        .args([
            "verify",
            "-CAfile",
            &s(&w.ca().root()),
            "-untrusted",
            &s(&live.join("chain.pem")),
            &s(&cert),
        ])
        .output()
        .unwrap();
    assert!(
        v.status.success(),
        "chain: {}",
        String::from_utf8_lossy(&v.stderr)
    );
    let full = std::fs::read_to_string(live.join("fullchain.pem")).unwrap();
    assert_eq!(full.matches("BEGIN CERTIFICATE").count(), 2);
    openssl(&["x509", "-in", &s(&cert), "-noout", "-serial"])
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn pem_with_chain_installs_both_usages_with_private_modes() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    let auth = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let sign = w.issue(FINESS_ID, "sign", Validity::Days(0, 1095));
    let bundle = w.file("all.pem", &cat(&[&auth, &w.ca().intermediate(), &sign]));
    let out = w.import_with(&[&bundle], &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j.as_array().unwrap().len(), 2);
    assert_eq!(j[0]["structure"], FINESS_ID);
    for usage in ["auth_cli", "sign"] {
        assert_live_pair(&w, FINESS_ID, usage);
        let live = w.live(FINESS_ID, usage);
        assert_eq!(mode(&live.join("privkey.pem")), 0o600);
        assert_eq!(mode(&live.join("bundle.p12")), 0o600);
        assert_eq!(mode(&live.join("cert.pem")), 0o644);
        assert_eq!(mode(&live.parent().unwrap().join("p12.pass")), 0o600);
        assert_eq!(mode(&w.home.path().join("store")), 0o700);
        assert_eq!(mode(&live.canonicalize().unwrap()), 0o700);
        assert_eq!(
            std::fs::read_link(&live).unwrap(),
            PathBuf::from("versions/v0001")
        );
    }
    // The pending keys are gone (the store has them) and the order is kept as installed.
    assert!(!w.pending(FINESS_ID, "auth_cli.key.pem").exists());
    assert!(
        w.home
            .path()
            .join("pending/.installed")
            .read_dir()
            .unwrap()
            .count()
            == 1
    );
    // Importing the same files again changes nothing.
    let before = w.store_tree();
    let out = w.import(&[&bundle]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Already installed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(before, w.store_tree());
}

#[test]
fn der_and_pkcs7_deliveries() {
    let w = World::new().with_pki();
    w.csr(&Order::new(SIRET_ID, "SELARL IMAGERIE TEST").replace());
    let auth = w.issue(SIRET_ID, "auth_cli", Validity::Days(0, 1095));
    let sign = w.issue(SIRET_ID, "sign", Validity::Days(0, 1095));
    // DER leaf + PEM chain as a second file.
    let der = w.work.path().join("auth.der");
    openssl(&[
        "x509",
        "-in",
        &s(&auth),
        "-outform",
        "DER",
        "-out",
        &s(&der),
    ]);
    let out = w.import(&[&der, &w.ca().intermediate()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_live_pair(&w, SIRET_ID, "auth_cli");
    // PKCS#7 certs-only, DER then PEM.
    let p7 = w.work.path().join("sign.p7b");
    openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &s(&sign),
        "-certfile",
        &s(&w.ca().intermediate()),
        "-outform",
        "DER",
        "-out",
        &s(&p7),
    ]);
    let out = w.import(&[&p7]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let serial = assert_live_pair(&w, SIRET_ID, "sign");
    let p7pem = w.work.path().join("sign.p7c");
    openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &s(&sign),
        "-certfile",
        &s(&w.ca().intermediate()),
        "-out",
        &s(&p7pem),
    ]);
    let out = w.import(&[&p7pem]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(assert_live_pair(&w, SIRET_ID, "sign"), serial);
}

#[test]
fn pkcs12_modern_and_legacy_bring_their_key() {
    for legacy in [false, true] {
        let w = World::new().with_pki();
        w.csr(&Order::pharmacie().replace());
        let auth = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
        let p12 = w.work.path().join("auth.p12");
        let mut args = vec!["pkcs12", "-export", "-inkey"];
        let key = s(&w.pending(FINESS_ID, "auth_cli.key.pem"));
        let (a, c, o) = (s(&auth), s(&w.ca().intermediate()), s(&p12));
        args.extend([
            key.as_str(),
            "-in",
            &a,
            "-certfile",
            &c,
            "-out",
            &o,
            "-passout",
            "pass:s3cret",
        ]);
        if legacy {
            args.push("-legacy");
        }
        openssl(&args);
        // The pending key is removed first: the PKCS#12 must bring its own.
        std::fs::remove_file(w.pending(FINESS_ID, "auth_cli.key.pem")).unwrap();
        let pw = w.secret("pw", b"s3cret\n");
        let out = w.import_with(&[&p12], &["--p12-password-file", &s(&pw)]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "legacy={legacy}: {}",
            stderr(&out)
        );
        assert_live_pair(&w, FINESS_ID, "auth_cli");
        // Wrong password: exit 3, message, store untouched.
        let before = w.store_tree();
        let bad = w.secret("badpw", b"nope\n");
        let out = w.import_with(&[&p12], &["--p12-password-file", &s(&bad)]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).contains("wrong password"), "{}", stderr(&out));
        assert_eq!(before, w.store_tree());
    }
}

#[test]
fn bundle_opens_with_openssl_and_nss_and_lands_in_the_nss_target() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    let auth = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let db = w.work.path().join("nssdb");
    std::fs::create_dir_all(&db).unwrap();
    let st = Command::new("certutil")
        .args(["-N", "-d", &format!("sql:{}", s(&db)), "--empty-password"])
        .status()
        .expect("certutil (libnss3-tools)");
    assert!(st.success());
    let export = w.work.path().join("export");
    let out = w.import_with(
        &[&auth, &w.ca().intermediate()],
        &[
            "--nss-db",
            &format!("sql:{}", s(&db)),
            "--export-dir",
            &s(&export),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("failed"), "{}", stderr(&out));
    let live = w.live(FINESS_ID, "auth_cli");
    let pass = live.parent().unwrap().join("p12.pass");
    let text = openssl(&[
        "pkcs12",
        "-in",
        &s(&live.join("bundle.p12")),
        "-passin",
        &format!("file:{}", s(&pass)),
        "-nokeys",
    ]);
    assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 2, "{text}");
    assert!(
        text.contains("CN = DMP AUTHENTIFICATION") || text.contains("CN=DMP AUTHENTIFICATION"),
        "{text}"
    );
    // NSS lists the certificate under the documented nickname, with its key.
    let list = Command::new("certutil")
        .args(["-L", "-d", &format!("sql:{}", s(&db))])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains(&format!("{FINESS_ID} AUTH_CLI")), "{list}");
    let keys = Command::new("certutil")
        .args(["-K", "-d", &format!("sql:{}", s(&db))])
        .output()
        .unwrap();
    let keys = String::from_utf8_lossy(&keys.stdout);
    // The key came with the bundle (NSS names a key by its certificate's subject or nickname).
    assert_eq!(keys.matches("rsa ").count(), 1, "{keys}");
    assert!(
        keys.contains("DMP AUTHENTIFICATION") || keys.contains(&format!("{FINESS_ID} AUTH_CLI")),
        "{keys}"
    );
    // pk12util imports the bundle into a fresh database too.
    let db2 = w.work.path().join("nssdb2");
    std::fs::create_dir_all(&db2).unwrap();
    Command::new("certutil")
        .args(["-N", "-d", &format!("sql:{}", s(&db2)), "--empty-password"])
        .status()
        .unwrap();
    let st = Command::new("pk12util")
        .args([
            "-i",
            &s(&live.join("bundle.p12")),
            "-d",
            &format!("sql:{}", s(&db2)),
            "-K",
            "",
            "-w",
            &s(&pass),
        ])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    // The export directory has the same pair.
    let exported = export.join(FINESS_ID).join("auth_cli");
    assert_eq!(
        std::fs::read(exported.join("cert.pem")).unwrap(),
        std::fs::read(live.join("cert.pem")).unwrap()
    );
    assert_eq!(mode(&exported.join("privkey.pem")), 0o600);
    // agent export --p12 re-exports with a passphrase of the user's.
    let pw = w.secret("exportpw", b"another pass\n");
    let out_p12 = w.work.path().join("re.p12");
    let out = run(w.agent().args([
        "export",
        "--structure",
        FINESS_ID,
        "--usage",
        "auth_cli",
        "--p12",
        &s(&out_p12),
        "--passphrase-file",
        &s(&pw),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&out_p12), 0o600);
    openssl(&[
        "pkcs12",
        "-in",
        &s(&out_p12),
        "-passin",
        "pass:another pass",
        "-nokeys",
    ]);
}

#[test]
fn bad_deliveries_are_refused_and_the_store_is_untouched() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    // A working pair is live first.
    let good = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let out = w.import(&[&good, &w.ca().intermediate()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    w.csr(&Order::pharmacie().replace());
    let chain = w.ca().intermediate();

    // Another agent's key.
    let other = World::new();
    other.csr(&Order::pharmacie().replace());
    let foreign = w.ca().issue_days(
        &other.pending(FINESS_ID, "auth_cli.csr.pem"),
        "auth_cli",
        0,
        1095,
        &w.work.path().join("foreign.pem"),
    );
    let untrusted_ca = OrgCa::with_names("TEST AUTRE RACINE", "TEST AUTRE AC ORGANISATIONS");
    let untrusted = untrusted_ca.issue_days(
        &w.pending(FINESS_ID, "auth_cli.csr.pem"),
        "auth_cli",
        0,
        1095,
        &w.work.path().join("untrusted.pem"),
    );
    let wrong_cn = w.work.path().join("wrongcn.pem");
    {
        let out = Command::new("openssl")
            .args([
                "ca",
                "-config",
                "ca.cnf",
                "-batch",
                "-notext",
                "-utf8",
                "-cert",
                "org.pem",
                "-keyfile",
                "org.key",
                "-extensions",
                "auth_cli",
                "-days",
                "1095",
                "-subj",
                "/C=FR/ST=Paris (75)/O=PHARMACIE DU TEST/OU=1010000024/CN=DMP AUTHENTIFICATIONS",
                "-in",
                &s(&w.pending(FINESS_ID, "auth_cli.csr.pem")),
                "-out",
                &s(&wrong_cn),
            ])
            .current_dir(w.ca().dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let auth_on_sign = w.issue_as(FINESS_ID, "sign", "auth_cli", Validity::Days(0, 1095));
    let expired = w.issue(FINESS_ID, "auth_cli", Validity::Days(-1100, -5));
    let future = w.issue(FINESS_ID, "auth_cli", Validity::Days(10, 1100));
    let mut truncated = std::fs::read(&good).unwrap();
    truncated.truncate(truncated.len() / 2);
    let truncated = w.file("truncated.pem", &truncated);
    let garbage = w.file(
        "garbage.cer",
        b"\x30\x82\x01\x00garbage that is not DER at all",
    );

    let good_again = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let untrusted_chain = untrusted_ca.intermediate();
    let before = w.store_tree();
    let pending_before = std::fs::read_dir(w.home.path().join("pending").join(FINESS_ID))
        .unwrap()
        .count();
    type Case<'a> = (&'a str, Vec<&'a Path>, Vec<&'a str>, i32, &'a str);
    let cases: Vec<Case> = vec![
        (
            "another key",
            vec![&foreign, &chain],
            vec![],
            40,
            "matches no pending key",
        ),
        (
            "another structure",
            vec![&good_again, &chain],
            vec!["--structure", SIRET_ID],
            40,
            "not 373282932000074",
        ),
        (
            "wrong CN",
            vec![&wrong_cn, &chain],
            vec![],
            40,
            "service applicatif",
        ),
        (
            "AUTH_CLI usages on the SIGN slot",
            vec![&auth_on_sign, &chain],
            vec![],
            40,
            "nonRepudiation",
        ),
        ("expired", vec![&expired, &chain], vec![], 40, "expired"),
        (
            "not yet valid",
            vec![&future, &chain],
            vec![],
            40,
            "not valid yet",
        ),
        (
            "untrusted CA",
            vec![&untrusted, &untrusted_chain],
            vec![],
            40,
            "trusted",
        ),
        (
            "truncated",
            vec![&truncated],
            vec![],
            3,
            "not a certificate",
        ),
        ("garbage", vec![&garbage], vec![], 3, "not a certificate"),
    ];
    for (name, files, extra, code, needle) in cases {
        let out = w.import_with(&files, &extra);
        assert_eq!(out.status.code(), Some(code), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(needle),
            "{name}: expected {needle:?} in: {}",
            stderr(&out)
        );
        assert_eq!(before, w.store_tree(), "{name}: the store changed");
        assert_live_pair(&w, FINESS_ID, "auth_cli");
    }
    // The pending order is intact: its keys are still needed.
    assert_eq!(
        std::fs::read_dir(w.home.path().join("pending").join(FINESS_ID))
            .unwrap()
            .count(),
        pending_before
    );
}

#[test]
fn pkcs12_with_two_keys_is_refused() {
    use p12_keystore::{Certificate, KeyStore, KeyStoreEntry, PrivateKey, PrivateKeyChain};
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    let auth = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let sign = w.issue(FINESS_ID, "sign", Validity::Days(0, 1095));
    let der = |p: &Path| {
        pem::parse(std::fs::read(p).unwrap())
            .unwrap()
            .into_contents()
    };
    let mut ks = KeyStore::new();
    for (i, (cert, key)) in [(&auth, "auth_cli.key.pem"), (&sign, "sign.key.pem")]
        .into_iter()
        .enumerate()
    {
        ks.add_entry(
            &format!("k{i}"),
            KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(
                vec![i as u8 + 1],
                PrivateKey::from_der(&der(&w.pending(FINESS_ID, key))).unwrap(),
                vec![Certificate::from_der(&der(cert)).unwrap()],
            )),
        );
    }
    let p12 = w.file("two.p12", &ks.writer("pw").write().unwrap());
    let pw = w.secret("pw", b"pw\n");
    let before = w.store_tree();
    let out = w.import_with(&[&p12], &["--p12-password-file", &s(&pw)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 private keys"), "{}", stderr(&out));
    assert_eq!(before, w.store_tree());
}

#[test]
fn rollback_and_history() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    let first = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    assert_eq!(
        w.import(&[&first, &w.ca().intermediate()]).status.code(),
        Some(0)
    );
    let serial1 = assert_live_pair(&w, FINESS_ID, "auth_cli");
    w.csr(&Order::pharmacie().replace());
    let second = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    assert_eq!(
        w.import(&[&second, &w.ca().intermediate()]).status.code(),
        Some(0)
    );
    let serial2 = assert_live_pair(&w, FINESS_ID, "auth_cli");
    assert_ne!(serial1, serial2);
    let out = run(w.agent().args(["list", "--json"]));
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j[0]["versions"], serde_json::json!([1, 2]));
    let out = run(w
        .agent()
        .args(["rollback", "--structure", FINESS_ID, "--usage", "auth_cli"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(assert_live_pair(&w, FINESS_ID, "auth_cli"), serial1);
    // No version before v1.
    let out = run(w
        .agent()
        .args(["rollback", "--structure", FINESS_ID, "--usage", "auth_cli"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no earlier version"));
}

#[test]
fn sigkill_at_any_moment_leaves_a_complete_matching_pair() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    let first = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    assert_eq!(
        w.import(&[&first, &w.ca().intermediate()]).status.code(),
        Some(0)
    );
    let mut serials = vec![assert_live_pair(&w, FINESS_ID, "auth_cli")];
    // 16 kills spread over the install steps (each step paused 15 ms by the test hook).
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    for i in 0..16u64 {
        assert!(
            std::time::Instant::now() < deadline,
            "crash loop took too long"
        );
        w.csr(&Order::pharmacie().replace());
        let cert = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
        let mut child = w
            .agent()
            .env("AGENT_TEST_STEP_DELAY_MS", "15")
            .args([
                "import",
                &s(&cert),
                &s(&w.ca().intermediate()),
                "--trust-anchor",
                &s(&w.ca().root()),
                "--test-pki",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + (i * 37) % 110));
        let _ = child.kill();
        let _ = child.wait();
        let serial = assert_live_pair(&w, FINESS_ID, "auth_cli");
        let new = openssl(&["x509", "-in", &s(&cert), "-noout", "-serial"]);
        assert!(
            serial == new || serials.contains(&serial),
            "live is neither the old nor the new certificate"
        );
        serials.push(serial);
    }
    // After all that, an import runs to the end and cleans what the killed runs left.
    w.csr(&Order::pharmacie().replace());
    let last = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let out = w.import(&[&last, &w.ca().intermediate()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        assert_live_pair(&w, FINESS_ID, "auth_cli"),
        openssl(&["x509", "-in", &s(&last), "-noout", "-serial"])
    );
    let versions = w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("auth_cli/versions");
    for e in std::fs::read_dir(versions).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(name.starts_with('v'), "leftover {name}");
        assert!(
            e.path().join("meta.json").exists(),
            "incomplete version {name}"
        );
    }
}

#[test]
fn concurrent_imports_wait_for_each_other() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().replace());
    w.csr(&Order::new(SIRET_ID, "SELARL IMAGERIE TEST").replace());
    let a = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    let b = w.issue(SIRET_ID, "auth_cli", Validity::Days(0, 1095));
    let spawn = |cert: &Path| {
        w.agent()
            .env("AGENT_TEST_STEP_DELAY_MS", "150")
            .args([
                "import",
                &s(cert),
                &s(&w.ca().intermediate()),
                "--trust-anchor",
                &s(&w.ca().root()),
                "--test-pki",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let c1 = spawn(&a);
    let c2 = spawn(&b);
    let o1 = c1.wait_with_output().unwrap();
    let o2 = c2.wait_with_output().unwrap();
    assert_eq!(o1.status.code(), Some(0), "{}", stderr(&o1));
    assert_eq!(o2.status.code(), Some(0), "{}", stderr(&o2));
    assert!(
        stderr(&o1).contains("waiting") || stderr(&o2).contains("waiting"),
        "one import should have waited for the other's lock"
    );
    assert_live_pair(&w, FINESS_ID, "auth_cli");
    assert_live_pair(&w, SIRET_ID, "auth_cli");
}

#[test]
fn full_disk_during_install_keeps_the_old_pair() {
    use std::io::Write;
    let mount = common::csr::Mount::tmpfs("size=320k")
        .expect("mounting a tmpfs needs root (the tests run as root)");
    let mut w = World::new().with_pki();
    // The agent's home lives on the small filesystem.
    let home_on_tmpfs = mount.path.join("home");
    std::fs::create_dir(&home_on_tmpfs).unwrap();
    let w_home = std::mem::replace(&mut w.home, tempfile::tempdir_in(&home_on_tmpfs).unwrap());
    drop(w_home);
    w.csr(&Order::pharmacie().replace());
    let first = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    assert_eq!(
        w.import(&[&first, &w.ca().intermediate()]).status.code(),
        Some(0)
    );
    let old = assert_live_pair(&w, FINESS_ID, "auth_cli");
    w.csr(&Order::pharmacie().replace());
    let second = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 1095));
    // Fill the filesystem, then free two pages: the new version starts and cannot finish.
    let filler = mount.path.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = [0u8; 4096];
    while f.write_all(&block).is_ok() {}
    drop(f);
    let len = std::fs::metadata(&filler).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(len.saturating_sub(8192))
        .unwrap();
    let before = w.store_tree();
    let out = w.import(&[&second, &w.ca().intermediate()]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("No space left"), "{}", stderr(&out));
    assert_eq!(
        assert_live_pair(&w, FINESS_ID, "auth_cli"),
        old,
        "the old pair stays live"
    );
    assert_eq!(
        before,
        w.store_tree(),
        "the failed install left something behind"
    );
    assert!(
        w.pending(FINESS_ID, "auth_cli.key.pem").exists(),
        "the pending key is kept"
    );
    // Room again: the same import now succeeds.
    std::fs::remove_file(&filler).unwrap();
    let out = w.import(&[&second, &w.ca().intermediate()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(assert_live_pair(&w, FINESS_ID, "auth_cli"), old);
}

/// A warning about an installed certificate is French under a French locale (the profile's own
/// reason inside stays English); in JSON it keeps its English text.
#[test]
fn certificate_warnings_in_french_json_in_english() {
    let w = World::new().with_pki();
    w.csr(&Order::pharmacie().usage("auth_cli").replace());
    // Valid 400 days, not about 3 years: installed, with a warning.
    let auth = w.issue(FINESS_ID, "auth_cli", Validity::Days(0, 400));
    let mut c = common::in_locale(w.agent(), "fr_FR.UTF-8");
    c.arg("import")
        .arg(&auth)
        .arg(w.ca().intermediate())
        .arg("--trust-anchor")
        .arg(w.ca().root())
        .args(["--test-pki", "--json"]);
    let out = run(&mut c);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let serial = j[0]["serial"].as_str().unwrap().to_string();
    assert_eq!(
        j[0]["warnings"],
        serde_json::json!([format!(
            "certificate {serial} is valid 400 days, not about 3 years as IGC Santé ORG certificates are"
        )])
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "agent: avertissement\u{a0}: certificat {serial}\u{a0}: valid 400 days"
        )),
        "{err}"
    );
    assert!(!err.contains("certificate "), "{err}");
}
