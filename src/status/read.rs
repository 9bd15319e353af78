//! Reading the live files fast: PEM blocks, the first chain link, and whether `privkey.pem` is
//! the certificate's key (from the public part, without loading the key).

use super::checks::IssuerInfo;
use super::*;

/// Whether `issuer`'s key verifies the signature of `cert`.
pub(super) fn issuer_signed(issuer: &IssuerInfo, cert: &X509Certificate<'_>) -> bool {
    if let Some(key) = &issuer.rsa_sha256 {
        if cert.signature_algorithm.algorithm == x509_parser::oid_registry::OID_PKCS1_SHA256WITHRSA
        {
            return key
                .verify_sig(cert.tbs_certificate.as_ref(), &cert.signature_value.data)
                .is_ok();
        }
    }
    match SubjectPublicKeyInfo::from_der(&issuer.spki_raw) {
        Ok((_, spki)) => cert.verify_signature(Some(&spki)).is_ok(),
        Err(_) => false,
    }
}

/// The DER contents of the PEM blocks labelled `label` (other blocks are skipped). Faster than a
/// general PEM parser: no header support, which certificates and PKCS#8 keys do not use.
pub(super) fn pem_blocks(text: &[u8], label: &str) -> Result<Vec<Vec<u8>>, String> {
    use base64::Engine;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    let mut rest = text;
    let mut b64 = zeroize::Zeroizing::new(Vec::with_capacity(4096));
    let engine = &base64::engine::general_purpose::STANDARD;
    let begin_finder = memchr::memmem::Finder::new(begin.as_bytes());
    let end_finder = memchr::memmem::Finder::new(end.as_bytes());
    while let Some(at) = begin_finder.find(rest) {
        let body = &rest[at + begin.len()..];
        let stop = end_finder
            .find(body)
            .ok_or_else(|| format!("no {end} line"))?;
        // Lines are 64 characters: copy each at once, trimmed; blanks inside a line (a hand
        // edit) make the decoding fail, and the slow path drops them.
        b64.clear();
        for line in split_lines(&body[..stop]) {
            b64.extend_from_slice(line.trim_ascii());
        }
        let der = match engine.decode(&b64[..]) {
            Ok(d) => d,
            Err(_) => {
                b64.retain(|c| !c.is_ascii_whitespace());
                engine
                    .decode(&b64[..])
                    .map_err(|e| format!("{label}: {e}"))?
            }
        };
        out.push(der);
        rest = &body[stop + end.len()..];
    }
    Ok(out)
}

/// The lines of `text` (split on `\n`, found with a SIMD search).
pub(super) fn split_lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text)
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = &text[start..end];
            start = (end + 1).min(text.len());
            line
        })
}

// ---------------------------------------------------------------------------------------------
// Key check without building a key object: the public half in the PKCS#8 file must be the
// certificate's. RSA keys carry (n, e); EC keys usually carry their public point. Anything else
// goes through the full key loader.

pub(super) fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

pub(super) fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (t, c, r) = tlv(input)?;
    (t == tag).then_some((c, r))
}

pub(super) fn unsigned(int: &[u8]) -> &[u8] {
    let skip = int.iter().take_while(|b| **b == 0).count();
    &int[skip.min(int.len().saturating_sub(1))..]
}

pub(super) const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub(super) const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// The public part of a PKCS#8 key, when it can be read without computation.
pub(super) enum PublicPart<'a> {
    Rsa { n: &'a [u8], e: &'a [u8] },
    EcPoint(&'a [u8]),
}

pub(super) fn pkcs8_public(der: &[u8]) -> Option<PublicPart<'_>> {
    let (info, _) = expect(der, 0x30)?;
    let (_, rest) = expect(info, 0x02)?; // version
    let (alg, rest) = expect(rest, 0x30)?;
    let (oid, _) = expect(alg, 0x06)?;
    let (key, _) = expect(rest, 0x04)?;
    if oid == OID_RSA {
        let (seq, _) = expect(key, 0x30)?;
        let (_, r) = expect(seq, 0x02)?; // version
        let (n, r) = expect(r, 0x02)?;
        let (e, _) = expect(r, 0x02)?;
        return Some(PublicPart::Rsa {
            n: unsigned(n),
            e: unsigned(e),
        });
    }
    if oid == OID_EC {
        let (seq, _) = expect(key, 0x30)?;
        let (_, mut r) = expect(seq, 0x02)?; // version
        while let Some((t, c, next)) = tlv(r) {
            if t == 0xa1 {
                let (bits, _) = expect(c, 0x03)?;
                let (&unused, point) = bits.split_first()?;
                return (unused == 0).then_some(PublicPart::EcPoint(point));
            }
            r = next;
        }
    }
    None
}

/// Whether the PEM private key in `pem_text` is the key of `spki`.
pub(super) fn key_matches(
    pem_text: &[u8],
    spki: &SubjectPublicKeyInfo<'_>,
) -> Result<bool, String> {
    let der = match pem_blocks(pem_text, crate::keys::software::PKCS8_PEM_LABEL)
        .map_err(|e| format!("not PEM: {e}"))?
        .into_iter()
        .next()
    {
        Some(d) => zeroize::Zeroizing::new(d),
        None => return Err("no PKCS#8 PRIVATE KEY block".into()),
    };
    let cert_key = &spki.subject_public_key.data;
    match pkcs8_public(&der) {
        Some(PublicPart::Rsa { n, e }) => {
            let Some((seq, _)) = expect(cert_key, 0x30) else {
                return Ok(false);
            };
            let parts =
                expect(seq, 0x02).and_then(|(cn, r)| expect(r, 0x02).map(|(ce, _)| (cn, ce)));
            Ok(parts.is_some_and(|(cn, ce)| unsigned(cn) == n && unsigned(ce) == e))
        }
        Some(PublicPart::EcPoint(p)) => Ok(p == cert_key.as_ref()),
        None => {
            let key = crate::keys::software::SoftwareKey::from_pkcs8_der(der)?;
            Ok(crate::keys::AgentKey::public_key_spki(&key) == spki.raw)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Filters and exit code.
