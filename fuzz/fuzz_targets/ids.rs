//! The national identifier parsers: structure ids, person ids and each simple id.
#![no_main]
use agent::ids::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [ParseMode::Strict, ParseMode::AllowTestIds] {
        if let Ok(p) = StructureId::parse_with(s, mode) {
            let again = StructureId::parse_with(&p.value.to_string(), mode)
                .expect("a parsed structure id parses again");
            assert_eq!(again.value, p.value);
        }
        if let Ok(p) = PersonId::parse_with(s, mode) {
            let again = PersonId::parse_with(&p.value.to_string(), mode)
                .expect("a parsed person id parses again");
            assert_eq!(again.value, p.value);
        }
        let _ = Finess::parse_with(s, mode);
        let _ = Siren::parse_with(s, mode);
        let _ = Siret::parse_with(s, mode);
        let _ = Rpps::parse_with(s, mode);
        let _ = RppsRang::parse_with(s, mode);
        let _ = Adeli::parse_with(s, mode);
        let _ = AdeliRang::parse_with(s, mode);
        let _ = CardNumber::parse_with(s, mode);
    }
});
