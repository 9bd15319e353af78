//! `agent lookup` against a real slapd (mock-card ldap) holding the procedure's example and the
//! project's own cases: decoded identifiers, kinds, exclusions, malformed entries, branches,
//! errors and exit codes.

mod common;

use common::ldap::Annuaire;
use common::world::World;
use common::{run, stderr, stdout};
use serde_json::Value;
use std::process::Output;

/// What the lookup tests do in their world (the annuaire with the test data).
impl World {
    /// `agent lookup --ldap-url <the world's annuaire>` with `args`.
    fn lookup(&self, args: &[&str]) -> Output {
        run(self
            .agent()
            .args(["lookup", "--ldap-url", &self.directory().url])
            .args(args))
    }
}

fn lookup_json(w: &World, extra: &[&str]) -> (Vec<Value>, String) {
    let o = w.lookup(&[&["--json"], extra].concat());
    assert!(o.status.success(), "lookup failed: {}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("stdout is one JSON document");
    (v.as_array().expect("a JSON array").clone(), stderr(&o))
}

fn by_ou<'a>(entries: &'a [Value], ou: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["ou"] == ou)
        .unwrap_or_else(|| panic!("no entry with ou {ou} in {entries:#?}"))
}

const KEYS: [&str; 10] = [
    "ou",
    "identifier_type",
    "identifier",
    "raison_sociale",
    "postal_address",
    "sector",
    "kind",
    "eligible",
    "procedure",
    "warnings",
];

