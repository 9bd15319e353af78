//! The shape of the source tree (docs/architecture.md): these tests read `src/` as text.
//!
//! - the library's module graph (which top-level module names which, through `crate::…`) has no
//!   cycle;
//! - the command files of `src/cli/` do not import each other;
//! - only `src/cli/` uses clap, indicatif and rpassword;
//! - exit codes are decided in `src/cli/exit.rs` only: no other module defines or calls an
//!   `exit_code` or names the codes;
//! - no source file holds more than 800 lines of code (its unit tests at its foot aside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The code of a file without its unit tests and comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn top_module(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let tail = &rest[i + 7..];
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::Error` and `crate::Result` are the `error` module's, re-exported at the root.
        match name.as_str() {
            "" => {}
            "Error" | "Result" => {
                out.insert("error".to_string());
            }
            _ => {
                out.insert(name);
            }
        }
        rest = tail;
    }
    out
}

#[test]
fn the_module_graph_has_no_cycle() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| top_module(f))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let m = top_module(f);
        if !modules.contains(&m) {
            continue;
        }
        for r in crate_refs(&code(f)) {
            if r != m && modules.contains(&r) {
                edges.entry(m.clone()).or_default().insert(r);
            }
        }
    }
    // Depth-first search for a back edge; report the cycle found.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for n in edges.get(m).into_iter().flatten() {
            match state.get(n.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == n).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(n.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(n, edges, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in &modules {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(m, &edges, &mut state, &mut Vec::new()) {
                panic!("import cycle: {}", c.join(" -> "));
            }
        }
    }
}

#[test]
fn cli_command_files_do_not_import_each_other() {
    let cli = src().join("cli");
    let mut files = Vec::new();
    rust_files(&cli, &mut files);
    // Modules of the CLI that serve every command (not commands themselves).
    let shared = ["mod", "output", "args", "report", "lang", "help", "exit"];
    let commands: BTreeSet<String> = files
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|n| !shared.contains(&n.as_str()))
        .collect();
    let mut bad = Vec::new();
    for f in &files {
        let me = f.file_stem().unwrap().to_string_lossy().into_owned();
        if !commands.contains(&me) {
            continue;
        }
        let c = code(f);
        for other in &commands {
            if other != &me
                && (c.contains(&format!("super::{other}::"))
                    || c.contains(&format!("crate::cli::{other}::"))
                    || c.contains(&format!("super::{other};")))
            {
                bad.push(format!("cli/{me}.rs uses cli/{other}.rs"));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn only_the_cli_uses_clap_indicatif_and_rpassword() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut bad = Vec::new();
    for f in files {
        let m = top_module(&f);
        if m == "cli" || m == "main" {
            continue;
        }
        let c = code(&f);
        for dep in ["clap::", "indicatif::", "rpassword::"] {
            if c.contains(dep) {
                bad.push(format!("{} uses {dep}", f.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn files_stay_small() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut big = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .count();
        if lines > 800 {
            big.push(format!("{}: {lines} lines", f.display()));
        }
    }
    assert!(big.is_empty(), "files over 800 lines of code: {big:#?}");
}

/// Exit codes are decided once, in the CLI (`src/cli/exit.rs`, the table of docs/exit-codes.md):
/// no file outside `src/cli/`, its unit tests included, defines or calls an `exit_code`, or names
/// the codes (`crate::exit`, `cli::exit`, `error::exit`).
#[test]
fn exit_codes_are_decided_in_the_cli_only() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut bad = Vec::new();
    for f in files {
        if top_module(&f) == "cli" {
            continue;
        }
        // The whole file, unit tests included, without its comments.
        let text = std::fs::read_to_string(&f).unwrap();
        let c: String = text
            .lines()
            .map(|l| match l.find("//") {
                Some(i) => &l[..i],
                None => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        for name in [
            "fn exit_code",
            ".exit_code(",
            "exit_code_of",
            "crate::exit",
            "cli::exit",
            "error::exit",
            "mod exit",
        ] {
            if c.contains(name) {
                bad.push(format!("{} names {name}", f.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// The CLI stays a thin layer (issue 12: "well under 2,600 lines"): `src/cli/` holds at most
/// 2,300 lines of code, counted as cloc does (no blank or comment lines: the doc comments of the
/// argument structs are the English `--help` source), each file's unit tests at its foot aside,
/// as for the file size rule. What grows it past that is logic that belongs in the library.
#[test]
fn the_cli_stays_thin() {
    let mut files = Vec::new();
    rust_files(&src().join("cli"), &mut files);
    let mut per_file = Vec::new();
    let mut total = 0;
    for f in &files {
        let n = code(f).lines().filter(|l| !l.trim().is_empty()).count();
        per_file.push((n, f.display().to_string()));
        total += n;
    }
    per_file.sort();
    assert!(
        total <= 2300,
        "src/cli/ holds {total} lines of code (at most 2,300): {per_file:#?}"
    );
}
