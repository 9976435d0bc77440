//! Runs the cross-language vectors in tests/vectors/ (N1 C1 C2 C3 C4 C5 L3 A1 A2 A3 A4 S1 S2 PR1 PR2 PR2a PR2b PR3 PR4 PR5 PR6 PR7 PR8 ST1 I1 I2 I3 I5 E1).
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
    validation_vectors("validation.json");
}

/// R4: text.json (control characters, visible names) in validation.json's shape.
#[test]
fn r4_text_vectors() {
    validation_vectors("text.json");
}

/// R3: money.json (the amount range and places, JSON numbers by their shortest text).
#[test]
fn r3_money_vectors() {
    validation_vectors("money.json");
}

fn validation_vectors(file: &str) {
    for case in cases(file) {
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
        let sync: ContactsSyncPatch = serde_json::from_value(case["contacts_sync"].clone()).expect("sync");
        ws.update_settings(SettingsPatch { contacts_sync: Some(sync), ..Default::default() }).expect("settings");
        let got: Vec<&str> = ws.editable_fields(c.id).expect("fields").into_iter().map(CustomerField::as_str).collect();
        let want: Vec<&str> = case["expected"].as_array().expect("expected").iter().filter_map(Value::as_str).collect();
        assert_eq!(got, want, "{}", label(&case));
    }
}

fn decimal(v: &Value) -> Option<rust_decimal::Decimal> {
    v.as_str().map(|s| s.parse().expect("decimal string"))
}

/// The pricing set-up every language builds from pricing.json.
fn pricing_workspace(setup: &Value) -> Workspace {
    let ws = workspace("Vectors", &json!({ "currency": setup["currency"] }));
    let products: Vec<Product> = serde_json::from_value(setup["products"].clone()).expect("products");
    ws.upsert_products(products).expect("products");
    let list: Vec<(String, Option<rust_decimal::Decimal>)> =
        setup["default_prices"].as_object().expect("list").iter().map(|(k, v)| (k.clone(), decimal(v))).collect();
    ws.set_default_prices(&list).expect("default list");
    for g in setup["groups"].as_array().expect("groups") {
        let name = g["name"].as_str().expect("name");
        ws.upsert_price_group(name, g["active"].as_bool().expect("active")).expect("group");
        let prices: Vec<_> =
            g["prices"].as_object().expect("prices").iter().map(|(k, v)| (k.clone(), decimal(v))).collect();
        ws.set_group_prices(name, &prices).expect("group prices");
    }
    ws
}

#[test]
fn pr1_pr2_pr2a_pr4_pricing_vectors() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/pricing.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let ws = pricing_workspace(&doc["setup"]);
    for case in cases("pricing.json") {
        let whose = match case["group"].as_str() {
            None => PriceFor::WorkspaceLink,
            Some(group) => PriceFor::Customer(
                ws.create_customer(NewCustomer { price_group: Some(group.into()), ..NewCustomer::named("Buyer") })
                    .expect("customer")
                    .id,
            ),
        };
        let sku = case["sku"].as_str().expect("sku");
        let why = ws.explain_price(whose, sku).expect("explain");
        let resolved = ws.resolve_price(whose, sku).expect("resolve");
        let got = json!({
            "amount": resolved.amount.map(|a| a.to_string()),
            "tier": resolved.tier.map(PriceTier::as_str),
            "passed_over": why.passed_over.iter().map(|p| json!([p.tier.as_str(), serde_json::to_value(p.reason).expect("reason")])).collect::<Vec<_>>(),
        });
        assert_eq!(got, case["expected"], "{}", label(&case));
        assert_eq!((why.amount, why.tier), (resolved.amount, resolved.tier), "{}", label(&case));
    }
}

#[test]
fn pr2b_pr3_price_macro_vectors() {
    for case in cases("price_macros.json") {
        let parsed = case["macro"].as_str().expect("macro").parse::<PriceMacro>();
        match (&case["expected"], &case["error"]) {
            (Value::String(want), _) => {
                let m = parsed.unwrap_or_else(|e| panic!("{}: {e}", label(&case)));
                let dp = orderlink::pricing::minor_units(case["currency"].as_str().expect("currency"));
                let got = m.apply(decimal(&case["price"]).expect("price"), dp).expect("in range");
                assert_eq!(&got.to_string(), want, "{}", label(&case));
            }
            (_, Value::String(code)) => match parsed {
                Ok(m) => panic!("{}: parsed as {m:?}", label(&case)),
                Err(e) => assert_eq!(e.code(), code, "{}", label(&case)),
            },
            _ => panic!("{}: neither expected nor error", label(&case)),
        }
    }
}

