//! R2: peak memory and CPU time of validating an XLSX with shared strings (what Excel and
//! rust_xlsxwriter write), each figure from a fresh process.
//!
//! ```text
//! cargo run --release -p orderlink --example xlsx_memory -- write /tmp/c.xlsx 100000
//! cargo run --release -p orderlink --example xlsx_memory -- validate /tmp/c.xlsx
//! cargo run --release -p orderlink --example xlsx_memory -- calamine /tmp/c.xlsx
//! ```
//!
//! `validate` and `calamine` print one JSON line: the file's size, the process's peak resident
//! size (VmHWM) before and after, the growth over the file, and the best CPU time of 5 runs
//! (from /proc/self/schedstat, so a busy machine slows it less than it does a wall clock).

use orderlink::import::{validate_import, ImportLimits, ImportOptions};

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

fn measure(path: &str, run: &dyn Fn(&[u8]) -> usize) {
    // Warm up on a header-only file: the library's code and first buffers paged in.
    let empty = format!("{path}.empty.xlsx");
    write(&empty, 0);
    run(&std::fs::read(&empty).unwrap());
    let _ = std::fs::remove_file(&empty);
    let base = status_kb("VmHWM:");
    let bytes = std::fs::read(path).unwrap();
    let with_file = status_kb("VmHWM:").max(status_kb("VmRSS:"));
    let n = run(&bytes);
    let peak = status_kb("VmHWM:");
    let mut best = u64::MAX;
    for _ in 0..5 {
        let t = cpu_ns();
        std::hint::black_box(run(std::hint::black_box(&bytes)));
        best = best.min(cpu_ns() - t);
    }
    let size = bytes.len() as f64;
    println!(
        "{{\"file_bytes\": {}, \"result\": {n}, \"base_kb\": {base}, \"with_file_kb\": {with_file}, \"peak_kb\": {peak}, \"growth_over_file\": {:.2}, \"growth_less_file_over_file\": {:.2}, \"best_cpu_ms\": {:.1}}}",
        bytes.len(),
        (peak - base) as f64 * 1024.0 / size,
        (peak.saturating_sub(with_file)) as f64 * 1024.0 / size,
        best as f64 / 1e6
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("write") => write(&args[2], args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100_000)),
        Some("validate") => measure(&args[2], &|b| validate_import(b, &options()).unwrap().error_rows),
        Some("calamine") => measure(&args[2], &calamine_streamed),
        // Inflating the sheet and nothing else: what reading repeats again costs at most.
        Some("inflate") => measure(&args[2], &|b| {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(b)).unwrap();
            let n = match zip.by_name("xl/worksheets/sheet1.xml") {
                Ok(mut f) => std::io::copy(&mut f, &mut std::io::sink()).unwrap() as usize,
                Err(_) => 0,
            };
            n
        }),
        // The workbook opened (shared strings read) and refused after its first row: what the
        // reader holds before any row is checked.
        Some("open") => measure(&args[2], &|b| {
            let mut o = options();
            o.limits.max_rows = 1;
            validate_import(b, &o).unwrap().issues.len()
        }),
        _ => {
            eprintln!("usage: xlsx_memory write PATH [ROWS] | validate PATH | calamine PATH | open PATH | inflate PATH")
        }
    }
}
