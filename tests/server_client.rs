//! The example programs `server` and `client`, run for real over loopback: what
//! a student sees in the two terminals, and what the server does with clients
//! that misbehave.
//!
//! The binaries are the ones `cargo test` builds from `examples/` before it runs
//! the tests. `cargo test --test server_client` on its own does not rebuild them,
//! so the tests stop with a one-line message if they are missing or older than
//! their sources. Every wait has a deadline, every address is 127.0.0.1, and
//! every process a test starts is killed when the test ends, pass or fail.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

use std::time::{Duration, Instant};

use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey, derive_key};
use secure_messaging::key_exchange::exchange_as_client;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::Envelope;

mod common;
use common::SAME_ON_BOTH_SIDES;
mod support;
use support::{Finished, PATIENCE, Process, poll};

/// The only address these tests use.
const LOCALHOST: &str = "127.0.0.1";

// ---------------------------------------------------------------------------
// The server and the clients

/// A server started on a free port (`--port 0`).
struct Server {
    process: Process,
    port: u16,
}

/// Starts the server with `--port 0` and `options`, and reads its first line,
/// `Server listening on 127.0.0.1:PORT`, to learn the port.
fn start_server(options: &[&str]) -> Server {
    let mut args = vec!["--port", "0"];
    args.extend_from_slice(options);
    let process = Process::spawn("server", &args, false);
    let first_line = poll(PATIENCE, || {
        let text = process.stdout.text();
        match text.find('\n') {
            Some(end) => Some(Ok(text[..end].to_owned())),
            None if process.stdout.is_closed() => Some(Err(())),
            None => None,
        }
    });
    let Some(Ok(first_line)) = first_line else {
        panic!(
            "the server did not say where it listens\n{}",
            process.output()
        );
    };
    let address = first_line
        .strip_prefix("Server listening on ")
        .unwrap_or_else(|| {
            panic!("unexpected first line from the server: {first_line:?}")
        });
    let address: SocketAddr = address
        .parse()
        .unwrap_or_else(|err| panic!("bad address in {first_line:?}: {err}"));
    let bind = options
        .iter()
        .position(|option| *option == "--bind")
        .map_or(LOCALHOST, |at| options[at + 1]);
    assert_eq!(address.ip().to_string(), bind, "{first_line}");
    assert_ne!(address.port(), 0, "{first_line}");
    Server {
        process,
        port: address.port(),
    }
}

impl Server {
    fn stdout(&self) -> String {
        self.process.stdout.text()
    }

    fn stderr(&self) -> String {
        self.process.stderr.text()
    }

    /// Waits until `check(stdout, stderr)` holds; fails with the server's output
    /// if it does not within the patience.
    fn wait_for(&self, what: &str, check: impl Fn(&str, &str) -> bool) {
        let exited = || {
            self.process.stdout.is_closed() && self.process.stderr.is_closed()
        };
        let found = poll(PATIENCE, || {
            let all_in = exited(); // before reading, so that nothing comes after
            if check(&self.stdout(), &self.stderr()) {
                Some(true)
            } else {
                all_in.then_some(false) // it will print nothing more
            }
        });
        if found != Some(true) {
            panic!(
                "the server did not print {what} (waited up to {PATIENCE:?})\n{}",
                self.process.output()
            );
        }
    }

    /// Waits for the whole Decryption Result block of client `number` with
    /// `message`.
    fn wait_for_success(&self, number: usize, message: &str) {
        let block = format!(
            "--- Decryption Result ---\n[client {number}] Message: {message:?}\n\
             [client {number}] SUCCESS: the tag verified and the message is \
             intact\n\n"
        );
        self.wait_for(&format!("{block:?}"), |stdout, _| {
            stdout.contains(&block)
        });
    }

    /// Waits for the error of client `number`, connected from `peer`, and
    /// checks it is one line on stderr, `[client N from ADDR] error: ...`.
    /// Returns what follows `error: `.
    fn error_of(&self, number: usize, peer: SocketAddr) -> String {
        let tag = format!("[client {number} from {peer}] error: ");
        self.wait_for(&format!("a line starting {tag:?}"), |_, stderr| {
            stderr.lines().any(|line| line.starts_with(&tag))
        });
        let stderr = self.stderr();
        let about_this_client: Vec<&str> = stderr
            .lines()
            .filter(|line| line.contains(&format!("[client {number} ")))
            .collect();
        assert_eq!(
            about_this_client.len(),
            1,
            "client {number} should get exactly one line on stderr\n{}",
            self.process.output()
        );
        let error = about_this_client[0][tag.len()..].to_owned();
        assert!(!error.is_empty(), "empty error for client {number}");
        error
    }

