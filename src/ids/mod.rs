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

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use serde::Serialize;

mod national;
mod rules;

pub use national::{PersonId, PersonIdType, StructureId, StructureIdType};
pub use rules::{Adeli, AdeliRang, CardNumber, Finess, Rpps, RppsRang, Siren, Siret};

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

/// The agent's words for an identifier error, in the language of the run (the registers' names
/// stay as they are).
impl Localize for IdError {
    fn localize(&self) -> String {
        match self {
            IdError::Length {
                kind,
                value,
                found,
                expected,
            } => tr!(
                "err-id-length",
                kind = id_kind(*kind),
                value = crate::i18n::quote(value),
                found = *found,
                expected = id_fragment(expected)
            ),
            IdError::Character {
                kind,
                value,
                position,
                found,
                allowed,
            } => tr!(
                "err-id-character",
                kind = id_kind(*kind),
                value = crate::i18n::quote(value),
                position = *position,
                found = quote_char(*found),
                allowed = id_fragment(allowed)
            ),
            IdError::CheckKey { kind, value, rule } => tr!(
                "err-id-check-key",
                kind = id_kind(*kind),
                value = crate::i18n::quote(value),
                rule = id_fragment(rule)
            ),
            IdError::TypeDigit {
                kind,
                value,
                digit,
                expected,
            } => tr!(
                "err-id-type-digit",
                kind = id_kind(*kind),
                value = crate::i18n::quote(value),
                digit = quote_char(*digit),
                expected = id_fragment(expected)
            ),
        }
    }
}

/// The name of an identifier kind: the register's own name (FINESS, SIRET…) in every language,
/// the agent's words for the others.
fn id_kind(kind: IdKind) -> String {
    match kind {
        IdKind::CardNumber => tr!("id-kind-card-number"),
        IdKind::StructureId => tr!("id-kind-structure-id"),
        IdKind::PersonId => tr!("id-kind-person-id"),
        other => other.to_string(),
    }
}

fn quote_char(c: char) -> String {
    match crate::i18n::current() {
        crate::i18n::Lang::En => format!("{c:?}"),
        crate::i18n::Lang::Fr => format!("«\u{a0}{c}\u{a0}»"),
    }
}

/// The fixed phrases of the identifier rules (src/ids/) in the language of the run.
fn id_fragment(s: &str) -> String {
    if crate::i18n::current() == crate::i18n::Lang::En {
        return s.to_string();
    }
    let id = match s {
        "9 characters (department, 6 digits, key)" => "id-rule-finess-length",
        "9 digits" => "id-rule-9-digits",
        "14 digits (SIREN + NIC)" => "id-rule-siret-length",
        "11 digits" => "id-rule-11-digits",
        "14 digits (RPPS + 3-digit rang)" => "id-rule-rpps-rang-length",
        "9 characters" => "id-rule-9-characters",
        "11 characters (ADELI + 2-digit rang)" => "id-rule-adeli-rang-length",
        "10 digits" => "id-rule-10-digits",
        "a type digit and an identifier" => "id-rule-type-and-id",
        "8 RPPS, 0 ADELI" => "id-rule-8-rpps-0-adeli",
        "digits only" => "id-rule-digits-only",
        "digits only, except 2A or 2B (Corsica) in front" => "id-rule-department-digits",
        "digits only, except 2A or 2B (Corsica) in front; a letter there is the test platform's" => {
            "id-rule-department-test-letter"
        }
        "La Poste: the sum of the digits must be a multiple of 5" => "id-rule-la-poste",
        "Luhn on the 11-digit RPPS part" => "id-rule-luhn-rpps",
        _ => return s.to_string(),
    };
    tr!(id)
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

/// A test identifier's warning in the language of the run.
impl Localize for IdWarning {
    fn localize(&self) -> String {
        tr!("id-test-warning", reason = self.0.localize())
    }
}

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

#[cfg(test)]
impl StructureId {
    /// A valid FINESS (1010000024) for the crate's unit tests.
    pub(crate) fn example() -> StructureId {
        "1010000024".parse().expect("a valid FINESS")
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
