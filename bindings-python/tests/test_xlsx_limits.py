"""R2, I3b from Python: XLSX files that used to stop the process or read wrong, through
validate_import. The fixtures are written by tests/make_xlsx_fixtures.py (a few KB each)."""

import importlib.util
from pathlib import Path

import orderlink

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "xlsx"


def fixture(name):
    return (FIXTURES / name).read_bytes()


def codes(report):
    return [(i.row, i.code) for i in report.issues]


def test_r2_a_cell_far_past_the_last_column_is_refused_not_allocated():
    data = fixture("far_column.xlsx")
    assert len(data) < 2048
    r = orderlink.validate_import(data)
    assert r.refused and codes(r) == [(None, "TOO_MANY_COLUMNS")]
    assert "XFD1" in r.issues[0].message


def test_r2_an_absurd_shared_strings_count_is_never_reserved():
    r = orderlink.validate_import(fixture("absurd_shared_count.xlsx"))
    assert (r.refused, r.rows_read, r.valid_rows) == (False, 1, 1)


def test_r2_one_huge_cell_is_refused_before_it_is_read_whole():
    data = fixture("huge_cell.xlsx")
    assert len(data) < 4096
    r = orderlink.validate_import(data)
    assert r.refused and codes(r) == [(None, "FILE_TOO_LARGE_INFLATED")]


def test_r2_progress_is_in_bytes_of_the_sheet():
    seen = []
    r = orderlink.validate_import(fixture("absurd_shared_count.xlsx"), progress=lambda *p: seen.append(p))
    assert r.rows_read == 1
    rows_read, done, total, bytes_read, bytes_total = seen[-1]
    assert done == total > 100  # bytes of the sheet, not its 2 rows
    assert (bytes_read, bytes_total) == (done, total)  # XLSX: bytes of the sheet once inflated


def test_i3b_a_formula_with_no_calculated_value_is_its_own_issue():
    r = orderlink.validate_import(fixture("formula_not_calculated.xlsx"))
    assert codes(r) == [(3, "FORMULA_NOT_CALCULATED"), (4, "FORMULA_NOT_CALCULATED")]
    first = r.issues[0]
    assert "B3" in first.message and first.column == "Code"
    assert first.value == "=SUM(B1:B2)"
    assert "B4" in r.issues[1].message
    # Never read as blank: the rows are errors, and the calculated one is valid.
    assert (r.valid_rows, r.error_rows, r.blank_rows) == (1, 2, 0)


def test_i3b_fixtures_regenerate_to_the_same_bytes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_xlsx_fixtures", ROOT / "tests" / "make_xlsx_fixtures.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    names = make.write(tmp_path)
    assert names == sorted(p.name for p in FIXTURES.glob("*.xlsx"))
    for name in names:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name
        assert (FIXTURES / name).stat().st_size < 4096, name
