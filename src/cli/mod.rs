//! The command-line interface. `main.rs` calls [`main`]; each command lives in its own module.
// The doc comments of the argument structs are the --help texts: they show `[section] key` and
// `<VALUE>` literally, which rustdoc would read as links and HTML.
#![allow(
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::bare_urls
)]

pub(crate) mod args;
pub(crate) mod card;
pub(crate) mod check;
pub(crate) mod csr;
pub(crate) mod enroll;
pub mod exit;
pub(crate) mod form413;
pub mod help;
pub(crate) mod import;
pub(crate) mod inspect;
pub(crate) mod lookup;
pub(crate) mod notify;
pub(crate) mod output;
pub(crate) mod renew;
pub(crate) mod report;
pub(crate) mod status;

use crate::i18n;
use crate::i18n::Localize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::card::token::{Token, TokenSelector};
use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::pin::SecretSource;

/// CPx smart-card certificate enrollment agent for the IGC Santé ORG certificates of the DMP.
///
/// The technical administrator of a pharmacy or practice uses it, with a CPS, CPE or CPA card, to
/// order the structure's ORG AUTH_CLI and ORG SIGN certificates, install them, and keep them from
/// expiring.
#[derive(Debug, Parser)]
#[command(
    name = "agent",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Options every command understands.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands; each has an environment override.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Where the agent keeps its state and certificate store [default: /var/lib/agent for root,
    /// $XDG_DATA_HOME/agent otherwise]
    #[arg(long, global = true, env = "AGENT_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Configuration file (TOML) [default: /etc/agent/config.toml for root,
    /// $XDG_CONFIG_HOME/agent/config.toml otherwise]
    #[arg(long, global = true, env = "AGENT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// PKCS#11 module of the card middleware [default: the Cryptolib CPS module, then modules
    /// registered with p11-kit]
    #[arg(long, global = true, env = "AGENT_PKCS11_MODULE", value_name = "PATH")]
    pub pkcs11_module: Option<PathBuf>,

    /// The card's token: its label, or an RFC 7512 URI such as "pkcs11:token=CPS%20..."
    #[arg(
        long,
        global = true,
        env = "AGENT_TOKEN",
        value_name = "LABEL|pkcs11:URI"
    )]
    pub token: Option<String>,

    /// Read the card PIN from the first line of this file (mode 0600: a file group or others
    /// can access is refused). Without --pin-file or --pin-fd the PIN is asked on the terminal,
    /// without echo; it is never accepted on the command line. It is the card's PIN only: a key
    /// store token has its own (pin-source= in its URI, or [key_store] pin_file)
    #[arg(long, global = true, env = "AGENT_PIN_FILE", value_name = "PATH")]
    pub pin_file: Option<PathBuf>,

    /// Read the card PIN from this inherited file descriptor (e.g. --pin-fd 3 3<pinfile): up to
    /// the first newline, once per run; the descriptor is not closed
    #[arg(long, global = true, value_name = "N")]
    pub pin_fd: Option<i32>,

    /// Language of messages and help: fr or en [default: AGENT_LANG, else the locale (LC_ALL,
    /// LC_MESSAGES, LANG), else en]. What scripts read (JSON, metrics, exit codes) is the same in
    /// every language
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<args::LangArg>,
}

