//! The texts of an alert: the one-line subject every channel carries, and the e-mail body, in
//! a language of the catalogue (`notify-*` messages; [`crate::i18n::current`] for the run's).
//!
//! Every text goes through [`subject`] and [`body`] with a [`Lang`], so that a language is one
//! more catalogue, not a second copy of the logic. What scripts read (the webhook's JSON, the
//! command's `AGENT_*` values but `AGENT_SUBJECT`, `agent notify --json`) does not depend on it.

use std::fmt::Write as _;

use fluent_bundle::FluentValue;

use super::{Alert, EventKind, Queued, Renewal};
pub use crate::i18n::Lang;

fn t(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    crate::i18n::message_in(lang, id, args)
}

fn v(s: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(s.into())
}

fn rfc3339(t: Option<::time::OffsetDateTime>) -> String {
    t.and_then(|t| {
        t.format(&::time::format_description::well_known::Rfc3339)
            .ok()
    })
    .unwrap_or_else(|| "-".into())
}

fn days_phrase(days: Option<i64>, lang: Lang) -> String {
    match days {
        None => t(lang, "notify-days-unknown", &[]),
        Some(d) if d >= 1 => t(lang, "notify-days-left", &[("days", FluentValue::from(d))]),
        Some(0) => t(lang, "notify-days-less-than-one", &[]),
        Some(d) => t(lang, "notify-days-ago", &[("days", FluentValue::from(-d))]),
    }
}

/// The subject: structure id, raison sociale, usage, what happened and the days left.
pub fn subject(q: &Queued, lang: Lang) -> String {
    subject_of(&q.alert, lang)
}

/// The subject of an alert ([`subject`]).
pub fn subject_of(a: &Alert, lang: Lang) -> String {
    let id = match a.event {
        EventKind::Threshold => "notify-subject-threshold",
        EventKind::Expired => "notify-subject-expired",
        EventKind::Invalid => "notify-subject-invalid",
        EventKind::RenewFailed => "notify-subject-renew-failed",
        EventKind::TargetFailed => "notify-subject-target-failed",
    };
    t(
        lang,
        id,
        &[
            ("structure", v(a.structure.clone())),
            ("name", v(a.raison_sociale.as_deref().unwrap_or("-"))),
            ("usage", v(a.usage.clone())),
            ("days", v(days_phrase(a.days_left, lang))),
        ],
    )
}

