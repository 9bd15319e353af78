//! Form 413 as a PDF: A4, French, laid out like the ANS form's sections 3.1, 3.2, 4.1, 4.2 and
//! 4.3, with a signature box for the legal representative.
//!
//! Rendered with krilla and the DejaVu Sans fonts embedded in the binary (`assets/fonts/`, licence
//! beside them); no external program runs. Text is measured with the font's own advances so that
//! long values wrap inside their cells.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::{Form, Form413Error, Qualite};

/// DejaVu Sans (regular), embedded.
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, embedded.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 48.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const BOTTOM: f32 = PAGE_H - 60.0;
const PAD: f32 = 4.0;
const BOX_TICKED: &str = "☒";
const BOX_EMPTY: &str = "☐";

struct Face {
    font: Font,
    metrics: ttf_parser::Face<'static>,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, Form413Error> {
        let font = Font::new(data.into(), 0)
            .ok_or_else(|| Form413Error::Pdf("the embedded font cannot be read".into()))?;
        let metrics = ttf_parser::Face::parse(data, 0)
            .map_err(|e| Form413Error::Pdf(format!("the embedded font cannot be read: {e}")))?;
        Ok(Face { font, metrics })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let upem = f32::from(self.metrics.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                self.metrics
                    .glyph_index(c)
                    .and_then(|g| self.metrics.glyph_hor_advance(g))
                    .map(f32::from)
                    .unwrap_or(upem * 0.6)
            })
            .sum();
        units * size / upem
    }

    /// Splits `text` into lines no wider than `max` (words first, then characters).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // The word alone may be too long: cut it.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(&piece, size) > max && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// A cell of a table row.
struct Cell<'a> {
    text: &'a str,
    width: f32,
    bold: bool,
    size: f32,
    shade: bool,
}

/// Drawing helpers over one page's surface, with a vertical cursor.
struct Pen<'s, 'f> {
    s: &'s mut Surface<'f>,
    fonts: &'s Fonts,
    y: f32,
}

impl Pen<'_, '_> {
    fn text(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool) {
        if text.is_empty() {
            return;
        }
        self.s.set_fill(Some(Fill::default()));
        self.s.set_stroke(None);
        self.s.draw_text(
            Point::from_xy(x, y),
            self.fonts.face(bold).font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, shade: Option<u8>) {
        let Some(r) = Rect::from_xywh(x, y, w.max(0.1), h.max(0.1)) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        let Some(path) = pb.finish() else { return };
        self.s.set_fill(shade.map(|l| Fill {
            paint: luma::Color::new(l).into(),
            ..Fill::default()
        }));
        self.s.set_stroke(Some(Stroke {
            width: 0.6,
            ..Stroke::default()
        }));
        self.s.draw_path(&path);
    }

    fn line_h(size: f32) -> f32 {
        size * 1.3
    }

    /// A paragraph wrapped to the content width; advances the cursor.
    fn para(&mut self, text: &str, size: f32, bold: bool) {
        let lines = self.fonts.face(bold).wrap(text, size, CONTENT_W);
        for l in lines {
            self.y += Self::line_h(size);
            self.text(MARGIN, self.y, &l, size, bold);
        }
    }

    /// A section title on a shaded band.
    fn section(&mut self, title: &str) {
        self.y += 10.0;
        let h = 18.0;
        self.rect(MARGIN, self.y, CONTENT_W, h, Some(225));
        self.text(MARGIN + PAD, self.y + 12.5, title, 10.5, true);
        self.y += h;
    }

    fn subsection(&mut self, title: &str) {
        self.y += 8.0;
        self.y += Self::line_h(10.0);
        self.text(MARGIN, self.y, title, 10.0, true);
        self.y += 4.0;
    }

    /// The height a row of cells needs.
    fn row_height(&self, cells: &[Cell<'_>]) -> f32 {
        cells
            .iter()
            .map(|c| {
                let n = self
                    .fonts
                    .face(c.bold)
                    .wrap(c.text, c.size, c.width - 2.0 * PAD)
                    .len()
                    .max(1);
                n as f32 * Self::line_h(c.size) + 2.0 * PAD
            })
            .fold(16.0, f32::max)
    }

    /// A row of bordered cells, left to right from the margin; advances the cursor.
    fn row(&mut self, cells: &[Cell<'_>]) {
        let h = self.row_height(cells);
        let mut x = MARGIN;
        for c in cells {
            self.rect(x, self.y, c.width, h, c.shade.then_some(242));
            let lines = self
                .fonts
                .face(c.bold)
                .wrap(c.text, c.size, c.width - 2.0 * PAD);
            let mut ty = self.y + PAD;
            for l in lines {
                ty += Self::line_h(c.size);
                self.text(x + PAD, ty - c.size * 0.3, &l, c.size, c.bold);
            }
            x += c.width;
        }
        self.y += h;
    }

    /// Label | value row (the form's two-column layout).
    fn field(&mut self, label: &str, value: &str) {
        let lw = 200.0;
        self.row(&[
            Cell {
                text: label,
                width: lw,
                bold: false,
                size: 8.5,
                shade: true,
            },
            Cell {
                text: value,
                width: CONTENT_W - lw,
                bold: false,
                size: 10.0,
                shade: false,
            },
        ]);
    }
}

fn footer(pen: &mut Pen<'_, '_>, form: &Form, page: usize, pages: usize) {
    let text = format!(
        "Formulaire 413 n° {}/{} – page {page}/{pages} – à renvoyer signé par e-mail à {}",
        form.numero, form.total, form.envoi
    );
    pen.text(MARGIN, PAGE_H - 30.0, &text, 7.5, false);
}

fn header(pen: &mut Pen<'_, '_>, form: &Form) {
    pen.y = MARGIN;
    pen.text(
        MARGIN,
        pen.y,
        "Demande de certificats logiciels IGC Santé – formulaire n° 413",
        14.0,
        true,
    );
    pen.y += 16.0;
    pen.text(
        MARGIN,
        pen.y,
        &format!(
            "Agence du numérique en santé – certificats ORG pour le DMP – formulaire {} sur {}",
            form.numero, form.total
        ),
        9.0,
        false,
    );
    pen.y += 4.0;
}

const ADMIN_COLS: [(&str, f32); 5] = [
    ("N° de carte *", 72.0),
    ("Nom figurant sur la carte *", 95.0),
    ("Prénom figurant sur la carte *", 90.0),
    ("Téléphone *", 82.0),
    (
        "Email professionnel *",
        CONTENT_W - 72.0 - 95.0 - 90.0 - 82.0,
    ),
];

fn admin_header(pen: &mut Pen<'_, '_>) {
    let cells: Vec<Cell<'_>> = ADMIN_COLS
        .iter()
        .map(|(t, w)| Cell {
            text: t,
            width: *w,
            bold: true,
            size: 7.5,
            shade: true,
        })
        .collect();
    pen.row(&cells);
}

/// Renders one form to PDF bytes.
pub fn render(form: &Form) -> Result<Vec<u8>, Form413Error> {
    let fonts = Fonts {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    };
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!(
                "Formulaire 413 – demande de certificats ORG ({}/{})",
                form.numero, form.total
            ))
            .language("fr".to_string())
            .creator(format!("agent {}", env!("CARGO_PKG_VERSION"))),
    );
    let settings = || {
        PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| Form413Error::Pdf("invalid page size".into()))
    };

