//! What `agent lookup` prints: the activities as a table, in the language of the run, with the
//! notes under it (shared names, RPPS rang orders over one form) and the warnings.

use super::{rpps_rang_orders, shared_names, Activity, Settings};
use crate::ids::Rpps;
use crate::sanitize::escape_control;
use crate::structure::MAX_RPPS_RANG_PER_FORM;
use crate::tr;

/// The decision-table column of an activity.
fn decision_text(a: &Activity) -> String {
    match &a.decision {
        None => tr!("lookup-decision-malformed"),
        Some(d) if d.eligible => {
            let fields = d
                .filled
                .iter()
                .map(|f| f.letter().to_string())
                .collect::<Vec<_>>()
                .join("+");
            let id = d.order_identifier.map(|t| t.name()).unwrap_or("-");
            if d.identifier_matches {
                tr!(
                    "lookup-decision-order",
                    kind = d.kind.to_string(),
                    id = id,
                    fields = fields
                )
            } else {
                tr!(
                    "lookup-decision-order-find",
                    kind = d.kind.to_string(),
                    id = id,
                    fields = fields
                )
            }
        }
        Some(d) => match d.procedure {
            Some(p) => tr!(
                "lookup-decision-excluded",
                kind = d.kind.to_string(),
                procedure = p.to_string()
            ),
            None => tr!(
                "lookup-decision-out-of-procedure",
                kind = d.kind.to_string()
            ),
        },
    }
}

/// The text of `agent lookup` on stdout: the summary line, the table, the notes.
pub fn render(rpps: &Rpps, settings: &Settings, activities: &[Activity]) -> String {
    let mut out = vec![
        tr!(
            "lookup-summary",
            url = settings.url,
            base = settings.branch.base(),
            rpps = rpps.to_string(),
            count = activities.len()
        ),
        String::new(),
    ];
    let headers = [
        "lookup-col-ou",
        "lookup-col-type",
        "lookup-col-raison-sociale",
        "lookup-col-address",
        "lookup-col-sector",
        "lookup-col-decision",
    ]
    .map(|id| tr!(id));
    // Directory values are untrusted: no control character reaches the terminal raw.
    let cell = |v: &Option<String>| {
        v.as_deref()
            .map(|v| escape_control(v).into_owned())
            .unwrap_or_else(|| "-".into())
    };
    let rows: Vec<[String; 6]> = activities
        .iter()
        .map(|a| {
            [
                cell(&a.ou),
                a.identifier_type.unwrap_or("?").to_string(),
                cell(&a.raison_sociale),
                cell(&a.postal_address),
                cell(&a.sector),
                escape_control(&decision_text(a)).into_owned(),
            ]
        })
        .collect();
    let mut widths = headers.clone().map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths.iter()).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    out.push(line(&headers));
    out.push(line(&widths.map(|w| "-".repeat(w))));
    for r in &rows {
        out.push(line(r));
    }
    // Same raison sociale on several sites: the address tells them apart.
    let dup = shared_names(activities);
    if !dup.is_empty() {
        out.push(String::new());
    }
    for (name, n) in dup {
        out.push(tr!(
            "lookup-same-name",
            count = n,
            name = escape_control(name).into_owned()
        ));
    }
    let rangs = rpps_rang_orders(activities);
    if rangs > MAX_RPPS_RANG_PER_FORM {
        out.push(tr!(
            "lookup-rangs",
            count = rangs,
            forms = rangs.div_ceil(MAX_RPPS_RANG_PER_FORM),
            max = MAX_RPPS_RANG_PER_FORM
        ));
    }
    out.join("\n")
}

/// The warnings of the activities, one line each (for stderr).
pub fn warnings(activities: &[Activity]) -> Vec<String> {
    activities
        .iter()
        .flat_map(|a| {
            a.warnings.iter().map(|w| {
                tr!(
                    "lookup-warning",
                    ou = a.ou.as_deref().unwrap_or("-"),
                    text = w
                )
            })
        })
        .collect()
}