#[test]
fn st1_effective_settings_vectors() {
    for case in cases("effective_settings.json") {
        let ws = workspace("Vectors", &json!({ "defaults": case["defaults"] }));
        let mut input = case["customer"].clone();
        input["name"] = json!("Buyer");
        let c = ws.create_customer(serde_json::from_value(input).expect("customer")).expect("create");
        let got = serde_json::to_value(ws.effective_settings(c.id).expect("effective")).expect("json");
        for (k, v) in case["expected"].as_object().expect("expected") {
            assert_eq!(&got[k], v, "{}: {k}", label(&case));
        }
    }
}

fn import_input(case: &Value) -> Vec<u8> {
    match (case["input"].as_str(), case["input_b64"].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(b64)) => data_encoding::BASE64.decode(b64.as_bytes()).expect("base64"),
        _ => panic!("{}: no input", label(case)),
    }
}

#[test]
fn i1_i2_i3_i3a_i5_e1_r2_import_vectors() {
    for case in cases("import.json") {
        let options: import::ImportOptions = serde_json::from_value(case["options"].clone()).expect("options");
        let report = validate_import(&import_input(&case), &options).expect("validate");
        let expected = &case["expected"];
        let issues: Vec<Value> = report.issues.iter().map(|i| json!([i.row, i.column, i.code.as_str()])).collect();
        let got = json!({
            "rows_read": report.rows_read, "valid_rows": report.valid_rows, "error_rows": report.error_rows,
            "blank_rows": report.blank_rows, "refused": report.refused, "issues": issues,
        });
        assert_eq!(&got, expected, "{}", label(&case));
    }
}

#[test]
fn e1_neutralise_vectors() {
    for case in cases("neutralise.json") {
        let input = case["input"].as_str().expect("input");
        assert_eq!(import::neutralise_cell(input), case["expected"].as_str().expect("expected"), "{}", label(&case));
    }
}

/// CT2, CT3, R3: carts.json — edits in batches on a new open cart, all or nothing.
#[test]
fn vectors_ct2_ct3_r3_cart_edits() {
    for case in cases("carts.json") {
        let ws = workspace("Cart Vectors", &json!({}));
        let products: Vec<Product> = serde_json::from_value(case["products"].clone()).expect("products");
        ws.upsert_products(products).expect("products");
        let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("customer");
        let sam = CartActor::agent("Sam").expect("agent");
        let cart = ws.open_cart(c.id, &sam, None).expect("cart");
        let batches = case["batches"].as_array().expect("batches");
        let mut error = None;
        for (i, batch) in batches.iter().enumerate() {
            let edits: Vec<CartEdit> = serde_json::from_value(batch.clone()).expect("edits");
            match ws.update_cart(cart.id, &edits, &sam) {
                Ok(_) => {}
                Err(e) => {
                    assert_eq!(i, batches.len() - 1, "{}: only the last batch may fail ({e})", label(&case));
                    error = Some(e.code().to_owned());
                }
            }
        }
        let expected = &case["expected"];
        assert_eq!(error.as_deref(), expected["error"].as_str(), "{}", label(&case));
        let lines: Vec<Value> = ws
            .get_cart(cart.id)
            .expect("cart")
            .lines
            .iter()
            .map(|l| json!([l.sku, l.qty.to_string(), l.uom]))
            .collect();
        assert_eq!(Value::Array(lines), expected["lines"], "{}", label(&case));
        if let Some(total) = expected["total"].as_str() {
            assert_eq!(ws.price_cart(cart.id).expect("priced").total.to_string(), total, "{}", label(&case));
        }
    }
}

// --- I7 / I8 (issue 18) ---------------------------------------------------------------------

