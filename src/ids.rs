//! National identifiers of French health structures and professionals, as types that cannot hold
//! an invalid value.
//!
//! | type | shape | check key |
//! |---|---|---|
//! | [`Finess`] | 9 characters: department (2 digits, or `2A`/`2B` for Corsica), 6 digits, key | Luhn on the 9 digits (not checked for Corsica, see below) |
//! | [`Siren`] | 9 digits | Luhn |
//! | [`Siret`] | 14 digits: SIREN + NIC (4 digits + key) | Luhn; La Poste (SIREN 356000000): digit sum multiple of 5 |
//! | [`Rpps`] | 11 digits | Luhn |
//! | [`RppsRang`] | 14 digits: RPPS (11) + rang (3) | Luhn on the RPPS part |
//! | [`Adeli`] | 9 characters: department (2 digits or `2A`/`2B`) + 7 digits | none checked |
//! | [`AdeliRang`] | 11 characters: ADELI (9) + rang (2 digits) | none checked |
//! | [`CardNumber`] | 10 digits (CPS/CPE/CPA card number) | none |
//! | [`StructureId`] | type digit + identifier: `0` ADELI rang, `1` FINESS, `2` SIREN, `3` SIRET, `4` RPPS rang | the identifier's |
//! | [`PersonId`] | type digit + identifier: `8` RPPS, `0` ADELI | the identifier's |
//!
//! Parsing says which rule failed ([`Rule`]: length, character, check key, type digit). The
//! directory's test branch holds identifiers that break the real rules (the procedure's own SIRET
//! example, `39999999800514`, has 13 digits after its type digit): [`ParseMode::AllowTestIds`]
//! accepts an identifier that breaks the length or check-key rule and returns an [`IdWarning`]
//! instead of failing. Characters are checked too: the only one excused is the test platform's
//! letter in the department position of a FINESS or ADELI (`0B1234567`, so national ids
//! `10B1234567`, `00B7654321`); a test identifier is at most [`MAX_TEST_ID_LEN`] characters long. A value accepted that way answers `true` to `is_test()`.
//!
//! Corsican FINESS numbers (`2A…`, `2B…`): no public rule says how their key is computed, so the
//! agent checks their characters and length only, rather than refuse real numbers. ADELI numbers
//! and card numbers carry no key the agent can check.
//!
//! Surrounding blanks are removed; lowercase `2a`/`2b` are read as `2A`/`2B`. Nothing else is
//! rewritten: `732 829 320` (inner blanks) is refused, with the position of the blank.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest identifier accepted in [`ParseMode::AllowTestIds`] (whatever the type).
pub const MAX_TEST_ID_LEN: usize = 32;

/// Which kind of identifier a value or an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IdKind {
    /// FINESS (établissement géographique or juridique).
    Finess,
    /// SIREN (legal unit).
    Siren,
    /// SIRET (establishment: SIREN + NIC).
    Siret,
    /// RPPS (practitioner).
    Rpps,
    /// RPPS rang (practice of a practitioner: RPPS + rang).
    RppsRang,
    /// ADELI (practitioner, older register).
    Adeli,
    /// ADELI rang (practice: ADELI + rang).
    AdeliRang,
    /// CPx card number.
    CardNumber,
    /// National structure id (type digit + identifier).
    StructureId,
    /// National person id (type digit + identifier).
    PersonId,
}

impl IdKind {
    /// The name as the procedure writes it.
    pub fn name(self) -> &'static str {
        match self {
            IdKind::Finess => "FINESS",
            IdKind::Siren => "SIREN",
            IdKind::Siret => "SIRET",
            IdKind::Rpps => "RPPS",
            IdKind::RppsRang => "RPPS rang",
            IdKind::Adeli => "ADELI",
            IdKind::AdeliRang => "ADELI rang",
            IdKind::CardNumber => "card number",
            IdKind::StructureId => "national structure id",
            IdKind::PersonId => "national person id",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rule an identifier broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Wrong number of characters (or empty).
    Length,
    /// A character that the identifier cannot hold.
    Character,
    /// The check key does not match.
    CheckKey,
    /// The type digit of a national id is unknown.
    TypeDigit,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rule::Length => "length",
            Rule::Character => "character",
            Rule::CheckKey => "check key",
            Rule::TypeDigit => "type digit",
        })
    }
}

