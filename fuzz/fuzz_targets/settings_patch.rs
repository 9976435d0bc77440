#![no_main]
//! Fuzz target `settings_patch`: the body is `orderlink_fuzz_bodies::settings_patch` (also run by core/tests/fuzz_replay.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| orderlink_fuzz_bodies::settings_patch(data));
