#![no_main]
//! Fuzz target `import_xlsx_raw`: the body is `orderlink_fuzz_bodies::import_xlsx_raw` (also run by core/tests/fuzz_replay.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| orderlink_fuzz_bodies::import_xlsx_raw(data));