    /// Waits for the server to exit: only servers started with `--once` do.
    fn finish(&mut self) -> Finished {
        self.process.wait()
    }
}

/// Starts the client example against `port` with `options`; nothing on stdin.
fn spawn_client(port: u16, options: &[&str]) -> Process {
    let port = port.to_string();
    let mut args = vec!["--port", port.as_str()];
    args.extend_from_slice(options);
    Process::spawn("client", &args, false)
}

/// Starts the client example against `port` with no `--message`, so that it
/// prompts, and with its standard input piped for the test to type into.
fn prompted_client(port: u16) -> Process {
    Process::spawn("client", &["--port", &port.to_string()], true)
}

/// Runs the client example against `port` to the end.
fn run_client(port: u16, options: &[&str]) -> Finished {
    spawn_client(port, options).wait()
}

/// Runs an example with `args` to the end, with nothing on stdin.
fn run(name: &str, args: &[&str]) -> Finished {
    Process::spawn(name, args, false).wait()
}

/// Runs a good client that sends `message`, and checks that the server, whose
/// client number `number` it is, decrypts it.
fn good_client(server: &Server, number: usize, message: &str) {
    run_client(server.port, &["--message", message]).assert_success();
    server.wait_for_success(number, message);
}

/// A TCP connection to the server, with timeouts on reads and writes.
fn connect(port: u16) -> TcpStream {
    let stream =
        TcpStream::connect((LOCALHOST, port)).expect("connect to the server");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// A client the test plays itself with the library, to send what the client
/// example never would.
struct RawClient {
    stream: TcpStream,
    key: SessionKey,
    salt: Salt,
}

impl RawClient {
    /// Connects and does the key exchange and key derivation as a client does.
    fn handshake(port: u16) -> RawClient {
        let mut stream = connect(port);
        let key_pair = KeyPair::generate();
        let ours = key_pair.public_key();
        let theirs =
            exchange_as_client(&mut stream, &ours).expect("key exchange");
        let shared_secret =
            key_pair.diffie_hellman(&theirs).expect("shared secret");
        let salt = Salt::random();
        let key = derive_key(&shared_secret, &salt);
        RawClient { stream, key, salt }
    }

    /// Where the server sees this client come from.
    fn peer(&self) -> SocketAddr {
        self.stream.local_addr().unwrap()
    }

    /// Salt, nonce and the ciphertext length `len`, and nothing after.
    fn header_with_len(&self, len: u32) -> Vec<u8> {
        let mut bytes = self.salt.as_bytes().to_vec();
        bytes.extend_from_slice(Nonce::random().as_bytes());
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes
    }

    /// A whole correct envelope carrying `plaintext`, as bytes for the wire.
    fn envelope(&self, plaintext: &[u8]) -> Vec<u8> {
        let nonce = Nonce::random();
        let ciphertext =
            encrypt(&self.key, &nonce, plaintext).expect("encrypt");
        let envelope = Envelope {
            salt: self.salt,
            nonce,
            ciphertext,
        };
        envelope.to_bytes().expect("envelope")
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("send to the server");
    }
}

/// Where the ciphertext starts in an envelope: after salt, nonce and length.
const CIPHERTEXT_AT: usize = 32 + 12 + 4;

// ---------------------------------------------------------------------------
// Reading the narration

/// The heading lines, `--- Title ---` with whatever follows.
fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.starts_with("--- "))
        .collect()
}

/// The one line `label (N bytes): HEX`: returns N and HEX.
fn value_of(text: &str, label: &str) -> (usize, String) {
    let prefix = format!("{label} (");
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with(&prefix))
        .collect();
    assert_eq!(lines.len(), 1, "expected one {label:?} line in:\n{text}");
    let rest = &lines[0][prefix.len()..];
    let (len, hex) = rest
        .split_once(" bytes): ")
        .unwrap_or_else(|| panic!("malformed line {:?}", lines[0]));
    let len = len
        .parse()
        .unwrap_or_else(|_| panic!("bad length in {:?}", lines[0]));
    (len, hex.to_owned())
}

