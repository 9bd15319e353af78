//! `mock-card reader`: a CPx card in a reader, through the real `pcscd` and the vpcd virtual
//! reader, with the card side written in Rust (crate `vpicc`, see [`crate::vcard`]).
//!
//! `mock-card reader start` is a supervisor that runs in the foreground until it gets SIGTERM or
//! SIGINT:
//! 1. it moves itself into a new network namespace (`unshare(CLONE_NEWNET)`) and brings its `lo`
//!    up, so that vpcd's listener (0.0.0.0:35963) is reachable from this namespace only;
//! 2. it starts `pcscd -f -c STATE_DIR/reader.conf.d` (a private reader.conf naming the vpcd
//!    driver) as its child, in that namespace; PC/SC clients reach pcscd through its unix socket
//!    `/run/pcscd/pcscd.comm`, which namespaces do not separate;
//! 3. it inserts the virtual card (a TCP connection to vpcd from the same namespace) and removes
//!    it (closes the connection) on command, through a unix socket `STATE_DIR/control.sock`.
//!
//! It prints one JSON line on stdout when pcscd is ready (`{"ready":true,...}`) and nothing else
//! on stdout; its log (and pcscd's, in `STATE_DIR/pcscd.log`) goes to stderr. It stops pcscd by
//! pid on SIGTERM, SIGINT or SIGHUP, on error, and when it returns (a drop guard); pcscd also gets
//! SIGTERM from the kernel if the supervisor dies (PR_SET_PDEATHSIG).

use std::ffi::CString;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use pcsc::{ReaderState, Scope, State};
use serde_json::{json, Value};

use crate::vcard::{self, CardState, InsertedCard};

/// pcscd's socket: fixed at build time in Debian's pcsc-lite, so one pcscd runs at a time.
pub const PCSCD_SOCKET: &str = "/run/pcscd/pcscd.comm";
/// pcscd's pid file.
pub const PCSCD_PID_FILE: &str = "/run/pcscd/pcscd.pid";
/// The vpcd driver of Debian's vsmartcard-vpcd package.
pub const VPCD_DRIVER: &str = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
/// vpcd's first slot listens on this TCP port (0x8C7B), its second on the next one.
pub const VPCD_PORT: u16 = 35963;
/// The PC/SC name of the reader the card goes into (vpcd's first slot).
pub const READER_NAME: &str = "Virtual PCD 00 00";
/// The control socket's name in the state directory.
pub const CONTROL_SOCKET: &str = "control.sock";

const READY_TIMEOUT: Duration = Duration::from_secs(15);
const STATE_TIMEOUT: Duration = Duration::from_secs(10);

/// The long help of `mock-card reader`.
pub const LONG_HELP: &str =
    "A card in a reader: real pcscd + the vpcd virtual reader + a virtual card.

`start` runs pcscd (Debian packages pcscd, vsmartcard-vpcd, iproute2) in a private network \
namespace (vpcd listens on port 35963 there, not on the machine's interfaces) and stays in the \
foreground until SIGTERM/SIGINT/SIGHUP, then stops pcscd. It prints one JSON line on stdout when \
pcscd is ready ({\"ready\":true,...}); its log goes to stderr, pcscd's to DIR/pcscd.log. The other \
subcommands talk to it through DIR/control.sock and print its JSON reply.

pcscd's socket is always /run/pcscd/pcscd.comm: only one `mock-card reader start` (or any pcscd) \
can run at a time on a machine. `start` must run as root (network namespace).

The reader is \"Virtual PCD 00 00\" (vpcd also shows an empty \"Virtual PCD 00 01\"). The card \
answers VERIFY (00 20 00 xx): 90 00 for the right PIN (counter reset), 63 Cx for a wrong one (x = \
tries left, 63 C0 when it blocks), 69 83 once blocked; VERIFY without data (tries-left query) \
returns 63 Cx or 69 83. The counter survives remove/insert; `unblock` resets it.

Example:
  mock-card reader start --state-dir /tmp/r --atr cps3 &
  mock-card reader insert --state-dir /tmp/r --atr cps4
  mock-card reader status --state-dir /tmp/r
  mock-card reader remove --state-dir /tmp/r
  kill %1";

/// Options of `mock-card reader`.
#[derive(Debug, clap::Args)]
pub struct ReaderArgs {
    #[command(subcommand)]
    cmd: ReaderCmd,
}

#[derive(Debug, clap::Subcommand)]
enum ReaderCmd {
    /// Run pcscd with the vpcd reader and the virtual card (foreground, until SIGTERM/SIGINT)
    Start(StartArgs),
    /// Insert the card (waits until pcscd sees it)
    Insert(InsertArgs),
    /// Remove the card (waits until pcscd sees it gone)
    Remove(DirArg),
    /// Print the reader and card state as JSON (inserted, atr, tries_left, blocked, pcscd_pid)
    Status(DirArg),
    /// Reset the PIN counter to its maximum (what the PUK does on a real card)
    Unblock(DirArg),
}

#[derive(Debug, clap::Args)]
struct DirArg {
    /// The directory given to `start`
    #[arg(long, value_name = "DIR")]
    state_dir: PathBuf,
}

#[derive(Debug, clap::Args)]
struct StartArgs {
    /// Directory for the reader.conf, pcscd's log and the control socket (created if missing)
    #[arg(long, value_name = "DIR")]
    state_dir: PathBuf,
    /// The card's ATR: cps3, cps4 or hex bytes ("3B 95 13 81 01 80 73 FF 01 00 0B")
    #[arg(long, default_value = "cps3")]
    atr: String,
    /// Insert the card at start (otherwise the reader starts empty)
    #[arg(long)]
    inserted: bool,
    /// The card's PIN (test card)
    #[arg(long, default_value = "1234")]
    pin: String,
    /// PIN tries before the card blocks
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=15))]
    tries: u8,
    /// Run pcscd with --debug --apdu (more log in DIR/pcscd.log)
    #[arg(long)]
    debug: bool,
}

