//! Where the catalog is stored: a SQLite file, or a PostgreSQL database named by a URL.
//!
//! A URL is parsed once, here: `postgres://` or `postgresql://`, with the parameters libpq
//! takes (the `postgres` client reads most; `sslmode` and `sslrootcert` are read here, since
//! it knows only some of the modes). What is shown of it anywhere — messages, logs, `config`
//! — is [`PgTarget`]'s display, which has no password.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

/// The store a command works on.
#[derive(Debug, Clone)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(Box<PgTarget>),
}

impl Database {
    /// The SQLite file, if the store is one.
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        match self {
            Self::Sqlite(p) => Some(p),
            Self::Postgres(_) => None,
        }
    }
}

impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(p) => write!(f, "{}", p.display()),
            Self::Postgres(t) => f.write_str(&t.shown),
        }
    }
}

/// libpq's `sslmode`, with its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it, unverified (libpq's default).
    Prefer,
    /// TLS, unverified (verified as `verify-ca` when `sslrootcert` names a CA).
    Require,
    /// TLS, the certificate chain verified, not the host name.
    VerifyCa,
    /// TLS, the chain and the host name verified.
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "disable" => Self::Disable,
            "prefer" => Self::Prefer,
            "require" => Self::Require,
            "verify-ca" => Self::VerifyCa,
            "verify-full" => Self::VerifyFull,
            _ => return None,
        })
    }
}

/// A PostgreSQL database: how to connect to it, and how it is shown.
#[derive(Clone)]
pub struct PgTarget {
    pub config: postgres::Config,
    /// The TLS client, unless `sslmode=disable`.
    pub tls: Option<Arc<rustls::ClientConfig>>,
    pub sslmode: SslMode,
    /// `postgres://user@host:port/dbname`: never the password.
    shown: String,
}

impl fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgTarget")
            .field("url", &self.shown)
            .field("sslmode", &self.sslmode)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl PgTarget {
    /// Host, port and database, as a refused connection names them.
    pub fn server(&self) -> String {
        self.shown
            .split_once('@')
            .map_or(self.shown.as_str(), |(_, s)| s)
            .to_owned()
    }

    /// Parses a `postgres://` or `postgresql://` URL. The error never holds the password.
    pub fn parse(url: &str) -> Result<Self, String> {
        let secret = password_of(url);
        Self::parse_url(url).map_err(|e| redact(&e, url, secret.as_deref()))
    }

    fn parse_url(url: &str) -> Result<Self, String> {
        // The scheme in any case (`POSTGRES://`), as the client reads only lowercase ones.
        let url = match url.split_once("://") {
            Some((scheme, rest))
                if scheme.eq_ignore_ascii_case("postgres")
                    || scheme.eq_ignore_ascii_case("postgresql") =>
            {
                format!("postgresql://{rest}")
            }
            _ => return Err("it does not begin with postgres:// or postgresql://".to_owned()),
        };
        let url = url.as_str();
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut sslmode = SslMode::Prefer;
        let mut root_cert = None;
        let mut rest = form_urlencoded::Serializer::new(String::new());
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "sslmode" => {
                    sslmode = SslMode::parse(&value).ok_or_else(|| {
                        format!(
                            "sslmode={value} is not one of disable, prefer, require, verify-ca, verify-full"
                        )
                    })?;
                }
                "sslrootcert" => root_cert = Some(value.into_owned()),
                "sslcert" | "sslkey" | "sslpassword" => {
                    return Err(format!(
                        "{key} (a client certificate) is not supported; authenticate with a password"
                    ));
                }
                _ => {
                    rest.append_pair(&key, &value);
                }
            }
        }
        check_ports(base)?;
        let rest = rest.finish();
        let text = if rest.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{rest}")
        };
        let mut config: postgres::Config =
            text.parse().map_err(|e: postgres::Error| with_causes(&e))?;
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("aisync");
        }
        if root_cert.is_some() && sslmode == SslMode::Require {
            // libpq: with a CA given, `require` verifies the chain as `verify-ca` does.
            sslmode = SslMode::VerifyCa;
        }
        config.ssl_mode(match sslmode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        let tls = match sslmode {
            SslMode::Disable => None,
            mode => Some(Arc::new(tls_config(mode, root_cert.as_deref())?)),
        };
        let shown = shown(&config);
        Ok(Self {
            config,
            tls,
            sslmode,
            shown,
        })
    }
}

/// The password of a URL's user, as written and percent-decoded, if it has one.
fn password_of(url: &str) -> Option<Vec<String>> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?']).next().unwrap_or_default();
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    if password.is_empty() {
        return None;
    }
    let decoded: String = form_urlencoded::parse(format!("p={password}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    Some(vec![password.to_owned(), decoded])
}

/// A message about `url` without its password, whatever part of the URL the message quotes
/// (one line: a control character is shown as a space).
fn redact(message: &str, url: &str, secret: Option<&[String]>) -> String {
    let mut text = message.replace(url, "the URL");
    for s in secret.into_iter().flatten().filter(|s| !s.is_empty()) {
        text = text.replace(s.as_str(), "(password)");
    }
    text.replace(|c: char| c.is_control(), " ")
}

/// An error with what caused it, in one line ("invalid connection string: unknown option").
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text = format!("{text}: {c}");
        cause = c.source();
    }
    text
}