fn is_hex(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Short hex as the programs print it: first and last byte, `7f...e2`.
fn is_short_hex(text: &str) -> bool {
    text.len() == 7
        && is_hex(&text[..2])
        && &text[2..5] == "..."
        && is_hex(&text[5..])
}

/// Whether `line` fits `pattern`, in which `{hex}` stands for short hex, `{n}`
/// for a number, `{port}` for a port number and `{any}` for any text.
fn fits(pattern: &str, line: &str) -> bool {
    let Some(open) = pattern.find('{') else {
        return pattern == line;
    };
    let Some(line) = line.strip_prefix(&pattern[..open]) else {
        return false;
    };
    let close = open + pattern[open..].find('}').expect("closed placeholder");
    let (hole, rest) = (&pattern[open + 1..close], &pattern[close + 1..]);
    (0..=line.len())
        .filter(|&end| line.is_char_boundary(end))
        .any(|end| {
            let filling = &line[..end];
            let ok = match hole {
                "hex" => is_short_hex(filling),
                "n" => {
                    !filling.is_empty()
                        && filling.bytes().all(|b| b.is_ascii_digit())
                }
                "port" => filling.parse::<u16>().is_ok_and(|port| port != 0),
                "any" => true,
                _ => panic!("unknown placeholder {{{hole}}}"),
            };
            ok && fits(rest, &line[end..])
        })
}

/// The lines each block of the server's story has, in order.
fn server_block_lines(title: &str) -> &'static [&'static str] {
    match title {
        "Key Generation" => &[
            "Generated an X25519 key pair for this client; the private key stays in this program",
            "Server public key (32 bytes): {hex}",
        ],
        "Key Exchange" => &[
            "Connected from 127.0.0.1:{port}",
            "Received client public key (32 bytes): {hex}",
            "Sent server public key (32 bytes): {hex}",
        ],
        "Shared Secret" => &["Shared secret (32 bytes): {hex}"],
        "Key Derivation" => &[
            "Received salt (32 bytes): {hex}",
            "Info: secure-messaging/v1",
            "AES-256 key (32 bytes): {hex}",
        ],
        "Message Reception" => &[
            "Nonce (12 bytes): {hex}",
            "Ciphertext with tag ({n} bytes): {hex}",
        ],
        "Decryption Result" => &[
            "Message: \"{any}\"",
            "SUCCESS: the tag verified and the message is intact",
        ],
        _ => panic!("unexpected block title {title:?}"),
    }
}

/// The steps the server tells for a client whose message arrives intact.
const SERVER_STEPS: [&str; 6] = [
    "Key Generation",
    "Key Exchange",
    "Shared Secret",
    "Key Derivation",
    "Message Reception",
    "Decryption Result",
];

/// One block of the server's story: `--- Title ---`, then lines that each
/// start with `[client N] `, up to a blank line. `lines` are without the tag.
struct Block {
    title: String,
    client: usize,
    lines: Vec<String>,
}

/// Cuts the server's standard output into blocks, checking that it is nothing
/// but the listening line and whole blocks.
fn parse_blocks(stdout: &str) -> Vec<Block> {
    let mut lines = stdout.lines().peekable();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("Server listening on "),
        "first line {first:?}"
    );
    // With --port 0 the server says how to reach it.
    lines.next_if(|line| line.starts_with("Connect with: "));
    lines.next_if_eq(&""); // a blank line may set the first line apart
    let mut blocks = Vec::new();
    while let Some(heading) = lines.next() {
        let Some(title) = heading
            .strip_prefix("--- ")
            .and_then(|rest| rest.strip_suffix(" ---"))
        else {
            panic!(
                "expected a heading `--- Title ---`, got {heading:?} in:\n{stdout}"
            );
        };
        let title = title.to_owned();
        let mut client = None;
        let mut block_lines = Vec::new();
        loop {
            match lines.next() {
                Some("") => break,
                Some(line) => {
                    let (number, text) = line
                        .strip_prefix("[client ")
                        .and_then(|rest| rest.split_once("] "))
                        .and_then(|(n, text)| Some((n.parse::<usize>().ok()?, text)))
                        .unwrap_or_else(|| {
                            panic!("{line:?} in {heading:?} is not tagged [client N]")
                        });
                    assert!(
                        client.is_none_or(|c| c == number),
                        "the {heading:?} block mixes clients:\n{stdout}"
                    );
                    client = Some(number);
                    block_lines.push(text.to_owned());
                }
                None => panic!(
                    "the block {heading:?} does not end with a blank line"
                ),
            }
        }
        let client =
            client.unwrap_or_else(|| panic!("{heading:?} has no lines"));
        blocks.push(Block {
            title,
            client,
            lines: block_lines,
        });
    }
    blocks
}

