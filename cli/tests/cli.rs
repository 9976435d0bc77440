//! The `orderlink` binary on the sample file shipped in examples/ (I1–I3).

use std::path::PathBuf;
use std::process::Command;

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/customers.csv")
}

fn orderlink(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_orderlink")).args(args).output().expect("run orderlink");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn i3_preview_of_the_sample_prints_its_issues_and_exits_1() {
    let (code, out, _) = orderlink(&["import", "preview", sample().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("9 rows read: 4 valid, 4 with errors, 1 blank"), "{out}");
    assert!(out.contains("would create 4, update 0"), "{out}");
    for expected in [
        "EMAIL_INVALID in row 3",
        "CODE_DUPLICATE_IN_FILE in row 4",
        "NAME_REQUIRED in row 5",
        "BOOLEAN_INVALID in row 6",
        "HEADER_UNKNOWN",
        "row 6, Active: Active must be Yes or No",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn i3_json_output_and_the_error_file() {
    let dir = tempfile::tempdir().unwrap();
    let fix = dir.path().join("fix-me.xlsx");
    let (code, out, err) =
        orderlink(&["import", "validate", sample().to_str().unwrap(), "--json", "--errors-out", fix.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(doc["report"]["error_rows"], 4);
    assert_eq!(doc["report"]["issues"][0]["code"], "HEADER_UNKNOWN");
    // The error file is a workbook holding the four rows to fix. Read back alone, the row whose
    // code repeated an imported row's is no longer a repeat; the other three still fail.
    let (code, out, _) = orderlink(&["import", "validate", fix.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("4 rows read: 1 valid, 3 with errors"), "{out}");
}

#[test]
fn i5_limits_and_usage_errors() {
    let (code, out, _) = orderlink(&["import", "validate", sample().to_str().unwrap(), "--max-rows", "3"]);
    assert_eq!(code, 1);
    assert!(out.contains("TOO_MANY_ROWS"), "{out}");
    let (code, _, err) = orderlink(&["import", "validate", "/nonexistent/file.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "Name,Email\nCorner Deli,orders@deli.example\n").unwrap();
    assert_eq!(orderlink(&["import", "preview", good.to_str().unwrap()]).0, 0);
}
