"""A tour of orderlink from Python: the same walk as the Rust tour (examples/rust/tour.rs).

Every area, in the order a supplier meets them: customers, order links and who may use them,
strict mode, contacts sync, buyers from the public link, prices, importing and exporting
customers, messages, portal activity and order history. A seed and a manual clock make the
output the same on every run (leave both out in production). Rule ids in the headings are
explained in docs/rules.md.

    .venv/bin/python examples/python/tour.py      # after `make test-python`, which runs it too
"""

import datetime

import orderlink


def section(title):
    print(f"\n== {title}")


def names(customers):
    return ", ".join(c.name for c in customers)


def show(value):
    return "-" if value is None else when(value) if isinstance(value, datetime.datetime) else str(value)


def when(at):
    return f"{at:%Y-%m-%d %H:%M:%S} UTC"


def words(value):
    """An enum value as a person reads it: "order_web_blocked" → "order web blocked"."""
    return value.replace("_", " ")


def target(ws, link):
    t = ws.resolve_link(link)
    if t.kind == "customer":
        return f"the link of {ws.get_customer(t.customer_id).name}"
    if t.kind == "checkout":
        return f"the checkout link of a cart of {ws.get_customer(t.customer_id).name}"
    return "the workspace link" if t.kind == "workspace" else "unknown (nobody's link)"


def show_decision(ws, label, link, token=None):
    d = ws.open_link(link, token)
    yes = lambda b: "yes" if b else "no"  # noqa: E731
    message = f" | {d.message}" if d.message else ""
    print(
        f"{label:<28} view {yes(d.may_view):<3} submit {yes(d.may_submit):<3} "
        f"verify {yes(d.needs_verification):<3} {show(d.greeting)}{message}"
    )


clock = orderlink.ManualClock(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone.utc))
ws = orderlink.Workspace("Harbour Foods", base_url="https://orderverse.io", currency="AUD", seed=2026, clock=clock)

section("Customers (C1–C7)")
deli = ws.create_customer("  Corner Deli  ", code="HF-001", email="Orders@Corner-Deli.COM.AU", contact="Zoë Hart")
cafe = ws.create_customer("Café Mocha", code="HF-002")
bakery = ws.create_customer("Bondi Bakery", email="buyer@bakery.example")
closed = ws.create_customer("Old Grocer")
ws.update_customer(closed.id, active=False)
print(f"created {deli.name}, {cafe.name}, {bakery.name} and {closed.name}")
print(f"Corner Deli's name is trimmed and its email kept as {deli.email}")
for name, fields in [("   ", {}), ("Jo's", {"email": "jo@localhost"}), ("Copycat", {"code": "hf-001"})]:
    try:
        ws.create_customer(name, **fields)
    except orderlink.OrderlinkError as e:
        print(f"refused: {e.code} — {e.message}")
page = ws.list_customers()
print(f"active customers, by name ({len(page)} of {page.total}): {names(page)}")
print(f'search "cafe" (accent-insensitive): {names(ws.list_customers(filter="all", search="cafe"))}')
print(f"inactive: {names(ws.list_customers(filter='inactive'))}")

section("Order links (L1–L5) and who may use them (A1, A2, A4)")
deli_url = ws.link_url(deli.id)
print(f"Corner Deli's link:   {deli_url}")
print(f"workspace link:       {ws.workspace_link_url()}")
print(f"resolve (lower case): {target(ws, deli_url.lower())}")
print(f"resolve workspace:    {target(ws, ws.workspace_link_url())}")
print(f"resolve never-issued: {target(ws, 'ZZZZZZZZZZZZZZZZZZZZZZZZZW')}")
try:
    ws.resolve_link("https://orderverse.io/order/1234")
except orderlink.ValidationError as e:
    print(f"malformed:            {e.code} — {e.message}")
show_decision(ws, "Corner Deli (active)", deli_url)
blocked = ws.update_customer(cafe.id, order_web_blocked=True)
show_decision(ws, "Café Mocha (blocked)", blocked.link_code)
show_decision(ws, "Old Grocer (inactive)", closed.link_code)
show_decision(ws, "workspace link", ws.workspace_link_url())
ws.update_settings(trial_expired=True)
show_decision(ws, "Corner Deli (trial expired)", deli_url)
ws.update_settings(trial_expired=False)
rotated = ws.rotate_link(bakery.id, by="admin@harbourfoods", reason="posted on a public forum")
print(f"Bondi Bakery's leaked link rotated: {bakery.link_code} → {rotated.link_code}")
print(f"the old code now resolves to: {target(ws, bakery.link_code)}")
for r in ws.link_rotations(bakery.id):
    print(f"audit: {when(r.at)} by {show(r.by)} ({show(r.reason)})")

section("Strict security mode (A3)")
ws.update_settings(strict_security=True)
show_decision(ws, "Corner Deli, not verified", deli_url)
start = ws.start_verification(deli_url)
print(f"email to {start.email}: your code word is {start.code_word}")
print(f"the portal shows: {', '.join(start.options)}")
wrong = next(o for o in start.options if o != start.code_word)
try:
    ws.complete_verification(start.challenge_id, wrong)
