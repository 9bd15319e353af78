//! The configuration TOML, through the validation of its sections.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = agent::config::Config::parse(text, Path::new("fuzz.toml")) {
        let _ = agent::enroll::est::EstOptions::from_config(&c.platform);
        let _ = agent::annuaire::Settings::from_config(&c.annuaire);
    }
});
