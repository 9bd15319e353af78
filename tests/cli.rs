//! The command line itself: help that teaches, completions, man pages, configuration and
//! environment precedence.

mod common;

use common::world::World;
use common::{run, stderr, stdout};

#[test]
fn help_lists_every_command() {
    let w = World::new();
    let out = run(w.agent().arg("--help"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for cmd in [
        "card",
        "lookup",
        "form413",
        "csr",
        "inspect",
        "import",
        "enroll",
        "renew",
        "status",
        "check",
        "export",
        "rollback",
        "list",
        "completions",
        "man",
    ] {
        assert!(
            text.contains(&format!("\n  {cmd} ")),
            "{cmd} missing from --help:\n{text}"
        );
    }
    // No option takes a PIN value.
    assert!(!text.contains("--pin "), "{text}");
}

#[test]
fn completions_and_man_pages() {
    let w = World::new();
    let home = &w.home;
    let out = run(w.agent().args(["completions", "bash"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("_agent()") && stdout(&out).contains("enroll"));
    let man = home.path().join("man");
    let out = run(w.agent().arg("man").arg(&man));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for page in [
        "agent.1",
        "agent-enroll.1",
        "agent-renew.1",
        "agent-status.1",
        "agent-card.1",
    ] {
        let text =
            std::fs::read_to_string(man.join(page)).unwrap_or_else(|_| panic!("{page} missing"));
        assert!(text.contains(".TH"), "{page} is not a man page");
    }
}

#[test]
fn configuration_errors_and_precedence() {
    let w = World::new();
    let home = &w.home;
    // A typo in the configuration is refused with the key's name (exit 3).
    std::fs::write(
        home.path().join("config.toml"),
        "[card]\npkcs11_modul = \"/x.so\"\n",
    )
    .unwrap();
    let out = run(w.agent().args(["list"]));
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("pkcs11_modul"), "{}", stderr(&out));
    // The configuration's module is used when no flag or variable is given...
    std::fs::write(
        home.path().join("config.toml"),
        "[card]\npkcs11_module = \"/from/config.so\"\n",
    )
    .unwrap();
    let out = run(w.agent().args(["card", "login", "--pin-file", "/dev/null"]));
    assert_eq!(out.status.code(), Some(20));
    assert!(stderr(&out).contains("/from/config.so"), "{}", stderr(&out));
    // ...the environment wins over the configuration...
    let out = run(w.agent().env("AGENT_PKCS11_MODULE", "/from/env.so").args([
        "card",
        "login",
        "--pin-file",
        "/dev/null",
    ]));
    assert!(stderr(&out).contains("/from/env.so"), "{}", stderr(&out));
    // ...and the flag over the environment.
    let out = run(w.agent().env("AGENT_PKCS11_MODULE", "/from/env.so").args([
        "--pkcs11-module",
        "/from/flag.so",
        "card",
        "login",
        "--pin-file",
        "/dev/null",
    ]));
    assert!(stderr(&out).contains("/from/flag.so"), "{}", stderr(&out));
    // An explicit configuration file that does not exist is an error.
    let out = run(w
        .agent()
        .env("AGENT_CONFIG", home.path().join("nope.toml"))
        .arg("list"));
    assert_eq!(out.status.code(), Some(3));
}
