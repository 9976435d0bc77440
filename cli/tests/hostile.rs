//! R1, R2, R4, R5, I3a: the hostile-file suite through the `orderlink` CLI.
//!
//! tests/hostile/make.py writes the files and their expectations (cases.json) into a temporary
//! folder; the Python and Node suites run the same files. Each case runs the CLI in a child
//! process under an address-space cap of (the CLI's own baseline + 512 MiB) set with `prlimit`
//! (util-linux) and a time limit, so a regression fails its test instead of the machine. A case
//! passes when the CLI exits normally (0, 1 for a report with errors; 2 where the CLI cannot read
//! a path at all), prints no panic, reports the expected code (and the expected rows), and, for
//! cells holding control characters, prints none of them raw.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// Growth allowed over the CLI's baseline address space.
const GROWTH: u64 = 512 << 20;
/// A case taking longer than this fails (the 1 GiB-inflating files must be refused early).
const TIME_LIMIT: Duration = Duration::from_secs(30);

struct Suite {
    dir: PathBuf,
    cases: Vec<Value>,
    /// The address-space cap every case runs under.
    cap: u64,
    baseline: u64,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn suite() -> &'static Suite {
    static SUITE: OnceLock<Suite> = OnceLock::new();
    SUITE.get_or_init(|| {
        // Rewritten on every run (about 40 MB, and a 2 GB sparse file that takes no disk).
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-cli");
        let status = Command::new("python3")
            .arg(root().join("tests/hostile/make.py"))
            .arg(&dir)
            .status()
            .expect("run python3 tests/hostile/make.py");
        assert!(status.success(), "make.py failed");
        let cases: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).expect("cases.json")).expect("JSON");
        let baseline = baseline(&dir);
        Suite { dir, cases, cap: baseline + GROWTH, baseline }
    })
}

/// The least address space (to 1 MiB) the CLI needs to validate a small file with an error and
/// write its error file: found by running it under smaller and smaller caps.
fn baseline(dir: &Path) -> u64 {
    let file = dir.join("baseline.csv");
    std::fs::write(&file, "Name,Email\nCorner Deli,orders@deli.example\nBad,not-an-email\n").expect("write");
    let errors = dir.join("baseline-errors.xlsx");
    let runs = |cap: u64| {
        let out = Command::new("prlimit")
            .arg(format!("--as={cap}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_orderlink"))
            .args(["import", "validate"])
            .arg(&file)
            .arg("--errors-out")
            .arg(&errors)
            .output()
            .expect("run prlimit (util-linux)");
        out.status.code() == Some(1)
    };
    let (mut lo, mut hi) = (1u64 << 20, 4u64 << 30);
    assert!(runs(hi), "the CLI fails on a small file even with 4 GiB");
    while hi - lo > 1 << 20 {
        let mid = lo + (hi - lo) / 2;
        if runs(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// The CLI under the cap, killed (by its id) past the time limit.
fn run_capped(args: &[&std::ffi::OsStr]) -> Option<Run> {
    let s = suite();
    let child = Command::new("prlimit")
        .arg(format!("--as={}", s.cap))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_orderlink"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run prlimit (util-linux)");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(out) => {
            let out = out.expect("wait for the CLI");
            Some(Run {
                code: out.status.code(),
                stdout: out.stdout,
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            })
        }
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            None
        }
    }
}

