//! The texts of an alert: the one-line subject every channel carries, and the e-mail body.
//!
//! Every text goes through [`subject`] and [`body`] with a [`Lang`], so that a translation is one
//! more arm in each, not a second copy of the logic.

use std::fmt::Write as _;

use super::{EventKind, Queued, Renewal};

/// The language of the texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    English,
}

fn rfc3339(t: Option<::time::OffsetDateTime>) -> String {
    t.and_then(|t| {
        t.format(&::time::format_description::well_known::Rfc3339)
            .ok()
    })
    .unwrap_or_else(|| "-".into())
}

fn days_phrase(days: Option<i64>, _lang: Lang) -> String {
    match days {
        None => "days left unknown".into(),
        Some(d) if d > 1 => format!("{d} days left"),
        Some(1) => "1 day left".into(),
        Some(0) => "less than a day left".into(),
        Some(-1) => "expired 1 day ago".into(),
        Some(d) => format!("expired {} days ago", -d),
    }
}

/// The subject: structure id, raison sociale, usage, what happened and the days left.
pub fn subject(q: &Queued, lang: Lang) -> String {
    let a = &q.alert;
    let what = match (a.event, lang) {
        (EventKind::Threshold, Lang::English) => "certificate expires soon",
        (EventKind::Expired, Lang::English) => "certificate EXPIRED",
        (EventKind::Invalid, Lang::English) => "certificate UNUSABLE",
        (EventKind::RenewFailed, Lang::English) => "renewal FAILED",
        (EventKind::TargetFailed, Lang::English) => "certificate copy NOT WRITTEN",
    };
    format!(
        "[agent] {} {}: ORG {} {what} ({})",
        a.structure,
        a.raison_sociale.as_deref().unwrap_or("-"),
        a.usage,
        days_phrase(a.days_left, lang)
    )
}

/// The e-mail body: the certificate, what happened, what to do, and when renewal is due.
pub fn body(q: &Queued, lang: Lang) -> String {
    let a = &q.alert;
    let Lang::English = lang;
    let mut s = String::new();
    let usage_arg = a.usage.to_lowercase();
    let cert = format!(
        "ORG {} certificate of structure {} ({}) on host {}",
        a.usage,
        a.structure,
        a.raison_sociale.as_deref().unwrap_or("-"),
        a.host
    );
    let detail = |fallback: &str| q.detail.clone().unwrap_or_else(|| fallback.to_string());
    let what = match a.event {
        EventKind::Threshold => format!(
            "The {cert} expires in {} (threshold {}).",
            match a.days_left {
                Some(1) => "1 day".to_string(),
                Some(d) if d >= 0 => format!("{d} days"),
                _ => "less than a day".to_string(),
            },
            a.threshold.as_deref().unwrap_or("-")
        ),
        EventKind::Expired => format!("The {cert} has EXPIRED: the DMP refuses it."),
        EventKind::Invalid => format!("The {cert} is UNUSABLE: {}.", detail("see `agent status`")),
        EventKind::RenewFailed => format!(
            "The renewal of the {cert} FAILED: {}.",
            detail("see the log of `agent renew`")
        ),
        EventKind::TargetFailed => format!(
            "A copy of the {cert} that the DMP software reads could not be written: {}.",
            detail("see `agent status`")
        ),
    };
    let _ = writeln!(s, "{what}\n");
    let _ = writeln!(s, "Certificate:");
    let _ = writeln!(s, "  CN:           {}", a.cn.as_deref().unwrap_or("-"));
    let _ = writeln!(s, "  Serial:       {}", a.serial.as_deref().unwrap_or("-"));
    let _ = writeln!(s, "  Not after:    {}", rfc3339(a.not_after));
    let _ = writeln!(
        s,
        "  Days left:    {}",
        a.days_left
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    );
    let _ = writeln!(s, "  Renew after:  {}", rfc3339(a.renew_after));
    let _ = writeln!(s, "  State:        {}", a.state);
    let _ = writeln!(s, "  Live path:    {}", q.path.display());
    let _ = writeln!(s, "\nWhat to do:");
    let st = &a.structure;
    match (a.event, q.renewal) {
        (EventKind::Invalid, _) => {
            let _ = writeln!(
                s,
                "  1. See what is wrong:            agent status --structure {st}"
            );
            let _ = writeln!(s, "  2. Go back to the previous version: agent rollback --structure {st} --usage {usage_arg}");
            let _ = writeln!(
                s,
                "     or renew it:                   agent renew --structure {st}"
            );
        }
        (EventKind::TargetFailed, _) => {
            let _ = writeln!(
                s,
                "  1. See which copy failed and why: agent status --structure {st}"
            );
            let _ = writeln!(
                s,
                "  2. Fix the target (space, permissions, NSS database), then import again."
            );
        }
        (EventKind::RenewFailed, _) => {
            let _ = writeln!(
                s,
                "  1. Check that the CPx card is in the reader and that the PIN file is readable."
            );
            let _ = writeln!(
                s,
                "  2. Run the renewal by hand to see the error: agent renew --structure {st}"
            );
            let _ = writeln!(
                s,
                "  3. Check the result:                        agent status --structure {st}"
            );
        }
        (_, Renewal::Automatic) => {
            let _ = writeln!(
                s,
                "  1. With the CPx card in the reader: agent renew --structure {st}"
            );
            let _ = writeln!(
                s,
                "     (the renewal timer does it unattended when it runs with a PIN file)"
            );
            let _ = writeln!(
                s,
                "  2. Check the result:                agent status --structure {st}"
            );
        }
        (_, Renewal::Portal) => {
            let _ = writeln!(s, "  Renewal is manual here (no EST platform configured):");
            let _ = writeln!(
                s,
                "  1. Prepare the new key and request:  agent renew --structure {st}"
            );
            let _ = writeln!(s, "     (it prints the request files and the portal steps)");
            let _ = writeln!(
                s,
                "  2. Log in to the IGC Santé certificate platform with the CPx card and order the"
            );
            let _ = writeln!(
                s,
                "     ORG {} certificate with that request (service applicatif {}).",
                a.usage,
                a.cn.as_deref().unwrap_or("-")
            );
            let _ = writeln!(
                s,
                "  3. Install what the platform delivers: agent import FILE"
            );
            let _ = writeln!(
                s,
                "  4. Check the result:                 agent status --structure {st}"
            );
        }
    }
    let _ = writeln!(
        s,
        "\nRenewal is due from {} (notAfter minus the renewal window).",
        rfc3339(a.renew_after)
    );
    let _ = writeln!(
        s,
        "\n-- \nagent notify on {}; this alert is sent once.",
        a.host
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
        let s = subject(&q, Lang::English);
        assert_eq!(s, "[agent] 1010000024 PHARMACIE DE L'ÉGLISE: ORG AUTH_CLI certificate expires soon (28 days left)");
        let b = body(&q, Lang::English);
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
        let p = body(
            &queued(EventKind::Threshold, 28, Renewal::Portal),
            Lang::English,
        );
        assert!(
            p.contains("agent import FILE") && p.contains("IGC Santé"),
            "{p}"
        );
        let e = subject(
            &queued(EventKind::Expired, -3, Renewal::Portal),
            Lang::English,
        );
        assert!(
            e.ends_with("certificate EXPIRED (expired 3 days ago)"),
            "{e}"
        );
    }
}