/// The agent's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The CPx card: readers, token, PIN state, holder identity, login check
    #[command(subcommand)]
    Card(card::CardCommand),
    /// A practitioner's activities in the annuaire CPS (LDAP) and the identifier each one
    /// orders its certificates with (FINESS, SIRET or RPPS rang)
    Lookup(lookup::LookupArgs),
    /// Prepare form 413 (PDF and JSON) that habilitates the technical administrator to order
    /// the structure's ORG certificates
    Form413(Box<form413::Form413Args>),
    /// New key pairs and ORG certificate requests (AUTH_CLI, SIGN) for one structure, with the
    /// portal steps to order them; --show FILE prints a request or certificate
    Csr(Box<csr::CsrArgs>),
    /// Print a CSR or certificate in human terms and check it against the ORG profile (exit 40
    /// when it does not fit)
    Inspect(inspect::InspectArgs),
    /// Check what the platform issued (PEM, DER, PKCS#7 or PKCS#12) against the pending order and
    /// install it in the store; nothing is installed unless every check passes
    Import(Box<import::ImportArgs>),
    /// Order and install a structure's ORG certificates in one command: card login, keys,
    /// requests, EST over TLS authenticated by the card, checks, install (--portal: stop after the
    /// requests)
    Enroll(Box<enroll::EnrollArgs>),
    /// Renew what expires within the window (default 60 days): new keys and requests, EST
    /// re-enrollment or a portal order, install; for scripts and timers
    Renew(Box<renew::RenewArgs>),
    /// Test the DMP connection: the TLS handshake with the installed AUTH_CLI certificate
    Check(check::CheckArgs),
    /// Re-export an installed certificate and its key as a PKCS#12 bundle
    Export(import::ExportArgs),
    /// Switch a structure's certificate back to the previously installed version
    Rollback(import::RollbackArgs),
    /// Report the installed certificates: days left and state (ok, expiring, expired, invalid,
    /// missing, pending); exits 0/1/2/3 like a monitoring plugin
    Status(status::StatusArgs),
    /// Send the alerts that are due (threshold crossed, expired, invalid, renewal failed) by
    /// e-mail, webhook or command as configured in [notify]; each alert once; exit 60 when a
    /// channel failed (the alert is kept and sent on the next run)
    Notify(notify::NotifyArgs),
    /// List what is installed in the store
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the man pages (agent.1 and one per command) into a directory
    Man {
        /// The directory.
        #[arg(value_name = "DIR")]
        out: PathBuf,
    },
}

/// Everything a command needs from the global options, the environment and the config file.
#[derive(Debug)]
pub struct Context {
    /// The agent's home.
    pub home: PathBuf,
    /// The loaded configuration.
    pub config: Config,
    /// PKCS#11 module (flag, env, then config).
    pub pkcs11_module: Option<PathBuf>,
    /// Token selection (flag, env, then config).
    pub token: Option<TokenSelector>,
    /// Where the PIN comes from.
    pub pin_source: SecretSource,
}

impl Context {
    /// Builds the context: flags and environment first, then the configuration file.
    pub fn new(global: &GlobalArgs) -> Result<Context> {
        let config = Config::load(global.config.as_deref())?;
        let card = config.card.with_given(
            global.pkcs11_module.as_deref(),
            global.token.as_deref(),
            global.pin_file.as_deref(),
        );
        let token = card
            .token
            .as_deref()
            .map(TokenSelector::parse)
            .transpose()?;
        let home = global.home.clone().unwrap_or_else(config::default_home);
        crate::store::check_home(&home)?;
        Ok(Context {
            home,
            pkcs11_module: card.pkcs11_module,
            token,
            pin_source: SecretSource::from_options(card.pin_file, global.pin_fd),
            config,
        })
    }

    /// Opens the card's token as configured.
    pub fn open_token(&self) -> Result<Token> {
        Ok(Token::open(
            self.pkcs11_module.as_deref(),
            self.token.as_ref(),
        )?)
    }
}

/// Runs the agent: parses the command line, runs the command, maps errors to exit codes.
pub fn main() -> ExitCode {
    crate::pin::harden_process();
    crate::pin::set_terminal_prompt(|p| rpassword::prompt_password(p));
    crate::pin::set_prompt_wording(|p| p.localize());
    crate::store::set_wait_notice(|| output::note(crate::tr!("store-lock-waiting")));
    // The language first: the signal thread's notice is worded in it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    i18n::set(i18n::choose(i18n::flag_in_args(&args), |k| {
        std::env::var(k).ok()
    }));
    // The catalogue is parsed now, not in the signal thread when a signal comes.
    let _ = i18n::has(i18n::current(), "interrupted");
    crate::interrupt::install_with(crate::interrupt::Interrupted::notice);
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            match (i18n::current(), e.use_stderr()) {
                (i18n::Lang::Fr, true) => match help::french_parse_error(&e) {
                    Some(text) => eprint!("{text}"),
                    None => {
                        let _ = e.print();
                    }
                },
                _ => {
                    let _ = e.print();
                }
            }
            // `agent status` is read by monitoring systems, for which 2 means critical: its
            // usage errors exit 3 (could not check).
            let code = if e.use_stderr()
                && subcommand_of(std::env::args().skip(1)) == Some("status".into())
            {
                exit::status::UNKNOWN
            } else {
                e.exit_code().clamp(0, 255) as u8
            };
            return ExitCode::from(code);
        }
    };
    let result = run(cli);
    // Every session is closed by now but the key stores' (shared for the run): close them, then
    // C_Finalize each module once.
    crate::keys::pkcs11::close_all();
    crate::card::token::finalize_all();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let r = report::report(&e);
            eprintln!("{}", report::error_line(&e));
            ExitCode::from(r.code)
        }
    }
}