#[test]
fn procedure_example() {
    let w = World::new().with_test_directory();
    let (e, _) = lookup_json(&w, &["--rpps", "99700270616"]);
    assert_eq!(e.len(), 4, "{e:#?}");
    for x in &e {
        let mut keys: Vec<&str> = x.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        let mut want = KEYS.to_vec();
        want.sort();
        assert_eq!(keys, want);
    }
    let x = by_ou(&e, "499700270616029");
    assert_eq!(x["identifier_type"], "RPPS_RANG");
    assert_eq!(x["identifier"], "99700270616029");
    assert_eq!(x["raison_sociale"], "CG MAXI0027061");
    assert_eq!(x["postal_address"], "CG MAXI, 8 RUE NOIR");
    assert_eq!(x["sector"], "SA08");
    assert_eq!(x["kind"], "groupe_scm");
    assert_eq!(x["eligible"], true);
    assert_eq!(x["procedure"], Value::Null);
    assert_eq!(x["warnings"], serde_json::json!([]));
    for ou in ["499700270616011", "499700270616003"] {
        let x = by_ou(&e, ou);
        assert_eq!(x["identifier_type"], "RPPS_RANG");
        assert_eq!(x["identifier"], &ou[1..]);
        assert_eq!(x["kind"], "cabinet_individuel");
        assert_eq!(x["sector"], "SA07");
        assert_eq!(
            x["postal_address"],
            "CABINET DE M. MAXIMAXIMAXIMAXIM, 4 RUE NOIR"
        );
    }
    // The procedure's SIRET has 13 digits: accepted in the test branch, with a warning.
    let x = by_ou(&e, "39999999800514");
    assert_eq!(x["identifier_type"], "SIRET");
    assert_eq!(x["identifier"], "9999999800514");
    assert_eq!(x["kind"], "societe_exercice");
    assert_eq!(x["eligible"], true);
    let w = x["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].as_str().unwrap().contains("13 characters"), "{w:?}");
}

#[test]
fn every_case_of_the_decision_table() {
    let w = World::new().with_test_directory();
    let (e, err) = lookup_json(&w, &["--rpps", "10000123454"]);
    assert_eq!(e.len(), 12, "{e:#?}");

    let x = by_ou(&e, "1920008059");
    assert_eq!(x["identifier_type"], "FINESS");
    assert_eq!(x["identifier"], "920008059");
    assert_eq!(x["kind"], "pharmacy");
    assert_eq!(x["eligible"], true);
    assert_eq!(x["raison_sociale"], "PHARMACIE DES ÉCOLES");
    assert_eq!(x["warnings"], serde_json::json!([]));

    let x = by_ou(&e, "373282932000074");
    assert_eq!(x["identifier_type"], "SIRET");
    assert_eq!(x["identifier"], "73282932000074");
    assert_eq!(x["kind"], "societe_exercice");
    assert_eq!(x["warnings"], serde_json::json!([]));

    let cabinets: Vec<&Value> = e
        .iter()
        .filter(|x| x["identifier_type"] == "RPPS_RANG")
        .collect();
    assert_eq!(cabinets.len(), 5);
    for c in &cabinets {
        assert_eq!(c["eligible"], true);
        assert!(c["kind"] == "cabinet_individuel" || c["kind"] == "groupe_scm");
        assert!(c["identifier"].as_str().unwrap().starts_with("10000123454"));
    }
    assert_eq!(by_ou(&e, "410000123454003")["kind"], "groupe_scm");
    assert_eq!(by_ou(&e, "410000123454005")["kind"], "cabinet_individuel");

    for (ou, kind, proc_) in [
        (
            "1010003820",
            "gie",
            "ANS_Procedure_commande_CL_DMP_structures_salariees",
        ),
        (
            "1130000128",
            "gcs",
            "ANS_Procedure_commande_CL_DMP_structures_salariees",
        ),
        ("1690000153", "lbm", "ANS_Procedure_commande_CL_DMP_LBM"),
    ] {
        let x = by_ou(&e, ou);
        assert_eq!(x["identifier_type"], "FINESS", "{ou}");
        assert_eq!(x["kind"], kind, "{ou}");
        assert_eq!(x["eligible"], false, "{ou}");
        assert_eq!(x["procedure"], proc_, "{ou}");
    }

    // Malformed entries are reported one by one; the others are still listed (above).
    let x = by_ou(&e, "7000000001");
    assert_eq!(x["kind"], "malformed");
    assert_eq!(x["eligible"], false);
    assert_eq!(x["identifier_type"], Value::Null);
    assert!(x["warnings"][0]
        .as_str()
        .unwrap()
        .contains("unknown identifier type '7'"));
    let x = by_ou(&e, "3ABCDEFGHIJKLMN");
    assert_eq!(x["kind"], "malformed");
    assert_eq!(x["identifier_type"], "SIRET");
    assert!(x["warnings"][0].as_str().unwrap().contains("character 'A'"));
    assert!(
        !err.contains("warning"),
        "--json keeps warnings in the document: {err}"
    );
}

#[test]
fn human_table() {
    let w = World::new().with_test_directory();
    let args = [
        "lookup",
        "--ldap-url",
        &w.directory().url,
        "--rpps",
        "10000123454",
    ];
    // French (the procedure's words, French typography: a no-break space before « : »).
    let o = run(common::in_locale(w.agent(), "fr_FR.UTF-8").args(args));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("RPPS 10000123454\u{a0}: 12 activités"),
        "{out}"
    );
    // Same name, two sites: the address tells them apart.
    assert!(out.contains("3 RUE HAUTE, 59000 LILLE"), "{out}");
    assert!(out.contains("9 PLACE BASSE, 59100 ROUBAIX"), "{out}");
    assert!(
        out.contains("2 activités s'appellent «\u{a0}CABINET DU DR ÉTIENNE\u{a0}»"),
        "{out}"
    );
    assert!(
        out.contains("5 cabinets en rang RPPS\u{a0}: 2 formulaires 413"),
        "{out}"
    );
    assert!(
        out.contains("exclu, suivre ANS_Procedure_commande_CL_DMP_LBM"),
        "{out}"
    );
    assert!(
        out.contains("pharmacie\u{a0}: commande avec son FINESS, formulaire 413 champs a+b"),
        "{out}"
    );
    assert!(out.contains("adresse"), "{out}");
    assert!(stderr(&o).contains("unknown identifier type '7'"));
    // English: the same table in English words.
    let o = run(w.agent().args(args));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("RPPS 10000123454: 12 activities"), "{out}");
    assert!(
        out.contains("2 activities are named \"CABINET DU DR ÉTIENNE\""),
        "{out}"
    );
    assert!(
        out.contains("5 practices by RPPS rang: 2 forms 413"),
        "{out}"
    );
    assert!(
        out.contains("excluded, follow ANS_Procedure_commande_CL_DMP_LBM"),
        "{out}"
    );
    assert!(
        out.contains("pharmacie: orders with its FINESS, form 413 fields a+b"),
        "{out}"
    );
    assert!(out.contains("address") && !out.contains("adresse"), "{out}");
    assert!(stderr(&o).contains("agent: warning: ou "), "{}", stderr(&o));
}

