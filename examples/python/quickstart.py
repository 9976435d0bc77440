"""orderlink from Python: a customer, its order link, what opening the link allows, and an
error with its stable code.

Run it after building the binding (`make test-python` does, and runs this file as a test):

    .venv/bin/python examples/python/quickstart.py
"""

import orderlink

ws = orderlink.Workspace("Harbour Foods", base_url="https://shop.harbour.example")

# C1-C3: names and codes are trimmed, the email's domain is lower-cased.
deli = ws.create_customer(" Corner Deli ", code="HF-001", email="Orders@Corner-Deli.EXAMPLE")
print(deli)

# L1-L3: every customer has a permanent, unguessable order link.
url = ws.link_url(deli.id)
print("order link:", url)

# A2, A4: what the portal may do when the buyer opens it.
decision = ws.open_link(url)
print(decision.greeting, "| may view:", decision.may_view, "| may submit:", decision.may_submit)

# C2: codes are unique without case; every error carries a stable code.
try:
    ws.create_customer("Copycat", code="hf-001")
except orderlink.ConflictError as e:
    print(f"refused: {e.code} ({e.kind}) - {e.message}")

# A2: an expired trial lets buyers browse but not order.
ws.update_settings(trial_expired=True)
d = ws.open_link(url)
print(f"trial expired: may view {d.may_view}, may submit {d.may_submit}, {d.reason}")

# C5: search ignores case and accents.
page = ws.list_customers(search="DELI")
print(f"{len(page)} of {page.total} active customers match 'deli':", [c.name for c in page])
