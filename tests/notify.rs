//! `agent notify` against real receivers on 127.0.0.1 (aiosmtpd, Python http.server + ssl),
//! over stores populated the real way (tests/common/store.rs), with `faketime` moving the clock.

mod common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use common::notify::{free_port, http, records, server_cert, smtp, smtps};
use common::store::{finess_id, openssl_not_after, openssl_serial};
use common::world::{Validity, World};
use common::{have, run, stderr, stdout};
use serde_json::Value;

const NAME: &str = "PHARMACIE DE L'ÉGLISE";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn config(w: &World, text: &str) {
    std::fs::write(w.home().join("config.toml"), text).expect("config");
}

fn notify(w: &World, args: &[&str]) -> Output {
    run(w.agent().arg("notify").args(args))
}

/// `agent notify` with the clock moved by `offset` (libfaketime syntax, e.g. `+20d`).
fn notify_at(w: &World, offset: &str, args: &[&str]) -> Output {
    let mut c = w.agent();
    let prog = c.get_program().to_owned();
    let mut f = std::process::Command::new("faketime");
    f.arg("-f").arg(offset).arg(prog).arg("notify").args(args);
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => f.env(k, v),
            None => f.env_remove(k),
        };
    }
    let _ = &mut c;
    run(&mut f)
}

