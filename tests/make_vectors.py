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


# PR1-PR4: one catalogue, resolved for buyers in different groups.
PRICING_SETUP = {
    "currency": "AUD",
    "products": [
        {"sku": "BREAD", "name": "Sourdough", "base_price": "6.50"},
        {"sku": "CUSTOM", "name": "Special order", "base_price": None},
        {"sku": "EGGS-12", "name": "Eggs", "base_price": "7.00"},
        {"sku": "MILK-1L", "name": "Milk 1L", "base_price": "2.00"},
        {"sku": "SAMPLE", "name": "Tasting sample", "base_price": "0", "allow_zero_price": True},
    ],
    "default_prices": {"BREAD": "6.00", "EGGS-12": "6.80"},
    "groups": [
        {"name": "Trade", "active": True, "prices": {"EGGS-12": "6.20", "CUSTOM": "40.00"}},
        {"name": "Dormant", "active": False, "prices": {"BREAD": "1.00"}},
    ],
}


def price_case(rule, name, group, sku, amount, tier, passed_over):
    return {"rule": rule, "name": name, "group": group, "sku": sku,
            "expected": {"amount": amount, "tier": tier, "passed_over": passed_over}}


pricing = [
    price_case("PR1", "group price wins", "Trade", "EGGS-12", "6.20", "group", []),
    price_case("PR1", "no group entry: default list", "Trade", "BREAD", "6.00", "default_list", [["group", "no_entry"]]),
    price_case("PR1", "neither: base price", "Trade", "MILK-1L", "2.00", "base", [["group", "no_entry"], ["default_list", "no_entry"]]),
    price_case("PR1", "group gives a price where base has none", "Trade", "CUSTOM", "40.00", "group", []),
    price_case("PR1", "no price at all", None, "CUSTOM", None, None, [["group", "no_group"], ["default_list", "no_entry"], ["base", "no_entry"]]),
    price_case("PR2", "workspace link: default list", None, "EGGS-12", "6.80", "default_list", [["group", "no_group"]]),
    price_case("PR2", "workspace link: base", None, "MILK-1L", "2.00", "base", [["group", "no_group"], ["default_list", "no_entry"]]),
    price_case("PR2a", "inactive group is ignored", "Dormant", "BREAD", "6.00", "default_list", [["group", "group_inactive"]]),
    price_case("PR2a", "unknown group falls back", "Gone", "EGGS-12", "6.80", "default_list", [["group", "group_unknown"]]),
    price_case("PR2a", "zero where allowed is a price", None, "SAMPLE", "0", "base", [["group", "no_group"], ["default_list", "no_entry"]]),
]

macros = [
    ("PR2b", "percent up rounds half away from zero", "+10%", "19.99", "AUD", "21.99", None),
    ("PR2b", "percent down", "-5%", "10.00", "AUD", "9.50", None),
    ("PR2b", "multiply", "*1.15", "7.15", "AUD", "8.22", None),
    ("PR2b", "add", "+2", "3.50", "AUD", "5.50", None),
    ("PR2b", "subtract", "-5", "8.22", "AUD", "3.22", None),
    ("PR2b", "spaces are ignored", " + 10 % ", "1.00", "AUD", "1.10", None),
    ("PR2b", "midpoint rounds away from zero", "*0.5", "0.05", "AUD", "0.03", None),
    ("PR3", "yen has no minor unit", "+10%", "1005", "JPY", "1106", None),
    ("PR3", "dinar has three decimals", "+10%", "1.005", "KWD", "1.106", None),
    ("PR2b", "no sign", "10%", "1.00", "AUD", None, "PRICE_MACRO_INVALID"),
    ("PR2b", "not a number", "+ten", "1.00", "AUD", None, "PRICE_MACRO_INVALID"),
    ("PR2b", "times zero", "*0", "1.00", "AUD", None, "PRICE_MACRO_INVALID"),
    ("PR2b", "minus a hundred percent", "-100%", "1.00", "AUD", None, "PRICE_MACRO_INVALID"),
    ("PR2b", "exponent notation", "*1e3", "1.00", "AUD", None, "PRICE_MACRO_INVALID"),
    ("PR2b", "empty", "", "1.00", "AUD", None, "PRICE_MACRO_INVALID"),
]

FLAT = {"kind": "flat_rate", "amount": "15"}
effective = [
    ("ST1", "system defaults", {}, {}, {"order_template": "ecommerce", "checkout_mode": "pay_later", "freight": {"kind": "to_be_confirmed"},
                                         "pay_later_forced": False}),
    ("ST1", "workspace defaults", {"order_template": "quantity_grid", "checkout_mode": "pay_now", "freight": FLAT, "card_payments_ready": True}, {},
     {"order_template": "quantity_grid", "checkout_mode": "pay_now", "freight": FLAT, "pay_later_forced": False}),
    ("ST1", "customer overrides win", {"order_template": "quantity_grid", "freight": FLAT, "card_payments_ready": True},
     {"order_template": "ecommerce", "checkout_mode": "pay_now", "freight": {"kind": "manual"}},
     {"order_template": "ecommerce", "checkout_mode": "pay_now", "freight": {"kind": "manual"}, "pay_later_forced": False}),
    ("ST1", "inherit means the workspace's mode", {"checkout_mode": "pay_now", "card_payments_ready": True}, {"checkout_mode": "inherit"},
     {"checkout_mode": "pay_now", "pay_later_forced": False}),
    ("ST1", "cards not ready force pay later", {"checkout_mode": "pay_now", "card_payments_ready": False}, {},
     {"checkout_mode": "pay_later", "pay_later_forced": True}),
]


# --- import (I1–I3, I5) and export (E1) -----------------------------------------------------
# Each case is a file given as text (`input`) or as base64 bytes (`input_b64`), the options of
# validate_import, and what the report must say: counts, and each issue as [row, column, code]
# (row and column null for the file as a whole), in report order.
H = "Customer Name,Customer Code,Email Address,Active,Order Web Blocked,Price Group\n"


def imp(rule, name, text=None, b64=None, options=None, counts=(0, 0, 0, 0), issues=(), refused=False):
    case = dict(rule=rule, name=name)
    if b64 is not None:
        case["input_b64"] = b64
    else:
        case["input"] = text
    case["options"] = options or {}
    read, valid, errors, blank = counts
    case["expected"] = dict(rows_read=read, valid_rows=valid, error_rows=errors, blank_rows=blank, refused=refused,
                            issues=[list(i) for i in issues])
    return case


