"""CSV, pasted rows, paths and progress from Python (I3a, R2, R5)."""

import os
import pathlib

import pytest

import orderlink

THREE = ["Name,Email", "A,a@x.example", ",b@x.example", "C,bad"]


def rows(report):
    return [(i.row, i.code) for i in report.issues]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_i3a_row_numbers_are_the_sheets_for_every_line_ending(end):
    text = end.join(["Name,Email", "", "A,a@x.example", ",b@x.example", "", "C,bad"]) + end
    r = orderlink.validate_import(text)
    assert rows(r) == [(4, "NAME_REQUIRED"), (6, "EMAIL_INVALID")]
    assert (r.rows_read, r.blank_rows) == (5, 2)


def test_i3a_pasted_rows_with_a_cell_spanning_lines():
    # Notes is not imported (no imported field allows line breaks, R4): only its rows matter here.
    r = orderlink.validate_import('Name\tNotes\r\n"Deli"\t"Jo\r\nSmith"\r\n\tx\r\n', format="pasted")
    assert [x for x in rows(r) if x[1] != "HEADER_UNKNOWN"] == [(3, "NAME_REQUIRED")]


def test_r5_a_str_is_content_even_when_it_names_an_existing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Name").write_text("Name,Email\nFrom the file,x@y.example\n")
    r = orderlink.validate_import("Name")
    # The text "Name" is a header and no rows: the file named Name was not read.
    assert (r.rows_read, r.headers) == (0, ["Name"])
    path = tmp_path / "customers.csv"
    path.write_text("Name\nDeli\n")
    r = orderlink.validate_import(str(path))
    assert r.headers == [str(path)] and r.rows_read == 0
    assert orderlink.validate_import(path).rows_read == 1
    ws = orderlink.Workspace("Paths", seed=1)
    assert ws.preview_import(str(path)).report.rows_read == 0
    assert ws.preview_import(path).report.rows_read == 1


def test_r5_a_directory_and_a_fifo_are_refused(tmp_path):
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(tmp_path)
    assert e.value.code == "FILE_NOT_REGULAR"
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(fifo)
    assert e.value.code == "FILE_NOT_REGULAR"
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.Workspace("Paths", seed=1).preview_import(pathlib.Path("/dev/zero"))
    assert e.value.code == "FILE_NOT_REGULAR"


def test_r5_a_file_past_max_bytes_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(2 << 30)  # sparse: no disk used
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(big)
    assert e.value.code == "FILE_TOO_LARGE"
    small = tmp_path / "small.csv"
    small.write_bytes(b"Name\nDeli\n")
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(small, limits={"max_bytes": 5})
    assert e.value.code == "FILE_TOO_LARGE"


def test_r2_too_many_columns_and_issues_per_code():
    r = orderlink.validate_import("Name" + ",x" * 2_000 + "\nDeli\n")
    assert r.refused and rows(r) == [(None, "TOO_MANY_COLUMNS")]
    text = "Name,Email\n" + "".join(f"C{i},bad{i}\n" for i in range(300))
    r = orderlink.validate_import(text, limits={"max_issues_per_code": 10})
    assert len(r.issues) == 10 and r.issues_dropped == {"EMAIL_INVALID": 290}
    assert r.summary()[0].count == 300
    assert r.summary()[0].text == "EMAIL_INVALID in rows 2, 3, 4 and 297 others"


def big_file(rows):
    return b"Name,Email\n" + b"".join(b"Customer %d,c%d@x.example\n" % (i, i) for i in range(rows))


def test_r2_progress_gives_bytes_and_returning_false_stops():
    data = big_file(20_000)
    seen = []
    orderlink.validate_import(data, progress=lambda *p: seen.append(p))
    assert seen[-1] == (20_000, len(data), len(data), len(data), len(data))
    assert all(b[3] >= a[3] and b[3] - a[3] <= 64 * 1024 + 64 for a, b in zip(seen, seen[1:]))
    calls = []

    def stop(rows, done, total, bytes_read, bytes_total):
        calls.append(rows)
        return False

    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(data, progress=stop)
    assert e.value.code == "IMPORT_CANCELLED"
    assert calls == [1_000]
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.Workspace("Stop", seed=1).preview_import(data, progress=stop)
    assert e.value.code == "IMPORT_CANCELLED"


def test_r2_the_csv_error_file_keeps_rows_wider_than_the_header():
    r = orderlink.validate_import("Name,Email\nDeli,bad,,,\n")
    assert r.error_file_csv().decode().splitlines()[0] == "Name,Email,,,,Issues"