/// Why an identifier was refused. The message names the identifier type, the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Wrong length (an empty value is a length error too).
    #[error("invalid {kind} {value:?}: {found} characters, a {kind} has {expected}")]
    Length {
        /// The identifier type.
        kind: IdKind,
        /// The value (cut at 40 characters).
        value: String,
        /// Its length in characters.
        found: usize,
        /// What the rule expects, e.g. "14 digits".
        expected: &'static str,
    },
    /// A character that is not allowed at that position.
    #[error("invalid {kind} {value:?}: character {found:?} at position {position} is not allowed ({allowed})")]
    Character {
        /// The identifier type.
        kind: IdKind,
        /// The value (cut at 40 characters).
        value: String,
        /// 1-based position of the character.
        position: usize,
        /// The character.
        found: char,
        /// What is allowed there.
        allowed: &'static str,
    },
    /// The check key does not match: usually a typing error.
    #[error(
        "invalid {kind} {value:?}: wrong check key ({rule}); look for a mistyped or swapped digit"
    )]
    CheckKey {
        /// The identifier type.
        kind: IdKind,
        /// The value.
        value: String,
        /// The rule that was applied.
        rule: &'static str,
    },
    /// The type digit of a national structure or person id is unknown.
    #[error("invalid {kind} {value:?}: unknown identifier type {digit:?} (expected {expected})")]
    TypeDigit {
        /// [`IdKind::StructureId`] or [`IdKind::PersonId`].
        kind: IdKind,
        /// The value (cut at 40 characters).
        value: String,
        /// The first character.
        digit: char,
        /// The type digits that exist.
        expected: &'static str,
    },
}

impl IdError {
    /// The rule that failed.
    pub fn rule(&self) -> Rule {
        match self {
            IdError::Length { .. } => Rule::Length,
            IdError::Character { .. } => Rule::Character,
            IdError::CheckKey { .. } => Rule::CheckKey,
            IdError::TypeDigit { .. } => Rule::TypeDigit,
        }
    }

    /// The identifier type the error is about.
    pub fn kind(&self) -> IdKind {
        match self {
            IdError::Length { kind, .. }
            | IdError::Character { kind, .. }
            | IdError::CheckKey { kind, .. }
            | IdError::TypeDigit { kind, .. } => *kind,
        }
    }
}

/// A rule that a test identifier broke, accepted in [`ParseMode::AllowTestIds`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("test identifier accepted (--allow-test-ids): {0}")]
pub struct IdWarning(pub IdError);

impl IdWarning {
    /// The rule that was broken.
    pub fn rule(&self) -> Rule {
        self.0.rule()
    }
}

/// How strictly to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParseMode {
    /// Every rule applies (real identifiers).
    #[default]
    Strict,
    /// Identifiers that break the length or check-key rule are accepted with a warning (test data of
    /// the directory's `o=TEST,c=fr` branch). Characters are still checked.
    AllowTestIds,
}

impl ParseMode {
    /// `AllowTestIds` when `allow` is true.
    pub fn allow_test_ids(allow: bool) -> ParseMode {
        if allow {
            ParseMode::AllowTestIds
        } else {
            ParseMode::Strict
        }
    }
}

/// A parsed identifier and, in [`ParseMode::AllowTestIds`], the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    /// The identifier.
    pub value: T,
    /// Set when a test identifier was accepted despite a broken rule.
    pub warning: Option<IdWarning>,
}

impl<T> Parsed<T> {
    /// The identifier, dropping the warning.
    pub fn into_inner(self) -> T {
        self.value
    }

    fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        Parsed {
            value: f(self.value),
            warning: self.warning,
        }
    }
}

/// Whether `digits` (ASCII digits only) passes the Luhn check. Any other character gives `false`.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The SIREN of La Poste, whose establishments' SIRET follow another key rule.
pub const LA_POSTE_SIREN: &str = "356000000";
/// La Poste's head office SIRET, which follows the ordinary Luhn rule.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// Whether a 14-digit SIRET passes its check-key rule (Luhn; La Poste's establishments: digit sum
/// multiple of 5).
pub fn siret_key_valid(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if siret.starts_with(LA_POSTE_SIREN) && siret != LA_POSTE_HEAD_OFFICE {
        siret
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .sum::<u32>()
            .is_multiple_of(5)
    } else {
        luhn_valid(siret)
    }
}

