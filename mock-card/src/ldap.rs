//! `mock-card ldap`: the annuaire CPS as a real OpenLDAP `slapd` on 127.0.0.1.
//!
//! A private configuration (slapd.conf style, `-f`) and an mdb database in a directory (a temporary
//! one unless `--dir`), the custom schema in `mock-card/ldap/annuaire-cps.schema`, the tree
//! `c=fr` / `o=TEST,c=fr` / `o=GIP-CPS,c=fr`, then the activity entries of the LDIF files given
//! (the procedure's example when none is). It prints the URL on stdout, one line, once slapd
//! answers, and runs in the foreground until SIGINT or SIGTERM, then stops slapd (by its pid)
//! and removes the temporary directory.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// The custom schema (raisonSociale, sectActRPPS, cpsActivite).
pub const SCHEMA: &str = include_str!("../ldap/annuaire-cps.schema");
/// The tree's base entries.
pub const BASE_LDIF: &str = include_str!("../ldap/base.ldif");
/// The procedure's example: RPPS 99700270616, four activities.
pub const PROCEDURE_EXAMPLE_LDIF: &str = include_str!("../ldap/procedure-example.ldif");

/// Options of `mock-card ldap`.
#[derive(Debug, clap::Args)]
pub struct LdapArgs {
    /// TCP port on 127.0.0.1 (0: a free port)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// LDIF file of activity entries to load (repeatable) [default: the procedure's example,
    /// RPPS 99700270616]. The base entries c=fr, o=TEST,c=fr and o=GIP-CPS,c=fr are created
    /// by mock-card: leave them out
    #[arg(long, value_name = "FILE")]
    pub ldif: Vec<PathBuf>,
    /// Keep configuration, database and pid file in this directory (created; must be empty)
    /// instead of a temporary one removed on exit
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The slapd program
    #[arg(long, default_value = "slapd", value_name = "PATH")]
    pub slapd: PathBuf,
    /// The slapadd program
    #[arg(long, default_value = "slapadd", value_name = "PATH")]
    pub slapadd: PathBuf,
}

/// Writes the configuration and loads the entries. Returns the config file.
fn prepare(dir: &Path, ldifs: &[PathBuf], slapadd: &Path) -> Result<PathBuf> {
    let db = dir.join("db");
    std::fs::create_dir_all(&db).with_context(|| format!("creating {}", db.display()))?;
    let schema = dir.join("annuaire-cps.schema");
    std::fs::write(&schema, SCHEMA)?;
    let module_path = ["/usr/lib/ldap", "/usr/lib64/openldap", "/usr/lib/openldap"]
        .into_iter()
        .find(|p| {
            Path::new(p).join("back_mdb.so").exists() || Path::new(p).join("back_mdb.la").exists()
        });
    let schema_dir = ["/etc/ldap/schema", "/etc/openldap/schema"]
        .into_iter()
        .find(|p| Path::new(p).join("core.schema").exists())
        .context("OpenLDAP's core.schema not found (install the slapd package)")?;
    let mut conf = String::new();
    conf.push_str(&format!("include {schema_dir}/core.schema\n"));
    conf.push_str(&format!("include {}\n", schema.display()));
    conf.push_str(&format!("pidfile {}\n", dir.join("slapd.pid").display()));
    conf.push_str(&format!("argsfile {}\n", dir.join("slapd.args").display()));
    if let Some(mp) = module_path {
        conf.push_str(&format!("modulepath {mp}\nmoduleload back_mdb\n"));
    }
    conf.push_str("loglevel none\n");
    conf.push_str("database mdb\nsuffix \"c=fr\"\nrootdn \"cn=admin,c=fr\"\n");
    conf.push_str(&format!("directory {}\n", db.display()));
    conf.push_str("maxsize 16777216\naccess to * by * read\n");
    let conf_path = dir.join("slapd.conf");
    std::fs::write(&conf_path, conf)?;

    let base = dir.join("base.ldif");
    std::fs::write(&base, BASE_LDIF)?;
    let mut files = vec![base];
    if ldifs.is_empty() {
        let p = dir.join("procedure-example.ldif");
        std::fs::write(&p, PROCEDURE_EXAMPLE_LDIF)?;
        files.push(p);
    } else {
        files.extend(ldifs.iter().cloned());
    }
    for f in files {
        let out = Command::new(slapadd)
            .arg("-f")
            .arg(&conf_path)
            .arg("-l")
            .arg(&f)
            .stdin(Stdio::null())
            .output()
            .with_context(|| {
                format!(
                    "cannot run {} (install the slapd package)",
                    slapadd.display()
                )
            })?;
        if !out.status.success() {
            bail!(
                "slapadd refused {}: {}",
                f.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
    }
    Ok(conf_path)
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

fn wait_ready(child: &mut Child, port: u16) -> Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if let Some(status) = child.try_wait()? {
            bail!("slapd exited before answering ({status}); is port {port} free?");
        }
        if Instant::now() > deadline {
            bail!("slapd did not answer on 127.0.0.1:{port} within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stop(child: &mut Child) {
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) on the pid of our own child, which has not been reaped yet.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs the directory until SIGINT or SIGTERM.
pub fn run(a: LdapArgs) -> Result<()> {
    let temp;
    let dir = match &a.dir {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            d.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("mock-annuaire-")
                .tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let conf = prepare(&dir, &a.ldif, &a.slapadd)?;
    let port = if a.port == 0 { free_port()? } else { a.port };
    let url = format!("ldap://127.0.0.1:{port}/");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut child = Command::new(&a.slapd)
        .arg("-h")
        .arg(&url)
        .arg("-f")
        .arg(&conf)
        .arg("-d")
        .arg("0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| {
            format!(
                "cannot run {} (install the slapd package)",
                a.slapd.display()
            )
        })?;
    if let Err(e) = wait_ready(&mut child, port) {
        stop(&mut child);
        return Err(e);
    }
    let exited = rt.block_on(async {
        use tokio::signal::unix::{signal, SignalKind};
        // Handlers first, URL second: whoever reads the URL may signal at once.
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        let mut out = std::io::stdout();
        writeln!(out, "{url}")?;
        out.flush()?;
        eprintln!(
                "mock-card: annuaire CPS on {url} (slapd pid {}, data in {}); stop with Ctrl-C or SIGTERM",
                child.id(),
                dir.display()
        );

        loop {
            tokio::select! {
                _ = term.recv() => return Ok::<_, anyhow::Error>(None),
                _ = int.recv() => return Ok(None),
                _ = tokio::time::sleep(Duration::from_millis(200)) => {
                    if let Some(status) = child.try_wait()? {
                        return Ok(Some(status));
                    }
                }
            }
        }
    });
    let exited = match exited {
        Ok(e) => e,
        Err(e) => {
            stop(&mut child);
            return Err(e);
        }
    };
    match exited {
        Some(status) => bail!("slapd stopped on its own ({status})"),
        None => {
            stop(&mut child);
            Ok(())
        }
    }
}