// ---------------------------------------------------------------------------
// 1. The happy path

fn happy_path(full_hex: bool) {
    let hex_option: &[&str] = if full_hex { &["--full-hex"] } else { &[] };
    let mut server = start_server(&[&["--once"], hex_option].concat());
    let port = server.port;
    let client = run_client(
        port,
        &[&["--message", "Hello, server!"], hex_option].concat(),
    );
    client.assert_success();
    let served = server.finish();
    served.assert_success();
    let untagged = served.stdout.replace("[client 1] ", "");
    let (c, s) = (&client.stdout, &untagged);

    assert_eq!(
        headings(c),
        [
            "--- Key Generation ---",
            "--- Key Exchange ---",
            "--- Shared Secret ---",
            "--- Key Derivation ---",
            "--- Message Encryption ---",
        ],
        "client output:\n{c}"
    );
    assert_eq!(
        s.lines().next(),
        Some(format!("Server listening on 127.0.0.1:{port}").as_str())
    );
    let expected: Vec<String> = SERVER_STEPS
        .iter()
        .map(|title| format!("--- {title} ---"))
        .collect();
    assert_eq!(headings(s), expected, "server output:\n{s}");
    assert!(
        s.lines().any(|line| line == "Message: \"Hello, server!\""),
        "{s}"
    );
    assert!(s.lines().any(|line| line.starts_with("SUCCESS")), "{s}");
    assert!(
        c.lines()
            .any(|line| line == "Message: \"Hello, server!\" (14 bytes)"),
        "{c}"
    );
    assert!(
        c.lines()
            .any(|line| line == format!("Connected to 127.0.0.1:{port}")),
        "{c}"
    );
    assert!(client.stderr.is_empty() && served.stderr.is_empty());

    // The same values on both sides, in the form asked for.
    let pairs = [("Client public key", "Received client public key")];
    for (client_label, server_label) in pairs.iter().chain(&SAME_ON_BOTH_SIDES)
    {
        let (len, sent) = value_of(c, client_label);
        let (server_len, received) = value_of(s, server_label);
        assert_eq!(
            (len, &sent),
            (server_len, &received),
            "{client_label} on the client vs {server_label} on the server"
        );
        if full_hex {
            assert!(
                is_hex(&sent) && sent.len() == 2 * len,
                "{client_label}: {sent:?} is not {len} bytes of full hex"
            );
        } else {
            assert!(is_short_hex(&sent), "{client_label}: {sent:?}");
        }
    }
    for (label, len) in [
        ("Shared secret", 32),
        ("AES-256 key", 32),
        ("Random salt", 32),
    ] {
        assert_eq!(value_of(c, label).0, len, "{label}");
    }
    assert_eq!(value_of(c, "Ciphertext with tag").0, 14 + 16);
    if full_hex {
        assert_eq!(value_of(c, "Shared secret").1.len(), 64);
        assert_ne!(
            value_of(c, "Shared secret").1,
            value_of(c, "AES-256 key").1,
            "the key must be derived from the secret, not be the secret"
        );
    }
}

#[test]
fn both_sides_agree_and_tell_every_step_in_short_hex() {
    happy_path(false);
}

#[test]
fn both_sides_agree_and_tell_every_step_in_full_hex() {
    happy_path(true);
}

// ---------------------------------------------------------------------------
// 2. The prompt

