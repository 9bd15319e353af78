//! `agent csr` and `agent inspect`: keys and ORG requests for FINESS, SIRET and RPPS rang
//! structures, in software and on a SoftHSM2 token, read back with openssl and pkcs11-tool.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use agent::ids::{ParseMode, StructureId};
use agent::pending::PendingOrder;
use common::csr::{
    assert_fits_profile, csr_public_key_der, files_under, key_file_public_key_der, leftovers, mode,
    ok, require_tools, Expected, KeyStore, Mount,
};
use common::world::World;
use common::{agent, run, stderr, stdout};

/// One structure of each kind the procedure orders with.
struct Structure {
    id: &'static str,
    name: &'static str,
    place: &'static [&'static str],
    st: &'static str,
}

const STRUCTURES: [Structure; 3] = [
    // A pharmacy: FINESS géographique.
    Structure {
        id: "1750000010",
        name: "PHARMACIE DE LA GARE",
        place: &["--dept", "75"],
        st: "Paris (75)",
    },
    // A société d'exercice: SIRET.
    Structure {
        id: "373282932000074",
        name: "SELARL Médecins de l'Étang",
        place: &["--postal-code", "69003"],
        st: "Rhône (69)",
    },
    // A practice in SCM: RPPS rang (the procedure's test practitioner), in Haute-Corse.
    Structure {
        id: "499700270616029",
        name: "CG MAXI0027061",
        place: &["--postal-code", "20200"],
        st: "Haute-Corse (2B)",
    },
];

fn structure_id(s: &str) -> StructureId {
    StructureId::parse_with(s, ParseMode::AllowTestIds)
        .unwrap()
        .value
}

fn csr_cmd(mut cmd: Command, s: &Structure, extra: &[&str]) -> std::process::Output {
    cmd.args(["csr", "--structure", s.id, "--name", s.name])
        .args(s.place)
        .args(extra);
    run(&mut cmd)
}

fn expect_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "agent csr failed ({:?}):\n{}\n{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
}

#[test]
fn software_keys_and_requests_for_finess_siret_rpps_rang() {
    require_tools();
    let w = World::new();
    let home = &w.home;
    for s in &STRUCTURES {
        let out = csr_cmd(w.agent(), s, &[]);
        expect_ok(&out);
        let text = stdout(&out);
        // The portal steps: product and service applicatif for each usage.
        assert!(text.contains("\"ORG AUTH_CLI\""), "{text}");
        assert!(text.contains("type the service applicatif exactly: DMP AUTHENTIFICATION"));
        assert!(text.contains("\"ORG SIGN\""), "{text}");
        assert!(text.contains("type the service applicatif exactly: DMP SIGNATURE"));

        let dir = home.path().join("pending").join(s.id);
        assert_eq!(mode(&home.path().join("pending")), 0o700);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(
            files_under(&dir),
            [
                "auth_cli.csr.pem",
                "auth_cli.key.pem",
                "order.json",
                "sign.csr.pem",
                "sign.key.pem"
            ]
        );
        let order = PendingOrder::load(home.path(), &structure_id(s.id)).unwrap();
        assert_eq!(order.structure, structure_id(s.id));
        assert_eq!(order.raison_sociale, s.name);
        assert_eq!(order.key_store, "software");
        for (usage, cn) in [
            ("auth_cli", "DMP AUTHENTIFICATION"),
            ("sign", "DMP SIGNATURE"),
        ] {
            let csr = dir.join(format!("{usage}.csr.pem"));
            let key = dir.join(format!("{usage}.key.pem"));
            assert_eq!(mode(&key), 0o600, "{}", key.display());
            assert_eq!(mode(&csr), 0o644, "{}", csr.display());
            assert!(std::fs::read_to_string(&key)
                .unwrap()
                .starts_with("-----BEGIN PRIVATE KEY-----"));
            assert_fits_profile(
                &csr,
                &Expected {
                    usage,
                    st: Some(s.st),
                    o: s.name,
                    ou: s.id,
                    cn,
                    key: "RSA 2048",
                },
            );
            // The key file's public key is the request's, and order.json knows it.
            let spki = csr_public_key_der(&csr);
            assert_eq!(key_file_public_key_der(&key), spki);
            let entry = order.find_by_spki(&spki).expect("order.json has the key");
            assert_eq!(entry.usage.name(), usage);
            assert_eq!(
                order.key_location(entry).to_string(),
                key.display().to_string()
            );
        }
        // A new key for every request.
        assert_ne!(
            order.usages[0].public_key_sha256,
            order.usages[1].public_key_sha256
        );
    }
    let listed: Vec<String> = PendingOrder::list(home.path())
        .unwrap()
        .into_iter()
        .map(|o| o.structure.to_string())
        .collect();
    assert_eq!(listed, ["1750000010", "373282932000074", "499700270616029"]);
}

