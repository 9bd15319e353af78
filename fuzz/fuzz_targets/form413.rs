//! The form 413 TOML, through validation, the split into forms, and PDF rendering.
#![no_main]
use agent::form413::{self, Form413Input};
use agent::ids::ParseMode;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(input) = Form413Input::from_toml(text, Path::new("fuzz.toml")) else {
        return;
    };
    for mode in [ParseMode::Strict, ParseMode::AllowTestIds] {
        if let Ok((req, _notes)) = form413::validate(&input, mode) {
            for form in form413::split(&req) {
                let pdf = form413::pdf::render(&form).expect("a validated form renders");
                assert!(pdf.starts_with(b"%PDF-"));
            }
        }
    }
});
