//! RFC 7512 `pkcs11:` URIs: the standard way to name a token or an object on it.
//!
//! Path attributes (`token`, `manufacturer`, `serial`, `model`, `object`, `id`, `type`, `slot-id`,
//! `slot-description`, `slot-manufacturer`, `library-*`, and vendor `x-*`) and any query attribute
//! (`module-path`, `module-name`, `pin-source`, vendor ones) are read. Attribute names are compared
//! after percent-decoding and case-insensitively; the scheme too (RFC 3986 §3.1). `pin-value` is
//! refused wherever it appears (a PIN never travels in a command line or a stored URI) and
//! redacted from every message. Malformed `%` escapes, duplicate attributes, and invalid `type`,
//! `slot-id` or `library-version` values are refused. The differences from p11-kit are listed in
//! docs/card.md.

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::BTreeMap;
use std::fmt;

use super::CardError;

/// A parsed `pkcs11:` URI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    /// Path attributes other than `id`, decoded.
    pub path: BTreeMap<String, String>,
    /// The `id` attribute (CKA_ID), raw bytes.
    pub id: Option<Vec<u8>>,
    /// Query attributes (`module-path`, `module-name`, `pin-source`…), decoded.
    pub query: BTreeMap<String, String>,
}

const KNOWN_PATH: &[&str] = &[
    "token",
    "manufacturer",
    "serial",
    "model",
    "object",
    "id",
    "type",
    "slot-id",
    "slot-description",
    "slot-manufacturer",
    "library-manufacturer",
    "library-description",
    "library-version",
];

/// The object classes of RFC 7512 §2.3 (`pk11-type`).
const TYPES: &[&str] = &["cert", "data", "private", "public", "secret-key"];

/// Attributes that name an object on a token, not the token.
pub const OBJECT_ATTRIBUTES: &[&str] = &["object", "id", "type"];

const SCHEME: &str = "pkcs11:";

/// What a token, its slot and its module say of themselves, for [`Pkcs11Uri::matches`]
/// (`CK_TOKEN_INFO`, `CK_SLOT_INFO` and `CK_INFO`; blank padding is ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenFacts {
    /// `CK_SLOT_ID`.
    pub slot_id: u64,
    /// `CK_SLOT_INFO.slotDescription`.
    pub slot_description: String,
    /// `CK_SLOT_INFO.manufacturerID`.
    pub slot_manufacturer: String,
    /// `CK_TOKEN_INFO.label`.
    pub label: String,
    /// `CK_TOKEN_INFO.serialNumber`.
    pub serial: String,
    /// `CK_TOKEN_INFO.manufacturerID`.
    pub manufacturer: String,
    /// `CK_TOKEN_INFO.model`.
    pub model: String,
    /// `CK_INFO.manufacturerID`.
    pub library_manufacturer: String,
    /// `CK_INFO.libraryDescription`.
    pub library_description: String,
    /// `CK_INFO.libraryVersion` (major, minor).
    pub library_version: (u8, u8),
}

