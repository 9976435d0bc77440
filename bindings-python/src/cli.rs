//! The `orderlink` command from Python: the console script `orderlink` and `python -m orderlink`
//! run the Rust CLI's own code (`orderlink_cli::run`), so both print the same, byte for byte.

use pyo3::prelude::*;
use std::path::PathBuf;

/// Runs the ``orderlink`` command (``import validate | preview | confirm``, ``workspace create``)
/// on ``args``, the arguments after the command's name, exactly as the Rust ``orderlink`` binary
/// does: what it prints goes to ``sys.stdout``, usage errors to ``sys.stderr``. Returns the exit
/// status: 0 when every row can be imported, 1 when a row or the file has an error, 2 when the
/// command cannot run. The GIL is released while the command runs.
///
/// >>> orderlink.run_cli(["--version"])
/// orderlink ...
/// 0
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<PathBuf>) -> PyResult<i32> {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = py.detach(|| orderlink_cli::run(args, &mut out, &mut err));
    let sys = py.import("sys")?;
    for (stream, bytes) in [("stdout", out), ("stderr", err)] {
        if !bytes.is_empty() {
            let stream = sys.getattr(stream)?;
            stream.call_method1("write", (String::from_utf8_lossy(&bytes),))?;
            stream.call_method0("flush")?;
        }
    }
    Ok(status)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run_cli, m)?)
}