except orderlink.AccessError as e:
    print(f"the buyer picks {wrong}: {e.code} — {e.message}")
try:
    ws.complete_verification(start.challenge_id, start.code_word)
except orderlink.OrderlinkError as e:
    print(f"then the right one on the same challenge: {e.code} (one pick per challenge)")
start = ws.start_verification(deli_url)
clock.advance(datetime.timedelta(minutes=2))
session = ws.complete_verification(start.challenge_id, start.code_word)
print(f"a new challenge, the right pick: verified until {when(session.expires_at)}")
show_decision(ws, "Corner Deli, verified", deli_url, session.token)
ws.update_settings(strict_security=False)

section("Contacts sync (S1–S3)")
ws.update_settings(contacts_sync={"enabled": True, "connected": True, "phone_mapped": True})
try:
    ws.create_customer("Walk-in")
except orderlink.ContactsSyncError as e:
    print(f"local create: {e.code} — {e.message}")
report = ws.apply_contacts_sync([{
    "external_id": "xero-7781", "name": "Pier Seafood", "code": "HF-100",
    "email": "accounts@pierseafood.example", "phone": "+61 2 5550 1000", "active": True,
}])
synced = ws.get_customer(report.created[0])
print(f"the sync created {synced.name} with link {synced.link_code}")
print(f"editable here while sync is on: {', '.join(map(words, ws.editable_fields(synced.id)))}")
try:
    ws.update_customer(synced.id, name="Pier Fish")
except orderlink.ContactsSyncError as e:
    print(f"rename locally: {e.code} — {e.message}")
ok = ws.update_customer(synced.id, order_web_blocked=True)
print(f"block order web locally: allowed, access is now {words(ok.order_web_access)}")
ws.update_settings(contacts_sync={"enabled": False, "connected": False, "phone_mapped": False})

section("Buyers from the workspace link (N1, P1–P8)")
workspace_url = ws.workspace_link_url()
buyer = {"business_name": "Corner Deli Pty Ltd", "email": "orders@corner-deli.com.au"}
held = ws.intake_order(workspace_url, buyer=buyer, number="SO-1001", total="84.00")
record = ws.get_pending(held.pending_id)
print(f"order SO-1001 from {record.business_name} <{record.email}>: held, pending review")
for s in ws.suggest_customers(held.pending_id):
    print(f"suggested: {s.name} ({words(s.reason)})")
entry = ws.map_pending(held.pending_id, deli.id, actor="sam@harbourfoods")
print(f"mapped to Corner Deli by {entry.actor}: {len(entry.orders_moved)} order moved")
again = ws.intake_order(workspace_url, buyer=buyer, number="SO-1002", total="42.00")
print(f"the next order from the same buyer goes straight to {ws.get_customer(again.customer_id).name}")
kiosk = ws.intake_order(
    workspace_url, buyer={"business_name": "Harbour Kiosk", "email": "kiosk@harbour.example"}, number="SO-1003", total="15.00"
)
try:
    ws.invoice_order(kiosk.order_id)
except orderlink.OrderlinkError as e:
    print(f"invoicing Harbour Kiosk's order before review: {e.code}")
print(f"still to review: {', '.join(p.business_name for p in ws.pending_buyers())}")

section("Prices (PR1–PR4, ST1)")
ws.upsert_products([
    {"sku": "EGGS-12", "name": "Free-range eggs, dozen", "base_price": "7.00"},
    {"sku": "MILK-2L", "name": "Milk, 2 litres", "base_price": "4.50"},
    {"sku": "FLOUR-10", "name": "Flour, 10 kg"},
])
ws.set_default_prices({"MILK-2L": "4.20"})
ws.upsert_price_group("Trade")
ws.set_group_prices("Trade", {"EGGS-12": "6.00"})
print(f"Trade prices of EGGS-12 +5%: {ws.apply_price_macro('Trade', '+5%', ['EGGS-12']).changed} changed")
ws.update_customer(deli.id, price_group="Trade")
for who, customer_id in [("Corner Deli (Trade)", deli.id), ("workspace link", None)]:
    sheet = ws.resolve_prices(customer_id)
    prices = [f"{sku} {'no price' if a is None else f'{sheet.currency} {a}'}" for sku, a in zip(sheet.skus, sheet.amounts)]
    print(f"{who:<20} {' | '.join(prices)}")
why = ws.explain_price(deli.id, "MILK-2L")
passed = ", ".join(f"{words(p.tier)} ({words(p.reason)})" for p in why.passed_over) or "none"
print(f"MILK-2L for Corner Deli: {why.amount} from the {words(why.tier)} tier; passed over: {passed}")
eff = ws.effective_settings(deli.id)
print(
    f"Corner Deli orders with the {words(eff.order_template)} template ({eff.order_template_from}), "
    f"checkout {words(eff.checkout_mode)} ({eff.checkout_mode_from}), "
    f"freight {words(eff.freight['kind'])} ({eff.freight_from})"
)

