//! `orderlink`: check a customer file before it is loaded (I1–I5), and load it into a
//! workspace kept in a file, from a terminal or a CI job.
//!
//! ```text
//! orderlink import validate customers.csv                    # the file alone
//! orderlink import preview customers.xlsx --json             # against a new, empty workspace
//! orderlink workspace create "Harbour Foods" --db shop.db    # a workspace in a SQLite file
//! orderlink import preview customers.csv --db shop.db        # against that workspace
//! orderlink import confirm customers.csv --db shop.db        # preview and save, in one go
//! ```
//! Exit status: 0 when every row can be imported (confirm: when it was saved), 1 when a row or
//! the file has an error (confirm: nothing saved, unless --skip-errors), 2 when the command
//! itself cannot run (a missing file, a path that is not a regular file or is larger than the
//! byte limit and so is not read, a bad option, a store that cannot be opened).
#![forbid(unsafe_code)]

mod db;
mod safe;

use clap::{Args, Parser, Subcommand};
use db::Location;
use orderlink::import::{validate_import, ImportFormat, ImportLimits, ImportOptions, ImportPreview, ImportReport};
use orderlink::{Env, NewWorkspace, Workspace};
use safe::{errln, outln};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "orderlink", version, about = "orderlink: B2B customer files, checked before they are loaded")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Customer import files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Workspaces kept in a store.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Check a file on its own: headers, every row's values, codes repeated in the file.
    Validate(FileArgs),
    /// Check a file against a workspace and say what each row would do (create, update, error);
    /// saves nothing. Against the workspace in --db, or else a new, empty one.
    Preview(PreviewArgs),
    /// Preview a file against the workspace in --db and save its rows, in one atomic write.
    /// If any row has an error nothing is saved (exit 1), unless --skip-errors.
    Confirm(ConfirmArgs),
}

#[derive(Subcommand)]
enum WorkspaceCommand {
    /// Create a workspace in a new (or empty) store.
    Create(CreateArgs),
}

#[derive(Args)]
struct FileArgs {
    /// The file: .csv, .xlsx, or .tsv / .txt for rows pasted from a spreadsheet.
    file: PathBuf,
    /// csv, xlsx or pasted; detected from the file when not given.
    #[arg(long)]
    format: Option<String>,
    /// The XLSX sheet to read (the first one when not given).
    #[arg(long)]
    sheet: Option<String>,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Print only the counts line (the exit status still says whether there were errors).
    #[arg(long, conflicts_with = "json")]
    quiet: bool,
    /// Write the rows with errors, and their issues, to this file (.xlsx or .csv).
    #[arg(long, value_name = "FILE")]
    errors_out: Option<PathBuf>,
    /// The most data rows a file may have (default: orderlink's import limit; not with --db,
    /// where the workspace's own limit applies).
    #[arg(long)]
    max_rows: Option<usize>,
    /// The largest file, in bytes (default: orderlink's import limit; not with --db).
    #[arg(long)]
    max_bytes: Option<usize>,
    /// validate: names must be unique in the file (C4).
    #[arg(long)]
    unique_names: bool,
    /// validate: the price groups that exist (repeat the option); others are reported.
    #[arg(long = "price-group", value_name = "NAME")]
    price_groups: Vec<String>,
}

/// Where a workspace is kept: a SQLite file path (or sqlite:PATH); postgres:// URLs are
/// reserved for the PostgreSQL store.
const DB_HELP: &str = "The workspace's store: a SQLite file (PATH or sqlite:PATH)";

#[derive(Args)]
struct PreviewArgs {
    #[command(flatten)]
    file: FileArgs,
    #[arg(long, value_name = "PATH", help = DB_HELP, value_parser = db::LocationParser)]
    db: Option<Location>,
}

#[derive(Args)]
struct ConfirmArgs {
    #[command(flatten)]
    file: FileArgs,
    #[arg(long, value_name = "PATH", help = DB_HELP, value_parser = db::LocationParser)]
    db: Location,
    /// Save the valid rows even if other rows have errors (those are listed, not saved).
    #[arg(long)]
    skip_errors: bool,
}

