//! The EST answer: a PKCS#7 (CMS) "certs-only" SignedData (RFC 7030 section 4.1.3, RFC 5652).
//!
//! Parsed with `der` (BER reader, so indefinite lengths are accepted) and `x509-cert` for each
//! certificate. The certificates are returned **in the file's order**: the `certificates` field is
//! a SET in the ASN.1 module, but OpenSSL and most CAs write it in chain order and callers rely on
//! that order to tell leaf and chain apart (a DER SET OF would be re-sorted by a generic decoder).
//!
//! The HTTP body may be base64 (EST's `Content-Transfer-Encoding: base64`, with or without line
//! breaks), PEM (`-----BEGIN PKCS7-----`) or raw DER/BER: [`decode_body`] accepts all three.

use base64::Engine as _;
use der::asn1::ObjectIdentifier;
use der::{Decode, EncodingRules, Header, Reader, SliceReader, Tag, TagNumber};

/// `id-signedData` (1.2.840.113549.1.7.2).
pub const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

/// Why a PKCS#7 answer cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("invalid PKCS#7 certs-only answer: {0}")]
pub struct Pkcs7Error(pub String);

fn err(s: impl Into<String>) -> Pkcs7Error {
    Pkcs7Error(s.into())
}

impl From<der::Error> for Pkcs7Error {
    fn from(e: der::Error) -> Self {
        Pkcs7Error(e.to_string())
    }
}

/// One element of a constructed value.
struct Element<'a> {
    tag: Tag,
    /// The contents (for an indefinite length, up to and including its end-of-contents octets).
    body: &'a [u8],
    /// The whole TLV.
    tlv: &'a [u8],
}

fn pos(l: der::Length) -> Result<usize, Pkcs7Error> {
    usize::try_from(l).map_err(|e| err(e.to_string()))
}

/// The elements inside `content`, stopping at an end-of-contents marker (`00 00`).
fn children(content: &[u8]) -> Result<Vec<Element<'_>>, Pkcs7Error> {
    let mut r = SliceReader::new_with_encoding_rules(content, EncodingRules::Ber)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        if r.peek_byte() == Some(0) {
            break;
        }
        let start = pos(r.position())?;
        let header = Header::decode(&mut r)?;
        let body = r.read_slice(header.length())?;
        let end = pos(r.position())?;
        out.push(Element {
            tag: header.tag(),
            body,
            tlv: &content[start..end],
        });
    }
    Ok(out)
}

fn single<'a>(content: &'a [u8], what: &str) -> Result<Element<'a>, Pkcs7Error> {
    let mut all = children(content)?;
    if all.len() != 1 {
        return Err(err(format!("expected one {what}, found {}", all.len())));
    }
    Ok(all.remove(0))
}

/// The certificates (DER) of a certs-only SignedData, in the file's order.
pub fn parse_certs_only(data: &[u8]) -> Result<Vec<Vec<u8>>, Pkcs7Error> {
    let content_info = single(data, "ContentInfo")?;
    if content_info.tag != Tag::Sequence {
        return Err(err("ContentInfo is not a SEQUENCE"));
    }
    let parts = children(content_info.body)?;
    let [oid, explicit, ..] = parts.as_slice() else {
        return Err(err("ContentInfo has no content"));
    };
    let oid: ObjectIdentifier = ObjectIdentifier::from_der(oid.tlv)?;
    if oid != ID_SIGNED_DATA {
        return Err(err(format!("content type {oid} is not signedData")));
    }
    let context0 = Tag::ContextSpecific {
        constructed: true,
        number: TagNumber(0),
    };
    if explicit.tag != context0 {
        return Err(err("ContentInfo content is not [0] EXPLICIT"));
    }
    let signed_data = single(explicit.body, "SignedData")?;
    if signed_data.tag != Tag::Sequence {
        return Err(err("SignedData is not a SEQUENCE"));
    }
    let fields = children(signed_data.body)?;
    // version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos
    if fields.len() < 3 || fields[0].tag != Tag::Integer || fields[1].tag != Tag::Set {
        return Err(err(
            "SignedData does not start with version and digestAlgorithms",
        ));
    }
    let Some(certs) = fields.iter().skip(3).find(|f| f.tag == context0) else {
        return Err(err("SignedData holds no certificates"));
    };
    let mut out = Vec::new();
    for c in children(certs.body)? {
        if c.tag != Tag::Sequence {
            // Attribute certificates and other choices are not X.509 certificates: skip them.
            continue;
        }
        x509_cert::Certificate::from_der(c.tlv).map_err(|e| {
            err(format!(
                "certificate {} is not DER X.509: {e}",
                out.len() + 1
            ))
        })?;
        out.push(c.tlv.to_vec());
    }
    if out.is_empty() {
        return Err(err("SignedData holds no X.509 certificate"));
    }
    Ok(out)
}

fn oid_text(tlv: &[u8]) -> Result<String, Pkcs7Error> {
    let oid: ObjectIdentifier = ObjectIdentifier::from_der(tlv)?;
    Ok(oid.to_string())
}

