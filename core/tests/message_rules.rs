//! Rule tests for messages (B1) and sending links (B2), beyond the vectors in
//! tests/vectors/messages.json and bulk_send.json.

use orderlink::*;
use std::sync::Arc;

fn t0() -> chrono::DateTime<chrono::Utc> {
    "2026-03-01T09:00:00Z".parse().expect("time")
}

fn ws() -> (Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(t0()));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(5)));
    let settings = NewWorkspace { base_url: "https://shop.example".into(), ..NewWorkspace::named("Harbour Foods") };
    (Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace"), clock)
}

fn customer(ws: &Workspace, name: &str, email: Option<&str>) -> Customer {
    ws.create_customer(NewCustomer { email: email.map(str::to_owned), ..NewCustomer::named(name) }).expect("create")
}

fn spec(template: Option<&str>, subject: Option<&str>, body: Option<&str>) -> MessageSpec {
    MessageSpec { template: template.map(Into::into), subject: subject.map(Into::into), body: body.map(Into::into) }
}

#[test]
fn b1_each_built_in_renders_the_customer_workspace_and_link() {
    let (ws, _) = ws();
    let c = ws
        .create_customer(NewCustomer {
            email: Some("jo@deli.example".into()),
            contact: Some("Jo".into()),
            ..NewCustomer::named("Corner Deli")
        })
        .unwrap();
    let link = ws.link_url(c.id).unwrap();
    for name in ["Default", "Short", "Friendly"] {
        let m = ws.render_message(c.id, &spec(Some(name), None, None)).unwrap();
        assert_eq!(m.template, name);
        assert!(m.body.contains(&link), "{name} carries the link");
        assert!(m.subject.contains("Harbour Foods") && !m.subject.contains('{'), "{name}: {}", m.subject);
        assert_eq!((m.customer_id, m.email.as_str(), m.link_url.as_str()), (c.id, "jo@deli.example", link.as_str()));
    }
    let friendly = ws.render_message(c.id, &spec(Some("friendly"), None, None)).unwrap();
    assert!(friendly.body.starts_with("Hi Jo!"), "{}", friendly.body);
}

#[test]
fn b1_caller_edits_subject_and_body() {
    let (ws, _) = ws();
    let c = customer(&ws, "Corner Deli", Some("jo@deli.example"));
    let m = ws.render_message(c.id, &spec(Some("Short"), Some("Stock is in"), Some("See {link_url} now"))).unwrap();
    assert_eq!(m.subject, "Stock is in");
    assert_eq!(m.body, format!("See {} now", ws.link_url(c.id).unwrap()));
    assert_eq!(m.template, "Short");
}

#[test]
fn b1_placeholders_are_checked_when_a_template_is_set() {
    let (ws, _) = ws();
    let err = ws.set_message_template("Weekly", "Hi {customer_name}", "Order: {link_ulr}").unwrap_err();
    assert_eq!((err.code(), err.kind()), ("TEMPLATE_PLACEHOLDER_UNKNOWN", ErrorKind::Validation));
    let msg = err.to_string();
    assert!(msg.contains("{link_ulr}") && msg.contains("body") && msg.contains("{link_url}"), "{msg}");
    assert_eq!(ws.message_templates().unwrap().len(), 3, "nothing saved");
    let err = ws.set_message_template("Weekly", "Hi {Customer_Name}", "{link_url}").unwrap_err();
    assert!(err.to_string().contains("subject"), "{err}");
}

#[test]
fn b1_workspace_templates_are_replaced_by_name_and_removed() {
    let (ws, _) = ws();
    ws.set_message_template("Weekly", "One", "{link_url}").unwrap();
    ws.set_message_template("  WEEKLY ", "Two", "{link_url}").unwrap();
    let all = ws.message_templates().unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!((all[3].name.as_str(), all[3].subject.as_str(), all[3].built_in), ("WEEKLY", "Two", false));
    assert!(all[..3].iter().all(|t| t.built_in));
    assert_eq!(ws.remove_message_template("Default").unwrap_err().code(), "TEMPLATE_INVALID");
    ws.remove_message_template("weekly").unwrap();
    assert_eq!(ws.remove_message_template("weekly").unwrap_err().code(), "TEMPLATE_NOT_FOUND");
    assert_eq!(ws.message_templates().unwrap().len(), 3);
}