/// Percent-decodes `s`, refusing a `%` not followed by two hex digits (RFC 3986 §2.1).
fn decode(s: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .ok_or_else(|| {
                    "a '%' not followed by two hexadecimal digits (write a literal % as %25)"
                        .to_string()
                })?;
            out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// An attribute name, decoded and lowercased; `None` if it cannot be decoded.
fn attr_name(raw: &str) -> Option<String> {
    String::from_utf8(decode(raw).ok()?)
        .ok()
        .map(|n| n.to_ascii_lowercase())
}

/// Whether the decoded name is `pin-value` (however it is spelled or encoded).
fn is_pin_value(raw_name: &str) -> bool {
    let lossy = String::from_utf8_lossy(
        &percent_encoding::percent_decode_str(raw_name).collect::<Vec<u8>>(),
    )
    .to_ascii_lowercase();
    lossy.trim() == "pin-value"
}

/// `"M"` or `"M.m"`, each a decimal 0–255 (CK_VERSION), as p11-kit reads it.
fn parse_version(v: &str) -> Option<(u8, u8)> {
    let num = |s: &str| -> Option<u8> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    match v.split_once('.') {
        Some((a, b)) => Some((num(a)?, num(b)?)),
        None => Some((num(v)?, 0)),
    }
}

impl Pkcs11Uri {
    /// Whether `s` is meant as a `pkcs11:` URI (the scheme is case-insensitive).
    pub fn is_uri(s: &str) -> bool {
        s.get(..SCHEME.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(SCHEME))
    }

    /// Parses a URI; the scheme must be `pkcs11:`.
    pub fn parse(uri: &str) -> Result<Pkcs11Uri, CardError> {
        let bad = |reason: String| CardError::BadUri {
            uri: redact(uri),
            reason,
        };
        if !Self::is_uri(uri) {
            return Err(bad("it must start with \"pkcs11:\"".into()));
        }
        let rest = &uri[SCHEME.len()..];
        let (path_part, query_part) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let pin_refused = || {
            bad("pin-value is refused: give the PIN with --pin-file or --pin-fd (or pin-source=), never in a URI".into())
        };
        let mut out = Pkcs11Uri::default();
        for attr in path_part.split(';').filter(|a| !a.is_empty()) {
            let (raw_k, v) = attr.split_once('=').unwrap_or((attr, ""));
            if is_pin_value(raw_k) {
                return Err(pin_refused());
            }
            if !attr.contains('=') {
                return Err(bad(format!("attribute {attr:?} has no '='")));
            }
            let k = attr_name(raw_k)
                .ok_or_else(|| bad(format!("attribute name {raw_k:?} is not valid")))?;
            if k.is_empty() {
                return Err(bad("an attribute has no name".into()));
            }
            if !KNOWN_PATH.contains(&k.as_str()) && !k.starts_with("x-") {
                return Err(bad(format!("unknown path attribute {k:?}")));
            }
            let raw = decode(v).map_err(|e| bad(format!("attribute {k:?}: {e}")))?;
            if k == "id" {
                if out.id.replace(raw).is_some() {
                    return Err(bad("attribute \"id\" appears twice".into()));
                }
                continue;
            }
            let value =
                String::from_utf8(raw).map_err(|_| bad(format!("attribute {k:?} is not UTF-8")))?;
            match k.as_str() {
                "type" if !TYPES.contains(&value.as_str()) => {
                    return Err(bad(format!(
                        "type {value:?} is not one of {}",
                        TYPES.join(", ")
                    )))
                }
                "slot-id"
                    if value.is_empty()
                        || !value.bytes().all(|c| c.is_ascii_digit())
                        || value.parse::<u64>().is_err() =>
                {
                    return Err(bad(format!(
                        "slot-id {value:?} is not a decimal slot number"
                    )))
                }
                "library-version" if parse_version(&value).is_none() => {
                    return Err(bad(format!(
                        "library-version {value:?} is not MAJOR or MAJOR.MINOR (each 0 to 255)"
                    )))
                }
                _ => {}
            }
            if out.path.insert(k.clone(), value).is_some() {
                return Err(bad(format!("attribute {k:?} appears twice")));
            }
        }
        for attr in query_part
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|a| !a.is_empty())
        {
            let (raw_k, v) = attr.split_once('=').unwrap_or((attr, ""));
            if is_pin_value(raw_k) {
                return Err(pin_refused());
            }
            if !attr.contains('=') {
                return Err(bad(format!("query attribute {attr:?} has no '='")));
            }
            let k = attr_name(raw_k)
                .ok_or_else(|| bad(format!("query attribute name {raw_k:?} is not valid")))?;
            if k.is_empty() {
                return Err(bad("a query attribute has no name".into()));
            }
            let value = decode(v)
                .map_err(|e| bad(format!("query attribute {k:?}: {e}")))
                .and_then(|b| {
                    String::from_utf8(b)
                        .map_err(|_| bad(format!("query attribute {k:?} is not UTF-8")))
                })?;
            if out.query.insert(k.clone(), value).is_some() {
                return Err(bad(format!("query attribute {k:?} appears twice")));
            }
        }
        Ok(out)
    }

    /// The `token` attribute (token label).
    pub fn token(&self) -> Option<&str> {
        self.path.get("token").map(String::as_str)
    }

    /// The `serial` attribute (token serial number).
    pub fn serial(&self) -> Option<&str> {
        self.path.get("serial").map(String::as_str)
    }

    /// The `object` attribute (CKA_LABEL).
    pub fn object(&self) -> Option<&str> {
        self.path.get("object").map(String::as_str)
    }

    /// The `module-path` query attribute.
    pub fn module_path(&self) -> Option<&str> {
        self.query.get("module-path").map(String::as_str)
    }

    /// Whether the token described by `t` matches every token, slot and library attribute of
    /// the URI (RFC 7512 §2.3; padding blanks ignored, as p11-kit does). Object attributes
    /// (`object`, `id`, `type`) and vendor `x-` attributes do not take part in choosing a token.
    pub fn matches(&self, t: &TokenFacts) -> bool {
        let eq = |k: &str, v: &str| {
            self.path
                .get(k)
                .is_none_or(|w| w.trim_end() == v.trim_end())
        };
        let slot_ok = self
            .path
            .get("slot-id")
            .is_none_or(|v| v.parse::<u64>().is_ok_and(|n| n == t.slot_id));
        let version_ok = self
            .path
            .get("library-version")
            .is_none_or(|v| parse_version(v) == Some(t.library_version));
        eq("token", &t.label)
            && eq("serial", &t.serial)
            && eq("manufacturer", &t.manufacturer)
            && eq("model", &t.model)
            && eq("slot-description", &t.slot_description)
            && eq("slot-manufacturer", &t.slot_manufacturer)
            && eq("library-manufacturer", &t.library_manufacturer)
            && eq("library-description", &t.library_description)
            && slot_ok
            && version_ok
    }

    /// The object attributes present (`object`, `id`, `type`), which cannot select a token.
    pub fn object_attributes(&self) -> Vec<&'static str> {
        OBJECT_ATTRIBUTES
            .iter()
            .copied()
            .filter(|a| {
                if *a == "id" {
                    self.id.is_some()
                } else {
                    self.path.contains_key(*a)
                }
            })
            .collect()
    }
}

