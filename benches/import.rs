//! I1–I3: validating generated customer files (seven columns, about 3% bad rows) beside a bare
//! parse of the same bytes, the floor no validator can beat.
//!
//! `cargo bench -p orderlink --bench import` (set ORDERLINK_BENCH_BIG=1 for the 1,000,000-row CSV).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use orderlink::import::{validate_import, ImportLimits, ImportOptions};
use std::hint::black_box;

#[path = "import_rows.rs"]
mod import_rows;
use import_rows::{row, xlsx_bytes, HEADER};

pub fn csv_bytes(rows: usize) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows * 110));
    w.write_record(HEADER).unwrap();
    for i in 0..rows {
        w.write_record(row(i)).unwrap();
    }
    w.into_inner().unwrap()
}

fn options() -> ImportOptions {
    ImportOptions {
        limits: ImportLimits { max_rows: 2_000_000, max_bytes: 1 << 30, ..Default::default() },
        price_groups: Some(vec!["Trade".into(), "Retail".into()]),
        ..Default::default()
    }
}

/// The floor: the csv crate reading every record of the same bytes into one reused buffer,
/// not even checking that they are UTF-8.
fn bare_csv(bytes: &[u8]) -> usize {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while r.read_byte_record(&mut rec).unwrap() {
        n += rec.len();
    }
    n
}

/// The csv crate's own way to read a file (its `records()` iterator: a UTF-8 checked record a
/// row), which the "bare pass, about 0.16 s" figure matches on this machine.
fn records_csv(bytes: &[u8]) -> usize {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    r.records().map(|r| r.unwrap().len()).sum()
}

/// The floor: calamine reading the first sheet's cells, streamed (what the reader does).
fn streamed_xlsx(bytes: &[u8]) -> usize {
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

/// Calamine's documented read: the first sheet as one range in memory.
fn bare_xlsx(bytes: &[u8]) -> usize {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.len()).sum()
}

fn bench(c: &mut Criterion) {
    let mut sizes = vec![100_000];
    if std::env::var_os("ORDERLINK_BENCH_BIG").is_some() {
        sizes.push(1_000_000);
    }
    for rows in sizes {
        let bytes = csv_bytes(rows);
        let report = validate_import(&bytes, &options()).unwrap();
        assert_eq!(report.rows_read, rows);
        assert!(report.error_rows > rows / 40 && report.error_rows < rows / 25, "{}", report.error_rows);
        let mut g = c.benchmark_group(format!("csv_{rows}"));
        g.sample_size(10).throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("bare_csv_crate", |b| b.iter(|| bare_csv(black_box(&bytes))));
        g.bench_function("csv_crate_records", |b| b.iter(|| records_csv(black_box(&bytes))));
        g.bench_function("validate_import", |b| b.iter(|| validate_import(black_box(&bytes), &options()).unwrap()));
        g.finish();
    }
    let bytes = xlsx_bytes(100_000);
    let mut g = c.benchmark_group("xlsx_100000");
    g.sample_size(10).throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("bare_calamine", |b| b.iter(|| bare_xlsx(black_box(&bytes))));
    g.bench_function("calamine_streamed", |b| b.iter(|| streamed_xlsx(black_box(&bytes))));
    g.bench_function("validate_import", |b| b.iter(|| validate_import(black_box(&bytes), &options()).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
