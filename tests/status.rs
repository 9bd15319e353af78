//! `agent status`: states, filters, exit codes, JSON fields and Prometheus output, over stores
//! populated the real way (`agent csr`, an openssl CA, `agent import`; tests/common/store.rs).

mod common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use common::orgca::OrgCa;
use common::store::{finess_id, openssl_not_after, openssl_serial};
use common::world::{Order, Validity, World};
use common::{run, stderr, stdout};
use serde_json::Value;

const NAME: &str = "PHARMACIE DE L'ÉGLISE";
const AUTH: &str = "DMP AUTHENTIFICATION";
const SIGN: &str = "DMP SIGNATURE";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn rows(o: &Output) -> Vec<Value> {
    serde_json::from_str::<Value>(&stdout(o))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(o), stderr(o)))
        .as_array()
        .expect("a JSON array")
        .clone()
}

/// The rows of one structure and usage.
fn find<'a>(rows: &'a [Value], structure: &str, usage: &str) -> Vec<&'a Value> {
    rows.iter()
        .filter(|r| r["structure"] == structure && r["usage"] == usage)
        .collect()
}

/// The single row of a structure and usage in a given state.
fn one<'a>(rows: &'a [Value], structure: &str, usage: &str, state: &str) -> &'a Value {
    let v: Vec<&Value> = find(rows, structure, usage)
        .into_iter()
        .filter(|r| r["state"] == state)
        .collect();
    assert_eq!(v.len(), 1, "{structure} {usage} {state}: {rows:#?}");
    v[0]
}

