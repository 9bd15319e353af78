//! The `--key-store` URI: which token it names, and where that token's PIN comes from.

use std::path::{Path, PathBuf};

use super::KeyError;
use crate::card::uri::Pkcs11Uri;
use crate::pin::SecretSource;

/// Parses a `--key-store` URI: an RFC 7512 URI naming a token. Object attributes (`object`, `id`,
/// `type`) and vendor `x-` path attributes are refused, naming them: they cannot choose a token,
/// and the agent gives every key it makes a label and an id of its own. A URI that names no token
/// (none of `token`, `serial`, `slot-id`) is refused too.
pub fn parse_key_store_uri(s: &str) -> Result<Pkcs11Uri, KeyError> {
    let uri = Pkcs11Uri::parse(s)?;
    let mut bad: Vec<String> = uri
        .object_attributes()
        .into_iter()
        .map(|a| format!("{a}="))
        .collect();
    bad.extend(
        uri.path
            .keys()
            .filter(|k| k.starts_with("x-"))
            .map(|k| format!("{k}=")),
    );
    if !bad.is_empty() {
        return Err(KeyError::KeyStoreAttribute {
            uri: uri.to_string(),
            attributes: bad.join(", "),
        });
    }
    if !names_token(&uri) {
        return Err(KeyError::NoTokenInUri(uri.to_string()));
    }
    Ok(uri)
}

/// Whether a key store URI names a token: by label, serial or slot.
pub(super) fn names_token(uri: &Pkcs11Uri) -> bool {
    uri.token().is_some() || uri.serial().is_some() || uri.path.contains_key("slot-id")
}

/// The PIN source a key store URI names (`pin-source=file:/path`, `file:///path` or an absolute
/// path), if any.
pub fn pin_source_from_uri(uri: &Pkcs11Uri) -> Result<Option<PathBuf>, KeyError> {
    let Some(src) = uri.query.get("pin-source") else {
        return Ok(None);
    };
    let path = src
        .strip_prefix("file://")
        .or_else(|| src.strip_prefix("file:"))
        .unwrap_or(src);
    if !path.starts_with('/') {
        return Err(KeyError::BadPinSource(src.clone()));
    }
    Ok(Some(PathBuf::from(path)))
}

/// Where a key store token's PIN comes from: the URI's `pin-source`, else `fallback_file`
/// (`[key_store] pin_file`), else the terminal. Never the card's PIN source.
pub fn store_pin_source(
    uri: &Pkcs11Uri,
    fallback_file: Option<&Path>,
) -> Result<SecretSource, KeyError> {
    Ok(match pin_source_from_uri(uri)? {
        Some(p) => SecretSource::File(p),
        None => match fallback_file {
            Some(f) => SecretSource::File(f.to_path_buf()),
            None => SecretSource::Prompt,
        },
    })
}
