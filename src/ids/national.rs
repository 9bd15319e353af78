//! The national ids: a structure's (type digit + FINESS, SIREN, SIRET, RPPS rang or ADELI rang)
//! and a person's (type digit + RPPS or ADELI).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::rules::cut;
use super::*;

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

impl StructureId {
    /// A structure id the agent wrote itself (`order.json`, `meta.json`), read back with test
    /// identifiers accepted: `#[serde(deserialize_with = "StructureId::deserialize_written")]`.
    pub fn deserialize_written<'de, D: Deserializer<'de>>(d: D) -> Result<StructureId, D::Error> {
        let s = String::deserialize(d)?;
        StructureId::parse_with(&s, ParseMode::AllowTestIds)
            .map(|p| p.value)
            .map_err(|e| serde::de::Error::custom(format!("structure: {e}")))
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