#[test]
fn b1_template_texts_have_limits() {
    let (ws, _) = ws();
    let long_subject = "x".repeat(201);
    let long_body = "x".repeat(10_001);
    let long_name = "n".repeat(51);
    for (name, subject, body) in [
        (" ", "Hi", "Body"),
        (long_name.as_str(), "Hi", "Body"),
        ("A", long_subject.as_str(), "Body"),
        ("A", "Hi", long_body.as_str()),
        ("A", "Hi", "{{link_url}"),
    ] {
        let err = ws.set_message_template(name, subject, body).unwrap_err();
        assert_eq!(err.code(), "TEMPLATE_INVALID", "{name:.10} {subject:.10} {body:.10}");
    }
    ws.set_message_template("A", &"x".repeat(200), &"x".repeat(10_000)).unwrap();
}

#[test]
fn b2_single_send_needs_an_email_and_render_writes_nothing() {
    let (ws, clock) = ws();
    let none = customer(&ws, "Walk-in", None);
    let err = ws.render_message(none.id, &MessageSpec::default()).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("EMAIL_REQUIRED", ErrorKind::Validation));
    let c = customer(&ws, "Corner Deli", Some("jo@deli.example"));
    let m = ws.render_message(c.id, &MessageSpec::default()).unwrap();
    assert!(ws.last_sent(&[c.id]).unwrap().is_empty(), "a preview is not a send");
    clock.advance(chrono::Duration::minutes(3));
    let d = ws.record_delivery(&m).unwrap();
    assert_eq!((d.customer_id, d.template.as_str(), d.at), (c.id, "Default", t0() + chrono::Duration::minutes(3)));
    assert_eq!(ws.last_sent(&[c.id]).unwrap(), [d]);
    let unknown = ws.render_message(CustomerId(uuid::Uuid::nil()), &MessageSpec::default()).unwrap_err();
    assert_eq!(unknown.code(), "CUSTOMER_NOT_FOUND");
}

#[test]
fn b2_bulk_send_refuses_301() {
    let (ws, _) = ws();
    let ids: Vec<CustomerId> =
        (0..301).map(|i| customer(&ws, &format!("C{i}"), Some(&format!("c{i}@shop.example"))).id).collect();
    let err = ws.plan_bulk_send(&ids, StatusFilter::Active, &MessageSpec::default()).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("BULK_SEND_TOO_LARGE", ErrorKind::Validation));
    assert!(err.to_string().contains("301"), "{err}");
    assert!(ws.last_sent(&ids).unwrap().is_empty(), "nothing recorded");
    // A repeat is one customer: 300 distinct ids are allowed, however often each is given.
    let mut repeated = ids[..300].to_vec();
    repeated.push(ids[0]);
    assert_eq!(
        ws.plan_bulk_send(&repeated, StatusFilter::Active, &MessageSpec::default()).unwrap().messages.len(),
        300
    );
}