import base64
imports = [
    imp("I1", "comma separated with CRLF", H.replace("\n", "\r\n") + "Corner Deli,C1,orders@deli.example,yes,no,\r\n", counts=(1, 1, 0, 0)),
    imp("I1", "semicolon separated is detected", "Name;Email\nCorner Deli;orders@deli.example\nPier;bad\n",
        counts=(2, 1, 1, 0), issues=[(3, "Email", "EMAIL_INVALID")]),
    imp("I1", "tab separated is detected", "Name\tCode\nCorner Deli\tC1\n\tC2\n", counts=(2, 1, 1, 0),
        issues=[(3, "Name", "NAME_REQUIRED")]),
    imp("I1", "a UTF-8 BOM is not part of the first header", "\ufeffName,Email\nDeli,\n", counts=(1, 1, 0, 0)),
    imp("I1", "pasted rows are tab separated", "Name\tEmail\nDeli, Pty\tx@y.example\n", options={"format": "pasted"},
        counts=(1, 1, 0, 0)),
    imp("I3", "row numbers count quoted newlines as one row", 'Name,Contact\n"Deli","Jo\nSmith"\n,\n"",x\n',
        counts=(3, 0, 2, 1), issues=[(2, "Contact", "TEXT_INVALID"), (4, "Name", "NAME_REQUIRED")]),
    imp("I3", "row numbers count blank lines as the sheet does", "Name\nDeli\n\n\n \n", counts=(4, 1, 0, 3)),
    imp("I2", "headers match without case, spacing or punctuation", "  CUSTOMER-NAME , e-mail address,phone_number\nDeli,x@y.example,1\n",
        counts=(1, 1, 0, 0)),
    imp("I2", "a missing Name column refuses the file", "Code,Email\nC1,x@y.example\n", refused=True,
        issues=[(None, None, "HEADER_MISSING")]),
    imp("I2", "an empty file has no header", "", refused=True, issues=[(None, None, "HEADER_MISSING")]),
    imp("I2", "two columns for one field refuse the file", "Name,Customer Name\nDeli,Deli\n", refused=True,
        issues=[(None, "Customer Name", "HEADER_DUPLICATE")]),
    imp("I2", "an unknown column is a warning", "Name,Fax\nDeli,123\n", counts=(1, 1, 0, 0),
        issues=[(None, "Fax", "HEADER_UNKNOWN")]),
    imp("I3", "NAME_REQUIRED for a blank name", "Name,Email\n  ,x@y.example\n", counts=(1, 0, 1, 0),
        issues=[(2, "Name", "NAME_REQUIRED")]),
    imp("I3", "NAME_TOO_LONG past 200 characters", "Name\n" + "a" * 201 + "\n" + "é" * 200 + "\n", counts=(2, 1, 1, 0),
        issues=[(2, "Name", "NAME_TOO_LONG")]),
    imp("I3", "EMAIL_INVALID", "Name,Email\nDeli,orders@localhost\nPier,ok@pier.example\n", counts=(2, 1, 1, 0),
        issues=[(2, "Email", "EMAIL_INVALID")]),
    imp("I3", "CODE_DUPLICATE_IN_FILE compares without case", "Name,Code\nDeli,c-1\nPier,C-1\nShop,C-2\n", counts=(3, 2, 1, 0),
        issues=[(3, "Code", "CODE_DUPLICATE_IN_FILE")]),
    imp("I3", "NAME_DUPLICATE under the unique-names policy", "Name\nCorner Deli\n corner  DELI\n", options={"unique_names": True},
        counts=(2, 1, 1, 0), issues=[(3, "Name", "NAME_DUPLICATE")]),
    imp("I3", "repeated names are fine without the policy", "Name\nCorner Deli\ncorner deli\n", counts=(2, 2, 0, 0)),
    imp("I3", "BOOLEAN_INVALID", "Name,Active,Order Web Blocked\nDeli,Yes,N\nPier,maybe,0\nShop,TRUE,1\n", counts=(3, 2, 1, 0),
        issues=[(3, "Active", "BOOLEAN_INVALID")]),
    imp("I3", "PRICE_GROUP_UNKNOWN when groups are given", "Name,Price Group\nDeli,trade\nPier,Retail\nShop,\n",
        options={"price_groups": ["Trade"]}, counts=(3, 2, 1, 0), issues=[(3, "Price Group", "PRICE_GROUP_UNKNOWN")]),
    imp("I3", "CELL_TOO_LONG past the column's limit", "Name,Code\nDeli," + "9" * 65 + "\n", counts=(1, 0, 1, 0),
        issues=[(2, "Code", "CELL_TOO_LONG")]),
    imp("I3", "ORDER_WEB_BLOCKED_REQUIRES_ACTIVE", "Name,Active,Order Web Blocked\nDeli,no,yes\n", counts=(1, 0, 1, 0),
        issues=[(2, "Order Web Blocked", "ORDER_WEB_BLOCKED_REQUIRES_ACTIVE")]),
    imp("I3", "ROW_RAGGED for cells past the header", "Name,Code\nDeli,C1,extra\nPier,C2,\nShop\n", counts=(3, 2, 1, 0),
        issues=[(2, None, "ROW_RAGGED")]),
    imp("I3", "every issue of a row is reported", "Name,Email,Active\n,bad,perhaps\n", counts=(1, 0, 1, 0),
        issues=[(2, "Name", "NAME_REQUIRED"), (2, "Email", "EMAIL_INVALID"), (2, "Active", "BOOLEAN_INVALID")]),
    imp("I5", "TOO_MANY_ROWS refuses the file", "Name\nA\nB\nC\n", options={"limits": {"max_rows": 2}}, refused=True,
        issues=[(None, None, "TOO_MANY_ROWS")]),
    imp("I5", "exactly the row limit is accepted", "Name\nA\nB\n", options={"limits": {"max_rows": 2}}, counts=(2, 2, 0, 0)),
    imp("I5", "FILE_TOO_LARGE refuses the file before reading", "Name\nA\n", options={"limits": {"max_bytes": 5}}, refused=True,
        issues=[(None, None, "FILE_TOO_LARGE")]),
    imp("I5", "FILE_UNREADABLE for a broken workbook", b64=base64.b64encode(b"PK\x03\x04 not really a zip").decode(),
        refused=True, issues=[(None, None, "FILE_UNREADABLE")]),
    imp("I5", "ENCODING_INVALID for a row that is not UTF-8", b64=base64.b64encode("Name\nDeli\nCaf\xe9\n".encode("latin-1")).decode(),
        counts=(2, 1, 1, 0), issues=[(3, None, "ENCODING_INVALID")]),
    imp("E1", "a neutralised formula cell reads back as written", "Name,Phone\n'=Deli,'+61 2 9999 0000\n", counts=(1, 1, 0, 0)),
]

