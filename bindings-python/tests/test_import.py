"""Import checks from Python (I1–I3, I5, E1): the script that validates a supplier's file."""

import threading

import pytest

import orderlink

GOOD = b"Customer Name,Customer Code,Email Address\nCorner Deli,C1,orders@deli.example\n"
MIXED = b"Customer Name,Customer Code,Email Address,Fax\nCorner Deli,C1,orders@deli.example,1\nPier,c1,bad,\n,C3,,\n"


def test_i1_reads_bytes_text_and_paths(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(GOOD)
    for given in (GOOD, bytearray(GOOD), memoryview(GOOD), GOOD.decode(), path):
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
    assert e.value.code == "FILE_UNREADABLE"
    assert "cannot read" in e.value.message and "nope.csv" in e.value.message
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(42)
    assert e.value.code == "INVALID_ARGUMENT"


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
    r = orderlink.validate_import(big_file(25_000), progress=lambda rows, done, total, *_: seen.append((rows, done <= total)))
    assert r.rows_read == 25_000
    assert seen[-1][0] == 25_000 and all(s[1] for s in seen)
    assert all(b[0] - a[0] <= 1_000 for a, b in zip(seen, seen[1:]))

    class Stop(Exception):
        pass

    def stop(rows, done, total, bytes_read, bytes_total):
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


def test_i4_preview_then_confirm_writes_the_valid_rows():
    ws = orderlink.Workspace("Acme")
    existing = ws.create_customer("Harbour", code="C3")
    p = ws.preview_import(b"Customer Name,Customer Code,Email Address\nCorner Deli,C1,orders@deli.example\nPier,C2,bad\nHarbour Cafe,c3,\n,,\n")
    assert [(r.row, r.action) for r in p.rows] == [(2, "create"), (3, "error"), (4, "update")]
    assert p.rows[2].customer_id == existing.id and p.rows[2].changes == ["name", "code"]  # c3: the code's case changes too
    assert (p.creates, p.updates, p.unchanged, p.errors) == (1, 1, 0, 1)
    assert ws.list_customers().total == 1, "preview saves nothing"
    result = ws.confirm_import(p)
    assert (len(result.created), result.updated, result.error_rows, result.blank_rows) == (1, [existing.id], [3], 1)
    assert len(result.created) + len(result.updated) + len(result.unchanged) + len(result.error_rows) + result.blank_rows == result.rows_read
    assert ws.get_customer(existing.id).name == "Harbour Cafe"


def test_i4_confirm_refuses_a_stale_preview_and_writes_nothing():
    ws = orderlink.Workspace("Acme")
    p = ws.preview_import(b"Name,Code\nCorner Deli,C1\nPier,C2\n")
    ws.create_customer("Someone Else", code="c2")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.confirm_import(p)
    assert e.value.code == "IMPORT_STALE" and "row 3" in e.value.message
    assert ws.list_customers().total == 1


def test_i6_import_is_refused_under_contacts_sync():
    ws = orderlink.Workspace("Acme", contacts_sync={"enabled": True, "connected": True})
    with pytest.raises(orderlink.ContactsSyncError) as e:
        ws.preview_import(GOOD)
    assert e.value.code == "SOURCE_OF_TRUTH_EXTERNAL"


def test_e1_export_reimports_with_no_changes():
    ws = orderlink.Workspace("Acme")
    ws.create_customer("=Deli", code="C1", phone="+61 2 9999 0000")
    ws.create_customer("Closed", code="C2", active=False)
    data = ws.export_customers(filter="all")
    assert b"'=Deli" in data and b"'+61 2 9999 0000" in data
    p = ws.preview_import(data)
    assert (p.updates, p.unchanged, p.creates, p.errors) == (2, 2, 0, 0)
    assert ws.export_customers().count(b"\r\n") == 2, "the default view is active customers"


def test_i5_workspace_import_limits_are_a_constructor_keyword():
    ws = orderlink.Workspace("Harbour Foods", import_limits={"max_rows": 2})
    assert ws.settings.import_limits == {"max_rows": 2, "max_bytes": 20 * 1024 * 1024}
    preview = ws.preview_import(b"Customer Name\nA\nB\nC\n")
    assert preview.report.refused and [i.code for i in preview.report.issues] == ["TOO_MANY_ROWS"]
    with pytest.raises(orderlink.ValidationError):
        orderlink.Workspace("Harbour Foods", import_limits={"max_rowz": 2})
