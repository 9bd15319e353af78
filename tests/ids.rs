//! National identifiers: check keys with known valid and invalid numbers for every type, the rule
//! each error names, the test-identifier mode, and no panic on any input (proptest).

use agent::ids::*;
use proptest::prelude::*;

fn rule_of<T: std::str::FromStr<Err = IdError>>(s: &str) -> Rule {
    match s.parse::<T>() {
        Ok(_) => panic!("{s:?} was accepted"),
        Err(e) => e.rule(),
    }
}

#[test]
fn finess_check_key() {
    // AP-HP (entité juridique) and a Hauts-de-Seine establishment: Luhn-valid.
    for ok in ["750712184", "920008059", "010003820"] {
        let f: Finess = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(f.as_str(), ok);
        assert!(!f.is_test());
    }
    assert_eq!(rule_of::<Finess>("750712185"), Rule::CheckKey);
    assert_eq!(rule_of::<Finess>("920008058"), Rule::CheckKey);
    assert_eq!(rule_of::<Finess>("75071218"), Rule::Length);
    assert_eq!(rule_of::<Finess>("7507121840"), Rule::Length);
    assert_eq!(rule_of::<Finess>("75O712184"), Rule::Character);
    assert_eq!(rule_of::<Finess>(""), Rule::Length);
}

#[test]
fn finess_corsica() {
    let f: Finess = "2B0000020".parse().unwrap();
    assert!(f.is_corsica());
    let f: Finess = "2a0000154".parse().unwrap();
    assert_eq!(
        f.as_str(),
        "2A0000154",
        "lowercase Corsica letter normalized"
    );
    // Letters anywhere else, or other letters, are refused.
    assert_eq!(rule_of::<Finess>("2C0000020"), Rule::Character);
    assert_eq!(rule_of::<Finess>("3A0000020"), Rule::Character);
    assert_eq!(rule_of::<Finess>("20000A020"), Rule::Character);
    // Only FINESS and ADELI have a department: a SIREN may not.
    assert_eq!(rule_of::<Siren>("2A0000020"), Rule::Character);
}

