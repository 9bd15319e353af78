//! `agent csr` without --name: the raison sociale comes from the annuaire CPS (real slapd), through
//! the practitioner an RPPS rang names, or the one given with --rpps.

mod common;

use std::process::Command;

use common::stderr;
use common::world::World;

fn subject(csr: &std::path::Path) -> String {
    let o = Command::new("openssl")
        .args([
            "req",
            "-noout",
            "-subject",
            "-nameopt",
            "RFC2253,-esc_msb",
            "-in",
        ])
        .arg(csr)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn name_from_the_directory() {
    let w = World::new().with_test_directory();
    let home = &w.home;
    std::fs::write(
        home.path().join("config.toml"),
        format!(
            "[annuaire]\nurl = \"{}\"\nbranch = \"test\"\n",
            w.directory().url
        ),
    )
    .unwrap();
    // An RPPS rang names its practitioner: no --name, no --rpps needed.
    let out = w.run(&[
        "csr",
        "--structure",
        "499700270616011",
        "--dept",
        "75",
        "--usage",
        "auth_cli",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = subject(&home.path().join("pending/499700270616011/auth_cli.csr.pem"));
    assert!(
        s.contains("O=CABINET DE M. MAXIMAXIMAXIMAXIM0027061"),
        "{s}"
    );
    assert!(s.contains("OU=499700270616011"), "{s}");
    // A structure that is not one of the practitioner's activities is refused, nothing written.
    let out = w.run(&[
        "csr",
        "--structure",
        "1010000024",
        "--rpps",
        "99700270616",
        "--dept",
        "01",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not among the activities"),
        "{}",
        stderr(&out)
    );
    assert!(!home.path().join("pending/1010000024").exists());
    // A FINESS without --rpps: --name is required (exit 2), the message says how to get it.
    let out = w.run(&["csr", "--structure", "1010000024", "--dept", "01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--rpps"), "{}", stderr(&out));
}
