//! R1, R2: every seed under fuzz/corpus/<target>/ and every crash the fuzzer found, kept under
//! fuzz/regressions/<target>/, run through the fuzz targets' own bodies (fuzz/bodies) on the
//! stable toolchain, so CI keeps them fixed without nightly. A body asserts the target's
//! invariants; a panic names the file.

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `kind/<target>/`, sorted, for every target (missing folders are empty).
fn files(kind: &str) -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for (target, _) in orderlink_fuzz_bodies::TARGETS {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> =
            entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| (*target, p)));
    }
    out
}

/// The environment variable that makes [`replay_one_child`] run one input (`target:path`).
const ONE: &str = "ORDERLINK_FUZZ_REPLAY_ONE";

/// Runs each file in a child process of this test binary, under an address-space cap (prlimit,
/// util-linux) and a time limit, so an input that aborts (an allocation failure is an abort, not
/// a panic) or runs away fails its own line instead of the whole test run or the machine.
fn replay(kind: &str) -> usize {
    let all = files(kind);
    let exe = std::env::current_exe().expect("the test binary");
    let mut failed = Vec::new();
    for (target, path) in &all {
        let name = format!("{target}/{}", path.file_name().unwrap_or_default().to_string_lossy());
        let child = std::process::Command::new("prlimit")
            .arg(format!("--as={}", 3u64 << 30))
            .arg("--")
            .arg(&exe)
            .args(["replay_one_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(ONE, format!("{target}:{}", path.display()))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run prlimit (util-linux)");
        let pid = child.id();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(child.wait_with_output()));
        let (status, out) = match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(Ok(o)) => (Some(o.status), o.stderr),
            Ok(Err(e)) => panic!("wait for {name}: {e}"),
            Err(_) => {
                // Ends only the child this loop started, by its id.
                let _ = std::process::Command::new("kill").arg("-9").arg(pid.to_string()).status();
                (None, Vec::new())
            }
        };
        let text = String::from_utf8_lossy(&out);
        // The panic's place and message (the line after "panicked at"), or the abort's reason.
        let lines: Vec<&str> = text.lines().collect();
        let why = match lines.iter().position(|l| l.contains("panicked at")) {
            Some(i) => format!("{} {}", lines[i], lines.get(i + 1).unwrap_or(&"")),
            None => lines.iter().find(|l| l.contains("memory allocation")).map(|l| l.to_string()).unwrap_or_default(),
        };
        match status {
            Some(s) if s.success() => {}
            Some(s) => failed.push(format!("{name}: {s} {why}")),
            None => failed.push(format!("{name}: over 60 s")),
        }
    }
    assert!(failed.is_empty(), "{} of {} {kind} inputs failed: {failed:#?}", failed.len(), all.len());
    all.len()
}

/// Not a test of its own: the child [`replay`] starts runs one input here (a no-op otherwise).
#[test]
fn replay_one_child() {
    let Ok(one) = std::env::var(ONE) else { return };
    let (target, path) = one.split_once(':').expect("target:path");
    let data = std::fs::read(path).expect("read a fuzz input");
    assert!(orderlink_fuzz_bodies::run(target, &data), "no target named {target}");
}

#[test]
fn r1_fuzz_corpus_replays_clean() {
    let n = replay("corpus");
    assert!(n >= orderlink_fuzz_bodies::TARGETS.len(), "every target has seeds (found {n} files)");
    for (target, _) in orderlink_fuzz_bodies::TARGETS {
        assert!(fuzz_dir().join("corpus").join(target).is_dir(), "no seeds for {target}");
    }
}

#[test]
fn r1_fuzz_regressions_stay_fixed() {
    replay("regressions");
}
