//! PC/SC: `agent card status` against the real pcscd with the vpcd virtual reader and the virtual
//! card of `mock-card reader` (insertion, removal, ATR → CPS3/CPS4/unknown, waiting, no pcscd),
//! and the card's PIN VERIFY counter driven through PC/SC with the `pcsc` crate.
//!
//! pcscd's socket path is fixed, so these tests take a machine-wide lock
//! (`common::pcsc::lock_pcscd`) and run one at a time.

mod common;

use std::ffi::CString;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::p11shim::{home, opensc_module, shim_module, TestCard};
use common::pcsc::{lock_pcscd, VirtualReader, CPS3_ATR, CPS4_ATR, OTHER_ATR, READER};
use common::world::World;
use common::{run, stderr, stdout};
use serde_json::Value;

fn status_json(w: &World) -> Value {
    let o = run(w.agent_softhsm().args(["card", "status", "--json"]));
    assert_eq!(o.status.code(), Some(0), "card status: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("status JSON")
}

/// The entry of the virtual card's reader in `agent card status --json`.
fn reader_entry(v: &Value) -> Value {
    v["readers"]
        .as_array()
        .expect("readers array")
        .iter()
        .find(|r| r["name"] == READER)
        .unwrap_or_else(|| panic!("reader {READER:?} not listed: {v}"))
        .clone()
}

#[test]
fn status_shows_the_reader_the_cps3_card_and_the_token() {
    let w = World::new().with_card("1234").with_reader("cps3", true);
    let (card, reader) = (w.card(), w.reader());
    let v = status_json(&w);
    let r = reader_entry(&v);
    assert_eq!(r["card_present"], true, "{v}");
    assert_eq!(r["atr"], CPS3_ATR, "{v}");
    assert_eq!(r["model"], "CPS3", "{v}");
    // vpcd's second slot is listed too, empty.
    let names: Vec<&str> = v["readers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, [READER, "Virtual PCD 00 01"], "{v}");
    assert_eq!(v["token"]["label"], card.label.as_str());
    assert_eq!(v["holder"]["national_id"], "899700270616");

    let o = run(w.agent_softhsm().args(["card", "status"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "{READER}: card present, ATR {CPS3_ATR}, model CPS3"
        )),
        "{text}\n{}",
        reader.log()
    );
    assert!(text.contains("Virtual PCD 00 01: no card"), "{text}");
}

#[test]
fn cps4_and_unknown_atrs_are_identified() {
    let w = World::new().with_card("1234").with_reader("cps4", true);
    let reader = w.reader();
    let r = reader_entry(&status_json(&w));
    assert_eq!(
        (r["atr"].as_str(), r["model"].as_str()),
        (Some(CPS4_ATR), Some("CPS4"))
    );

    reader.remove();
    reader.insert(Some(OTHER_ATR));
    let r = reader_entry(&status_json(&w));
    assert_eq!(r["card_present"], true);
    assert_eq!(
        (r["atr"].as_str(), r["model"].as_str()),
        (Some(OTHER_ATR), Some("unknown"))
    );

    reader.remove();
    reader.insert(Some("cps3"));
    let r = reader_entry(&status_json(&w));
    assert_eq!(
        (r["atr"].as_str(), r["model"].as_str()),
        (Some(CPS3_ATR), Some("CPS3"))
    );
}

#[test]
fn removal_is_seen() {
    let w = World::new().with_card("1234").with_reader("cps3", true);
    let reader = w.reader();
    assert_eq!(reader_entry(&status_json(&w))["card_present"], true);
    reader.remove();
    let r = reader_entry(&status_json(&w));
    assert_eq!(r["card_present"], false, "{r}");
    assert_eq!(r["atr"], Value::Null, "{r}");
    assert_eq!(r["model"], Value::Null, "{r}");

    // Through a middleware that sees cards through pcscd (OpenSC, like the Cryptolib), there is
    // no token once the card is out: the empty reader is the explanation, exit 12.
    let home = home(reader.dir());
    let o = run(common::agent(&home)
        .env("AGENT_PKCS11_MODULE", opensc_module())
        .args(["card", "status"]));
    assert_eq!(o.status.code(), Some(12), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no card in the reader"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(READER), "{}", stderr(&o));
    let fr = run(common::in_locale(common::agent(&home), "fr_FR.UTF-8")
        .env("AGENT_PKCS11_MODULE", opensc_module())
        .args(["card", "status"]));
    assert_eq!(fr.status.code(), Some(12), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains(&format!(
            "aucune carte dans le lecteur «\u{a0}{READER}\u{a0}»\u{a0}: insérez la carte CPx"
        )),
        "{}",
        stderr(&fr)
    );
    assert!(
        stdout(&fr).contains(&format!("{READER}\u{a0}: pas de carte")),
        "{}",
        stdout(&fr)
    );
}

#[test]
fn wait_sees_a_card_inserted_while_waiting() {
    let w = World::new().with_card("1234").with_reader("cps4", false);
    let reader = w.reader();
    let start = Instant::now();
    let child = w
        .agent_softhsm()
        .args(["card", "status", "--wait", "10", "--json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("agent");
    std::thread::sleep(Duration::from_millis(1500));
    reader.insert(None);
    let o: Output = child.wait_with_output().expect("agent output");
    let elapsed = start.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stderr(&o), reader.log());
    assert!(
        stderr(&o).contains("waiting up to 10 s for a CPx card"),
        "{}",
        stderr(&o)
    );
    assert!(
        elapsed >= Duration::from_millis(1500),
        "did not wait: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_secs(9),
        "waited too long: {elapsed:?}"
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("status JSON");
    let r = reader_entry(&v);
    assert_eq!(r["card_present"], true, "{v}");
    assert_eq!(r["model"], "CPS4", "{v}");
}

#[test]
fn wait_without_a_card_times_out_with_exit_12() {
    let w = World::new().with_card("1234").with_reader("cps3", false);
    let start = Instant::now();
    let o = run(w.agent_softhsm().args(["card", "status", "--wait", "1"]));
    assert_eq!(o.status.code(), Some(12), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no card was inserted within 1 s"),
        "{}",
        stderr(&o)
    );
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "{:?}",
        start.elapsed()
    );
    // Changed openly (issue 10): status is a diagnosis and prints what it read even when it
    // fails; it used to print nothing.
    assert!(
        stdout(&o).contains(&format!("{READER}: no card")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn no_pcscd_is_exit_10_when_no_token_explains_it_otherwise() {
    // The lock guarantees that no test pcscd runs, and checks that no other one does.
    let _lock = lock_pcscd();
    let dir = tempfile::tempdir().unwrap();
    let home = home(dir.path());
    // The middleware (OpenSC here, the Cryptolib in real life) reaches cards through pcscd: it
    // sees no token, and the missing pcscd is the explanation.
    let o = run(common::agent(&home)
        .env("AGENT_PKCS11_MODULE", opensc_module())
        .args(["card", "status", "--json"]));
    assert_eq!(o.status.code(), Some(10), "{}", stderr(&o));
    assert!(stderr(&o).contains("pcscd"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not running"), "{}", stderr(&o));
    // In French: the message and its advice, the same exit code, and the same JSON document
    // (scripts read it; its error message stays the library's English).
    let fr = run(common::in_locale(common::agent(&home), "fr_FR.UTF-8")
        .env("AGENT_PKCS11_MODULE", opensc_module())
        .args(["card", "status", "--json"]));
    assert_eq!(fr.status.code(), Some(10), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains(
            "le service carte à puce (pcscd) n'est pas lancé ou pas joignable\u{a0}: démarrez-le"
        ),
        "{}",
        stderr(&fr)
    );
    assert_eq!(
        stdout(&fr),
        stdout(&o),
        "card status --json is the same in French"
    );
    // Changed openly (issue 10): --json prints its one object whatever the exit, with the error.
    let v: Value = serde_json::from_slice(&o.stdout).expect("one JSON object on stdout");
    assert_eq!(v["error"]["code"], 10, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("pcscd") && stderr(&o).contains(m)),
        "{v}"
    );
    assert_eq!(v["readers"], serde_json::json!([]));
    assert_eq!(
        v["modules"][0]["path"],
        opensc_module().display().to_string()
    );
    assert!(
        v["modules"][0]["manufacturer"]
            .as_str()
            .is_some_and(|m| m.contains("OpenSC")),
        "{v}"
    );
    assert!(
        v["diagnosis"][0]
            .as_str()
            .is_some_and(|d| d.contains("through pcscd")),
        "{v}"
    );

    // `--wait` needs PC/SC: exit 10 at once, even though a token would be found.
    let w = World::new().with_card("1234");
    let card = w.card();
    let start = Instant::now();
    let o = run(w.agent_softhsm().args(["card", "status", "--wait", "5"]));
    assert_eq!(o.status.code(), Some(10), "{}", stderr(&o));
    assert!(start.elapsed() < Duration::from_secs(4));

    // A token reachable without pcscd (SoftHSM) is still reported, with a warning.
    let o = run(w.agent_softhsm().args(["card", "status", "--json"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("pcscd"), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["readers"], serde_json::json!([]));
    assert_eq!(v["token"]["label"], card.label.as_str());
}

/// `agent card status --json` through the shim showing every slot empty, as a middleware that
/// cannot read the card does, with the C_GetInfo identity `library_info`.
fn status_empty_slots(card: &TestCard, library_info: &str) -> (Output, Value) {
    let o = run(card
        .agent_shim(&card.home())
        .env("MOCKCPS_EMPTY_SLOTS", "1")
        .env("MOCKCPS_LIBRARY_INFO", library_info)
        .args(["card", "status", "--json"]));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "one JSON object on stdout ({e}): {}\n{}",
            stdout(&o),
            stderr(&o)
        )
    });
    (o, v)
}

#[test]
fn a_cps4_the_middleware_shows_as_an_empty_slot_is_diagnosed() {
    let w = World::new().with_card("1234").with_reader("cps4", true);
    let (card, reader) = (w.card(), w.reader());
    let (o, v) = status_empty_slots(card, "ASIP Sante|Cryptolib CPS|5.1");
    // The independent peer sees the same empty slots through the shim.
    let slots = Command::new("pkcs11-tool")
        .env("SOFTHSM2_CONF", card.softhsm2_conf())
        .env("MOCKCPS_STATE", card.state_file())
        .env("MOCKCPS_EMPTY_SLOTS", "1")
        .arg("--module")
        .arg(shim_module())
        .arg("--list-slots")
        .output()
        .expect("pkcs11-tool");
    let slots = String::from_utf8_lossy(&slots.stdout);
    assert!(slots.contains("(empty)"), "{slots}");
    assert!(!slots.contains("token label"), "{slots}");

    assert_eq!(
        o.status.code(),
        Some(21),
        "{}\n{}",
        stderr(&o),
        reader.log()
    );
    // What PC/SC read is kept.
    let r = reader_entry(&v);
    assert_eq!(r["card_present"], true, "{v}");
    assert_eq!(r["atr"], CPS4_ATR, "{v}");
    assert_eq!(r["model"], "CPS4", "{v}");
    // The middleware's identity and its empty slots.
    let m = &v["modules"][0];
    assert_eq!(m["description"], "Cryptolib CPS", "{v}");
    assert_eq!(m["manufacturer"], "ASIP Sante", "{v}");
    assert_eq!(m["library_version"], "5.1", "{v}");
    let m_slots = m["slots"].as_array().expect("slots");
    assert!(!m_slots.is_empty(), "{v}");
    assert!(m_slots.iter().all(|s| s["token_present"] == false), "{v}");
    assert_eq!(v["token"], Value::Null);
    // What it most likely means.
    let diagnosis: Vec<&str> = v["diagnosis"]
        .as_array()
        .expect("diagnosis")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        diagnosis
            .iter()
            .any(|d| d.contains("without a token") && d.contains("not readable by this middleware")),
        "{diagnosis:?}"
    );
    assert!(
        diagnosis
            .iter()
            .any(|d| d.contains("CPS4 card needs Cryptolib CPS 5.2 or later; this one is 5.1")),
        "{diagnosis:?}"
    );
    assert_eq!(v["error"]["code"], 21, "{v}");
    let message = v["error"]["message"].as_str().expect("message");
    assert!(message.contains("CPS4 card in"), "{message}");
    assert!(message.contains("Cryptolib CPS 5.1"), "{message}");
    assert!(
        !message.contains("check that the card is inserted"),
        "{message}"
    );
    assert!(stderr(&o).contains(message), "{}", stderr(&o));

    // In text, the same facts on stdout.
    let o = run(w
        .agent()
        .env("MOCKCPS_EMPTY_SLOTS", "1")
        .env("MOCKCPS_LIBRARY_INFO", "ASIP Sante|Cryptolib CPS|5.1")
        .args(["card", "status"]));
    assert_eq!(o.status.code(), Some(21));
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "{READER}: card present, ATR {CPS4_ATR}, model CPS4"
        )),
        "{text}"
    );
    assert!(
        text.contains("Module:  Cryptolib CPS 5.1 by ASIP Sante"),
        "{text}"
    );
    assert!(
        text.contains("Diagnosis: a CPS4 card needs Cryptolib CPS 5.2"),
        "{text}"
    );
}

#[test]
fn a_cps3_in_an_empty_slot_of_a_recent_middleware_has_no_version_hint() {
    let w = World::new().with_card("1234").with_reader("cps3", true);
    let card = w.card();
    let (o, v) = status_empty_slots(card, "ASIP Sante|Cryptolib CPS|5.2");
    assert_eq!(o.status.code(), Some(21), "{}", stderr(&o));
    assert_eq!(reader_entry(&v)["model"], "CPS3", "{v}");
    let all = v["diagnosis"].to_string();
    assert!(all.contains("not readable by this middleware"), "{all}");
    assert!(!all.contains("5.2 or later"), "{all}");
    // Without the knob the same shim shows the token: the knob is what empties the slot.
    let o = run(w.agent().args(["card", "status", "--json"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Sends one APDU and returns SW1 SW2.
fn sw(card: &pcsc::Card, apdu: &[u8]) -> [u8; 2] {
    let mut buf = [0u8; 258];
    let resp = card.transmit(apdu, &mut buf).expect("SCardTransmit");
    assert!(resp.len() >= 2, "short response {resp:02X?}");
    [resp[resp.len() - 2], resp[resp.len() - 1]]
}

fn verify(pin: &str) -> Vec<u8> {
    let mut a = vec![0x00, 0x20, 0x00, 0x80, pin.len() as u8];
    a.extend_from_slice(pin.as_bytes());
    a
}

const QUERY: [u8; 4] = [0x00, 0x20, 0x00, 0x80];

fn connect(ctx: &pcsc::Context) -> pcsc::Card {
    let name = CString::new(READER).unwrap();
    ctx.connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
        .expect("SCardConnect to the virtual card")
}

#[test]
fn pin_verify_counter_through_pcsc() {
    let reader = VirtualReader::start("cps3", true);
    let ctx = pcsc::Context::establish(pcsc::Scope::User).expect("SCardEstablishContext");
    let card = connect(&ctx);
    assert_eq!(
        sw(&card, &QUERY),
        [0x63, 0xC3],
        "tries-left query on a fresh card"
    );
    assert_eq!(sw(&card, &verify("0000")), [0x63, 0xC2]);
    assert_eq!(sw(&card, &verify("9999")), [0x63, 0xC1]);
    assert_eq!(sw(&card, &QUERY), [0x63, 0xC1]);
    // The right PIN after wrong ones resets the counter.
    assert_eq!(sw(&card, &verify("1234")), [0x90, 0x00]);
    assert_eq!(sw(&card, &QUERY), [0x63, 0xC3]);
    assert_eq!(sw(&card, &verify("0000")), [0x63, 0xC2]);
    assert_eq!(sw(&card, &verify("0000")), [0x63, 0xC1]);
    assert_eq!(
        sw(&card, &verify("0000")),
        [0x63, 0xC0],
        "the third wrong PIN blocks"
    );
    assert_eq!(
        sw(&card, &verify("1234")),
        [0x69, 0x83],
        "blocked: even the right PIN"
    );
    assert_eq!(sw(&card, &QUERY), [0x69, 0x83]);
    let st = reader.status();
    assert_eq!(
        (st["tries_left"].as_u64(), st["blocked"].as_bool()),
        (Some(0), Some(true))
    );
    drop(card);

    // The counter is the card's: it survives removal and insertion.
    reader.remove();
    reader.insert(None);
    let card = connect(&ctx);
    assert_eq!(sw(&card, &QUERY), [0x69, 0x83]);
    drop(card);

    // The PUK (here: the reader's unblock command) resets it.
    reader.unblock();
    let card = connect(&ctx);
    assert_eq!(sw(&card, &verify("1234")), [0x90, 0x00]);
    assert_eq!(sw(&card, &QUERY), [0x63, 0xC3]);
}