fn cut(s: &str) -> String {
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
enum Charset {
    /// ASCII digits only.
    Digits,
    /// A department first (2 digits, or `2A`/`2B`), then digits.
    Department,
}

/// Which check key applies.
#[derive(Clone, Copy)]
enum Key {
    None,
    Luhn,
    /// Luhn on the first n digits.
    LuhnPrefix(usize),
    Siret,
    /// Luhn, except for Corsican numbers (not checked).
    Finess,
}

struct Spec {
    kind: IdKind,
    len: usize,
    expected: &'static str,
    charset: Charset,
    key: Key,
}

const FINESS: Spec = Spec {
    kind: IdKind::Finess,
    len: 9,
    expected: "9 characters (department, 6 digits, key)",
    charset: Charset::Department,
    key: Key::Finess,
};
const SIREN: Spec = Spec {
    kind: IdKind::Siren,
    len: 9,
    expected: "9 digits",
    charset: Charset::Digits,
    key: Key::Luhn,
};
const SIRET: Spec = Spec {
    kind: IdKind::Siret,
    len: 14,
    expected: "14 digits (SIREN + NIC)",
    charset: Charset::Digits,
    key: Key::Siret,
};
const RPPS: Spec = Spec {
    kind: IdKind::Rpps,
    len: 11,
    expected: "11 digits",
    charset: Charset::Digits,
    key: Key::Luhn,
};
const RPPS_RANG: Spec = Spec {
    kind: IdKind::RppsRang,
    len: 14,
    expected: "14 digits (RPPS + 3-digit rang)",
    charset: Charset::Digits,
    key: Key::LuhnPrefix(11),
};
const ADELI: Spec = Spec {
    kind: IdKind::Adeli,
    len: 9,
    expected: "9 characters",
    charset: Charset::Department,
    key: Key::None,
};
const ADELI_RANG: Spec = Spec {
    kind: IdKind::AdeliRang,
    len: 11,
    expected: "11 characters (ADELI + 2-digit rang)",
    charset: Charset::Department,
    key: Key::None,
};
const CARD_NUMBER: Spec = Spec {
    kind: IdKind::CardNumber,
    len: 10,
    expected: "10 digits",
    charset: Charset::Digits,
    key: Key::None,
};

/// Checks `input` against `spec`; returns the normalized value and, in test mode, the broken rule.
fn check(
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

fn excuse(
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

/// The identifier type of a national structure id, by its type digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StructureIdType {
    /// `0`: ADELI rang (practice identified by ADELI).
    AdeliRang,
    /// `1`: FINESS (établissement).
    Finess,
    /// `2`: SIREN.
    Siren,
    /// `3`: SIRET.
    Siret,
    /// `4`: RPPS rang.
    RppsRang,
}

impl StructureIdType {
    /// Every type, by type digit.
    pub const ALL: [StructureIdType; 5] = [
        StructureIdType::AdeliRang,
        StructureIdType::Finess,
        StructureIdType::Siren,
        StructureIdType::Siret,
        StructureIdType::RppsRang,
    ];

    /// The type digit (`0`..`4`).
    pub fn digit(self) -> char {
        match self {
            StructureIdType::AdeliRang => '0',
            StructureIdType::Finess => '1',
            StructureIdType::Siren => '2',
            StructureIdType::Siret => '3',
            StructureIdType::RppsRang => '4',
        }
    }

    /// The type for a type digit.
    pub fn from_digit(c: char) -> Option<StructureIdType> {
        Self::ALL.into_iter().find(|t| t.digit() == c)
    }

    /// The name as the procedure writes it ("FINESS", "SIRET", "RPPS rang"…).
    pub fn name(self) -> &'static str {
        self.id_kind().name()
    }

    /// The code used in JSON output (`FINESS`, `SIRET`, `RPPS_RANG`…).
    pub fn code(self) -> &'static str {
        match self {
            StructureIdType::AdeliRang => "ADELI_RANG",
            StructureIdType::Finess => "FINESS",
            StructureIdType::Siren => "SIREN",
            StructureIdType::Siret => "SIRET",
            StructureIdType::RppsRang => "RPPS_RANG",
        }
    }

    /// The identifier kind behind this type.
    pub fn id_kind(self) -> IdKind {
        match self {
            StructureIdType::AdeliRang => IdKind::AdeliRang,
            StructureIdType::Finess => IdKind::Finess,
            StructureIdType::Siren => IdKind::Siren,
            StructureIdType::Siret => IdKind::Siret,
            StructureIdType::RppsRang => IdKind::RppsRang,
        }
    }
}