# I3a: the same sheet with every line ending a file may use. Row 2 is valid, row 3 has no name,
# row 4 a bad email; with blank lines, each empty line is a (blank) row of its own.
ROWS3 = [(3, "Name", "NAME_REQUIRED"), (4, "Email", "EMAIL_INVALID")]
THREE = ["Name,Email", "A,a@x.example", ",b@x.example", "C,bad"]
BLANKS = ["Name,Email", "", "A,a@x.example", "", "", ",b@x.example"]
imports += [
    imp("I3a", "LF line endings", "\n".join(THREE) + "\n", counts=(3, 1, 2, 0), issues=ROWS3),
    imp("I3a", "CRLF line endings", "\r\n".join(THREE) + "\r\n", counts=(3, 1, 2, 0), issues=ROWS3),
    imp("I3a", "CR line endings", "\r".join(THREE) + "\r", counts=(3, 1, 2, 0), issues=ROWS3),
    imp("I3a", "mixed line endings", "Name,Email\r\nA,a@x.example\n,b@x.example\rC,bad", counts=(3, 1, 2, 0), issues=ROWS3),
    imp("I3a", "blank lines count as rows with LF", "\n".join(BLANKS) + "\n", counts=(5, 1, 1, 3),
        issues=[(6, "Name", "NAME_REQUIRED")]),
    imp("I3a", "blank lines count as rows with CRLF", "\r\n".join(BLANKS) + "\r\n", counts=(5, 1, 1, 3),
        issues=[(6, "Name", "NAME_REQUIRED")]),
    imp("I3a", "blank lines count as rows with CR", "\r".join(BLANKS) + "\r", counts=(5, 1, 1, 3),
        issues=[(6, "Name", "NAME_REQUIRED")]),
    imp("I3a", "blank lines before the header move it down", "\n\r\nName,Email\n,b@x.example\n", counts=(1, 0, 1, 0),
        issues=[(4, "Name", "NAME_REQUIRED")]),
    imp("I3a", "blank lines at the end are not rows", "Name\r\nA\r\n\r\n\r\n", counts=(1, 1, 0, 0)),
    # The cells spanning lines are in Notes, a column that is not imported: no imported field
    # allows line breaks (R4).
    imp("I3a", "a quoted cell spanning lines is one row with CRLF", 'Name,Notes\r\n"Deli","Jo\r\nSmith"\r\n,x\r\n',
        counts=(2, 1, 1, 0), issues=[(None, "Notes", "HEADER_UNKNOWN"), (3, "Name", "NAME_REQUIRED")]),
    imp("I3a", "a quoted cell spanning lines is one row with CR", 'Name,Notes\r"Deli","Jo\rSmith"\r\r,x\r',
        counts=(3, 1, 1, 1), issues=[(None, "Notes", "HEADER_UNKNOWN"), (4, "Name", "NAME_REQUIRED")]),
    imp("I3a", "empty lines inside a quoted cell are not rows", 'Name,Notes\n"Deli","Jo\n\n\nSmith"\n,x\n',
        counts=(2, 1, 1, 0), issues=[(None, "Notes", "HEADER_UNKNOWN"), (3, "Name", "NAME_REQUIRED")]),
    imp("I3a", "a quoted cell starting a line after a blank line", 'Name,Notes\r\n"D","a\nb"\r\n\r\n"",x\r\n',
        counts=(3, 1, 1, 1), issues=[(None, "Notes", "HEADER_UNKNOWN"), (4, "Name", "NAME_REQUIRED")]),
    imp("I3a", "pasted rows with CRLF and a blank line", "Name\tEmail\r\nA\ta@x.example\r\n\r\n\tb@x.example\r\n",
        options={"format": "pasted"}, counts=(3, 1, 1, 1), issues=[(4, "Name", "NAME_REQUIRED")]),
    imp("I3a", "pasted rows with CR", "Name\tEmail\rA\ta@x.example\r\tb@x.example\r", options={"format": "pasted"},
        counts=(2, 1, 1, 0), issues=[(3, "Name", "NAME_REQUIRED")]),
    imp("R2", "TOO_MANY_COLUMNS refuses a header past the column limit", "Name,A,B\nDeli,1,2\n",
        options={"limits": {"max_columns": 2}}, refused=True, issues=[(None, None, "TOO_MANY_COLUMNS")]),
    imp("R2", "TOO_MANY_COLUMNS refuses a row past the column limit", "Name,Email\nDeli,a@x.example\nPier,b@x.example,,,\n",
        options={"limits": {"max_columns": 3}}, refused=True, issues=[(None, None, "TOO_MANY_COLUMNS")]),
    imp("R2", "issues past the per-code limit are counted, not kept", "Name,Email\n,a@x.example\n,a@x.example\nC,bad\n,b@x.example\n",
        options={"limits": {"max_issues_per_code": 2}}, counts=(4, 0, 4, 0),
        issues=[(2, "Name", "NAME_REQUIRED"), (3, "Name", "NAME_REQUIRED"), (4, "Email", "EMAIL_INVALID")]),
]

neutralise = [
    ("E1", "equals", "=1+2", "'=1+2"),
    ("E1", "plus", "+61 2 9999 0000", "'+61 2 9999 0000"),
    ("E1", "minus", "-5", "'-5"),
    ("E1", "at", "@SUM(A1)", "'@SUM(A1)"),
    ("E1", "tab", "\tx", "'\tx"),
    ("E1", "carriage return", "\rx", "'\rx"),
    ("E1", "plain text is left alone", "Corner Deli", "Corner Deli"),
    ("E1", "a formula character inside is left alone", "A=B", "A=B"),
    ("I8", "an apostrophe before a formula character gets one more", "'=Deli", "''=Deli"),
    ("I8", "an apostrophe before plain text is left alone", "'Deli", "'Deli"),
]