    // How many pages 4.1 needs is known only while drawing; count first with a dry layout.
    let admin_rows_per_first_page = 12usize;
    let admin_rows_per_next_page = 30usize;
    let extra_admin_pages = form
        .administrateurs
        .len()
        .saturating_sub(admin_rows_per_first_page)
        .div_ceil(admin_rows_per_next_page);
    let pages = 2 + extra_admin_pages;

    // Page 1: sections 3.1 and 3.2.
    {
        let mut page = doc.start_page_with(settings()?);
        let mut surface = page.surface();
        let mut pen = Pen {
            s: &mut surface,
            fonts: &fonts,
            y: 0.0,
        };
        header(&mut pen, form);
        pen.section("3. Identification de la structure bénéficiaire");
        pen.subsection("3.1 Identification de la structure");
        let st = &form.structure;
        pen.field("Dénomination de la structure *", &st.denomination);
        pen.field(
            "FINESS Géographique * (sauf structures ne prenant pas en charge d'usagers)",
            st.finess_geographique.as_deref().unwrap_or(""),
        );
        pen.field("N° SIRET *", st.siret.as_deref().unwrap_or(""));
        for i in 0..4 {
            let label = if i == 0 {
                "RPPS rang (uniquement pour les cabinets de radiologie, hors sociétés d'exercice)"
            } else {
                ""
            };
            let value = format!(
                "{}. {}",
                i + 1,
                st.rpps_rang.get(i).map(String::as_str).unwrap_or("")
            );
            pen.field(label, value.trim_end());
        }
        if !st.structures.is_empty() {
            pen.y += 4.0;
            for s in &st.structures {
                let addr = s
                    .adresse
                    .as_deref()
                    .map(|a| format!(", {a}"))
                    .unwrap_or_default();
                pen.para(
                    &format!(
                        "{} {} – {} ({}){addr}",
                        s.national_id.kind(),
                        s.national_id.identifier(),
                        s.raison_sociale,
                        s.kind.label()
                    ),
                    7.5,
                    false,
                );
            }
        }

        pen.subsection("3.2 Identification du représentant légal ou du mandataire");
        let rep = &form.representant;
        let (a, b) = match rep.qualite {
            Qualite::ResponsableLegal => (BOX_TICKED, BOX_EMPTY),
            Qualite::Mandataire => (BOX_EMPTY, BOX_TICKED),
        };
        pen.field(
            "Êtes-vous le représentant légal ou son mandataire ?",
            &format!("{a} Responsable légal    {b} Mandataire"),
        );
        pen.field("Nom *", &rep.person.nom);
        pen.field("Prénom(s) *", &rep.person.prenom);
        pen.field("Téléphone *", &rep.person.telephone);
        pen.field("Email professionnel *", &rep.person.email);
        pen.field("N° de carte *", rep.person.carte.as_str());
        pen.y += 10.0;
        pen.para(
            "Le représentant légal doit posséder une carte CPS en cours de validité. La structure et les administrateurs techniques déclarés ci-après seront informés par e-mail de leur habilitation à commander des certificats.",
            8.0,
            false,
        );
        footer(&mut pen, form, 1, pages);
        surface.finish();
        page.finish();
    }