impl fmt::Display for StructureIdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const STRUCTURE_TYPES: &str = "0 ADELI rang, 1 FINESS, 2 SIREN, 3 SIRET, 4 RPPS rang";

/// A national structure identifier: type digit + identifier, as in the directory's `ou` and in the
/// `OU` of an ORG certificate. `Display` gives the full id with its type digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StructureId {
    /// `0` + ADELI rang.
    AdeliRang(AdeliRang),
    /// `1` + FINESS.
    Finess(Finess),
    /// `2` + SIREN.
    Siren(Siren),
    /// `3` + SIRET.
    Siret(Siret),
    /// `4` + RPPS rang.
    RppsRang(RppsRang),
}

impl StructureId {
    /// Parses a full national id (type digit + identifier).
    pub fn parse_with(s: &str, mode: ParseMode) -> Result<Parsed<StructureId>, IdError> {
        let s = s.trim();
        let mut chars = s.chars();
        let Some(first) = chars.next() else {
            return Err(IdError::Length {
                kind: IdKind::StructureId,
                value: String::new(),
                found: 0,
                expected: "a type digit and an identifier",
            });
        };
        let Some(t) = StructureIdType::from_digit(first) else {
            return Err(IdError::TypeDigit {
                kind: IdKind::StructureId,
                value: cut(s),
                digit: first,
                expected: STRUCTURE_TYPES,
            });
        };
        Self::from_parts(t, chars.as_str(), mode)
    }

    /// Builds a national id from its type and the identifier (without the type digit).
    pub fn from_parts(
        t: StructureIdType,
        identifier: &str,
        mode: ParseMode,
    ) -> Result<Parsed<StructureId>, IdError> {
        Ok(match t {
            StructureIdType::AdeliRang => {
                AdeliRang::parse_with(identifier, mode)?.map(StructureId::AdeliRang)
            }
            StructureIdType::Finess => {
                Finess::parse_with(identifier, mode)?.map(StructureId::Finess)
            }
            StructureIdType::Siren => Siren::parse_with(identifier, mode)?.map(StructureId::Siren),
            StructureIdType::Siret => Siret::parse_with(identifier, mode)?.map(StructureId::Siret),
            StructureIdType::RppsRang => {
                RppsRang::parse_with(identifier, mode)?.map(StructureId::RppsRang)
            }
        })
    }

    /// The identifier type.
    pub fn kind(&self) -> StructureIdType {
        match self {
            StructureId::AdeliRang(_) => StructureIdType::AdeliRang,
            StructureId::Finess(_) => StructureIdType::Finess,
            StructureId::Siren(_) => StructureIdType::Siren,
            StructureId::Siret(_) => StructureIdType::Siret,
            StructureId::RppsRang(_) => StructureIdType::RppsRang,
        }
    }

    /// The type digit.
    pub fn type_digit(&self) -> char {
        self.kind().digit()
    }

    /// The identifier without its type digit.
    pub fn identifier(&self) -> &str {
        match self {
            StructureId::AdeliRang(v) => v.as_str(),
            StructureId::Finess(v) => v.as_str(),
            StructureId::Siren(v) => v.as_str(),
            StructureId::Siret(v) => v.as_str(),
            StructureId::RppsRang(v) => v.as_str(),
        }
    }

    /// Whether the identifier is a test identifier accepted despite a broken rule.
    pub fn is_test(&self) -> bool {
        match self {
            StructureId::AdeliRang(v) => v.is_test(),
            StructureId::Finess(v) => v.is_test(),
            StructureId::Siren(v) => v.is_test(),
            StructureId::Siret(v) => v.is_test(),
            StructureId::RppsRang(v) => v.is_test(),
        }
    }
}

impl FromStr for StructureId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Self::parse_with(s, ParseMode::Strict).map(Parsed::into_inner)
    }
}

impl fmt::Display for StructureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.type_digit(), self.identifier())
    }
}

