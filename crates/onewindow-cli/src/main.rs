//! `onewindow`: the headless command line. Output is JSON (one object per line) so scripts can
//! read it; the subcommands and their output are stable and documented in the README.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Duration, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use onewindow_app::{database_path, default_data_dir, App};
use onewindow_domain::{validate, IdKind};
use serde::Serialize;
use serde_json::json;

#[derive(Parser)]
#[command(name = "onewindow", version, about = "一窗通 OneWindow: the headless command line")]
struct Cli {
    /// The SQLite database file (default: onewindow.db in $ONEWINDOW_DATA_DIR or the user's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The database itself.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// The Jiangmen demo data.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Check identifiers: one JSON object per value; exit 1 when any is invalid.
    Validate {
        #[arg(long, value_enum)]
        kind: KindArg,
        #[arg(required = true, allow_hyphen_values = true)]
        values: Vec<String>,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Create the database if needed and bring its schema up to date.
    Migrate,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Seed the demo into an empty database (a database with data is left alone).
    Seed,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    ResidentId,
    Uscc,
    Mobile,
    HkMacauPermit,
    ResidencePermit,
    TwPermit,
    Passport,
}

impl From<KindArg> for IdKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::ResidentId => IdKind::ResidentId,
            KindArg::Uscc => IdKind::Uscc,
            KindArg::Mobile => IdKind::Mobile,
            KindArg::HkMacauPermit => IdKind::HkMacauPermit,
            KindArg::ResidencePermit => IdKind::ResidencePermit,
            KindArg::TwPermit => IdKind::TwPermit,
            KindArg::Passport => IdKind::Passport,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", json!({ "error": format!("{e:#}") }));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate { kind, values } => Ok(validate_values(kind.into(), &values)),
        Command::Db { command: DbCommand::Migrate } => {
            let path = db_path(cli.db)?;
            block_on(async {
                App::open_sqlite(&path).await?;
                println!("{}", json!({ "database": path, "migrated": true }));
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Demo { command: DemoCommand::Seed } => {
            let path = db_path(cli.db)?;
            block_on(async {
                let app = App::open_sqlite(&path).await?;
                let report = app.seed_demo().await?;
                let mut out = serde_json::to_value(&report)?;
                out["database"] = json!(path);
                println!("{out}");
                Ok(ExitCode::SUCCESS)
            })
        }
    }
}

fn db_path(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    Ok(match flag {
        Some(path) => path,
        None => database_path(&default_data_dir()?),
    })
}

fn block_on<T>(f: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(f)
}

/// One line of `onewindow validate`, fields in the documented order.
#[derive(Serialize)]
struct Verdict<'a> {
    kind: &'static str,
    /// The normalised value when valid, else the value as given.
    value: &'a str,
    valid: bool,
    error: Option<VerdictError>,
}

#[derive(Serialize)]
struct VerdictError {
    code: &'static str,
    message: String,
}

fn validate_values(kind: IdKind, values: &[String]) -> ExitCode {
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let mut all_valid = true;
    for value in values {
        let checked = validate(kind, value, today);
        all_valid &= checked.is_ok();
        let verdict = match &checked {
            Ok(id) => Verdict { kind: kind.cli_name(), value: &id.value, valid: true, error: None },
            Err(e) => Verdict {
                kind: kind.cli_name(),
                value,
                valid: false,
                error: Some(VerdictError { code: e.code(), message: e.message_zh() }),
            },
        };
        println!("{}", serde_json::to_string(&verdict).expect("plain data serialises"));
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
