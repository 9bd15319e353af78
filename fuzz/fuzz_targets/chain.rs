//! Chain verification input: concatenated DER certificates, the first the leaf, the last the
//! trust anchor, those between the intermediates (as `import` gets them from a delivery).
#![no_main]
use agent::certificate::chain::{self, RequiredEku, TrustAnchors};
use libfuzzer_sys::fuzz_target;

/// Splits concatenated DER TLVs (definite lengths); the rest, if not a TLV, is one last item.
fn split(mut data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let n = tlv_len(data).unwrap_or(data.len()).min(data.len());
        out.push(data[..n].to_vec());
        data = &data[n..];
    }
    out
}

fn tlv_len(d: &[u8]) -> Option<usize> {
    let l = *d.get(1)? as usize;
    if l < 0x80 {
        return Some(2 + l);
    }
    let k = l & 0x7f;
    if k == 0 || k > 4 {
        return None;
    }
    let mut n = 0usize;
    for i in 0..k {
        n = (n << 8) | *d.get(2 + i)? as usize;
    }
    Some(2 + k + n)
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    let mut certs = split(data);
    if certs.is_empty() {
        return;
    }
    let leaf = certs.remove(0);
    let anchors = TrustAnchors::from_der_unchecked(certs.pop().into_iter().collect());
    let eku = match sel % 3 {
        0 => RequiredEku::ClientAuth,
        1 => RequiredEku::EmailProtection,
        _ => RequiredEku::None,
    };
    // Inside the seeds' validity (they are made with openssl for 10 years from 2026).
    let at = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
    if let Ok(path) = chain::verify(&leaf, &certs, &anchors, eku, at) {
        assert!(path.len() <= certs.len());
    }
});