# B1: message rendering. The workspace is "Harbour Foods" at https://shop.example; "<LINK_URL>" in an
# expected text stands for the customer's own order link (its code is random).
DELI = {"name": "Corner Deli", "email": "orders@corner-deli.example", "contact": "Jo Bloggs", "code": "CD-1"}
DEFAULT_BODY = ("Hello Jo Bloggs,\n\nYou can place orders with Harbour Foods at any time using your own order link:\n\n"
                "<LINK_URL>\n\nNo login is needed. Please keep this link to yourself: it is for Corner Deli only.\n\n"
                "Thank you,\nHarbour Foods")
FRIENDLY_BODY = ("Hi Jo Bloggs!\n\nGreat news: you can now send us your orders online, any time, from any device. "
                 "Just open your link, pick what you need and submit:\n\n<LINK_URL>\n\n"
                 "It is set up for Corner Deli with your usual prices, no password needed.\n\n"
                 "Cheers,\nThe team at Harbour Foods")
REMINDER = {"name": "Reminder", "subject": "{customer_code} orders close Friday",
            "body": "Hi {contact_name}, order here: {link_url}"}


def message(rule, name, customer=DELI, template=None, request=None, expected=None, error=None, at=None):
    case = dict(rule=rule, name=name, customer=customer, request=request or {})
    if template:
        case["set_template"] = template
    if error:
        case["expected"] = {"error": error, "at": at}
    else:
        case["expected"] = expected
    return case


messages = [
    message("B1", "Default renders from the customer, the workspace and the link",
            expected={"template": "Default", "subject": "Your order link for Harbour Foods", "body": DEFAULT_BODY}),
    message("B1", "no template named means Default; no contact greets the customer by name",
            customer={"name": "Pier Seafood", "email": "ap@pier.example"},
            expected={"template": "Default", "subject": "Your order link for Harbour Foods",
                      "body": DEFAULT_BODY.replace("Jo Bloggs", "Pier Seafood").replace("Corner Deli", "Pier Seafood")}),
    message("B1", "Short", request={"template": "Short"},
            expected={"template": "Short", "subject": "Order from Harbour Foods",
                      "body": "Order from Harbour Foods here: <LINK_URL>"}),
    message("B1", "Friendly, named without case", request={"template": "FRIENDLY"},
            expected={"template": "Friendly", "subject": "Ordering from Harbour Foods just got easier",
                      "body": FRIENDLY_BODY}),
    message("B1", "the caller's subject and body replace the template's, placeholders filled, {{ }} literal",
            request={"template": "Short", "subject": "For {customer_name}", "body": "Use code {{SPRING}}: {link_url}"},
            expected={"template": "Short", "subject": "For Corner Deli", "body": "Use code {SPRING}: <LINK_URL>"}),
    message("B1", "a subject is one line: white space from the customer collapses",
            customer={"name": "Corner   Deli", "email": "orders@corner-deli.example"},
            request={"subject": "Hi {customer_name}", "body": "{customer_name}"},
            expected={"template": "Default", "subject": "Hi Corner Deli", "body": "Corner   Deli"}),
    message("B1", "a workspace template, checked when set, then used by name", template=REMINDER,
            request={"template": "reminder"},
            expected={"template": "Reminder", "subject": "CD-1 orders close Friday",
                      "body": "Hi Jo Bloggs, order here: <LINK_URL>"}),
    message("B1", "a missing customer code fills in as nothing", template=REMINDER,
            customer={"name": "Pier Seafood", "email": "ap@pier.example"}, request={"template": "Reminder"},
            expected={"template": "Reminder", "subject": "orders close Friday",
                      "body": "Hi Pier Seafood, order here: <LINK_URL>"}),
    message("B1", "a misspelt placeholder is refused when the template is set",
            template={"name": "Typo", "subject": "Hi", "body": "Hello {contact_nmae}"},
            error="TEMPLATE_PLACEHOLDER_UNKNOWN", at="set"),
    message("B1", "a misspelt placeholder in the caller's subject is refused",
            request={"subject": "For {customer}"}, error="TEMPLATE_PLACEHOLDER_UNKNOWN", at="render"),
    message("B1", "an unclosed brace is refused", template={"name": "Open", "subject": "Hi", "body": "Hi {link_url"},
            error="TEMPLATE_INVALID", at="set"),
    message("B1", "a lone closing brace is refused", request={"body": "Hi }"}, error="TEMPLATE_INVALID", at="render"),
    message("B1", "a subject on two lines is refused", request={"subject": "Hi\nthere"}, error="TEMPLATE_INVALID",
            at="render"),
    message("B1", "a blank body is refused", request={"body": "  "}, error="TEMPLATE_INVALID", at="render"),
    message("B1", "a built-in's name is taken", template={"name": "short", "subject": "Hi", "body": "{link_url}"},
            error="TEMPLATE_INVALID", at="set"),
    message("B1", "an unknown template", request={"template": "Weekly"}, error="TEMPLATE_NOT_FOUND", at="render"),
    message("B2", "a single send needs an email", customer={"name": "Walk-in Cafe"}, error="EMAIL_REQUIRED",
            at="render"),
]


# B2: who a bulk send skips and why. Customers are made in order (a "deleted" one is made and
# deleted again); `select` names them in selection order.
def bc(name, email=True, active=True, blocked=False, deleted=False):
    c = {"name": name, "active": active, "order_web_blocked": blocked}
    if email:
        c["email"] = name.lower().replace(" ", "-") + "@shop.example"
    if deleted:
        c["deleted"] = True
    return c


MIXED = [bc("Able"), bc("Baker", email=False), bc("Cole", active=False), bc("Dale", blocked=True),
         bc("Eden", email=False, active=False), bc("Ford", email=False, blocked=True),
         bc("Gale", active=False, blocked=True), bc("Hale", deleted=True), bc("Ives")]