#[test]
fn without_message_the_client_asks_for_one_after_key_derivation() {
    let server = start_server(&["--once"]);
    let mut client = prompted_client(server.port);
    let prompt = "Enter message to send: ";
    // The prompt shows before anything is typed.
    let shown = poll(PATIENCE, || {
        let all_in = client.stdout.is_closed();
        if client.stdout.text().contains(prompt) {
            Some(true)
        } else {
            all_in.then_some(false)
        }
    });
    assert!(
        shown == Some(true),
        "no prompt while the client waits\n{}",
        client.output()
    );
    let mut stdin = client.child.stdin.take().expect("piped stdin");
    stdin.write_all(b"typed at the prompt\n").unwrap();
    drop(stdin);
    let done = client.wait();
    done.assert_success();

    let out = &done.stdout;
    let prompt_at = out.find(prompt).unwrap();
    let derivation_at = out.find("--- Key Derivation ---\n").expect(out);
    let key_line_at = out.find("AES-256 key (32 bytes): ").expect(out);
    let encryption_at = out.find("--- Message Encryption ---").expect(out);
    assert!(
        derivation_at < key_line_at
            && key_line_at < prompt_at
            && prompt_at < encryption_at,
        "the prompt should come after the Key Derivation block:\n{out}"
    );
    assert!(
        out.contains("Message: \"typed at the prompt\" (19 bytes)"),
        "{out}"
    );
    server.wait_for_success(1, "typed at the prompt");
}

#[test]
fn without_message_and_with_stdin_closed_the_client_says_how_to_give_one() {
    let server = start_server(&["--once"]);
    let mut client = prompted_client(server.port);
    drop(client.child.stdin.take()); // closed before any line
    let done = client.wait();
    let line = done.one_line_error();
    assert!(line.contains("--message"), "{line}");
    assert!(!done.stdout.contains("--- Message Encryption ---"));
}

// ---------------------------------------------------------------------------
// 3. No server

#[test]
fn with_no_server_the_client_says_to_start_one() {
    let port = {
        let listener = TcpListener::bind((LOCALHOST, 0)).unwrap();
        listener.local_addr().unwrap().port()
    }; // dropped: nothing listens there any more
    let done = run_client(port, &["--message", "nobody hears this"]);
    let line = done.one_line_error();
    assert!(
        line.contains(
            "is the server running? start it with: cargo run --example server"
        ),
        "{line}"
    );
    assert!(line.contains(&format!("127.0.0.1:{port}")), "{line}");
}

#[test]
fn with_no_server_on_another_machine_the_client_says_to_bind_it() {
    let port = {
        let listener = TcpListener::bind((LOCALHOST, 0)).unwrap();
        listener.local_addr().unwrap().port()
    };
    // 127.0.0.2 is this machine too, but not the address the server listens
    // on by default: as for a student whose teacher forgot `--bind 0.0.0.0`.
    let done = run_client(port, &["--host", "127.0.0.2", "--message", "hi"]);
    let line = done.one_line_error();
    assert!(
        line.contains(&format!(
            "cargo run --example server -- --bind 0.0.0.0 --port {port}"
        )) && line.contains("firewall"),
        "{line}"
    );
}

#[test]
fn the_classroom_variant_serves_clients_that_come_from_elsewhere() {
    // With `--bind 0.0.0.0` the server answers on every address of the
    // machine, 127.0.0.2 included, as it would on the teacher's LAN address.
    let server = start_server(&["--bind", "0.0.0.0"]);
    let port = server.port.to_string();
    let done = run(
        "client",
        &[
            "--host",
            "127.0.0.2",
            "--port",
            &port,
            "--message",
            "from row 3",
        ],
    );
    done.assert_success();
    server.wait_for_success(1, "from row 3");
    assert!(
        done.stdout
            .contains(&format!("Connected to 127.0.0.2:{port}")),
        "{}",
        done.stdout
    );
}

// ---------------------------------------------------------------------------
// 4. A server that sends a low-order public key