#[test]
fn i7_mapping_suggestion_vectors() {
    for case in cases("import_mapping.json") {
        let headers: Vec<String> =
            case["headers"].as_array().expect("headers").iter().map(|h| h.as_str().expect("text").to_owned()).collect();
        let got: Vec<Value> = import::suggest_mapping(&headers)
            .into_iter()
            .map(|s| {
                let first = s.candidates.first();
                json!({
                    "header": s.header,
                    "field": first.map(|c| c.field.as_str()),
                    "confidence": first.map(|c| c.confidence),
                })
            })
            .collect();
        assert_eq!(Value::Array(got), case["expected"], "{}", label(&case));
    }
}

/// The I8 vectors' CSV with "{i}" standing for the i-th existing customer's record id.
fn with_ids(csv: &str, ids: &[CustomerId]) -> String {
    ids.iter().enumerate().fold(csv.to_owned(), |s, (i, id)| s.replace(&format!("{{{i}}}"), &id.to_string()))
}

#[test]
fn i8_record_id_vectors() {
    for case in cases("import_record_ids.json") {
        let ws = workspace("Vectors", &json!({}));
        let ids: Vec<CustomerId> = case["existing"]
            .as_array()
            .expect("existing")
            .iter()
            .map(|c| ws.create_customer(serde_json::from_value(c.clone()).expect("new customer")).expect("create").id)
            .collect();
        let csv = match case["csv"].as_str().expect("csv") {
            "EXPORT" => ws.export_customers(&CustomerQuery::default()).expect("export"),
            text => with_ids(text, &ids).into_bytes(),
        };
        let preview = ws.preview_import(&csv, None, None).expect("preview");
        let got: Vec<Value> = preview
            .rows
            .iter()
            .map(|r| {
                let mut out = json!({ "row": r.row, "action": r.action.as_str() });
                if let RowAction::Update { customer_id, changes } = &r.action {
                    out["customer"] = json!(ids.iter().position(|id| id == customer_id));
                    out["changes"] = json!(changes.iter().map(|f| f.as_str()).collect::<Vec<_>>());
                }
                if r.action == RowAction::Error {
                    let issue = preview.report.issues.iter().find(|i| i.row == Some(r.row)).expect("an issue");
                    out["issue"] = json!(issue.code.as_str());
                }
                out
            })
            .collect();
        assert_eq!(Value::Array(got), case["expected"], "{}", label(&case));
    }
}

/// A JSON entry of pricing_breaks.json: a bare amount (a plain price) or a list of breaks.
fn entry(v: &Value) -> PriceEntry {
    match v {
        Value::String(_) => PriceEntry::from(decimal(v)),
        other => PriceEntry::Breaks(serde_json::from_value(other.clone()).expect("breaks")),
    }
}

fn instant(v: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    v.as_str().map(|s| s.parse().expect("instant"))
}

fn text(d: Option<rust_decimal::Decimal>) -> Value {
    d.map_or(Value::Null, |d| json!(d.to_string()))
}

