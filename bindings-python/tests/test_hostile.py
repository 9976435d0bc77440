"""R1, R2, R4, R5, I3a: the hostile-file suite through the Python binding.

tests/hostile/make.py writes the files and their expectations (cases.json); the CLI and Node
suites run the same files. Each case runs ``orderlink.validate_import`` and both error files in a
child Python process whose address space is capped (``preexec_fn`` setting ``RLIMIT_AS``) at the
child's own baseline + 512 MiB, with a time limit, so a regression fails its test instead of the
machine. A case passes when the child ends normally (no panic, no abort, no signal), reports an
expected code (an issue code, or the code of the ``OrderlinkError`` raised) and the expected rows,
and writes both error files for any report. Paths are given as ``pathlib.Path`` (R5: a path is
said to be one); everything else as ``bytes``.
"""

import json
import pathlib
import resource
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
GROWTH = 512 << 20
TIME_LIMIT = 30

CHILD = r"""
import json, pathlib, sys
import orderlink

def vm(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0

path, as_path = sys.argv[1], sys.argv[2] == "1"
out = {"issues": [], "error": None, "error_files": [], "has_errors": False}
try:
    report = orderlink.validate_import(pathlib.Path(path) if as_path else pathlib.Path(path).read_bytes())
    out["issues"] = [[i.code, i.row] for i in report.issues]
    out["has_errors"] = report.has_errors
    for write in (report.error_file_csv, report.error_file_xlsx):
        try:
            write()
        except orderlink.OrderlinkError as e:
            out["error_files"].append(f"{write.__name__}: {e.code}: {e}")
except orderlink.OrderlinkError as e:
    out["error"] = e.code
    out["message"] = str(e)[:300]
out["vm_peak"] = vm("VmPeak")
print(json.dumps(out))
sys.exit(1 if out["error"] or out["has_errors"] else 0)
"""

CASES = [
    "r2_hostile_xlsx_cell_at_xfd1048576",
    "r2_hostile_xlsx_cell_at_xfd_in_row_2",
    "r2_hostile_xlsx_cell_past_the_last_column",
    "r2_hostile_xlsx_shared_strings_count_lies",
    "r2_hostile_xlsx_one_cell_inflating_to_1gib",
    "r2_hostile_xlsx_shared_strings_inflating_to_1gib",
    "r2_hostile_xlsx_five_million_shared_strings",
    "r2_hostile_xlsx_ten_million_repeated_rows",
    "r2_hostile_xlsx_ten_million_cells_in_one_row",
    "r2_hostile_xlsx_zip_bomb_part_declaring_1kb",
    "r2_hostile_xlsx_styles_zip_bomb",
    "r2_hostile_xlsx_deeply_nested_xml",
    "r2_hostile_xlsx_billion_laughs",
    "r2_hostile_csv_header_of_five_million_columns",
    "r2_hostile_csv_one_huge_quoted_cell",
    "i3a_hostile_csv_crlf_row_numbers",
    "i3a_hostile_csv_cr_only_row_numbers",
    "i3a_hostile_csv_lf_blank_line_row_numbers",
    "r4_hostile_csv_nul_in_a_cell",
    "r4_hostile_csv_ansi_escapes_in_cells",
    "r2_hostile_path_sparse_2gb_file",
    "r2_hostile_path_dev_zero",
    "r2_hostile_path_fifo",
]


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    subprocess.run([sys.executable, str(ROOT / "tests" / "hostile" / "make.py"), str(out)], check=True)
    cases = {c["name"]: c for c in json.loads((out / "cases.json").read_text())}
    # The baseline: the child's peak address space on a small file with an error.
    small = out / "baseline.csv"
    small.write_bytes(b"Name,Email\nCorner Deli,orders@deli.example\nBad,not-an-email\n")
    done = subprocess.run([sys.executable, "-c", CHILD, str(small), "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    baseline = json.loads(done.stdout)["vm_peak"]
    assert baseline > 0
    return {"dir": out, "cases": cases, "baseline": baseline, "cap": baseline + GROWTH}


def run_case(suite, name):
    case = suite["cases"][name]
    expect = case["expect"]
    file = case["file"] if case["file"].startswith("/") else str(suite["dir"] / case["file"])
    cap = suite["cap"]
    context = f"{name} ({case['why']}); cap {cap >> 20} MiB = baseline {suite['baseline'] >> 20} MiB + 512 MiB"

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, file, "1" if case["as_path"] else "0"],
            capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=limit, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{context}: still running after {TIME_LIMIT} s")
    err = done.stderr[-800:]
    assert done.returncode in (0, 1), f"{context}: exit {done.returncode}; stderr: {err}"
    assert "panicked" not in done.stderr and "PanicException" not in done.stderr, f"{context}: {err}"
    out = json.loads(done.stdout)
    assert out["vm_peak"] <= cap
    assert not out["error_files"], f"{context}: an error file failed: {out['error_files']}"
    codes = {c for c, _ in out["issues"]} | ({out["error"]} if out["error"] else set())
    if expect["codes_any"]:
        assert codes & set(expect["codes_any"]), f"{context}: expected one of {expect['codes_any']}; got {out}"
    elif expect["exit"] == [0]:
        assert done.returncode == 0, f"{context}: expected a clean report; got {out}"
    for code, row in expect["issues"]:
        assert [code, row] in out["issues"], f"{context}: expected {code} at row {row}; got {out['issues']}"


def _make(name):
    def test(suite):
        run_case(suite, name)

    test.__name__ = f"test_{name}"
    test.__doc__ = f"The hostile case {name} (tests/hostile/make.py)."
    return test


for _name in CASES:
    globals()[f"test_{_name}"] = _make(_name)


def test_r2_hostile_every_case_has_a_test(suite):
    assert sorted(CASES) == sorted(suite["cases"])
