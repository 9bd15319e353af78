//! CSR inspection (`agent inspect` of a PKCS#10, PEM or DER).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = agent::csr::inspect_bytes(data);
});