/// The OIDs of a CSR attributes answer (RFC 7030 section 4.5.2): bare OIDs and attribute types,
/// dotted, in order.
pub fn csr_attr_oids(der: &[u8]) -> Result<Vec<String>, Pkcs7Error> {
    let seq = single(der, "CsrAttrs")?;
    if seq.tag != Tag::Sequence {
        return Err(err("CsrAttrs is not a SEQUENCE"));
    }
    let mut out = Vec::new();
    for item in children(seq.body)? {
        match item.tag {
            Tag::ObjectIdentifier => out.push(oid_text(item.tlv)?),
            Tag::Sequence => {
                if let Some(first) = children(item.body)?.first() {
                    if first.tag == Tag::ObjectIdentifier {
                        out.push(oid_text(first.tlv)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Decodes an EST body to DER/BER: base64 (whitespace ignored), PEM, or binary as is.
pub fn decode_body(body: &[u8]) -> Result<Vec<u8>, Pkcs7Error> {
    if body.first() == Some(&0x30) {
        return Ok(body.to_vec());
    }
    let text = std::str::from_utf8(body).map_err(|_| err("the body is neither DER nor text"))?;
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        let p = pem::parse(text).map_err(|e| err(format!("PEM: {e}")))?;
        return Ok(p.into_contents());
    }
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| err(format!("base64: {e}")))
}

/// base64 with CRLF line breaks every 64 characters (RFC 2045 allows up to 76), as EST sends.
pub fn encode_base64_lines(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 32 + 2);
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        let n = content.len();
        if n < 0x80 {
            v.push(n as u8);
        } else if n < 0x100 {
            v.extend([0x81, n as u8]);
        } else {
            v.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        v.extend_from_slice(content);
        v
    }

    fn indefinite(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag, 0x80];
        v.extend_from_slice(content);
        v.extend([0, 0]);
        v
    }

    fn cert(cn: &str) -> Vec<u8> {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, cn);
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        params.self_signed(&key).unwrap().der().to_vec()
    }

    const SIGNED_DATA_OID: [u8; 11] = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    const DATA_OID: [u8; 11] = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
    ];

    fn certs_only(certs: &[Vec<u8>], ber: bool) -> Vec<u8> {
        let wrap = |tag: u8, c: &[u8]| if ber { indefinite(tag, c) } else { tlv(tag, c) };
        let sd = [
            tlv(0x02, &[1]),
            tlv(0x31, &[]),
            wrap(0x30, &DATA_OID),
            wrap(0xa0, &certs.concat()),
            tlv(0x31, &[]),
        ]
        .concat();
        wrap(
            0x30,
            &[SIGNED_DATA_OID.to_vec(), wrap(0xa0, &wrap(0x30, &sd))].concat(),
        )
    }

    #[test]
    fn keeps_the_file_order_der_and_ber() {
        // "Z" sorts after "A" in DER SET OF order: the parser must not re-sort.
        let z = cert("Z LEAF");
        let a = cert("A CA");
        for ber in [false, true] {
            let p7 = certs_only(&[z.clone(), a.clone()], ber);
            let got = parse_certs_only(&p7).unwrap();
            assert_eq!(got, vec![z.clone(), a.clone()], "ber={ber}");
        }
    }

    #[test]
    fn bodies() {
        let z = cert("Z");
        let p7 = certs_only(std::slice::from_ref(&z), false);
        let b64 = encode_base64_lines(&p7);
        assert!(b64.lines().all(|l| l.len() <= 64));
        assert_eq!(decode_body(b64.as_bytes()).unwrap(), p7);
        assert_eq!(decode_body(&p7).unwrap(), p7);
        let pem = pem::encode(&pem::Pem::new("PKCS7", p7.clone()));
        assert_eq!(decode_body(pem.as_bytes()).unwrap(), p7);
        assert!(decode_body(b"not base64 !!").is_err());
    }

    #[test]
    fn csr_attrs() {
        // rsaEncryption, then an attribute (extensionRequest) with an empty value set.
        let rsa = [
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
        ];
        let ext_req = [
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e,
        ];
        let attr = tlv(0x30, &[ext_req.to_vec(), tlv(0x31, &[])].concat());
        let der = tlv(0x30, &[rsa.to_vec(), attr].concat());
        assert_eq!(
            csr_attr_oids(&der).unwrap(),
            ["1.2.840.113549.1.1.1", "1.2.840.113549.1.9.14"]
        );
    }

    #[test]
    fn refuses_other_content() {
        assert!(parse_certs_only(&tlv(0x30, &DATA_OID)).is_err());
        assert!(parse_certs_only(b"\x30\x03\x02\x01\x01").is_err());
        assert!(parse_certs_only(&[]).is_err());
        // SignedData without certificates.
        let sd = [
            tlv(0x02, &[1]),
            tlv(0x31, &[]),
            tlv(0x30, &DATA_OID),
            tlv(0x31, &[]),
        ]
        .concat();
        let ci = tlv(
            0x30,
            &[SIGNED_DATA_OID.to_vec(), tlv(0xa0, &tlv(0x30, &sd))].concat(),
        );
        let e = parse_certs_only(&ci).unwrap_err();
        assert!(e.to_string().contains("no certificates"), "{e}");
    }
}
