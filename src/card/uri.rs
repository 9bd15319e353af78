//! RFC 7512 `pkcs11:` URIs: the standard way to name a token or an object on it.
//!
//! Path attributes (`token`, `manufacturer`, `serial`, `model`, `object`, `id`, `type`, `slot-id`,
//! `library-*`) and the query attributes `module-path` and `module-name` are understood. `pin-value`
//! is refused: a PIN never travels in a command line. Values are percent-decoded; `id` is raw bytes.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
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

impl Pkcs11Uri {
    /// Parses a URI; the scheme must be `pkcs11:`.
    pub fn parse(uri: &str) -> Result<Pkcs11Uri, CardError> {
        let bad = |reason: String| CardError::BadUri {
            uri: redact(uri),
            reason,
        };
        let rest = uri
            .strip_prefix("pkcs11:")
            .ok_or_else(|| bad("it must start with \"pkcs11:\"".into()))?;
        let (path_part, query_part) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut out = Pkcs11Uri::default();
        for attr in path_part.split(';').filter(|a| !a.is_empty()) {
            let (k, v) = attr
                .split_once('=')
                .ok_or_else(|| bad(format!("attribute {attr:?} has no '='")))?;
            let k = k.to_ascii_lowercase();
            if !KNOWN_PATH.contains(&k.as_str()) && !k.starts_with("x-") {
                return Err(bad(format!("unknown path attribute {k:?}")));
            }
            let raw: Vec<u8> = percent_decode_str(v).collect();
            if k == "id" {
                out.id = Some(raw);
                continue;
            }
            let value =
                String::from_utf8(raw).map_err(|_| bad(format!("attribute {k:?} is not UTF-8")))?;
            if out.path.insert(k.clone(), value).is_some() {
                return Err(bad(format!("attribute {k:?} appears twice")));
            }
        }
        for attr in query_part
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|a| !a.is_empty())
        {
            let (k, v) = attr
                .split_once('=')
                .ok_or_else(|| bad(format!("query attribute {attr:?} has no '='")))?;
            let k = k.to_ascii_lowercase();
            if k == "pin-value" {
                return Err(bad(
                    "pin-value is refused: give the PIN with --pin-file or --pin-fd, never in a command line".into(),
                ));
            }
            let value = percent_decode_str(v)
                .decode_utf8()
                .map_err(|_| bad(format!("query attribute {k:?} is not UTF-8")))?;
            out.query.insert(k, value.into_owned());
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

    /// Whether a token with this label, serial, manufacturer and model matches the URI.
    pub fn matches_token(
        &self,
        label: &str,
        serial: &str,
        manufacturer: &str,
        model: &str,
    ) -> bool {
        let eq = |k: &str, v: &str| {
            self.path
                .get(k)
                .is_none_or(|w| w.trim_end() == v.trim_end())
        };
        eq("token", label)
            && eq("serial", serial)
            && eq("manufacturer", manufacturer)
            && eq("model", model)
    }
}

/// The URI with any `pin-value` replaced by `***`, for messages.
fn redact(uri: &str) -> String {
    let Some((head, query)) = uri.split_once('?') else {
        return uri.to_string();
    };
    let q: Vec<String> = query
        .split('&')
        .map(|a| {
            if a.to_ascii_lowercase().starts_with("pin-value=") {
                "pin-value=***".to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    format!("{head}?{}", q.join("&"))
}

/// Characters left as they are in URI values (RFC 7512 `pk11-pchar` minus the reserved ones).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
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
    .remove(b',')
    .remove(b'=')
    .remove(b'&');

impl fmt::Display for Pkcs11Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pkcs11:")?;
        let mut parts: Vec<String> = self
            .path
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, VALUE)))
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
                .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, VALUE)))
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
    fn pin_value_refused() {
        let e = Pkcs11Uri::parse("pkcs11:token=A?pin-value=1234").unwrap_err();
        assert!(!e.to_string().contains("1234"));
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
        assert!(u.matches_token("CPS TEST   ", "1", "m", "x"));
        assert!(!u.matches_token("OTHER", "1", "m", "x"));
    }
}