ALL_NAMES = [c["name"] for c in MIXED]
bulk = [
    dict(rule="B2", name="Active filter: inactive, blocked and no email skipped, in selection order", customers=MIXED,
         select=ALL_NAMES, filter="active",
         expected={"sent": ["Able", "Ives"],
                   "skipped": [["Baker", "no_email"], ["Cole", "inactive"], ["Dale", "order_web_blocked"],
                               ["Eden", "inactive"], ["Ford", "order_web_blocked"], ["Gale", "inactive"],
                               ["Hale", "not_found"]]}),
    dict(rule="B2", name="filter All sends to inactive customers too", customers=MIXED, select=ALL_NAMES, filter="all",
         expected={"sent": ["Able", "Cole", "Ives"],
                   "skipped": [["Baker", "no_email"], ["Dale", "order_web_blocked"], ["Eden", "no_email"],
                               ["Ford", "order_web_blocked"], ["Gale", "order_web_blocked"], ["Hale", "not_found"]]}),
    dict(rule="B2", name="filter Inactive does not send to inactive customers", customers=MIXED,
         select=["Cole", "Eden", "Able"], filter="inactive",
         expected={"sent": ["Able"], "skipped": [["Cole", "inactive"], ["Eden", "inactive"]]}),
    dict(rule="B2", name="a customer selected twice gets one message", customers=MIXED,
         select=["Ives", "Able", "Ives", "Baker", "Baker"], filter="active",
         expected={"sent": ["Ives", "Able"], "skipped": [["Baker", "no_email"]]}),
    dict(rule="B2", name="selection order is kept", customers=MIXED, select=["Ives", "Dale", "Able"], filter="active",
         expected={"sent": ["Ives", "Able"], "skipped": [["Dale", "order_web_blocked"]]}),
    dict(rule="B2", name="an empty selection builds nothing", customers=MIXED, select=[], filter="active",
         expected={"sent": [], "skipped": []}),
]

