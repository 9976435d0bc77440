#!/usr/bin/env python3
"""Writes tests/vectors/*.json: the cases every language's suite runs (Rust, Python, Node).

Run it after changing a case: `python3 tests/make_vectors.py`. Expected values are the SPEC's
rules written out by hand, not captured from the implementation.
"""
import json
from pathlib import Path

OUT = Path(__file__).parent / "vectors"

normalization = [
    ("N1", "name trims and collapses inner white space", "normalize_name", "  Acme   Pty\tLtd  ", "acme pty ltd"),
    ("N1", "name case-folds fully", "normalize_name", "STRASSE Straße", "strasse strasse"),
    ("N1", "name applies NFKC to compatibility forms", "normalize_name", "Ｃａｆé №１", "café no1"),
    ("N1", "name composes decomposed accents", "normalize_name", "Cafe\u0301", "café"),
    ("N1", "name collapses non-breaking and ideographic spaces", "normalize_name", "Corner\u00a0\u3000Deli", "corner deli"),
    ("N1", "name of only white space is empty", "normalize_name", " \t\n ", ""),
    ("N1", "email trims and lower-cases", "normalize_email", "  Orders@Corner-Deli.COM ", "orders@corner-deli.com"),
    ("N1", "email keeps plus tags", "normalize_email", "Jo+Orders@Example.com", "jo+orders@example.com"),
    ("C5", "search fold drops accents and case", "search_fold", "Crème BRÛLÉE", "creme brulee"),
    ("C5", "search fold keeps digits and punctuation", "search_fold", "C-001/Ä", "c-001/a"),
]

CODE = "7ZQ4MXD0N5W8K3JY6HBVRT2CA0"
link_codes = [
    ("L3", "bare canonical code", CODE, CODE, None),
    ("L3", "lower case is accepted", CODE.lower(), CODE, None),
    ("L3", "Crockford look-alikes O and I read as 0 and 1", "7ZQ4MXDON5W8K3JY6HBVRT2CAO", CODE, None),
    ("L3", "surrounding white space is ignored", f"  {CODE}\n", CODE, None),
    ("L3", "full https URL", f"https://orderverse.io/order/{CODE}", CODE, None),
    ("L3", "URL with trailing slash and query", f"https://shop.example/order/{CODE.lower()}/?utm=mail", CODE, None),
    ("L3", "path only", f"/order/{CODE}", CODE, None),
    ("L3", "too short", CODE[:-1], None, "LINK_MALFORMED"),
    ("L3", "too long", CODE + "0", None, "LINK_MALFORMED"),
    ("L3", "letter U is not in the alphabet", "U" + CODE[1:], None, "LINK_MALFORMED"),
    ("L3", "non-canonical trailing bits", CODE[:-1] + "1", None, "LINK_MALFORMED"),
    ("L3", "hyphenated", CODE[:13] + "-" + CODE[13:], None, "LINK_MALFORMED"),
    ("L3", "URL without /order/", f"https://orderverse.io/shop/{CODE}", None, "LINK_MALFORMED"),
    ("L3", "ftp URL", f"ftp://orderverse.io/order/{CODE}", None, "LINK_MALFORMED"),
    ("L3", "empty", "", None, "LINK_MALFORMED"),
    ("L3", "non-ASCII", "７ZQ4MXD0N5W8K3JY6HBVRT2CA0", None, "LINK_MALFORMED"),
]


def customer(**kw):
    return kw


