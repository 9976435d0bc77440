//! R2: peak memory and CPU time of validating an XLSX with shared strings (what Excel and
//! rust_xlsxwriter write), each figure from a fresh process.
//!
//! ```text
//! cargo run --release -p orderlink --example xlsx_memory -- write /tmp/c.xlsx 100000
//! cargo run --release -p orderlink --example xlsx_memory -- validate /tmp/c.xlsx
//! cargo run --release -p orderlink --example xlsx_memory -- validate-bytes /tmp/c.xlsx
//! cargo run --release -p orderlink --example xlsx_memory -- calamine /tmp/c.xlsx
//! ```
//!
//! `validate` reads the file from its path (`validate_import_path`: a workbook is never held
//! whole); `validate-bytes` and `calamine` are given the file's bytes, read first and counted.
//! Each prints one JSON line: the file's size, the process's peak resident size (VmHWM) before
//! and after, the growth over the file, and the best CPU time of 5 runs (from
//! /proc/self/schedstat, so a busy machine slows it less than it does a wall clock).

use orderlink::import::{validate_import, validate_import_path, ImportLimits, ImportOptions};

#[path = "import_rows.rs"]
mod import_rows;
use import_rows::xlsx_bytes;

fn write(path: &str, rows: usize) {
    std::fs::write(path, xlsx_bytes(rows)).unwrap();
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/self/schedstat").unwrap();
    s.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn options() -> ImportOptions {
    ImportOptions {
        limits: ImportLimits { max_rows: 2_000_000, max_bytes: 1 << 30, ..Default::default() },
        price_groups: Some(vec!["Trade".into(), "Retail".into()]),
        ..Default::default()
    }
}

fn calamine_streamed(bytes: &[u8]) -> usize {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let name = wb.sheet_names()[0].clone();
    let mut cells = wb.worksheet_cells_reader(&name).unwrap();
    let mut n = 0;
    while let Some(c) = cells.next_cell().unwrap() {
        n += usize::from(!matches!(c.get_value(), calamine::DataRef::Empty));
    }
    n
}

/// Measures `run` on the file at `path`: given the file's bytes, read into memory first and
/// counted in the growth (`hold`), or only the path (the bytes it is given are then empty).
fn measure(path: &str, hold: bool, run: &dyn Fn(&str, &[u8]) -> usize) {
    // Warm up on a header-only file: the library's code and first buffers paged in.
    let empty = format!("{path}.empty.xlsx");
    write(&empty, 0);
    let empty_bytes = if hold { std::fs::read(&empty).unwrap() } else { Vec::new() };
    run(&empty, &empty_bytes);
    let _ = std::fs::remove_file(&empty);
    let base = status_kb("VmHWM:");
    let size = std::fs::metadata(path).unwrap().len();
    let bytes = if hold { std::fs::read(path).unwrap() } else { Vec::new() };
    let with_file = status_kb("VmHWM:").max(status_kb("VmRSS:"));
    let n = run(path, &bytes);
    let peak = status_kb("VmHWM:");
    let mut best = u64::MAX;
    for _ in 0..5 {
        let t = cpu_ns();
        std::hint::black_box(run(path, std::hint::black_box(&bytes)));
        best = best.min(cpu_ns() - t);
    }
    println!(
        "{{\"file_bytes\": {size}, \"bytes_held\": {hold}, \"result\": {n}, \"base_kb\": {base}, \"with_file_kb\": {with_file}, \"peak_kb\": {peak}, \"growth_over_file\": {:.2}, \"growth_less_file_over_file\": {:.2}, \"best_cpu_ms\": {:.1}}}",
        (peak - base) as f64 * 1024.0 / size as f64,
        (peak.saturating_sub(with_file)) as f64 * 1024.0 / size as f64,
        best as f64 / 1e6
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("write") => write(&args[2], args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100_000)),
        // What a caller that names the file gets (`validate_import_path`): the workbook read
        // from the file a part at a time, its bytes never held.
        Some("validate") => measure(&args[2], false, &|p, _| {
            validate_import_path(std::path::Path::new(p), &options()).unwrap().error_rows
        }),
        // What a caller that holds the file's bytes gets (`validate_import`): the bytes count.
        Some("validate-bytes") => measure(&args[2], true, &|_, b| validate_import(b, &options()).unwrap().error_rows),
        Some("calamine") => measure(&args[2], true, &|_, b| calamine_streamed(b)),
        // Inflating the sheet and nothing else: what reading repeats again costs at most.
        Some("inflate") => measure(&args[2], true, &|_, b| {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(b)).unwrap();
            let n = match zip.by_name("xl/worksheets/sheet1.xml") {
                Ok(mut f) => std::io::copy(&mut f, &mut std::io::sink()).unwrap() as usize,
                Err(_) => 0,
            };
            n
        }),
        // The workbook opened from its path (shared strings read) and refused after its first
        // row: what the reader holds before any row is checked.
        Some("open") => measure(&args[2], false, &|p, _| {
            let mut o = options();
            o.limits.max_rows = 1;
            validate_import_path(std::path::Path::new(p), &o).unwrap().issues.len()
        }),
        _ => {
            eprintln!(
                "usage: xlsx_memory write PATH [ROWS] | validate PATH | validate-bytes PATH | calamine PATH | open PATH | inflate PATH"
            )
        }
    }
}
