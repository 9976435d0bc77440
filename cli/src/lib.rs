//! `orderlink`: check a customer file before it is loaded (I1–I5), and load it into a
//! workspace kept in a file, from a terminal or a CI job.
//!
//! The command's whole behaviour (arguments, what it prints, exit status) is [`run`], so the
//! `orderlink` binary (src/main.rs) and the Python package's `orderlink` console script and
//! `python -m orderlink` (bindings-python, `run_cli`) are one implementation.
//!
//! ```text
//! orderlink import validate customers.csv                    # the file alone
//! orderlink import preview customers.xlsx --json             # against a new, empty workspace
//! orderlink workspace create "Harbour Foods" --db shop.db    # a workspace in a SQLite file
//! orderlink import preview customers.csv --db shop.db        # against that workspace
//! orderlink import confirm customers.csv --db shop.db        # preview and save, in one go
//! orderlink import confirm supplier.csv --db shop.db --map "Trading Name=name"   # I7: a header read as a field
//! orderlink import save-mapping Harbour --map "Trading Name=name" --db shop.db  # I7: kept for next month
//! orderlink import confirm supplier.csv --db shop.db --mapping Harbour           # I7: the saved mapping
//! orderlink import undo BATCH --db shop.db                   # I9: reverse a confirmed import
//! ```
//! Exit status: 0 when every row can be imported (confirm: when it was saved), 1 when a row or
//! the file has an error (confirm: nothing saved, unless --skip-errors), 2 when the command
//! itself cannot run (a missing file, a path that is not a regular file or is larger than the
//! byte limit and so is not read, a bad option, a store that cannot be opened). What it prints
//! is escaped (R4, `safe`): nothing from a file can drive the terminal.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod db;
mod safe;

use clap::{Args, Parser, Subcommand};
use db::Location;
use orderlink::import::{
    validate_import_path, ColumnMapping, ImportFormat, ImportLimits, ImportOptions, ImportPreview, ImportReport,
    MappingChoice,
};
use orderlink::{Env, NewWorkspace, Workspace};
use serde_json::json;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// If any row has an error nothing is saved (exit 1), unless --skip-errors. Prints the
    /// batch id that `import undo` takes.
    Confirm(ConfirmArgs),
    /// I7: save a column mapping (--map HEADER=FIELD, repeated) under a name in the workspace
    /// in --db, for `--mapping NAME` next time.
    SaveMapping(SaveMappingArgs),
    /// I9: undo a confirmed import: delete the customers it created (unless they have orders
    /// since) and put back the fields it changed (unless changed again since).
    Undo(UndoArgs),
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
    /// I7: read a header as a field (repeat the option): "Trading Name=name" (fields: name,
    /// code, email, phone, contact, active, order_web_blocked, price_group, record_id; an empty
    /// field leaves the column out). Headers not named are read by their own names.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    map: Vec<String>,
    /// I7: preview / confirm with --db: the mapping saved under this name (save-mapping).
    #[arg(long, value_name = "NAME", conflicts_with = "map")]
    mapping: Option<String>,
}

#[derive(Args)]
struct SaveMappingArgs {
    /// The mapping's name (names compare without case; saving a name again replaces it).
    name: String,
    /// A header and the field it fills (repeat the option), as for `import confirm --map`.
    #[arg(long = "map", value_name = "HEADER=FIELD", required = true)]
    map: Vec<String>,
    #[arg(long, value_name = "PATH", help = DB_HELP, value_parser = db::LocationParser)]
    db: Location,
}