#[derive(Args)]
struct CreateArgs {
    /// The workspace's (supplier's) name.
    name: String,
    #[arg(long, value_name = "PATH", help = DB_HELP, value_parser = db::LocationParser)]
    db: Location,
    /// Where order links point: {base-url}/order/{code}.
    #[arg(long)]
    base_url: Option<String>,
    /// The ISO 4217 currency of prices and order totals (USD when not given).
    #[arg(long)]
    currency: Option<String>,
    /// C4: customer names must be unique.
    #[arg(long)]
    unique_names: bool,
}

impl FileArgs {
    fn format(&self) -> Result<Option<ImportFormat>, String> {
        if let Some(f) = &self.format {
            return f.parse().map(Some).map_err(|e: orderlink::Error| e.to_string());
        }
        Ok(ImportFormat::for_path(&self.file))
    }

    fn limits(&self) -> ImportLimits {
        let default = ImportLimits::default();
        ImportLimits {
            max_rows: self.max_rows.unwrap_or(default.max_rows),
            max_bytes: self.max_bytes.unwrap_or(default.max_bytes),
            ..default
        }
    }

    /// With a workspace its own limits apply: a flag would silently not.
    fn no_limits_with(&self, db: &Location) -> Result<(), String> {
        if self.max_rows.is_some() || self.max_bytes.is_some() {
            return Err(format!(
                "--max-rows and --max-bytes are for files checked without a workspace; {db} has its own import limits"
            ));
        }
        Ok(())
    }

    fn name(&self) -> String {
        self.file.display().to_string()
    }
}

/// R2: the file through the core's one path reader: a regular file, never read past the byte
/// limit (a larger one, a FIFO or a device is refused before it is read).
fn read(path: &Path, limits: &ImportLimits) -> Result<Vec<u8>, String> {
    orderlink::import::read_path(path, limits).map_err(|e| format!("{e} [{}]", e.code()))
}

