//! An EST answer body (RFC 7030 §4.1.3, §4.2.3, §4.5.2): base64, PEM or binary, then the PKCS#7
//! certs-only it carries (cacerts, simpleenroll) or the CsrAttrs (csrattrs).
#![no_main]
use agent::certificate::CertSummary;
use agent::enroll::pkcs7;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(der) = pkcs7::decode_body(data) else {
        return;
    };
    if let Ok(certs) = pkcs7::parse_certs_only(&der) {
        for c in &certs {
            let _ = CertSummary::parse(c, "fuzz");
        }
    }
    let _ = pkcs7::csr_attr_oids(&der);
});