fn run_case(name: &str) {
    let s = suite();
    let case = s.cases.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no case {name} in cases.json"));
    let expect = &case["expect"];
    let file = case["file"].as_str().expect("file");
    let path = if file.starts_with('/') { PathBuf::from(file) } else { s.dir.join(file) };
    let why = case["why"].as_str().unwrap_or_default();
    let context = format!("{name} ({why}); cap {} MiB = baseline {} MiB + 512 MiB", s.cap >> 20, s.baseline >> 20);
    let allowed: Vec<i64> = expect["exit"].as_array().expect("exit").iter().filter_map(Value::as_i64).collect();

    // As JSON, with the XLSX error file; then as text, with the CSV error file.
    let xlsx_errors = s.dir.join(format!("{name}-errors.xlsx"));
    let csv_errors = s.dir.join(format!("{name}-errors.csv"));
    let mut seen = String::new();
    let mut issues: Vec<(String, Option<u64>)> = Vec::new();
    for (json, errors) in [(true, &xlsx_errors), (false, &csv_errors)] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), "validate".as_ref(), path.as_os_str()];
        args.extend(["--errors-out".as_ref(), errors.as_os_str()]);
        if json {
            args.push("--json".as_ref());
        }
        let run = run_capped(&args).unwrap_or_else(|| panic!("{context}: still running after {TIME_LIMIT:?}"));
        let stdout = String::from_utf8_lossy(&run.stdout);
        let code = run.code.unwrap_or_else(|| panic!("{context}: killed by a signal; stderr: {}", tail(&run.stderr)));
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"),
            "{context}: {}",
            tail(&run.stderr)
        );
        assert!(
            allowed.contains(&i64::from(code)),
            "{context}: exit {code}, expected one of {allowed:?}; stderr: {}",
            tail(&run.stderr)
        );
        if code != 2 {
            assert!(errors.exists(), "{context}: no error file written at {}", errors.display());
        }
        if json && code != 2 {
            let doc: Value =
                serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{context}: stdout is not JSON: {e}"));
            for i in doc["report"]["issues"].as_array().into_iter().flatten() {
                issues.push((i["code"].as_str().unwrap_or_default().to_owned(), i["row"].as_u64()));
            }
        }
        if !json && expect["no_raw_control"].as_bool() == Some(true) {
            let raw: Vec<u8> = run.stdout.iter().copied().filter(|b| *b == 0x1b || *b == 0x07 || *b == 0).collect();
            assert!(raw.is_empty(), "{context}: the CLI printed control characters raw: {raw:?}");
        }
        seen.push_str(&stdout);
        seen.push_str(&run.stderr);
    }
    let codes_any: Vec<&str> =
        expect["codes_any"].as_array().expect("codes_any").iter().filter_map(Value::as_str).collect();
    if !codes_any.is_empty() {
        assert!(
            codes_any.iter().any(|c| issues.iter().any(|(i, _)| i == c) || seen.contains(c)),
            "{context}: expected one of {codes_any:?}; got issues {issues:?}; output: {}",
            tail(&seen)
        );
    }
    for pair in expect["issues"].as_array().expect("issues") {
        let (code, row) = (pair[0].as_str().expect("code"), pair[1].as_u64());
        assert!(
            issues.iter().any(|(c, r)| c == code && *r == row),
            "{context}: expected {code} at row {row:?}; got {issues:?}"
        );
    }
}

/// The last part of a long output, for a failure message.
fn tail(s: &str) -> &str {
    let cut = s.len().saturating_sub(600);
    let cut = (cut..s.len()).find(|i| s.is_char_boundary(*i)).unwrap_or(s.len());
    &s[cut..]
}

macro_rules! hostile {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run_case(stringify!($name)); })*

        /// Every case make.py writes has its test here, and no test names a case it lacks.
        #[test]
        fn r2_hostile_every_case_has_a_test() {
            let mut ours = vec![$(stringify!($name)),*];
            let mut theirs: Vec<&str> = suite().cases.iter().filter_map(|c| c["name"].as_str()).collect();
            ours.sort_unstable();
            theirs.sort_unstable();
            assert_eq!(ours, theirs);
        }
    };
}

hostile! {
    r2_hostile_xlsx_cell_at_xfd1048576,
    r2_hostile_xlsx_cell_at_xfd_in_row_2,
    r2_hostile_xlsx_cell_past_the_last_column,
    r2_hostile_xlsx_shared_strings_count_lies,
    r2_hostile_xlsx_one_cell_inflating_to_1gib,
    r2_hostile_xlsx_shared_strings_inflating_to_1gib,
    r2_hostile_xlsx_five_million_shared_strings,
    r2_hostile_xlsx_ten_million_repeated_rows,
    r2_hostile_xlsx_ten_million_cells_in_one_row,
    r2_hostile_xlsx_zip_bomb_part_declaring_1kb,
    r2_hostile_xlsx_styles_zip_bomb,
    r2_hostile_xlsx_deeply_nested_xml,
    r2_hostile_xlsx_billion_laughs,
    r2_hostile_csv_header_of_five_million_columns,
    r2_hostile_csv_one_huge_quoted_cell,
    i3a_hostile_csv_crlf_row_numbers,
    i3a_hostile_csv_cr_only_row_numbers,
    i3a_hostile_csv_lf_blank_line_row_numbers,
    r4_hostile_csv_nul_in_a_cell,
    r4_hostile_csv_ansi_escapes_in_cells,
    r2_hostile_path_sparse_2gb_file,
    r2_hostile_path_dev_zero,
    r2_hostile_path_fifo,
}