/// Each `host:port` of the URL's authority has a port from 1 to 65535: the client's own error
/// says only "invalid connection string".
fn check_ports(base: &str) -> Result<(), String> {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let authority = after_scheme.split('/').next().unwrap_or_default();
    let hosts = authority
        .rsplit_once('@')
        .map_or(authority, |(_, hosts)| hosts);
    for host in hosts.split(',') {
        // `[::1]:5432`: the port follows the bracket.
        let port = match host.rsplit_once(']') {
            Some((_, rest)) => rest.strip_prefix(':'),
            None => host.rsplit_once(':').map(|(_, p)| p),
        };
        if let Some(port) = port
            && !port.parse::<u16>().is_ok_and(|p| p > 0)
        {
            return Err(format!("the port {port:?} is not a number from 1 to 65535"));
        }
    }
    Ok(())
}

fn shown(config: &postgres::Config) -> String {
    let host = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(",");
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("postgres://{user}{host}:{port}/{db}")
}

/// The TLS client for `mode`: the CA from `root_cert` (or, for `verify-*` without one, the
/// system's trust store); unverified for `prefer` and `require`, as libpq does.
fn tls_config(mode: SslMode, root_cert: Option<&str>) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?;
    if matches!(mode, SslMode::Prefer | SslMode::Require) {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
            .with_no_client_auth());
    }
    let mut roots = rustls::RootCertStore::empty();
    match root_cert {
        Some(path) if path != "system" => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .map_err(|e| format!("sslrootcert={path}: cannot read a PEM certificate: {e}"))?;
            if certs.is_empty() {
                return Err(format!("sslrootcert={path} holds no certificate"));
            }
            for cert in certs {
                roots
                    .add(cert)
                    .map_err(|e| format!("sslrootcert={path}: {e}"))?;
            }
        }
        _ => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
        }
    }
    let verifier =
        rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| format!("TLS: {e}"))?;
    let builder = builder.dangerous();
    Ok(if mode == SslMode::VerifyFull {
        builder.with_custom_certificate_verifier(verifier)
    } else {
        builder.with_custom_certificate_verifier(Arc::new(ChainOnly(verifier)))
    }
    .with_no_client_auth())
}

/// `prefer` and `require`: encrypted, but the server is not verified (libpq's meaning).
#[derive(Debug)]
struct Unverified(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to a trusted CA; the name in it is not checked.
#[derive(Debug)]
struct ChainOnly(Arc<rustls::client::WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
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
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_shown_without_its_password() {
        let t =
            PgTarget::parse("postgresql://ann:s3cret-pass@db.example:6543/catalog?sslmode=disable")
                .unwrap();
        assert_eq!(t.to_string(), "postgres://ann@db.example:6543/catalog");
        assert!(!format!("{t:?}").contains("s3cret"));
        assert_eq!(t.server(), "db.example:6543/catalog");
        assert_eq!(t.sslmode, SslMode::Disable);
        assert!(t.tls.is_none());
    }

    #[test]
    fn sslmode_means_what_it_means_to_libpq() {
        let mode = |q: &str| PgTarget::parse(&format!("postgres://a@h/d?{q}")).map(|t| t.sslmode);
        assert_eq!(mode("").unwrap(), SslMode::Prefer);
        assert_eq!(mode("sslmode=require").unwrap(), SslMode::Require);
        assert_eq!(mode("sslmode=verify-full").unwrap(), SslMode::VerifyFull);
        assert!(mode("sslmode=maybe").unwrap_err().contains("sslmode=maybe"));
        assert!(
            mode("sslmode=verify-ca&sslrootcert=/no/such.pem")
                .unwrap_err()
                .contains("/no/such.pem")
        );
    }

    #[test]
    fn the_scheme_is_read_in_any_case() {
        let t = PgTarget::parse("POSTGRES://ann:hunter22@host/db").unwrap();
        assert_eq!(t.to_string(), "postgres://ann@host:5432/db");
    }

    #[test]
    fn a_malformed_url_never_echoes_its_password() {
        for url in [
            "postgres://ann:hunter22@host:notaport/db",
            "postgres://ann:hunter22@host/db?nosuchoption=1",
            // The client quotes the option it does not know, password and all.
            "postgres://ann:hunter22@host/db?options&x",
            "postgres://ann:hunter%32%32@host/db?hunter22=1",
            "postgres://ann:p@hunter22@host/db?bad=1",
        ] {
            let e = PgTarget::parse(url).unwrap_err();
            assert!(!e.contains("hunter22"), "{e}");
        }
    }
}
