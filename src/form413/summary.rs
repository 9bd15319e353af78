//! What `agent form413` says when the forms are written: where each one is, for which
//! structures, and where to send them signed; as a JSON document and in the language of the run.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::sanitize::escape_control;
use crate::tr;

use super::{Form, Request, FORM413_EMAIL};

/// The JSON summary of `agent form413 --json`.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The forms written.
    pub forms: Vec<FormFile>,
    /// Where to send them, signed.
    pub send_to: &'static str,
}

impl Summary {
    /// The summary of the forms written.
    pub fn new(forms: Vec<FormFile>) -> Summary {
        Summary {
            forms,
            send_to: FORM413_EMAIL,
        }
    }
}

/// One form written.
#[derive(Debug, Serialize)]
pub struct FormFile {
    /// N.
    pub numero: usize,
    /// The PDF.
    pub pdf: PathBuf,
    /// The JSON.
    pub json: PathBuf,
    /// b, c or d.
    pub champ_identifiant: crate::structure::FormField,
    /// The national ids on this form.
    pub structures: Vec<String>,
}

impl FormFile {
    /// Form `form` written into `out`: the paths of its PDF and JSON files.
    pub fn new(out: &Path, form: &Form) -> FormFile {
        FormFile {
            numero: form.numero,
            pdf: out.join(format!("form413-{}.pdf", form.numero)),
            json: out.join(format!("form413-{}.json", form.numero)),
            champ_identifiant: form.champ_identifiant,
            structures: form
                .structure
                .structures
                .iter()
                .map(|s| s.national_id.to_string())
                .collect(),
        }
    }
}

/// The JSON file of a form: pretty-printed, ending with a newline.
pub fn form_json(form: &Form) -> Result<Vec<u8>, serde_json::Error> {
    let mut json = serde_json::to_vec_pretty(form)?;
    json.push(b'\n');
    Ok(json)
}

/// PDFs of an earlier, larger request left in `out` after `count` forms (they are not removed;
/// they would be confusing).
pub fn left_over(out: &Path, count: usize) -> Vec<PathBuf> {
    (count + 1..count + 50)
        .map(|n| out.join(format!("form413-{n}.pdf")))
        .filter(|p| p.exists())
        .collect()
}

/// The forms written (one line each), then what to do with them, in the language of the run.
pub fn render(request: &Request, forms: &[Form], files: &[FormFile]) -> String {
    let mut lines = Vec::new();
    for (f, file) in forms.iter().zip(files) {
        let ids: Vec<String> = f
            .structure
            .structures
            .iter()
            .map(|s| format!("{} {}", s.national_id.kind(), s.national_id.identifier()))
            .collect();
        lines.push(format!(
            "{}  {} – {}",
            file.pdf.display(),
            escape_control(&f.structure.denomination),
            ids.join(", ")
        ));
    }
    lines.push(String::new());
    lines.push(tr!("form413-prepared", count = forms.len()));
    lines.push(tr!(
        "form413-sign-and-send",
        first = escape_control(&request.representant.person.prenom),
        last = escape_control(&request.representant.person.nom),
        email = FORM413_EMAIL
    ));
    lines.push(tr!("form413-habilitation-mail"));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_over_forms_are_found() {
        let dir = tempfile::tempdir().unwrap();
        for n in [1, 2, 4] {
            std::fs::write(dir.path().join(format!("form413-{n}.pdf")), b"%PDF").unwrap();
        }
        assert_eq!(
            left_over(dir.path(), 1),
            vec![
                dir.path().join("form413-2.pdf"),
                dir.path().join("form413-4.pdf")
            ]
        );
        assert!(left_over(dir.path(), 4).is_empty());
    }
}
