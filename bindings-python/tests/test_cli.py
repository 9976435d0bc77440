"""``python -m orderlink`` and the ``orderlink`` console script run the Rust CLI's own code
(``orderlink.run_cli``), so they print what the Rust binary prints (I1–I5)."""

import subprocess
import sys
from pathlib import Path

import pytest

import orderlink

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "customers.csv"


def rust_cli():
    """The Rust binary beside the binding's build, when one was built (cargo test -p orderlink-cli)."""
    for profile in ("debug", "release"):
        exe = ROOT / "target" / profile / "orderlink"
        if exe.is_file():
            return exe
    return None


def run(*cmd):
    return subprocess.run([*map(str, cmd)], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_i3_python_m_orderlink_import_validate_prints_the_issues_and_exits_1():
    out = run(sys.executable, "-m", "orderlink", "import", "validate", "examples/customers.csv")
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith("examples/customers.csv: 9 rows read: 4 valid, 4 with errors, 1 blank\n")
    assert "error   EMAIL_INVALID in row 3" in out.stdout
    assert "  row 6, Active: Active must be Yes or No" in out.stdout


def test_i3_python_m_orderlink_prints_exactly_what_the_rust_cli_prints():
    exe = rust_cli()  # `make test` runs cargo test (which builds it) before pytest
    if exe is None:
        pytest.skip("no Rust orderlink binary in target/: run `cargo build -p orderlink-cli` first")
    for args in (["import", "validate", "examples/customers.csv"], ["import", "preview", "examples/customers.csv", "--json"], ["import", "bogus"]):
        rust = run(exe, *args)
        python = run(sys.executable, "-m", "orderlink", *args)
        assert (python.returncode, python.stdout, python.stderr) == (rust.returncode, rust.stdout, rust.stderr), args


def test_i4_console_script_creates_and_confirms_into_a_sqlite_file(tmp_path):
    script = Path(sys.executable).with_name("orderlink")
    assert script.is_file(), "pip installs the console script beside python"
    db = tmp_path / "shop.db"
    created = run(script, "workspace", "create", "Harbour Foods", "--db", db)
    assert created.returncode == 0, created.stderr
    assert "created workspace 'Harbour Foods'" in created.stdout
    saved = run(script, "import", "confirm", SAMPLE, "--db", db, "--skip-errors", "--quiet")
    assert saved.returncode == 0, saved.stderr
    assert "created 4, updated 0 (0 unchanged); 4 rows with errors not saved" in saved.stdout
    ws = orderlink.Workspace.open(orderlink.SqliteStore(db))
    assert ws.list_customers(filter="all").total == 4


def test_i5_run_cli_writes_to_sys_stdout_and_returns_the_status(capsys, tmp_path):
    assert orderlink.run_cli(["import", "validate", SAMPLE, "--quiet"]) == 1
    assert capsys.readouterr().out == f"{SAMPLE}: 9 rows read: 4 valid, 4 with errors, 1 blank\n"
    assert orderlink.run_cli(["import", "validate", tmp_path / "missing.csv"]) == 2
    assert "orderlink: cannot read" in capsys.readouterr().err
    assert orderlink.run_cli(["--help"]) == 0
    assert "import" in capsys.readouterr().out
    with pytest.raises(TypeError):
        orderlink.run_cli("import validate x.csv")  # one string is not a list of arguments
