//! `orderlink`: check a customer file before it is loaded (I1–I5), from a terminal or a CI job.
//!
//! ```text
//! orderlink import validate customers.csv            # the file alone
//! orderlink import preview customers.xlsx --json     # against a workspace: create / update / error
//! orderlink import preview customers.csv --errors-out fix-me.xlsx
//! ```
//! Exit status: 0 when every row can be imported, 1 when a row or the file has an error,
//! 2 when the command itself cannot run (a missing file, a bad option).
#![forbid(unsafe_code)]

use clap::{Args, Parser, Subcommand};
use orderlink::import::{validate_import, ImportFormat, ImportLimits, ImportOptions, ImportReport};
use orderlink::{NewWorkspace, Workspace};
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
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Check a file on its own: headers, every row's values, codes repeated in the file.
    Validate(FileArgs),
    /// Check a file against a workspace and say what each row would do (create, update, error).
    /// Without a store the workspace is a new, empty one.
    Preview(FileArgs),
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
    /// The most data rows a file may have.
    #[arg(long, default_value_t = ImportLimits::default().max_rows)]
    max_rows: usize,
    /// The largest file, in bytes.
    #[arg(long, default_value_t = ImportLimits::default().max_bytes)]
    max_bytes: usize,
    /// validate: names must be unique in the file (C4).
    #[arg(long)]
    unique_names: bool,
    /// validate: the price groups that exist (repeat the option); others are reported.
    #[arg(long = "price-group", value_name = "NAME")]
    price_groups: Vec<String>,
}

impl FileArgs {
    fn format(&self) -> Result<Option<ImportFormat>, String> {
        if let Some(f) = &self.format {
            return f.parse().map(Some).map_err(|e: orderlink::Error| e.to_string());
        }
        Ok(ImportFormat::for_path(&self.file))
    }

    fn limits(&self) -> ImportLimits {
        ImportLimits { max_rows: self.max_rows, max_bytes: self.max_bytes }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
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
    println!();
    for g in &summary {
        println!("{:<7} {}", g.severity.as_str(), g.text);
    }
    println!();
    for i in &report.issues {
        let place = match (i.row, &i.column) {
            (Some(r), Some(c)) => format!("row {r}, {c}"),
            (Some(r), None) => format!("row {r}"),
            (None, Some(c)) => format!("column {c}"),
            (None, None) => "file".to_owned(),
        };
        println!("  {place}: {} [{}]", i.message, i.code);
    }
}

fn run(cli: Cli) -> Result<bool, String> {
    let Command::Import(command) = cli.command;
    let (args, preview) = match &command {
        ImportCommand::Validate(a) => (a, false),
        ImportCommand::Preview(a) => (a, true),
    };
    let bytes = read(&args.file)?;
    let format = args.format()?;
    let name = args.file.display();
    let (report, out) = if preview {
        let settings = NewWorkspace { import_limits: args.limits(), ..NewWorkspace::named("orderlink CLI") };
        let ws = Workspace::in_memory(settings).map_err(|e| e.to_string())?;
        let p = ws.preview_import(&bytes, format, args.sheet.as_deref()).map_err(|e| e.to_string())?;
        let out = json!({
            "file": name.to_string(), "creates": p.creates(), "updates": p.updates(), "unchanged": p.unchanged(),
            "errors": p.errors(), "rows": p.rows, "report": p.report, "summary": p.report.summary(),
        });
        if !args.json {
            print!("{name}: {}", p.report.summary_text().lines().next().unwrap_or_default());
            println!();
            println!("would create {}, update {} ({} unchanged)", p.creates(), p.updates(), p.unchanged());
        }
        (p.report, out)
    } else {
        let options = ImportOptions {
            format,
            sheet: args.sheet.clone(),
            limits: args.limits(),
            unique_names: args.unique_names,
            price_groups: (!args.price_groups.is_empty()).then(|| args.price_groups.clone()),
        };
        let report = validate_import(&bytes, &options).map_err(|e| e.to_string())?;
        let out = json!({ "file": name.to_string(), "report": &report, "summary": report.summary() });
        if !args.json {
            println!("{name}: {}", report.summary_text().lines().next().unwrap_or_default());
        }
        (report, out)
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    } else if !args.quiet {
        print_issues(&report);
    }
    if let Some(path) = &args.errors_out {
        write_error_file(&report, path)?;
        if !args.json {
            println!("rows to fix written to {}", path.display());
        }
    }
    Ok(!report.has_errors())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("orderlink: {message}");
            ExitCode::from(2)
        }
    }
}