    // Page 2 (and more when there are many administrators): 4.1, 4.2, 4.3, signature.
    let mut admins = form.administrateurs.iter().peekable();
    for p in 2..=pages {
        let mut page = doc.start_page_with(settings()?);
        let mut surface = page.surface();
        let mut pen = Pen {
            s: &mut surface,
            fonts: &fonts,
            y: 0.0,
        };
        header(&mut pen, form);
        pen.section("4. Informations spécifiques");
        pen.subsection(if p == 2 {
            "4.1 Déclaration des administrateurs techniques"
        } else {
            "4.1 Déclaration des administrateurs techniques (suite)"
        });
        admin_header(&mut pen);
        let cap = if p == 2 {
            admin_rows_per_first_page
        } else {
            admin_rows_per_next_page
        };
        let mut n = 0;
        while n < cap {
            let Some(a) = admins.next() else { break };
            let values = [
                a.carte.as_str(),
                a.nom.as_str(),
                a.prenom.as_str(),
                a.telephone.as_str(),
                a.email.as_str(),
            ];
            let cells: Vec<Cell<'_>> = ADMIN_COLS
                .iter()
                .zip(values)
                .map(|((_, w), v)| Cell {
                    text: v,
                    width: *w,
                    bold: false,
                    size: 8.5,
                    shade: false,
                })
                .collect();
            pen.row(&cells);
            n += 1;
        }
        if p < pages {
            pen.para(
                "(suite des administrateurs techniques page suivante)",
                8.0,
                false,
            );
            footer(&mut pen, form, p, pages);
            surface.finish();
            page.finish();
            continue;
        }

        pen.subsection("4.2 Usage des certificats et solution utilisée");
        pen.field(
            "Précisions sur l'usage des certificats et sur votre projet *",
            &format!("« {} »", form.usage.precisions),
        );
        pen.field("Éditeur de la solution", &form.usage.editeur);
        pen.field(
            "Solution utilisée",
            &format!("{}, version {}", form.usage.solution, form.usage.version),
        );

        pen.subsection("4.3 Type de certificats souhaités");
        pen.para(
            "Cochez les types de certificats souhaités et remplissez les informations complémentaires associées",
            8.5,
            false,
        );
        pen.y += 4.0;
        let tick = if form.type_certificat.coche {
            BOX_TICKED
        } else {
            BOX_EMPTY
        };
        pen.para(
            &format!(
                "{tick} {} (Ex : DMP, ROR, Annuaire Santé...)",
                form.type_certificat.libelle
            ),
            10.0,
            true,
        );

        // Signature of the legal representative.
        let rep = &form.representant;
        let who = match rep.qualite {
            Qualite::ResponsableLegal => "responsable légal",
            Qualite::Mandataire => "mandataire du représentant légal",
        };
        pen.subsection("Signature du représentant légal ou de son mandataire");
        let box_h = 110.0;
        let top = pen.y.max(0.0).min(BOTTOM - box_h);
        pen.rect(MARGIN, top, CONTENT_W, box_h, None);
        pen.text(
            MARGIN + PAD,
            top + 14.0,
            &format!("{} {}, {who}", rep.person.prenom, rep.person.nom),
            9.5,
            false,
        );
        pen.text(
            MARGIN + PAD,
            top + 32.0,
            "Fait à ................................................, le ......../......../............",
            9.0,
            false,
        );
        pen.text(
            MARGIN + PAD,
            top + 50.0,
            "Signature et cachet de la structure :",
            9.0,
            false,
        );
        pen.rect(MARGIN + CONTENT_W - 210.0, top + 40.0, 200.0, 62.0, None);
        pen.y = top + box_h;
        footer(&mut pen, form, p, pages);
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| Form413Error::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_cuts_long_ones() {
        let f = Face::load(REGULAR).unwrap();
        let lines = f.wrap("CABINET DU DOCTEUR ÉTIENNE MARTIN", 10.0, 80.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "CABINET DU DOCTEUR ÉTIENNE MARTIN");
        let long = "x".repeat(100);
        let lines = f.wrap(&long, 10.0, 50.0);
        assert!(lines.len() > 1 && lines.concat() == long);
        for l in &lines {
            assert!(f.width(l, 10.0) <= 50.0 + 0.01);
        }
    }
}
