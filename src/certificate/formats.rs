//! Reading what the platform delivers: PEM or DER certificates, PKCS#7 certs-only (`.p7b`/`.p7c`,
//! PEM or DER) and PKCS#12 (`.p12`/`.pfx`, modern PBES2/AES or legacy 3DES/SHA-1). One file may carry
//! the leaf and its chain; a PKCS#12 also brings its private key.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::CertError;

/// The format a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PEM certificates.
    Pem,
    /// One DER certificate.
    Der,
    /// PKCS#7 certs-only (PEM or DER).
    Pkcs7,
    /// PKCS#12.
    Pkcs12,
}

/// What one delivered file holds.
#[derive(Debug)]
pub struct Delivery {
    /// The format it was read as.
    pub format: Format,
    /// Certificates (DER), in file order.
    pub certs: Vec<Vec<u8>>,
    /// The private key (PKCS#8 DER) of a PKCS#12.
    pub key: Option<Zeroizing<Vec<u8>>>,
}

fn unknown(file: &Path, reason: impl Into<String>) -> CertError {
    CertError::UnknownFormat {
        file: file.display().to_string(),
        reason: reason.into(),
    }
}

/// Reads one DER TLV: returns (tag, content, rest). Definite lengths only.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

/// Whether `der` looks like a PKCS#7 ContentInfo with SignedData (DER or BER: the signedData
/// OID within the first bytes).
pub fn is_pkcs7(der: &[u8]) -> bool {
    der.first() == Some(&0x30)
        && der.windows(OID_SIGNED_DATA.len() + 2).take(16).any(|w| {
            w[0] == 0x06 && usize::from(w[1]) == OID_SIGNED_DATA.len() && &w[2..] == OID_SIGNED_DATA
        })
}

/// Whether `der` looks like a PKCS#12 PFX (version 3, then a data ContentInfo).
fn is_pkcs12(der: &[u8]) -> bool {
    let Some((0x30, pfx, _)) = tlv(der) else {
        return false;
    };
    let Some((0x02, version, rest)) = tlv(pfx) else {
        return false;
    };
    version == [3]
        && tlv(rest)
            .and_then(|(t, c, _)| (t == 0x30).then_some(c))
            .and_then(tlv)
            .is_some_and(|(t, oid, _)| t == 0x06 && oid == OID_DATA)
}

/// The certificates of a PKCS#7 certs-only SignedData, in file order.
pub fn pkcs7_certificates(der: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    crate::enroll::pkcs7::parse_certs_only(der).map_err(|e| e.to_string())
}

fn read_pkcs12(file: &Path, der: &[u8], password: &SecretString) -> Result<Delivery, CertError> {
    let archive =
        p12_keystore::Pkcs12Archive::from_pkcs12(der, password.expose_secret()).map_err(|_| {
            CertError::P12Password {
                file: file.display().to_string(),
            }
        })?;
    if archive.keys.len() > 1 {
        return Err(CertError::P12TooManyKeys {
            file: file.display().to_string(),
            count: archive.keys.len(),
        });
    }
    Ok(Delivery {
        format: Format::Pkcs12,
        certs: archive
            .certs
            .iter()
            .map(|c| c.cert.as_der().to_vec())
            .collect(),
        key: archive
            .keys
            .first()
            .map(|k| Zeroizing::new(k.key.as_der().to_vec())),
    })
}

/// Reads one delivered file. `p12_password` is called only for a PKCS#12.
pub fn read_delivery<E: From<CertError> + From<crate::fsutil::InputError>>(
    file: &Path,
    p12_password: &mut dyn FnMut() -> Result<SecretString, E>,
) -> Result<Delivery, E> {
    // A delivery may hold a private key (PEM, PKCS#12): its bytes are wiped after use.
    let bytes = Zeroizing::new(crate::fsutil::read_input(
        file,
        crate::fsutil::MAX_CERT_FILE,
    )?);
    read_delivery_bytes(file, &bytes, p12_password)
}

/// Reads one delivered file already in memory (`file` names it in messages). `p12_password` is
/// called only for a PKCS#12.
pub fn read_delivery_bytes<E: From<CertError>>(
    file: &Path,
    bytes: &[u8],
    p12_password: &mut dyn FnMut() -> Result<SecretString, E>,
) -> Result<Delivery, E> {
    if bytes.is_empty() {
        return Err(unknown(file, "the file is empty").into());
    }
    let trimmed = bytes.trim_ascii_start();
    if trimmed.starts_with(b"-----BEGIN") {
        let blocks =
            pem::parse_many(trimmed).map_err(|e| unknown(file, format!("bad PEM: {e}")))?;
        let mut certs = Vec::new();
        let mut format = Format::Pem;
        for b in blocks {
            match b.tag() {
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    certs.push(b.into_contents())
                }
                "PKCS7" | "CMS" => {
                    format = Format::Pkcs7;
                    certs.extend(pkcs7_certificates(b.contents()).map_err(|e| unknown(file, e))?);
                }
                "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => {
                    return Err(unknown(
                        file,
                        "it contains a private key: give the certificate alone (the agent already holds the key it generated), or a PKCS#12 file",
                    )
                    .into())
                }
                other => return Err(unknown(file, format!("unexpected PEM block {other:?}")).into()),
            }
        }
        if certs.is_empty() {
            return Err(unknown(file, "no certificate in the PEM file").into());
        }
        for (i, c) in certs.iter().enumerate() {
            super::CertSummary::parse(c, &format!("{} (certificate {})", file.display(), i + 1))?;
        }
        return Ok(Delivery {
            format,
            certs,
            key: None,
        });
    }
    if is_pkcs12(bytes) {
        let password = p12_password()?;
        return Ok(read_pkcs12(file, bytes, &password)?);
    }
    if is_pkcs7(bytes) {
        let certs = pkcs7_certificates(bytes).map_err(|e| unknown(file, e))?;
        for (i, c) in certs.iter().enumerate() {
            super::CertSummary::parse(c, &format!("{} (certificate {})", file.display(), i + 1))?;
        }
        return Ok(Delivery {
            format: Format::Pkcs7,
            certs,
            key: None,
        });
    }
    match super::CertSummary::parse(bytes, &file.display().to_string()) {
        Ok(_) => Ok(Delivery {
            format: Format::Der,
            certs: vec![bytes.to_vec()],
            key: None,
        }),
        Err(e) => Err(unknown(file, format!("{e}")).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_truncated_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.pem");
        std::fs::write(&f, b"hello world").unwrap();
        let mut pw = || -> Result<SecretString, crate::Error> { unreachable!() };
        assert!(read_delivery(&f, &mut pw).is_err());
        std::fs::write(
            &f,
            b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        assert!(read_delivery(&f, &mut pw).is_err());
        std::fs::write(&f, b"").unwrap();
        assert!(read_delivery(&f, &mut pw).is_err());
    }
}
