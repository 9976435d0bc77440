//! Runs the cross-language vectors of messages (B1) and bulk-send skip rules (B2) in
//! tests/vectors/messages.json and bulk_send.json. Python and Node run the same files.

use orderlink::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

fn cases(file: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("vector JSON");
    doc["cases"].as_array().expect("cases").clone()
}

fn label(case: &Value) -> String {
    format!("{} {}", case["rule"].as_str().unwrap_or("?"), case["name"].as_str().unwrap_or("?"))
}

fn workspace() -> Workspace {
    let settings = NewWorkspace { base_url: "https://shop.example".into(), ..NewWorkspace::named("Harbour Foods") };
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace")
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("{key}")).to_owned()
}

#[test]
fn b1_b2_message_vectors() {
    for case in cases("messages.json") {
        let ws = workspace();
        let c =
            ws.create_customer(serde_json::from_value(case["customer"].clone()).expect("customer")).expect("create");
        let expected = &case["expected"];
        if let Some(t) = case.get("set_template") {
            let set = ws.set_message_template(&text(t, "name"), &text(t, "subject"), &text(t, "body"));
            if expected["at"] == json!("set") {
                assert_eq!(set.expect_err(&label(&case)).code(), expected["error"], "{}", label(&case));
                assert_eq!(ws.message_templates().unwrap().len(), 3, "{}: nothing saved", label(&case));
                continue;
            }
            set.unwrap_or_else(|e| panic!("{}: {e}", label(&case)));
        }
        let spec: MessageSpec = serde_json::from_value(case["request"].clone()).expect("request");
        match ws.render_message(c.id, &spec) {
            Err(e) => assert_eq!((e.code(), &expected["at"]), (text(expected, "error").as_str(), &json!("render"))),
            Ok(m) => {
                let link = ws.link_url(c.id).unwrap();
                assert_eq!(m.template, text(expected, "template"), "{}", label(&case));
                assert_eq!(m.subject, text(expected, "subject"), "{}", label(&case));
                assert_eq!(m.body, text(expected, "body").replace("<LINK_URL>", &link), "{}", label(&case));
                assert_eq!((m.link_url, m.email.as_str()), (link, case["customer"]["email"].as_str().unwrap()));
            }
        }
    }
}

#[test]
fn b2_bulk_send_skip_vectors() {
    for case in cases("bulk_send.json") {
        let ws = workspace();
        let mut ids = std::collections::HashMap::new();
        for c in case["customers"].as_array().expect("customers") {
            let made = ws
                .create_customer(NewCustomer {
                    email: c["email"].as_str().map(str::to_owned),
                    order_web_blocked: c["order_web_blocked"] == json!(true),
                    ..NewCustomer::named(c["name"].as_str().unwrap())
                })
                .unwrap();
            if c["active"] == json!(false) {
                ws.update_customer(made.id, CustomerPatch { active: Some(false), ..Default::default() }).unwrap();
            }
            if c["deleted"] == json!(true) {
                ws.delete_customer(made.id).unwrap();
            }
            ids.insert(made.id, made.name.clone());
        }
        let by_name = |n: &Value| *ids.iter().find(|(_, name)| **name == n.as_str().unwrap()).unwrap().0;
        let select: Vec<CustomerId> = case["select"].as_array().unwrap().iter().map(by_name).collect();
        let filter: StatusFilter = serde_json::from_value(case["filter"].clone()).unwrap();
        let plan = ws.plan_bulk_send(&select, filter, &MessageSpec::default()).unwrap();
        let sent: Vec<&str> = plan.messages.iter().map(|m| ids[&m.customer_id].as_str()).collect();
        let skipped: Vec<Value> =
            plan.skipped.iter().map(|s| json!([ids[&s.customer_id], s.reason.as_str()])).collect();
        assert_eq!(json!({"sent": sent, "skipped": skipped}), case["expected"], "{}", label(&case));
        let recorded: Vec<CustomerId> = ws.last_sent(&select).unwrap().iter().map(|d| d.customer_id).collect();
        let messaged: Vec<CustomerId> = plan.messages.iter().map(|m| m.customer_id).collect();
        assert_eq!(recorded, messaged, "{}: a delivery per message", label(&case));
    }
}