#[test]
fn pr5_pr6_pr7_pr8_price_break_vectors() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/pricing_breaks.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let setup = &doc["setup"];
    let clock = Arc::new(ManualClock::new(instant(&setup["now"]).expect("now")));
    let settings = NewWorkspace {
        currency: setup["currency"].as_str().expect("currency").into(),
        ..NewWorkspace::named("Vectors")
    };
    let ws = Workspace::create(Arc::new(MemoryStore::new()), Env::new(clock, Arc::new(SeededRandom::new(3))), settings)
        .expect("workspace");
    ws.upsert_products(serde_json::from_value(setup["products"].clone()).expect("products")).expect("products");
    let entries = |v: &Value| -> Vec<(String, PriceEntry)> {
        v.as_object().expect("entries").iter().map(|(k, v)| (k.clone(), entry(v))).collect()
    };
    ws.set_default_prices(&entries(&setup["default_prices"])).expect("default list");
    for g in setup["groups"].as_array().expect("groups") {
        let name = g["name"].as_str().expect("name");
        ws.upsert_price_group(name, g["active"].as_bool().expect("active")).expect("group");
        ws.set_group_prices(name, &entries(&g["prices"])).expect("group prices");
    }
    let buyer = |group: &Value| {
        let c = NewCustomer { price_group: group.as_str().map(str::to_owned), ..NewCustomer::named("Buyer") };
        ws.create_customer(c).expect("customer").id
    };
    let whose = |group: &Value| match group.as_str() {
        None => PriceFor::WorkspaceLink,
        Some(_) => PriceFor::Customer(buyer(group)),
    };
    for case in cases("pricing_breaks.json") {
        let sku = case["sku"].as_str().unwrap_or_default();
        match case["kind"].as_str().expect("kind") {
            "resolve" => {
                let mut q = PriceQuery::qty(decimal(&case["qty"]).expect("qty"));
                q.at = instant(&case["at"]);
                let who = whose(&case["group"]);
                let r = ws.resolve_price_for(who, sku, &q).expect("resolve");
                let why = ws.explain_price_for(who, sku, &q).expect("explain");
                assert_eq!((why.amount, why.tier, why.min_qty), (r.amount, r.tier, r.min_qty), "{}", label(&case));
                let want = &case["expected"];
                let got = json!({
                    "amount": text(r.amount),
                    "tier": r.tier.map(PriceTier::as_str),
                    "min_qty": text(r.min_qty),
                    "passed_over": why.passed_over.iter().map(|p| json!([p.tier.as_str(), serde_json::to_value(p.reason).expect("reason")])).collect::<Vec<_>>(),
                    "upcoming": why.upcoming.iter().map(|u| json!([u.tier.as_str(), u.price_break.min_qty.to_string(), u.price_break.price.to_string(), u.price_break.starts_at.map(|t| t.to_rfc3339())])).collect::<Vec<_>>(),
                });
                let mut want = want.clone();
                for u in want["upcoming"].as_array_mut().expect("upcoming") {
                    u[3] = json!(instant(&u[3]).map(|t| t.to_rfc3339()));
                }
                assert_eq!(got, want, "{}", label(&case));
            }
            "breaks" => {
                let q = PriceQuery { at: instant(&case["at"]), ..Default::default() };
                let sheet = ws.resolve_prices_for(whose(&case["group"]), Some(&[sku.to_owned()]), &q).expect("sheet");
                let got: Vec<Value> = sheet
                    .breaks(0)
                    .expect("row")
                    .iter()
                    .map(|b| json!([b.min_qty.to_string(), b.amount.to_string(), b.tier.as_str()]))
                    .collect();
                assert_eq!(Value::Array(got), case["expected"], "{}", label(&case));
            }
            "set" => {
                let e = [(sku.to_owned(), entry(&case["entry"]))];
                let before = ws.price_book().expect("book");
                let err = match case["group"].as_str() {
                    None => ws.set_default_prices(&e),
                    Some(g) => ws.set_group_prices(g, &e),
                }
                .expect_err(&label(&case));
                assert_eq!(err.code(), case["error"].as_str().expect("error"), "{}", label(&case));
                assert_eq!(ws.price_book().expect("book"), before, "{}: nothing written", label(&case));
            }
            "intake" => {
                let id = buyer(&case["group"]);
                let order: NewOrder = serde_json::from_value(json!({
                    "number": "V-1", "total": case["total"], "lines": case["lines"], "placed_at": case["placed_at"],
                }))
                .expect("order");
                let out = ws.intake_order(&ws.link_url(id).expect("url"), None, order);
                match &case["error"] {
                    Value::String(code) => assert_eq!(out.expect_err(&label(&case)).code(), code, "{}", label(&case)),
                    _ => {
                        let Ok(IntakeOutcome::Customer { order_id, .. }) = out else {
                            panic!("{}: {out:?}", label(&case))
                        };
                        let lines: Vec<Value> = ws
                            .get_order(order_id)
                            .expect("order")
                            .lines
                            .iter()
                            .map(|l| {
                                json!([
                                    text(l.unit_price),
                                    l.price_tier.map(PriceTier::as_str),
                                    text(l.price_break),
                                    l.currency,
                                    l.price_given
                                ])
                            })
                            .collect();
                        assert_eq!(Value::Array(lines), case["expected"], "{}", label(&case));
                    }
                }
            }
            other => panic!("unknown kind {other:?}"),
        }
    }
}
