//! `agent enroll`, `agent renew` and `agent check` against an EST server the agent did not
//! shape: tests/peers/est_server.py, written from RFC 7030 (Python http.server + ssl, openssl as
//! the CA, client certificate required and chained to the card's TEST PERSONNES CA). Its
//! enrollment answers hold only the issued certificate (§4.2.3); the CA certificates come from
//! its /cacerts (§4.1.3).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::estpeer::EstPeer;
use common::p11shim::TestCard;
use common::world::{Order, World, FINESS_ID};
use common::{run, stderr, stdout};
use serde_json::Value;

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn openssl(args: &[&str]) -> String {
    let o = Command::new("openssl").args(args).output().unwrap();
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn live(home: &Path, usage: &str) -> PathBuf {
    home.join("store").join(FINESS_ID).join(usage).join("live")
}

/// The live pair verifies under the root only, its chain.pem is the ORGANISATIONS CA.
fn check_live(home: &Path, usage: &str, card: &TestCard) -> String {
    let l = live(home, usage);
    let cert = s(&l.join("cert.pem"));
    assert_eq!(
        std::fs::read_to_string(l.join("chain.pem")).unwrap(),
        std::fs::read_to_string(card.card.get("organisations_ca_cert")).unwrap(),
        "chain.pem is the ORGANISATIONS CA from /cacerts"
    );
    let v = openssl(&[
        "verify",
        "-CAfile",
        &card.card.get("ca_cert"),
        "-untrusted",
        &s(&l.join("chain.pem")),
        "-purpose",
        if usage == "auth_cli" {
            "sslclient"
        } else {
            "smimesign"
        },
        &cert,
    ]);
    assert!(v.trim_end().ends_with(": OK"), "{v}");
    assert_eq!(
        openssl(&["pkey", "-in", &s(&l.join("privkey.pem")), "-pubout"]),
        openssl(&["x509", "-in", &cert, "-noout", "-pubkey"])
    );
    openssl(&["x509", "-in", &cert, "-noout", "-serial"])
}

#[test]
fn enroll_renew_and_check_against_an_rfc7030_peer() {
    let w = World::new().with_card("1234");
    let (card, home, work) = (w.card(), &w.home, &w.work);
    let cacerts = work.path().join("cacerts.pem");
    std::fs::write(
        &cacerts,
        [
            std::fs::read(card.card.get("organisations_ca_cert")).unwrap(),
            std::fs::read(card.card.get("ca_cert")).unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    let peer = EstPeer::start(
        Path::new(&card.card.get("personnes_chain")),
        &cacerts,
        Path::new(&card.card.get("organisations_ca_cert")),
        Path::new(&card.card.get("organisations_ca_key")),
    );
    let root = w.card_ca();
    let agent = |args: &[&str]| run(w.agent().args(args).arg("--pin-file").arg(w.pin()));
    let platform = [
        "--est-url",
        &peer.url,
        "--est-ca",
        &s(&peer.tls_ca),
        "--trust-anchor",
        &root,
        "--test-pki",
    ];

    // enroll: both usages, the chains completed from /cacerts (one GET for the run).
    let mut args = vec!["enroll", "--json"];
    args.extend(platform);
    let order = Order::pharmacie().args();
    args.extend(order.iter().map(String::as_str));
    let out = agent(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        j.as_array()
            .unwrap()
            .iter()
            .all(|o| o["state"] == "installed"),
        "{j}"
    );
    let first_auth = check_live(home.path(), "auth_cli", card);
    check_live(home.path(), "sign", card);
    assert_eq!(peer.count("simpleenroll"), 2);
    assert_eq!(peer.count("cacerts"), 1, "one /cacerts per run");
    for r in peer.requests() {
        if r["path"].as_str().unwrap().ends_with("simpleenroll") {
            assert_eq!(r["status"], 200, "{r}");
            assert_eq!(
                r["certs"], 1,
                "the answer holds the issued certificate only"
            );
            assert!(
                r["client"].as_str().unwrap().contains("899700270616"),
                "{r}"
            );
        }
    }

    // check: the installed AUTH_CLI pair authenticates to the peer (it trusts the root, the
    // agent sends the ORGANISATIONS CA).
    let out = agent(&[
        "check",
        "--json",
        "--url",
        &format!("https://127.0.0.1:{}/", peer.port),
        "--ca-file",
        &s(&peer.tls_ca),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["http_status"], 200, "{j}");
    let last = peer.requests().pop().unwrap();
    assert_eq!(last["path"], "/");
    assert!(
        last["client"]
            .as_str()
            .unwrap()
            .contains("commonName=DMP AUTHENTIFICATION"),
        "{last}"
    );

    // renew: everything is due within 1100 days; simplereenroll, /cacerts once more (new run).
    let mut args = vec!["renew", "--json", "--within", "1100d"];
    args.extend(platform);
    let out = agent(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["due"], 2, "{j}");
    assert_eq!(peer.count("simplereenroll"), 2);
    assert_eq!(peer.count("cacerts"), 2);
    let renewed = check_live(home.path(), "auth_cli", card);
    assert_ne!(renewed, first_auth, "a new certificate is live");
    check_live(home.path(), "sign", card);
}
