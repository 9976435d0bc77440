//! Runs the cross-language vectors in tests/vectors/ (N1 C1 C2 C3 C4 C5 L3 A1 A2 A3 A4 S1 S2).
//! Python and Node run the same files through their bindings, so the three cannot drift.

use orderlink::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

fn cases(file: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("vector JSON");
    let cases = doc["cases"].as_array().expect("cases").clone();
    assert!(!cases.is_empty(), "{file} has no cases");
    cases
}

fn label(case: &Value) -> String {
    format!("{} {}", case["rule"].as_str().unwrap_or("?"), case["name"].as_str().unwrap_or("?"))
}

fn workspace(name: &str, extra: &Value) -> Workspace {
    let mut settings = json!({ "name": name });
    if let Some(map) = extra.as_object() {
        for (k, v) in map {
            settings[k] = v.clone();
        }
    }
    let settings: NewWorkspace = serde_json::from_value(settings).expect("workspace settings");
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace")
}

fn customer_json(c: &Customer) -> Value {
    let mut v = serde_json::to_value(c).expect("customer json");
    v["order_web_access"] = json!(c.order_web_access().as_str());
    v
}

#[test]
fn n1_c5_normalization_vectors() {
    for case in cases("normalization.json") {
        let input = case["input"].as_str().expect("input");
        let got = match case["fn"].as_str() {
            Some("normalize_name") => normalize_name(input),
            Some("normalize_email") => normalize_email(input),
            Some("search_fold") => search_fold(input),
            other => panic!("unknown fn {other:?}"),
        };
        assert_eq!(got, case["expected"].as_str().expect("expected"), "{}", label(&case));
    }
}

#[test]
fn l3_link_code_vectors() {
    for case in cases("link_codes.json") {
        let got = LinkCode::parse(case["input"].as_str().expect("input"));
        match (&case["expected"], &case["error"]) {
            (Value::String(want), _) => {
                let code = got.unwrap_or_else(|e| panic!("{}: {e}", label(&case)));
                assert_eq!(code.as_str(), want, "{}", label(&case));
            }
            (_, Value::String(code)) => match got {
                Ok(parsed) => panic!("{}: parsed as {parsed}", label(&case)),
                Err(e) => assert_eq!(e.code(), code, "{}", label(&case)),
            },
            _ => panic!("{}: neither expected nor error", label(&case)),
        }
    }
}

#[test]
fn c1_c2_c3_c4_validation_vectors() {
    for case in cases("validation.json") {
        let ws = workspace("Vectors", &case["workspace"]);
        for existing in case["existing"].as_array().expect("existing") {
            ws.create_customer(serde_json::from_value(existing.clone()).expect("existing input")).expect("existing");
        }
        let input: NewCustomer = serde_json::from_value(case["input"].clone()).expect("input");
        let got = ws.create_customer(input);
        let expected = &case["expected"];
        if let Some(code) = expected["error"].as_str() {
            assert_eq!(got.expect_err(&label(&case)).code(), code, "{}", label(&case));
        } else {
            let c = customer_json(&got.unwrap_or_else(|e| panic!("{}: {e}", label(&case))));
            for (k, v) in expected["customer"].as_object().expect("customer") {
                assert_eq!(&c[k], v, "{}: {k}", label(&case));
            }
        }
    }
}

#[test]
fn a1_a2_a3_a4_access_vectors() {
    for case in cases("access.json") {
        let ws = workspace("Vectors Wholesale", &case["workspace"]);
        let customer = case["customer"].as_object().map(|c| {
            let made = ws
                .create_customer(NewCustomer {
                    email: c["email"].as_str().map(str::to_owned),
                    order_web_blocked: c["order_web_blocked"].as_bool().expect("blocked"),
                    ..NewCustomer::named(c["name"].as_str().expect("name"))
                })
                .expect("customer");
            if c["active"] == json!(false) {
                ws.update_customer(made.id, CustomerPatch { active: Some(false), ..Default::default() })
                    .expect("deactivate");
            }
            made
        });
        let link = match case["link"].as_str() {
            Some("customer") => ws.link_url(customer.expect("a customer").id).expect("url"),
            Some("workspace") => ws.workspace_link_url().expect("url"),
            Some("unknown") => "ZZZZZZZZZZZZZZZZZZZZZZZZZW".to_owned(),
            other => panic!("unknown link kind {other:?}"),
        };
        let d = ws.open_link(&link, None).expect("open");
        let got = json!({
            "found": d.found,
            "access": d.access.map(OrderWebAccess::as_str),
            "may_view": d.may_view,
            "may_submit": d.may_submit,
            "needs_verification": d.needs_verification,
            "reason": d.reason.map(DenyReason::code),
            "greeting": d.greeting,
        });
        for (k, v) in case["expected"].as_object().expect("expected") {
            assert_eq!(&got[k], v, "{}: {k}", label(&case));
        }
    }
}

#[test]
fn s1_editable_fields_vectors() {
    for case in cases("editable_fields.json") {
        let ws = workspace("Vectors", &Value::Null);
        let c = ws.create_customer(NewCustomer::named("Synced Co")).expect("customer");
        if case["customer_active"] == json!(false) {
            ws.update_customer(c.id, CustomerPatch { active: Some(false), ..Default::default() }).expect("deactivate");
        }
        let sync: ContactsSync = serde_json::from_value(case["contacts_sync"].clone()).expect("sync");
        ws.update_settings(SettingsPatch { contacts_sync: Some(sync), ..Default::default() }).expect("settings");
        let got: Vec<&str> = ws.editable_fields(c.id).expect("fields").into_iter().map(CustomerField::as_str).collect();
        let want: Vec<&str> = case["expected"].as_array().expect("expected").iter().filter_map(Value::as_str).collect();
        assert_eq!(got, want, "{}", label(&case));
    }
}
