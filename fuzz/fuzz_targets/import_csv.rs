#![no_main]
//! Fuzz target `import_csv`: the body is `orderlink_fuzz_bodies::import_csv` (also run by core/tests/fuzz_replay.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| orderlink_fuzz_bodies::import_csv(data));
