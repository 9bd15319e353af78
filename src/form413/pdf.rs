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

/// One drawing operation; pages are laid out as lists of these, then rendered.
enum Cmd {
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        bold: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        shade: Option<u8>,
    },
}

/// The layout: pages of drawing operations and a vertical cursor. Page breaks happen where the
/// content needs them; footers (which know the page count) are added at the end.
struct Layout<'f> {
    fonts: &'f Fonts,
    form: &'f Form,
    pages: Vec<Vec<Cmd>>,
    y: f32,
    /// The section title repeated on a continuation page.
    continued: Option<&'static str>,
}

fn line_h(size: f32) -> f32 {
    size * 1.3
}

impl Layout<'_> {
    fn text(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool) {
        if text.is_empty() {
            return;
        }
        if let Some(p) = self.pages.last_mut() {
            p.push(Cmd::Text {
                x,
                y,
                text: text.to_string(),
                size,
                bold,
            });
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, shade: Option<u8>) {
        if let Some(p) = self.pages.last_mut() {
            p.push(Cmd::Rect { x, y, w, h, shade });
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
        self.text(
            MARGIN,
            self.y,
            "Demande de certificats logiciels IGC Santé – formulaire n° 413",
            14.0,
            true,
        );
        self.y += 16.0;
        let sub = format!(
            "Agence du numérique en santé – certificats ORG pour le DMP – formulaire {} sur {}",
            self.form.numero, self.form.total
        );
        self.text(MARGIN, self.y, &sub, 9.0, false);
        self.y += 4.0;
        if let Some(title) = self.continued {
            self.section(&format!("{title} (suite)"));
        }
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn para_height(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.fonts.face(bold).wrap(text, size, CONTENT_W).len() as f32 * line_h(size)
    }

    /// A paragraph wrapped to the content width; advances the cursor.
    fn para(&mut self, text: &str, size: f32, bold: bool) {
        self.ensure(self.para_height(text, size, bold));
        for l in self.fonts.face(bold).wrap(text, size, CONTENT_W) {
            self.y += line_h(size);
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

    const SUBSECTION_H: f32 = 8.0 + 13.0 + 4.0;

    fn subsection(&mut self, title: &str) {
        self.y += 8.0 + line_h(10.0);
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
                n as f32 * line_h(c.size) + 2.0 * PAD
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
                ty += line_h(c.size);
                self.text(x + PAD, ty - c.size * 0.3, &l, c.size, c.bold);
            }
            x += c.width;
        }
        self.y += h;
    }

    fn field_cells<'a>(label: &'a str, value: &'a str) -> [Cell<'a>; 2] {
        let lw = 200.0;
        [
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
        ]
    }

    fn field_height(&self, label: &str, value: &str) -> f32 {
        self.row_height(&Self::field_cells(label, value))
    }

    /// Label | value row (the form's two-column layout).
    fn field(&mut self, label: &str, value: &str) {
        self.row(&Self::field_cells(label, value));
    }

    fn admin_header(&mut self) {
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
        self.row(&cells);
    }
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

fn admin_cells(a: &super::Person) -> Vec<Cell<'_>> {
    let values = [
        a.carte.as_str(),
        a.nom.as_str(),
        a.prenom.as_str(),
        a.telephone.as_str(),
        a.email.as_str(),
    ];
    ADMIN_COLS
        .iter()
        .zip(values)
        .map(|((_, w), v)| Cell {
            text: v,
            width: *w,
            bold: false,
            size: 8.5,
            shade: false,
        })
        .collect()
}

/// Lays out the whole form.
fn layout<'f>(fonts: &'f Fonts, form: &'f Form) -> Vec<Vec<Cmd>> {
    let mut l = Layout {
        fonts,
        form,
        pages: Vec::new(),
        y: 0.0,
        continued: None,
    };

    // Page 1: sections 3.1 and 3.2.
    l.new_page();
    l.section("3. Identification de la structure bénéficiaire");
    l.subsection("3.1 Identification de la structure");
    let st = &form.structure;
    l.field("Dénomination de la structure *", &st.denomination);
    l.field(
        "FINESS Géographique * (sauf structures ne prenant pas en charge d'usagers)",
        st.finess_geographique.as_deref().unwrap_or(""),
    );
    l.field("N° SIRET *", st.siret.as_deref().unwrap_or(""));
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
        l.field(label, value.trim_end());
    }
    l.y += 4.0;
    for s in &st.structures {
        let addr = s
            .adresse
            .as_deref()
            .map(|a| format!(", {a}"))
            .unwrap_or_default();
        l.para(
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

    let rep = &form.representant;
    let (a, b) = match rep.qualite {
        Qualite::ResponsableLegal => (BOX_TICKED, BOX_EMPTY),
        Qualite::Mandataire => (BOX_EMPTY, BOX_TICKED),
    };
    let qualite = format!("{a} Responsable légal    {b} Mandataire");
    let rows: [(&str, &str); 6] = [
        (
            "Êtes-vous le représentant légal ou son mandataire ?",
            &qualite,
        ),
        ("Nom *", &rep.person.nom),
        ("Prénom(s) *", &rep.person.prenom),
        ("Téléphone *", &rep.person.telephone),
        ("Email professionnel *", &rep.person.email),
        ("N° de carte *", rep.person.carte.as_str()),
    ];
    let block: f32 =
        Layout::SUBSECTION_H + rows.iter().map(|(k, v)| l.field_height(k, v)).sum::<f32>();
    l.ensure(block);
    l.subsection("3.2 Identification du représentant légal ou du mandataire");
    for (k, v) in rows {
        l.field(k, v);
    }
    l.y += 10.0;
    l.para(
        "Le représentant légal doit posséder une carte CPS en cours de validité. La structure et les administrateurs techniques déclarés ci-après seront informés par e-mail de leur habilitation à commander des certificats.",
        8.0,
        false,
    );

    // Section 4 starts a page, as on the ANS form.
    l.continued = None;
    l.new_page();
    l.section("4. Informations spécifiques");
    l.continued = Some("4. Informations spécifiques");
    l.subsection("4.1 Déclaration des administrateurs techniques");
    l.admin_header();
    for admin in &form.administrateurs {
        let cells = admin_cells(admin);
        let h = l.row_height(&cells);
        if l.y + h > BOTTOM - 14.0 {
            l.para(
                "(suite des administrateurs techniques page suivante)",
                8.0,
                false,
            );
            l.new_page();
            l.subsection("4.1 Déclaration des administrateurs techniques (suite)");
            l.admin_header();
        }
        l.row(&cells);
    }

    let solution = format!("{}, version {}", form.usage.solution, form.usage.version);
    let precisions = format!("« {} »", form.usage.precisions);
    let rows: [(&str, &str); 3] = [
        (
            "Précisions sur l'usage des certificats et sur votre projet *",
            &precisions,
        ),
        ("Éditeur de la solution", &form.usage.editeur),
        ("Solution utilisée", &solution),
    ];
    let block: f32 =
        Layout::SUBSECTION_H + rows.iter().map(|(k, v)| l.field_height(k, v)).sum::<f32>();
    l.ensure(block);
    l.subsection("4.2 Usage des certificats et solution utilisée");
    for (k, v) in rows {
        l.field(k, v);
    }

    let tick = if form.type_certificat.coche {
        BOX_TICKED
    } else {
        BOX_EMPTY
    };
    let intro = "Cochez les types de certificats souhaités et remplissez les informations complémentaires associées";
    let choice = format!(
        "{tick} {} (Ex : DMP, ROR, Annuaire Santé...)",
        form.type_certificat.libelle
    );
    let block = Layout::SUBSECTION_H
        + l.para_height(intro, 8.5, false)
        + 4.0
        + l.para_height(&choice, 10.0, true);
    l.ensure(block);
    l.subsection("4.3 Type de certificats souhaités");
    l.para(intro, 8.5, false);
    l.y += 4.0;
    l.para(&choice, 10.0, true);

    // Signature of the legal representative.
    let who = match rep.qualite {
        Qualite::ResponsableLegal => "responsable légal",
        Qualite::Mandataire => "mandataire du représentant légal",
    };
    let box_h = 110.0;
    l.ensure(Layout::SUBSECTION_H + box_h);
    l.subsection("Signature du représentant légal ou de son mandataire");
    let top = l.y;
    l.rect(MARGIN, top, CONTENT_W, box_h, None);
    l.text(
        MARGIN + PAD,
        top + 14.0,
        &format!("{} {}, {who}", rep.person.prenom, rep.person.nom),
        9.5,
        false,
    );
    l.text(
        MARGIN + PAD,
        top + 32.0,
        "Fait à ................................................, le ......../......../............",
        9.0,
        false,
    );
    l.text(
        MARGIN + PAD,
        top + 50.0,
        "Signature et cachet de la structure :",
        9.0,
        false,
    );
    l.rect(MARGIN + CONTENT_W - 210.0, top + 40.0, 200.0, 62.0, None);
    l.y = top + box_h;

    // Footers, now that the page count is known.
    let total = l.pages.len();
    for (i, page) in l.pages.iter_mut().enumerate() {
        page.push(Cmd::Text {
            x: MARGIN,
            y: PAGE_H - 30.0,
            text: format!(
                "Formulaire 413 n° {}/{} – page {}/{total} – à renvoyer signé par e-mail à {}",
                form.numero,
                form.total,
                i + 1,
                form.envoi
            ),
            size: 7.5,
            bold: false,
        });
    }
    l.pages
}

fn draw(s: &mut Surface<'_>, fonts: &Fonts, cmd: &Cmd) {
    match cmd {
        Cmd::Text {
            x,
            y,
            text,
            size,
            bold,
        } => {
            s.set_fill(Some(Fill::default()));
            s.set_stroke(None);
            s.draw_text(
                Point::from_xy(*x, *y),
                fonts.face(*bold).font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Cmd::Rect { x, y, w, h, shade } => {
            let Some(r) = Rect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(r);
            let Some(path) = pb.finish() else { return };
            s.set_fill(shade.map(|l| Fill {
                paint: luma::Color::new(l).into(),
                ..Fill::default()
            }));
            s.set_stroke(Some(Stroke {
                width: 0.6,
                ..Stroke::default()
            }));
            s.draw_path(&path);
        }
    }
}

/// Renders one form to PDF bytes.
pub fn render(form: &Form) -> Result<Vec<u8>, Form413Error> {
    let fonts = Fonts {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    };
    let pages = layout(&fonts, form);
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
    for cmds in &pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| Form413Error::Pdf("invalid page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for c in cmds {
            draw(&mut surface, &fonts, c);
        }
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
