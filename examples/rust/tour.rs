//! A tour of orderlink on the in-memory store: `make tour` (or `cargo run -p orderlink --example tour`).
//!
//! Every area, in the order a supplier meets them: customers, order links and who may use
//! them, strict mode, contacts sync, buyers from the public link, prices, importing and
//! exporting customers, messages, portal activity and order history. The same tour runs in
//! Python (examples/python/tour.py) and Node (examples/node/tour.mjs). A seeded generator and a
//! manual clock make the output the same on every run (production uses the OS CSPRNG and the
//! system clock: `Workspace::in_memory`). Rule ids in the headings are explained in
//! docs/rules.md.

use chrono::Duration;
use orderlink::*;
use rust_decimal::Decimal;
use std::sync::Arc;

fn main() -> Result<()> {
    let clock = Arc::new(ManualClock::new("2026-11-23T09:00:00Z".parse().map_err(Error::store)?));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(2026)));
    let settings = NewWorkspace {
        base_url: "https://orderverse.io".into(),
        currency: "AUD".into(),
        ..NewWorkspace::named("Harbour Foods")
    };
    let ws = Workspace::create(Arc::new(MemoryStore::new()), env, settings)?;

    section("Customers (C1–C7)");
    let deli = ws.create_customer(NewCustomer {
        code: Some("HF-001".into()),
        email: Some("Orders@Corner-Deli.COM.AU".into()),
        contact: Some("Zoë Hart".into()),
        ..NewCustomer::named("  Corner Deli  ")
    })?;
    let cafe = ws.create_customer(NewCustomer { code: Some("HF-002".into()), ..NewCustomer::named("Café Mocha") })?;
    let bakery = ws.create_customer(NewCustomer {
        email: Some("buyer@bakery.example".into()),
        ..NewCustomer::named("Bondi Bakery")
    })?;
    let closed = ws.create_customer(NewCustomer::named("Old Grocer"))?;
    ws.update_customer(closed.id, CustomerPatch { active: Some(false), ..Default::default() })?;
    println!("created {}, {}, {} and {}", deli.name, cafe.name, bakery.name, closed.name);
    println!("Corner Deli's name is trimmed and its email kept as {}", show(&deli.email));
    for bad in [
        NewCustomer::named("   "),
        NewCustomer { email: Some("jo@localhost".into()), ..NewCustomer::named("Jo's") },
        NewCustomer { code: Some("hf-001".into()), ..NewCustomer::named("Copycat") },
    ] {
        if let Err(err) = ws.create_customer(bad) {
            println!("refused: {} — {}", err.code(), err);
        }
    }
    let page = ws.list_customers(&CustomerQuery::default())?;
    println!("active customers, by name ({} of {}): {}", page.items.len(), page.total, names(&page));
    let search = CustomerQuery { filter: StatusFilter::All, search: Some("cafe".into()), ..Default::default() };
    println!("search \"cafe\" (accent-insensitive): {}", names(&ws.list_customers(&search)?));
    let inactive = CustomerQuery { filter: StatusFilter::Inactive, ..Default::default() };
    println!("inactive: {}", names(&ws.list_customers(&inactive)?));

    section("Order links (L1–L5) and who may use them (A1, A2, A4)");
    let deli_url = ws.link_url(deli.id)?;
    println!("Corner Deli's link:   {deli_url}");
    println!("workspace link:       {}", ws.workspace_link_url()?);
    println!("resolve (lower case): {}", target(&ws, &deli_url.to_lowercase())?);
    println!("resolve workspace:    {}", target(&ws, &ws.workspace_link_url()?)?);
    println!("resolve never-issued: {}", target(&ws, "ZZZZZZZZZZZZZZZZZZZZZZZZZW")?);
    let err = ws.resolve_link("https://orderverse.io/order/1234").unwrap_err();
    println!("malformed:            {} — {}", err.code(), err);
    show_decision(&ws, "Corner Deli (active)", &deli_url, None)?;
    let blocked = ws.update_customer(cafe.id, CustomerPatch { order_web_blocked: Some(true), ..Default::default() })?;
    show_decision(&ws, "Café Mocha (blocked)", blocked.link_code.as_str(), None)?;
    show_decision(&ws, "Old Grocer (inactive)", closed.link_code.as_str(), None)?;
    show_decision(&ws, "workspace link", &ws.workspace_link_url()?, None)?;
    ws.update_settings(SettingsPatch { trial_expired: Some(true), ..Default::default() })?;
    show_decision(&ws, "Corner Deli (trial expired)", &deli_url, None)?;
    ws.update_settings(SettingsPatch { trial_expired: Some(false), ..Default::default() })?;
    let rotated = ws.rotate_link(bakery.id, Some("admin@harbourfoods"), Some("posted on a public forum"))?;
    println!("Bondi Bakery's leaked link rotated: {} → {}", bakery.link_code, rotated.link_code);
    println!("the old code now resolves to: {}", target(&ws, bakery.link_code.as_str())?);
    for r in ws.link_rotations(bakery.id)? {
        println!("audit: {} by {} ({})", r.at, show(&r.by), show(&r.reason));
    }

    section("Strict security mode (A3)");
    ws.update_settings(SettingsPatch { strict_security: Some(true), ..Default::default() })?;
    show_decision(&ws, "Corner Deli, not verified", &deli_url, None)?;
    let start = ws.start_verification(&deli_url)?;
    println!("email to {}: your code word is {}", start.email, start.code_word);
    println!("the portal shows: {}", start.options.join(", "));
    let wrong = start.options.iter().find(|o| **o != start.code_word).cloned().unwrap_or_default();
    let err = ws.complete_verification(start.challenge_id, &wrong).unwrap_err();
    println!("the buyer picks {wrong}: {} — {}", err.code(), err);
    let err = ws.complete_verification(start.challenge_id, &start.code_word).unwrap_err();
    println!("then the right one on the same challenge: {} (one pick per challenge)", err.code());
    let start = ws.start_verification(&deli_url)?;
    clock.advance(Duration::minutes(2));
    let session = ws.complete_verification(start.challenge_id, &start.code_word)?;
    println!("a new challenge, the right pick: verified until {}", session.expires_at);
    show_decision(&ws, "Corner Deli, verified", &deli_url, Some(&session.token))?;
    ws.update_settings(SettingsPatch { strict_security: Some(false), ..Default::default() })?;

    section("Contacts sync (S1–S3)");
    let sync_on = ContactsSync { enabled: true, connected: true, phone_mapped: true };
    ws.update_settings(SettingsPatch { contacts_sync: Some(sync_on.into()), ..Default::default() })?;
    let err = ws.create_customer(NewCustomer::named("Walk-in")).unwrap_err();
    println!("local create: {} — {}", err.code(), err);
    let report = ws.apply_contacts_sync(&[SyncRecord {
        external_id: "xero-7781".into(),
        name: "Pier Seafood".into(),
        code: Some("HF-100".into()),
        email: Some("accounts@pierseafood.example".into()),
        phone: Some("+61 2 5550 1000".into()),
        contact: None,
        active: true,
    }])?;
    let synced = ws.get_customer(report.created[0])?;
    println!("the sync created {} with link {}", synced.name, synced.link_code);
    let editable: Vec<String> = ws.editable_fields(synced.id)?.iter().map(words).collect();
    println!("editable here while sync is on: {}", editable.join(", "));
    let rename = CustomerPatch { name: Some("Pier Fish".into()), ..Default::default() };
    let err = ws.update_customer(synced.id, rename).unwrap_err();
    println!("rename locally: {} — {}", err.code(), err);
    let ok = ws.update_customer(synced.id, CustomerPatch { order_web_blocked: Some(true), ..Default::default() })?;
    println!("block order web locally: allowed, access is now {}", words(&ok.order_web_access()));
    let sync_off = ContactsSync { enabled: false, connected: false, phone_mapped: false };
    ws.update_settings(SettingsPatch { contacts_sync: Some(sync_off.into()), ..Default::default() })?;

    section("Buyers from the workspace link (N1, P1–P8)");
    let workspace_url = ws.workspace_link_url()?;
    let buyer = Buyer::new("Corner Deli Pty Ltd", "orders@corner-deli.com.au");
    let held = ws.intake_order(&workspace_url, Some(&buyer), NewOrder::new("SO-1001", Decimal::new(8400, 2)))?;
    let IntakeOutcome::Pending { pending_id, .. } = held else { return Err(Error::store("expected a pending buyer")) };
    let record = ws.get_pending(pending_id)?;
    println!("order SO-1001 from {} <{}>: held, pending review", record.business_name, record.email);
    for s in ws.suggest_customers(pending_id)? {
        println!("suggested: {} ({})", s.name, words(&s.reason));
    }
    let entry = ws.map_pending(pending_id, deli.id, Some("sam@harbourfoods"))?;
    println!("mapped to Corner Deli by {}: {} order moved", show(&entry.actor), entry.orders_moved.len());
    let again = ws.intake_order(&workspace_url, Some(&buyer), NewOrder::new("SO-1002", Decimal::new(4200, 2)))?;
    if let IntakeOutcome::AutoLinked { customer_id, .. } = again {
        println!("the next order from the same buyer goes straight to {}", ws.get_customer(customer_id)?.name);
    }
    let stranger = Buyer::new("Harbour Kiosk", "kiosk@harbour.example");
    let kiosk = ws.intake_order(&workspace_url, Some(&stranger), NewOrder::new("SO-1003", Decimal::new(1500, 2)))?;
    if let IntakeOutcome::Pending { order_id, .. } = kiosk {
        let err = ws.invoice_order(order_id).unwrap_err();
        println!("invoicing Harbour Kiosk's order before review: {}", err.code());
    }
    println!(
        "still to review: {}",
        ws.pending_buyers(false)?.iter().map(|p| p.business_name.as_str()).collect::<Vec<_>>().join(", ")
    );

    section("Prices (PR1–PR4, ST1)");
    ws.upsert_products(vec![
        Product::new("EGGS-12", "Free-range eggs, dozen", Some(Decimal::new(700, 2))),
        Product::new("MILK-2L", "Milk, 2 litres", Some(Decimal::new(450, 2))),
        Product::new("FLOUR-10", "Flour, 10 kg", None),
    ])?;
    ws.set_default_prices(&[("MILK-2L".into(), Some(Decimal::new(420, 2)))])?;
    ws.upsert_price_group("Trade", true)?;
    ws.set_group_prices("Trade", &[("EGGS-12".into(), Some(Decimal::new(600, 2)))])?;
    let raised = ws.apply_price_macro("Trade", "+5%", Some(&["EGGS-12".to_owned()]))?;
    println!("Trade prices of EGGS-12 +5%: {} changed", raised.changed);
    ws.update_customer(deli.id, CustomerPatch { price_group: Some(Some("Trade".into())), ..Default::default() })?;
    for (who, whose) in
        [("Corner Deli (Trade)", PriceFor::Customer(deli.id)), ("workspace link", PriceFor::WorkspaceLink)]
    {
        let sheet = ws.resolve_prices(whose, None)?;
        let prices: Vec<String> = sheet
            .rows()
            .map(|(p, r)| {
                format!("{} {}", p.sku, r.amount.map_or("no price".into(), |a| format!("{} {a}", sheet.currency)))
            })
            .collect();
        println!("{who:<20} {}", prices.join(" | "));
    }
    let why = ws.explain_price(PriceFor::Customer(deli.id), "MILK-2L")?;
    let passed: Vec<String> =
        why.passed_over.iter().map(|p| format!("{} ({})", words(&p.tier), words(&p.reason))).collect();
    println!(
        "MILK-2L for Corner Deli: {} from the {} tier; passed over: {}",
        show(&why.amount),
        why.tier.map_or("no".into(), |t| words(&t)),
        if passed.is_empty() { "none".into() } else { passed.join(", ") }
    );
    let eff = ws.effective_settings(deli.id)?;
    println!(
        "Corner Deli orders with the {} template ({}), checkout {} ({}), freight {} ({})",
        words(&eff.order_template),
        words(&eff.order_template_from),
        words(&eff.checkout_mode),
        words(&eff.checkout_mode_from),
        words(&eff.freight),
        words(&eff.freight_from)
    );

    section("Import and export (I1–I6, E1)");
    let file = "Customer Name,Code,Email,Active\n\
                Corner Deli,HF-001,orders@corner-deli.com.au,Yes\n\
                Mountain Dairy,HF-200,sales@mountaindairy.example,Yes\n\
                ,HF-201,nobody@example.com,Yes\n\
                Greengrocer,HF-202,greens@,Maybe\n";
    let preview = ws.preview_import(file.as_bytes(), Some(ImportFormat::Csv), None)?;
    println!("{}", preview.report.summary_text().lines().next().unwrap_or_default());
    for row in &preview.rows {
        println!("row {}: {}", row.row, row.action.as_str());
    }
    for issue in &preview.report.issues {
        println!("  row {}, {}: {} [{}]", show(&issue.row), show(&issue.column), issue.message, issue.code.as_str());
    }
    let result = ws.confirm_import(&preview)?;
    println!(
        "confirmed: {} created, {} updated, {} unchanged, rows {:?} left out",
        result.created.len(),
        result.updated.len(),
        result.unchanged.len(),
        result.error_rows
    );
    let export = ws.export_customers(&CustomerQuery { search: Some("dairy".into()), ..Default::default() })?;
    println!("export of the search \"dairy\":");
    for line in String::from_utf8_lossy(&export).lines() {
        println!("  {line}");
    }

    section("Messages (B1, B2)");
    let message =
        ws.render_message(deli.id, &MessageSpec { template: Some("Friendly".into()), ..Default::default() })?;
    println!("to {}: {}", message.email, message.subject);
    for line in message.body.lines() {
        println!("  | {line}");
    }
    let short = MessageSpec { template: Some("Short".into()), ..Default::default() };
    let plan = ws.plan_bulk_send(&[deli.id, cafe.id, bakery.id, closed.id], StatusFilter::Active, &short)?;
    println!("bulk send: {} messages", plan.messages.len());
    for s in &plan.skipped {
        println!("  skipped {}: {}", show(&s.name), words(&s.reason));
    }
    for d in ws.last_sent(&[deli.id, cafe.id])? {
        println!("last sent to {}: {} ({} template)", ws.get_customer(d.customer_id)?.name, d.at, d.template);
    }

    section("Portal activity (AC1)");
    ws.record_activity(deli.id, ActivityKind::LinkOpened)?;
    ws.record_activity(deli.id, ActivityKind::CheckoutStarted)?;
    clock.advance(Duration::hours(1));
    ws.record_activity(bakery.id, ActivityKind::LinkOpened)?;
    ws.record_activity(bakery.id, ActivityKind::OrderSubmitted)?;
    let now = clock.now();
    let week = ws.activity_summary(&ActivityQuery::new(now - Duration::days(7), now + Duration::seconds(1)))?;
    println!(
        "this week: {} customers clicked, {} views, {} started checkout, {} orders",
        week.customers_with_clicks, week.total_views, week.checkout_started, week.orders_submitted
    );
    for c in &week.customers {
        let stalled = if c.stalled { ", stalled" } else { "" };
        println!("  {}: {} views, got as far as {}{stalled}", c.name, c.views, words(&c.furthest_step));
    }

    section("Order history (H1, H2)");
    let eggs = OrderLine::new("EGGS-12", Decimal::from(3));
    let flour = OrderLine::new("FLOUR-10", Decimal::from(1));
    let order = NewOrder { lines: vec![eggs, flour], ..NewOrder::new("SO-1004", Decimal::new(1890, 2)) };
    ws.intake_order(&deli_url, None, order)?;
    let history = ws.order_history(deli.id, 1)?;
    println!("Corner Deli has {} orders; page 1, newest first:", history.total_orders);
    for o in &history.orders {
        println!(
            "  {} {} {} AUD {}, {} items",
            o.number,
            o.placed_at.date_naive(),
            words(&o.status),
            o.total,
            o.items()
        );
    }
    for p in &history.products {
        println!("  ordered before: {} × {} (last {}), {}", p.times_ordered, p.sku, p.last_qty, words(&p.availability));
    }
    Ok(())
}

