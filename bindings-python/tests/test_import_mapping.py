"""Column mappings (I7), record ids (I8) and undo (I9) from Python."""

import os
import uuid

import pytest

import orderlink

SUPPLIER = b"Trading Name,Acct No.,Buyer e-mail,Notes\nCorner Deli,CD-1,orders@deli.example,call first\n"
MAPPING = {"Trading Name": "name", "Acct No.": "code", "Buyer e-mail": "email", "Notes": None}


def test_i7_an_explicit_mapping_reads_headers_nobody_listed():
    ws = orderlink.Workspace("Harbour Foods")
    assert ws.preview_import(SUPPLIER).report.refused
    p = ws.preview_import(SUPPLIER, mapping=MAPPING)
    assert p.creates == 1 and p.report.issues == []
    assert p.mapping == [
        ("Trading Name", "name", "mapping"),
        ("Acct No.", "code", "mapping"),
        ("Buyer e-mail", "email", "mapping"),
        ("Notes", None, "mapping"),
    ]
    assert p.mapping_name is None
    c = ws.get_customer(ws.confirm_import(p).created[0])
    assert (c.code, c.email) == ("CD-1", "orders@deli.example")


def test_i7_an_explicit_mapping_never_guesses():
    p = orderlink.Workspace("A").preview_import(SUPPLIER, mapping={"Trading Name": "name"})
    assert p.mapping[1] == ("Acct No.", None, "unmatched")
    assert [i.column for i in p.report.issues if i.code == "HEADER_UNKNOWN"] == ["Acct No.", "Buyer e-mail", "Notes"]


@pytest.mark.parametrize("mapping", [{"A": "name", "B": "name"}, {"A": "favourite_colour"}, {" ": "name"}])
def test_i7_a_bad_mapping_is_refused_when_given(mapping):
    ws = orderlink.Workspace("A")
    with pytest.raises(orderlink.ValidationError) as e:
        ws.preview_import(SUPPLIER, mapping=mapping)
    assert e.value.code == "IMPORT_MAPPING_INVALID"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.save_mapping("x", mapping)
    assert e.value.code == "IMPORT_MAPPING_INVALID"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.preview_import(SUPPLIER, mapping=42)
    assert e.value.code == "INVALID_ARGUMENT"


def test_i7_saved_mappings_by_name():
    ws = orderlink.Workspace("A")
    saved = ws.save_mapping("Harbour", MAPPING)
    assert saved["name"] == "Harbour" and saved["mapping"] == MAPPING
    assert [m["name"] for m in ws.import_mappings()] == ["Harbour"]
    p = ws.preview_import(SUPPLIER, mapping="harbour")
    assert (p.creates, p.mapping_name) == (1, "Harbour")
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.preview_import(SUPPLIER, mapping="nobody")
    assert e.value.code == "IMPORT_MAPPING_NOT_FOUND"
    assert ws.delete_import_mapping("HARBOUR") is True
    assert ws.delete_import_mapping("HARBOUR") is False
    assert ws.import_mappings() == []


def test_i7_validate_import_takes_a_mapping():
    r = orderlink.validate_import(b"Trading Name,Buyer e-mail\nDeli,bad@\n", mapping={"Trading Name": "name", "Buyer e-mail": "email"})
    assert (r.error_rows, r.issues[0].code, r.issues[0].column) == (1, "EMAIL_INVALID", "Buyer e-mail")
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.validate_import(SUPPLIER, mapping="a saved name")
    assert e.value.code == "INVALID_ARGUMENT"


def test_i7_suggest_mapping():
    s = orderlink.suggest_mapping(["Customer Name", "Acct No.", "Zzz"])
    assert [x["header"] for x in s] == ["Acct No.", "Zzz"]
    assert s[0]["candidates"][0] == {"field": "code", "confidence": 0.95, "reason": "synonym"}
    assert s[1]["candidates"] == []
    assert orderlink.Workspace("A").suggest_mapping(["Trading Name"])[0]["candidates"][0]["field"] == "name"


def test_i8_an_export_reimports_as_unchanged_codes_or_not():
    ws = orderlink.Workspace("A")
    ws.create_customer("Codeless Cafe")
    ws.create_customer("'=Apostrophe Deli", code="C2")
    data = ws.export_customers()
    assert data.decode().splitlines()[0].endswith(",Record ID")
    p = ws.preview_import(data)
    assert (len(p.rows), p.unchanged) == (2, 2)
    ws.confirm_import(p)
    assert ws.list_customers().total == 2


def test_i9_confirm_then_undo():
    ws = orderlink.Workspace("A")
    pier = ws.create_customer("Pier", code="P1")
    result = ws.confirm_import(ws.preview_import(b"Name,Code,Phone\nPier,P1,555\nNew Deli,N1,\n"))
    ws.update_customer(pier.id, contact="Sam")
    report = ws.undo_import(result.batch_id)
    assert isinstance(report, orderlink.UndoReport)
    assert (report.batch_id, report.deleted, report.restored, report.kept) == (result.batch_id, result.created, [pier.id], [])
    assert ws.get_customer(pier.id).phone is None
    assert ws.get_customer(pier.id).contact == "Sam"
    batch = ws.import_batch(str(result.batch_id))
    assert [r["action"] for r in batch["rows"]] == ["updated", "created"]
    assert batch["undo"]["restored"] == [str(pier.id)]
    with pytest.raises(orderlink.ConflictError) as e:
        ws.undo_import(result.batch_id)
    assert e.value.code == "IMPORT_ALREADY_UNDONE"
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.undo_import("00000000-0000-4000-8000-000000000001")
    assert e.value.code == "IMPORT_BATCH_NOT_FOUND"


def test_i9_undo_keeps_and_reports_edits_since():
    ws = orderlink.Workspace("A")
    pier = ws.create_customer("Pier", code="P1")
    result = ws.confirm_import(ws.preview_import(b"Name,Code,Phone\nPier,P1,555\n"))
    ws.update_customer(pier.id, phone="777")
    report = ws.undo_import(result.batch_id)
    assert report.kept == [(pier.id, "changed_since", ["phone"])]
    assert ws.get_customer(pier.id).phone == "777"


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_i9_batches_and_mappings_kept_by_the_sql_stores(kind, tmp_path):
    if kind == "sqlite":
        path = tmp_path / "shop.db"
        store = lambda: orderlink.SqliteStore(path)  # noqa: E731
    else:
        url = os.environ.get("ORDERLINK_PG_URL")
        assert url, "the PostgreSQL tests need a server: run them through scripts/with-postgres"
        schema = "py_i9_" + uuid.uuid4().hex
        store = lambda: orderlink.PostgresStore(url, schema=schema)  # noqa: E731
    ws = orderlink.Workspace("Harbour Foods", store=store())
    pier = ws.create_customer("Pier", code="P1")
    ws.save_mapping("Supplier", MAPPING)
    result = ws.confirm_import(ws.preview_import(b"Name,Code,Phone\nPier,P1,555\nNew Deli,N1,\n"))
    again = orderlink.Workspace.open(store())
    assert [m["name"] for m in again.import_mappings()] == ["Supplier"]
    report = again.undo_import(result.batch_id)
    assert (report.deleted, report.restored) == (result.created, [pier.id])
    assert again.get_customer(pier.id).phone is None
    assert again.import_batch(result.batch_id)["undo"]["restored"] == [str(pier.id)]
    with pytest.raises(orderlink.ConflictError):
        ws.undo_import(result.batch_id)
