//! The `orderlink` binary: [`orderlink_cli::run`] on the process's arguments, stdout and stderr.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let status =
        orderlink_cli::run(std::env::args_os().skip(1), &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(u8::try_from(status).unwrap_or(2))
}