fn write_error_file(report: &ImportReport, path: &Path) -> Result<(), String> {
    let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx { report.error_file_xlsx() } else { report.error_file_csv() }.map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn print_issues(report: &ImportReport) {
    let summary = report.summary();
    if summary.is_empty() {
        return;
    }
    outln!();
    for g in &summary {
        outln!("{:<7} {}", g.severity.as_str(), g.text);
    }
    outln!();
    for i in &report.issues {
        let place = match (i.row, &i.column) {
            (Some(r), Some(c)) => format!("row {r}, {c}"),
            (Some(r), None) => format!("row {r}"),
            (None, Some(c)) => format!("column {c}"),
            (None, None) => "file".to_owned(),
        };
        outln!("  {place}: {} [{}]", i.message, i.code);
    }
}

fn validate(args: &FileArgs) -> Result<bool, String> {
    let bytes = read(&args.file, &args.limits())?;
    let options = ImportOptions {
        format: args.format()?,
        sheet: args.sheet.clone(),
        limits: args.limits(),
        unique_names: args.unique_names,
        price_groups: (!args.price_groups.is_empty()).then(|| args.price_groups.clone()),
    };
    let report = validate_import(&bytes, &options).map_err(|e| e.to_string())?;
    let out = json!({ "file": args.name(), "report": &report, "summary": report.summary() });
    if !args.json {
        outln!("{}: {}", args.name(), report.summary_text().lines().next().unwrap_or_default());
    }
    finish(args, &report, &out)?;
    Ok(!report.has_errors())
}

/// Reads the file against a workspace; prints the counts line unless --json.
fn preview_file(ws: &Workspace, args: &FileArgs) -> Result<(ImportPreview, serde_json::Value), String> {
    let limits = ws.settings().map_err(|e| e.to_string())?.import_limits;
    let bytes = read(&args.file, &limits)?;
    let p = ws.preview_import(&bytes, args.format()?, args.sheet.as_deref()).map_err(|e| e.to_string())?;
    let out = json!({
        "file": args.name(), "creates": p.creates(), "updates": p.updates(), "unchanged": p.unchanged(),
        "errors": p.errors(), "rows": p.rows, "report": p.report, "summary": p.report.summary(),
    });
    if !args.json {
        outln!("{}: {}", args.name(), p.report.summary_text().lines().next().unwrap_or_default());
        outln!("would create {}, update {} ({} unchanged)", p.creates(), p.updates(), p.unchanged());
    }
    Ok((p, out))
}

fn preview(args: &PreviewArgs) -> Result<bool, String> {
    let ws = match &args.db {
        Some(db) => {
            args.file.no_limits_with(db)?;
            db.workspace()?
        }
        None => {
            let settings = NewWorkspace { import_limits: args.file.limits(), ..NewWorkspace::named("orderlink CLI") };
            Workspace::in_memory(settings).map_err(|e| e.to_string())?
        }
    };
    let (p, out) = preview_file(&ws, &args.file)?;
    finish(&args.file, &p.report, &out)?;
    Ok(!p.report.has_errors())
}

/// I4 in one go: the preview, then (when every row is valid, or --skip-errors) the confirm of
/// exactly what it showed.
fn confirm(args: &ConfirmArgs) -> Result<bool, String> {
    args.file.no_limits_with(&args.db)?;
    let ws = args.db.workspace()?;
    let (p, mut out) = preview_file(&ws, &args.file)?;
    let save = !p.report.refused && (p.errors() == 0 || args.skip_errors);
    let result = if save { Some(ws.confirm_import(&p).map_err(|e| format!("{}: {e}", args.db))?) } else { None };
    out["saved"] = json!(result.is_some());
    out["result"] = json!(result);
    if !args.file.json {
        match &result {
            Some(r) => {
                let skipped = if r.error_rows.is_empty() {
                    String::new()
                } else {
                    format!("; {} rows with errors not saved", r.error_rows.len())
                };
                outln!(
                    "saved to {}: created {}, updated {} ({} unchanged){skipped}",
                    args.db,
                    r.created.len(),
                    r.updated.len() + r.unchanged.len(),
                    r.unchanged.len()
                );
            }
            None if p.report.refused => outln!("nothing saved: the file was refused"),
            None => outln!(
                "nothing saved: {} rows have errors; fix them (see --errors-out) or pass --skip-errors to save the other rows",
                p.errors()
            ),
        }
    }
    finish(&args.file, &p.report, &out)?;
    Ok(result.is_some())
}

fn create_workspace(args: &CreateArgs) -> Result<bool, String> {
    let mut settings = NewWorkspace { unique_names: args.unique_names, ..NewWorkspace::named(args.name.clone()) };
    if let Some(url) = &args.base_url {
        settings.base_url = url.clone();
    }
    if let Some(currency) = &args.currency {
        settings.currency = currency.clone();
    }
    let ws = Workspace::create(args.db.open(true)?, Env::system(), settings).map_err(|e| match e {
        orderlink::Error::WorkspaceExists => format!("{} already holds a workspace", args.db),
        e => e.to_string(),
    })?;
    let settings = ws.settings().map_err(|e| e.to_string())?;
    outln!("created workspace '{}' in {}; its order link: {}", settings.name, args.db, settings.link_url());
    Ok(true)
}

/// What every import command does last: the JSON or the issues, and the error file.
fn finish(args: &FileArgs, report: &ImportReport, out: &serde_json::Value) -> Result<(), String> {
    if args.json {
        println!("{}", safe::json(&serde_json::to_string_pretty(out).map_err(|e| e.to_string())?));
    } else if !args.quiet {
        print_issues(report);
    }
    if let Some(path) = &args.errors_out {
        write_error_file(report, path)?;
        if !args.json {
            outln!("rows to fix written to {}", path.display());
        }
    }
    Ok(())
}

fn run(cli: Cli) -> Result<bool, String> {
    match &cli.command {
        Command::Import(ImportCommand::Validate(args)) => validate(args),
        Command::Import(ImportCommand::Preview(args)) => preview(args),
        Command::Import(ImportCommand::Confirm(args)) => confirm(args),
        Command::Workspace(WorkspaceCommand::Create(args)) => create_workspace(args),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            errln!("orderlink: {message}");
            ExitCode::from(2)
        }
    }
}