fn rfc3339(v: &Value) -> i64 {
    time::OffsetDateTime::parse(
        v.as_str().expect("a date"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("RFC 3339")
    .unix_timestamp()
}

fn subjects(mails: &[Value]) -> Vec<String> {
    mails
        .iter()
        .map(|m| m["subject"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn email_one_alert_per_event_no_repeat_and_new_ones_as_the_clock_moves() {
    assert!(
        have("faketime"),
        "faketime is missing (scripts/packages.txt)"
    );
    let w = World::new().with_pki();
    let s1 = finess_id(101);
    let s2 = finess_id(102);
    // S1: AUTH_CLI at 45 days (crosses 60d), SIGN at 5 days (crosses 60d, 30d and 7d at once).
    w.install(
        &s1,
        NAME,
        &[
            ("auth_cli", Validity::Days(-1000, 45)),
            ("sign", Validity::Days(-1000, 5)),
        ],
    );
    // S2: 2 years left, nothing to say.
    w.install(
        &s2,
        NAME,
        &[
            ("auth_cli", Validity::Days(0, 730)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    let port = free_port();
    let mail_dir = w.work.path().join("mails");
    let _smtp = smtp(port, &mail_dir, None);
    config(
        &w,
        &format!(
            "[notify]\n[notify.email]\nsmtp = \"smtp://127.0.0.1:{port}\"\nfrom = \"agent@cabinet.example\"\nto = [\"admin@cabinet.example\", \"second@cabinet.example\"]\n"
        ),
    );

    // Dry run: what would be sent, nothing sent, nothing remembered.
    let out = notify(&w, &["--dry-run", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let plan: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["checked"], 4);
    let planned: BTreeSet<(String, String)> = plan["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["alert"]["usage"].as_str().unwrap().to_string(),
                a["alert"]["threshold"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        planned,
        [
            ("AUTH_CLI".into(), "60d".into()),
            ("SIGN".into(), "7d".into())
        ]
        .into_iter()
        .collect()
    );
    assert!(records(&mail_dir).is_empty(), "a dry run sent mail");
    assert!(!w.home().join("notify/state.json").exists());
    let human = notify(&w, &["--dry-run"]);
    assert!(stdout(&human).contains("would send"), "{}", stdout(&human));

    // First run: two mails (one per certificate and event), to both recipients.
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 2, "{mails:#?}");
    let auth_cert = w.live(&s1, "auth_cli").join("cert.pem");
    let sign_cert = w.live(&s1, "sign").join("cert.pem");
    let auth = mails
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("AUTH_CLI"))
        .expect("AUTH_CLI mail");
    let sign = mails
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("SIGN"))
        .expect("SIGN mail");
    assert_eq!(
        auth["subject"],
        format!("[agent] {s1} {NAME}: ORG AUTH_CLI certificate expires soon (44 days left)")
    );
    assert_eq!(
        sign["subject"],
        format!("[agent] {s1} {NAME}: ORG SIGN certificate expires soon (4 days left)")
    );
    assert_eq!(auth["mail_from"], "agent@cabinet.example");
    assert_eq!(
        auth["rcpt_tos"],
        serde_json::json!(["admin@cabinet.example", "second@cabinet.example"])
    );
    assert_eq!(auth["content_type"], "text/plain");
    assert_eq!(auth["tls"], false);
    let body = auth["body"].as_str().unwrap();
    let not_after = openssl_not_after(&auth_cert);
    let fmt = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    for want in [
        "DMP AUTHENTIFICATION".to_string(),
        openssl_serial(&auth_cert),
        format!("Not after:    {}", fmt(not_after)),
        format!("Renew after:  {}", fmt(not_after - 60 * 86_400)),
        w.live(&s1, "auth_cli").display().to_string(),
        format!("agent renew --structure {s1}"),
        "agent import FILE".to_string(),
        "threshold 60d".to_string(),
    ] {
        assert!(body.contains(&want), "{want:?} not in:\n{body}");
    }
    let sbody = sign["body"].as_str().unwrap();
    assert!(sbody.contains("threshold 7d") && sbody.contains(&openssl_serial(&sign_cert)));
    let state = w.home().join("notify/state.json");
    assert_eq!(
        std::fs::metadata(&state).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Second run: nothing new.
    let out = notify(&w, &["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let o: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(o["alerts"].as_array().unwrap().len(), 0, "{o:#}");
    assert_eq!(records(&mail_dir).len(), 2);

    // 20 days later: AUTH_CLI crosses 30d, SIGN has expired; S2 still quiet.
    let out = notify_at(&w, "+20d", &[]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 4, "{:#?}", subjects(&mails));
    let new = subjects(&mails[2..]);
    assert!(
        new.contains(&format!(
            "[agent] {s1} {NAME}: ORG AUTH_CLI certificate expires soon (24 days left)"
        )),
        "{new:#?}"
    );
    assert!(
        new.contains(&format!(
            "[agent] {s1} {NAME}: ORG SIGN certificate EXPIRED (expired 16 days ago)"
        )),
        "{new:#?}"
    );
    let expired = mails[2..]
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("EXPIRED"))
        .unwrap();
    assert!(expired["body"].as_str().unwrap().contains("has EXPIRED"));
    // Same day again, and a day later: nothing.
    for at in ["+20d", "+21d"] {
        let out = notify_at(&w, at, &[]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    assert_eq!(records(&mail_dir).len(), 4);
    // 44 days later: AUTH_CLI at 0 days crosses 7d and 1d at once: one alert (1d).
    let out = notify_at(&w, "+44d", &["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 5, "{:#?}", subjects(&mails));
    assert!(
        mails[4]["body"].as_str().unwrap().contains("threshold 1d"),
        "{}",
        mails[4]["body"]
    );
}

#[test]
fn starttls_with_auth_https_webhook_with_token_and_command() {
    let w = World::new().with_pki();
    let s = finess_id(201);
    w.install(
        &s,
        NAME,
        &[
            ("auth_cli", Validity::Days(-1000, 20)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    let (ca, cert, key) = server_cert(w.work.path());
    let smtp_port = free_port();
    let mail_dir = w.work.path().join("mails");
    let _smtp = smtp(smtp_port, &mail_dir, Some((&cert, &key)));
    let http_port = free_port();
    let post_dir = w.work.path().join("posts");
    let _http = http(http_port, &post_dir, Some((&cert, &key)));
    let secret = |name: &str, text: &str| {
        let p = w.work.path().join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    };
    let pw = secret("smtp-password", "s3cret\n");
    let token = secret("token", "t0ken-abc\n");
    let env_out = w.work.path().join("command-env");
    let cmd = format!(
        "env | grep ^AGENT_ | sort >> {0}; cat >> {0}.stdin",
        env_out.display()
    );
    let cfg = format!(
        "[notify]\nthresholds = [\"60d\", \"30d\", \"7d\"]\n\
         [notify.email]\nsmtp = \"smtp://127.0.0.1:{smtp_port}?tls=required\"\nfrom = \"agent@cabinet.example\"\nto = [\"admin@cabinet.example\"]\nusername = \"agent\"\npassword_file = \"{}\"\nca = \"{}\"\n\
         [notify.webhook]\nurl = \"https://127.0.0.1:{http_port}/agent\"\nbearer_token_file = \"{}\"\nca = \"{}\"\n\
         [notify.command]\nrun = \"{}\"\n",
        pw.display(),
        ca.display(),
        token.display(),
        ca.display(),
        cmd.replace('"', "\\\"")
    );
    config(&w, &cfg);
    let out = notify(&w, &["--json"]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let o: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let channels: BTreeSet<&str> = o["alerts"][0]["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert!(d["error"].is_null(), "{d:#}");
            d["channel"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        channels,
        ["command", "email", "webhook"].into_iter().collect()
    );

    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert_eq!(mails[0]["tls"], true, "mail not sent over STARTTLS");
    assert_eq!(mails[0]["authenticated"], true);
    assert_eq!(mails[0]["login"], "agent");
    assert!(mails[0]["subject"]
        .as_str()
        .unwrap()
        .ends_with("ORG AUTH_CLI certificate expires soon (19 days left)"));

    let posts = records(&post_dir);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert_eq!(posts[0]["authorization"], "Bearer t0ken-abc");
    assert_eq!(posts[0]["content_type"], "application/json");
    assert_eq!(posts[0]["path"], "/agent");
    let body: Value = serde_json::from_str(posts[0]["body"].as_str().unwrap()).unwrap();
    let keys: BTreeSet<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "event",
            "threshold",
            "structure",
            "raison_sociale",
            "usage",
            "cn",
            "serial",
            "not_after",
            "days_left",
            "renew_after",
            "state",
            "host"
        ]
        .into_iter()
        .collect(),
        "{body:#}"
    );
    let live = w.live(&s, "auth_cli").join("cert.pem");
    assert_eq!(body["event"], "threshold");
    assert_eq!(body["threshold"], "30d");
    assert_eq!(body["structure"], s.as_str());
    assert_eq!(body["raison_sociale"], NAME);
    assert_eq!(body["usage"], "AUTH_CLI");
    assert_eq!(body["cn"], "DMP AUTHENTIFICATION");
    assert_eq!(body["serial"], openssl_serial(&live));
    assert_eq!(rfc3339(&body["not_after"]), openssl_not_after(&live));
    assert_eq!(
        rfc3339(&body["renew_after"]),
        openssl_not_after(&live) - 60 * 86_400
    );
    assert_eq!(body["days_left"], 19);
    assert_eq!(body["state"], "expiring");
    assert!(!body["host"].as_str().unwrap().is_empty());

    let env = std::fs::read_to_string(&env_out).expect("the command ran");
    for want in [
        "AGENT_EVENT=threshold".to_string(),
        "AGENT_THRESHOLD=30d".to_string(),
        format!("AGENT_STRUCTURE={s}"),
        "AGENT_USAGE=AUTH_CLI".to_string(),
        format!("AGENT_SERIAL={}", openssl_serial(&live)),
        "AGENT_DAYS_LEFT=19".to_string(),
        format!("AGENT_LIVE={}", w.live(&s, "auth_cli").display()),
    ] {
        assert!(env.lines().any(|l| l == want), "{want} not in\n{env}");
    }
    let stdin = std::fs::read_to_string(format!("{}.stdin", env_out.display())).unwrap();
    assert_eq!(stdin.lines().count(), 1);
    assert!(stdin.contains("certificate expires soon"), "{stdin}");

    // Again: no channel hears of it twice.
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(records(&mail_dir).len(), 1);
    assert_eq!(records(&post_dir).len(), 1);
    assert_eq!(std::fs::read_to_string(&env_out).unwrap(), env);

    // Credentials over plain SMTP are refused before anything is sent.
    config(
        &w,
        &cfg.replace(
            &format!(":{smtp_port}?tls=required"),
            &format!(":{smtp_port}"),
        ),
    );
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("only sent over TLS"),
        "{}",
        stderr(&out)
    );
    // So is an unknown key.
    config(
        &w,
        "[notify.webhook]\nurl = \"https://127.0.0.1:1/\"\ntoken = \"x\"\n",
    );
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("token"), "{}", stderr(&out));
}

#[test]
fn smtps_implicit_tls_with_auth_and_the_roots_from_config() {
    let w = World::new().with_pki();
    let s = finess_id(251);
    w.install(
        &s,
        NAME,
        &[
            ("auth_cli", Validity::Days(0, 730)),
            ("sign", Validity::Days(-1000, 50)),
        ],
    );
    let (ca, cert, key) = server_cert(w.work.path());
    let port = free_port();
    let mail_dir = w.work.path().join("mails");
    let _smtp = smtps(port, &mail_dir, &cert, &key);
    let pw = w.work.path().join("smtp-password");
    std::fs::write(&pw, "s3cret\n").unwrap();
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cfg = |roots: &Path| {
        format!(
            "[notify.email]\nsmtp = \"smtps://127.0.0.1:{port}\"\nfrom = \"agent@cabinet.example\"\nto = [\"admin@cabinet.example\"]\nusername = \"agent\"\npassword_file = \"{}\"\nca = \"{}\"\ntimeout = \"10s\"\n",
            pw.display(),
            roots.display()
        )
    };
    // Roots that did not issue the server's certificate: no mail, the alert is kept (exit 60).
    config(&w, &cfg(&w.ca().root()));
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 60, "{}\n{}", stdout(&out), stderr(&out));
    assert!(records(&mail_dir).is_empty());
    // The right roots: delivered over TLS, authenticated.
    config(&w, &cfg(&ca));
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert_eq!(mails[0]["tls"], true);
    assert_eq!(mails[0]["login"], "agent");
    assert!(mails[0]["subject"]
        .as_str()
        .unwrap()
        .ends_with("ORG SIGN certificate expires soon (49 days left)"));
}

#[test]
fn smtp_outage_keeps_the_alert_and_delivers_it_once() {
    let w = World::new().with_pki();
    let s = finess_id(301);
    w.install(
        &s,
        NAME,
        &[
            ("auth_cli", Validity::Days(-1000, 6)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    let smtp_port = free_port();
    let http_port = free_port();
    let mail_dir = w.work.path().join("mails");
    let post_dir = w.work.path().join("posts");
    let _http = http(http_port, &post_dir, None);
    config(
        &w,
        &format!(
            "[notify.email]\nsmtp = \"smtp://127.0.0.1:{smtp_port}\"\nfrom = \"agent@cabinet.example\"\nto = [\"admin@cabinet.example\"]\ntimeout = \"5s\"\n[notify.webhook]\nurl = \"http://127.0.0.1:{http_port}/hook\"\n"
        ),
    );
    // The SMTP server is down: the webhook takes the alert, the mail is kept, exit 60.
    for _ in 0..2 {
        let out = notify(&w, &["--json"]);
        assert_eq!(code(&out), 60, "{}\n{}", stdout(&out), stderr(&out));
        let o: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(o["kept"], 1, "{o:#}");
        assert_eq!(o["alerts"][0]["pending"], serde_json::json!(["email"]));
        assert!(stderr(&out).contains("kept"), "{}", stderr(&out));
        assert_eq!(records(&post_dir).len(), 1, "the webhook was asked twice");
    }
    let st: Value =
        serde_json::from_str(&std::fs::read_to_string(w.home().join("notify/state.json")).unwrap())
            .unwrap();
    assert_eq!(st["outbox"].as_array().unwrap().len(), 1, "{st:#}");
    // It comes back: the kept mail goes out, once; the webhook hears nothing more.
    let _smtp = smtp(smtp_port, &mail_dir, None);
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert!(
        mails[0]["subject"]
            .as_str()
            .unwrap()
            .ends_with("ORG AUTH_CLI certificate expires soon (5 days left)"),
        "{mails:#?}"
    );
    assert!(mails[0]["body"].as_str().unwrap().contains("threshold 7d"));
    assert_eq!(records(&post_dir).len(), 1);
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(records(&mail_dir).len(), 1);
    assert_eq!(records(&post_dir).len(), 1);
}

#[test]
fn failed_renewal_is_alerted_at_once_and_once() {
    let w = World::new().with_pki();
    let s = finess_id(401);
    w.install(
        &s,
        NAME,
        &[
            ("auth_cli", Validity::Days(-1000, 20)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    let http_port = free_port();
    let post_dir = w.work.path().join("posts");
    let _http = http(http_port, &post_dir, None);
    // An EST platform is configured, but no PIN source: renewal cannot run unattended.
    config(
        &w,
        &format!(
            "[platform]\nest_url = \"https://127.0.0.1:{}/.well-known/est\"\nest_ca = \"{}\"\n[notify.webhook]\nurl = \"http://127.0.0.1:{http_port}/hook\"\n",
            free_port(),
            w.ca().root().display()
        ),
    );
    let live = w.live(&s, "auth_cli").join("cert.pem");
    let renew = || run(w.agent().args(["renew", "--structure", &s]));
    let out = renew();
    assert_ne!(code(&out), 0, "{}", stderr(&out));
    let posts = records(&post_dir);
    assert_eq!(posts.len(), 1, "{posts:#?}\n{}", stderr(&out));
    let body: Value = serde_json::from_str(posts[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["event"], "renew_failed");
    assert!(body["threshold"].is_null());
    assert_eq!(body["usage"], "AUTH_CLI");
    assert_eq!(body["serial"], openssl_serial(&live));
    assert_eq!(body["state"], "expiring");
    // Failing again: not told twice.
    let out = renew();
    assert_ne!(code(&out), 0);
    assert_eq!(records(&post_dir).len(), 1);
    // `agent notify` adds the threshold alert only.
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let posts = records(&post_dir);
    assert_eq!(posts.len(), 2, "{posts:#?}");
    let body: Value = serde_json::from_str(posts[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["event"], "threshold");
    assert_eq!(body["threshold"], "30d");
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0);
    assert_eq!(records(&post_dir).len(), 2);
}

#[test]
fn nothing_configured_or_nothing_installed_is_success() {
    let w = World::new().with_pki();
    let out = notify(&w, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("no channel"), "{}", stderr(&out));
    config(&w, "[notify.command]\nrun = \"exit 1\"\n");
    let out = notify(&w, &["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let o: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(o["checked"], 0);
    assert!(!Path::new(&w.home().join("notify/state.json")).exists());
}

/// Under a French locale the mail (subject and body) and the human lines are French; the JSON
/// (its `subject` included) is byte-identical to the English run's.
#[test]
fn french_mail_and_lines_same_json() {
    let w = World::new().with_pki();
    let s1 = finess_id(103);
    w.install(&s1, NAME, &[("auth_cli", Validity::Days(-1000, 45))]);
    let port = free_port();
    let mail_dir = w.work.path().join("mails");
    let _smtp = smtp(port, &mail_dir, None);
    config(
        &w,
        &format!(
            "[notify]\n[notify.email]\nsmtp = \"smtp://127.0.0.1:{port}\"\nfrom = \"agent@cabinet.example\"\nto = [\"admin@cabinet.example\"]\n"
        ),
    );
    let fr = |args: &[&str]| {
        run(common::in_locale(w.agent(), "fr_FR.UTF-8")
            .arg("notify")
            .args(args))
    };
    let fr_plan = fr(&["--dry-run", "--json"]);
    let en_plan = notify(&w, &["--dry-run", "--json"]);
    assert_eq!(code(&fr_plan), 0, "{}", stderr(&fr_plan));
    assert_eq!(
        stdout(&fr_plan),
        stdout(&en_plan),
        "JSON depends on the language"
    );
    let plan: Value = serde_json::from_str(&stdout(&fr_plan)).expect("JSON");
    assert_eq!(
        plan["alerts"][0]["subject"],
        format!("[agent] {s1} {NAME}: ORG AUTH_CLI certificate expires soon (44 days left)")
    );
    let subject = format!(
        "[agent] {s1} {NAME}\u{a0}: le certificat ORG AUTH_CLI expire bientôt (44 jours restants)"
    );
    let human = fr(&["--dry-run"]);
    assert!(
        stdout(&human).contains(&format!("enverrait\u{a0}: {subject} -> email")),
        "{}",
        stdout(&human)
    );

    let out = fr(&[]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains(&format!("envoyée par email\u{a0}: {subject}")),
        "{}",
        stdout(&out)
    );
    let mails = records(&mail_dir);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert_eq!(mails[0]["subject"], subject);
    let body = mails[0]["body"].as_str().unwrap();
    for want in [
        format!("Le certificat ORG AUTH_CLI de la structure {s1} ({NAME}) sur l'hôte "),
        "expire dans 44 jours (seuil 60d).".to_string(),
        "Fin de validité\u{a0}:".to_string(),
        "Que faire\u{a0}:".to_string(),
        format!("agent renew --structure {s1}"),
        "agent import FICHIER".to_string(),
        "cette alerte n'est envoyée qu'une fois.".to_string(),
    ] {
        assert!(body.contains(&want), "{want:?} not in:\n{body}");
    }
    for english in [
        "Certificate:",
        "What to do",
        "expires in",
        "Renewal is due",
        "this alert",
    ] {
        assert!(!body.contains(english), "{english:?} in:\n{body}");
    }

    // A command that fails: the JSON says why in English, the human line in French.
    let w = World::new().with_pki();
    w.install(&s1, NAME, &[("auth_cli", Validity::Days(-1000, 45))]);
    config(&w, "[notify]\n[notify.command]\nrun = \"exit 3\"\n");
    let fr = |args: &[&str]| {
        run(common::in_locale(w.agent(), "fr_FR.UTF-8")
            .arg("notify")
            .args(args))
    };
    let out = fr(&["--json"]);
    assert_eq!(code(&out), 60, "{}", stderr(&out));
    let o: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        o["alerts"][0]["deliveries"][0]["error"],
        "the command \"exit 3\" exited with exit status: 3"
    );
    let out = fr(&[]);
    assert_eq!(code(&out), 60, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!(
            "NON envoyée par command\u{a0}: {subject} (la commande «\u{a0}exit 3\u{a0}» s'est \
             terminée en échec (exit status: 3))"
        )),
        "{}",
        stdout(&out)
    );
}
