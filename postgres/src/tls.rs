//! TLS for PostgreSQL connections, through rustls: libpq's `sslmode` values and a root
//! certificate (`sslrootcert`), read from the connection string or from
//! [`PostgresOptions`](crate::PostgresOptions).

use orderlink::{Error, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres::config::Host;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How a connection uses TLS, as libpq's `sslmode` (the same names, in the connection string
/// as `sslmode=verify-full` or in [`PostgresOptions::ssl_mode`](crate::PostgresOptions)).
/// Unix-socket connections never use TLS, whatever the mode (as libpq).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    /// Plain TCP only.
    Disable,
    /// TLS when the server offers it, plain otherwise; the certificate is not checked. libpq's
    /// default, and the default here.
    #[default]
    Prefer,
    /// TLS or no connection. The certificate is not checked, unless a root certificate is
    /// given (then as `VerifyCa`, as libpq does).
    Require,
    /// TLS, with the server's certificate chain checked against the root certificate; the host
    /// name is not compared.
    VerifyCa,
    /// TLS, with the chain checked and the certificate's names matched against the host
    /// connected to. The mode for a managed database reached over a network.
    VerifyFull,
}

impl SslMode {
    /// The mode for a libpq `sslmode` value (`allow` is taken as `prefer`).
    pub fn parse(value: &str) -> Result<SslMode> {
        Ok(match value {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(Error::store(format!(
                    "postgres connection string: sslmode '{other}' is not one of disable, prefer, require, \
                     verify-ca, verify-full"
                )))
            }
        })
    }
}

/// The TLS connector a pool's connections use.
pub(crate) enum Tls {
    None,
    Rustls(MakeRustlsConnect),
}

/// `url` without its `sslmode` and `sslrootcert` (which the driver does not know in full), and
/// their values. Both connection string forms: `postgresql://...?sslmode=require&...` and
/// `host=... sslmode=require`.
pub(crate) fn split(url: &str) -> Result<(String, Option<SslMode>, Option<PathBuf>)> {
    let mut mode = None;
    let mut root = None;
    let mut take = |key: &str, value: String| -> Result<bool> {
        match key {
            "sslmode" => mode = Some(SslMode::parse(&value)?),
            "sslrootcert" => root = Some(PathBuf::from(value)),
            _ => return Ok(false),
        }
        Ok(true)
    };
    if url.starts_with("postgresql://") || url.starts_with("postgres://") {
        let Some((base, query)) = url.split_once('?') else { return Ok((url.to_owned(), None, None)) };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(key, percent_decode(value))? {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
        return Ok((rest, mode, root));
    }
    // key=value form: keys are words, values bare or single-quoted with backslash escapes.
    let mut rest = String::new();
    let mut chars = url.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut key = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            return Err(Error::store(format!("postgres connection string: '{key}' has no '=' after it")));
        }
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '\'').is_some() {
            loop {
                match chars.next() {
                    Some((_, '\\')) => {
                        if let Some((_, c)) = chars.next() {
                            value.push(c);
                        }
                    }
                    Some((_, '\'')) => break,
                    Some((_, c)) => value.push(c),
                    None => return Err(Error::store("postgres connection string: a quoted value is not closed")),
                }
            }
        } else {
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        let end = chars.peek().map(|(i, _)| *i).unwrap_or(url.len());
        if !take(&key, value)? {
            rest.push_str(&url[start..end]);
            rest.push(' ');
        }
    }
    Ok((rest.trim_end().to_owned(), mode, root))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The driver's mode and the connector for `mode` and a root certificate file.
pub(crate) fn connector(
    config: &tokio_postgres::Config,
    mode: SslMode,
    root: Option<&Path>,
) -> Result<(tokio_postgres::config::SslMode, Tls)> {
    use tokio_postgres::config::SslMode as Driver;
    let only_sockets = config.get_hosts().iter().all(|h| matches!(h, Host::Unix(_)));
    if mode == SslMode::Disable || only_sockets {
        return Ok((Driver::Disable, Tls::None));
    }
    // libpq: `require` with a root certificate checks the chain, as `verify-ca`.
    let mode = if mode == SslMode::Require && root.is_some() { SslMode::VerifyCa } else { mode };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = match mode {
        SslMode::Disable | SslMode::Prefer | SslMode::Require => Arc::new(Unchecked(provider.clone())),
        SslMode::VerifyCa | SslMode::VerifyFull => {
            let root = root.ok_or_else(|| {
                Error::store(format!(
                    "postgres: sslmode={} needs a root certificate: sslrootcert=/path/to/ca.pem",
                    if mode == SslMode::VerifyCa { "verify-ca" } else { "verify-full" }
                ))
            })?;
            let mut roots = RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(root)
                .map_err(|e| Error::store(format!("postgres: sslrootcert {}: {e}", root.display())))?;
            for cert in certs {
                let cert = cert.map_err(|e| Error::store(format!("postgres: sslrootcert {}: {e}", root.display())))?;
                roots.add(cert).map_err(|e| Error::store(format!("postgres: sslrootcert {}: {e}", root.display())))?;
            }
            if roots.is_empty() {
                return Err(Error::store(format!("postgres: sslrootcert {} holds no certificate", root.display())));
            }
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| Error::store(format!("postgres: sslrootcert {}: {e}", root.display())))?;
            if mode == SslMode::VerifyFull {
                webpki
            } else {
                Arc::new(ChainOnly(webpki))
            }
        }
    };
    let tls = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::store(format!("postgres: TLS set-up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    let driver = if mode == SslMode::Prefer { Driver::Prefer } else { Driver::Require };
    Ok((driver, Tls::Rustls(MakeRustlsConnect::new(tls))))
}

/// `prefer` and `require` without a root certificate: encrypted, certificate not checked
/// (libpq's meaning). The handshake's signatures are still checked.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to the root certificate; the names are not compared.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        // webpki checks the chain first and the name last, so a name error means the chain
        // passed.
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// Who a configuration connects to, for messages: hosts and port, user and database. Never the
/// password.
pub(crate) fn describe(config: &tokio_postgres::Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match h {
                Host::Tcp(name) => format!("{name}:{port}"),
                Host::Unix(path) => format!("{}/.s.PGSQL.{port}", path.display()),
            }
        })
        .collect();
    let hosts = if hosts.is_empty() { "localhost:5432 (default)".to_owned() } else { hosts.join(",") };
    match (config.get_user(), config.get_dbname()) {
        (Some(user), Some(db)) => format!("{hosts} (user {user}, database {db})"),
        (Some(user), None) => format!("{hosts} (user {user})"),
        (None, Some(db)) => format!("{hosts} (database {db})"),
        (None, None) => hosts,
    }
}
