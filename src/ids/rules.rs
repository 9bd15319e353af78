//! The rules of each identifier type (length, characters, check key) and the types they make.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::*;

pub(super) fn cut(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

/// Which characters an identifier may hold.
#[derive(Clone, Copy)]
pub(super) enum Charset {
    /// ASCII digits only.
    Digits,
    /// A department first (2 digits, or `2A`/`2B`), then digits.
    Department,
}

/// Which check key applies.
#[derive(Clone, Copy)]
pub(super) enum Key {
    None,
    Luhn,
    /// Luhn on the first n digits.
    LuhnPrefix(usize),
    Siret,
    /// Luhn, except for Corsican numbers (not checked).
    Finess,
}

pub(super) struct Spec {
    kind: IdKind,
    len: usize,
    expected: &'static str,
    charset: Charset,
    key: Key,
}

pub(super) const FINESS: Spec = Spec {
    kind: IdKind::Finess,
    len: 9,
    expected: "9 characters (department, 6 digits, key)",
    charset: Charset::Department,
    key: Key::Finess,
};
pub(super) const SIREN: Spec = Spec {
    kind: IdKind::Siren,
    len: 9,
    expected: "9 digits",
    charset: Charset::Digits,
    key: Key::Luhn,
};
pub(super) const SIRET: Spec = Spec {
    kind: IdKind::Siret,
    len: 14,
    expected: "14 digits (SIREN + NIC)",
    charset: Charset::Digits,
    key: Key::Siret,
};
pub(super) const RPPS: Spec = Spec {
    kind: IdKind::Rpps,
    len: 11,
    expected: "11 digits",
    charset: Charset::Digits,
    key: Key::Luhn,
};
pub(super) const RPPS_RANG: Spec = Spec {
    kind: IdKind::RppsRang,
    len: 14,
    expected: "14 digits (RPPS + 3-digit rang)",
    charset: Charset::Digits,
    key: Key::LuhnPrefix(11),
};
pub(super) const ADELI: Spec = Spec {
    kind: IdKind::Adeli,
    len: 9,
    expected: "9 characters",
    charset: Charset::Department,
    key: Key::None,
};
pub(super) const ADELI_RANG: Spec = Spec {
    kind: IdKind::AdeliRang,
    len: 11,
    expected: "11 characters (ADELI + 2-digit rang)",
    charset: Charset::Department,
    key: Key::None,
};
pub(super) const CARD_NUMBER: Spec = Spec {
    kind: IdKind::CardNumber,
    len: 10,
    expected: "10 digits",
    charset: Charset::Digits,
    key: Key::None,
};

/// Checks `input` against `spec`; returns the normalized value and, in test mode, the broken rule.
pub(super) fn check(
    spec: &Spec,
    input: &str,
    mode: ParseMode,
) -> Result<(String, Option<IdWarning>), IdError> {
    let s = input.trim();
    let length_error = |found: usize| IdError::Length {
        kind: spec.kind,
        value: cut(s),
        found,
        expected: spec.expected,
    };
    let count = s.chars().count();
    if count == 0 || (mode == ParseMode::AllowTestIds && count > MAX_TEST_ID_LEN) {
        return Err(length_error(count));
    }
    // Characters first: excused only for the test platform's shape, a letter in the department
    // position of a FINESS or ADELI (`0B1234567`, domain.md "Test-platform identifiers").
    let mut value = String::with_capacity(s.len());
    let mut test_letter = None;
    for (i, c) in s.chars().enumerate() {
        let department_letter = matches!(spec.charset, Charset::Department) && i == 1;
        let corsica =
            department_letter && value.starts_with('2') && matches!(c, 'A' | 'B' | 'a' | 'b');
        if corsica {
            value.push(c.to_ascii_uppercase());
        } else if c.is_ascii_digit() {
            value.push(c);
        } else if department_letter && mode == ParseMode::AllowTestIds && c.is_ascii_uppercase() {
            test_letter = Some(IdError::Character {
                kind: spec.kind,
                value: cut(s),
                position: i + 1,
                found: c,
                allowed: "digits only, except 2A or 2B (Corsica) in front; a letter there is the test platform's",
            });
            value.push(c);
        } else {
            return Err(IdError::Character {
                kind: spec.kind,
                value: cut(s),
                position: i + 1,
                found: c,
                allowed: match spec.charset {
                    Charset::Digits => "digits only",
                    Charset::Department => "digits only, except 2A or 2B (Corsica) in front",
                },
            });
        }
    }
    if count != spec.len {
        return excuse(mode, length_error(count), value);
    }
    if let Some(err) = test_letter {
        return excuse(mode, err, value);
    }
    let key_ok = match spec.key {
        Key::None => true,
        Key::Luhn => luhn_valid(&value),
        Key::LuhnPrefix(n) => luhn_valid(&value[..n]),
        Key::Siret => siret_key_valid(&value),
        Key::Finess => value.as_bytes()[1].is_ascii_alphabetic() || luhn_valid(&value),
    };
    if key_ok {
        return Ok((value, None));
    }
    let rule = match spec.key {
        Key::Siret if value.starts_with(LA_POSTE_SIREN) => {
            "La Poste: the sum of the digits must be a multiple of 5"
        }
        Key::LuhnPrefix(_) => "Luhn on the 11-digit RPPS part",
        _ => "Luhn",
    };
    let err = IdError::CheckKey {
        kind: spec.kind,
        value: value.clone(),
        rule,
    };
    excuse(mode, err, value)
}

pub(super) fn excuse(
    mode: ParseMode,
    err: IdError,
    value: String,
) -> Result<(String, Option<IdWarning>), IdError> {
    match mode {
        ParseMode::Strict => Err(err),
        ParseMode::AllowTestIds => Ok((value, Some(IdWarning(err)))),
    }
}

macro_rules! simple_id {
    ($(#[$doc:meta])* $name:ident, $spec:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            value: String,
            test: bool,
        }

        impl $name {
            /// The identifier type.
            pub const KIND: IdKind = $spec.kind;

            /// Parses with every rule applied, or accepting test identifiers (see [`ParseMode`]).
            pub fn parse_with(s: &str, mode: ParseMode) -> Result<Parsed<Self>, IdError> {
                let (value, warning) = check(&$spec, s, mode)?;
                Ok(Parsed {
                    value: $name {
                        value,
                        test: warning.is_some(),
                    },
                    warning,
                })
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.value
            }

            /// Whether this is a test identifier accepted despite a broken rule.
            pub fn is_test(&self) -> bool {
                self.test
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse_with(s, ParseMode::Strict).map(Parsed::into_inner)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.value
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.value)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// Strict: test identifiers must go through [`Self::parse_with`].
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

simple_id!(
    /// A FINESS number (établissement géographique or entité juridique): 9 characters, Luhn key.
    Finess,
    FINESS
);
simple_id!(
    /// A SIREN (legal unit): 9 digits, Luhn key.
    Siren,
    SIREN
);
simple_id!(
    /// A SIRET (establishment): SIREN + NIC, 14 digits, Luhn key (La Poste: digit sum multiple of 5).
    Siret,
    SIRET
);
simple_id!(
    /// An RPPS number (practitioner): 11 digits, Luhn key.
    Rpps,
    RPPS
);
simple_id!(
    /// An RPPS rang (a practitioner's practice, the identifier FSE are billed on): RPPS + 3-digit rang.
    RppsRang,
    RPPS_RANG
);
simple_id!(
    /// An ADELI number (practitioner): 9 characters.
    Adeli,
    ADELI
);
simple_id!(
    /// An ADELI rang (a practice identified by ADELI): ADELI + 2-digit rang.
    AdeliRang,
    ADELI_RANG
);
simple_id!(
    /// A CPx card number (CPS, CPE, CPA): 10 digits.
    CardNumber,
    CARD_NUMBER
);

impl Finess {
    /// Whether this is a Corsican number (`2A…`, `2B…`).
    pub fn is_corsica(&self) -> bool {
        self.value
            .as_bytes()
            .get(1)
            .is_some_and(u8::is_ascii_alphabetic)
    }
}

impl Siret {
    /// The SIREN part (the first 9 digits), when the value is long enough.
    pub fn siren(&self) -> Option<&str> {
        self.value.get(..9)
    }
}

impl RppsRang {
    /// The RPPS part (the first 11 digits), when the value is long enough.
    pub fn rpps(&self) -> Option<&str> {
        self.value.get(..11)
    }

    /// The rang (what follows the RPPS), when the value is long enough.
    pub fn rang(&self) -> Option<&str> {
        self.value.get(11..)
    }
}

impl AdeliRang {
    /// The ADELI part (the first 9 characters), when the value is long enough.
    pub fn adeli(&self) -> Option<&str> {
        self.value.get(..9)
    }
}
