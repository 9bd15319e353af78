//! The few DER encodings the emulator writes by hand (X.690 definite-length TLV), its own rather
//! than the agent's: a mistake in the agent's encoder must not be copied into its peer.

/// A TLV with `tag` and `content` (X.690 section 8.1: short length form below 128 bytes, else
/// the long form).
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A non-negative INTEGER from big-endian bytes (leading zeros dropped, a 0x00 added when the
/// top bit is set: X.690 section 8.3).
fn uint(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|x| *x == 0).collect();
    if b.is_empty() || b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

/// The SubjectPublicKeyInfo of an RSA key (RFC 5280 section 4.1.2.7, RFC 8017 appendix A.1.1:
/// rsaEncryption with NULL parameters, RSAPublicKey in the BIT STRING).
pub fn rsa_spki(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
    // 1.2.840.113549.1.1.1 rsaEncryption, NULL.
    let alg = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            ),
            vec![0x05, 0x00],
        ]
        .concat(),
    );
    let key = tlv(0x30, &[uint(modulus), uint(exponent)].concat());
    let bits = tlv(0x03, &[&[0u8][..], &key].concat());
    tlv(0x30, &[alg, bits].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_integers() {
        assert_eq!(tlv(0x04, &[1, 2]), vec![0x04, 2, 1, 2]);
        let long = tlv(0x04, &[0; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(uint(&[0x80]), vec![0x02, 2, 0, 0x80]);
        assert_eq!(uint(&[0, 0, 1]), vec![0x02, 1, 1]);
    }

    #[test]
    fn spki_is_what_openssl_reads() {
        // A tiny (insecure, test-only) modulus: the structure is what matters.
        let spki = rsa_spki(&[0xc3; 64], &[1, 0, 1]);
        use x509_parser::prelude::FromDer;
        let (rest, parsed) =
            x509_parser::x509::SubjectPublicKeyInfo::from_der(&spki).expect("valid SPKI");
        assert!(rest.is_empty());
        assert_eq!(
            parsed.algorithm.algorithm.to_id_string(),
            "1.2.840.113549.1.1.1"
        );
        match parsed.parsed().expect("an RSA public key") {
            x509_parser::public_key::PublicKey::RSA(k) => {
                // The INTEGER keeps its 0x00 sign byte (the top bit of 0xc3 is set).
                assert_eq!(k.modulus, &[&[0u8][..], &[0xc3; 64]].concat()[..]);
                assert_eq!(k.exponent, &[1, 0, 1][..]);
            }
            other => panic!("{other:?}"),
        }
    }
}