#[test]
fn token_keys_and_requests_for_finess_siret_rpps_rang() {
    require_tools();
    let w = World::new().with_key_store("ORG KEYS TEST");
    let (ks, home) = (w.key_store(), &w.home);
    let out_dir = tempfile::tempdir().unwrap();
    for s in &STRUCTURES {
        let out_s = out_dir.path().join(s.id);
        let out = csr_cmd(
            w.agent(),
            s,
            &["--key-store", &ks.uri(), "--out", out_s.to_str().unwrap()],
        );
        expect_ok(&out);
        let dir = home.path().join("pending").join(s.id);
        // No key file: the keys are on the token.
        assert_eq!(
            files_under(&dir),
            ["auth_cli.csr.pem", "order.json", "sign.csr.pem"]
        );
        assert_eq!(files_under(&out_s), ["auth_cli.csr.pem", "sign.csr.pem"]);
        let order = PendingOrder::load(home.path(), &structure_id(s.id)).unwrap();
        assert!(
            order.key_store.starts_with("pkcs11:"),
            "{}",
            order.key_store
        );
        assert!(order.key_store.contains("token=ORG%20KEYS%20TEST"));
        let keys = ks.private_keys();
        for (usage, cn) in [
            ("auth_cli", "DMP AUTHENTIFICATION"),
            ("sign", "DMP SIGNATURE"),
        ] {
            let csr = out_s.join(format!("{usage}.csr.pem"));
            assert_eq!(
                std::fs::read(&csr).unwrap(),
                std::fs::read(dir.join(format!("{usage}.csr.pem"))).unwrap()
            );
            assert_fits_profile(
                &csr,
                &Expected {
                    usage,
                    st: Some(s.st),
                    o: s.name,
                    ou: s.id,
                    cn,
                    key: "RSA 2048",
                },
            );
            let spki = csr_public_key_der(&csr);
            let entry = order.find_by_spki(&spki).expect("order.json has the key");
            assert!(entry.key_on_token());
            // The key is really on the token, findable by its label, non-extractable, and its
            // public key is the request's.
            let label = format!("ORG {} {}", usage.to_uppercase(), s.id);
            let (_, id_hex, access) = keys
                .iter()
                .find(|(l, _, _)| l.starts_with(&label))
                .unwrap_or_else(|| panic!("no private key {label} on the token: {keys:?}"));
            let flags: Vec<&str> = access.split(", ").collect();
            assert!(flags.contains(&"sensitive"), "{access}");
            assert!(flags.contains(&"never extractable"), "{access}");
            assert!(
                !flags.contains(&"extractable"),
                "CKA_EXTRACTABLE is true: {access}"
            );
            assert!(
                entry.key.contains(&format!(
                    "id={}",
                    id_hex
                        .as_bytes()
                        .chunks(2)
                        .map(|c| format!("%{}", String::from_utf8_lossy(c).to_uppercase()))
                        .collect::<String>()
                )),
                "{} vs {id_hex}",
                entry.key
            );
            assert_eq!(ks.public_key_der(id_hex), spki);
        }
    }
    assert_eq!(ks.private_keys().len(), 6);
}

