//! A tour of orderlink on the in-memory store: `make tour` (or `cargo run -p orderlink --example tour`).
//!
//! Customers are made and listed, links resolved, every access state shown, a strict-mode
//! challenge passed, and the contacts-sync lock demonstrated. A seeded generator and a manual
//! clock make the output the same on every run (production uses the OS CSPRNG and the system
//! clock: `Workspace::in_memory`).

use orderlink::*;
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

    section("Customers (C1–C5)");
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
    println!(
        "created {:?} (email stored as {}), {:?}, {:?}, {:?}",
        deli.name,
        show(&deli.email),
        cafe.name,
        bakery.name,
        closed.name
    );
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
    let page = ws.list_customers(&CustomerQuery {
        filter: StatusFilter::All,
        search: Some("cafe".into()),
        ..Default::default()
    })?;
    println!("search \"cafe\" (accent-insensitive): {}", names(&page));
    let page = ws.list_customers(&CustomerQuery { filter: StatusFilter::Inactive, ..Default::default() })?;
    println!("inactive: {}", names(&page));

    section("Order links (L1–L5)");
    let deli_url = ws.link_url(deli.id)?;
    println!("Corner Deli's link:  {deli_url}");
    println!("workspace link:      {}", ws.workspace_link_url()?);
    println!("resolve (lower case): {:?}", ws.resolve_link(&deli_url.to_lowercase())?);
    println!("resolve workspace:    {:?}", ws.resolve_link(&ws.workspace_link_url()?)?);
    println!("resolve never-issued: {:?}", ws.resolve_link("ZZZZZZZZZZZZZZZZZZZZZZZZZW")?);
    let err = ws.resolve_link("https://orderverse.io/order/1234").unwrap_err();
    println!("malformed:            {} — {}", err.code(), err);

    section("Access (A1, A2, A4)");
    show_decision(&ws, "Corner Deli (active)", &deli_url, None)?;
    let blocked = ws.update_customer(cafe.id, CustomerPatch { order_web_blocked: Some(true), ..Default::default() })?;
    show_decision(&ws, "Café Mocha (blocked)", blocked.link_code.as_str(), None)?;
    show_decision(&ws, "Old Grocer (inactive)", closed.link_code.as_str(), None)?;
    show_decision(&ws, "workspace link", &ws.workspace_link_url()?, None)?;
    ws.update_settings(SettingsPatch { trial_expired: Some(true), ..Default::default() })?;
    show_decision(&ws, "Corner Deli (trial expired)", &deli_url, None)?;
    ws.update_settings(SettingsPatch { trial_expired: Some(false), ..Default::default() })?;

    section("Strict security mode (A3)");
    ws.update_settings(SettingsPatch { strict_security: Some(true), ..Default::default() })?;
    show_decision(&ws, "Corner Deli, not verified", &deli_url, None)?;
    let start = ws.start_verification(&deli_url)?;
    println!("email to {}: your code word is {:?}", start.email, start.code_word);
    println!("portal shows: {:?}", start.options);
    let wrong = start.options.iter().find(|o| **o != start.code_word).cloned().unwrap_or_default();
    let err = ws.complete_verification(start.challenge_id, &wrong).unwrap_err();
    println!("buyer picks {wrong:?}: {} — {}", err.code(), err);
    let err = ws.complete_verification(start.challenge_id, &start.code_word).unwrap_err();
    println!("then the right one on the same challenge: {}", err.code());
    let start = ws.start_verification(&deli_url)?;
    clock.advance(chrono::Duration::minutes(2));
    let session = ws.complete_verification(start.challenge_id, &start.code_word)?;
    println!("new challenge, right pick: verified until {}", session.expires_at);
    show_decision(&ws, "Corner Deli, verified", &deli_url, Some(&session.token))?;
    let err = ws.start_verification(closed.link_code.as_str()).unwrap_err();
    println!("challenge for an inactive link: {}", err.code());
    ws.update_settings(SettingsPatch { strict_security: Some(false), ..Default::default() })?;

    section("Rotating a leaked link (L5)");
    let rotated = ws.rotate_link(bakery.id, Some("admin@harbourfoods"), Some("posted on a public forum"))?;
    println!("Bondi Bakery: {} → {}", bakery.link_code, rotated.link_code);
    println!("old code now resolves to {:?}", ws.resolve_link(bakery.link_code.as_str())?);
    for r in ws.link_rotations(bakery.id)? {
        println!("audit: {} by {} ({})", r.at, show(&r.by), show(&r.reason));
    }

    section("Contacts sync (S1–S3)");
    ws.update_settings(SettingsPatch {
        contacts_sync: Some(ContactsSync { enabled: true, connected: true, phone_mapped: true }.into()),
        ..Default::default()
    })?;
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
    println!("sync created {:?} with link {}", synced.name, synced.link_code);
    println!("editable now: {:?}", ws.editable_fields(synced.id)?.iter().map(|f| f.as_str()).collect::<Vec<_>>());
    let err = ws
        .update_customer(synced.id, CustomerPatch { name: Some("Pier Fish".into()), ..Default::default() })
        .unwrap_err();
    println!("rename locally: {} — {}", err.code(), err);
    let ok = ws.update_customer(synced.id, CustomerPatch { order_web_blocked: Some(true), ..Default::default() })?;
    println!("block order web locally: ok, access is now {}", ok.order_web_access().as_str());
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

fn show_decision(ws: &Workspace, label: &str, link: &str, token: Option<&str>) -> Result<()> {
    let d = ws.open_link(link, token)?;
    println!(
        "{label:<30} view={:<5} submit={:<5} verify={:<5} {} {}",
        d.may_view,
        d.may_submit,
        d.needs_verification,
        show(&d.greeting),
        d.message.map(|m| format!("| {m}")).unwrap_or_default()
    );
    Ok(())
}
