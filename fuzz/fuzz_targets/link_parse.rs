#![no_main]
//! Fuzz target `link_parse`: the body is `orderlink_fuzz_bodies::link_parse` (also run by core/tests/fuzz_replay.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| orderlink_fuzz_bodies::link_parse(data));
