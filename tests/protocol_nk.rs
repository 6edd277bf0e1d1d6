//! The real `server` and `client` under `--protocol nk` (Part III, wire
//! format v2), run over loopback: a conversation, a wrong pinned key, a
//! changed, replayed and reflected message from a client built from the
//! library, a message too long, the key file, and the recordings the
//! appendix *Wire format v2* shows.
//!
//! Like tests/server_client.rs, the binaries are those `cargo test` builds;
//! every wait has a deadline and every process started here is killed when
//! its test ends, pass or fail.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

use secure_messaging::Error;
use secure_messaging::key_generation::PublicKey;
use secure_messaging::noise::framing::{read_frame, write_frame};
use secure_messaging::noise::static_key::parse_server_key;
use secure_messaging::noise::{HandshakeState, PROLOGUE, TransportState};

#[allow(dead_code)] // only its `example` is used here
mod common;
use common::{example, mask_word, value};

/// The longest any one wait may last; everything normally takes
/// milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);

/// A server under `--protocol nk` on a free port, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    key: PublicKey,
    /// The greeting, up to its blank line.
    greeting: String,
    /// Its error lines, as they come.
    errors: Receiver<String>,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(example("server"))
            .args(["--protocol", "nk", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut greeting = String::new();
        while !greeting.ends_with("\n\n") {
            assert_ne!(out.read_line(&mut greeting).unwrap(), 0, "{greeting}");
        }
        // The rest of its narration is not needed: let it flow.
        thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let port = greeting.lines().next().unwrap().rsplit(':').next();
        let port = port.unwrap().parse().unwrap();
        let key = server_key_line(&greeting);
        let errors = lines(child.stderr.take().unwrap());
        Server {
            child,
            port,
            key: parse_server_key(&key).unwrap(),
            greeting,
            errors,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// The next error line the server prints.
    fn next_error(&self) -> String {
        self.errors.recv_timeout(PATIENCE).expect("an error line")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(pipe: ChildStderr) -> Receiver<String> {
    let (send, receive) = channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { return };
            if send.send(line).is_err() {
                return;
            }
        }
    });
    receive
}

/// The 64 hex digits of the line `Server public key: `.
fn server_key_line(greeting: &str) -> String {
    let line = greeting
        .lines()
        .find_map(|line| line.strip_prefix("Server public key: "))
        .unwrap_or_else(|| panic!("no key line in {greeting}"));
    assert_eq!(line.len(), 64);
    assert!(
        line.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    );
    line.to_owned()
}

/// Runs the real client against `port`, pinning `key`.
fn client(port: u16, key: &str, args: &[&str]) -> Output {
    let port = port.to_string();
    let mut command = Command::new(example("client"));
    command
        .args(["--protocol", "nk", "--port", &port, "--server-key", key])
        .args(["--timeout", "10"])
        .args(args)
        .stdin(Stdio::null());
    output_within(command)
}

fn output_within(mut command: Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (send, receive) = channel();
    thread::spawn(move || send.send(child.wait_with_output().unwrap()));
    receive
        .recv_timeout(PATIENCE)
        .expect("the client ended in time")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A client built from the library: the handshake, over `stream`.
fn handshake(stream: &mut TcpStream, key: PublicKey) -> TransportState {
    let (first, handshake) = HandshakeState::nk_initiator(PROLOGUE, key)
        .write_message(b"")
        .unwrap();
    write_frame(stream, &first).unwrap();
    let (_, transport) = handshake
        .read_message(&read_frame(stream).unwrap())
        .unwrap();
    transport
}

/// True if the server closed `stream` without a reply.
fn closed(stream: &mut TcpStream) -> bool {
    match read_frame(stream) {
        Err(Error::ConnectionClosed { got: 0, .. }) => true,
        Err(Error::Io(err)) => err.kind() == ErrorKind::ConnectionReset,
        _ => false,
    }
}

#[test]
fn a_conversation_of_several_messages_each_answered() {
    let server = Server::start(&["--once"]);
    let key = server_key_line(&server.greeting);
    assert!(server.greeting.contains(&format!(
        "Connect with: cargo run --example client -- --port {} --protocol \
         nk --server-key {key}",
        server.port
    )));
    let run = client(
        server.port,
        &key,
        &["--message", "one", "--message", "two", "--message", "three"],
    );
    let out = text(&run.stdout);
    assert!(run.status.success(), "{}{out}", text(&run.stderr));
    for (n, word) in ["one", "two", "three"].iter().enumerate() {
        assert!(
            out.contains(&format!(
                "--- Message {} ---\nCounter n: {n}\n",
                n + 1
            ))
        );
        assert!(out.contains(&format!("Reply: \"Received: \\\"{word}\\\"\"")));
    }
    assert!(out.contains("Done: 3 messages sent, 3 replies verified."));
    let mut server = server;
    let status = server.child.wait().unwrap();
    assert!(status.success(), "--once ends well after a clean close");
}

#[test]
fn typed_lines_are_sent_one_by_one_until_the_input_ends() {
    let server = Server::start(&["--once"]);
    let key = hex::encode(server.key.as_bytes());
    let port = server.port.to_string();
    let mut command = Command::new(example("client"));
    command
        .args(["--protocol", "nk", "--port", &port, "--server-key", &key])
        .stdin(Stdio::piped());
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        b"first line\nsecond line\n",
    )
    .unwrap();
    let run = child.wait_with_output().unwrap();
    let out = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(out.contains("Reply: \"Received: \\\"second line\\\"\""));
    assert!(out.contains("Done: 2 messages sent, 2 replies verified."));
}

#[test]
fn a_wrong_pinned_key_is_refused_before_any_message_is_sent() {
    let server = Server::start(&[]);
    let other = hex::encode([9u8; 32]);
    let run = client(server.port, &other, &["--message", "secret"]);
    let (out, err) = (text(&run.stdout), text(&run.stderr));
    assert!(!run.status.success());
    assert!(err.contains("server authentication failed"), "{err}");
    assert!(!out.contains("--- Message 1 ---"), "{out}");
    assert!(!out.contains("secret"), "{out}");
    assert!(
        server
            .next_error()
            .contains("handshake message 1 did not verify"),
    );
    // And the right key still works.
    let good = hex::encode(server.key.as_bytes());
    assert!(
        client(server.port, &good, &["--message", "hi"])
            .status
            .success()
    );
}

#[test]
fn the_client_says_where_to_find_the_key_and_refuses_a_bad_one() {
    let mut command = Command::new(example("client"));
    command.args(["--protocol", "nk", "--message", "x"]);
    let err = text(&output_within(command).stderr);
    assert!(
        err.contains("--protocol nk needs --server-key HEX"),
        "{err}"
    );
    assert!(err.contains("Server public key: "), "{err}");
    let run = client(1, "abc", &[]);
    assert!(text(&run.stderr).contains("3 hex digits, not 64"));

    // A server that is not there: the hint starts it in the right mode.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let run = client(port, &"ab".repeat(32), &["--message", "x"]);
    let err = text(&run.stderr);
    assert!(
        err.contains(&format!(
            "start it with: cargo run --example server -- --port {port} \
             --protocol nk"
        )),
        "{err}"
    );
}

#[test]
fn changed_replayed_and_reflected_messages_are_refused_and_the_server_goes_on()
{
    let server = Server::start(&[]);

    // A bit flipped on the way.
    let mut stream = server.connect();
    let mut transport = handshake(&mut stream, server.key);
    let mut sealed = transport.write_message(b"Pay Bob 10").unwrap();
    sealed[3] ^= 1;
    write_frame(&mut stream, &sealed).unwrap();
    assert!(closed(&mut stream), "a changed message closes the session");
    assert!(server.next_error().contains("decryption failed"));

    // A message sent twice.
    let mut stream = server.connect();
    let mut transport = handshake(&mut stream, server.key);
    let sealed = transport.write_message(b"Pay Bob 10").unwrap();
    write_frame(&mut stream, &sealed).unwrap();
    let reply = read_frame(&mut stream).unwrap();
    assert_eq!(
        transport.read_message(&reply).unwrap(),
        b"Received: \"Pay Bob 10\""
    );
    write_frame(&mut stream, &sealed).unwrap();
    assert!(closed(&mut stream), "a replayed message closes the session");
    assert!(server.next_error().contains("decryption failed"));

    // The server's own reply sent back to it.
    let mut stream = server.connect();
    let mut transport = handshake(&mut stream, server.key);
    let sealed = transport.write_message(b"hello").unwrap();
    write_frame(&mut stream, &sealed).unwrap();
    let reply = read_frame(&mut stream).unwrap();
    write_frame(&mut stream, &reply).unwrap();
    assert!(
        closed(&mut stream),
        "a reflected message closes the session"
    );
    assert!(server.next_error().contains("decryption failed"));

    // The server still serves.
    let good = hex::encode(server.key.as_bytes());
    let run = client(server.port, &good, &["--message", "still there?"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
}

#[test]
fn a_message_over_the_noise_limit_is_refused_not_cut() {
    let server = Server::start(&[]);
    let key = hex::encode(server.key.as_bytes());
    let long = "x".repeat(65_536);
    let run =
        client(server.port, &key, &["--message", "ok", "--message", &long]);
    let err = text(&run.stderr);
    assert!(!run.status.success());
    assert!(err.contains("the message is 65536 bytes long"), "{err}");
    assert!(err.contains("at most 65519"), "{err}");
    assert!(
        !text(&run.stdout).contains("Handshake"),
        "refused before connecting"
    );

    // Typed, it is refused when its turn comes, after what came before.
    let port = server.port.to_string();
    let mut child = Command::new(example("client"))
        .args(["--protocol", "nk", "--port", &port, "--server-key", &key])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let typed = format!("ok\n{long}\n");
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        typed.as_bytes(),
    )
    .unwrap();
    let run = child.wait_with_output().unwrap();
    assert!(text(&run.stderr).contains("at most 65519"));
    assert!(text(&run.stdout).contains("--- Reply 1 ---"));
    assert!(!text(&run.stdout).contains("--- Message 2 ---"));

    // The longest that fits arrives whole.
    let longest = "y".repeat(65_535 - 16);
    let run = client(server.port, &key, &["--message", &longest]);
    assert!(run.status.success(), "{}", text(&run.stderr));
}

/// A fresh path in the system's temporary folder, removed when dropped.
struct TempPath(PathBuf);

impl TempPath {
    fn new(name: &str) -> TempPath {
        let path = std::env::temp_dir()
            .join(format!("protocol-nk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempPath(path)
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn key_file_server(path: &Path) -> Server {
    Server::start(&["--key-file", path.to_str().unwrap()])
}

#[test]
fn the_key_file_is_created_private_and_gives_the_same_key_again() {
    let file = TempPath::new("key");
    let first = key_file_server(&file.0);
    assert!(first.greeting.contains("(created)"), "{}", first.greeting);
    let key = first.key;
    drop(first);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file.0).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let contents = std::fs::read_to_string(&file.0).unwrap();
    assert_eq!(contents.len(), 65, "64 hex digits and a newline");
    let again = key_file_server(&file.0);
    assert!(again.greeting.contains("(loaded)"), "{}", again.greeting);
    assert_eq!(again.key, key);

    let fresh = Server::start(&[]);
    assert!(fresh.greeting.contains("new for this run"));
    assert_ne!(fresh.key, key);
}

#[cfg(unix)]
#[test]
fn a_key_file_others_may_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let file = TempPath::new("open-key");
    std::fs::write(&file.0, format!("{}\n", "11".repeat(32))).unwrap();
    std::fs::set_permissions(&file.0, PermissionsExt::from_mode(0o644))
        .unwrap();
    let mut command = Command::new(example("server"));
    command.args(["--protocol", "nk", "--port", "0", "--key-file"]);
    command.arg(&file.0);
    let run = output_within(command);
    let err = text(&run.stderr);
    assert!(!run.status.success());
    assert!(err.contains("others may read it (mode 644)"), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
}

#[test]
fn without_protocol_nk_the_programs_are_the_part_one_demo() {
    let mut command = Command::new(example("server"));
    command.args(["--key-file", "k"]);
    let err = text(&output_within(command).stderr);
    assert!(err.contains("add --protocol nk"), "{err}");
    let mut command = Command::new(example("client"));
    command.args(["--server-key", &"ab".repeat(32)]);
    let err = text(&output_within(command).stderr);
    assert!(err.contains("add --protocol nk"), "{err}");

    let mut server = Command::new(example("server"))
        .args(["--port", "0", "--once"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let port = first.trim().rsplit(':').next().unwrap().to_owned();
    let mut command = Command::new(example("client"));
    command.args(["--port", &port, "--message", "v1"]);
    let run = output_within(command);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("wire format v1 has no reply"));
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(server.wait().unwrap().success());
    assert!(!rest.contains("Server public key: "));
    assert!(rest.contains("Message: \"v1\""), "{rest}");
}

// ---------------------------------------------------------------------------
// The recordings the appendix shows: book/output/server_nk.txt and
// client_nk.txt, of one real run, checked as tests/book_output.rs checks
// Part I's (record anew with BLESS_BOOK_OUTPUT=1).

/// The values both sides print, which a class compares by eye.
const SAME_IN_BOTH_RECORDINGS: [&str; 5] = [
    "Client ephemeral key e",
    "Server ephemeral key e",
    "Handshake hash",
    "Key client to server",
    "Key server to client",
];

/// Masks what differs between runs: hex values and port numbers.
fn mask(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut words: Vec<&str> = line.split(' ').collect();
        // A check runs on a free port, a recording on the default one.
        if line.starts_with("Connect with: ")
            && let Some(at) = words.iter().position(|word| *word == "--port")
        {
            words.drain(at..(at + 2).min(words.len()));
        }
        let words: Vec<String> = words.into_iter().map(mask_word).collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

fn recorded(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("book/output")
        .join(name)
}

#[test]
fn the_recordings_of_a_conversation_match_a_real_run() {
    // A recording shows the default port, as a reader's run would.
    let blessing = std::env::var_os("BLESS_BOOK_OUTPUT").is_some();
    let port = if blessing { "65432" } else { "0" };
    let mut server = Command::new(example("server"))
        .args(["--protocol", "nk", "--port", port, "--once"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut server_text = String::new();
    while !server_text.ends_with("\n\n") {
        assert_ne!(out.read_line(&mut server_text).unwrap(), 0);
    }
    let first_line = server_text.lines().next().unwrap();
    let port: u16 = first_line.rsplit(':').next().unwrap().parse().unwrap();
    let key = server_key_line(&server_text);
    let messages = ["--message", "Hello, server!", "--message", "How are you?"];
    let run = client(port, &key, &messages);
    let client_text = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    out.read_to_string(&mut server_text).unwrap();
    assert!(server.wait().unwrap().success(), "{server_text}");

    for (name, actual) in [
        ("server_nk.txt", &server_text),
        ("client_nk.txt", &client_text),
    ] {
        let recording =
            std::fs::read_to_string(recorded(name)).unwrap_or_default();
        if mask(&recording) == mask(actual) {
            continue;
        }
        assert!(
            blessing,
            "book/output/{name} no longer matches a real run: record it anew \
             with BLESS_BOOK_OUTPUT=1 cargo test --test protocol_nk\n{}",
            mask(actual)
        );
        std::fs::write(recorded(name), actual).unwrap();
    }
    let server = std::fs::read_to_string(recorded("server_nk.txt")).unwrap();
    let client = std::fs::read_to_string(recorded("client_nk.txt")).unwrap();
    for label in SAME_IN_BOTH_RECORDINGS {
        assert_eq!(value(&client, label), value(&server, label), "{label}");
    }
}

#[test]
fn masking_hides_only_what_changes_between_runs() {
    assert_eq!(
        mask(
            "Connect with: cargo run --example client -- --port 4567 --protocol nk"
        ),
        "Connect with: cargo run --example client -- --protocol nk\n"
    );
    assert_eq!(
        mask("[client 1] Connected from 127.0.0.1:50412"),
        "[client 1] Connected from 127.0.0.1:PORT\n"
    );
    assert_eq!(mask("e (32 bytes): 7f...e2"), "e (32 bytes): xx...xx\n");
    assert_ne!(mask("Counter n: 0"), mask("Counter n: 1"));
}
