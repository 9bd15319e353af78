//! PKCS#7 certs-only SignedData, DER and BER (indefinite lengths), then each certificate.
#![no_main]
use agent::certificate::{formats, CertSummary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = formats::is_pkcs7(data);
    if let Ok(certs) = formats::pkcs7_certificates(data) {
        for c in &certs {
            let _ = CertSummary::parse(c, "fuzz");
        }
    }
});
