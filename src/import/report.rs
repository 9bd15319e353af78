//! What import and its siblings say to a person: the certificates installed (`agent import`), the
//! version switched back to (`agent rollback`), the live versions (`agent list`); and the
//! `--usage` value of these commands.

use std::path::Path;

use crate::csr::Usage;
use crate::error::{Error, Result};
use crate::i18n::{quote, Localize};
use crate::ids::StructureId;
use crate::store::files;
use crate::tr;

use super::export::{ListEntry, RolledBack};
use super::Installed;

/// One usage (`auth_cli`, `sign` or `conf`), as `--usage` of import, export and rollback takes it.
pub(crate) fn one_usage(s: &str) -> Result<Usage> {
    let list = Usage::parse_list(s)?;
    match list.as_slice() {
        [one] => Ok(*one),
        _ => Err(Error::Usage(tr!("import-one-usage", value = quote(s)))),
    }
}

/// What was installed (two lines), or that it already was (one).
impl Localize for Installed {
    fn localize(&self) -> String {
        let d = self;
        if !d.changed {
            return tr!(
                "import-already-installed",
                usage = d.usage.name(),
                structure = d.structure,
                serial = d.serial
            );
        }
        let installed = tr!(
            "import-installed",
            product = d.usage.profile().product,
            cn = d.cn.as_deref().unwrap_or("-"),
            structure = d.structure,
            name = d.raison_sociale,
            serial = d.serial,
            expires = d.not_after.date().to_string(),
            version = d.version.to_string()
        );
        let live = tr!(
            "import-live-files",
            files = format!(
                "{}/{{{}, {}, {}, {}}}",
                d.live.display(),
                files::CERT,
                files::KEY,
                files::FULLCHAIN,
                files::P12
            )
        );
        format!("{installed}\n  {live}")
    }
}

impl Installed {
    /// The install targets (NSS database, export directory) that were not written, one message
    /// each, in the language of the run.
    pub(crate) fn target_error_messages(&self) -> Vec<String> {
        self.target_errors
            .iter()
            .map(|e| {
                tr!(
                    "import-target-failed",
                    structure = self.structure,
                    usage = self.usage.name(),
                    reason = crate::sanitize::terminal_text(&e.localize())
                )
            })
            .collect()
    }
}

impl RolledBack {
    /// What `agent rollback` did, in the language of the run.
    pub(crate) fn render(&self, structure: &StructureId, usage: Usage) -> String {
        tr!(
            "rollback-done",
            structure = structure.to_string(),
            usage = usage.name(),
            to = self.to.to_string(),
            from = self.from.to_string(),
            serial = self.meta.serial,
            expires = self.cert.not_after.date().to_string()
        )
    }

    /// Whether the version live now has expired.
    pub(crate) fn expired(&self, now: ::time::OffsetDateTime) -> bool {
        self.cert.not_after < now
    }
}

/// The line of one live version.
impl Localize for ListEntry {
    fn localize(&self) -> String {
        let e = self;
        format!(
            "{:<16} {:<9} v{:<3} {}  {}  {}",
            e.structure.to_string(),
            e.usage.name(),
            e.version.unwrap_or(0),
            tr!("list-serial", serial = e.serial),
            tr!("list-expires", date = e.not_after.date().to_string()),
            e.live.display()
        )
    }
}

/// `agent list` in the language of the run: one line per live version, or that the store at
/// `root` holds none.
pub(crate) fn render_list(entries: &[ListEntry], root: &Path) -> String {
    if entries.is_empty() {
        return tr!("list-nothing", path = root);
    }
    entries
        .iter()
        .map(Localize::localize)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_usage_takes_exactly_one() {
        assert_eq!(one_usage("sign").unwrap(), Usage::Sign);
        let e = one_usage("auth_cli,sign").unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e:?}");
    }

    #[test]
    fn empty_list_says_so() {
        let text = render_list(&[], Path::new("/var/lib/agent/store"));
        assert!(text.contains("/var/lib/agent/store"), "{text}");
    }
}