fn section(title: &str) {
    println!("\n== {title}");
}

fn names(page: &Page<Customer>) -> String {
    page.items.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("-".to_owned(), T::to_string)
}

/// An enum value as a person reads it: its name as the bindings spell it, with spaces
/// (`OrderWebBlocked` → "order web blocked"; a tagged one, like `Freight` or
/// `SuggestionReason`, by its tag).
fn words<T: serde::Serialize>(value: &T) -> String {
    let tag = |o: &serde_json::Map<String, serde_json::Value>| {
        ["kind", "reason"].iter().find_map(|k| o.get(*k)?.as_str().map(str::to_owned))
    };
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        Ok(serde_json::Value::Object(o)) if tag(&o).is_some() => tag(&o).unwrap_or_default().replace('_', " "),
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

fn target(ws: &Workspace, link: &str) -> Result<String> {
    Ok(match ws.resolve_link(link)? {
        LinkTarget::Customer { customer_id } => format!("the link of {}", ws.get_customer(customer_id)?.name),
        LinkTarget::Workspace => "the workspace link".into(),
        LinkTarget::Unknown => "unknown (nobody's link)".into(),
    })
}

fn show_decision(ws: &Workspace, label: &str, link: &str, token: Option<&str>) -> Result<()> {
    let d = ws.open_link(link, token)?;
    let yes = |b: bool| if b { "yes" } else { "no" };
    println!(
        "{label:<28} view {:<3} submit {:<3} verify {:<3} {}{}",
        yes(d.may_view),
        yes(d.may_submit),
        yes(d.needs_verification),
        show(&d.greeting),
        d.message.map(|m| format!(" | {m}")).unwrap_or_default()
    );
    Ok(())
}
