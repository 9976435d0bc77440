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

#[test]
fn r2_r5_paths_that_are_not_regular_files_or_too_large_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = orderlink(&["import", "validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("FILE_NOT_REGULAR"), "{err}");
    let (code, _, err) = orderlink(&["import", "validate", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("FILE_NOT_REGULAR"), "{err}");
    let fifo = dir.path().join("pipe.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (code, _, err) = orderlink(&["import", "preview", fifo.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("FILE_NOT_REGULAR"), "{err}");
    // A sparse 2 GB file: refused from its size, not read.
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big).unwrap().set_len(2 << 30).unwrap();
    let (code, _, err) = orderlink(&["import", "validate", big.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("FILE_TOO_LARGE"), "{err}");
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "Name\nDeli\n").unwrap();
    let (code, _, err) = orderlink(&["import", "validate", small.to_str().unwrap(), "--max-bytes", "5"]);
    assert_eq!(code, 2);
    assert!(err.contains("FILE_TOO_LARGE"), "{err}");
}

/// A workspace made by `orderlink workspace create` in a new file, and a customer file to load.
fn db_and_file(dir: &tempfile::TempDir) -> (String, String) {
    let db = dir.path().join("shop.db").to_str().unwrap().to_owned();
    let (code, out, err) = orderlink(&["workspace", "create", "Harbour Foods", "--db", &db, "--currency", "aud"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created workspace 'Harbour Foods'"), "{out}");
    let file = dir.path().join("customers.csv");
    std::fs::write(&file, "Name,Code,Email\nCorner Deli,C-1,orders@deli.example\nPier Seafood,C-2,\n").unwrap();
    (db, file.to_str().unwrap().to_owned())
}

fn stored_customers(db: &str) -> Vec<orderlink::Customer> {
    let store = std::sync::Arc::new(orderlink_sqlite::SqliteStore::open_existing(db).expect("db"));
    let ws = orderlink::Workspace::open(store, orderlink::Env::system()).expect("workspace");
    let mut all = ws.store().all_customers().expect("customers");
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

#[test]
fn i4_confirm_saves_to_the_db_and_a_second_preview_sees_the_customers() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = db_and_file(&dir);
    let (code, out, _) = orderlink(&["import", "preview", &file, "--db", &db]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("would create 2, update 0"), "{out}");
    assert!(stored_customers(&db).is_empty(), "preview saves nothing");

    let (code, out, err) = orderlink(&["import", "confirm", &file, "--db", &db]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("created 2, updated 0 (0 unchanged)"), "{out}");
    let names: Vec<String> = stored_customers(&db).into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Corner Deli", "Pier Seafood"]);

    let (code, out, _) = orderlink(&["import", "preview", &file, "--db", &db, "--json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        (doc["creates"].as_u64(), doc["updates"].as_u64(), doc["unchanged"].as_u64()),
        (Some(0), Some(2), Some(2))
    );
    let (code, out, _) = orderlink(&["import", "confirm", &file, "--db", &db, "--json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["saved"], true);
    assert_eq!(doc["result"]["unchanged"].as_array().map(Vec::len), Some(2));
    assert_eq!(stored_customers(&db).len(), 2, "re-importing the same file changes nothing");
}

#[test]
fn i4_confirm_with_rows_in_error_saves_nothing_unless_told_to_skip_them() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = db_and_file(&dir);
    let sample = sample().to_str().unwrap().to_owned();
    let (code, out, _) = orderlink(&["import", "confirm", &sample, "--db", &db]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("nothing saved: 4 rows have errors"), "{out}");
    assert!(out.contains("EMAIL_INVALID in row 3"), "the issues are listed: {out}");
    assert!(stored_customers(&db).is_empty());

    let (code, out, err) = orderlink(&["import", "confirm", &sample, "--db", &db, "--skip-errors", "--quiet"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("created 4, updated 0 (0 unchanged); 4 rows with errors not saved"), "{out}");
    assert_eq!(stored_customers(&db).len(), 4);
}

#[test]
fn i6_confirm_is_refused_while_contacts_sync_is_active() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = db_and_file(&dir);
    {
        let store = std::sync::Arc::new(orderlink_sqlite::SqliteStore::open_existing(&db).unwrap());
        let ws = orderlink::Workspace::open(store, orderlink::Env::system()).unwrap();
        let sync = orderlink::ContactsSyncPatch { enabled: Some(true), connected: Some(true), ..Default::default() };
        ws.update_settings(orderlink::SettingsPatch { contacts_sync: Some(sync), ..Default::default() }).unwrap();
    }
    let (code, _, err) = orderlink(&["import", "confirm", &file, "--db", &db]);
    assert_eq!(code, 2);
    assert!(err.contains("contacts sync is the customer source of truth"), "{err}");
    assert!(stored_customers(&db).is_empty());
}

#[test]
fn db_option_errors_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = db_and_file(&dir);
    let missing = dir.path().join("typo.db");
    let (code, _, err) = orderlink(&["import", "preview", &file, "--db", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!missing.exists(), "a typo leaves no empty file behind");

    // Nothing listens on port 1: a usage error that names the server, without its password.
    let (code, _, err) = orderlink(&["import", "confirm", &file, "--db", "postgres://app:secret@127.0.0.1:1/shop"]);
    assert_eq!(code, 2);
    assert!(err.contains("postgres://app:***@127.0.0.1:1/shop"), "{err}");
    assert!(!err.contains("secret"), "the password is not echoed: {err}");
    let (code, _, err) = orderlink(&["import", "preview", &file, "--db", "mysql://db/shop"]);
    assert_eq!(code, 2);
    assert!(err.contains("'mysql://' is not a store orderlink knows"), "{err}");

    let (code, _, err) = orderlink(&["workspace", "create", "Again", "--db", &db]);
    assert_eq!(code, 2);
    assert!(err.contains("already holds a workspace"), "{err}");
    let empty = dir.path().join("empty.db");
    drop(orderlink_sqlite::SqliteStore::open(&empty).unwrap());
    let (code, _, err) = orderlink(&["import", "preview", &file, "--db", empty.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("holds no workspace yet; make one with `orderlink workspace create"), "{err}");
    let (code, _, err) = orderlink(&["import", "preview", &file, "--db", &db, "--max-rows", "5"]);
    assert_eq!(code, 2);
    assert!(err.contains("has its own import limits"), "{err}");
    let (code, _, _) = orderlink(&["import", "confirm", &file]);
    assert_eq!(code, 2, "confirm needs --db");
}

/// I4 on the PostgreSQL store: `--db postgres://…` creates, confirms and previews as with a file.
#[test]
fn i4_confirm_saves_to_a_postgres_db() {
    let url = std::env::var("ORDERLINK_PG_URL")
        .expect("the PostgreSQL tests need a server: run them through scripts/with-postgres (make test-rust does)");
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = db_and_file(&dir);
    let (code, _, err) = orderlink(&["workspace", "create", "Harbour Foods", "--db", &url]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = orderlink(&["import", "confirm", &file, "--db", &url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("created 2, updated 0 (0 unchanged)"), "{out}");
    let (code, out, _) = orderlink(&["import", "preview", &file, "--db", &url]);
    assert_eq!(code, 0);
    assert!(out.contains("would create 0, update 2 (2 unchanged)"), "{out}");
    let (code, _, err) = orderlink(&["workspace", "create", "Again", "--db", &url]);
    assert_eq!(code, 2);
    assert!(err.contains("already holds a workspace"), "{err}");
}

/// R4: control characters from a file (an ANSI escape in a cell, a header, the file's own name)
/// are printed escaped, in text and in JSON; none reaches the terminal raw.
#[test]
fn r4_control_characters_from_a_file_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil\u{1b}[5m.csv");
    let csv = "Customer Name,Email Address,Evil\u{1b}[31mHeader\n\u{1b}[2JDeli,bad\u{1b}]0;pwned\u{7}@x,1\nOK Co,ok@x.example,\u{9b}2J\n";
    std::fs::write(&file, csv).unwrap();
    let file = file.to_str().unwrap();
    for command in ["validate", "preview"] {
        let (code, out, err) = orderlink(&["import", command, file]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{9b}'), "raw control in:\n{out}");
        assert!(out.contains("evil\\x1b[5m.csv"), "{out}");
        assert!(out.contains("Evil\\x1b[31mHeader"), "{out}");
        // R4: the cells holding escapes are refused (TEXT_INVALID), not echoed.
        assert!(out.contains("TEXT_INVALID"), "{out}");
        let (_, json, _) = orderlink(&["import", command, file, "--json"]);
        assert!(!json.contains('\u{1b}') && !json.contains('\u{9b}'), "raw control in JSON:\n{json}");
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("still valid JSON");
        assert_eq!(parsed["file"], file, "the same text once parsed");
    }
    // A file that cannot be read is named escaped on stderr too.
    let (code, _, err) = orderlink(&["import", "validate", "missing\u{1b}[2J.csv"]);
    assert_eq!(code, 2);
    assert!(!err.contains('\u{1b}') && err.contains("missing\\x1b[2J.csv"), "{err}");
}

/// R4: a password in `--db` is never echoed: not in a connect error, not when the URL is
/// refused (clap would quote the value whole), not as a `password=` parameter.
#[test]
fn r4_a_password_in_db_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = db_and_file(&dir);
    for (db, shown) in [
        ("postgres://app:hunter2@127.0.0.1:1/shop", Some("postgres://app:***@127.0.0.1:1/shop")),
        ("postgresql://127.0.0.1:1/shop?sslmode=disable&password=hunter2", Some("password=***")),
        ("postgress://app:hunter2@127.0.0.1:1/shop", None),
        ("app:hunter2@db://shop", None),
    ] {
        for command in [vec!["import", "preview", &file, "--db", db], vec!["workspace", "create", "X", "--db", db]] {
            let (code, out, err) = orderlink(&command);
            assert_eq!(code, 2, "{out}{err}");
            assert!(!err.contains("hunter2") && !out.contains("hunter2"), "the password is echoed: {err}");
            if let Some(shown) = shown {
                assert!(err.contains(shown), "{err}");
            }
        }
    }
}

// --- I7, I9 (issue 18) ------------------------------------------------------------------------

#[test]
fn i7_map_reads_a_header_as_a_field_in_validate_preview_and_confirm() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("supplier.csv");
    std::fs::write(&file, "Trading Name,Acct No.,Notes\nCorner Deli,CD-1,x\n").unwrap();
    let file = file.to_str().unwrap();
    let (code, out, _) = orderlink(&["import", "validate", file]);
    assert_eq!(code, 1, "no Name column without a mapping: {out}");
    let maps = ["--map", "Trading Name=name", "--map", "Acct No.=code", "--map", "Notes="];
    let (code, out, err) = orderlink(&[&["import", "validate", file][..], &maps].concat());
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = orderlink(&[&["import", "preview", file, "--json"][..], &maps].concat());
    assert_eq!(code, 0, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["mapping"][0]["matched_by"], "mapping");
    assert_eq!(doc["mapping"][1]["field"], "code");
    // A bad mapping, and a saved name without a workspace, are usage errors.
    let (code, _, err) = orderlink(&["import", "validate", file, "--map", "Trading Name=colour"]);
    assert_eq!(code, 2);
    assert!(err.contains("not an import field"), "{err}");
    let (code, _, err) = orderlink(&["import", "validate", file, "--mapping", "Harbour"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs a workspace"), "{err}");

    let (db, _) = db_and_file(&dir);
    let (code, out, err) = orderlink(&[&["import", "confirm", file, "--db", &db][..], &maps].concat());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("created 1"), "{out}");
    // I9: confirm names its batch, and how to undo it.
    assert!(out.contains("batch ") && out.contains("orderlink import undo "), "{out}");
    assert_eq!(stored_customers(&db)[0].code.as_deref(), Some("CD-1"));
}

#[test]
fn i9_undo_takes_a_batch_id() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = db_and_file(&dir);
    let (code, _, err) = orderlink(&["import", "undo", "not-a-batch", "--db", &db]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a UUID"), "{err}");
    let (code, _, _) = orderlink(&["import", "undo", "00000000-0000-4000-8000-000000000001"]);
    assert_eq!(code, 2, "undo needs --db");
}