#[test]
fn the_client_refuses_a_low_order_server_key() {
    let listener = TcpListener::bind((LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut client = spawn_client(port, &["--message", "never sent"]);
    listener.set_nonblocking(true).unwrap();
    let accepted = poll(PATIENCE, || match listener.accept() {
        Ok((stream, _)) => Some(stream),
        Err(err) if err.kind() == ErrorKind::WouldBlock => None,
        Err(err) => panic!("accept: {err}"),
    });
    let mut stream =
        accepted.unwrap_or_else(|| panic!("the client never connected"));
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut client_key = [0u8; 32];
    stream
        .read_exact(&mut client_key)
        .expect("the client's key");
    stream.write_all(&[0u8; 32]).unwrap(); // a low-order point

    let done = client.wait();
    let line = done.one_line_error();
    assert!(line.contains("low-order"), "{line}");
    assert!(
        !done.stdout.contains("--- Shared Secret ---"),
        "{}",
        done.stdout
    );
    let (_, printed_key) = value_of(&done.stdout, "Client public key");
    assert_eq!(
        printed_key,
        format!("{:02x}...{:02x}", client_key[0], client_key[31])
    );
    // Nothing more came: no salt, no message.
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).expect("the client closes");
    assert!(
        rest.is_empty(),
        "the client sent {} more bytes after refusing the key",
        rest.len()
    );
}

// ---------------------------------------------------------------------------
// 5. Bad input against one long-running server

#[test]
fn the_server_reports_each_bad_client_on_one_line_and_keeps_serving() {
    let server = start_server(&["--timeout", "5"]);
    let port = server.port;
    // The server numbers clients in the order it accepts them; each bad client
    // below is followed by a good one, so bad client k (from 0) is 2k + 1.

    // (a) Connect and close at once.
    let peer = connect(port).local_addr().unwrap();
    let error = server.error_of(1, peer);
    assert!(
        error.contains("the client's public key")
            && error.contains("got 0 of 32 bytes"),
        "{error}"
    );
    good_client(&server, 2, "after (a) connect and close");

    // (b) Five bytes of a public key, then close.
    let mut stream = connect(port);
    let peer = stream.local_addr().unwrap();
    stream.write_all(&[1, 2, 3, 4, 5]).unwrap();
    drop(stream);
    let error = server.error_of(3, peer);
    assert!(
        error.contains("the client's public key")
            && error.contains("got 5 of 32 bytes"),
        "{error}"
    );
    good_client(&server, 4, "after (b) five bytes");

    // (c) Something that is not this protocol at all.
    let garbage: Vec<u8> =
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n"
            .iter()
            .copied()
            .cycle()
            .take(100)
            .collect();
    let mut stream = connect(port);
    let peer = stream.local_addr().unwrap();
    stream.write_all(&garbage).unwrap();
    drop(stream);
    server.error_of(5, peer);
    good_client(&server, 6, "after (c) garbage");

    // (d) A low-order public key.
    let mut stream = connect(port);
    let peer = stream.local_addr().unwrap();
    stream.write_all(&[0u8; 32]).unwrap();
    let error = server.error_of(7, peer);
    assert!(error.contains("low-order"), "{error}");
    drop(stream);
    good_client(&server, 8, "after (d) low-order key");
    // Client 8's blocks came after client 7's error: had client 7 got a Shared
    // Secret block, it would be in the output by now.
    let stdout = server.stdout();
    assert!(stdout.contains("[client 7] Connected from"), "{stdout}");
    for step in ["Shared Secret", "Key Derivation"] {
        assert!(
            !parse_blocks(&stdout)
                .iter()
                .any(|block| block.client == 7 && block.title == step),
            "no {step} for a low-order key:\n{stdout}"
        );
    }

    // (e) A length of 4 GiB, and no bytes after it: refused at once, not after
    // waiting (the timeout is 5 s) for bytes that never come.
    let mut raw = RawClient::handshake(port);
    let header = raw.header_with_len(u32::MAX);
    raw.send(&header);
    let sent = Instant::now();
    let error = server.error_of(9, raw.peer());
    let took = sent.elapsed();
    assert!(
        error.contains("refused a ciphertext length of 4294967295 bytes"),
        "{error}"
    );
    assert!(
        took < Duration::from_millis(2500),
        "the server took {took:?} to refuse a 4 GiB length: it should refuse it before \
         reading the ciphertext"
    );
    drop(raw);
    good_client(&server, 10, "after (e) 4 GiB length");

    // (f) A length shorter than the tag.
    let mut raw = RawClient::handshake(port);
    let header = raw.header_with_len(15);
    raw.send(&header);
    let error = server.error_of(11, raw.peer());
    assert!(
        error.contains("refused a ciphertext length of 15 bytes")
            && error.contains("16"),
        "{error}"
    );
    drop(raw);
    good_client(&server, 12, "after (f) length 15");

    // (g) One flipped bit: the tag does not verify, and not a byte of the
    // plaintext shows. Flipping the first ciphertext byte would change only the
    // first letter of a leaked plaintext, so look for its tail too.
    let secret = "periwinkle-walrus-7731 meets at noon";
    let mut raw = RawClient::handshake(port);
    let mut envelope = raw.envelope(secret.as_bytes());
    envelope[CIPHERTEXT_AT] ^= 0x01;
    raw.send(&envelope);
    let error = server.error_of(13, raw.peer());
    assert!(error.contains("the tag did not verify"), "{error}");
    drop(raw);
    good_client(&server, 14, "after (g) flipped bit");

    // (h) Correctly encrypted, but not UTF-8.
    let mut raw = RawClient::handshake(port);
    let envelope = raw.envelope(&[0xff, 0xfe, 0xfd]);
    raw.send(&envelope);
    let error = server.error_of(15, raw.peer());
    assert!(error.contains("UTF-8"), "{error}");
    drop(raw);
    good_client(&server, 16, "after (h) not UTF-8");

    // Eight bad clients, eight lines on stderr, each tagged; eight successes.
    let (stdout, stderr) = (server.stdout(), server.stderr());
    for leaked in [secret, "walrus-7731", "meets at noon"] {
        assert!(
            !stdout.contains(leaked) && !stderr.contains(leaked),
            "the server showed {leaked:?} from a message that did not verify"
        );
    }
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 8, "one line per bad client:\n{stderr}");
    for (k, line) in lines.iter().enumerate() {
        let pattern = format!(
            "[client {} from 127.0.0.1:{{port}}] error: {{any}}",
            2 * k + 1
        );
        assert!(fits(&pattern, line), "{line:?} is not {pattern:?}");
    }
    let successes = stdout
        .lines()
        .filter(|line| line.contains("] SUCCESS: "))
        .count();
    assert_eq!(successes, 8, "{stdout}");
}