validation = [
    ("C1", "name is trimmed", {}, [], {"name": "  Corner Deli  "}, {"customer": {"name": "Corner Deli"}}),
    ("C1", "blank name is refused", {}, [], {"name": "   "}, {"error": "NAME_REQUIRED"}),
    ("C1", "empty name is refused", {}, [], {"name": ""}, {"error": "NAME_REQUIRED"}),
    ("C1", "200 characters is the limit", {}, [], {"name": "x" * 200}, {"customer": {"name": "x" * 200}}),
    ("C1", "201 characters is too long", {}, [], {"name": "x" * 201}, {"error": "NAME_TOO_LONG"}),
    ("C1", "the limit counts characters, not bytes", {}, [], {"name": "é" * 200}, {"customer": {"name": "é" * 200}}),
    ("C2", "blank optional text is absent", {}, [], {"name": "A", "code": "  ", "email": "", "phone": " ", "contact": "\t"},
     {"customer": {"code": None, "email": None, "phone": None, "contact": None}}),
    ("C2", "optional text is trimmed", {}, [], {"name": "A", "code": " C-1 ", "phone": " +61 2 9999 0000 ", "contact": " Jo "},
     {"customer": {"code": "C-1", "phone": "+61 2 9999 0000", "contact": "Jo"}}),
    ("C2", "code taken, compared without case", {}, [{"name": "First", "code": "abc-1"}], {"name": "Second", "code": " ABC-1 "},
     {"error": "CODE_TAKEN"}),
    ("C2", "different codes are fine", {}, [{"name": "First", "code": "abc-1"}], {"name": "Second", "code": "abc-2"},
     {"customer": {"code": "abc-2"}}),
    ("C3", "domain is lower-cased, local part kept", {}, [], {"name": "A", "email": " Jo.Bloggs@Example.COM "},
     {"customer": {"email": "Jo.Bloggs@example.com"}}),
    ("C3", "no @", {}, [], {"name": "A", "email": "jo.example.com"}, {"error": "EMAIL_INVALID"}),
    ("C3", "domain without a dot", {}, [], {"name": "A", "email": "jo@localhost"}, {"error": "EMAIL_INVALID"}),
    ("C3", "space inside", {}, [], {"name": "A", "email": "jo bloggs@example.com"}, {"error": "EMAIL_INVALID"}),
    ("C3", "two @", {}, [], {"name": "A", "email": "jo@@example.com"}, {"error": "EMAIL_INVALID"}),
    ("C3", "display name form", {}, [], {"name": "A", "email": "Jo <jo@example.com>"}, {"error": "EMAIL_INVALID"}),
    ("C3", "trailing dot in domain", {}, [], {"name": "A", "email": "jo@example.com."}, {"error": "EMAIL_INVALID"}),
    ("C3", "plus tag and subdomain are valid", {}, [], {"name": "A", "email": "jo+orders@mail.example.co.uk"},
     {"customer": {"email": "jo+orders@mail.example.co.uk"}}),
    ("C4", "unique names: same name after N1 is refused", {"unique_names": True}, [{"name": "Acme  Pty Ltd"}],
     {"name": "ACME pty ltd"}, {"error": "NAME_TAKEN"}),
    ("C4", "unique names off: same name is fine", {}, [{"name": "Acme Pty Ltd"}], {"name": "Acme Pty Ltd"},
     {"customer": {"name": "Acme Pty Ltd"}}),
    ("S1", "blocking an inactive customer is refused", {}, [], {"name": "A", "active": False, "order_web_blocked": True},
     {"error": "ORDER_WEB_BLOCKED_REQUIRES_ACTIVE"}),
    ("S2", "create is refused while contacts sync is active", {"contacts_sync": {"enabled": True, "connected": True}}, [],
     {"name": "A"}, {"error": "SOURCE_OF_TRUTH_EXTERNAL"}),
    ("S2", "sync enabled but not connected does not lock", {"contacts_sync": {"enabled": True, "connected": False}}, [],
     {"name": "A"}, {"customer": {"name": "A", "active": True, "order_web_blocked": False}}),
]


def access_case(rule, name, ws, cust, link, found, access, view, submit, verify, reason, greeting):
    return {
        "rule": rule, "name": name,
        "workspace": {"strict_security": ws[0], "trial_expired": ws[1]},
        "customer": cust, "link": link,
        "expected": {"found": found, "access": access, "may_view": view, "may_submit": submit,
                     "needs_verification": verify, "reason": reason, "greeting": greeting},
    }


def cust(active=True, blocked=False, email="orders@corner-deli.example"):
    return {"name": "Corner Deli", "active": active, "order_web_blocked": blocked, "email": email}


