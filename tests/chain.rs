//! Chains as real deliveries bring them: every format (PEM bundle, DER, P7B in PEM and DER,
//! PKCS#12), the leaf anywhere, intermediates and root in any order or missing, duplicates,
//! unrelated CA certificates; the installed `chain.pem` is the verified path (the leaf's issuer
//! first), checked with `openssl verify -CAfile root -untrusted chain.pem cert.pem`. Also: a
//! platform-shaped PKCS#12 (`openssl pkcs12 -export -legacy`), importing twice, and the built-in
//! IGC Santé anchors. Every CA here is made by `openssl` in the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::orgca::OrgCa;
use common::world::{Order, World, FINESS_ID};
use common::{agent, run, stderr, stdout};
use serde_json::Value;

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn openssl_in(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A three-level TEST PKI made with openssl: root → TEST AC IGC-SANTE ELEMENTAIRE (a middle CA)
/// → TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS, which issues the ORG certificates. Two
/// intermediates, so that their order in a file matters.
struct DeepPki {
    dir: tempfile::TempDir,
}

const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

impl DeepPki {
    fn new() -> DeepPki {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("ca.ext"), CA_EXT).unwrap();
        let subj =
            |cn: &str| format!("/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN={cn}");
        openssl_in(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "root.key",
                "-out",
                "root.pem",
                "-days",
                "3650",
                "-subj",
                &subj("TEST AC RACINE IGC-SANTE ELEMENTAIRE"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        for (name, cn, parent) in [
            ("mid", "TEST AC IGC-SANTE ELEMENTAIRE", "root"),
            ("org", "TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS", "mid"),
        ] {
            openssl_in(
                d,
                &[
                    "req",
                    "-new",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.csr"),
                    "-subj",
                    &subj(cn),
                ],
            );
            openssl_in(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &format!("{parent}.pem"),
                    "-CAkey",
                    &format!("{parent}.key"),
                    "-set_serial",
                    if name == "mid" { "11" } else { "12" },
                    "-days",
                    "3000",
                    "-extfile",
                    "ca.ext",
                    "-out",
                    &format!("{name}.pem"),
                ],
            );
        }
        std::fs::write(
            d.join("leaf.ext"),
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
        )
        .unwrap();
        DeepPki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.pem"))
    }

    fn pem(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Issues the AUTH_CLI request `csr` for 3 years; returns the PEM text.
    fn issue(&self, csr: &Path, serial: u32) -> String {
        let out = self.dir.path().join(format!("leaf-{serial}.pem"));
        openssl_in(
            self.dir.path(),
            &[
                "x509",
                "-req",
                "-in",
                &s(csr),
                "-CA",
                "org.pem",
                "-CAkey",
                "org.key",
                "-set_serial",
                &serial.to_string(),
                "-days",
                "1095",
                "-sha256",
                "-extfile",
                "leaf.ext",
                "-out",
                &s(&out),
            ],
        );
        std::fs::read_to_string(out).unwrap()
    }
}

/// A fresh world with an AUTH_CLI order for the test structure.
fn ordered() -> World {
    let w = World::new();
    w.csr(&Order::pharmacie().usage("auth_cli"));
    w
}

fn live(home: &Path) -> PathBuf {
    home.join("store").join(FINESS_ID).join("auth_cli/live")
}

fn import(home: &Path, files: &[&Path], anchors: &[&str], extra: &[&str]) -> std::process::Output {
    run(agent(home)
        .arg("import")
        .args(files)
        .args(anchors)
        .args(extra))
}

/// The DER certificates of a PEM file, in order.
fn ders(pem_text: &str) -> Vec<Vec<u8>> {
    pem::parse_many(pem_text)
        .unwrap()
        .into_iter()
        .map(pem::Pem::into_contents)
        .collect()
}

/// chain.pem is exactly `expected` (DER, in order) and verifies with openssl against `root`.
fn assert_chain(home: &Path, root: &Path, expected: &[Vec<u8>], case: &str) {
    let live = live(home);
    let chain = std::fs::read_to_string(live.join("chain.pem")).unwrap();
    assert_eq!(
        ders(&chain),
        expected,
        "{case}: chain.pem is not the verified path"
    );
    let o = Command::new("openssl")
        .args(["verify", "-CAfile"])
        .arg(root)
        .arg("-untrusted")
        .arg(live.join("chain.pem"))
        .arg(live.join("cert.pem"))
        .output()
        .unwrap();
    assert!(
        o.status.success()
            && String::from_utf8_lossy(&o.stdout)
                .trim_end()
                .ends_with(": OK"),
        "{case}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_format_and_order_installs_the_verified_path() {
    let pki = DeepPki::new();
    let other = OrgCa::with_names("TEST AUTRE RACINE", "TEST AUTRE ORGANISATIONS");
    let (root, mid, org) = (pki.pem("root"), pki.pem("mid"), pki.pem("org"));
    let unrelated = std::fs::read_to_string(other.intermediate()).unwrap()
        + &std::fs::read_to_string(other.root()).unwrap();
    let expected = [ders(&org), ders(&mid)].concat();
    let anchor = s(&pki.path("root"));
    let anchors = ["--trust-anchor", anchor.as_str(), "--test-pki"];
    // (case, how the delivery is written: leaf PEM → files)
    type Writer = dyn Fn(&Path, &str) -> Vec<PathBuf>;
    let bundle = |parts: Vec<String>| -> Box<Writer> {
        Box::new(move |dir: &Path, leaf: &str| {
            let text: String = parts
                .iter()
                .map(|p| {
                    if p == "LEAF" {
                        leaf.to_string()
                    } else {
                        p.clone()
                    }
                })
                .collect();
            let f = dir.join("bundle.pem");
            std::fs::write(&f, text).unwrap();
            vec![f]
        })
    };
    let leaf = "LEAF".to_string();
    let p7b = |der: bool, parts: Vec<String>| -> Box<Writer> {
        Box::new(move |dir: &Path, leaf: &str| {
            let text: String = parts
                .iter()
                .map(|p| {
                    if p == "LEAF" {
                        leaf.to_string()
                    } else {
                        p.clone()
                    }
                })
                .collect();
            let src = dir.join("for-p7b.pem");
            std::fs::write(&src, text).unwrap();
            let f = dir.join(if der { "cert.p7b" } else { "cert.p7b.pem" });
            openssl_in(
                dir,
                &[
                    "crl2pkcs7",
                    "-nocrl",
                    "-certfile",
                    &s(&src),
                    "-outform",
                    if der { "DER" } else { "PEM" },
                    "-out",
                    &s(&f),
                ],
            );
            vec![f]
        })
    };
    let cases: Vec<(&str, Box<Writer>)> = vec![
        (
            "PEM leaf first, issuer order",
            bundle(vec![leaf.clone(), org.clone(), mid.clone(), root.clone()]),
        ),
        (
            "PEM root first, leaf last",
            bundle(vec![root.clone(), mid.clone(), org.clone(), leaf.clone()]),
        ),
        (
            "PEM leaf in the middle, no root",
            bundle(vec![mid.clone(), leaf.clone(), org.clone()]),
        ),
        (
            "PEM duplicates and unrelated CAs",
            bundle(vec![
                unrelated.clone(),
                mid.clone(),
                org.clone(),
                leaf.clone(),
                mid.clone(),
                root.clone(),
                org.clone(),
            ]),
        ),
        (
            "DER leaf + PEM chain in reverse order",
            Box::new({
                let reversed = [root.clone(), mid.clone(), org.clone()].concat();
                move |dir: &Path, leaf: &str| {
                    let der = dir.join("cert.der");
                    std::fs::write(&der, &ders(leaf)[0]).unwrap();
                    let chain = dir.join("chain.pem");
                    std::fs::write(&chain, &reversed).unwrap();
                    vec![chain, der]
                }
            }),
        ),
        (
            "P7B PEM, leaf last, root first",
            p7b(
                false,
                vec![root.clone(), org.clone(), mid.clone(), leaf.clone()],
            ),
        ),
        (
            "P7B DER, leaf in the middle, extras",
            p7b(
                true,
                vec![mid.clone(), unrelated.clone(), leaf.clone(), org.clone()],
            ),
        ),
    ];
    for (n, (case, write)) in cases.iter().enumerate() {
        let w = ordered();
        let home = &w.home;
        let csr = home
            .path()
            .join("pending")
            .join(FINESS_ID)
            .join("auth_cli.csr.pem");
        let leaf = pki.issue(&csr, 100 + n as u32);
        let work = tempfile::tempdir().unwrap();
        let files = write(work.path(), &leaf);
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let out = import(home.path(), &refs, &anchors, &[]);
        assert_eq!(out.status.code(), Some(0), "{case}: {}", stderr(&out));
        assert_eq!(
            ders(&std::fs::read_to_string(live(home.path()).join("cert.pem")).unwrap()),
            ders(&leaf),
            "{case}"
        );
        assert_chain(home.path(), &pki.path("root"), &expected, case);
    }

    // PKCS#12: its key, the leaf, then the CA certificates scrambled, with an unrelated one.
    let w = ordered();
    let home = &w.home;
    let pending = home.path().join("pending").join(FINESS_ID);
    let leaf = pki.issue(&pending.join("auth_cli.csr.pem"), 200);
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::write(w.join("leaf.pem"), &leaf).unwrap();
    // One -certfile only: openssl keeps the last of several.
    std::fs::write(
        w.join("cas.pem"),
        [root.clone(), unrelated.clone(), mid.clone(), org.clone()].concat(),
    )
    .unwrap();
    openssl_in(
        w,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            &s(&pending.join("auth_cli.key.pem")),
            "-in",
            "leaf.pem",
            "-certfile",
            "cas.pem",
            "-out",
            "scrambled.p12",
            "-passout",
            "pass:s3cret",
        ],
    );
    common::write_secret(&w.join("pw"), b"s3cret\n");
    let out = import(
        home.path(),
        &[&w.join("scrambled.p12")],
        &anchors,
        &["--p12-password-file", &s(&w.join("pw"))],
    );
    assert_eq!(out.status.code(), Some(0), "PKCS#12: {}", stderr(&out));
    assert_chain(
        home.path(),
        &pki.path("root"),
        &expected,
        "PKCS#12 scrambled",
    );
}

#[test]
fn platform_shaped_pkcs12_imports() {
    // As the platform delivers (domain.md): key, leaf, ORGANISATIONS intermediate, root, in that
    // order; key bag pbeWithSHA1And3-KeyTripleDES-CBC, 2048 iterations, SHA-1 MAC, certificate
    // bags in plain data.
    let ca = OrgCa::new();
    let w = ordered();
    let home = &w.home;
    let pending = home.path().join("pending").join(FINESS_ID);
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let leaf = ca.issue_days(
        &pending.join("auth_cli.csr.pem"),
        "auth_cli",
        0,
        1095,
        &w.join("leaf.pem"),
    );
    std::fs::write(
        w.join("chain.pem"),
        [
            std::fs::read(ca.intermediate()).unwrap(),
            std::fs::read(ca.root()).unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    let p12 = w.join("asip-p12-EL-TEST-ORG-AUTH_CLI-20261201-221500.p12");
    openssl_in(
        w,
        &[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            &s(&pending.join("auth_cli.key.pem")),
            "-in",
            &s(&leaf),
            "-certfile",
            "chain.pem",
            "-keypbe",
            "PBE-SHA1-3DES",
            "-certpbe",
            "NONE",
            "-iter",
            "2048",
            "-macalg",
            "sha1",
            "-out",
            &s(&p12),
            "-passout",
            "pass:Revoc-2026",
        ],
    );
    // The file has the platform's shape.
    let info = Command::new("openssl")
        .args([
            "pkcs12",
            "-info",
            "-noout",
            "-legacy",
            "-passin",
            "pass:Revoc-2026",
            "-in",
        ])
        .arg(&p12)
        .output()
        .unwrap();
    let info =
        String::from_utf8_lossy(&info.stderr).into_owned() + &String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("MAC: sha1, Iteration 2048"), "{info}");
    assert!(
        info.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"),
        "{info}"
    );
    assert!(
        info.contains("PKCS7 Data") && !info.contains("PKCS7 Encrypted data"),
        "{info}"
    );
    let bags = openssl_in(
        w,
        &[
            "pkcs12",
            "-nokeys",
            "-legacy",
            "-passin",
            "pass:Revoc-2026",
            "-in",
            &s(&p12),
        ],
    );
    let subjects: Vec<&str> = bags.lines().filter(|l| l.starts_with("subject=")).collect();
    assert_eq!(subjects.len(), 3, "{bags}");
    assert!(subjects[0].contains("DMP AUTHENTIFICATION"), "{bags}");
    assert!(
        subjects[1].contains("TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"),
        "{bags}"
    );
    assert!(
        subjects[2].contains("TEST AC RACINE IGC-SANTE ELEMENTAIRE"),
        "{bags}"
    );

    common::write_secret(&w.join("pw"), b"Revoc-2026\n");
    let root = s(&ca.root());
    let out = import(
        home.path(),
        &[&p12],
        &["--trust-anchor", &root, "--test-pki"],
        &["--p12-password-file", &s(&w.join("pw"))],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_chain(
        home.path(),
        &ca.root(),
        &ders(&std::fs::read_to_string(ca.intermediate()).unwrap()),
        "platform PKCS#12",
    );
}

#[test]
fn importing_twice_says_already_installed_with_the_other_usage_pending() {
    let w = World::new().with_pki();
    let (ca, home) = (w.ca(), &w.home);
    let out = run(&mut w.csr_cmd(&Order::pharmacie(), &[]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pending = home.path().join("pending").join(FINESS_ID);
    let cert = ca.issue_days(
        &pending.join("auth_cli.csr.pem"),
        "auth_cli",
        0,
        1095,
        &home.path().join("auth.pem"),
    );
    let root = s(&ca.root());
    let anchors = ["--trust-anchor", root.as_str(), "--test-pki"];
    let out = import(home.path(), &[&cert, &ca.intermediate()], &anchors, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Installed"), "{}", stdout(&out));
    let before = common::tree(&home.path().join("store"));
    // SIGN is still pending; the same AUTH_CLI again: "already installed", exit 0, nothing changed.
    assert!(pending.join("sign.key.pem").exists());
    assert!(
        !pending.join("auth_cli.key.pem").exists(),
        "the installed key left pending/"
    );
    for extra in [&[][..], &["--json"][..]] {
        let out = import(home.path(), &[&cert, &ca.intermediate()], &anchors, extra);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        if extra.is_empty() {
            assert!(
                stdout(&out).contains("Already installed: auth_cli for 1010000024"),
                "{}",
                stdout(&out)
            );
        } else {
            let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(j[0]["changed"], false, "{j}");
            assert_eq!(j[0]["version"], 1, "{j}");
        }
    }
    // The leaf alone, without its chain, is recognised too.
    let out = import(home.path(), &[&cert], &anchors, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(before, common::tree(&home.path().join("store")));
    assert!(
        pending.join("sign.key.pem").exists(),
        "the pending SIGN order is kept"
    );
}

fn prod_asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/igc-sante")
        .join(name)
}

#[test]
fn builtin_anchors_without_configuration() {
    let ca = OrgCa::new();
    let w = ordered();
    let home = &w.home;
    let pending = home.path().join("pending").join(FINESS_ID);
    let cert = ca.issue_days(
        &pending.join("auth_cli.csr.pem"),
        "auth_cli",
        0,
        1095,
        &home.path().join("auth.pem"),
    );
    let before = common::tree(home.path());

    // No anchor configured: the built-in production roots are used; a TEST chain is refused
    // and the message names the switch.
    let out = import(
        home.path(),
        &[&cert, &ca.intermediate(), &ca.root()],
        &[],
        &[],
    );
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    assert!(stderr(&out).contains("--test-pki"), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("no trust anchor"),
        "{}",
        stderr(&out)
    );
    // The same refusal in French, with the same exit code (issue 13).
    let fr = run(common::in_locale(agent(home.path()), "fr_FR.UTF-8")
        .arg("import")
        .args([&cert, &ca.intermediate(), &ca.root()]));
    assert_eq!(fr.status.code(), Some(40), "{}", stderr(&fr));
    assert!(
        stderr(&fr).starts_with("agent: erreur\u{a0}: certificat ")
            && stderr(&fr).contains("la chaîne ne remonte pas à une racine IGC Santé de confiance")
            && stderr(&fr).contains("--test-pki"),
        "{}",
        stderr(&fr)
    );
    assert!(
        stderr(&out).contains("the chain does not verify up to a trusted IGC Santé root"),
        "{}",
        stderr(&out)
    );
    // --test-pki alone: the built-in TEST root is not this test CA's (another key): refused.
    let out = import(
        home.path(),
        &[&cert, &ca.intermediate()],
        &["--test-pki"],
        &[],
    );
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    // Built-in anchors turned off and none configured: the one remaining dead end, exit 3.
    let out = import(
        home.path(),
        &[&cert, &ca.intermediate()],
        &["--no-builtin-anchors"],
        &[],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no trust anchor") && stderr(&out).contains("--trust-anchor"),
        "{}",
        stderr(&out)
    );
    let fr = run(common::in_locale(agent(home.path()), "fr_FR.UTF-8")
        .arg("import")
        .args([&cert, &ca.intermediate()])
        .arg("--no-builtin-anchors"));
    assert_eq!(fr.status.code(), Some(3), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains(
            "aucune ancre de confiance\u{a0}: les racines IGC Santé intégrées sont désactivées"
        ),
        "{}",
        stderr(&fr)
    );
    assert_eq!(before, common::tree(home.path()), "nothing written");

    // A production-shaped chain: a leaf whose issuer has the production ORGANISATIONS name,
    // delivered with the real production intermediate and root. The path goes up by names to
    // the built-in production root, and the leaf's signature (made by another key) fails.
    let work = tempfile::tempdir().unwrap();
    let prod_org = prod_asset("prod-aci-elementaire-organisations.pem");
    let subj = openssl_in(
        work.path(),
        &[
            "x509",
            "-in",
            &s(&prod_org),
            "-noout",
            "-subject",
            "-nameopt",
            "compat",
        ],
    );
    assert!(
        subj.contains("OU=IGC-SANTE/CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"),
        "{subj}"
    );
    std::fs::write(work.path().join("leaf.ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n").unwrap();
    // A CA with exactly the production intermediate's subject, but its own key.
    openssl_in(
        work.path(),
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "fake.key", "-out", "fake.pem",
            "-days", "30", "-subj", "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE/CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
        ],
    );
    openssl_in(
        work.path(),
        &[
            "x509",
            "-req",
            "-in",
            &s(&pending.join("auth_cli.csr.pem")),
            "-CA",
            "fake.pem",
            "-CAkey",
            "fake.key",
            "-set_serial",
            "77",
            "-days",
            "1095",
            "-extfile",
            "leaf.ext",
            "-out",
            "prod-leaf.pem",
        ],
    );
    let out = import(
        home.path(),
        &[
            &work.path().join("prod-leaf.pem"),
            &prod_org,
            &prod_asset("prod-acr-elementaire.pem"),
        ],
        &[],
        &[],
    );
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("signature"),
        "the path reached the built-in root: {}",
        stderr(&out)
    );
    // With only the configured anchors (the fake CA as anchor), that same file imports: the
    // production names alone prove nothing, the anchors decide.
    let fake_anchor = s(&work.path().join("fake.pem"));
    let out = import(
        home.path(),
        &[&work.path().join("prod-leaf.pem")],
        &["--no-builtin-anchors", "--trust-anchor", &fake_anchor],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(live(home.path()).join("chain.pem")).unwrap(),
        "",
        "the anchor itself is not in chain.pem"
    );
}

#[test]
fn status_names_the_anchor_and_uses_the_builtin_ones_by_default() {
    let ca = OrgCa::new();
    let w = ordered();
    let home = &w.home;
    let pending = home.path().join("pending").join(FINESS_ID);
    let cert = ca.issue_days(
        &pending.join("auth_cli.csr.pem"),
        "auth_cli",
        0,
        1095,
        &home.path().join("auth.pem"),
    );
    let root = s(&ca.root());
    let out = import(
        home.path(),
        &[&cert, &ca.intermediate()],
        &["--trust-anchor", &root, "--test-pki"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let row = |args: &[&str]| -> (i32, Value) {
        let out = run(agent(home.path()).arg("status").arg("--json").args(args));
        let j: Value =
            serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
        let r = j
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["usage"] == "AUTH_CLI")
            .unwrap()
            .clone();
        (out.status.code().unwrap(), r)
    };
    // Built-in anchors only: this test CA is nobody's root, the row is invalid (critical).
    let (code, r) = row(&[]);
    assert_eq!(code, 2, "{r:#}");
    assert_eq!(r["state"], "invalid", "{r:#}");
    assert_eq!(r["chain"], "failed", "{r:#}");
    assert!(
        r["detail"].as_str().unwrap().contains("--test-pki"),
        "{r:#}"
    );
    assert!(r["anchor"].is_null());
    // With the test root: verified, and the anchor is named with its file.
    // (exit 1: the SIGN certificate of the structure is missing, a warning)
    let (code, r) = row(&["--trust-anchor", &root, "--test-pki"]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(r["state"], "ok", "{r:#}");
    assert_eq!(r["chain"], "verified", "{r:#}");
    assert_eq!(
        r["anchor"]["name"], "TEST AC RACINE IGC-SANTE ELEMENTAIRE",
        "{r:#}"
    );
    assert_eq!(r["anchor"]["source"], root.as_str(), "{r:#}");
    // inspect names the anchor too (fullchain.pem: the leaf, then its chain).
    let fullchain = s(&live(home.path()).join("fullchain.pem"));
    let inspect = |args: &[&str]| -> Value {
        let out = run(agent(home.path())
            .args(["inspect", "--json", &fullchain])
            .args(args));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let j = inspect(&["--trust-anchor", &root, "--test-pki"]);
    assert_eq!(j["chain"]["verified"], true, "{j:#}");
    assert_eq!(
        j["chain"]["anchor"]["name"],
        "TEST AC RACINE IGC-SANTE ELEMENTAIRE"
    );
    assert_eq!(j["chain"]["anchor"]["source"], root.as_str());
    assert_eq!(
        j["fits_profile"], true,
        "the inspection's own fields are kept"
    );
    let j = inspect(&[]);
    assert_eq!(j["chain"]["verified"], false, "{j:#}");
    assert!(
        j["chain"]["detail"]
            .as_str()
            .unwrap()
            .contains("--test-pki"),
        "{j:#}"
    );
    let out = run(agent(home.path()).args([
        "inspect",
        &fullchain,
        "--trust-anchor",
        &root,
        "--test-pki",
    ]));
    assert!(
        stdout(&out).contains("Chain:       verified up to TEST AC RACINE IGC-SANTE ELEMENTAIRE ("),
        "{}",
        stdout(&out)
    );
    // The configuration says the same as the flags.
    std::fs::write(
        home.path().join("config.toml"),
        format!("[pki]\ntrust_anchors = [\"{root}\"]\ntest_pki = true\nbuiltin_anchors = false\n"),
    )
    .unwrap();
    let (code, r) = row(&[]);
    assert_eq!((code, r["chain"].as_str()), (1, Some("verified")), "{r:#}");
    assert_eq!(r["anchor"]["source"], root.as_str(), "{r:#}");
}