/// The e-mail body: the certificate, what happened, what to do, and when renewal is due.
pub fn body(q: &Queued, lang: Lang) -> String {
    let a = &q.alert;
    let mut s = String::new();
    let cert = t(
        lang,
        "notify-body-cert",
        &[
            ("usage", v(a.usage.clone())),
            ("structure", v(a.structure.clone())),
            ("name", v(a.raison_sociale.as_deref().unwrap_or("-"))),
            ("host", v(a.host.clone())),
        ],
    );
    let detail = |fallback: &str| q.detail.clone().unwrap_or_else(|| t(lang, fallback, &[]));
    let what = match a.event {
        EventKind::Threshold => {
            let within = match a.days_left {
                Some(d) if d >= 0 => t(
                    lang,
                    "notify-body-in-days",
                    &[("days", FluentValue::from(d))],
                ),
                _ => t(lang, "notify-body-less-than-a-day", &[]),
            };
            t(
                lang,
                "notify-body-threshold",
                &[
                    ("cert", v(cert)),
                    ("within", v(within)),
                    ("threshold", v(a.threshold.as_deref().unwrap_or("-"))),
                ],
            )
        }
        EventKind::Expired => t(lang, "notify-body-expired", &[("cert", v(cert))]),
        EventKind::Invalid => t(
            lang,
            "notify-body-invalid",
            &[
                ("cert", v(cert)),
                ("detail", v(detail("notify-see-status"))),
            ],
        ),
        EventKind::RenewFailed => t(
            lang,
            "notify-body-renew-failed",
            &[
                ("cert", v(cert)),
                ("detail", v(detail("notify-see-renew-log"))),
            ],
        ),
        EventKind::TargetFailed => t(
            lang,
            "notify-body-target-failed",
            &[
                ("cert", v(cert)),
                ("detail", v(detail("notify-see-status"))),
            ],
        ),
    };
    let _ = writeln!(s, "{what}\n");
    let _ = writeln!(s, "{}", t(lang, "notify-body-certificate", &[]));
    let days = a
        .days_left
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    let fields = [
        (
            "notify-field-cn",
            a.cn.clone().unwrap_or_else(|| "-".into()),
        ),
        (
            "notify-field-serial",
            a.serial.clone().unwrap_or_else(|| "-".into()),
        ),
        ("notify-field-not-after", rfc3339(a.not_after)),
        ("notify-field-days-left", days),
        ("notify-field-renew-after", rfc3339(a.renew_after)),
        ("notify-field-state", a.state.to_string()),
        ("notify-field-live", q.path.display().to_string()),
    ];
    let labels: Vec<String> = fields.iter().map(|(id, _)| t(lang, id, &[])).collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    for (label, (_, value)) in labels.iter().zip(&fields) {
        let _ = writeln!(s, "  {label:<width$}{value}");
    }
    let _ = writeln!(s, "\n{}", t(lang, "notify-body-what-to-do", &[]));
    let args = [
        ("structure", v(a.structure.clone())),
        ("usage", v(a.usage.clone())),
        ("arg", v(a.usage.to_lowercase())),
        ("cn", v(a.cn.as_deref().unwrap_or("-"))),
    ];
    // (indent, message): numbered steps under two spaces, their continuation lines under five.
    let steps: &[(&str, &str)] = match (a.event, q.renewal) {
        (EventKind::Invalid, _) => &[
            ("  ", "notify-do-invalid-1"),
            ("  ", "notify-do-invalid-2"),
            ("     ", "notify-do-invalid-3"),
        ],
        (EventKind::TargetFailed, _) => {
            &[("  ", "notify-do-target-1"), ("  ", "notify-do-target-2")]
        }
        (EventKind::RenewFailed, _) => &[
            ("  ", "notify-do-renew-failed-1"),
            ("  ", "notify-do-renew-failed-2"),
            ("  ", "notify-do-renew-failed-3"),
        ],
        (_, Renewal::Automatic) => &[
            ("  ", "notify-do-automatic-1"),
            ("     ", "notify-do-automatic-2"),
            ("  ", "notify-do-automatic-3"),
        ],
        (_, Renewal::Portal) => &[
            ("  ", "notify-do-portal-0"),
            ("  ", "notify-do-portal-1"),
            ("     ", "notify-do-portal-2"),
            ("  ", "notify-do-portal-3"),
            ("     ", "notify-do-portal-4"),
            ("  ", "notify-do-portal-5"),
            ("  ", "notify-do-portal-6"),
        ],
    };
    for (indent, id) in steps {
        let _ = writeln!(s, "{indent}{}", t(lang, id, &args));
    }
    let _ = writeln!(
        s,
        "\n{}",
        t(
            lang,
            "notify-body-due",
            &[("date", v(rfc3339(a.renew_after)))]
        )
    );
    let _ = writeln!(
        s,
        "\n-- \n{}",
        t(
            lang,
            "notify-body-signature",
            &[("host", v(a.host.clone()))]
        )
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::Alert;
    use crate::status::State;

    fn queued(event: EventKind, days: i64, renewal: Renewal) -> Queued {
        let na = ::time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        Queued {
            id: "x".into(),
            raised_at: na,
            alert: Alert {
                event,
                threshold: Some("30d".into()),
                structure: "1010000024".into(),
                raison_sociale: Some("PHARMACIE DE L'ÉGLISE".into()),
                usage: "AUTH_CLI".into(),
                cn: Some("DMP AUTHENTIFICATION".into()),
                serial: Some("0A1B".into()),
                not_after: Some(na),
                days_left: Some(days),
                renew_after: Some(na - ::time::Duration::days(60)),
                state: State::Expiring,
                host: "officine".into(),
            },
            path: "/var/lib/agent/store/1010000024/auth_cli/live".into(),
            detail: None,
            renewal,
            pending: vec![],
            last_error: None,
        }
    }

    #[test]
    fn subject_and_body_carry_the_facts_and_the_commands() {
        let q = queued(EventKind::Threshold, 28, Renewal::Automatic);
        let s = subject(&q, Lang::En);
        assert_eq!(s, "[agent] 1010000024 PHARMACIE DE L'ÉGLISE: ORG AUTH_CLI certificate expires soon (28 days left)");
        let b = body(&q, Lang::En);
        for want in [
            "DMP AUTHENTIFICATION",
            "0A1B",
            "2027-01-15T08:00:00Z",
            "2026-11-16T08:00:00Z",
            "/var/lib/agent/store/1010000024/auth_cli/live",
            "agent renew --structure 1010000024",
        ] {
            assert!(b.contains(want), "{want} not in\n{b}");
        }
        let p = body(&queued(EventKind::Threshold, 28, Renewal::Portal), Lang::En);
        assert!(
            p.contains("agent import FILE") && p.contains("IGC Santé"),
            "{p}"
        );
        let e = subject(&queued(EventKind::Expired, -3, Renewal::Portal), Lang::En);
        assert!(
            e.ends_with("certificate EXPIRED (expired 3 days ago)"),
            "{e}"
        );
    }

    #[test]
    fn french_subject_and_body_from_the_catalogue() {
        let q = queued(EventKind::Threshold, 28, Renewal::Automatic);
        assert_eq!(
            subject(&q, Lang::Fr),
            "[agent] 1010000024 PHARMACIE DE L'ÉGLISE\u{a0}: le certificat ORG AUTH_CLI expire \
             bientôt (28 jours restants)"
        );
        let b = body(&q, Lang::Fr);
        assert!(
            b.starts_with(
                "Le certificat ORG AUTH_CLI de la structure 1010000024 (PHARMACIE DE L'ÉGLISE) \
                 sur l'hôte officine expire dans 28 jours (seuil 30d).\n\nCertificat\u{a0}:\n"
            ),
            "{b}"
        );
        for want in [
            "  Numéro de série\u{a0}:     0A1B\n",
            "Que faire\u{a0}:",
            "agent renew --structure 1010000024",
            "agent notify sur officine\u{a0}; cette alerte",
        ] {
            assert!(b.contains(want), "{want:?} not in\n{b}");
        }
        for english in ["Certificate:", "What to do", "expires", "Renewal is due"] {
            assert!(!b.contains(english), "{english:?} in\n{b}");
        }
        let e = subject(&queued(EventKind::Expired, -1, Renewal::Portal), Lang::Fr);
        assert!(e.ends_with("EXPIRÉ (expiré depuis 1 jour)"), "{e}");
        let p = body(&queued(EventKind::Invalid, 3, Renewal::Portal), Lang::Fr);
        assert!(
            p.contains("est INUTILISABLE\u{a0}: voir `agent status`."),
            "{p}"
        );
    }
}
