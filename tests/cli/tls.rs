//! TLS and proxies as the system has them: a fake provider over HTTPS whose certificate a
//! throwaway CA signed (trusted only through `SSL_CERT_FILE`), and a provider reached only
//! through `HTTP_PROXY` (and not at all when `NO_PROXY` names it).

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::TestEnv;
use crate::fake::{CANARY, replay};

/// Runs `openssl ARGS` in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl is installed");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A throwaway CA (`ca.pem`) and a certificate it signed for 127.0.0.1 (`server.pem`,
/// `server.key`).
fn certificates(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=aisync test CA",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "san.ext",
        ],
    );
}

const HTTPS_SERVER: &str = r#"
import http.server, ssl, sys
body = open(sys.argv[3], "rb").read()
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// A server process, stopped when the test ends, pass or fail.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An HTTPS server on 127.0.0.1 answering every GET with the OpenAI capture; its port.
fn https_provider(dir: &Path) -> (Server, u16) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/providers/openai/models_list_2026-08.json");
    let mut child = Command::new("python3")
        .args(["-c", HTTPS_SERVER])
        .arg(dir.join("server.pem"))
        .arg(dir.join("server.key"))
        .arg(fixture)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().parse().expect("the server's port");
    (Server(child), port)
}

#[test]
fn a_private_ca_is_trusted_through_ssl_cert_file() {
    let mut env = TestEnv::new();
    let dir = env.path("tls");
    std::fs::create_dir_all(&dir).unwrap();
    certificates(&dir);
    let (_server, port) = https_provider(&dir);
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("https://127.0.0.1:{port}/v1"))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "1");

    // Without the CA: the handshake fails, classified network, with the TLS reason.
    let refused = env.run(&["sync-models", "-p", "openai", "--format", "json"]);
    refused.expect_code(1);
    let provider = &refused.json()["providers"][0];
    assert_eq!(provider["error_type"], "network", "{provider}");
    assert!(
        provider["error"].as_str().unwrap().contains("TLS")
            && provider["error"]
                .as_str()
                .unwrap()
                .contains("UnknownIssuer"),
        "{provider}"
    );

    // With it, as curl would be given it.
    let ca = dir.join("ca.pem");
    let run = env.run_with(
        &[("SSL_CERT_FILE", ca.to_str().unwrap())],
        &["sync-models", "-p", "openai", "--format", "json"],
    );
    run.expect_code(0);
    assert!(
        run.json()["providers"][0]["models_synced"]
            .as_u64()
            .unwrap()
            > 10,
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn http_proxy_is_honoured_and_no_proxy_bypasses_it() {
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(replay("openai/models_list_2026-08.json"))
        .mount(&proxy)
        .await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", "http://openai.proxied.invalid/v1")
        .set("HTTP_PROXY", &proxy.uri())
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "1");
    env.run(&["sync-models", "-p", "openai"]).expect_code(0);
    let asked = proxy.received_requests().await.unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!(
        asked[0].headers.get("host").unwrap(),
        "openai.proxied.invalid",
        "asked of the proxy for the provider's host"
    );
    // NO_PROXY names the host: asked directly, which cannot resolve.
    let direct = env.run_with(
        &[("NO_PROXY", "openai.proxied.invalid")],
        &["sync-models", "-p", "openai", "--force"],
    );
    direct.expect_code(1);
    assert_eq!(proxy.received_requests().await.unwrap().len(), 1);
}