/// The command tree with its help in the language of the run.
pub fn command() -> clap::Command {
    help::localize(Cli::command(), i18n::current())
}

/// Parses a command line against the localized command tree.
fn parse(args: Vec<std::ffi::OsString>) -> std::result::Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.with_cmd(&cmd))
}

/// The subcommand name of a command line (its first word that is neither an option nor the value
/// of a global option), without parsing it.
fn subcommand_of(args: impl Iterator<Item = String>) -> Option<String> {
    const WITH_VALUE: [&str; 7] = [
        "--home",
        "--config",
        "--pkcs11-module",
        "--token",
        "--pin-file",
        "--pin-fd",
        "--lang",
    ];
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
        } else if WITH_VALUE.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with('-') {
            return Some(a);
        }
    }
    None
}

/// Runs one parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut command(), "agent", &mut std::io::stdout());
            Ok(exit::OK)
        }
        Command::Man { out } => {
            write_man_pages(&out)?;
            Ok(exit::OK)
        }
        Command::Csr(args) => {
            let ctx = Context::new(&cli.global)?;
            match &args.show {
                // `agent csr --show FILE` is `agent inspect FILE`.
                Some(file) => inspect::show(file, args.json, None),
                None => csr::run(&ctx, *args),
            }
        }
        Command::Inspect(args) => inspect::run(&Context::new(&cli.global)?, args),
        Command::Enroll(args) => enroll::run(&Context::new(&cli.global)?, *args),
        Command::Renew(args) => renew::run(&Context::new(&cli.global)?, *args),
        Command::Check(args) => check::run(&Context::new(&cli.global)?, args),
        Command::Import(args) => import::run_import(&Context::new(&cli.global)?, *args),
        Command::Export(args) => import::run_export(&Context::new(&cli.global)?, args),
        Command::Rollback(args) => import::run_rollback(&Context::new(&cli.global)?, args),
        Command::List { json } => import::run_list(&Context::new(&cli.global)?, json),
        Command::Status(args) => status::run(&cli.global, args),
        Command::Notify(args) => notify::run(&Context::new(&cli.global)?, args),
        Command::Card(cmd) => {
            let ctx = Context::new(&cli.global)?;
            card::run(&ctx, cmd)
        }
        Command::Lookup(args) => {
            let ctx = Context::new(&cli.global)?;
            lookup::run(&ctx, args)
        }
        Command::Form413(args) => {
            let ctx = Context::new(&cli.global)?;
            form413::run(&ctx, *args)
        }
    }
}

fn write_man_pages(out: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io("cannot create directory", out, e))?;
    let cmd = command();
    let mut pages = vec![(String::from("agent"), cmd.clone())];
    for sub in cmd.get_subcommands() {
        pages.push((format!("agent-{}", sub.get_name()), sub.clone()));
    }
    for (name, c) in pages {
        let mut buf = Vec::new();
        clap_mangen::Man::new(c.name(name.clone()))
            .render(&mut buf)
            .map_err(|e| Error::io("cannot render man page", out, e))?;
        if i18n::current() == i18n::Lang::Fr {
            buf = help::french_man_page(&buf).into_bytes();
        }
        let path = out.join(format!("{name}.1"));
        std::fs::write(&path, buf).map_err(|e| Error::io("cannot write", &path, e))?;
    }
    Ok(())
}
