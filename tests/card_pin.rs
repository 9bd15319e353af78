//! `agent card login` and the PIN flags of `agent card status` against a card that locks its PIN
//! after 3 wrong tries: a `mock-card provision` token on SoftHSM2, through the `mockcps_pkcs11`
//! module (SoftHSM itself never locks). The module's state file shows how many wrong PINs the
//! "card" counted and how many logins reached SoftHSM.

mod common;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::p11shim::{shim_module, Counters};
use common::world::World;
use common::{run, stderr, stdout};
use serde_json::Value;

/// The card's PIN and two wrong ones: digits unlikely to appear in any other output.
const PIN: &str = "583920";
const WRONG: &str = "271828";
const WRONG2: &str = "314159";

fn login(w: &World, pin_file: Option<&std::path::Path>, allow_final_try: bool) -> Output {
    let mut c = w.agent();
    c.args(["card", "login"]);
    if let Some(f) = pin_file {
        c.arg("--pin-file").arg(f);
    }
    if allow_final_try {
        c.arg("--allow-final-try");
    }
    let o = run(&mut c);
    assert_no_pin(&o);
    o
}

fn assert_no_pin(o: &Output) {
    for (name, text) in [("stdout", stdout(o)), ("stderr", stderr(o))] {
        for pin in [PIN, WRONG, WRONG2] {
            assert!(
                !text.contains(pin),
                "a PIN appears in the agent's {name}: {text}"
            );
        }
    }
}