#[test]
fn siren_check_key() {
    for ok in ["732829320", "552100554", "356000000"] {
        ok.parse::<Siren>().unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    assert_eq!(rule_of::<Siren>("732829321"), Rule::CheckKey);
    assert_eq!(
        rule_of::<Siren>("732829302"),
        Rule::CheckKey,
        "swapped digits"
    );
    assert_eq!(rule_of::<Siren>("73282932"), Rule::Length);
    assert_eq!(rule_of::<Siren>("732 829 320"), Rule::Character);
}

#[test]
fn siret_check_key_and_la_poste() {
    for ok in ["73282932000074", "44306184100047", "35600000000048"] {
        let s: Siret = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(s.siren(), Some(&ok[..9]));
    }
    assert_eq!(rule_of::<Siret>("73282932000075"), Rule::CheckKey);
    // La Poste establishment: Luhn fails but the digit sum (45) is a multiple of 5.
    assert!(!luhn_valid("35600000049837"));
    "35600000049837".parse::<Siret>().unwrap();
    assert_eq!(rule_of::<Siret>("35600000049838"), Rule::CheckKey);
    // Luhn-valid but digit sum 24: refused under La Poste's rule.
    assert!(luhn_valid("35600000012340"));
    let e = "35600000012340".parse::<Siret>().unwrap_err();
    assert_eq!(e.rule(), Rule::CheckKey);
    assert!(e.to_string().contains("La Poste"), "{e}");
    assert_eq!(rule_of::<Siret>("9999999800514"), Rule::Length);
}

#[test]
fn rpps_check_key() {
    for ok in ["99700270616", "10000123454", "81011523107"] {
        ok.parse::<Rpps>().unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    assert_eq!(rule_of::<Rpps>("99700270617"), Rule::CheckKey);
    assert_eq!(rule_of::<Rpps>("10003456789"), Rule::CheckKey);
    assert_eq!(rule_of::<Rpps>("9970027061"), Rule::Length);
    assert_eq!(rule_of::<Rpps>("9970027061x"), Rule::Character);
}

#[test]
fn rpps_rang_check_key() {
    for (ok, rang) in [
        ("99700270616029", "029"),
        ("99700270616011", "011"),
        ("99700270616003", "003"),
        ("10000123454001", "001"),
    ] {
        let r: RppsRang = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(r.rang(), Some(rang));
        assert_eq!(r.rpps(), Some(&ok[..11]));
    }
    let e = "99700270617029".parse::<RppsRang>().unwrap_err();
    assert_eq!(e.rule(), Rule::CheckKey);
    assert!(e.to_string().contains("RPPS part"), "{e}");
    assert_eq!(rule_of::<RppsRang>("9970027061602"), Rule::Length);
    assert_eq!(rule_of::<RppsRang>("997002706160290"), Rule::Length);
}

#[test]
fn adeli_and_card_number_shape() {
    // No public check key: characters and length only.
    "751234567".parse::<Adeli>().unwrap();
    "2A1234567".parse::<Adeli>().unwrap();
    assert_eq!(rule_of::<Adeli>("75123456"), Rule::Length);
    assert_eq!(rule_of::<Adeli>("75123456Z"), Rule::Character);
    "75123456701".parse::<AdeliRang>().unwrap();
    assert_eq!(rule_of::<AdeliRang>("751234567"), Rule::Length);
    "2100000123".parse::<CardNumber>().unwrap();
    assert_eq!(rule_of::<CardNumber>("210000012"), Rule::Length);
    assert_eq!(rule_of::<CardNumber>("21000001234"), Rule::Length);
    assert_eq!(rule_of::<CardNumber>("210000012-"), Rule::Character);
}

#[test]
fn structure_id_types() {
    let cases = [
        ("0751234567 01", None),
        (
            "075123456701",
            Some((StructureIdType::AdeliRang, "75123456701")),
        ),
        ("1750712184", Some((StructureIdType::Finess, "750712184"))),
        ("12B0000020", Some((StructureIdType::Finess, "2B0000020"))),
        ("2732829320", Some((StructureIdType::Siren, "732829320"))),
        (
            "373282932000074",
            Some((StructureIdType::Siret, "73282932000074")),
        ),
        (
            "499700270616029",
            Some((StructureIdType::RppsRang, "99700270616029")),
        ),
    ];
    for (s, want) in cases {
        match (s.parse::<StructureId>(), want) {
            (Ok(id), Some((t, ident))) => {
                assert_eq!(id.kind(), t, "{s}");
                assert_eq!(id.identifier(), ident);
                assert_eq!(id.to_string(), s, "Display is the full national id");
                assert_eq!(id.type_digit(), t.digit());
                assert_eq!(
                    serde_json::to_value(&id).unwrap(),
                    serde_json::json!(s),
                    "serializes as the full id"
                );
            }
            (Err(e), None) => assert_eq!(e.rule(), Rule::Character, "{s}: {e}"),
            (r, w) => panic!("{s}: got {r:?}, wanted {w:?}"),
        }
    }
    let e = "5123".parse::<StructureId>().unwrap_err();
    assert_eq!(e.rule(), Rule::TypeDigit);
    assert!(e.to_string().contains("4 RPPS rang"), "{e}");
    assert_eq!("".parse::<StructureId>().unwrap_err().rule(), Rule::Length);
    assert_eq!(
        "373282932000075".parse::<StructureId>().unwrap_err().kind(),
        IdKind::Siret
    );
    assert_eq!(
        serde_json::to_value(StructureIdType::RppsRang).unwrap(),
        serde_json::json!("RPPS_RANG")
    );
    assert_eq!(StructureIdType::RppsRang.code(), "RPPS_RANG");
}

#[test]
fn person_id() {
    let p: PersonId = "899700270616".parse().unwrap();
    assert_eq!(p.kind(), PersonIdType::Rpps);
    assert_eq!(p.identifier(), "99700270616");
    assert_eq!(p.to_string(), "899700270616");
    assert_eq!(p.rpps().map(Rpps::as_str), Some("99700270616"));
    let a: PersonId = "0751234567".parse().unwrap();
    assert_eq!(a.kind(), PersonIdType::Adeli);
    assert!(a.rpps().is_none());
    assert_eq!(
        "999700270616".parse::<PersonId>().unwrap_err().rule(),
        Rule::TypeDigit
    );
    assert_eq!(
        "899700270617".parse::<PersonId>().unwrap_err().rule(),
        Rule::CheckKey
    );
}

#[test]
fn test_mode_accepts_length_key_and_the_test_platform_letter() {
    // The procedure's SIRET example: 13 digits.
    let p = StructureId::parse_with("39999999800514", ParseMode::AllowTestIds).unwrap();
    assert!(p.value.is_test());
    assert_eq!(p.value.kind(), StructureIdType::Siret);
    assert_eq!(p.value.to_string(), "39999999800514");
    let w = p.warning.expect("a warning");
    assert_eq!(w.rule(), Rule::Length);
    assert!(w.to_string().contains("13 characters"), "{w}");
    // A wrong key is excused too.
    let p = Rpps::parse_with("99700270617", ParseMode::AllowTestIds).unwrap();
    assert_eq!(p.warning.unwrap().rule(), Rule::CheckKey);
    // A valid id gives no warning in test mode.
    let p = Siret::parse_with("73282932000074", ParseMode::AllowTestIds).unwrap();
    assert!(p.warning.is_none() && !p.value.is_test());
    // Changed with issue 10 (this test used to assert that letters are never excused): the test
    // platform's structures and practitioners carry a letter in the department position of a
    // FINESS or ADELI. Accepted in test mode with a warning, refused otherwise.
    let p = StructureId::parse_with("10B1234567", ParseMode::AllowTestIds).unwrap();
    assert_eq!(p.value.kind(), StructureIdType::Finess);
    assert_eq!(p.value.identifier(), "0B1234567");
    assert!(p.value.is_test());
    let w = p.warning.expect("a warning");
    assert_eq!(w.rule(), Rule::Character);
    assert!(w.to_string().contains("test platform"), "{w}");
    assert_eq!(
        StructureId::parse_with("10B1234567", ParseMode::Strict)
            .unwrap_err()
            .rule(),
        Rule::Character
    );
    let p = PersonId::parse_with("00B7654321", ParseMode::AllowTestIds).unwrap();
    assert_eq!(p.value.kind(), PersonIdType::Adeli);
    assert_eq!(p.value.identifier(), "0B7654321");
    assert!(p.warning.is_some());
    assert!("00B7654321".parse::<PersonId>().is_err());
    // Only there, only a capital letter, and only for FINESS / ADELI shapes.
    for bad in ["100B234567", "10b1234567", "30B123456700014"] {
        assert_eq!(
            StructureId::parse_with(bad, ParseMode::AllowTestIds)
                .unwrap_err()
                .rule(),
            Rule::Character,
            "{bad}"
        );
    }
    // Other characters are never excused, nor absurd lengths.
    assert_eq!(
        Siret::parse_with("9999999X00514", ParseMode::AllowTestIds)
            .unwrap_err()
            .rule(),
        Rule::Character
    );
    assert_eq!(
        Siret::parse_with(&"1".repeat(MAX_TEST_ID_LEN + 1), ParseMode::AllowTestIds)
            .unwrap_err()
            .rule(),
        Rule::Length
    );
    assert_eq!(
        Siret::parse_with("", ParseMode::AllowTestIds)
            .unwrap_err()
            .rule(),
        Rule::Length
    );
}

#[test]
fn errors_name_type_value_and_rule() {
    let e = "7328293".parse::<Siren>().unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("SIREN") && m.contains("7328293") && m.contains("9 digits"),
        "{m}"
    );
    let e = "73282932O".parse::<Siren>().unwrap_err();
    assert!(e.to_string().contains("position 9"), "{e}");
}

fn all_parsers(s: &str, mode: ParseMode) {
    let _ = Finess::parse_with(s, mode);
    let _ = Siren::parse_with(s, mode);
    let _ = Siret::parse_with(s, mode);
    let _ = Rpps::parse_with(s, mode);
    let _ = RppsRang::parse_with(s, mode);
    let _ = Adeli::parse_with(s, mode);
    let _ = AdeliRang::parse_with(s, mode);
    let _ = CardNumber::parse_with(s, mode);
    if let Ok(p) = StructureId::parse_with(s, mode) {
        // Whatever was accepted prints back and re-parses to itself.
        let again = StructureId::parse_with(&p.value.to_string(), mode).unwrap();
        assert_eq!(again.value, p.value);
        let _ = p.warning.map(|w| w.to_string());
    }
    if let Ok(p) = PersonId::parse_with(s, mode) {
        let _ = p.value.to_string();
    }
    if let Err(e) = StructureId::parse_with(s, mode) {
        let _ = e.to_string();
    }
}

proptest! {
    #[test]
    fn no_panic_on_any_string(s in any::<String>()) {
        all_parsers(&s, ParseMode::Strict);
        all_parsers(&s, ParseMode::AllowTestIds);
    }

    #[test]
    fn no_panic_on_id_like_strings(s in "[0-9AB2a-b ]{0,20}") {
        all_parsers(&s, ParseMode::Strict);
        all_parsers(&s, ParseMode::AllowTestIds);
    }

    #[test]
    fn one_digit_change_breaks_a_luhn_key(pos in 0usize..11, delta in 1u8..10) {
        let mut b = b"99700270616".to_vec();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let s = String::from_utf8(b).unwrap();
        prop_assert_eq!(s.parse::<Rpps>().unwrap_err().rule(), Rule::CheckKey);
    }
}
