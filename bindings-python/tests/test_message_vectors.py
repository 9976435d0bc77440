"""The cross-language vectors of messages (B1) and bulk-send skip rules (B2), run through the
Python API: tests/vectors/messages.json and bulk_send.json, the same files Rust and Node run."""

import pytest

import orderlink
from test_vectors import cases


def workspace():
    return orderlink.Workspace("Harbour Foods", seed=1, base_url="https://shop.example")


@pytest.mark.parametrize("case", cases("messages.json"))
def test_vectors_b1_b2_messages(case):
    ws = workspace()
    c = ws.create_customer(**case["customer"])
    expected = case["expected"]
    if "set_template" in case:
        t = case["set_template"]
        if expected.get("at") == "set":
            with pytest.raises(orderlink.OrderlinkError) as e:
                ws.set_message_template(t["name"], t["subject"], t["body"])
            assert e.value.code == expected["error"]
            assert len(ws.message_templates()) == 3
            return
        ws.set_message_template(t["name"], t["subject"], t["body"])
    if "error" in expected:
        assert expected["at"] == "render"
        with pytest.raises(orderlink.OrderlinkError) as e:
            ws.render_message(c.id, **case["request"])
        assert e.value.code == expected["error"]
        return
    m = ws.render_message(c.id, **case["request"])
    link = ws.link_url(c.id)
    got = {"template": m.template, "subject": m.subject, "body": m.body.replace(link, "<LINK_URL>")}
    assert got == expected
    assert (m.email, m.link_url, m.customer_id) == (case["customer"]["email"], link, c.id)


@pytest.mark.parametrize("case", cases("bulk_send.json"))
def test_vectors_b2_bulk_send_skips(case):
    ws = workspace()
    ids = {}
    for spec in case["customers"]:
        c = ws.create_customer(spec["name"], email=spec.get("email"), order_web_blocked=spec["order_web_blocked"])
        if not spec["active"]:
            ws.update_customer(c.id, active=False)
        if spec.get("deleted"):
            ws.delete_customer(c.id)
        ids[spec["name"]] = c.id
    names = {v: k for k, v in ids.items()}
    select = [ids[n] for n in case["select"]]
    plan = ws.plan_bulk_send(select, filter=case["filter"])
    got = {"sent": [names[m.customer_id] for m in plan.messages],
           "skipped": [[names[s.customer_id], s.reason] for s in plan.skipped]}
    assert got == case["expected"]
    assert list(ws.last_sent(select)) == [m.customer_id for m in plan.messages]