#[derive(Args)]
struct UndoArgs {
    /// The batch id `import confirm` printed.
    batch: String,
    #[arg(long, value_name = "PATH", help = DB_HELP, value_parser = db::LocationParser)]
    db: Location,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// I7: `--map HEADER=FIELD` options as a checked mapping (the last `=` splits, so a header
/// may hold one).
fn column_mapping(map: &[String]) -> Result<Option<ColumnMapping>, String> {
    if map.is_empty() {
        return Ok(None);
    }
    let pairs: Vec<(&str, &str)> = map
        .iter()
        .map(|m| m.rsplit_once('=').ok_or_else(|| format!("--map '{m}': expected HEADER=FIELD")))
        .collect::<Result<_, _>>()?;
    ColumnMapping::parse(pairs).map(Some).map_err(|e| e.to_string())
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

/// Writes one line of output, escaped (R4: `safe::text`); a closed pipe or full disk is a
/// usage error (exit 2), not a panic.
macro_rules! say {
    ($out:expr) => {
        writeln!($out).map_err(write_failed)?
    };
    ($out:expr, $($arg:tt)*) => {
        writeln!($out, "{}", $crate::safe::text(&format!($($arg)*))).map_err(write_failed)?
    };
}

fn write_failed(e: std::io::Error) -> String {
    format!("cannot write the output: {e}")
}

/// Where the command writes: what it prints, and its messages about itself.
type Out<'a> = &'a mut dyn Write;

/// R2: an error of reading the file (the core's one path reader: a regular file, never read
/// past the byte limit; a larger one, a FIFO or a device is refused before it is read), with
/// its code.
fn read_failed(e: orderlink::Error) -> String {
    format!("{e} [{}]", e.code())
}

fn write_error_file(report: &ImportReport, path: &Path) -> Result<(), String> {
    let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx { report.error_file_xlsx() } else { report.error_file_csv() }.map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn print_issues(out: Out, report: &ImportReport) -> Result<(), String> {
    let summary = report.summary();
    if summary.is_empty() {
        return Ok(());
    }
    say!(out);
    for g in &summary {
        say!(out, "{:<7} {}", g.severity.as_str(), g.text);
    }
    say!(out);
    for i in &report.issues {
        let place = match (i.row, &i.column) {
            (Some(r), Some(c)) => format!("row {r}, {c}"),
            (Some(r), None) => format!("row {r}"),
            (None, Some(c)) => format!("column {c}"),
            (None, None) => "file".to_owned(),
        };
        say!(out, "  {place}: {} [{}]", i.message, i.code);
    }
    Ok(())
}

fn validate(out: Out, args: &FileArgs) -> Result<bool, String> {
    let options = ImportOptions {
        format: args.format()?,
        sheet: args.sheet.clone(),
        limits: args.limits(),
        unique_names: args.unique_names,
        price_groups: (!args.price_groups.is_empty()).then(|| args.price_groups.clone()),
        mapping: column_mapping(&args.map)?,
    };
    if args.mapping.is_some() {
        return Err("--mapping NAME needs a workspace (import preview/confirm --db); validate takes --map".into());
    }
    // A workbook is read from the file a part at a time, never held whole.
    let report = validate_import_path(&args.file, &options).map_err(read_failed)?;
    let doc = json!({ "file": args.name(), "report": &report, "summary": report.summary() });
    if !args.json {
        say!(out, "{}: {}", args.name(), report.summary_text().lines().next().unwrap_or_default());
    }
    finish(out, args, &report, &doc)?;
    Ok(!report.has_errors())
}

/// Reads the file against a workspace; prints the counts line unless --json.
fn preview_file(out: Out, ws: &Workspace, args: &FileArgs) -> Result<(ImportPreview, serde_json::Value), String> {
    let mapping = match (&args.mapping, column_mapping(&args.map)?) {
        (Some(name), _) => Some(MappingChoice::Saved(name.clone())),
        (None, Some(m)) => Some(MappingChoice::Columns(m)),
        (None, None) => None,
    };
    // A workbook is read from the file a part at a time, never held whole.
    let p = ws
        .preview_import_path_mapped(&args.file, args.format()?, args.sheet.as_deref(), mapping, &mut |_| true)
        .map_err(read_failed)?;
    let doc = json!({
        "file": args.name(), "creates": p.creates(), "updates": p.updates(), "unchanged": p.unchanged(),
        "errors": p.errors(), "rows": p.rows, "report": p.report, "summary": p.report.summary(),
        "mapping": p.mapping, "mapping_name": p.mapping_name,
    });
    if !args.json {
        say!(out, "{}: {}", args.name(), p.report.summary_text().lines().next().unwrap_or_default());
        say!(out, "would create {}, update {} ({} unchanged)", p.creates(), p.updates(), p.unchanged());
    }
    Ok((p, doc))
}

fn preview(out: Out, args: &PreviewArgs) -> Result<bool, String> {
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
    let (p, doc) = preview_file(out, &ws, &args.file)?;
    finish(out, &args.file, &p.report, &doc)?;
    Ok(!p.report.has_errors())
}

/// I4 in one go: the preview, then (when every row is valid, or --skip-errors) the confirm of
/// exactly what it showed.
fn confirm(out: Out, args: &ConfirmArgs) -> Result<bool, String> {
    args.file.no_limits_with(&args.db)?;
    let ws = args.db.workspace()?;
    let (p, mut doc) = preview_file(out, &ws, &args.file)?;
    let save = !p.report.refused && (p.errors() == 0 || args.skip_errors);
    let result = if save { Some(ws.confirm_import(&p).map_err(|e| format!("{}: {e}", args.db))?) } else { None };
    doc["saved"] = json!(result.is_some());
    doc["result"] = json!(result);
    if !args.file.json {
        match &result {
            Some(r) => {
                let skipped = if r.error_rows.is_empty() {
                    String::new()
                } else {
                    format!("; {} rows with errors not saved", r.error_rows.len())
                };
                say!(
                    out,
                    "saved to {}: created {}, updated {} ({} unchanged){skipped}",
                    args.db,
                    r.created.len(),
                    r.updated.len() + r.unchanged.len(),
                    r.unchanged.len()
                );
                say!(out, "batch {} (to undo it: orderlink import undo {} --db {})", r.batch_id, r.batch_id, args.db);
            }
            None if p.report.refused => say!(out, "nothing saved: the file was refused"),
            None => say!(
                out,
                "nothing saved: {} rows have errors; fix them (see --errors-out) or pass --skip-errors to save the other rows",
                p.errors()
            ),
        }
    }
    finish(out, &args.file, &p.report, &doc)?;
    Ok(result.is_some())
}

/// I7: saves `--map` options under a name in the workspace.
fn save_mapping(out: Out, args: &SaveMappingArgs) -> Result<bool, String> {
    let mapping = column_mapping(&args.map)?.unwrap_or_default();
    let ws = args.db.workspace()?;
    let saved = ws.save_mapping(&args.name, &mapping).map_err(|e| format!("{}: {e}", args.db))?;
    say!(out, "saved mapping '{}' ({} headers) in {}", saved.name, saved.mapping.entries().len(), args.db);
    Ok(true)
}

/// I9: undoes a batch and says what was kept.
fn undo(out: Out, args: &UndoArgs) -> Result<bool, String> {
    let batch: orderlink::ImportBatchId = args.batch.parse().map_err(|e: orderlink::Error| e.to_string())?;
    let ws = args.db.workspace()?;
    let report = ws.undo_import(batch).map_err(|e| format!("{}: {e}", args.db))?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        writeln!(out, "{}", safe::json(&json)).map_err(write_failed)?;
        return Ok(true);
    }
    say!(
        out,
        "undid batch {}: deleted {}, restored {}, kept {}",
        report.batch_id,
        report.deleted.len(),
        report.restored.len(),
        report.kept.len()
    );
    for k in &report.kept {
        let fields: Vec<&str> = k.fields.iter().map(|f| f.as_str()).collect();
        say!(
            out,
            "kept {} ({}{})",
            k.customer_id,
            k.reason.as_str(),
            if fields.is_empty() { String::new() } else { format!(": {}", fields.join(", ")) }
        );
    }
    Ok(true)
}

fn create_workspace(out: Out, args: &CreateArgs) -> Result<bool, String> {
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
    say!(out, "created workspace '{}' in {}; its order link: {}", settings.name, args.db, settings.link_url());
    Ok(true)
}

/// What every import command does last: the JSON or the issues, and the error file.
fn finish(out: Out, args: &FileArgs, report: &ImportReport, doc: &serde_json::Value) -> Result<(), String> {
    if args.json {
        // JSON escapes what serde_json leaves raw its own way (`safe::json`), so it stays valid.
        let json = serde_json::to_string_pretty(doc).map_err(|e| e.to_string())?;
        writeln!(out, "{}", safe::json(&json)).map_err(write_failed)?;
    } else if !args.quiet {
        print_issues(out, report)?;
    }
    if let Some(path) = &args.errors_out {
        write_error_file(report, path)?;
        if !args.json {
            say!(out, "rows to fix written to {}", path.display());
        }
    }
    Ok(())
}

fn dispatch(out: Out, cli: Cli) -> Result<bool, String> {
    match &cli.command {
        Command::Import(ImportCommand::Validate(args)) => validate(out, args),
        Command::Import(ImportCommand::Preview(args)) => preview(out, args),
        Command::Import(ImportCommand::Confirm(args)) => confirm(out, args),
        Command::Import(ImportCommand::SaveMapping(args)) => save_mapping(out, args),
        Command::Import(ImportCommand::Undo(args)) => undo(out, args),
        Command::Workspace(WorkspaceCommand::Create(args)) => create_workspace(out, args),
    }
}

/// Runs the `orderlink` command on `args` (the arguments after the command's own name) and
/// returns its exit status: 0 when every row can be imported (confirm: when it was saved), 1
/// when a row or the file has an error, 2 when the command itself cannot run. What it prints
/// goes to `out`; usage errors and `orderlink: …` messages go to `err`. `--help` and
/// `--version` print to `out` and return 0.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv = std::iter::once(OsString::from("orderlink")).chain(args.into_iter().map(Into::into));
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            // Nothing more can be said if the terminal is gone: the status still tells.
            if e.use_stderr() {
                let _ = write!(err, "{}", e.render());
                return 2;
            }
            let _ = write!(out, "{}", e.render());
            return 0;
        }
    };
    let status = match dispatch(out, cli) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(message) => {
            let _ = writeln!(err, "orderlink: {}", safe::text(&message));
            2
        }
    };
    let _ = out.flush();
    status
}