WB = "Welcome back, Corner Deli"
WT = "Welcome to Vectors Wholesale"
access = [
    access_case("A1", "active, not blocked: available", (False, False), cust(), "customer", True, "available", True, True, False, None, WB),
    access_case("A1", "blocked while active", (False, False), cust(blocked=True), "customer", True, "blocked", False, False, False, "ORDERING_UNAVAILABLE", WB),
    access_case("A1", "inactive wins over blocked", (False, False), cust(active=False, blocked=True), "customer", True, "blocked_inactive", False, False, False, "ACCOUNT_INACTIVE", WB),
    access_case("A1", "inactive, not blocked", (False, False), cust(active=False), "customer", True, "blocked_inactive", False, False, False, "ACCOUNT_INACTIVE", WB),
    access_case("A2", "unknown code: not found", (False, False), None, "unknown", False, None, False, False, False, "LINK_NOT_FOUND", None),
    access_case("A2", "trial expired: view, no submit", (False, True), cust(), "customer", True, "available", True, False, False, "TRIAL_EXPIRED", WB),
    access_case("A2", "trial expired on the workspace link", (False, True), None, "workspace", True, None, True, False, False, "TRIAL_EXPIRED", WT),
    access_case("A2", "blocked wins over trial expired", (False, True), cust(blocked=True), "customer", True, "blocked", False, False, False, "ORDERING_UNAVAILABLE", WB),
    access_case("A3", "strict mode: customer link needs verification", (True, False), cust(), "customer", True, "available", False, False, True, "VERIFICATION_REQUIRED", WB),
    access_case("A3", "strict mode without email: contact the supplier", (True, False), cust(email=None), "customer", True, "available", False, False, True, "NO_EMAIL_ON_FILE", WB),
    access_case("A3", "strict mode: workspace link needs none", (True, False), None, "workspace", True, None, True, True, False, None, WT),
    access_case("A3", "strict mode: blocked says blocked, not verify", (True, False), cust(blocked=True), "customer", True, "blocked", False, False, False, "ORDERING_UNAVAILABLE", WB),
    access_case("A4", "workspace link greets with the workspace name", (False, False), None, "workspace", True, None, True, True, False, None, WT),
]

ALL = ["name", "code", "email", "phone", "contact", "active", "order_web_blocked", "price_group",
       "order_template", "checkout_mode", "freight", "managed_by", "tags"]


def without(*fields):
    return [f for f in ALL if f not in fields]


editable = [
    ("S1", "no sync: everything editable", {"enabled": False, "connected": False, "phone_mapped": False}, True, ALL),
    ("S1", "enabled but not connected: nothing locked", {"enabled": True, "connected": False, "phone_mapped": True}, True, ALL),
    ("S1", "sync active: name, code, email, active locked", {"enabled": True, "connected": True, "phone_mapped": False}, True,
     without("name", "code", "email", "active")),
    ("S1", "sync active with phone mapped: phone locked too", {"enabled": True, "connected": True, "phone_mapped": True}, True,
     without("name", "code", "email", "active", "phone")),
    ("S1", "inactive customer: order_web_blocked not editable", {"enabled": False, "connected": False, "phone_mapped": False}, False,
     without("order_web_blocked")),
    ("S1", "sync active, inactive customer", {"enabled": True, "connected": True, "phone_mapped": False}, False,
     without("name", "code", "email", "active", "order_web_blocked")),
]


def write(name, cases):
    OUT.mkdir(exist_ok=True)
    (OUT / name).write_text(json.dumps({"cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


write("normalization.json", [dict(rule=r, name=n, fn=f, input=i, expected=e) for r, n, f, i, e in normalization])
write("link_codes.json", [dict(rule=r, name=n, input=i, **({"error": err} if err else {"expected": e}))
                          for r, n, i, e, err in link_codes])
write("validation.json", [dict(rule=r, name=n, workspace=w, existing=ex, input=i, expected=e)
                          for r, n, w, ex, i, e in validation])
write("access.json", access)
write("editable_fields.json", [dict(rule=r, name=n, contacts_sync=s, customer_active=a, expected=e)
                               for r, n, s, a, e in editable])
print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.json"))))
