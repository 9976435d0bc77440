#![no_main]
//! Fuzz target `price_macro`: the body is `orderlink_fuzz_bodies::price_macro` (also run by core/tests/fuzz_replay.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| orderlink_fuzz_bodies::price_macro(data));