#[derive(Debug, clap::Args)]
struct InsertArgs {
    /// The directory given to `start`
    #[arg(long, value_name = "DIR")]
    state_dir: PathBuf,
    /// Change the card's ATR first: cps3, cps4 or hex bytes (the PIN counter is kept)
    #[arg(long)]
    atr: Option<String>,
}

/// Runs `mock-card reader …`.
pub fn run(a: ReaderArgs) -> Result<()> {
    match a.cmd {
        ReaderCmd::Start(s) => start(s),
        ReaderCmd::Insert(i) => {
            let atr = match &i.atr {
                Some(a) => format!(" {}", hex::encode_upper(vcard::parse_atr(a)?)),
                None => String::new(),
            };
            client(&i.state_dir, &format!("insert{atr}")).map(print_reply)
        }
        ReaderCmd::Remove(d) => client(&d.state_dir, "remove").map(print_reply),
        ReaderCmd::Status(d) => client(&d.state_dir, "status").map(print_reply),
        ReaderCmd::Unblock(d) => client(&d.state_dir, "unblock").map(print_reply),
    }
}

fn print_reply(v: Value) {
    println!("{v}");
}

/// Sends one command to a running `start` and returns its JSON reply (an error if it failed).
fn client(dir: &Path, command: &str) -> Result<Value> {
    let path = dir.join(CONTROL_SOCKET);
    let mut s = UnixStream::connect(&path).with_context(|| {
        format!(
            "cannot reach `mock-card reader start` through {} (is it running with --state-dir {}?)",
            path.display(),
            dir.display()
        )
    })?;
    s.set_read_timeout(Some(STATE_TIMEOUT + Duration::from_secs(20)))?;
    writeln!(s, "{command}")?;
    let mut line = String::new();
    BufReader::new(&s).read_line(&mut line)?;
    let v: Value = serde_json::from_str(line.trim())
        .with_context(|| format!("bad reply from the reader: {line:?}"))?;
    if v["ok"] == Value::Bool(true) {
        Ok(v)
    } else {
        bail!(
            "{}",
            v["error"]
                .as_str()
                .unwrap_or("the reader refused the command")
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The supervisor

/// pcscd, stopped by pid when dropped or on a signal.
#[derive(Clone)]
struct PcscdGuard(Arc<Mutex<Option<Child>>>);

impl PcscdGuard {
    fn pid(&self) -> Option<u32> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(Child::id)
    }

    /// Whether pcscd exited (and how).
    fn exited(&self) -> Option<std::process::ExitStatus> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        g.as_mut().and_then(|c| c.try_wait().ok().flatten())
    }

    /// SIGTERM (pcscd then removes its socket), up to 5 s, then SIGKILL.
    fn stop(&self) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Some(mut child) = g.take() else {
            return;
        };
        if let Ok(None) = child.try_wait() {
            if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                // SAFETY: kill(2) on our own child's pid, which is not reaped yet (so not reused).
                unsafe { libc::kill(pid, libc::SIGTERM) };
            }
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            if let Ok(None) = child.try_wait() {
                eprintln!("mock-card reader: pcscd did not stop on SIGTERM; killing it");
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        // A killed pcscd leaves its socket behind; ours is the only pcscd (checked at start).
        if Path::new(PCSCD_SOCKET).exists() && UnixStream::connect(PCSCD_SOCKET).is_err() {
            let _ = std::fs::remove_file(PCSCD_SOCKET);
            let _ = std::fs::remove_file(PCSCD_PID_FILE);
        }
        eprintln!("mock-card reader: pcscd stopped");
    }
}

impl Drop for PcscdGuard {
    fn drop(&mut self) {
        // Any clone going away means the supervisor is ending (on error, too): stopping twice is
        // harmless, the first `stop` takes the child.
        self.stop();
    }
}

/// The card slot: the state that persists, and the connection while inserted.
struct Slot {
    state: Arc<Mutex<CardState>>,
    inserted: Option<(TcpStream, JoinHandle<()>)>,
}

/// Blocks SIGTERM, SIGINT and SIGHUP in this thread and the threads it creates, and returns the
/// set, for a thread that waits for them with `sigwait`. (Children inherit the mask: see
/// [`spawn_pcscd`].)
fn block_signals() -> Result<libc::sigset_t> {
    // SAFETY: plain libc calls on a local sigset_t, initialised by sigemptyset before use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            libc::sigaddset(&mut set, sig);
        }
        let rc = libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        if rc != 0 {
            bail!("pthread_sigmask: {}", std::io::Error::from_raw_os_error(rc));
        }
        Ok(set)
    }
}

