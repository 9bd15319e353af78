//! An annuaire CPS entry as the directory returns it, in LDIF-like text: the first line is the DN,
//! then `attribute: value` lines (values are untrusted directory data).
#![no_main]
use agent::annuaire::{decode, RawEntry};
use agent::ids::ParseMode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let dn = lines.next().unwrap_or("").trim_start_matches("dn:").trim();
    let attrs = lines.filter_map(|l| {
        let (k, v) = l.split_once(':')?;
        Some((k.trim().to_string(), vec![v.trim_start().to_string()]))
    });
    let entry = RawEntry::new(dn, attrs);
    for mode in [ParseMode::Strict, ParseMode::AllowTestIds] {
        let a = decode(&entry, mode);
        let _ = a.malformed();
        let _ = a.structure_kind();
    }
});