impl Serialize for StructureId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StructureId {
    /// Strict: test identifiers must go through [`StructureId::parse_with`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl From<Finess> for StructureId {
    fn from(v: Finess) -> Self {
        StructureId::Finess(v)
    }
}
impl From<Siren> for StructureId {
    fn from(v: Siren) -> Self {
        StructureId::Siren(v)
    }
}
impl From<Siret> for StructureId {
    fn from(v: Siret) -> Self {
        StructureId::Siret(v)
    }
}
impl From<RppsRang> for StructureId {
    fn from(v: RppsRang) -> Self {
        StructureId::RppsRang(v)
    }
}
impl From<AdeliRang> for StructureId {
    fn from(v: AdeliRang) -> Self {
        StructureId::AdeliRang(v)
    }
}

/// The identifier type of a national person id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonIdType {
    /// `0`: ADELI.
    Adeli,
    /// `8`: RPPS.
    Rpps,
}

impl PersonIdType {
    /// The type digit.
    pub fn digit(self) -> char {
        match self {
            PersonIdType::Adeli => '0',
            PersonIdType::Rpps => '8',
        }
    }
}

/// A national person id: `8` + RPPS or `0` + ADELI (the `CN` of a CPS, the `cn` searched in the
/// directory). `Display` gives the full id with its type digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PersonId {
    /// `8` + RPPS.
    Rpps(Rpps),
    /// `0` + ADELI.
    Adeli(Adeli),
}

impl PersonId {
    /// Parses a full national person id (type digit + identifier).
    pub fn parse_with(s: &str, mode: ParseMode) -> Result<Parsed<PersonId>, IdError> {
        let s = s.trim();
        let mut chars = s.chars();
        match chars.next() {
            Some('8') => Ok(Rpps::parse_with(chars.as_str(), mode)?.map(PersonId::Rpps)),
            Some('0') => Ok(Adeli::parse_with(chars.as_str(), mode)?.map(PersonId::Adeli)),
            Some(c) => Err(IdError::TypeDigit {
                kind: IdKind::PersonId,
                value: cut(s),
                digit: c,
                expected: "8 RPPS, 0 ADELI",
            }),
            None => Err(IdError::Length {
                kind: IdKind::PersonId,
                value: String::new(),
                found: 0,
                expected: "a type digit and an identifier",
            }),
        }
    }

    /// The identifier type.
    pub fn kind(&self) -> PersonIdType {
        match self {
            PersonId::Rpps(_) => PersonIdType::Rpps,
            PersonId::Adeli(_) => PersonIdType::Adeli,
        }
    }

    /// The type digit.
    pub fn type_digit(&self) -> char {
        self.kind().digit()
    }

    /// The identifier without its type digit.
    pub fn identifier(&self) -> &str {
        match self {
            PersonId::Rpps(v) => v.as_str(),
            PersonId::Adeli(v) => v.as_str(),
        }
    }

    /// The RPPS, for an RPPS person id.
    pub fn rpps(&self) -> Option<&Rpps> {
        match self {
            PersonId::Rpps(r) => Some(r),
            PersonId::Adeli(_) => None,
        }
    }
}

impl FromStr for PersonId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Self::parse_with(s, ParseMode::Strict).map(Parsed::into_inner)
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.type_digit(), self.identifier())
    }
}

impl Serialize for PersonId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl From<Rpps> for PersonId {
    fn from(v: Rpps) -> Self {
        PersonId::Rpps(v)
    }
}

impl From<Adeli> for PersonId {
    fn from(v: Adeli) -> Self {
        PersonId::Adeli(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_basics() {
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("12a"));
    }

    #[test]
    fn procedure_example_rpps_rang() {
        let r: RppsRang = "99700270616029".parse().unwrap();
        assert_eq!(r.rpps(), Some("99700270616"));
        assert_eq!(r.rang(), Some("029"));
        let s: StructureId = "499700270616029".parse().unwrap();
        assert_eq!(s.kind(), StructureIdType::RppsRang);
        assert_eq!(s.identifier(), "99700270616029");
        assert_eq!(s.to_string(), "499700270616029");
    }

    #[test]
    fn procedure_example_siret_needs_test_mode() {
        let e = "39999999800514".parse::<StructureId>().unwrap_err();
        assert_eq!(e.rule(), Rule::Length);
        assert_eq!(e.kind(), IdKind::Siret);
        let p = StructureId::parse_with("39999999800514", ParseMode::AllowTestIds).unwrap();
        assert!(p.value.is_test());
        assert_eq!(p.warning.unwrap().rule(), Rule::Length);
        assert_eq!(p.value.identifier(), "9999999800514");
    }
}
