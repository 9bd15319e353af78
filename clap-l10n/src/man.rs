//! Man pages rendered by clap_mangen, with their section titles from the catalogue.

use crate::{Catalogue, Localizer};

impl<C: Catalogue> Localizer<C> {
    /// A man page rendered by clap_mangen (`roff`), with its section titles translated under
    /// [`Frame::French`](crate::Frame::French) (clap_mangen writes them in English); under
    /// [`Frame::Clap`](crate::Frame::Clap), the page as it is.
    pub fn man_page(&self, roff: &[u8]) -> String {
        let text = String::from_utf8_lossy(roff);
        if !self.french() {
            return text.into_owned();
        }
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let (body, nl) = match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            };
            let fr = |id: &str| self.frame_text(id, &[]).to_uppercase();
            let replaced = match body.strip_prefix(".SH ") {
                Some("NAME") => Some(format!(".SH {}", fr("man-section-name"))),
                Some("SYNOPSIS") => Some(format!(".SH {}", fr("man-section-synopsis"))),
                Some("DESCRIPTION") => Some(format!(".SH {}", fr("man-section-description"))),
                Some("OPTIONS") => Some(format!(".SH {}", fr("help-heading-options"))),
                Some("VERSION") => Some(format!(".SH {}", fr("man-section-version"))),
                Some("EXTRA") => Some(format!(".SH {}", fr("man-section-extra"))),
                Some("AUTHORS") => Some(format!(".SH {}", fr("man-section-authors"))),
                // A heading of the localized tree (it ends with the no-break space).
                Some(h) if h.trim_end_matches('\u{a0}') != h => Some(format!(
                    ".SH {}",
                    h.trim_end_matches('\u{a0}').to_uppercase()
                )),
                _ => None,
            };
            out.push_str(replaced.as_deref().unwrap_or(body));
            out.push_str(nl);
        }
        out
    }
}
