"""orderlink from Python: customers, a link, what opening it allows, and an error's code.

Run after building the binding (make test-python does): python examples/python/quickstart.py
"""

import orderlink

ws = orderlink.Workspace("Harbour Foods")
deli = ws.create_customer("Corner Deli", code="HF-001", email="orders@corner-deli.example")
print(deli)
url = ws.link_url(deli.id)
print("link:", url)
decision = ws.open_link(url)
print(decision.greeting, "| may submit:", decision.may_submit)
try:
    ws.create_customer("Copycat", code="hf-001")
except orderlink.ConflictError as e:
    print("refused:", e.code, "-", e)
print(ws.list_customers(search="deli"))