def write(name, cases):
    OUT.mkdir(exist_ok=True)
    doc = cases if isinstance(cases, dict) else {"cases": cases}
    (OUT / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


write("normalization.json", [dict(rule=r, name=n, fn=f, input=i, expected=e) for r, n, f, i, e in normalization])
write("link_codes.json", [dict(rule=r, name=n, input=i, **({"error": err} if err else {"expected": e}))
                          for r, n, i, e, err in link_codes])
write("validation.json", [dict(rule=r, name=n, workspace=w, existing=ex, input=i, expected=e)
                          for r, n, w, ex, i, e in validation])
write("access.json", access)
write("editable_fields.json", [dict(rule=r, name=n, contacts_sync=s, customer_active=a, expected=e)
                               for r, n, s, a, e in editable])
write("pricing.json", {"setup": PRICING_SETUP, "cases": pricing})
write("price_macros.json", [dict(rule=r, name=n, macro=m, price=p, currency=c, **({"error": e} if e else {"expected": x}))
                            for r, n, m, p, c, x, e in macros])
write("effective_settings.json", [dict(rule=r, name=n, defaults=dft, customer=cust, expected=x) for r, n, dft, cust, x in effective])
write("import.json", imports)
write("messages.json", messages)
write("bulk_send.json", bulk)
write("neutralise.json", [dict(rule=r, name=n, input=i, expected=e) for r, n, i, e in neutralise])
print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.json"))))


# R3 / R4 (robustness round): appended here to ease merging. Both files take validation.json's
# shape (create a customer, expect it or an error code), so every language runs them with its
# validation runner. Amounts are freight amounts (ST1), which take the one amount rule.
def freight(amount):
    return {"name": "Deli", "freight": {"kind": "flat_rate", "amount": amount}}


money = [
    ("R3", "a short decimal string is an amount", freight("19.99"), {"customer": {"name": "Deli"}}),
    ("R3", "four decimal places is the limit", freight("0.0425"), {"customer": {"name": "Deli"}}),
    ("R3", "trailing zeros are not places", freight("4.500000"), {"customer": {"name": "Deli"}}),
    ("R3", "five decimal places are refused", freight("0.00001"), {"error": "AMOUNT_OUT_OF_RANGE"}),
    ("R3", "one trillion is the largest amount", freight("1000000000000"), {"customer": {"name": "Deli"}}),
    ("R3", "past one trillion is refused", freight("1000000000000.0001"), {"error": "AMOUNT_OUT_OF_RANGE"}),
    ("R3", "more digits than a decimal holds are refused, not rounded",
     freight("79228162514264337593543950335"), {"error": "AMOUNT_OUT_OF_RANGE"}),
    ("R3", "the text 0.1 + 0.2 prints is refused", freight("0.30000000000000004"), {"error": "AMOUNT_OUT_OF_RANGE"}),
    # JSON numbers: Node reads them as JS numbers by their shortest text; Python refuses floats
    # (money is Decimal, int or str there), so those cases name Python's answer apart.
    ("R3", "a number 4.5 is the amount 4.5", freight(4.5), {"customer": {"name": "Deli"}, "python_error": "INVALID_ARGUMENT"}),
    ("R3", "a number 19.99 is the amount 19.99", freight(19.99), {"customer": {"name": "Deli"}, "python_error": "INVALID_ARGUMENT"}),
    ("R3", "the number 0.1 + 0.2 is refused", freight(0.1 + 0.2), {"error": "AMOUNT_OUT_OF_RANGE", "python_error": "INVALID_ARGUMENT"}),
    ("R3", "an integer number is an amount", freight(12), {"customer": {"name": "Deli"}}),
]

text = [
    ("R4", "NUL in a name is refused", {"name": "Corner\u0000Deli"}, {"error": "TEXT_INVALID"}),
    ("R4", "NUL in a code is refused", {"name": "Deli", "code": "C\u00001"}, {"error": "TEXT_INVALID"}),
    ("R4", "NUL in a phone is refused", {"name": "Deli", "phone": "555\u00001"}, {"error": "TEXT_INVALID"}),
    ("R4", "NUL in a contact is refused", {"name": "Deli", "contact": "Jo\u0000"}, {"error": "TEXT_INVALID"}),
    ("R4", "NUL in an email is refused", {"name": "Deli", "email": "jo\u0000@deli.example"}, {"error": "TEXT_INVALID"}),
    ("R4", "NUL in a tag is refused", {"name": "Deli", "tags": ["vip\u0000"]}, {"error": "TEXT_INVALID"}),
    ("R4", "an escape character is refused", {"name": "Deli\u001b[31m"}, {"error": "TEXT_INVALID"}),
    ("R4", "DEL is refused", {"name": "Deli\u007f"}, {"error": "TEXT_INVALID"}),
    ("R4", "a C1 control (NEL) is refused", {"name": "Corner\u0085Deli"}, {"error": "TEXT_INVALID"}),
    ("R4", "a line break inside a one-line field is refused", {"name": "Corner\nDeli"}, {"error": "TEXT_INVALID"}),
    ("R4", "a tab inside a one-line field is refused", {"name": "Deli", "contact": "Jo\tSmith"}, {"error": "TEXT_INVALID"}),
    ("R4", "surrounding line breaks are trimmed", {"name": "\r\nCorner Deli\n"}, {"customer": {"name": "Corner Deli"}}),
    ("R4", "a name of zero-width spaces is refused", {"name": "\u200b\u200b"}, {"error": "TEXT_INVALID"}),
    ("R4", "a name of a word joiner and a BOM is refused", {"name": "\u2060\ufeff"}, {"error": "TEXT_INVALID"}),
    ("R4", "a name of a soft hyphen is refused", {"name": "\u00ad"}, {"error": "TEXT_INVALID"}),
    ("R4", "a name of lone combining marks is refused", {"name": "\u0301\u0308"}, {"error": "TEXT_INVALID"}),
    ("R4", "a name of a Hangul filler is refused", {"name": "\u3164"}, {"error": "TEXT_INVALID"}),
    ("R4", "accents are text", {"name": "Crème Brûlée"}, {"customer": {"name": "Crème Brûlée"}}),
    ("R4", "right-to-left text is text", {"name": "مطعم الشرق"}, {"customer": {"name": "مطعم الشرق"}}),
    ("R4", "emoji with joiners are text", {"name": "👩\u200d🍳 Kitchen"}, {"customer": {"name": "👩\u200d🍳 Kitchen"}}),
    ("R4", "a combining mark on a letter is text", {"name": "Cafe\u0301"}, {"customer": {"name": "Cafe\u0301"}}),
]

write("money.json", [dict(rule=r, name=n, workspace={}, existing=[], input=i, expected=e) for r, n, i, e in money])
write("text.json", [dict(rule=r, name=n, workspace={}, existing=[], input=i, expected=e) for r, n, i, e in text])

# CT2, CT3, R3: edits applied in batches to a new open cart (by the agent "Sam") over three
# products; each batch is all or nothing. `expected` is the lines after the last batch and the
# cart's value now, or the error code of the last batch (the lines before it kept).
CART_PRODUCTS = [
    {"sku": "FL-1", "name": "Flour 25kg", "base_price": "12.50"},
    {"sku": "SU-2", "name": "Caster Sugar", "base_price": "0.3333"},
    {"sku": "OIL-3", "name": "Olive Oil"},
    {"sku": "OLD-4", "name": "Old Stock", "base_price": "1.00", "active": False},
]


def edit(op, product, qty=None, uom=None):
    e = {"op": op, "product": product}
    if qty is not None:
        e["qty"] = qty
    if uom is not None:
        e["uom"] = uom
    return e


carts = [
    ("CT2", "add by SKU", [[edit("add", "FL-1", "2")]], {"lines": [["FL-1", "2", "each"]], "total": "25.00"}),
    ("CT2", "add by name, without case or accents", [[edit("add", "CASTER sugar", "3")]], {"lines": [["SU-2", "3", "each"]], "total": "1.00"}),
    ("CT2", "two adds sum", [[edit("add", "FL-1", "1")], [edit("add", "FL-1", "1.5")]], {"lines": [["FL-1", "2.5", "each"]], "total": "31.25"}),
    ("CT2", "set replaces the quantity", [[edit("add", "FL-1", "4"), edit("set", "FL-1", "1")]], {"lines": [["FL-1", "1", "each"]], "total": "12.50"}),
    ("CT2", "another unit is another line", [[edit("add", "FL-1", "1"), edit("add", "FL-1", "1", "pallet")]], {"lines": [["FL-1", "1", "each"], ["FL-1", "1", "pallet"]], "total": "25.00"}),
    ("CT2", "remove drops the product's lines", [[edit("add", "FL-1", "1"), edit("add", "SU-2", "1"), edit("remove", "FL-1")]], {"lines": [["SU-2", "1", "each"]], "total": "0.33"}),
    ("CT3", "a product without a price counts nothing", [[edit("add", "OIL-3", "2"), edit("add", "FL-1", "1")]], {"lines": [["OIL-3", "2", "each"], ["FL-1", "1", "each"]], "total": "12.50"}),
    ("CT2", "an unknown product refuses the whole batch", [[edit("add", "FL-1", "1")], [edit("add", "SU-2", "1"), edit("add", "NOPE", "1")]], {"error": "PRODUCT_NOT_FOUND", "lines": [["FL-1", "1", "each"]]}),
    ("CT2", "an inactive product cannot be added", [[edit("add", "OLD-4", "1")]], {"error": "INVALID_ARGUMENT", "lines": []}),
    ("CT2", "removing a product not in the cart is refused", [[edit("remove", "FL-1")]], {"error": "INVALID_ARGUMENT", "lines": []}),
    ("R3", "a quantity of zero is refused", [[edit("add", "FL-1", "0")]], {"error": "AMOUNT_OUT_OF_RANGE", "lines": []}),
    ("R3", "a quantity with 4 places is refused", [[edit("add", "FL-1", "0.0001")]], {"error": "AMOUNT_OUT_OF_RANGE", "lines": []}),
    ("R3", "a quantity above a billion is refused", [[edit("add", "FL-1", "1000000001")]], {"error": "AMOUNT_OUT_OF_RANGE", "lines": []}),
    ("R3", "adds past a billion are refused", [[edit("add", "FL-1", "1000000000")], [edit("add", "FL-1", "1")]], {"error": "AMOUNT_OUT_OF_RANGE", "lines": [["FL-1", "1000000000", "each"]]}),
]

write("carts.json", [dict(rule=r, name=n, products=CART_PRODUCTS, batches=b, expected=e) for r, n, b, e in carts])

# I7 / I8 (issue 18): appended here to ease merging.
# I7: suggestions for headers that match no field. `expected` lists, for each header that
# matches no field (in order), its best candidate and confidence (None: no candidate). The
# confidences are the documented scores: 0.95 a known synonym; a header holding a field's word
# of w letters in a header of k letters 0.6 + 0.25 * w / k (at most 0.85); a spelling at
# Levenshtein similarity s >= 0.6 scores 0.8 * s; two decimals.
mapping_suggestions = [
    ("I7", "synonyms suppliers use", ["Trading Name", "Acct No.", "Buyer e-mail", "Mobile"],
     [("Trading Name", "name", 0.95), ("Acct No.", "code", 0.95), ("Buyer e-mail", "email", 0.95), ("Mobile", "phone", 0.95)]),
    ("I7", "headers that match a field are not suggested", ["Customer Name", "Phone Number", "Tel.", "Email"], []),
    ("I7", "a header holding a field's words", ["Name", "Buyer Email Address"], [("Buyer Email Address", "email", 0.78)]),
    ("I7", "a misspelt header", ["Name", "E-mial Address"], [("E-mial Address", "email", 0.67)]),
    ("I7", "a field another column has is not suggested", ["Name", "Email", "Buyer E-mail Addr."],
     [("Buyer E-mail Addr.", "contact", 0.69)]),
    ("I7", "nothing close", ["Name", "Favourite Colour"], [("Favourite Colour", None, None)]),
]
write("import_mapping.json", [dict(rule=r, name=n, headers=h, expected=[dict(header=x, field=f, confidence=c) for x, f, c in e])
                              for r, n, h, e in mapping_suggestions])

# I8: rows matched by Record ID, then by code. `existing` are created in order; "{0}", "{1}" …
# in the CSV stand for their record ids. Each expected row: its number, action, the customer it
# updates (an index into existing) with the fields that change, or the issue code of an error.
RECORDS = [{"name": "Alpha", "code": "A1"}, {"name": "Beta"}, {"name": "Gamma", "code": "G1"}]


def row(n, action, customer=None, changes=None, issue=None):
    out = {"row": n, "action": action}
    if customer is not None:
        out.update(customer=customer, changes=changes or [])
    if issue:
        out["issue"] = issue
    return out


record_ids = [
    ("I8", "a customer without a code is matched by its record id", "Name,Code,Record ID\nBeta,,{1}\n",
     [row(2, "update", 1)]),
    ("I8", "record id first, then code", "Name,Code,Record ID\nAlpha Renamed,A1,{0}\nGamma,G1,\n",
     [row(2, "update", 0, ["name"]), row(3, "update", 2)]),
    ("I8", "the record id can change a code", "Name,Code,Record ID\nAlpha,A9,{0}\n", [row(2, "update", 0, ["code"])]),
    ("I8", "no record id and a new code creates", "Name,Code,Record ID\nDelta,D1,\n", [row(2, "create")]),
    ("I8", "an unknown record id is an error", "Name,Record ID\nNobody,00000000-0000-4000-8000-000000000001\n",
     [row(2, "error", issue="RECORD_UNKNOWN")]),
    ("I8", "a record id that is not one is an error", "Name,Record ID\nNobody,12345\n", [row(2, "error", issue="RECORD_UNKNOWN")]),
    ("I8", "a record id and a code naming two customers", "Name,Code,Record ID\nAlpha,G1,{0}\n",
     [row(2, "error", issue="RECORD_CODE_CONFLICT")]),
    ("I8", "two rows for one customer", "Name,Record ID\nBeta,{1}\nBeta,{1}\n",
     [row(2, "update", 1), row(3, "error", issue="RECORD_DUPLICATE_IN_FILE")]),
    ("I8", "an export re-imports as updates with no changes, codes or not", "EXPORT",
     [row(2, "update", 0), row(3, "update", 1), row(4, "update", 2)]),
]
write("import_record_ids.json", [dict(rule=r, name=n, existing=RECORDS, csv=c, expected=e) for r, n, c, e in record_ids])


# PR5–PR8: quantity breaks, validity windows, the buyer's merged breaks, prices frozen on lines.
# Every case runs on one workspace built from the setup, its clock at `now`; a case's `at` of
# None means now. Money and quantities are compared as decimal text, instants as instants.
APRIL, MAY = "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"


def brk(min_qty, price, starts_at=None, ends_at=None):
    b = {"min_qty": min_qty, "price": price}
    if starts_at:
        b["starts_at"] = starts_at
    if ends_at:
        b["ends_at"] = ends_at
    return b


BREAKS_SETUP = {
    "currency": "AUD",
    "now": "2026-03-01T09:00:00Z",
    "products": [
        {"sku": "EGGS", "name": "Eggs", "base_price": "7.00"},
        {"sku": "FLOUR", "name": "Flour 10kg", "base_price": "6.00"},
        {"sku": "OIL", "name": "Olive oil", "base_price": "12.00"},
        {"sku": "SALT", "name": "Salt", "base_price": None},
    ],
    # A bare amount is a plain price (from any quantity, always); a list is the entry's breaks.
    "default_prices": {
        "FLOUR": [brk("5", "4.80"), brk("1", "5.00")],
        "EGGS": "6.80",
        "OIL": [brk("0", "11.00", ends_at=APRIL), brk("0", "11.50", starts_at=APRIL)],
    },
    "groups": [
        {"name": "Trade", "active": True, "prices": {
            "FLOUR": [brk("10", "4.50"), brk("50", "4.00")],
            "EGGS": [brk("1", "5.50", starts_at=APRIL, ends_at=MAY)],
            "SALT": [brk("12", "2.00")],
        }},
        {"name": "Dormant", "active": False, "prices": {"FLOUR": [brk("1", "1.00")]}},
    ],
}


def res(rule, name, group, sku, qty, at, amount, tier, min_qty, passed_over=(), upcoming=()):
    return dict(rule=rule, name=name, kind="resolve", group=group, sku=sku, qty=qty, at=at, expected={
        "amount": amount, "tier": tier, "min_qty": min_qty,
        "passed_over": [list(p) for p in passed_over], "upcoming": [list(u) for u in upcoming]})


BELOW, NO_ENTRY, OUTSIDE = "below_smallest_break", "no_entry", "outside_window"
breaks_cases = [
    res("PR5", "greatest group break at or below the quantity", "Trade", "FLOUR", "12", None, "4.50", "group", "10"),
    res("PR5", "the largest break", "Trade", "FLOUR", "50", None, "4.00", "group", "50"),
    res("PR5", "group prices only 10+: 3 falls to the default list", "Trade", "FLOUR", "3", None, "5.00", "default_list", "1",
        [("group", BELOW)]),
    res("PR5", "below every break: the base price", "Trade", "FLOUR", "0.5", None, "6.00", "base", None,
        [("group", BELOW), ("default_list", BELOW)]),
    res("PR5", "the workspace link never sees group breaks", None, "FLOUR", "70", None, "4.80", "default_list", "5",
        [("group", "no_group")]),
    res("PR5", "an inactive group's breaks are ignored", "Dormant", "FLOUR", "100", None, "4.80", "default_list", "5",
        [("group", "group_inactive")]),
    res("PR5", "a plain price is a break from any quantity", None, "EGGS", "0.25", None, "6.80", "default_list", "0",
        [("group", "no_group")]),
    res("PR5", "below the only break and nothing lower: no price", "Trade", "SALT", "11", None, None, None, None,
        [("group", BELOW), ("default_list", NO_ENTRY), ("base", NO_ENTRY)]),
    res("PR5", "at the only break", "Trade", "SALT", "12", None, "2.00", "group", "12"),
    res("PR6", "before its window a break is absent; explain shows it ahead", "Trade", "EGGS", "1", None, "6.80", "default_list", "0",
        [("group", OUTSIDE)], [("group", "1", "5.50", APRIL)]),
    res("PR6", "the start is inclusive", "Trade", "EGGS", "1", APRIL, "5.50", "group", "1"),
    res("PR6", "the last instant before the end", "Trade", "EGGS", "1", "2026-04-30T23:59:59.999999999Z", "5.50", "group", "1"),
    res("PR6", "the end is exclusive", "Trade", "EGGS", "1", MAY, "6.80", "default_list", "0", [("group", OUTSIDE)]),
    res("PR6", "a scheduled change, before it", None, "OIL", "1", None, "11.00", "default_list", "0",
        [("group", "no_group")], [("default_list", "0", "11.50", APRIL)]),
    res("PR6", "a scheduled change, from its start", None, "OIL", "1", APRIL, "11.50", "default_list", "0",
        [("group", "no_group")]),
]


def sheet(rule, name, group, sku, at, rows):
    return dict(rule=rule, name=name, kind="breaks", group=group, sku=sku, at=at, expected=[list(r) for r in rows])


breaks_cases += [
    sheet("PR7", "every tier's breaks below the one above it", "Trade", "FLOUR", None, [
        ("0", "6.00", "base"), ("1", "5.00", "default_list"), ("5", "4.80", "default_list"),
        ("10", "4.50", "group"), ("50", "4.00", "group")]),
    sheet("PR7", "the workspace link: no group rows", None, "FLOUR", None, [
        ("0", "6.00", "base"), ("1", "5.00", "default_list"), ("5", "4.80", "default_list")]),
    sheet("PR7", "an inactive group shows nothing of its own", "Dormant", "FLOUR", None, [
        ("0", "6.00", "base"), ("1", "5.00", "default_list"), ("5", "4.80", "default_list")]),
    sheet("PR7", "a tier from any quantity hides the tiers below it", "Trade", "EGGS", APRIL, [
        ("0", "6.80", "default_list"), ("1", "5.50", "group")]),
    sheet("PR7", "a group break only", "Trade", "SALT", None, [("12", "2.00", "group")]),
]


def setc(rule, name, group, sku, entry, error):
    return dict(rule=rule, name=name, kind="set", group=group, sku=sku, entry=entry, error=error)


breaks_cases += [
    setc("PR5", "a larger quantity may not cost more", "Trade", "FLOUR", [brk("1", "5.00"), brk("10", "5.10")], "PRICE_INVALID"),
    setc("PR5", "breaks are distinct", None, "FLOUR", [brk("10", "5.00"), brk("10.000", "4.00")], "PRICE_INVALID"),
    setc("PR5", "a negative minimum is out of range", None, "FLOUR", [brk("-1", "5.00")], "AMOUNT_OUT_OF_RANGE"),
    setc("PR5", "a minimum has at most 3 places", None, "FLOUR", [brk("0.0001", "5.00")], "AMOUNT_OUT_OF_RANGE"),
    setc("PR5", "zero only where the product allows it", "Trade", "FLOUR", [brk("1", "0")], "ZERO_PRICE_NOT_ALLOWED"),
    setc("PR6", "a window ends after it starts", None, "FLOUR", [brk("1", "5.00", starts_at=MAY, ends_at=APRIL)], "PRICE_INVALID"),
    setc("PR6", "more never costs more at any instant", None, "OIL",
         [brk("0", "11.00"), brk("5", "10.00"), brk("0", "9.00", starts_at=APRIL)], "PRICE_INVALID"),
]


def intake(rule, name, group, placed_at, total, lines, expected=None, error=None):
    case = dict(rule=rule, name=name, kind="intake", group=group, placed_at=placed_at, total=total, lines=lines)
    if error:
        case["error"] = error
    else:
        case["expected"] = [list(e) for e in expected]
    return case


def ln(sku, qty, unit_price=None):
    line = {"sku": sku, "qty": qty}
    if unit_price is not None:
        line["unit_price"] = unit_price
    return line


breaks_cases += [
    intake("PR8", "each line frozen at placed_at: tier, break and currency; a given price kept and marked", "Trade",
           "2026-04-02T10:00:00Z", "100.00",
           [ln("FLOUR", "12"), ln("EGGS", "1"), ln("SALT", "1"), ln("EGGS", "2", "6.00"), ln("GONE", "1")],
           [("4.50", "group", "10", "AUD", False), ("5.50", "group", "1", "AUD", False), (None, None, None, None, False),
            ("6.00", None, None, "AUD", True), (None, None, None, None, False)]),
    intake("PR8", "a line below every break freezes the base price", None, None, "3.00", [ln("FLOUR", "0.5")],
           [("6.00", "base", None, "AUD", False)]),
    intake("PR8", "a total that is not the sum of given lines is refused", None, None, "20.00",
           [ln("FLOUR", "3", "4.34"), ln("EGGS", "1", "7")], error="ORDER_TOTAL_MISMATCH"),
    intake("PR8", "the sum of given lines is rounded to the currency's minor unit", None, None, "20.00",
           [ln("FLOUR", "3", "4.333"), ln("EGGS", "1", "7")],
           [("4.333", None, None, "AUD", True), ("7", None, None, "AUD", True)]),
    intake("PR8", "lines priced by the library are not checked against the total", None, None, "99.00",
           [ln("FLOUR", "3")], [("5.00", "default_list", "1", "AUD", False)]),
]

write("pricing_breaks.json", {"setup": BREAKS_SETUP, "cases": breaks_cases})