fn pin_flags(w: &World) -> (bool, bool, bool) {
    let o = run(w.agent().args(["card", "status", "--json"]));
    assert_no_pin(&o);
    assert_eq!(o.status.code(), Some(0), "card status: {}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("status JSON");
    let t = &v["token"];
    assert_eq!(t["label"], w.card().label.as_str());
    (
        t["pin_count_low"].as_bool().expect("pin_count_low"),
        t["pin_final_try"].as_bool().expect("pin_final_try"),
        t["pin_locked"].as_bool().expect("pin_locked"),
    )
}

fn counters(failures: u32, real_logins: u32) -> Counters {
    Counters {
        failures,
        real_logins,
    }
}

#[test]
fn wrong_pins_count_down_and_the_final_try_needs_allow_final_try() {
    let w = World::new().with_card(PIN);
    let card = w.card();
    let good = card.pin_file(PIN);
    let bad = card.pin_file(WRONG);
    let bad2 = card.pin_file(WRONG2);
    assert_eq!(pin_flags(&w), (false, false, false));

    let o = login(&w, Some(&bad), false);
    assert_eq!(o.status.code(), Some(22), "first wrong PIN: {}", stderr(&o));
    assert!(stderr(&o).contains("wrong PIN"), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 tries left"), "{}", stderr(&o));
    assert_eq!(card.counters(), counters(1, 1));
    assert_eq!(pin_flags(&w), (true, false, false));

    let o = login(&w, Some(&bad2), false);
    assert_eq!(
        o.status.code(),
        Some(22),
        "second wrong PIN: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("1 try left"), "{}", stderr(&o));
    assert_eq!(card.counters(), counters(2, 2));
    assert_eq!(pin_flags(&w), (true, true, false));

    // One try left: without --allow-final-try the agent does not try at all, right PIN or not.
    for f in [&bad, &good] {
        let o = login(&w, Some(f), false);
        assert_eq!(
            o.status.code(),
            Some(23),
            "final try refused: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("--allow-final-try"), "{}", stderr(&o));
        assert_eq!(
            card.counters(),
            counters(2, 2),
            "the refused login must not reach the card"
        );
    }
    assert_eq!(pin_flags(&w), (true, true, false));

    // The right PIN on the final try, allowed: accepted, and the counter resets.
    let o = login(&w, Some(&good), true);
    assert_eq!(
        o.status.code(),
        Some(0),
        "final try with the right PIN: {}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("PIN accepted"), "{}", stdout(&o));
    assert!(stdout(&o).contains(&card.label), "{}", stdout(&o));
    assert_eq!(card.counters(), counters(0, 3));
    assert_eq!(pin_flags(&w), (false, false, false));

    // And a wrong PIN after that starts again from 2 tries left.
    let o = login(&w, Some(&bad), false);
    assert_eq!(o.status.code(), Some(22));
    assert!(stderr(&o).contains("2 tries left"), "{}", stderr(&o));
}

#[test]
fn three_wrong_pins_lock_the_card_and_a_locked_card_is_never_tried() {
    let w = World::new().with_card(PIN);
    let card = w.card();
    let good = card.pin_file(PIN);
    let bad = card.pin_file(WRONG);
    for (n, code) in [(1, 22), (2, 22)] {
        let o = login(&w, Some(&bad), false);
        assert_eq!(
            o.status.code(),
            Some(code),
            "wrong PIN #{n}: {}",
            stderr(&o)
        );
    }
    // The third wrong PIN, allowed as the final try: the card locks.
    let o = login(&w, Some(&bad), true);
    assert_eq!(o.status.code(), Some(23), "third wrong PIN: {}", stderr(&o));
    assert!(stderr(&o).contains("locked"), "{}", stderr(&o));
    assert!(stderr(&o).contains("PUK"), "{}", stderr(&o));
    assert_eq!(card.counters(), counters(3, 3));
    assert_eq!(pin_flags(&w), (true, false, true));

    // Locked: even the right PIN with --allow-final-try is not tried by the agent...
    let o = login(&w, Some(&good), true);
    assert_eq!(o.status.code(), Some(23), "{}", stderr(&o));
    assert!(stderr(&o).contains("locked"), "{}", stderr(&o));
    assert_eq!(card.counters(), counters(3, 3));

    // ...and the "card" itself refuses it without reaching SoftHSM (which would accept it).
    let o = Command::new("pkcs11-tool")
        .env("SOFTHSM2_CONF", card.softhsm2_conf())
        .env("MOCKCPS_STATE", card.state_file())
        .arg("--module")
        .arg(shim_module())
        .args([
            "--token-label",
            &card.label,
            "--login",
            "--pin",
            PIN,
            "--list-objects",
        ])
        .output()
        .expect("pkcs11-tool (install the opensc package)");
    assert!(!o.status.success(), "a locked card accepted a login");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("CKR_PIN_LOCKED"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(card.counters(), counters(3, 3));
}

#[test]
fn login_without_a_pin_source_fails_fast() {
    let w = World::new().with_card(PIN);
    let card = w.card();
    let start = Instant::now();
    // common::run closes stdin: not a terminal, and no --pin-file/--pin-fd.
    let o = login(&w, None, false);
    assert_eq!(o.status.code(), Some(24), "{}", stderr(&o));
    assert!(stderr(&o).contains("--pin-file"), "{}", stderr(&o));
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(card.counters(), counters(0, 0), "no login may be attempted");
}

#[test]
fn pkcs11_tool_lists_the_token_and_its_pin_flags_through_the_shim() {
    let w = World::new().with_card(PIN);
    let card = w.card();
    let list = || {
        let o = Command::new("pkcs11-tool")
            .env("SOFTHSM2_CONF", card.softhsm2_conf())
            .env("MOCKCPS_STATE", card.state_file())
            .arg("--module")
            .arg(shim_module())
            .arg("--list-token-slots")
            .output()
            .expect("pkcs11-tool (install the opensc package)");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let out = list();
    assert!(out.contains(&card.label), "{out}");
    assert!(out.contains(&card.serial), "{out}");
    assert!(!out.contains("PIN count low"), "{out}");
    let bad = card.pin_file(WRONG);
    for _ in 0..2 {
        assert_eq!(login(&w, Some(&bad), false).status.code(), Some(22));
    }
    let out = list();
    assert!(out.contains("user PIN count low"), "{out}");
    assert!(out.contains("final user PIN try"), "{out}");
}

#[test]
fn a_pin_file_others_can_read_is_refused_before_any_login() {
    use std::os::unix::fs::PermissionsExt;
    let w = World::new().with_card(PIN);
    let card = w.card();
    // Not card.pin_file(): its name holds the PIN, which the error names.
    let file = card.card.dir.path().join("card.pin");
    std::fs::write(&file, format!("{PIN}\n")).unwrap();
    for mode in [0o644, 0o640, 0o604, 0o620] {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        let o = login(&w, Some(&file), false);
        assert_eq!(o.status.code(), Some(3), "mode {mode:o}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("mode {mode:04o}")), "{err}");
        assert!(
            err.contains(&format!("chmod 600 {}", file.display())),
            "{err}"
        );
    }
    assert_eq!(card.counters(), counters(0, 0), "no login may be attempted");
    // 0600 (and 0400) are fine.
    for mode in [0o600, 0o400] {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        let o = login(&w, Some(&file), false);
        assert_eq!(o.status.code(), Some(0), "mode {mode:o}: {}", stderr(&o));
    }
    assert_eq!(card.counters(), counters(0, 2));
    // A first line past the size cap is no PIN: refused without a login.
    std::fs::write(&file, "1".repeat(5000)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = login(&w, Some(&file), false);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("longer than 1024 bytes"),
        "{}",
        stderr(&o)
    );
    assert_eq!(card.counters(), counters(0, 2));
}

#[test]
fn pin_fd_is_read_to_the_first_newline_and_never_closed() {
    use std::io::{Read, Seek, SeekFrom, Write};
    let w = World::new().with_card(PIN);
    let card = w.card();
    let path = card.card.dir.path().join("pin-and-more");
    let mut f = std::fs::File::create(&path).unwrap();
    write!(f, "{PIN}\nwhat follows the line stays unread\n").unwrap();
    drop(f);
    let mut f = std::fs::File::open(&path).unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    let mut c = w.agent();
    c.args(["card", "login", "--pin-fd", "3"]);
    common::pass_as_fd3(&mut c, &f);
    let o = run(&mut c);
    assert_no_pin(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(card.counters(), counters(0, 1));
    // The descriptor shares its offset with ours: the agent read exactly the first line.
    let mut rest = String::new();
    f.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "what follows the line stays unread\n");
}

#[test]
fn wrong_pin_in_french() {
    let w = World::new().with_card(PIN);
    let card = w.card();
    let bad = card.pin_file(WRONG);
    let mut c = common::in_locale(w.agent(), "fr_FR.UTF-8");
    c.args(["card", "login", "--pin-file"]).arg(&bad);
    let o = run(&mut c);
    assert_no_pin(&o);
    assert_eq!(o.status.code(), Some(22), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "code PIN faux\u{a0}: la carte l'a refusé (2 essais restants avant le blocage de la carte)"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(card.counters(), counters(1, 1));
    // The good PIN, in French.
    let good = card.pin_file(PIN);
    let mut c = common::in_locale(w.agent(), "fr_FR.UTF-8");
    c.args(["card", "login", "--pin-file"]).arg(&good);
    let o = run(&mut c);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Code PIN accepté par la carte "),
        "{}",
        stdout(&o)
    );
}