#[test]
fn a_cpx_card_is_refused_as_key_store() {
    require_tools();
    let card = common::card::Card::provision("cps", &[]);
    let label = card.get("token_label");
    let pin_file = card.pin_file(&card.get("pin"));
    let before = ok(Command::new("pkcs11-tool")
        .env("SOFTHSM2_CONF", card.conf())
        .args([
            "--module",
            common::csr::SOFTHSM_MODULE,
            "--token-label",
            &label,
            "-O",
        ]));
    let w = World::new();
    let home = &w.home;
    let uri = format!(
        "pkcs11:token={}?module-path={}&pin-source=file:{}",
        label.replace(' ', "%20"),
        common::csr::SOFTHSM_MODULE,
        pin_file.display()
    );
    let mut cmd = w.agent();
    cmd.env("SOFTHSM2_CONF", card.conf());
    let out = csr_cmd(cmd, &STRUCTURES[0], &["--key-store", &uri]);
    assert_eq!(out.status.code(), Some(25), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("CPx card holder certificate (CPS)"), "{err}");
    assert!(err.contains("never creates the structure's keys on the administrator's own card"));
    assert!(
        leftovers(home.path()).is_empty(),
        "{:?}",
        leftovers(home.path())
    );
    let after = ok(Command::new("pkcs11-tool")
        .env("SOFTHSM2_CONF", card.conf())
        .args([
            "--module",
            common::csr::SOFTHSM_MODULE,
            "--token-label",
            &label,
            "-O",
        ]));
    assert_eq!(before, after, "the card's objects changed");
}

#[test]
fn bad_input_is_refused_and_leaves_nothing() {
    require_tools();
    let ks = KeyStore::new("ORG KEYS BAD");
    let long = "A".repeat(65);
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--usage",
                "auth_cli,encrypt",
            ],
            3,
            "unknown usage \"encrypt\"",
        ),
        (
            vec!["--structure", "1750000011", "--name", "X"],
            3,
            "--structure \"1750000011\"",
        ),
        (
            vec!["--structure", "9750000010", "--name", "X"],
            3,
            "--structure",
        ),
        (
            vec!["--structure", "1750000010", "--name", "  "],
            3,
            "is empty",
        ),
        (
            vec!["--structure", "1750000010", "--name", &long],
            3,
            "has 65 characters; IGC Santé subjects allow at most 64",
        ),
        (vec!["--structure", "1750000010"], 2, "--name is required"),
        (
            vec!["--structure", "1750000010", "--name", "X", "--dept", "20"],
            3,
            "2A (Corse-du-Sud) or --dept 2B",
        ),
        (
            vec!["--structure", "1750000010", "--name", "X", "--dept", "977"],
            3,
            "not a French département code",
        ),
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--postal-code",
                "98000",
            ],
            3,
            "Monaco",
        ),
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--usage",
                "conf",
            ],
            3,
            "--conf-service",
        ),
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--key-type",
                "rsa1024",
            ],
            3,
            "unknown key algorithm",
        ),
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--key-store",
                "pkcs11:token=NO%20SUCH%20TOKEN?module-path=/usr/lib/softhsm/libsofthsm2.so",
            ],
            21,
            "no token matches the key store URI",
        ),
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--key-store",
                "pkcs11:model=SoftHSM%20v2?module-path=/usr/lib/softhsm/libsofthsm2.so",
            ],
            2,
            "names no token",
        ),
        (
            vec![
                "--structure",
                "1750000010",
                "--name",
                "X",
                "--key-store",
                "pkcs11:object=x?module-path=/usr/lib/softhsm/libsofthsm2.so",
            ],
            2,
            "has object=, which the agent does not use to choose a token",
        ),
    ];
    for (args, code, msg) in cases {
        let w = World::new();
        let home = &w.home;
        let mut cmd = ks.agent(home.path());
        let out = run(cmd.arg("csr").args(&args));
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(msg), "{args:?}: {}", stderr(&out));
        assert!(
            leftovers(home.path()).is_empty(),
            "{args:?} left {:?}",
            leftovers(home.path())
        );
    }
    assert!(ks.private_keys().is_empty());
}

