"""Import checks from Python (I1–I3, I5, E1): the script that validates a supplier's file."""

import threading

import pytest

import orderlink

GOOD = b"Customer Name,Customer Code,Email Address\nCorner Deli,C1,orders@deli.example\n"
MIXED = b"Customer Name,Customer Code,Email Address,Fax\nCorner Deli,C1,orders@deli.example,1\nPier,c1,bad,\n,C3,,\n"


def test_i1_reads_bytes_and_paths(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(GOOD)
    for given in (GOOD, bytearray(GOOD), memoryview(GOOD), path, str(path)):
        r = orderlink.validate_import(given)
        assert (r.format, r.rows_read, r.valid_rows) == ("csv", 1, 1)


def test_i1_pasted_rows_by_extension_or_keyword(tmp_path):
    pasted = "Name\tEmail\nDeli, Pty\tx@y.example\n".encode()
    path = tmp_path / "rows.tsv"
    path.write_bytes(pasted)
    assert orderlink.validate_import(path).format == "pasted"
    assert orderlink.validate_import(pasted, format="pasted").valid_rows == 1


def test_i1_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(tmp_path / "nope.csv")
    assert e.value.code == "INVALID_ARGUMENT"
    assert "cannot read" in e.value.message


def test_i3_issues_have_row_column_code_message_value_severity():
    r = orderlink.validate_import(MIXED)
    assert [(i.row, i.column, i.code, i.severity) for i in r.issues] == [
        (None, "Fax", "HEADER_UNKNOWN", "warning"),
        (3, "Email Address", "EMAIL_INVALID", "error"),
        (3, "Customer Code", "CODE_DUPLICATE_IN_FILE", "error"),
        (4, "Customer Name", "NAME_REQUIRED", "error"),
    ]
    assert r.issues[1].value == "bad"
    assert "row 2" in r.issues[2].message
    assert r.has_errors and not r.refused


def test_i3_summary_groups_repeats():
    rows = b"".join(b"C%d,%s\n" % (i, b"bad" if i % 5 == 0 else b"ok@x.example") for i in range(40))
    r = orderlink.validate_import(b"Name,Email\n" + rows)
    [group] = r.summary()
    assert (group.code, group.count, group.text) == ("EMAIL_INVALID", 8, "EMAIL_INVALID in rows 2, 7, 12 and 5 others")
    assert r.summary_text().startswith("40 rows read: 32 valid, 8 with errors, 0 blank")


def test_i3_error_files_round_trip():
    r = orderlink.validate_import(MIXED)
    csv = r.error_file_csv().decode()
    assert csv.splitlines()[0] == "Customer Name,Customer Code,Email Address,Fax,Issues"
    assert "Corner Deli" not in csv
    again = orderlink.validate_import(r.error_file_xlsx())
    assert (again.format, again.rows_read) == ("xlsx", 2)


def test_i5_limits_refuse_the_whole_file():
    r = orderlink.validate_import(MIXED, limits={"max_rows": 2})
    assert r.refused and [i.code for i in r.issues] == ["HEADER_UNKNOWN", "TOO_MANY_ROWS"]
    assert (r.rows_read, r.error_rows) == (0, 0)
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(GOOD, limits={"max_rowz": 2})
    assert e.value.code == "INVALID_ARGUMENT"


def test_i3_price_groups_and_unique_names_are_checked_when_given():
    r = orderlink.validate_import(b"Name,Price Group\nDeli,Gold\ndeli,trade\n", price_groups=["Trade"], unique_names=True)
    assert [(i.row, i.code) for i in r.issues] == [(2, "PRICE_GROUP_UNKNOWN"), (3, "NAME_DUPLICATE")]
    with pytest.raises(orderlink.ValidationError):
        orderlink.validate_import(GOOD, unique_names=1)


def big_file(rows):
    return b"Name,Email\n" + b"".join(b"Customer %d,c%d@x.example\n" % (i, i) for i in range(rows))


def test_i5_progress_is_reported_and_can_stop_the_read():
    seen = []
    r = orderlink.validate_import(big_file(25_000), progress=lambda rows, done, total: seen.append((rows, done <= total)))
    assert r.rows_read == 25_000
    assert [s[0] for s in seen] == [10_000, 20_000, 25_000] and all(s[1] for s in seen)

    class Stop(Exception):
        pass

    def stop(rows, done, total):
        raise Stop(rows)

    with pytest.raises(Stop):
        orderlink.validate_import(big_file(25_000), progress=stop)


def test_i5_the_gil_is_released_while_reading():
    # Another Python thread runs while the file is read: it sees the progress callback come in
    # from a read that is still going.
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        orderlink.validate_import(big_file(200_000))
    finally:
        done.set()
        t.join()
    assert len(ticks) > 1


def test_e1_neutralise_cell():
    assert orderlink.neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    assert orderlink.neutralise_cell("Corner Deli") == "Corner Deli"


def test_i2_headers_match_aliases_without_case_spacing_or_punctuation():
    r = orderlink.validate_import(b"  CUSTOMER-NAME ,E-mail  Address,Business Name,Fax\nDeli,x@y.example,Deli,1\n")
    assert r.refused
    assert [(i.code, i.column) for i in r.issues] == [("HEADER_DUPLICATE", "Business Name"), ("HEADER_UNKNOWN", "Fax")]
    r = orderlink.validate_import(b"Email\nx@y.example\n")
    assert [i.code for i in r.issues] == ["HEADER_MISSING"]