section("Import and export (I1–I6, E1)")
file = (
    b"Customer Name,Code,Email,Active\n"
    b"Corner Deli,HF-001,orders@corner-deli.com.au,Yes\n"
    b"Mountain Dairy,HF-200,sales@mountaindairy.example,Yes\n"
    b",HF-201,nobody@example.com,Yes\n"
    b"Greengrocer,HF-202,greens@,Maybe\n"
)
preview = ws.preview_import(file, format="csv")
print(preview.report.summary_text().splitlines()[0])
for row in preview.rows:
    print(f"row {row.row}: {row.action}")
for issue in preview.report.issues:
    print(f"  row {show(issue.row)}, {show(issue.column)}: {issue.message} [{issue.code}]")
result = ws.confirm_import(preview)
print(
    f"confirmed: {len(result.created)} created, {len(result.updated)} updated, "
    f"{len(result.unchanged)} unchanged, rows {result.error_rows} left out"
)
print('export of the search "dairy":')
for line in ws.export_customers(search="dairy").decode().splitlines():
    print(f"  {line}")

section("Messages (B1, B2)")
message = ws.render_message(deli.id, "Friendly")
print(f"to {message.email}: {message.subject}")
for line in message.body.splitlines():
    print(f"  | {line}")
plan = ws.plan_bulk_send([deli.id, cafe.id, bakery.id, closed.id], template="Short")
print(f"bulk send: {len(plan.messages)} messages")
for s in plan.skipped:
    print(f"  skipped {show(s.name)}: {words(s.reason)}")
for customer_id, d in ws.last_sent([deli.id, cafe.id]).items():
    print(f"last sent to {ws.get_customer(customer_id).name}: {when(d.at)} ({d.template} template)")

section("Portal activity (AC1)")
ws.record_activity(deli.id, "link_opened")
ws.record_activity(deli.id, "checkout_started")
clock.advance(datetime.timedelta(hours=1))
ws.record_activity(bakery.id, "link_opened")
ws.record_activity(bakery.id, "order_submitted")
now = clock.now()
week = ws.activity_summary(now - datetime.timedelta(days=7), now + datetime.timedelta(seconds=1))
print(
    f"this week: {week.customers_with_clicks} customers clicked, {week.total_views} views, "
    f"{week.checkout_started} started checkout, {week.orders_submitted} orders"
)
for c in week.customers:
    stalled = ", stalled" if c.stalled else ""
    print(f"  {c.name}: {c.views} views, got as far as {words(c.furthest_step)}{stalled}")

section("Order history (H1, H2)")
ws.intake_order(
    deli_url, number="SO-1004", total="18.90", lines=[{"sku": "EGGS-12", "qty": 3}, {"sku": "FLOUR-10", "qty": 1}]
)
history = ws.order_history(deli.id, page=1)
print(f"Corner Deli has {history.total_orders} orders; page 1, newest first:")
for o in history.orders:
    print(f"  {o.number} {o.placed_at.date()} {o.status} AUD {o.total}, {o.items} items")
for p in history.products:
    print(f"  ordered before: {p.times_ordered} × {p.sku} (last {p.last_qty}), {words(p.availability)}")

section("Carts and checkout links (CT1–CT5)")
cart = ws.open_cart(bakery.id, agent="Sam", channel="phone")
cart = ws.update_cart(
    cart.id,
    [
        {"op": "add", "product": "EGGS-12", "qty": 4},
        {"op": "add", "product": "milk, 2 litres", "qty": 6},
        {"op": "set", "product": "EGGS-12", "qty": 5},
    ],
    agent="Sam",
)
print(f"Sam's cart for {bakery.name} ({len(cart.changes)} changes recorded, all by Sam)")
issued = ws.checkout_link(cart.id, agent="Sam")
print(f"its checkout link resolves to: {target(ws, issued.url)}")
view = ws.open_checkout(issued.url)
ws.record_activity(bakery.id, "checkout_link_opened")
if view.priced is not None:
    for line in view.priced.lines:
        print(f"  {line.qty} × {line.sku} at {show(line.unit_price)} = {show(line.line_total)}")
    print(f"  total {view.priced.currency} {view.priced.total}")
for row in ws.open_carts():
    print(f"open cart: {row.customer_name}, by {show(row.agent)} ({row.channel}), {row.currency} {row.value}")
first = ws.submit_cart(issued.url, "SO-1005")
again = ws.submit_cart(issued.url, "SO-1005")
order = ws.get_order(first.order_id)
same = "true" if again.order_id == first.order_id else "false"
print(f"submitted as {order.number} (AUD {order.total}); a second click gives the same order: {same}")
source = ws.order_attribution(first.order_id)
if source is not None:
    print(f"attributed to {show(source['agent'])} via {source['channel']}")
print(f"the checkout link now: {show(ws.open_link(issued.url).reason)}")