#[test]
fn no_room_on_disk_leaves_nothing() {
    require_tools();
    let s = &STRUCTURES[0];
    match Mount::tmpfs("size=64k") {
        Some(m) => {
            // Leave one page free: the first key fits, the request does not.
            std::fs::write(m.path.join("filler"), vec![0u8; 60 * 1024]).unwrap();
            let home = m.path.join("home");
            let out = csr_cmd(agent(&home), s, &[]);
            assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
            assert!(
                stderr(&out).contains("No space left on device"),
                "{}",
                stderr(&out)
            );
            assert_eq!(files_under(&m.path), ["filler", "home/config.toml"]);
            assert!(!home.join("pending").join(s.id).exists());
        }
        None => {
            // Mounting is not permitted here: simulate with a home whose pending area cannot be
            // created (a file where the directory should be).
            eprintln!("tmpfs mount not permitted: simulating a write failure instead");
            let w = World::new();
            let home = &w.home;
            std::fs::write(home.path().join("pending"), b"").unwrap();
            let out = csr_cmd(w.agent(), s, &[]);
            assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
            assert_eq!(leftovers(home.path()), ["pending"]);
        }
    }
}

/// A read-only --out: the failure comes after the keys were made on the token; they are deleted
/// and the pending area stays empty.
#[test]
fn failed_copy_to_out_rolls_back_token_keys() {
    require_tools();
    let w = World::new().with_key_store("ORG KEYS RB");
    let (ks, home) = (w.key_store(), &w.home);
    let mount = Mount::tmpfs("ro,size=64k");
    let out_dir: PathBuf = match &mount {
        Some(m) => m.path.clone(),
        // Without mount rights: sysfs refuses new files even to root.
        None => {
            eprintln!("tmpfs mount not permitted: using /sys/kernel as the read-only directory");
            PathBuf::from("/sys/kernel")
        }
    };
    let out = csr_cmd(
        w.agent(),
        &STRUCTURES[1],
        &["--key-store", &ks.uri(), "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        leftovers(home.path()).is_empty(),
        "{:?}",
        leftovers(home.path())
    );
    assert!(ks.private_keys().is_empty(), "{:?}", ks.private_keys());
    if mount.is_some() {
        assert!(files_under(&out_dir).is_empty());
    }
}

#[test]
fn an_existing_order_is_kept_unless_replaced() {
    require_tools();
    let w = World::new();
    let home = &w.home;
    let s = &STRUCTURES[2];
    expect_ok(&csr_cmd(w.agent(), s, &[]));
    let first = PendingOrder::load(home.path(), &structure_id(s.id)).unwrap();

    let out = csr_cmd(w.agent(), s, &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--replace"));
    let same = PendingOrder::load(home.path(), &structure_id(s.id)).unwrap();
    assert_eq!(same, first);

    expect_ok(&csr_cmd(w.agent(), s, &["--replace"]));
    let second = PendingOrder::load(home.path(), &structure_id(s.id)).unwrap();
    for u in &second.usages {
        assert!(
            first
                .usages
                .iter()
                .all(|f| f.public_key_sha256 != u.public_key_sha256),
            "a key was reused"
        );
    }
    // The replaced order is kept, whole.
    let replaced = home.path().join("pending/.replaced");
    let kept: Vec<_> = std::fs::read_dir(&replaced).unwrap().flatten().collect();
    assert_eq!(kept.len(), 1);
    let old = PendingOrder::load_dir(&kept[0].path()).unwrap();
    assert_eq!(old.usages, first.usages);
    assert!(kept[0].path().join("auth_cli.key.pem").exists());
    assert_eq!(PendingOrder::list(home.path()).unwrap().len(), 1);
}

fn inspect(home: &Path, file: &Path) -> std::process::Output {
    run(agent(home).arg("inspect").arg(file))
}

#[test]
fn inspect_tells_what_fits_the_profile() {
    require_tools();
    let w = World::new();
    let home = &w.home;
    let s = &STRUCTURES[0];
    expect_ok(&csr_cmd(w.agent(), s, &[]));
    let dir = home.path().join("pending").join(s.id);

    let out = inspect(home.path(), &dir.join("auth_cli.csr.pem"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("ORG profile: fits the ORG AUTH_CLI profile"),
        "{text}"
    );
    assert!(text.contains("Requested key usage:          digitalSignature (critical)"));
    assert!(text.contains("Requested extended key usage: clientAuth"));
    assert!(text.contains("ST  Paris (75)"), "{text}");
    // Same through `agent csr --show`, as JSON.
    let out = run(w
        .agent()
        .args(["csr", "--json", "--show"])
        .arg(dir.join("sign.csr.pem")));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["usage"], "sign");
    assert_eq!(v["fits_profile"], true);
    assert_eq!(
        v["key_usage"],
        serde_json::json!(["digitalSignature", "nonRepudiation"])
    );

    // A request made the usual openssl way (CN only, an e-mail, a SAN) does not fit.
    let t = tempfile::tempdir().unwrap();
    let foreign = t.path().join("foreign.csr.pem");
    ok(Command::new("openssl")
        .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout"])
        .arg(t.path().join("k.pem"))
        .args(["-subj", "/CN=DMP AUTHENTIFICATION/emailAddress=a@b.fr"])
        .args(["-addext", "subjectAltName=DNS:example.org", "-out"])
        .arg(&foreign));
    // Changed with issue 10: the usage comes from keyUsage/extendedKeyUsage, never from the CN,
    // so a request without them has no usage (the CN is only a hint in the message).
    let out = inspect(home.path(), &foreign);
    assert_eq!(out.status.code(), Some(40));
    let text = stdout(&out);
    assert!(text.contains("does NOT fit the ORG profile"), "{text}");
    assert!(
        text.contains("Usage:       unknown (keyUsage and extendedKeyUsage fit no ORG usage)"),
        "{text}"
    );
    assert!(
        text.contains(
            "FAIL  usage               keyUsage (none), extendedKeyUsage (none) fit no ORG usage"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "the CN names ORG AUTH_CLI, whose profile is digitalSignature (critical) + clientAuth"
        ),
        "{text}"
    );
    assert!(text.contains("FAIL  subject"), "{text}");
    assert!(
        text.contains("FAIL  other extensions    subjectAltName"),
        "{text}"
    );

    // A certificate issued from the agent's request with its requested extensions fits.
    let ca_key = t.path().join("ca.key");
    let ca = t.path().join("ca.pem");
    ok(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout",
        ])
        .arg(&ca_key)
        .args(["-subj", "/C=FR/O=TEST/CN=TEST AC ORGANISATIONS", "-out"])
        .arg(&ca));
    let cert = t.path().join("auth_cli.pem");
    ok(Command::new("openssl")
        .args([
            "x509",
            "-req",
            "-days",
            "1095",
            "-copy_extensions",
            "copy",
            "-in",
        ])
        .arg(dir.join("auth_cli.csr.pem"))
        .arg("-CA")
        .arg(&ca)
        .arg("-CAkey")
        .arg(&ca_key)
        .arg("-out")
        .arg(&cert));
    let out = inspect(home.path(), &cert);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Certificate: "));
    assert!(stdout(&out).contains("Issuer:      C=FR, O=TEST, CN=TEST AC ORGANISATIONS"));

    // A real-shaped ORG SIGN certificate whose CN is an application name (as on the test
    // platform), 3 years + 1 month with a Private Key Usage Period: its usage is read from
    // keyUsage/extendedKeyUsage, the CN is a warning of its own, and it fits.
    let app_csr = t.path().join("app.csr.pem");
    ok(Command::new("openssl")
        .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout"])
        .arg(t.path().join("app.key"))
        .args([
            "-subj",
            "/C=FR/ST=Paris (75)/O=PHARMACIE DU CENTRE/OU=1750000010/CN=LOGICIEL OFFICINE",
            "-utf8",
            "-out",
        ])
        .arg(&app_csr));
    let ext = t.path().join("sign.ext");
    std::fs::write(
        &ext,
        "keyUsage = critical,digitalSignature,nonRepudiation\nextendedKeyUsage = emailProtection\nbasicConstraints = critical,CA:FALSE\n\
         2.5.29.16 = DER:30:22:80:0f:32:30:32:36:30:31:30:31:30:30:30:30:30:30:5a:81:0f:32:30:32:39:30:31:30:31:30:30:30:30:30:30:5a\n",
    )
    .unwrap();
    let sign_cert = t.path().join("sign.pem");
    ok(Command::new("openssl")
        .args(["x509", "-req", "-days", "1127", "-extfile"])
        .arg(&ext)
        .arg("-in")
        .arg(&app_csr)
        .arg("-CA")
        .arg(&ca)
        .arg("-CAkey")
        .arg(&ca_key)
        .arg("-out")
        .arg(&sign_cert));
    let out = inspect(home.path(), &sign_cert);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Usage:       ORG SIGN (sign)"), "{text}");
    assert!(
        text.contains(
            "warn  CN                  the CN is \"LOGICIEL OFFICINE\", the procedure requires \"DMP SIGNATURE\" (the service applicatif of ORG SIGN)"
        ),
        "{text}"
    );
    assert!(
        text.contains("ok    usage               digitalSignature, nonRepudiation (critical) + emailProtection: ORG SIGN"),
        "{text}"
    );
    assert!(text.contains("privateKeyUsagePeriod"), "{text}");
    assert!(
        text.contains("ORG profile: fits the ORG SIGN profile"),
        "{text}"
    );
    let out = run(w.agent().args(["inspect", "--json"]).arg(&sign_cert));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["usage"], "sign");
    assert_eq!(v["fits_profile"], true);

    // Not a request at all.
    let out = inspect(home.path(), &dir.join("auth_cli.key.pem"));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("no CERTIFICATE REQUEST"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn conf_and_other_key_types() {
    require_tools();
    let w = World::new();
    let home = &w.home;
    let s = &STRUCTURES[1];
    let out = csr_cmd(
        w.agent(),
        s,
        &[
            "--usage",
            "auth_cli,sign,conf",
            "--conf-service",
            "CHIFFREMENT TEST",
            "--key-type",
            "p256",
            "--out",
            home.path().join("out").to_str().unwrap(),
            "--json",
        ],
    );
    expect_ok(&out);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["structure"], s.id);
    assert_eq!(report["dept"], "69");
    let requests = report["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2]["usage"], "conf");
    assert_eq!(requests[2]["service"], "CHIFFREMENT TEST");
    assert_eq!(requests[2]["key_algorithm"], "p256");
    assert!(
        stderr(&out).contains("the platform's ORG products are RSA 2048"),
        "{}",
        stderr(&out)
    );
    let out_dir = home.path().join("out");
    for (usage, cn) in [
        ("auth_cli", "DMP AUTHENTIFICATION"),
        ("sign", "DMP SIGNATURE"),
        ("conf", "CHIFFREMENT TEST"),
    ] {
        assert_fits_profile(
            &out_dir.join(format!("{usage}.csr.pem")),
            &Expected {
                usage,
                st: Some(s.st),
                o: s.name,
                ou: s.id,
                cn,
                key: "P-256",
            },
        );
    }
    // No ST known: the request leaves it out and says so.
    let w2 = World::new();
    let home2 = &w2.home;
    let out = run(w2.agent().args([
        "csr",
        "--structure",
        "1750000010",
        "--name",
        "PHARMACIE SANS ST",
        "--usage",
        "sign",
    ]));
    expect_ok(&out);
    assert!(
        stderr(&out).contains("the requests carry no ST"),
        "{}",
        stderr(&out)
    );
    assert_fits_profile(
        &home2.path().join("pending/1750000010/sign.csr.pem"),
        &Expected {
            usage: "sign",
            st: None,
            o: "PHARMACIE SANS ST",
            ou: "1750000010",
            cn: "DMP SIGNATURE",
            key: "RSA 2048",
        },
    );
}