// ---------------------------------------------------------------------------
// 6. A client that stalls

#[test]
fn a_stalled_client_neither_holds_up_others_nor_stays_forever() {
    let server = start_server(&["--timeout", "3"]);
    let port = server.port;
    let mut stalled = connect(port); // client 1: sends nothing
    let stalled_since = Instant::now();
    let stalled_peer = stalled.local_addr().unwrap();

    good_client(&server, 2, "while client 1 stalls");
    let waited = stalled_since.elapsed();
    assert!(
        waited < Duration::from_secs(3),
        "client 2 was served {waited:?} after client 1 stalled: it waited for the stall"
    );
    assert!(
        !server.stderr().contains("timed out"),
        "{}",
        server.stderr()
    );

    let error = server.error_of(1, stalled_peer);
    let waited = stalled_since.elapsed();
    assert_eq!(error, "timed out waiting for the client's public key");
    assert!(
        waited >= Duration::from_millis(2900),
        "the server gave up on the stalled client after {waited:?}, before its 3 s timeout"
    );
    // The server let go of the connection.
    let mut byte = [0u8; 1];
    match stalled.read(&mut byte) {
        Ok(0) => {}
        Err(err) if err.kind() == ErrorKind::ConnectionReset => {}
        other => {
            panic!("the stalled connection should be closed, got {other:?}")
        }
    }

    good_client(&server, 3, "after client 1 timed out");
}

// ---------------------------------------------------------------------------
// 7. Many clients at once