fn rfc3339(v: &Value) -> i64 {
    time::OffsetDateTime::parse(
        v.as_str().expect("a date string"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("RFC 3339")
    .unix_timestamp()
}

/// Checks an installed row against the live files, read by openssl.
fn assert_installed(w: &World, r: &Value, structure: &str, usage_dir: &str, cn: &str) {
    let live = w.live(structure, usage_dir);
    let cert = live.join("cert.pem");
    assert_eq!(r["serial"], openssl_serial(&cert), "{r:#}");
    assert_eq!(rfc3339(&r["not_after"]), openssl_not_after(&cert), "{r:#}");
    assert!(rfc3339(&r["not_before"]) < rfc3339(&r["not_after"]));
    assert_eq!(r["cn"], cn);
    assert_eq!(r["raison_sociale"], NAME);
    assert_eq!(r["path"], live.display().to_string());
    assert_eq!(r["key"], "software");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let days = (rfc3339(&r["not_after"]) - now).div_euclid(86_400);
    assert_eq!(r["days_left"], days, "{r:#}");
}

/// Validates `agent status --json` output against docs/status.schema.json with an independent
/// validator (Python `jsonschema`, JSON Schema 2020-12, formats checked), and checks that the
/// validator does refuse a row that breaks the schema.
fn assert_schema(json: &str) {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/status.schema.json");
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("status.json");
    std::fs::write(&doc, json).unwrap();
    const PY: &str = r#"
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema, format_checker=FormatChecker())
doc = json.load(open(sys.argv[2]))
errors = [f"{list(e.path)}: {e.message}" for e in v.iter_errors(doc)]
bad = json.loads(json.dumps(doc))
bad[0]["days_left"] = "44"
bad[0]["unknown_field"] = 1
if v.is_valid(bad):
    errors.append("the schema accepts a broken row")
print("\n".join(errors))
sys.exit(1 if errors else 0)
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(PY)
        .arg(schema)
        .arg(&doc)
        .output()
        .expect("python3 (with jsonschema: scripts/setup)");
    assert!(
        out.status.success(),
        "status --json does not match docs/status.schema.json (a new field goes into the schema too):\n{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// renew_after = notAfter - 60 days (the default renewal window); percent_left from the dates.
fn assert_renewal_fields(r: &Value) {
    if r["not_after"].is_null() {
        assert!(
            r["renew_after"].is_null() && r["percent_left"].is_null(),
            "{r:#}"
        );
        return;
    }
    let na = rfc3339(&r["not_after"]);
    let nb = rfc3339(&r["not_before"]);
    assert_eq!(rfc3339(&r["renew_after"]), na - 60 * 86_400, "{r:#}");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let want = ((na - now).clamp(0, na - nb) as f64) * 100.0 / ((na - nb) as f64);
    let got = r["percent_left"].as_f64().expect("percent_left");
    assert!(
        (got - want).abs() < 0.05,
        "percent_left {got}, want {want}: {r:#}"
    );
}

struct Populated {
    w: World,
    expired: String,
    d45: String,
    y2: String,
    pending: String,
    missing: String,
    renewing: String,
}

/// Expired + 5 days, 45 days, 2 years, ordered only, AUTH_CLI without SIGN, and a renewal ordered
/// for valid certificates.
fn populated() -> Populated {
    let w = World::new().with_pki();
    let p = Populated {
        expired: finess_id(1),
        d45: finess_id(2),
        y2: finess_id(3),
        pending: finess_id(4),
        missing: finess_id(5),
        renewing: finess_id(6),
        w,
    };
    let w = &p.w;
    // The expired one: issued for a few seconds, installed while valid, left to expire in place.
    w.install(
        &p.expired,
        NAME,
        &[
            ("auth_cli", Validity::EndsInSeconds(-1094, 6)),
            ("sign", Validity::Days(0, 5)),
        ],
    );
    w.install(
        &p.d45,
        NAME,
        &[
            ("auth_cli", Validity::Days(0, 45)),
            ("sign", Validity::Days(0, 45)),
        ],
    );
    w.install(
        &p.y2,
        NAME,
        &[
            ("auth_cli", Validity::Days(0, 730)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    w.csr(
        &Order::new(&p.pending, NAME)
            .usage("auth_cli,sign")
            .replace(),
    );
    w.install(&p.missing, NAME, &[("auth_cli", Validity::Days(0, 730))]);
    w.install(
        &p.renewing,
        NAME,
        &[
            ("auth_cli", Validity::Days(-1000, 95)),
            ("sign", Validity::Days(-1000, 95)),
        ],
    );
    w.csr(
        &Order::new(&p.renewing, NAME)
            .usage("auth_cli,sign")
            .replace(),
    );
    w.wait_until_expired(&p.expired, "auth_cli");
    p
}

#[test]
fn every_state_json_fields_filters_and_exit_codes() {
    let p = populated();
    let w = &p.w;

    // The whole store, as JSON.
    let out = w.status(&["--json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let all = rows(&out);
    assert_eq!(all.len(), 14, "{all:#?}");
    assert_schema(&stdout(&out));
    for r in &all {
        assert_renewal_fields(r);
    }
    let renewing = one(&all, &p.renewing, "AUTH_CLI", "ok");
    let pl = renewing["percent_left"].as_f64().unwrap();
    assert!((8.6..8.7).contains(&pl), "95 days of 1095: {pl}");
    assert_eq!(
        one(&all, &p.expired, "AUTH_CLI", "expired")["percent_left"],
        0.0
    );
    let keys: BTreeSet<&str> = all[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "structure",
        "raison_sociale",
        "usage",
        "cn",
        "serial",
        "not_before",
        "not_after",
        "days_left",
        "state",
        "path",
    ] {
        assert!(keys.contains(k), "key {k} missing: {keys:?}");
    }
    for r in &all {
        assert!(
            ["AUTH_CLI", "SIGN"].contains(&r["usage"].as_str().unwrap()),
            "{r:#}"
        );
    }

    let r = one(&all, &p.expired, "AUTH_CLI", "expired");
    assert_installed(w, r, &p.expired, "auth_cli", AUTH);
    assert_eq!(r["days_left"], -1);
    assert_eq!(r["chain"], "issuer", "no anchors: first link only");
    let r = one(&all, &p.expired, "SIGN", "expiring");
    assert_installed(w, r, &p.expired, "sign", SIGN);
    assert_eq!(
        r["days_left"], 4,
        "5 days minus the seconds since issue, rounded down"
    );

    for (u, d, cn) in [("AUTH_CLI", "auth_cli", AUTH), ("SIGN", "sign", SIGN)] {
        let r = one(&all, &p.d45, u, "expiring");
        assert_installed(w, r, &p.d45, d, cn);
        assert_eq!(r["days_left"], 44);
        let r = one(&all, &p.y2, u, "ok");
        assert_installed(w, r, &p.y2, d, cn);
        assert_eq!(r["days_left"], 729);
        assert!(r["detail"].is_null());

        let r = one(&all, &p.pending, u, "pending");
        assert!(r["serial"].is_null() && r["not_after"].is_null() && r["days_left"].is_null());
        assert_eq!(r["cn"], cn);
        assert_eq!(r["raison_sociale"], NAME);
        assert_eq!(
            r["path"],
            w.home()
                .join("pending")
                .join(&p.pending)
                .display()
                .to_string()
        );
        assert_eq!(find(&all, &p.pending, u).len(), 1);

        // A renewal ordered: the live certificate and the pending order, side by side.
        let live = one(&all, &p.renewing, u, "ok");
        assert_installed(w, live, &p.renewing, d, cn);
        assert_eq!(live["days_left"], 94);
        one(&all, &p.renewing, u, "pending");
    }
    one(&all, &p.missing, "AUTH_CLI", "ok");
    let m = one(&all, &p.missing, "SIGN", "missing");
    assert!(m["serial"].is_null());
    assert_eq!(m["path"], w.live(&p.missing, "sign").display().to_string());
    assert!(
        m["detail"].as_str().unwrap().contains("--usage sign"),
        "{m:#}"
    );

    // --structure: every exit code but 3.
    for (s, want) in [
        (&p.y2, 0),
        (&p.pending, 0),
        (&p.renewing, 0),
        (&p.d45, 1),
        (&p.missing, 1),
        (&p.expired, 2),
    ] {
        let out = w.status(&["--structure", s, "--json"]);
        assert_eq!(code(&out), want, "{s}: {}", stdout(&out));
        assert!(rows(&out).iter().all(|r| r["structure"] == s.as_str()));
    }
    let out = w.status(&["--structure", &p.y2, "--structure", &p.d45, "--json"]);
    assert_eq!((code(&out), rows(&out).len()), (1, 4));

    // The table.
    let out = w.status(&["--structure", &p.d45]);
    assert_eq!(code(&out), 1);
    let t = stdout(&out);
    let lines: Vec<&str> = t.lines().collect();
    assert!(
        lines[0].starts_with("2 row(s): 2 expiring (window 60 days)")
            && lines[1].starts_with("STRUCTURE")
            && lines[1].contains("DAYS"),
        "{t}"
    );
    let auth_line = lines.iter().find(|l| l.contains(AUTH)).expect(&t);
    for part in [p.d45.as_str(), NAME, "AUTH_CLI", " 44 ", "expiring"] {
        assert!(auth_line.contains(part), "{part:?} not in {auth_line:?}");
    }
    assert!(
        stderr(&out).contains("no trust anchors"),
        "{}",
        stderr(&out)
    );

    // --expiring: the configured window (60 days by default), then explicit ones.
    let out = w.status(&["--expiring", "--json"]);
    let r = rows(&out);
    assert_eq!(code(&out), 2);
    assert_eq!(r.len(), 4, "{r:#?}");
    assert!(r
        .iter()
        .all(|r| r["structure"] == p.expired.as_str() || r["structure"] == p.d45.as_str()));
    let out = w.status(&["--expiring", "30d", "--json"]);
    let r = rows(&out);
    assert_eq!((code(&out), r.len()), (2, 2), "{r:#?}");
    assert!(r.iter().all(|r| r["structure"] == p.expired.as_str()));
    let out = w.status(&["--expiring", "30d", "--structure", &p.d45, "--json"]);
    assert_eq!((code(&out), rows(&out).len()), (0, 0));
    let out = w.status(&["--expiring", "30d", "--structure", &p.d45]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("Nothing expires within 30 days"),
        "{}",
        stdout(&out)
    );
    let out = w.status(&["--expiring", "1000d", "--structure", &p.y2, "--json"]);
    let r = rows(&out);
    assert_eq!((code(&out), r.len()), (1, 2));
    assert!(r.iter().all(|r| r["state"] == "expiring"));

    // The window from the configuration file.
    let conf = w.work.path().join("status.toml");
    std::fs::write(&conf, "[status]\nwindow = \"30d\"\n").unwrap();
    let out = w.status(&[
        "--config",
        conf.to_str().unwrap(),
        "--structure",
        &p.d45,
        "--json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(rows(&out).iter().all(|r| r["state"] == "ok"));

    // With trust anchors: every chain verified up to the root; the expired one is still `expired`.
    let root = w.ca().root();
    let out = w.status(&[
        "--json",
        "--trust-anchor",
        root.to_str().unwrap(),
        "--test-pki",
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let r = rows(&out);
    for x in r.iter().filter(|x| !x["serial"].is_null()) {
        assert_eq!(x["chain"], "verified", "{x:#}");
    }
    one(&r, &p.expired, "AUTH_CLI", "expired");
    // A TEST root without --test-pki cannot be an anchor: could not check.
    let out = w.status(&["--json", "--trust-anchor", root.to_str().unwrap()]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn damaged_entries_are_invalid_and_status_rereads_the_store() {
    let w = World::new().with_pki();
    let both = |s: &str| {
        w.install(
            s,
            NAME,
            &[
                ("auth_cli", Validity::Days(0, 730)),
                ("sign", Validity::Days(0, 730)),
            ],
        )
    };
    let (mismatch, garbage, chain, moved_from, moved_to, healthy) = (
        finess_id(11),
        finess_id(12),
        finess_id(13),
        finess_id(14),
        finess_id(15),
        finess_id(16),
    );
    let dangling = finess_id(18);
    for s in [
        &mismatch,
        &garbage,
        &chain,
        &moved_from,
        &healthy,
        &dangling,
    ] {
        both(s);
    }
    // A forgery: same subject, same key, signed by another CA with the same names.
    let impostor = OrgCa::new();
    let forged = finess_id(17);
    w.csr(&Order::new(&forged, NAME).usage("auth_cli,sign").replace());
    let real_sign = w.issue(&forged, "sign", Validity::Days(0, 730));
    let real = w.issue(&forged, "auth_cli", Validity::Days(0, 730));
    let fake = impostor.issue_days(
        &w.pending(&forged, "auth_cli.csr.pem"),
        "auth_cli",
        0,
        730,
        &w.work.path().join("forged.pem"),
    );
    let out = w.import(&[&real, &real_sign, &w.ca().intermediate()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let out = w.status(&["--json"]);
    assert_eq!(code(&out), 0, "before any damage: {}", stdout(&out));

    // The store is read every time: damage shows at once.
    let other_key = std::fs::read(w.live(&mismatch, "auth_cli").join("privkey.pem")).unwrap();
    w.damage(&mismatch, "sign", "privkey.pem", &other_key);
    w.damage(&garbage, "auth_cli", "cert.pem", b"not a certificate\n");
    let impostor_chain = std::fs::read(impostor.intermediate()).unwrap();
    w.damage(&chain, "sign", "chain.pem", &impostor_chain);
    std::fs::remove_file(w.live(&chain, "auth_cli").join("privkey.pem")).unwrap();
    w.damage(
        &forged,
        "auth_cli",
        "cert.pem",
        &std::fs::read(&fake).unwrap(),
    );
    let store = w.home().join("store");
    // A key on a token: key.uri instead of privkey.pem (not checked against the certificate).
    std::fs::remove_file(w.live(&healthy, "sign").join("privkey.pem")).unwrap();
    w.damage(
        &healthy,
        "sign",
        "key.uri",
        b"pkcs11:token=CPS%20TEST;object=sign;type=private\n",
    );
    std::fs::remove_file(w.live(&dangling, "auth_cli").join("privkey.pem")).unwrap();
    w.damage(&dangling, "auth_cli", "key.uri", b"not a URI\n");
    let live = w.live(&dangling, "sign");
    std::fs::remove_file(&live).unwrap();
    std::os::unix::fs::symlink("versions/v0099", &live).unwrap();
    std::fs::rename(store.join(&moved_from), store.join(&moved_to)).unwrap();

    let out = w.status(&["--json"]);
    assert_eq!(code(&out), 2);
    assert_schema(&stdout(&out));
    let all = rows(&out);
    let detail = |s: &str, u: &str| -> String {
        one(&all, s, u, "invalid")["detail"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(detail(&mismatch, "SIGN").contains("privkey.pem does not match cert.pem"));
    one(&all, &mismatch, "AUTH_CLI", "ok");
    let g = one(&all, &garbage, "AUTH_CLI", "invalid");
    assert!(g["serial"].is_null(), "{g:#}");
    assert!(g["detail"].as_str().unwrap().contains("cert.pem"), "{g:#}");
    one(&all, &garbage, "SIGN", "ok");
    let c = one(&all, &chain, "SIGN", "invalid");
    assert_eq!(c["chain"], "failed");
    assert!(
        c["detail"]
            .as_str()
            .unwrap()
            .contains("did not sign cert.pem"),
        "{c:#}"
    );
    assert!(detail(&chain, "AUTH_CLI").contains("no private key"));
    for u in ["AUTH_CLI", "SIGN"] {
        assert!(detail(&moved_to, u).contains(&format!("for structure {moved_from}")));
        one(&all, &healthy, u, "ok");
    }
    assert!(find(&all, &moved_from, "AUTH_CLI").is_empty());
    assert!(detail(&dangling, "SIGN").contains("cannot open"));
    assert!(detail(&dangling, "AUTH_CLI").contains("key.uri is not a pkcs11: URI"));
    assert_eq!(one(&all, &healthy, "SIGN", "ok")["key"], "pkcs11");
    assert_eq!(one(&all, &healthy, "AUTH_CLI", "ok")["key"], "software");
    let f = one(&all, &forged, "AUTH_CLI", "invalid");
    assert!(
        f["detail"]
            .as_str()
            .unwrap()
            .contains("did not sign cert.pem"),
        "{f:#}"
    );
    assert_eq!(code(&w.status(&["--structure", &healthy])), 0);
    assert_eq!(code(&w.status(&["--structure", &mismatch])), 2);

    // With the real root as anchor: the healthy certificates verify (the first one through the whole
    // path, the next ones from their verified issuing CA), the forged one does not.
    let out = w.status(&[
        "--json",
        "--trust-anchor",
        w.ca().root().to_str().unwrap(),
        "--test-pki",
    ]);
    let r = rows(&out);
    for u in ["AUTH_CLI", "SIGN"] {
        for s in [&healthy, &garbage, &mismatch] {
            let x = find(&r, s, u);
            if x[0]["state"] != "invalid" {
                assert_eq!(x[0]["chain"], "verified", "{x:#?}");
            }
        }
    }
    let f = one(&r, &forged, "AUTH_CLI", "invalid");
    assert_eq!(f["chain"], "failed");
    assert!(
        f["detail"].as_str().unwrap().contains("does not verify"),
        "{f:#}"
    );
    // The impostor chain fails the full verification too.
    let out = w.status(&[
        "--json",
        "--structure",
        &chain,
        "--trust-anchor",
        w.ca().root().to_str().unwrap(),
        "--test-pki",
    ]);
    assert_eq!(code(&out), 2);
    let r = rows(&out);
    let c = one(&r, &chain, "SIGN", "invalid");
    assert_eq!(c["chain"], "failed");
    assert!(
        c["detail"].as_str().unwrap().contains("does not verify"),
        "{c:#}"
    );

    // Read errors in the metrics: the garbage certificate, the missing key, the bad key.uri and the
    // dangling link (a key mismatch or a bad chain is invalid, but was read).
    let out = w.status(&["--format", "prometheus"]);
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l == "agent_org_read_errors 4"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l == "agent_org_status_exit_code 2"),
        "{text}"
    );
}

fn scrape(text: &str) -> prometheus_parse::Scrape {
    let samples_in_text = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count();
    let s = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string())))
        .expect("Prometheus text");
    assert_eq!(
        s.samples.len(),
        samples_in_text,
        "the parser skipped lines:\n{text}"
    );
    s
}

fn gauge<'a>(
    s: &'a prometheus_parse::Scrape,
    metric: &str,
    labels: &[(&str, &str)],
) -> Vec<&'a prometheus_parse::Sample> {
    s.samples
        .iter()
        .filter(|x| x.metric == metric && labels.iter().all(|(k, v)| x.labels.get(k) == Some(*v)))
        .collect()
}

fn value(x: &prometheus_parse::Sample) -> f64 {
    match x.value {
        prometheus_parse::Value::Gauge(v) => v,
        ref other => panic!("{} is not a gauge: {other:?}", x.metric),
    }
}

#[test]
fn prometheus_output_parses_and_the_textfile_is_written_atomically() {
    let w = World::new().with_pki();
    let (ok, soon, ordered, garbage) = (finess_id(21), finess_id(22), finess_id(23), finess_id(24));
    w.install(
        &ok,
        NAME,
        &[
            ("auth_cli", Validity::Days(0, 730)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    w.install(&soon, NAME, &[("auth_cli", Validity::Days(0, 45))]);
    w.csr(&Order::new(&ordered, NAME).usage("auth_cli,sign").replace());
    w.install(&garbage, NAME, &[("sign", Validity::Days(0, 730))]);
    w.damage(
        &garbage,
        "sign",
        "cert.pem",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );

    let out = w.status(&["--format", "prometheus"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let text = stdout(&out);
    let s = scrape(&text);
    for m in [
        "agent_org_cert_not_before",
        "agent_org_cert_not_after",
        "agent_org_cert_expired",
        "agent_org_cert_state",
        "agent_org_structure_info",
        "agent_org_read_errors",
        "agent_org_status_exit_code",
        "agent_org_status_window_seconds",
        "agent_org_status_last_run_timestamp_seconds",
    ] {
        assert!(s.docs.contains_key(m), "no HELP for {m}");
        assert!(
            text.contains(&format!("# TYPE {m} gauge")),
            "no TYPE for {m}"
        );
    }
    let cert = w.live(&ok, "auth_cli").join("cert.pem");
    let serial = openssl_serial(&cert);
    let labels = [
        ("structure", ok.as_str()),
        ("usage", "AUTH_CLI"),
        ("serial", serial.as_str()),
        ("cn", AUTH),
    ];
    let na = gauge(&s, "agent_org_cert_not_after", &labels);
    assert_eq!(na.len(), 1, "{text}");
    assert_eq!(value(na[0]), openssl_not_after(&cert) as f64);
    assert_eq!(value(gauge(&s, "agent_org_cert_expired", &labels)[0]), 0.0);
    assert_eq!(
        gauge(
            &s,
            "agent_org_cert_state",
            &[("structure", &ok), ("state", "ok")]
        )
        .len(),
        2
    );
    let soon_state = gauge(
        &s,
        "agent_org_cert_state",
        &[("structure", &soon), ("usage", "AUTH_CLI")],
    );
    assert_eq!(soon_state.len(), 1);
    assert_eq!(soon_state[0].labels.get("state"), Some("expiring"));
    assert_eq!(
        gauge(
            &s,
            "agent_org_cert_state",
            &[
                ("structure", &soon),
                ("usage", "SIGN"),
                ("state", "missing")
            ]
        )
        .len(),
        1
    );
    assert_eq!(
        gauge(
            &s,
            "agent_org_cert_state",
            &[("structure", &ordered), ("state", "pending")]
        )
        .len(),
        2
    );
    assert_eq!(
        gauge(
            &s,
            "agent_org_cert_state",
            &[
                ("structure", &garbage),
                ("usage", "SIGN"),
                ("state", "invalid")
            ]
        )
        .len(),
        1
    );
    // Rows without a certificate have no date samples.
    assert!(gauge(&s, "agent_org_cert_not_after", &[("structure", &ordered)]).is_empty());
    assert!(gauge(&s, "agent_org_cert_not_after", &[("structure", &garbage)]).is_empty());
    assert_eq!(value(gauge(&s, "agent_org_read_errors", &[])[0]), 1.0);
    // The renewal due time: notAfter minus the renewal window (60 days by default).
    let ra = gauge(&s, "agent_org_cert_renew_after", &labels);
    assert_eq!(ra.len(), 1, "{text}");
    assert_eq!(
        value(ra[0]),
        (openssl_not_after(&cert) - 60 * 86_400) as f64
    );
    assert!(gauge(&s, "agent_org_cert_renew_after", &[("structure", &garbage)]).is_empty());
    // The per-slot read-error gauge: a sample for every installed slot, 1 for the unreadable one;
    // none for what is missing or only ordered.
    let errs = gauge(&s, "agent_org_cert_error", &[]);
    let mut slots: Vec<(String, String, f64)> = errs
        .iter()
        .map(|x| {
            (
                x.labels.get("structure").unwrap().to_string(),
                x.labels.get("usage").unwrap().to_string(),
                value(x),
            )
        })
        .collect();
    slots.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mut want = vec![
        (ok.clone(), "AUTH_CLI".to_string(), 0.0),
        (ok.clone(), "SIGN".to_string(), 0.0),
        (soon.clone(), "AUTH_CLI".to_string(), 0.0),
        (garbage.clone(), "SIGN".to_string(), 1.0),
    ];
    want.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(slots, want, "{text}");
    assert!(text.contains("# TYPE agent_org_cert_error gauge"));
    assert!(text.contains("# TYPE agent_org_cert_renew_after gauge"));
    assert_eq!(value(gauge(&s, "agent_org_status_exit_code", &[])[0]), 2.0);
    assert_eq!(
        value(gauge(&s, "agent_org_status_window_seconds", &[])[0]),
        60.0 * 86400.0
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as f64;
    let last = value(gauge(&s, "agent_org_status_last_run_timestamp_seconds", &[])[0]);
    assert!((now - last).abs() < 120.0, "{last} vs {now}");
    assert!(
        text.contains(&format!(
            "agent_org_structure_info{{structure=\"{ok}\",raison_sociale=\"{NAME}\"}} 1"
        )),
        "{text}"
    );

    // --prometheus-file: written atomically (nothing else left in the directory), 0644, nothing
    // on stdout, same content, same exit code.
    let dir = tempfile::tempdir().unwrap();
    let prom = dir.path().join("agent.prom");
    let out = w.status(&["--prometheus-file", prom.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let file = std::fs::read_to_string(&prom).unwrap();
    let strip = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with("agent_org_status_last_run_timestamp_seconds "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(strip(&file), strip(&text));
    scrape(&file);
    assert_eq!(
        std::fs::metadata(&prom).unwrap().permissions().mode() & 0o777,
        0o644
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("agent.prom")]);
    // With --json as well, both.
    let out = w.status(&[
        "--prometheus-file",
        prom.to_str().unwrap(),
        "--json",
        "--structure",
        &ok,
    ]);
    assert_eq!(code(&out), 0);
    assert_eq!(rows(&out).len(), 2);
    let s = scrape(&std::fs::read_to_string(&prom).unwrap());
    assert_eq!(value(gauge(&s, "agent_org_status_exit_code", &[])[0]), 0.0);
}

#[test]
fn could_not_check_exits_3() {
    // Nothing installed or ordered.
    let empty = tempfile::tempdir().unwrap();
    let out = run(common::agent(empty.path()).args(["status"]));
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("nothing is installed or ordered"),
        "{}",
        stderr(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let prom = dir.path().join("agent.prom");
    let out = run(common::agent(empty.path()).args([
        "status",
        "--prometheus-file",
        prom.to_str().unwrap(),
    ]));
    assert_eq!(code(&out), 3);
    let s = scrape(&std::fs::read_to_string(&prom).unwrap());
    assert_eq!(value(gauge(&s, "agent_org_status_exit_code", &[])[0]), 3.0);
    assert_eq!(value(gauge(&s, "agent_org_read_errors", &[])[0]), 1.0);

    // The store cannot be listed.
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("store"), "not a directory").unwrap();
    let out = run(common::agent(broken.path()).args(["status", "--json"]));
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("cannot read the store"),
        "{}",
        stderr(&out)
    );

    // A home with one order, for the option errors.
    let w = World::new().with_pki();
    let s = finess_id(31);
    w.csr(&Order::new(&s, NAME).usage("auth_cli,sign").replace());
    assert_eq!(code(&w.status(&[])), 0);
    let unknown = finess_id(32);
    for (args, why) in [
        (vec!["--expiring", "soon"], "invalid expiry window"),
        (
            vec!["--structure", unknown.as_str()],
            "nothing is installed or ordered for it",
        ),
        (vec!["--structure", "../x"], "not a national structure id"),
        (
            vec!["--trust-anchor", "/nonexistent/root.pem"],
            "trust anchor",
        ),
        (vec!["--bogus"], "--bogus"),
        (vec!["--format", "xml"], "xml"),
    ] {
        let out = w.status(&args);
        assert_eq!(code(&out), 3, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{args:?}: {}", stderr(&out));
    }
    // Other commands keep clap's usage code.
    assert_eq!(code(&run(w.agent().args(["list", "--bogus"]))), 2);
    // A global option before the command does not hide it.
    let out = run(w
        .agent()
        .args(["--home", w.home().to_str().unwrap(), "status", "--bogus"]));
    assert_eq!(code(&out), 3);
    // A configuration error.
    let conf = w.work.path().join("bad.toml");
    std::fs::write(&conf, "[status]\nwindwo = \"30d\"\n").unwrap();
    let out = w.status(&["--config", conf.to_str().unwrap()]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("windwo"), "{}", stderr(&out));
    std::fs::write(&conf, "[status]\nwindow = \"a while\"\n").unwrap();
    assert_eq!(code(&w.status(&["--config", conf.to_str().unwrap()])), 3);
    // --help is not an error.
    assert_eq!(code(&w.status(&["--help"])), 0);
}
