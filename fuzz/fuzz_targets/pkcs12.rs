//! A delivered PKCS#12 read with the password "fuzz" (the seeds use it). Seeds without a MAC and
//! without encryption let mutated files reach the bag and decryption code.
#![no_main]
use agent::certificate::{formats, CertSummary};
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut password = || Ok::<_, agent::Error>(SecretString::from("fuzz"));
    if let Ok(d) = formats::read_delivery_bytes(Path::new("fuzz.p12"), data, &mut password)
    {
        for c in &d.certs {
            let _ = CertSummary::parse(c, "fuzz");
        }
    }
});