#[test]
fn many_clients_at_once_each_get_whole_blocks_in_order() {
    const CLIENTS: usize = 24;
    let server = start_server(&[]);
    let messages: Vec<String> = (1..=CLIENTS)
        .map(|i| format!("message {i:02} of {CLIENTS}, sent all at once"))
        .collect();
    let mut clients: Vec<Process> = messages
        .iter()
        .map(|message| spawn_client(server.port, &["--message", message]))
        .collect();
    for (client, message) in clients.iter_mut().zip(&messages) {
        let done = client.wait();
        done.assert_success();
        assert!(
            done.stdout.contains(&format!(
                "Message: {message:?} ({} bytes)",
                message.len()
            )),
            "{}",
            done.stdout
        );
    }
    server.wait_for(&format!("{CLIENTS} SUCCESS lines"), |stdout, _| {
        stdout
            .lines()
            .filter(|line| line.contains("] SUCCESS: "))
            .count()
            == CLIENTS
    });
    let stdout = server.stdout();
    assert_eq!(server.stderr(), "", "no errors expected");

    let blocks = parse_blocks(&stdout);
    for block in &blocks {
        let expected = server_block_lines(&block.title);
        assert!(
            block.lines.len() == expected.len()
                && block
                    .lines
                    .iter()
                    .zip(expected)
                    .all(|(line, pattern)| fits(pattern, line)),
            "the {} block of client {} should be {expected:#?}, got {:#?}",
            block.title,
            block.client,
            block.lines
        );
    }
    let mut by_client: BTreeMap<usize, Vec<&Block>> = BTreeMap::new();
    for block in &blocks {
        by_client.entry(block.client).or_default().push(block);
    }
    assert_eq!(
        by_client.keys().copied().collect::<Vec<_>>(),
        (1..=CLIENTS).collect::<Vec<_>>()
    );
    let mut received = Vec::new();
    for (client, story) in &by_client {
        let titles: Vec<&str> =
            story.iter().map(|block| block.title.as_str()).collect();
        assert_eq!(titles, SERVER_STEPS, "the steps of client {client}");
        let message = story[5].lines[0]
            .strip_prefix("Message: \"")
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap()
            .to_owned();
        let (len, _) = value_of(&story[4].lines[1], "Ciphertext with tag");
        assert_eq!(
            len,
            message.len() + 16,
            "client {client}: its ciphertext and its message do not match"
        );
        received.push(message);
    }
    received.sort();
    assert_eq!(received, messages, "every message, once");
}

// ---------------------------------------------------------------------------
// 8. Help and typos

#[test]
fn help_lists_every_option_and_a_typo_says_to_run_help() {
    let programs: [(&str, &[&str]); 2] = [
        (
            "server",
            &["--bind", "--port", "--once", "--timeout", "--full-hex"],
        ),
        ("client", &["--host", "--port", "--message", "--full-hex"]),
    ];
    for (name, options) in programs {
        let help = run(name, &["--help"]);
        help.assert_success();
        assert_eq!(help.stderr, "");
        for option in options {
            assert!(
                help.stdout.lines().any(|line| {
                    let line = line.trim_start();
                    line.strip_prefix(option).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with(' ')
                    })
                }),
                "{name} --help does not list {option}:\n{}",
                help.stdout
            );
        }

        let typo = run(name, &["--prot", "1"]);
        let line = typo.one_line_error();
        assert!(
            line.contains("run with --help") && line.contains("--prot"),
            "{name}: {line}"
        );
        assert_eq!(typo.stdout, "", "{name} should do nothing on a typo");
    }
}

// ---------------------------------------------------------------------------
// 9. --once and a message that fails

#[test]
fn once_exits_non_zero_when_the_message_does_not_verify() {
    let mut server = start_server(&["--once"]);
    let mut raw = RawClient::handshake(server.port);
    let mut envelope = raw.envelope(b"changed on the way");
    let last = envelope.len() - 1;
    envelope[last] ^= 0x80; // a bit of the tag
    raw.send(&envelope);
    let peer = raw.peer();
    let done = server.finish();
    let line = done.one_line_error();
    assert!(
        line.contains(&format!("[client 1 from {peer}] error: ")),
        "{line}"
    );
    assert!(line.contains("the tag did not verify"), "{line}");
    assert!(!done.stdout.contains("SUCCESS"), "{}", done.stdout);
}

// ---------------------------------------------------------------------------
// 10. A port that is taken

#[test]
fn a_server_on_a_taken_port_says_what_to_do() {
    let taken = TcpListener::bind((LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let done = run("server", &["--port", &port]);
    let line = done.one_line_error();
    assert!(
        line.contains(&format!("could not listen on 127.0.0.1:{port}"))
            && line.contains("is another server running?")
            && line.contains("--port 0"),
        "{line}"
    );
}
