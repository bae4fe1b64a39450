//! `icce`: the command line and HTTP server over the icce WebAssembly module.
//!
//! Every answer comes from the module (found as [`icce_host::find_module`] says, or given with
//! `--module`); this binary only reads input, picks an operation, and presents the answer.
//!
//! Exit codes ([`EXIT_CODES`], also in `--help`): 0 ready (or any answer that is not unusable, for
//! `call`, `rules` and `batch`), 1 incomplete, 3 invalid, 2 unusable input, a usage error, or a
//! module that cannot be found, loaded or trusted.

mod serve;
mod stats;
mod text;

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use icce_host::Runtime;
use icce_host::answer::{self, Outcome};
use serde_json::Value;

/// The exit codes, as `--help` states them (and the README).
const EXIT_CODES: &str = "Exit codes:
  0  ready (validate, stats); any answer that is not unusable (call, rules, batch, version, serve)
  1  incomplete: a destination needs data that is missing (validate)
  3  invalid: data is wrong and must be corrected (validate), or log entries were left out (stats)
  2  unusable input, a usage error, or a module that cannot be found, loaded or trusted

The module: --module PATH (or ICCE_MODULE); else icce_wasm_bg.wasm beside this executable; else
web-demo/pkg/icce_wasm_bg.wasm of an icce checkout the current directory is in. `icce version`
says which. Compiled code is cached in --cache-dir (default $XDG_CACHE_HOME/icce or ~/.cache/icce).";

const EXIT_INCOMPLETE: u8 = 1;
const EXIT_UNUSABLE: u8 = 2;
const EXIT_INVALID: u8 = 3;

