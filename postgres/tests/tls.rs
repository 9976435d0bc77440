//! TLS against the throwaway server `scripts/with-postgres` starts with `ssl=on` and a
//! certificate signed by a CA it made (for the name `localhost` only): every `sslmode`, a root
//! certificate from the connection string or from the options, both connection string forms,
//! and failed connects that name the host and the cause but never the password.

mod common;

use orderlink_postgres::{PostgresOptions, PostgresStore, SslMode};
use std::sync::atomic::{AtomicUsize, Ordering};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run through scripts/with-postgres"))
}

/// The TCP port of the test server.
fn port() -> String {
    let url = var("ORDERLINK_PG_TCP_URL");
    url.rsplit_once(':').and_then(|(_, rest)| rest.split('/').next()).expect("port").to_owned()
}

fn ca() -> String {
    var("ORDERLINK_PG_TLS_CA")
}

/// A name for a store's connections, to find them in `pg_stat_activity`.
fn app_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("tls_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst))
}

/// Whether the connections named `app` use TLS (asked over the unix socket).
fn uses_tls(app: &str) -> bool {
    let rows = common::client()
        .query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1",
            &[&app],
        )
        .expect("pg_stat_ssl");
    assert!(!rows.is_empty(), "no connection named {app}");
    let all: Vec<bool> = rows.iter().map(|r| r.get(0)).collect();
    assert!(all.iter().all(|s| *s == all[0]), "mixed: {all:?}");
    all[0]
}

/// Connects a temporary store to `host` with these query parameters; whether it used TLS.
fn connect(host: &str, params: &str) -> orderlink::Result<bool> {
    let app = app_name();
    let url = format!("postgresql://postgres@{host}:{}/postgres?application_name={app}&{params}", port());
    let store = PostgresStore::temporary(&url)?;
    let tls = uses_tls(&app);
    drop(store);
    Ok(tls)
}

#[test]
fn tls_verify_full_connects_to_the_certificates_name() {
    let tls = connect("localhost", &format!("sslmode=verify-full&sslrootcert={}", ca())).expect("verify-full");
    assert!(tls);
}

#[test]
fn tls_verify_full_refuses_a_name_the_certificate_does_not_hold() {
    let e = connect("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={}", ca())).expect_err("name mismatch");
    assert_eq!(e.code(), "STORE_FAILURE");
    let message = e.to_string();
    assert!(message.contains(&format!("127.0.0.1:{}", port())), "{message}");
    assert!(message.to_lowercase().contains("certificate"), "{message}");
}

#[test]
fn tls_verify_ca_checks_the_chain_not_the_name() {
    assert!(connect("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={}", ca())).expect("verify-ca"));
    let other = var("ORDERLINK_PG_TLS_OTHER_CA");
    let e = connect("localhost", &format!("sslmode=verify-ca&sslrootcert={other}")).expect_err("another CA");
    let message = e.to_string();
    assert!(message.contains("localhost:"), "{message}");
    assert!(message.to_lowercase().contains("certificate"), "{message}");
}

#[test]
fn tls_require_and_prefer_encrypt_without_checking_and_disable_does_not() {
    assert!(connect("127.0.0.1", "sslmode=require").expect("require"));
    assert!(connect("127.0.0.1", "sslmode=prefer").expect("prefer"));
    assert!(connect("127.0.0.1", "").expect("no sslmode: prefer, as libpq"));
    assert!(!connect("127.0.0.1", "sslmode=disable").expect("disable"));
    // require with a root certificate checks the chain (libpq): another CA is refused.
    let other = var("ORDERLINK_PG_TLS_OTHER_CA");
    connect("127.0.0.1", &format!("sslmode=require&sslrootcert={other}")).expect_err("require + sslrootcert checks");
}

#[test]
fn tls_options_win_over_the_connection_string_and_key_value_strings_work() {
    let app = app_name();
    let url = format!("postgresql://postgres@localhost:{}/postgres?application_name={app}&sslmode=disable", port());
    let options = PostgresOptions {
        schema: Some(format!("{app}_s")),
        ssl_mode: Some(SslMode::VerifyFull),
        ssl_root_cert: Some(ca().into()),
        ..Default::default()
    };
    let store = PostgresStore::connect_with(&url, &options).expect("options");
    assert!(uses_tls(&app));
    drop(store);
    common::client().batch_execute(&format!("DROP SCHEMA {app}_s CASCADE")).expect("drop");

    let app = app_name();
    let kv = format!(
        "host=localhost port={} user=postgres dbname=postgres application_name={app} sslmode = verify-full sslrootcert='{}'",
        port(),
        ca()
    );
    let store = PostgresStore::temporary(&kv).expect("key=value form");
    assert!(uses_tls(&app));
    drop(store);
}

#[test]
fn tls_unix_sockets_ignore_sslmode_as_libpq_does() {
    let url = common::url();
    let sep = if url.contains('?') { '&' } else { '?' };
    PostgresStore::temporary(&format!("{url}{sep}sslmode=require")).expect("socket with sslmode=require");
}

#[test]
fn tls_modes_that_verify_need_a_root_certificate_and_bad_modes_are_refused() {
    let e = connect("localhost", "sslmode=verify-full").expect_err("no root");
    assert!(e.to_string().contains("sslrootcert"), "{e}");
    let e = connect("localhost", "sslmode=sometimes").expect_err("bad mode");
    assert!(e.to_string().contains("sometimes"), "{e}");
    let e = connect("localhost", "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem").expect_err("missing file");
    assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
}

#[test]
fn tls_a_failed_connect_names_the_host_and_cause_never_the_password() {
    let good = var("ORDERLINK_PG_PASSWORD_URL");
    // The right password works (scram-sha-256 over TLS).
    PostgresStore::temporary(&good).expect("right password");
    let wrong = good.replace("pw-Sekrit-42", "Wr0ng-Passw0rd-99");
    let e = PostgresStore::temporary(&wrong).expect_err("wrong password");
    let message = e.to_string();
    assert!(message.contains(&format!("127.0.0.1:{}", port())), "{message}");
    assert!(message.contains("password authentication failed"), "{message}");
    assert!(!message.contains("Wr0ng-Passw0rd-99"), "{message}");

    // Nobody listening: the host and the refusal, not the password.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = listener.local_addr().expect("addr").port();
    drop(listener);
    let url = format!("postgresql://orderlink_pw:Wr0ng-Passw0rd-99@127.0.0.1:{closed}/postgres");
    let message = PostgresStore::connect(&url).expect_err("refused").to_string();
    assert!(message.contains(&format!("127.0.0.1:{closed}")), "{message}");
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(!message.contains("Wr0ng-Passw0rd-99"), "{message}");

    // A TLS failure, in the key=value form too.
    let kv = format!(
        "host=127.0.0.1 port={} user=orderlink_pw password=Wr0ng-Passw0rd-99 dbname=postgres sslmode=verify-full sslrootcert={}",
        port(),
        ca()
    );
    let message = PostgresStore::connect(&kv).expect_err("tls").to_string();
    assert!(message.contains("127.0.0.1:"), "{message}");
    assert!(!message.contains("Wr0ng-Passw0rd-99"), "{message}");
}
