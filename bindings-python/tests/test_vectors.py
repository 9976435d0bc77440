"""Runs the cross-language vectors in tests/vectors/ through the Python API (N1 C1 C2 C3 C4 C5
L3 A1 A2 A3 A4 S1 S2), the same files the Rust and Node suites run."""

import json
from pathlib import Path

import pytest

import orderlink

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
UNKNOWN = "ZZZZZZZZZZZZZZZZZZZZZZZZZW"


def cases(name):
    data = json.loads((VECTORS / name).read_text(encoding="utf-8"))["cases"]
    assert data, name
    return [pytest.param(c, id=f"{c['rule']} {c['name']}") for c in data]


@pytest.mark.parametrize("case", cases("normalization.json"))
def test_n1_c5_normalization(case):
    assert getattr(orderlink, case["fn"])(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", cases("link_codes.json"))
def test_l3_link_codes(case):
    if "error" in case:
        with pytest.raises(orderlink.ValidationError) as e:
            orderlink.parse_link_code(case["input"])
        assert e.value.code == case["error"]
    else:
        assert orderlink.parse_link_code(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", cases("validation.json"))
def test_c1_c2_c3_c4_validation(case):
    ws = orderlink.Workspace("Vectors", seed=1, **case["workspace"])
    for existing in case["existing"]:
        ws.create_customer(**existing)
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(orderlink.OrderlinkError) as e:
            ws.create_customer(**case["input"])
        assert e.value.code == expected["error"]
    else:
        c = ws.create_customer(**case["input"])
        for attr, value in expected["customer"].items():
            assert getattr(c, attr) == value, attr


@pytest.mark.parametrize("case", cases("access.json"))
def test_a1_a2_a3_a4_access(case):
    ws = orderlink.Workspace("Vectors Wholesale", seed=1, **case["workspace"])
    spec = case["customer"]
    if spec:
        c = ws.create_customer(spec["name"], email=spec["email"], order_web_blocked=spec["order_web_blocked"])
        if not spec["active"]:
            ws.update_customer(c.id, active=False)
    link = {"customer": lambda: ws.link_url(c.id), "workspace": ws.workspace_link_url, "unknown": lambda: UNKNOWN}
    d = ws.open_link(link[case["link"]]())
    for key, value in case["expected"].items():
        assert getattr(d, key) == value, key


@pytest.mark.parametrize("case", cases("editable_fields.json"))
def test_s1_editable_fields(case):
    ws = orderlink.Workspace("Vectors", seed=1)
    c = ws.create_customer("Synced Co")
    if not case["customer_active"]:
        ws.update_customer(c.id, active=False)
    ws.update_settings(contacts_sync=case["contacts_sync"])
    assert ws.editable_fields(c.id) == case["expected"]