fn wait_for_signal(set: &libc::sigset_t) -> i32 {
    let mut sig: libc::c_int = 0;
    // SAFETY: `set` is initialised; `sig` is a valid out-pointer.
    unsafe { libc::sigwait(set, &mut sig) };
    sig
}

/// Moves this process into a new network namespace with `lo` up.
fn enter_private_network() -> Result<()> {
    // SAFETY: unshare(2) with CLONE_NEWNET only changes this process's network namespace; it is
    // called before any thread is started.
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
        let e = std::io::Error::last_os_error();
        bail!("cannot create a network namespace (unshare CLONE_NEWNET: {e}); `mock-card reader start` must run as root (or with CAP_SYS_ADMIN)");
    }
    let st = Command::new(find_program("ip", "iproute2")?)
        .args(["link", "set", "lo", "up"])
        .status()
        .context("cannot run `ip`")?;
    if !st.success() {
        bail!("`ip link set lo up` failed in the new network namespace ({st})");
    }
    Ok(())
}

/// Refuses to start next to another pcscd; removes a dead pcscd's socket.
fn check_no_other_pcscd() -> Result<()> {
    if !Path::new(PCSCD_SOCKET).exists() {
        return Ok(());
    }
    if UnixStream::connect(PCSCD_SOCKET).is_ok() {
        let pid = std::fs::read_to_string(PCSCD_PID_FILE).unwrap_or_default();
        bail!(
            "another pcscd is running (pid {}, socket {PCSCD_SOCKET}): pcscd's socket path is fixed, so only one runs at a time; stop it first (tests using pcscd run one at a time)",
            pid.trim_matches(|c: char| c.is_whitespace() || c == '\0')
        );
    }
    eprintln!("mock-card reader: removing the stale pcscd socket {PCSCD_SOCKET}");
    std::fs::remove_file(PCSCD_SOCKET)
        .with_context(|| format!("cannot remove the stale {PCSCD_SOCKET}"))?;
    let _ = std::fs::remove_file(PCSCD_PID_FILE);
    Ok(())
}

fn write_reader_conf(dir: &Path) -> Result<PathBuf> {
    if !Path::new(VPCD_DRIVER).exists() {
        bail!("the vpcd driver {VPCD_DRIVER} is missing: install the vsmartcard-vpcd package");
    }
    let conf_dir = dir.join("reader.conf.d");
    std::fs::create_dir_all(&conf_dir)?;
    // As Debian's /etc/reader.conf.d/vpcd: DEVICENAME /dev/null:PORT makes vpcd listen (rather
    // than connect to a card host); CHANNELID is the same port.
    std::fs::write(
        conf_dir.join("vpcd"),
        format!(
            "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:0x{VPCD_PORT:04X}\nLIBPATH      {VPCD_DRIVER}\nCHANNELID    0x{VPCD_PORT:04X}\n"
        ),
    )?;
    Ok(conf_dir)
}

/// A program on PATH or in the sbin directories (which a non-login PATH may lack).
fn find_program(name: &str, package: &str) -> Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            anyhow!("`{name}` not found on PATH nor in /usr/sbin: install the {package} package")
        })
}