#[derive(Parser)]
#[command(
    name = "icce",
    version,
    about = "Check requests for criminal conviction information abroad, with the icce WebAssembly module",
    after_help = EXIT_CODES
)]
struct Cli {
    /// The module to run [default: icce_wasm_bg.wasm beside this executable, else
    /// web-demo/pkg/icce_wasm_bg.wasm in the current directory or a parent]
    #[arg(long, global = true, env = "ICCE_MODULE", value_name = "PATH")]
    module: Option<PathBuf>,
    /// Refuse to run a module whose SHA-256 (hex) is not this one
    #[arg(long, global = true, env = "ICCE_EXPECT_MODULE_SHA256", value_name = "HEX")]
    expect_module_sha256: Option<String>,
    /// Where compiled code (`.cwasm`) is cached [default: $XDG_CACHE_HOME/icce, else ~/.cache/icce]
    #[arg(long, global = true, env = "ICCE_CACHE_DIR", value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Compile the module on every start; read and write no cache
    #[arg(long, global = true)]
    no_cache: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a request to ask other countries for a person's convictions (validateRequestOut)
    Validate {
        /// The request JSON; `-` reads standard input
        #[arg(default_value = "-", value_name = "FILE|-")]
        file: String,
        /// `text`: the answer for a person; `json`: the module's answer as it is
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Answer many requests: JSON Lines on standard input, one answer line per request line
    Batch {
        /// The operation for every line
        #[arg(long, default_value = "validateRequestOut")]
        operation: String,
    },
    /// The country rule book
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Versions and hashes of this program, the module and its rule book
    Version,
    /// Run any operation and print its raw JSON answer
    Call {
        /// validateRequestOut, listRules, showRules, …
        operation: String,
        /// The input JSON; `-` reads standard input
        #[arg(default_value = "-", value_name = "FILE|-")]
        file: String,
    },
    /// The quarterly profile of a log of exchanged messages (JSON Lines: process, country, date,
    /// outcome): a table, CSV, JSON or an SVG chart
    Stats {
        /// The log; `-` reads standard input
        #[arg(default_value = "-", value_name = "FILE|-")]
        file: String,
        /// `table`: quarters down, processes across; `csv`; `json`: the module's last answer;
        /// `svg`: the chart `POST /stats/chart.svg` draws
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
    },
    /// Serve the operations over HTTP (POST /v1/OPERATION) and the web demo at /
    Serve {
        /// The address to listen on; port 0 picks a free port (printed at start)
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// The folder served at / [default: the web-demo folder holding the module, else an
        /// embedded page]
        #[arg(long, value_name = "DIR")]
        web_root: Option<PathBuf>,
        /// An origin (`https://custody.example`) whose pages may call the service: CORS
        /// headers and preflight answers for it. Repeat for more; `*` allows any. Default: none
        /// (cross-origin calls are refused by browsers)
        #[arg(long = "cors-allow-origin", value_name = "ORIGIN", env = "ICCE_CORS_ALLOW_ORIGIN", value_delimiter = ',')]
        cors_allow_origins: Vec<String>,
        #[command(flatten)]
        limits: serve::Limits,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Every country with rules of its own, and what each needs
    List {
        /// `text`: a table for a person; `json`: the module's answer as it is
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// One country's requirements, with notes and sources
    Show {
        /// An ISO 3166-1 alpha-2 code such as PL, or `default`
        country: String,
        /// `text`: the rules for a person; `json`: the module's answer as it is
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatsFormat {
    /// Quarters down, processes across
    Table,
    /// One row per quarter, process, country and outcome
    Csv,
    /// The module's last answer
    Json,
    /// The chart
    Svg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For a person
    Text,
    /// The module's answer as it is
    Json,
}

/// What went wrong before there was an answer to show; always exit code 2.
type Failure = anyhow::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve { .. });
    init_logging(if serving { "info" } else { "warn" });
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("icce: {e:#}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// The flags every command shares: which module, which hash it must have, where its compiled
/// code is cached.
struct ModuleFlags {
    module: Option<PathBuf>,
    expect: Option<String>,
    cache_dir: Option<PathBuf>,
    no_cache: bool,
}

impl ModuleFlags {
    fn load(&self) -> Result<Runtime, Failure> {
        self.load_with(icce_host::Options::default())
    }

    fn load_with(&self, mut options: icce_host::Options) -> Result<Runtime, Failure> {
        let (path, found) = icce_host::find_module(self.module.as_deref()).map_err(anyhow::Error::msg)?;
        if !path.is_file() {
            anyhow::bail!(
                "no module at `{}` ({}): build it with scripts/build-wasm.sh, or give one with --module PATH (or ICCE_MODULE)",
                path.display(),
                found.describe()
            );
        }
        tracing::debug!(module = %path.display(), found = found.describe(), "module");
        options.expect_sha256 = self.expect.clone();
        options.cache_dir = if self.no_cache { None } else { self.cache_dir.clone().or(options.cache_dir) };
        Ok(Runtime::load_with(&path, options)?)
    }
}

fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read `{file}`: {e}"))?;
    }
    Ok(bytes)
}

/// The whole answer as a tree, for rendering it as text.
fn parse(answer: &str) -> Value {
    serde_json::from_str(answer).unwrap_or(Value::Null)
}

/// The exit code of `validate` and `stats` ([`EXIT_CODES`]).
fn outcome_exit(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Ready | Outcome::Ok => ExitCode::SUCCESS,
        Outcome::Incomplete => ExitCode::from(EXIT_INCOMPLETE),
        Outcome::Invalid => ExitCode::from(EXIT_INVALID),
        Outcome::Unusable | Outcome::Other => ExitCode::from(EXIT_UNUSABLE),
    }
}

/// The exit code of `call` and `rules`: only an unusable answer is a failure.
fn unusable_exit(outcome: Outcome) -> ExitCode {
    if outcome == Outcome::Unusable { ExitCode::from(EXIT_UNUSABLE) } else { ExitCode::SUCCESS }
}

fn print(s: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    if !s.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let flags = ModuleFlags { module: cli.module, expect: cli.expect_module_sha256, cache_dir: cli.cache_dir, no_cache: cli.no_cache };
    match cli.command {
        Command::Validate { file, format } => {
            let input = read_input(&file)?;
            let rt = flags.load()?;
            let answer = rt.call_bytes(b"validateRequestOut", &input)?;
            let outcome = answer::outcome(&answer);
            match format {
                Format::Json => print(&answer)?,
                Format::Text if outcome == Outcome::Unusable => print(&text::generic(&parse(&answer)))?,
                Format::Text => print(&text::validation(&parse(&answer)))?,
            }
            Ok(outcome_exit(outcome))
        }
        Command::Call { operation, file } => {
            let input = read_input(&file)?;
            let rt = flags.load()?;
            let answer = rt.call_bytes(operation.as_bytes(), &input)?;
            print(&answer)?;
            Ok(unusable_exit(answer::outcome(&answer)))
        }
        Command::Rules { command } => {
            let rt = flags.load()?;
            let (answer, format, render): (String, Format, fn(&Value) -> String) = match command {
                RulesCommand::List { format } => (rt.call("listRules", "{}")?, format, text::rules_list),
                RulesCommand::Show { country, format } => {
                    let input = serde_json::json!({ "country": country }).to_string();
                    (rt.call("showRules", &input)?, format, text::rules_show)
                }
            };
            let outcome = answer::outcome(&answer);
            match format {
                Format::Json => print(&answer)?,
                Format::Text if outcome == Outcome::Unusable => print(&text::generic(&parse(&answer)))?,
                Format::Text => print(&render(&parse(&answer)))?,
            }
            Ok(unusable_exit(outcome))
        }
        Command::Stats { file, format } => {
            let rt = flags.load()?;
            let p = if file == "-" {
                stats::profile_jsonl(&rt, std::io::stdin().lock(), stats::Chunking::default())?
            } else {
                let f = std::fs::File::open(&file).map_err(|e| anyhow::anyhow!("cannot read `{file}`: {e}"))?;
                stats::profile_jsonl(&rt, std::io::BufReader::new(f), stats::Chunking::default())?
            };
            if p.bad_lines > 0 {
                let shown: Vec<String> = p.bad_line_numbers.iter().map(usize::to_string).collect();
                let more = if p.bad_lines > shown.len() { ", …" } else { "" };
                eprintln!(
                    "icce stats: {} line(s) are not JSON objects (or are longer than {} KiB) and were left out (lines {}{more})",
                    p.bad_lines,
                    stats::MAX_LINE_BYTES >> 10,
                    shown.join(", ")
                );
            }
            let v = &p.value;
            if p.outcome() == Outcome::Unusable {
                if let Some(line) = p.unusable_line {
                    eprintln!("icce stats: the entry on line {line} stops the profile:");
                }
                print(&text::generic(v))?;
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
            match format {
                StatsFormat::Table => print(v.get("table").and_then(Value::as_str).unwrap_or(""))?,
                StatsFormat::Csv => print(v.get("csv").and_then(Value::as_str).unwrap_or(""))?,
                StatsFormat::Json => print(&p.answer)?,
                StatsFormat::Svg => print(&stats::chart_text(v).map_err(|e| anyhow::anyhow!("cannot draw the chart: {e}"))?)?,
            }
            let listed = v.get("diagnostics").and_then(Value::as_array).map_or(0, Vec::len);
            let left_out = listed as u64 + v.get("diagnosticsDropped").and_then(Value::as_u64).unwrap_or(0);
            if left_out > 0 {
                eprintln!("icce stats: {left_out} entr{} left out:", if left_out == 1 { "y" } else { "ies" });
                for (line, code, message) in &p.left_out {
                    eprintln!("  line {line}: {message} ({code})");
                }
                if left_out > p.left_out.len() as u64 {
                    eprintln!("  … (--format json lists up to 100; its pointers count entries, not lines, from the log's first entry)");
                }
            }
            tracing::info!(lines = p.lines, calls = p.calls, "stats");
            Ok(outcome_exit(p.outcome()))
        }
        Command::Version => {
            let rt = flags.load()?;
            let found = icce_host::find_module(flags.module.as_deref()).map_or("", |(_, f)| f.describe());
            let compiled = match rt.compiled() {
                icce_host::Compiled::FromCache(p) => format!("loaded from cache {}", p.display()),
                icce_host::Compiled::Compiled { cached_to: Some(p) } => format!("compiled now, cached to {}", p.display()),
                icce_host::Compiled::Compiled { cached_to: None } => "compiled now (not cached)".to_owned(),
            };
            print(&format!(
                "icce {}\nmodule: {} ({} bytes; {found})\nmodule sha256: {}\nabi version: {}\nrule book: {}\nrule book hash: {}\ncompiled code: {compiled}\n",
                env!("CARGO_PKG_VERSION"),
                rt.module_path().display(),
                rt.module_size(),
                rt.module_hash(),
                rt.abi_version(),
                rt.rulebook().version,
                rt.rulebook().hash,
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Batch { operation } => {
            let rt = flags.load()?;
            batch(&rt, &operation)
        }
        Command::Serve { addr, web_root, cors_allow_origins, limits } => {
            let rt = flags.load_with(limits.runtime_options())?;
            serve::run(rt, &addr, web_root, &limits, serve::Cors::new(cors_allow_origins)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// JSON Lines in, JSON Lines out, one line at a time: answers stream out as lines come in, and a
/// line that cannot be used gets its own `unusable` answer while the batch goes on. Blank lines
/// are skipped.
fn batch(rt: &Runtime, operation: &str) -> Result<ExitCode, Failure> {
    let mut input = std::io::BufReader::new(std::io::stdin().lock());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut last_progress = Instant::now();
    let mut counts: Vec<(String, u64)> = Vec::new();
    let mut total = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let record = line.strip_suffix(b"\n").unwrap_or(&line);
        let record = record.strip_suffix(b"\r").unwrap_or(record);
        if record.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let answer = rt.call_bytes(operation.as_bytes(), record)?;
        out.write_all(answer.as_bytes())?;
        out.write_all(b"\n")?;
        total += 1;
        // Counted as the answer spells its outcome; an answer whose head cannot be read, as
        // `unreadable`. Read as the server reads it for a status: from the answer's first members
        // when they are the module's usual start, so the kilobytes after them are not parsed
        // (that full read was ~9 % of a batch's time, `perf record`, BENCHMARKS.md).
        let outcome = answer::status_head(&answer).and_then(|h| h.outcome_text().map(str::to_owned)).unwrap_or_else(|| "unreadable".to_owned());
        match counts.iter_mut().find(|(o, _)| *o == outcome) {
            Some((_, n)) => *n += 1,
            None => counts.push((outcome, 1)),
        }
        // Stream: flush whenever no more input is already waiting.
        if input.buffer().is_empty() {
            out.flush()?;
        }
        if progress && last_progress.elapsed() >= Duration::from_millis(200) {
            last_progress = Instant::now();
            eprint!("\ricce batch: {total} answered");
        }
    }
    out.flush()?;
    if progress {
        eprint!("\r\x1b[K");
    }
    let summary: Vec<String> = counts.iter().map(|(o, n)| format!("{o} {n}")).collect();
    let summary = if summary.is_empty() { "nothing to do".to_owned() } else { summary.join(", ") };
    eprintln!("icce batch: {total} answered in {:.2} s: {summary}", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests")]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// `--help` describes every command, every flag and argument, and every value a flag takes.
    #[test]
    fn every_command_flag_and_value_is_described() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
                for value in arg.get_possible_values().into_iter().filter(|_| arg.get_action().takes_values()) {
                    if value.get_help().is_none() {
                        missing.push(format!("{path} {id}={}", value.get_name()));
                    }
                }
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(path.clone());
                }
                walk(sub, &path, missing);
            }
        }
        let cmd = Cli::command();
        cmd.clone().debug_assert();
        let mut missing = Vec::new();
        walk(&cmd, "icce", &mut missing);
        assert!(missing.is_empty(), "undescribed in --help: {missing:?}");
    }

    #[test]
    fn help_states_the_exit_codes() {
        let help = Cli::command().render_help().to_string();
        for line in ["Exit codes:", "0  ready", "1  incomplete", "3  invalid", "2  unusable input"] {
            assert!(help.contains(line), "`{line}` is not in --help:\n{help}");
        }
        assert_eq!((EXIT_INCOMPLETE, EXIT_UNUSABLE, EXIT_INVALID), (1, 2, 3));
    }
}
