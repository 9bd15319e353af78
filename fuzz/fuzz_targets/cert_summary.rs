//! A delivered certificate file (PEM or DER) and the certificate summary of each certificate.
#![no_main]
use agent::certificate::{formats, CertSummary};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = CertSummary::parse(data, "fuzz");
    // A PKCS#12 is the pkcs12 target's job: no password here.
    let mut no_password = || Err(agent::Error::InvalidInput("no password".into()));
    if let Ok(d) = formats::read_delivery_bytes(Path::new("fuzz"), data, &mut no_password)
    {
        assert!(!d.certs.is_empty());
        for c in &d.certs {
            CertSummary::parse(c, "fuzz").expect("a delivery only holds parsed certificates");
        }
    }
});