#[test]
fn b2_bulk_send_of_300_mixed_lists_exactly_who_is_skipped_and_why() {
    let (ws, clock) = ws();
    let mut ids = Vec::new();
    let mut want_sent = Vec::new();
    let mut want_skipped = Vec::new();
    for i in 0..300 {
        let name = format!("Customer {i:03}");
        let email = format!("c{i}@shop.example");
        // Every 7th has no email, every 11th is inactive, every 13th is blocked, every 50th is
        // deleted; the first rule that applies (inactive, blocked, no email) is the reason.
        let (no_email, inactive, blocked, deleted) = (i % 7 == 0, i % 11 == 0, i % 13 == 0, i % 50 == 49);
        let c = ws
            .create_customer(NewCustomer {
                email: (!no_email).then(|| email.clone()),
                order_web_blocked: blocked,
                ..NewCustomer::named(&name)
            })
            .unwrap();
        if inactive {
            ws.update_customer(c.id, CustomerPatch { active: Some(false), ..Default::default() }).unwrap();
        }
        if deleted {
            ws.delete_customer(c.id).unwrap();
        }
        ids.push(c.id);
        let reason = match () {
            _ if deleted => Some((None, SkipReason::NotFound)),
            _ if inactive => Some((Some(name.clone()), SkipReason::Inactive)),
            _ if blocked => Some((Some(name.clone()), SkipReason::OrderWebBlocked)),
            _ if no_email => Some((Some(name.clone()), SkipReason::NoEmail)),
            _ => None,
        };
        match reason {
            Some((name, reason)) => want_skipped.push(Skipped { customer_id: c.id, name, reason }),
            None => want_sent.push((c.id, email)),
        }
    }
    clock.advance(chrono::Duration::hours(1));
    let plan = ws.plan_bulk_send(&ids, StatusFilter::Active, &spec(Some("Short"), None, None)).unwrap();
    assert_eq!(plan.skipped, want_skipped);
    let sent: Vec<(CustomerId, String)> =
        plan.messages.iter().map(|m| (m.customer_id, m.email.as_str().to_owned())).collect();
    assert_eq!(sent, want_sent);
    assert_eq!(plan.messages.len() + plan.skipped.len(), 300);
    assert!(plan.skipped.iter().any(|s| s.reason == SkipReason::NoEmail));
    // A delivery per message, at the clock's time, readable per customer.
    let last = ws.last_sent(&ids).unwrap();
    let delivered: Vec<CustomerId> = last.iter().map(|d| d.customer_id).collect();
    assert_eq!(delivered, want_sent.iter().map(|(id, _)| *id).collect::<Vec<_>>());
    assert!(last.iter().all(|d| d.at == t0() + chrono::Duration::hours(1) && d.template == "Short"));
    assert_eq!(plan.at, t0() + chrono::Duration::hours(1));
}

#[test]
fn b2_filter_all_sends_to_inactive_customers_but_never_to_blocked_ones() {
    let (ws, _) = ws();
    let inactive = customer(&ws, "Sleepy", Some("s@shop.example"));
    ws.update_customer(inactive.id, CustomerPatch { active: Some(false), ..Default::default() }).unwrap();
    let blocked = ws
        .create_customer(NewCustomer {
            email: Some("b@shop.example".into()),
            order_web_blocked: true,
            ..NewCustomer::named("Blocked")
        })
        .unwrap();
    let plan = ws.plan_bulk_send(&[inactive.id, blocked.id], StatusFilter::All, &MessageSpec::default()).unwrap();
    assert_eq!(plan.messages.iter().map(|m| m.customer_id).collect::<Vec<_>>(), [inactive.id]);
    assert_eq!(plan.skipped[0].reason, SkipReason::OrderWebBlocked);
}

#[test]
fn b2_bulk_send_with_a_bad_template_builds_and_records_nothing() {
    let (ws, _) = ws();
    let c = customer(&ws, "Deli", Some("d@shop.example"));
    let err = ws.plan_bulk_send(&[c.id], StatusFilter::Active, &spec(None, None, Some("{oops}"))).unwrap_err();
    assert_eq!(err.code(), "TEMPLATE_PLACEHOLDER_UNKNOWN");
    let err = ws.plan_bulk_send(&[c.id], StatusFilter::Active, &spec(Some("Nope"), None, None)).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("TEMPLATE_NOT_FOUND", ErrorKind::NotFound));
    assert!(ws.deliveries(c.id).unwrap().is_empty());
}

#[test]
fn b2_bulk_messages_are_personal() {
    let (ws, _) = ws();
    let a = customer(&ws, "Alpha", Some("a@shop.example"));
    let b = customer(&ws, "Bravo", Some("b@shop.example"));
    let plan =
        ws.plan_bulk_send(&[a.id, b.id], StatusFilter::Active, &spec(None, Some("For {customer_name}"), None)).unwrap();
    let subjects: Vec<&str> = plan.messages.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["For Alpha", "For Bravo"]);
    assert!(plan.messages[1].body.contains(&ws.link_url(b.id).unwrap()));
}