/// The URI with the value of any `pin-value` (path or query, however encoded) replaced by
/// `***`, for messages.
pub fn redact(uri: &str) -> String {
    // Split as the parser does: the path on ';', the query on '&'.
    let one = |a: &str| match a.split_once('=') {
        Some((k, _)) if is_pin_value(k) => format!("{k}=***"),
        _ => a.to_string(),
    };
    let (scheme, rest) = match uri.find(':') {
        Some(i) => uri.split_at(i + 1),
        None => ("", uri),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let mut out = scheme.to_string();
    out.push_str(&path.split(';').map(one).collect::<Vec<_>>().join(";"));
    if let Some(q) = query {
        out.push('?');
        out.push_str(&q.split('&').map(one).collect::<Vec<_>>().join("&"));
    }
    // Then at every delimiter, for a text the parser would read otherwise (a bad scheme, a `?`
    // inside a query value): a message never shows what looks like a PIN.
    let mut fine = String::with_capacity(out.len());
    let mut start = 0;
    for (i, c) in out.char_indices() {
        if matches!(c, ';' | '?' | '&') {
            fine.push_str(&one(&out[start..i]));
            fine.push(c);
            start = i + 1;
        }
    }
    fine.push_str(&one(&out[start..]));
    fine
}

/// Characters left as they are in path values: RFC 7512 §2.3 `pk11-pchar` (unreserved and
/// `pk11-path-res-avail`), minus `=` and `&`, encoded for the sake of every reader.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',');

/// Query values: `pk11-qchar` also allows `/`, `?` and `|`; `&` (the delimiter) and `=` are
/// encoded (RFC 7512 §2.3: "&" MUST be encoded in the query).
const QUERY_VALUE: &AsciiSet = &PATH_VALUE.remove(b'/').remove(b'?').remove(b'|');

impl fmt::Display for Pkcs11Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(SCHEME)?;
        let enc = |s: &str, set| percent_encode(s.as_bytes(), set).to_string();
        let mut parts: Vec<String> = self
            .path
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k, PATH_VALUE), enc(v, PATH_VALUE)))
            .collect();
        if let Some(id) = &self.id {
            parts.push(format!(
                "id={}",
                id.iter().map(|b| format!("%{b:02X}")).collect::<String>()
            ));
        }
        f.write_str(&parts.join(";"))?;
        if !self.query.is_empty() {
            let q: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k, PATH_VALUE), enc(v, QUERY_VALUE)))
                .collect();
            write!(f, "?{}", q.join("&"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7512_examples() {
        let u = Pkcs11Uri::parse(
            "pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=?pin-source=file:/etc/token_pin",
        )
        .unwrap();
        assert_eq!(u.token(), Some("The Software PKCS#11 Softtoken"));
        assert_eq!(u.path.get("manufacturer").unwrap(), "Snake Oil, Inc.");
        assert_eq!(
            u.id.as_deref(),
            Some(&[0x69, 0x95, 0x3e, 0x5c, 0xf4, 0xbd, 0xec, 0x91][..])
        );
        assert_eq!(u.query.get("pin-source").unwrap(), "file:/etc/token_pin");
        let again = Pkcs11Uri::parse(&u.to_string()).unwrap();
        assert_eq!(again, u);
    }

    #[test]
    fn pin_value_refused_everywhere_and_never_shown() {
        for uri in [
            "pkcs11:token=A?pin-value=S3CRET",
            "pkcs11:token=A?PIN-VALUE=S3CRET",
            "pkcs11:token=A?pin%2Dvalue=S3CRET",
            "pkcs11:token=A?%70in-value=S3CRET",
            "pkcs11:token=A?module-path=/x&%70%69%6E%2D%76%61%6C%75%65=S3CRET",
            "pkcs11:pin-value=S3CRET;token=A",
            "pkcs11:token=A;pin%2dvalue=S3CRET",
            "pkcs11:token=A;Pin-Value=S3CRET&more?module-name=m",
            "pkcs11:token=A?pin-value=S3CRET%2",
            "pkcs11:tokn=x;pin-value=S3CRET",
            "pkcs12:pin-value=S3CRET",
            // found by the uri fuzz target (fuzz/seeds/uri/crash-redact-question-mark)
            "pkcs10:a?%70in-token=a?%70in-value=S3CRET",
            "pkcs11:tokn=a?x=a?pin-value=S3CRET",
        ] {
            let e = Pkcs11Uri::parse(uri).expect_err(uri).to_string();
            assert!(!e.contains("S3CRET"), "{uri}: {e}");
            assert!(!e.contains("more"), "{uri}: {e}");
        }
        let e = Pkcs11Uri::parse("pkcs11:token=A?pin%2Dvalue=S3CRET")
            .unwrap_err()
            .to_string();
        assert!(e.contains("pin-value is refused"), "{e}");
        assert_eq!(
            redact("pkcs11:pin-value=a:b;token=T?x=1&%70in-value=c&y=2"),
            "pkcs11:pin-value=***;token=T?x=1&%70in-value=***&y=2"
        );
    }

    /// p11-kit's own vectors (p11-kit/test-uri.c, test name in the comment) and RFC 7512 §3.3's
    /// examples: `Ok(())` where we parse as they do, `Err(what)` where we refuse (for p11-kit's
    /// BAD_* answers, and for the deliberate differences listed in docs/card.md).
    #[test]
    fn p11kit_and_rfc7512_vectors() {
        let ok = |s: &str| Pkcs11Uri::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let refused = |s: &str, what: &str| {
            let e = Pkcs11Uri::parse(s).expect_err(s).to_string();
            assert!(e.contains(what), "{s}: {e} (wanted {what:?})");
        };
        // test_uri_parse, test_uri_parse_case_insensitive, test_uri_build_empty
        assert_eq!(ok("pkcs11:"), Pkcs11Uri::default());
        assert_eq!(ok("PKCS11:"), Pkcs11Uri::default());
        assert_eq!(ok("Pkcs11:token=A").token(), Some("A"));
        assert_eq!(Pkcs11Uri::default().to_string(), "pkcs11:");
        // test_uri_parse_bad_scheme
        refused("http:\\example.com\\test", "must start with");
        // test_uri_parse_with_label, _and_new_klass, private/secret key
        assert_eq!(
            ok("pkcs11:object=Test%20Label").object(),
            Some("Test Label")
        );
        let u = ok("pkcs11:object=Test%20Label;type=cert");
        assert_eq!(u.path.get("type").unwrap(), "cert");
        assert_eq!(
            ok("pkcs11:type=private").path.get("type").unwrap(),
            "private"
        );
        assert_eq!(
            ok("pkcs11:type=secret-key").path.get("type").unwrap(),
            "secret-key"
        );
        // test_uri_parse_with_label_and_klass: p11-kit's legacy "object-type" (difference)
        refused(
            "pkcs11:object=Test%20Label;object-type=cert",
            "unknown path attribute",
        );
        // test_uri_parse_parse_unknown_object_type: p11-kit ignores it (difference)
        refused("pkcs11:type=unknown", "is not one of");
        // test_uri_parse_with_empty_label / _empty_id
        assert_eq!(ok("pkcs11:object=;type=cert").object(), Some(""));
        assert_eq!(ok("pkcs11:type=cert").object(), None);
        assert_eq!(ok("pkcs11:id=;type=cert").id, Some(vec![]));
        assert_eq!(ok("pkcs11:type=cert").id, None);
        // test_uri_parse_with_id (a NUL in the id)
        assert_eq!(ok("pkcs11:id=%54%45%53%54%00").id.unwrap(), b"TEST\0");
        // test_uri_parse_with_bad_string_encoding / _bad_hex_encoding / token / library /
        // pin-value-bad / module-name-bad: BAD_ENCODING
        for s in [
            "pkcs11:object=Test%",
            "pkcs11:object=T%xxest",
            "pkcs11:token=Token%",
            "pkcs11:library-description=Library%",
            "pkcs11:?module-name=blahblah%2",
            "pkcs11:id=%0",
        ] {
            refused(s, "hexadecimal");
        }
        refused("pkcs11:?pin-value=blahblah%2", "pin-value is refused");
        // test_uri_parse_with_token
        let u = ok("pkcs11:token=Token%20Label;serial=3333;model=Deluxe;manufacturer=Me");
        assert_eq!(
            (
                u.token(),
                u.serial(),
                u.path.get("model").map(String::as_str)
            ),
            (Some("Token Label"), Some("3333"), Some("Deluxe"))
        );
        assert_eq!(u.path.get("manufacturer").unwrap(), "Me");
        // test_uri_parse_with_bad_syntax
        refused("pkcs11:token", "has no '='");
        // test_uri_parse_with_spaces: p11-kit strips white space anywhere (difference: refused)
        assert!(Pkcs11Uri::parse(
            "pkc\ns11: lib rary-desc\rrip  \n  tion =The%20Library;\n\n\nlibrary-manufacturer=\rMe"
        )
        .is_err());
        // test_uri_parse_with_library, _with_slot
        let u = ok("pkcs11:library-description=The%20Library;library-manufacturer=Me");
        assert_eq!(u.path.get("library-description").unwrap(), "The Library");
        assert_eq!(u.path.get("library-manufacturer").unwrap(), "Me");
        let u = ok("pkcs11:slot-description=Slot%20Description;slot-manufacturer=Me");
        assert_eq!(u.path.get("slot-description").unwrap(), "Slot Description");
        // test_uri_parse_library_version
        assert_eq!(parse_version("2.101"), Some((2, 101)));
        assert_eq!(parse_version("23"), Some((23, 0)));
        ok("pkcs11:library-version=2.101");
        for v in ["23.", "a.a", ".23", "1000", "2.1000", "", "+1", "1.2.3"] {
            refused(&format!("pkcs11:library-version={v}"), "library-version");
        }
        // test_uri_parse_unrecognized: kept (and refused by --token, see TokenSelector)
        assert_eq!(
            ok("pkcs11:x-blah=some-value").path.get("x-blah").unwrap(),
            "some-value"
        );
        // test_uri_parse_too_long_is_unrecognized: kept; no token's 16-byte model matches it
        let u = ok("pkcs11:model=a-value-that-is-too-long-for-the-field-that-it-goes-with");
        assert!(!u.matches(&TokenFacts {
            model: "a-value-that-is-".into(),
            ..TokenFacts::default()
        }));
        // test_uri_build_with_token_info / _attributes / _slot_info / _library / _library_version
        let mut u = Pkcs11Uri::default();
        for (k, v) in [
            ("token", "The Label"),
            ("serial", "44444"),
            ("manufacturer", "Me"),
            ("model", "Deluxe"),
        ] {
            u.path.insert(k.into(), v.into());
        }
        let s = u.to_string();
        for part in [
            "token=The%20Label",
            "serial=44444",
            "manufacturer=Me",
            "model=Deluxe",
        ] {
            assert!(s.contains(part), "{s}");
        }
        let mut u = Pkcs11Uri::default();
        u.path.insert("object".into(), "The Label".into());
        u.path.insert("type".into(), "data".into());
        u.id = Some(b"HELLO".to_vec());
        let s = u.to_string().to_ascii_lowercase();
        for part in ["object=the%20label", "type=data", "id=%48%45%4c%4c%4f"] {
            assert!(s.contains(part), "{s}");
        }
        assert_eq!(ok(&u.to_string()), u);
        // test_uri_pin_source, module-name, module-path, module-name-and-path
        assert_eq!(
            ok("pkcs11:?pin-source=blah%2Fblah")
                .query
                .get("pin-source")
                .unwrap(),
            "blah/blah"
        );
        assert_eq!(
            ok("pkcs11:?module-path=blah%2Fblah").module_path(),
            Some("blah/blah")
        );
        let u = ok("pkcs11:?module-name=1%2a%26%23%25%26%40%28&module-path=blah%2Fblah");
        assert_eq!(u.query.get("module-name").unwrap(), "1*&#%&@(");
        assert_eq!(ok(&u.to_string()), u);
        let mut u = Pkcs11Uri::default();
        u.query.insert("pin-source".into(), "|my-pin-file".into());
        assert_eq!(ok(&u.to_string()), u);
        // test_uri_vendor_query; duplicates are accepted by p11-kit (difference: refused)
        assert_eq!(
            ok("pkcs11:?my-query-two=some-value")
                .query
                .get("my-query-two")
                .unwrap(),
            "some-value"
        );
        refused("pkcs11:?bbb=zzz&aaa=xxx&aaa=yyy", "appears twice");
        // test_uri_pin_value: p11-kit reads it (difference: refused, see above)
        refused("pkcs11:?pin-value=blah%2Fblah", "pin-value is refused");
        // test_uri_slot_id / _bad
        assert_eq!(
            ok("pkcs11:slot-id=67890").path.get("slot-id").unwrap(),
            "67890"
        );
        refused("pkcs11:slot-id=123^456", "slot-id");
        refused("pkcs11:slot-id=-1", "slot-id");
        refused("pkcs11:slot-id=99999999999999999999", "slot-id");
        // test_uri_match_token
        let u = ok("pkcs11:model=Giselle");
        let mut t = TokenFacts {
            label: "A label".into(),
            model: "Giselle         ".into(),
            ..TokenFacts::default()
        };
        assert!(u.matches(&t));
        t.label = "Another label".into();
        assert!(u.matches(&t));
        t.model = "Zoolander".into();
        assert!(!u.matches(&t));
        // test_uri_match_module, test_uri_match_version
        let u = ok("pkcs11:library-description=Quiet");
        let mut t = TokenFacts {
            library_description: "Quiet".into(),
            library_manufacturer: "Someone".into(),
            ..TokenFacts::default()
        };
        assert!(u.matches(&t));
        t.library_manufacturer = "Someone else".into();
        assert!(u.matches(&t));
        t.library_description = "Leise".into();
        assert!(!u.matches(&t));
        let u = ok("pkcs11:library-version=5.8");
        let mut t = TokenFacts {
            library_version: (5, 8),
            ..TokenFacts::default()
        };
        assert!(u.matches(&t));
        t.library_version = (2, 3);
        assert!(!u.matches(&t));
        // slot attributes take part in the choice
        let u = ok("pkcs11:slot-id=2;slot-description=Reader%20B;slot-manufacturer=Acme");
        let mut t = TokenFacts {
            slot_id: 2,
            slot_description: "Reader B   ".into(),
            slot_manufacturer: "Acme".into(),
            ..TokenFacts::default()
        };
        assert!(u.matches(&t));
        t.slot_id = 1;
        assert!(!u.matches(&t));

        // RFC 7512 §3.3, in order.
        ok("pkcs11:");
        ok("pkcs11:object=my-pubkey;type=public");
        ok("pkcs11:object=my-key;type=private?pin-source=file:/etc/token");
        ok("pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=?pin-source=file:/etc/token_pin");
        ok("pkcs11:object=my-sign-key;type=private?module-name=mypkcs11");
        assert_eq!(
            ok("pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1")
                .module_path(),
            Some("/mnt/libmypkcs11.so.1")
        );
        refused("pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-value=the-pin", "pin-value is refused");
        ok("pkcs11:slot-description=Sun%20Metaslot");
        ok("pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token%20Library;library-version=1.23");
        let u = ok("pkcs11:token=My%20token%25%20created%20by%20Joe;library-version=3;id=%01%02%03%Ba%dd%Ca%fe%04%05%06");
        assert_eq!(u.token(), Some("My token% created by Joe"));
        assert_eq!(
            u.id.as_deref(),
            Some(&[1, 2, 3, 0xba, 0xdd, 0xca, 0xfe, 4, 5, 6][..])
        );
        assert_eq!(
            ok("pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert").token(),
            Some("A name with a substring %;")
        );
        assert_eq!(
            ok("pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert").token(),
            Some("Name with a small A with acute: á")
        );
        // "vendor-aaa" in the path: a vendor attribute without the x- prefix (difference: refused)
        refused("pkcs11:token=my-token;object=my-certificate;type=cert;vendor-aaa=value-a?pin-source=file:/etc/token_pin&vendor-bbb=value-b", "unknown path attribute");
        let u = ok("pkcs11:token=my-token;object=my-certificate;type=cert?pin-source=file:/etc/token_pin&vendor-bbb=value-b");
        assert_eq!(u.query.get("vendor-bbb").unwrap(), "value-b");
    }

    #[test]
    fn duplicates_refused_in_path_id_and_query() {
        for s in [
            "pkcs11:token=a;token=b",
            "pkcs11:token=a;TOKEN=b",
            "pkcs11:token=a;%74oken=b",
            "pkcs11:id=%01;id=%02",
            "pkcs11:?module-path=/a&module-path=/b",
            "pkcs11:?module-path=/a&Module-Path=/b",
        ] {
            let e = Pkcs11Uri::parse(s).expect_err(s).to_string();
            assert!(e.contains("appears twice"), "{s}: {e}");
        }
    }

    #[test]
    fn stored_module_path_with_ampersand_round_trips() {
        let mut u = Pkcs11Uri::parse("pkcs11:token=HSM;serial=1").unwrap();
        u.query
            .insert("module-path".into(), "/opt/R&D/lib=1.so".into());
        u.query
            .insert("pin-source".into(), "file:/etc/agent/hsm pin?#%".into());
        let text = u.to_string();
        assert!(text.contains("module-path=/opt/R%26D/lib%3D1.so"), "{text}");
        assert_eq!(Pkcs11Uri::parse(&text).unwrap(), u);
    }

    proptest::proptest! {
        #[test]
        fn display_round_trips(
            path in proptest::collection::btree_map(
                proptest::sample::select(vec!["token", "manufacturer", "serial", "model", "object",
                    "slot-description", "slot-manufacturer", "library-manufacturer",
                    "library-description", "x-vendor"]),
                "\\PC*", 0..5),
            id in proptest::option::of(proptest::collection::vec(proptest::num::u8::ANY, 0..8)),
            query in proptest::collection::btree_map("[a-z][a-z0-9-]{0,8}", "\\PC*", 0..4),
        ) {
            let query: BTreeMap<String, String> =
                query.into_iter().filter(|(k, _)| k != "pin-value").collect();
            let u = Pkcs11Uri {
                path: path.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                id,
                query,
            };
            let text = u.to_string();
            proptest::prop_assert_eq!(Pkcs11Uri::parse(&text).unwrap(), u, "{}", text);
        }
    }

    #[test]
    fn bad_scheme_and_attr() {
        assert!(Pkcs11Uri::parse("pkcs12:token=a").is_err());
        assert!(Pkcs11Uri::parse("pkcs11:tokn=a").is_err());
        assert!(Pkcs11Uri::parse("pkcs11:token").is_err());
    }

    #[test]
    fn matches_token_ignores_padding() {
        let u = Pkcs11Uri::parse("pkcs11:token=CPS%20TEST").unwrap();
        let mut t = TokenFacts {
            label: "CPS TEST   ".into(),
            ..TokenFacts::default()
        };
        assert!(u.matches(&t));
        t.label = "OTHER".into();
        assert!(!u.matches(&t));
    }
}