fn spawn_pcscd(conf_dir: &Path, log: &Path, debug: bool) -> Result<Child> {
    let log_file = std::fs::File::create(log)?;
    let mut cmd = Command::new(find_program("pcscd", "pcscd")?);
    cmd.arg("--foreground").arg("--config").arg(conf_dir);
    if debug {
        cmd.args(["--debug", "--apdu"]);
    }
    cmd.stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    // SAFETY: the closure only calls async-signal-safe functions (sigemptyset, pthread_sigmask,
    // signal, prctl) on local data. It unblocks the signals this supervisor blocks (std passes the
    // signal mask and ignored SIGPIPE on to children, and pcscd would then ignore SIGTERM), and
    // PR_SET_PDEATHSIG makes the kernel send SIGTERM to pcscd if the supervisor dies without
    // cleaning up (SIGKILL).
    unsafe {
        cmd.pre_exec(|| {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::pthread_sigmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.spawn().context("cannot start pcscd")
}

fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// Reader names as pcscd lists them (an empty list when it has none).
fn pcsc_readers() -> Result<Vec<String>, pcsc::Error> {
    let ctx = pcsc::Context::establish(Scope::User)?;
    match ctx.list_readers_owned() {
        Ok(n) => Ok(n
            .into_iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect()),
        Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

fn wait_ready(guard: &PcscdGuard, log: &Path) -> Result<()> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        if let Some(st) = guard.exited() {
            bail!(
                "pcscd exited at start ({st}); its log ({}):\n{}",
                log.display(),
                log_tail(log)
            );
        }
        if let Ok(names) = pcsc_readers() {
            if names.iter().any(|n| n == READER_NAME) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!(
                "pcscd did not list {READER_NAME:?} within {} s; its log ({}):\n{}",
                READY_TIMEOUT.as_secs(),
                log.display(),
                log_tail(log)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until pcscd reports the card present (with this ATR) or absent in the reader.
fn wait_card_state(present: bool, atr: Option<&[u8]>) -> Result<()> {
    let ctx = pcsc::Context::establish(Scope::User).context("PC/SC (pcscd)")?;
    let name = CString::new(READER_NAME)?;
    let deadline = Instant::now() + STATE_TIMEOUT;
    loop {
        let mut rs = [ReaderState::new(name.as_c_str(), State::UNAWARE)];
        ctx.get_status_change(Duration::ZERO, &mut rs)
            .context("SCardGetStatusChange")?;
        let st = rs[0].event_state();
        let is_present = st.contains(State::PRESENT);
        let atr_ok = atr.is_none_or(|a| rs[0].atr() == a);
        if is_present == present && (!present || atr_ok) && !st.contains(State::MUTE) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "pcscd did not see the card {} within {} s (reader state: {st:?}, ATR {})",
                if present { "inserted" } else { "removed" },
                STATE_TIMEOUT.as_secs(),
                atr_hex(rs[0].atr())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Slot {
    fn insert(&mut self, atr: Option<Vec<u8>>) -> Result<Value> {
        if self.inserted.is_some() {
            bail!("a card is already inserted: remove it first");
        }
        if let Some(atr) = atr {
            vcard::lock(&self.state).atr = atr;
        }
        let atr = vcard::lock(&self.state).atr.clone();
        let deadline = Instant::now() + Duration::from_secs(3);
        let stream = loop {
            match TcpStream::connect(("127.0.0.1", VPCD_PORT)) {
                Ok(s) => break s,
                Err(e) if Instant::now() > deadline => {
                    bail!("cannot connect to vpcd on 127.0.0.1:{VPCD_PORT}: {e}")
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        let _ = stream.set_nodelay(true);
        let control = stream.try_clone()?;
        let mut card = InsertedCard::new(self.state.clone());
        let thread = std::thread::Builder::new()
            .name("vcard".into())
            .spawn(move || {
                let mut conn = vpicc::Connection::from(stream);
                while conn.poll(&mut card).is_ok() {}
            })?;
        self.inserted = Some((control, thread));
        wait_card_state(true, Some(&atr))?;
        eprintln!("mock-card reader: card inserted, ATR {}", atr_hex(&atr));
        Ok(json!({"ok": true, "inserted": true, "atr": atr_hex(&atr)}))
    }

    fn remove(&mut self) -> Result<Value> {
        let Some((stream, thread)) = self.inserted.take() else {
            bail!("no card is inserted");
        };
        let _ = stream.shutdown(Shutdown::Both);
        let _ = thread.join();
        wait_card_state(false, None)?;
        eprintln!("mock-card reader: card removed");
        Ok(json!({"ok": true, "inserted": false}))
    }

    fn status(&self, pcscd_pid: Option<u32>) -> Value {
        let st = vcard::lock(&self.state);
        json!({
            "ok": true,
            "reader": READER_NAME,
            "inserted": self.inserted.is_some(),
            "atr": atr_hex(&st.atr),
            "tries_left": st.tries_left,
            "max_tries": st.max_tries,
            "blocked": st.blocked(),
            "pcscd_pid": pcscd_pid,
        })
    }
}

fn start(a: StartArgs) -> Result<()> {
    let atr = vcard::parse_atr(&a.atr)?;
    std::fs::create_dir_all(&a.state_dir)
        .with_context(|| format!("cannot create {}", a.state_dir.display()))?;
    let dir = std::path::absolute(&a.state_dir)?;
    let control_path = dir.join(CONTROL_SOCKET);
    if control_path.as_os_str().len() > 100 {
        bail!(
            "the state directory path is too long for a unix socket: {}",
            dir.display()
        );
    }
    let signals = block_signals()?;
    check_no_other_pcscd()?;
    enter_private_network()?;
    let conf_dir = write_reader_conf(&dir)?;
    let log = dir.join("pcscd.log");
    let guard = PcscdGuard(Arc::new(Mutex::new(Some(spawn_pcscd(
        &conf_dir, &log, a.debug,
    )?))));
    let pid = guard.pid();
    if let Some(pid) = pid {
        std::fs::write(dir.join("pcscd.pid"), format!("{pid}\n"))?;
    }
    {
        let guard = guard.clone();
        let control_path = control_path.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let sig = wait_for_signal(&signals);
                eprintln!("mock-card reader: signal {sig}, stopping");
                guard.stop();
                let _ = std::fs::remove_file(&control_path);
                std::process::exit(0);
            })?;
    }
    wait_ready(&guard, &log)?;

    let mut slot = Slot {
        state: Arc::new(Mutex::new(CardState::new(atr, &a.pin, a.tries))),
        inserted: None,
    };
    if a.inserted {
        slot.insert(None)?;
    }
    let _ = std::fs::remove_file(&control_path);
    let listener = UnixListener::bind(&control_path)
        .with_context(|| format!("cannot listen on {}", control_path.display()))?;
    listener.set_nonblocking(true)?;
    println!(
        "{}",
        json!({
            "ready": true,
            "reader": READER_NAME,
            "pcscd_pid": pid,
            "control": control_path,
            "inserted": a.inserted,
        })
    );
    std::io::stdout().flush()?;
    eprintln!(
        "mock-card reader: pcscd (pid {}) ready with {READER_NAME:?}; control socket {}",
        pid.unwrap_or_default(),
        control_path.display()
    );

    let result = serve(&listener, &mut slot, &guard, &log);
    let _ = std::fs::remove_file(&control_path);
    if let Some((stream, _)) = slot.inserted.take() {
        let _ = stream.shutdown(Shutdown::Both);
    }
    guard.stop();
    result
}

/// Serves control commands until pcscd dies (an error) or a signal ends the process.
fn serve(listener: &UnixListener, slot: &mut Slot, guard: &PcscdGuard, log: &Path) -> Result<()> {
    loop {
        if let Some(st) = guard.exited() {
            bail!(
                "pcscd exited unexpectedly ({st}); its log ({}):\n{}",
                log.display(),
                log_tail(log)
            );
        }
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(25));
                continue;
            }
            Err(e) => return Err(anyhow!("control socket: {e}")),
        };
        if let Err(e) = handle(stream, slot, guard) {
            eprintln!("mock-card reader: control connection: {e:#}");
        }
    }
}

fn handle(stream: UnixStream, slot: &mut Slot, guard: &PcscdGuard) -> Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let reply = match (words.next(), words.next()) {
        (Some("insert"), atr) => atr
            .map(vcard::parse_atr)
            .transpose()
            .and_then(|atr| slot.insert(atr)),
        (Some("remove"), None) => slot.remove(),
        (Some("status"), None) => Ok(slot.status(guard.pid())),
        (Some("unblock"), None) => {
            vcard::lock(&slot.state).unblock();
            Ok(slot.status(guard.pid()))
        }
        _ => Err(anyhow!(
            "unknown command {:?} (insert [ATR-HEX], remove, status, unblock)",
            line.trim()
        )),
    };
    let reply = reply.unwrap_or_else(|e| json!({"ok": false, "error": format!("{e:#}")}));
    let mut w = &stream;
    writeln!(w, "{reply}")?;
    Ok(())
}

/// An ATR as the PC/SC tools print it (`3B AC 00 …`).
fn atr_hex(atr: &[u8]) -> String {
    atr.iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}