#[test]
fn branches_and_test_identifiers() {
    let w = World::new().with_test_directory();
    // The procedure's practitioner is only in the test branch.
    let o = w.lookup(&["--rpps", "99700270616", "--branch", "prod"]);
    assert_eq!(o.status.code(), Some(31), "{}", stderr(&o));
    assert!(stderr(&o).contains("o=GIP-CPS,c=fr"), "{}", stderr(&o));

    // In prod, a test-shaped identifier is malformed unless --allow-test-ids.
    let (e, _) = lookup_json(&w, &["--rpps", "10000123454", "--branch", "prod"]);
    assert_eq!(e.len(), 2);
    assert_eq!(by_ou(&e, "1330000019")["kind"], "pharmacy");
    let x = by_ou(&e, "39999999800514");
    assert_eq!(x["kind"], "malformed");
    assert!(x["warnings"].to_string().contains("--allow-test-ids"));
    let (e, _) = lookup_json(
        &w,
        &[
            "--rpps",
            "10000123454",
            "--branch",
            "prod",
            "--allow-test-ids",
        ],
    );
    let x = by_ou(&e, "39999999800514");
    assert_eq!(x["kind"], "societe_exercice");
    assert!(x["warnings"][0]
        .as_str()
        .unwrap()
        .contains("test identifier accepted"));

    // The configuration file chooses URL and branch too.
    std::fs::write(
        w.home().join("config.toml"),
        format!(
            "[annuaire]\nurl = \"{}\"\nbranch = \"prod\"\n",
            w.directory().url
        ),
    )
    .unwrap();
    let o = run(w
        .agent()
        .args(["lookup", "--rpps", "10000123454", "--json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn errors_and_exit_codes() {
    let w = World::new().with_test_directory();
    // No entry for a valid RPPS.
    let o = w.lookup(&["--rpps", "10101010105"]);
    assert_eq!(o.status.code(), Some(31));
    assert!(
        stderr(&o).contains("no activity for RPPS 10101010105"),
        "{}",
        stderr(&o)
    );
    // An invalid RPPS never reaches the production branch; the rule is named.
    let o = w.lookup(&["--branch", "prod", "--rpps", "99700270617"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("check key"), "{}", stderr(&o));
    // In the test branch it is searched, with a warning.
    let o = w.lookup(&["--rpps", "99700270617"]);
    assert_eq!(o.status.code(), Some(31));
    assert!(
        stderr(&o).contains("test identifier accepted"),
        "{}",
        stderr(&o)
    );
    let o = w.lookup(&["--rpps", "*)(cn=*"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("character"), "{}", stderr(&o));
    // Bad URL.
    let o = run(w
        .agent()
        .args(["lookup", "--ldap-url", "http://x", "--rpps", "99700270616"]));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}

#[test]
fn unreachable_directory() {
    let w = World::new();
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let o = run(w.agent().args([
        "lookup",
        "--ldap-url",
        &format!("ldap://127.0.0.1:{port}"),
        "--rpps",
        "99700270616",
    ]));
    assert_eq!(o.status.code(), Some(30), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot be reached"), "{}", stderr(&o));
}

#[test]
fn search_timeout() {
    // A server that accepts the connection and never answers.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let holder = std::thread::spawn(move || {
        let (s, _) = l.accept().unwrap();
        std::thread::sleep(std::time::Duration::from_secs(4));
        drop(s);
    });
    let w = World::new();
    let t0 = std::time::Instant::now();
    let o = run(w.agent().args([
        "lookup",
        "--ldap-url",
        &format!("ldap://127.0.0.1:{port}"),
        "--rpps",
        "99700270616",
        "--search-timeout",
        "1s",
    ]));
    let took = t0.elapsed();
    assert_eq!(o.status.code(), Some(30), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("did not finish the search within 1s"),
        "{}",
        stderr(&o)
    );
    assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
    holder.join().unwrap();
}

#[test]
fn slapd_is_stopped_by_the_guard() {
    let a = Annuaire::start(&[]);
    let pid = a.slapd_pid().expect("slapd wrote its pid file");
    drop(a);
    std::thread::sleep(std::time::Duration::from_millis(100));
    // Gone, or a zombie waiting for init to reap it.
    let alive = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            !s.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false);
    assert!(
        !alive,
        "slapd {pid} still running after the guard was dropped"
    );
}

#[test]
fn rpps_from_the_card() {
    let w = World::new().with_test_directory();
    let card = common::card::Card::provision("cps", &["--rpps", "10000123454"]);
    let o = run(card.agent(w.home()).args([
        "lookup",
        "--from-card",
        "--ldap-url",
        &w.directory().url,
        "--json",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("RPPS 10000123454 read from the card"),
        "{}",
        stderr(&o)
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 12);

    // The procedure's test practitioner (the default card).
    let card = common::card::Card::provision("cps", &[]);
    let o = run(card.agent(w.home()).args([
        "lookup",
        "--from-card",
        "--ldap-url",
        &w.directory().url,
        "--json",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);

    // A CPE holds no RPPS.
    let cpe = common::card::Card::provision("cpe", &[]);
    let o =
        run(cpe
            .agent(w.home())
            .args(["lookup", "--from-card", "--ldap-url", &w.directory().url]));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a CPS"), "{}", stderr(&o));
}
