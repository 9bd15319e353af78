//! The profile's problems and warnings in the language of the run (the catalogue's `exts-*`,
//! `cr-*`, `up-*` and `uw-*` messages). Their `Display` (in `mod.rs`) is the English text; the
//! English catalogue says the same (a unit test compares them). In their own file to keep
//! `mod.rs` under the size limit.

use super::{ServiceProblem, Usage, UsageExtensions, UsageProblem, UsageWarning};
use crate::i18n::{list_or, quote, Localize};
use crate::tr;

/// The product of a usage (`ORG SIGN`…), as the catalogue's messages name it.
pub(crate) fn product(u: Usage) -> String {
    u.profile().product.to_string()
}

/// `keyUsage …, extendedKeyUsage …`.
impl Localize for UsageExtensions {
    fn localize(&self) -> String {
        tr!(
            "exts-describe",
            ku = list_or(&self.key_usage, "exts-none"),
            eku = list_or(&self.ext_key_usage, "exts-none")
        )
    }
}

/// A service applicatif problem.
impl Localize for ServiceProblem {
    fn localize(&self) -> String {
        match self {
            ServiceProblem::Insi { cn } => tr!("cr-insi", cn = quote(cn)),
            ServiceProblem::Other { cn, want, usage } => tr!(
                "cr-other-service",
                cn = quote(cn),
                want = quote(want),
                product = product(*usage)
            ),
        }
    }
}

/// A keyUsage / extendedKeyUsage problem.
impl Localize for UsageProblem {
    fn localize(&self) -> String {
        match self {
            UsageProblem::LacksKeyUsage { have, bit, usage } => tr!(
                "up-lacks-key-usage",
                have = list_or(have, "exts-none"),
                bit = *bit,
                product = product(*usage)
            ),
            UsageProblem::LacksExtKeyUsage { have, eku, usage } => tr!(
                "up-lacks-eku",
                have = list_or(have, "exts-none"),
                eku = *eku,
                product = product(*usage)
            ),
            UsageProblem::Conflict {
                carries,
                other: Some(other),
                usage,
                exts,
            } => tr!(
                "up-conflict-other",
                carries = *carries,
                other = product(*other),
                product = product(*usage),
                exts = exts.localize()
            ),
            UsageProblem::Conflict {
                carries,
                other: None,
                usage,
                exts,
            } => tr!(
                "up-conflict",
                carries = *carries,
                product = product(*usage),
                exts = exts.localize()
            ),
            UsageProblem::CaBit { bit } => tr!("up-ca-bit", bit = *bit),
        }
    }
}

/// A keyUsage / extendedKeyUsage warning.
impl Localize for UsageWarning {
    fn localize(&self) -> String {
        match self {
            UsageWarning::NotCritical => tr!("uw-not-critical"),
            UsageWarning::ExtraKeyUsage {
                extra,
                usage,
                profile,
            } => tr!(
                "uw-extra-key-usage",
                extra = extra.join(", "),
                product = product(*usage),
                profile = profile.join(", ")
            ),
            UsageWarning::ExtraExtKeyUsage {
                extra,
                usage,
                profile,
            } => tr!(
                "uw-extra-eku",
                extra = extra.join(", "),
                product = product(*usage),
                profile = if profile.is_empty() {
                    tr!("word-none")
                } else {
                    profile.join(", ")
                }
            ),
        }
    }
}
