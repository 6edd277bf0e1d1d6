//! The man in the middle, end to end over loopback, between the real server
//! and client that `cargo test` builds from `examples/`: it reads the
//! client's message, the server accepts it (or Mallory's replacement), and
//! only the keys on the two terminals tell. Also: the low-order point, which
//! both real programs refuse, and bad clients, which do not stop the mitm.
//!
//! The book shows one three-terminal run, recorded in
//! `book/output/mitm_*.txt`; this test checks it against a real run, and
//! records it anew with `BLESS_BOOK_OUTPUT=1 cargo test --test mitm`.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

#[allow(dead_code)] // only its `example` is used here
mod common;
mod support;
use support::{PATIENCE, Process, poll, send_message};

/// The message the recorded client run types at its prompt.
const TYPED_MESSAGE: &str = "Meet me at noon";

/// Starts `name` with `args` and reads the port from its first line, which
/// ends with `127.0.0.1:PORT` or `127.0.0.1:PORT, forwarding to ...`.
fn start(name: &str, args: &[&str], prefix: &str) -> (Process, String) {
    let process = Process::spawn(name, args, false);
    process.wait_for_stdout(prefix);
    let text = process.stdout.text();
    let port = text
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .map(|rest| rest.split(',').next().unwrap().trim().to_owned())
        .unwrap_or_else(|| panic!("no port in {text:?}"));
    (process, port)
}

fn start_server(args: &[&str]) -> (Process, String) {
    start("server", args, "Server listening on 127.0.0.1:")
}

fn start_mitm(server_port: &str, args: &[&str]) -> (Process, String) {
    let to = format!("127.0.0.1:{server_port}");
    let mut all = vec!["--to", to.as_str()];
    all.extend_from_slice(args);
    if !all.contains(&"--port") {
        all.extend_from_slice(&["--port", "0"]);
    }
    start("mitm", &all, "Man in the middle listening on 127.0.0.1:")
}

/// The values of the lines `LABEL (N bytes): VALUE` in `text`, whatever
/// `[client 1...] ` tag comes first.
fn values(text: &str, label: &str) -> Vec<String> {
    let prefix = format!("{label} (");
    text.lines()
        .map(|line| match line.strip_prefix('[') {
            Some(rest) => rest.split_once("] ").map_or(line, |(_, l)| l),
            None => line,
        })
        .filter(|line| line.starts_with(&prefix))
        .filter_map(|line| line.split_once("): ").map(|(_, v)| v.to_owned()))
        .collect()
}

/// The one value labelled `label` on the lines tagged `tag` (or untagged).
fn value(text: &str, tag: &str, label: &str) -> String {
    let lines: String = text
        .lines()
        .filter(|line| tag.is_empty() || line.starts_with(&format!("[{tag}] ")))
        .map(|line| format!("{line}\n"))
        .collect();
    let found = values(&lines, label);
    assert_eq!(found.len(), 1, "one {label:?} for {tag:?} in:\n{text}");
    found[0].clone()
}

/// Masks what differs between runs: hex values and port numbers (as
/// tests/book_output.rs does for the other recordings).
fn mask(text: &str) -> String {
    let is_hex =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    let word = |word: &str| -> String {
        let bare = word.trim_end_matches(',');
        if let Some((host, port)) = bare.rsplit_once(':')
            && host.ends_with("127.0.0.1")
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
        {
            return format!("{host}:PORT{}", &word[bare.len()..]);
        }
        match word.split_once("...") {
            Some((a, b))
                if a.len() == 2 && b.len() == 2 && is_hex(a) && is_hex(b) =>
            {
                "xx...xx".into()
            }
            _ if word.len() >= 16 && is_hex(word) => "x".repeat(word.len()),
            // Safety numbers: groups of five digits.
            _ if word.len() == 5
                && word.bytes().all(|b| b.is_ascii_digit()) =>
            {
                "ddddd".into()
            }
            _ => word.to_owned(),
        }
    };
    text.lines()
        .map(|line| line.split(' ').map(word).collect::<Vec<_>>().join(" "))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn recording(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("book/output")
        .join(name)
}

/// The three recordings of one run, checked (or recorded anew) together.
fn check_recordings(runs: &[(&str, &str)]) {
    let read =
        |name| std::fs::read_to_string(recording(name)).unwrap_or_default();
    if runs
        .iter()
        .all(|(name, run)| mask(&read(name)) == mask(run))
    {
        return;
    }
    if std::env::var_os("BLESS_BOOK_OUTPUT").is_some() {
        for (name, run) in runs {
            eprintln!("recorded book/output/{name}");
            std::fs::write(recording(name), run).unwrap();
        }
        return;
    }
    for (name, run) in runs {
        assert_eq!(
            mask(&read(name)),
            mask(run),
            "book/output/{name} no longer matches a real run: record it anew \
             with BLESS_BOOK_OUTPUT=1 cargo test --test mitm, and reread the \
             chapter"
        );
    }
}

/// Checks what the three terminals of one run show; returns nothing, panics
/// with the outputs on any difference.
fn check_three_terminals(client: &str, mitm: &str, server: &str, sent: &str) {
    let side = |side: &str| format!("client 1, toward {side}");
    // Mallory read the message and the server accepted what she forwarded.
    assert!(
        mitm.contains(&format!("Intercepted message: {TYPED_MESSAGE:?}")),
        "{mitm}"
    );
    assert!(server.contains(&format!("Message: {sent:?}")), "{server}");
    assert!(server.contains("SUCCESS"), "{server}");
    // Each side agreed on a key with Mallory, not with the other side.
    let client_sent = value(client, "", "Sent client public key");
    let client_got = value(client, "", "Received server public key");
    let server_sent = value(server, "client 1", "Sent server public key");
    let server_got = value(server, "client 1", "Received client public key");
    assert_ne!(
        client_got, server_sent,
        "the server's key reached the client"
    );
    assert_ne!(
        server_got, client_sent,
        "the client's key reached the server"
    );
    assert_eq!(
        value(mitm, &side("client"), "Received client public key"),
        client_sent
    );
    assert_eq!(
        value(mitm, &side("client"), "Sent in place of the server's key"),
        client_got
    );
    assert_eq!(
        value(mitm, &side("server"), "Received server public key"),
        server_sent
    );
    let client_secret = value(client, "", "Shared secret");
    let server_secret = value(server, "client 1", "Shared secret");
    assert_ne!(client_secret, server_secret);
    assert_eq!(value(mitm, &side("client"), "Shared secret"), client_secret);
    assert_eq!(value(mitm, &side("server"), "Shared secret"), server_secret);
    // What a class might compare instead, and which proves nothing: the salt
    // and the nonce are the same on both terminals.
    assert_eq!(
        value(client, "", "Random salt"),
        value(server, "client 1", "Received salt")
    );
    assert_eq!(
        value(client, "", "Random nonce"),
        value(server, "client 1", "Nonce")
    );
    assert!(mitm.contains("They differ"), "{mitm}");
}

#[test]
fn the_mitm_reads_the_message_and_only_the_keys_betray_it() {
    // Free ports, as other tests (or a demo) may hold the default ones.
    let (mut server, server_port) = start_server(&["--port", "0", "--once"]);
    let (mitm, mitm_port) = start_mitm(&server_port, &[]);

    let mut client = Process::spawn("client", &["--port", &mitm_port], true);
    client.type_line(TYPED_MESSAGE);
    let client = client.wait();
    client.assert_success();
    let server = server.wait();
    server.assert_success();
    mitm.wait_for_stdout("They differ");
    let mitm_text = mitm.stdout.text();
    assert_eq!(mitm.stderr.text(), "", "the mitm printed an error");

    // In a terminal the typed message shows after the prompt.
    let prompt = "Enter message to send: ";
    let client_text = client.stdout.replacen(
        &format!("{prompt}\n"),
        &format!("{prompt}{TYPED_MESSAGE}\n"),
        1,
    );
    assert!(client_text.contains("Sent. The server closed the connection"));
    check_three_terminals(
        &client_text,
        &mitm_text,
        &server.stdout,
        TYPED_MESSAGE,
    );
    // A recording shows the default ports, as a reader's run would; ports
    // are masked when it is checked. On its default port the server prints
    // no "Connect with:" line, which it prints on a free one.
    let defaults = |text: &str| {
        text.lines()
            .filter(|line| !line.starts_with("Connect with: "))
            .map(|line| format!("{line}\n"))
            .collect::<String>()
            .replace(&format!("127.0.0.1:{server_port}"), "127.0.0.1:65432")
            .replace(&format!("127.0.0.1:{mitm_port}"), "127.0.0.1:65433")
    };
    check_recordings(&[
        ("mitm_client.txt", &defaults(&client_text)),
        ("mitm.txt", &defaults(&mitm_text)),
        ("mitm_server.txt", &defaults(&server.stdout)),
    ]);
    // The book's recordings are of one run, with all the above true of it.
    let read = |name| std::fs::read_to_string(recording(name)).unwrap();
    check_three_terminals(
        &read("mitm_client.txt"),
        &read("mitm.txt"),
        &read("mitm_server.txt"),
        TYPED_MESSAGE,
    );
}

#[test]
fn with_replace_the_server_prints_mallorys_text() {
    let (server, server_port) = start_server(&["--port", "0"]);
    let replacement = "Meet me at the back door";
    let (mitm, mitm_port) =
        start_mitm(&server_port, &["--replace", replacement]);
    for round in 1..=2 {
        let message = format!("{TYPED_MESSAGE}, round {round}");
        send_message(&mitm_port, &message);
        mitm.wait_for_stdout(&format!("Intercepted message: {message:?}"));
    }
    mitm.wait_for_stdout(&format!("Replaced it with: {replacement:?}"));
    let count = || {
        let text = server.stdout.text();
        let line = format!("Message: {replacement:?}");
        (text.matches(&line).count() == 2).then_some(())
    };
    assert!(poll(PATIENCE, count).is_some(), "{}", server.output());
    assert!(!server.stdout.text().contains(TYPED_MESSAGE));
}

#[test]
fn with_low_order_both_real_programs_refuse_and_the_mitm_says_so() {
    let (server, server_port) = start_server(&["--port", "0"]);
    let (mitm, mitm_port) = start_mitm(&server_port, &["--low-order"]);
    let client = Process::spawn(
        "client",
        &["--port", &mitm_port, "--message", TYPED_MESSAGE],
        false,
    )
    .wait();
    let line = client.one_line_error();
    assert!(line.contains("refused the server's public key"), "{line}");
    assert!(line.contains("low-order point"), "{line}");

    mitm.wait_for_stdout("The server hung up");
    let text = mitm.stdout.text();
    assert!(
        text.contains(
            "The client hung up without sending a message: it refused the \
             low-order point"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "The server hung up before any message: it refused the \
             low-order point"
        ),
        "{text}"
    );
    assert!(!text.contains("Intercepted message"), "{text}");
    let refused = poll(PATIENCE, || {
        let stderr = server.stderr.text();
        stderr
            .contains("error: the peer's public key is a low-order point")
            .then_some(())
    });
    assert!(refused.is_some(), "{}", server.output());
}

#[test]
fn bad_clients_do_not_stop_the_mitm_serving_the_next() {
    let (server, server_port) = start_server(&["--port", "0"]);
    let (mitm, mitm_port) = start_mitm(&server_port, &["--timeout", "1"]);
    let cases = [
        ("short-key", "(got 5 of 32 bytes)"),
        ("zero-key", "low-order point"),
        ("huge-length", "4294967295"),
        ("flipped-bit", "decryption failed"),
        ("silent", "timed out"),
    ];
    for (number, (case, expected)) in (1..).step_by(2).zip(cases) {
        Process::spawn("bad_client", &[case, "--port", &mitm_port], false)
            .wait()
            .assert_success();
        let tag = format!("[client {number} from 127.0.0.1:");
        let line = poll(PATIENCE, || {
            let stderr = mitm.stderr.text();
            let line = stderr.lines().find(|line| line.starts_with(&tag));
            line.map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("{case}: no error line\n{}", mitm.output()));
        assert!(line.contains(expected), "{case}: {line}");

        let message = format!("good after {case}");
        send_message(&mitm_port, &message);
        mitm.wait_for_stdout(&format!("Intercepted message: {message:?}"));
        server.wait_for_stdout(&format!("Message: {message:?}"));
    }
    assert_eq!(mitm.stderr.text().lines().count(), cases.len());
}

#[test]
fn help_shows_the_options_and_a_bad_target_gets_one_line() {
    let help = Process::spawn("mitm", &["--help"], false).wait();
    help.assert_success();
    assert!(help.stdout.starts_with("Usage: cargo run --example mitm "));
    for option in [
        "--port N",
        "--to HOST:PORT",
        "--replace TEXT",
        "--low-order",
        "--timeout SECS",
        "--full-hex",
        "-h, --help",
    ] {
        assert!(help.stdout.contains(&format!("  {option} ")), "{option}");
    }
    let bad =
        Process::spawn("mitm", &["--port", "0", "--to", "nowhere"], false)
            .wait();
    let line = bad.one_line_error();
    assert!(line.contains("give HOST:PORT"), "{line}");
    let both = ["--port", "0", "--low-order", "--replace", "x"];
    let line = Process::spawn("mitm", &both, false).wait();
    assert!(line.one_line_error().contains("use one or the other"));
}

#[test]
fn clients_are_served_at_once_while_a_silent_one_waits() {
    let (server, server_port) = start_server(&["--port", "0"]);
    let (mitm, mitm_port) = start_mitm(&server_port, &["--timeout", "3"]);
    // The silent client holds its connection until the mitm's deadline.
    let mut silent =
        Process::spawn("bad_client", &["silent", "--port", &mitm_port], false);
    silent.wait_for_stdout("Sending nothing from");
    let clients: Vec<Process> = (1..=4)
        .map(|n| {
            let message = format!("at once {n}");
            Process::spawn(
                "client",
                &["--port", &mitm_port, "--message", &message],
                false,
            )
        })
        .collect();
    for mut client in clients {
        client.wait().assert_success();
    }
    for n in 1..=4 {
        server.wait_for_stdout(&format!("Message: \"at once {n}\""));
    }
    assert!(
        silent.child.try_wait().unwrap().is_none(),
        "the silent client was dropped before the others were served"
    );
    let done = silent.wait();
    done.assert_success();
    assert!(
        mitm.stderr.text().contains("timed out"),
        "{}",
        mitm.output()
    );
}

/// A client without the contributory check, in this test only: it takes the
/// low-order point for the server's key and sends its message anyway.
fn weak_client(port: &str, message: &str) {
    use secure_messaging::attacks::low_order_keys::{
        NoContributoryCheck, derive_key_unchecked,
    };
    use secure_messaging::encryption::{Nonce, encrypt};
    use secure_messaging::key_derivation::Salt;
    use secure_messaging::key_exchange::exchange_as_client;
    use secure_messaging::transmission::Envelope;

    let mut stream =
        std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let ours = NoContributoryCheck::generate();
    let theirs = exchange_as_client(&mut stream, &ours.public_key()).unwrap();
    let secret = ours.diffie_hellman(&theirs);
    assert_eq!(secret, [0u8; 32], "the mitm sent no low-order point");
    let salt = Salt::random();
    let key = derive_key_unchecked(&secret, &salt);
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, message.as_bytes()).unwrap();
    let envelope = Envelope {
        salt,
        nonce,
        ciphertext,
    };
    envelope.send(&mut stream).unwrap();
}

#[test]
fn with_low_order_the_mitm_reads_a_client_without_the_check() {
    let (server, server_port) = start_server(&["--port", "0"]);
    let (mitm, mitm_port) = start_mitm(&server_port, &["--low-order"]);
    weak_client(&mitm_port, "PIN 4921");
    mitm.wait_for_stdout(
        "Intercepted message: \"PIN 4921\" (the client has no check)",
    );
    // The real server still refused its side.
    mitm.wait_for_stdout("The server hung up before any message");
    assert!(
        poll(PATIENCE, || server
            .stderr
            .text()
            .contains("low-order point")
            .then_some(()))
        .is_some(),
        "{}",
        server.output()
    );
}

/// A Noise NK client built from the library, pinned to `server_key`: what
/// the real client does with `--protocol nk --server-key`. Returns how its
/// handshake ended.
fn noise_nk_client(
    port: &str,
    server_key: secure_messaging::key_generation::PublicKey,
) -> secure_messaging::Result<()> {
    use secure_messaging::noise::framing::{read_frame, write_frame};
    use secure_messaging::noise::{HandshakeState, PROLOGUE};

    let mut stream =
        std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let (message_1, waiting) =
        HandshakeState::nk_initiator(PROLOGUE, server_key).write_message(&[])?;
    write_frame(&mut stream, &message_1)?;
    let message_2 = read_frame(&mut stream)?;
    waiting.read_message(&message_2).map(|_| ())
}

#[test]
fn under_noise_nk_the_mitm_is_refused_before_any_message() {
    use secure_messaging::noise::StaticKeyPair;

    let (_server, server_port) = start_server(&["--port", "0"]);
    let (mitm, mitm_port) = start_mitm(&server_port, &["--protocol", "nk"]);
    // The client pinned the real server's key, which Mallory does not have.
    let pinned = StaticKeyPair::generate().public_key();
    let err = noise_nk_client(&mitm_port, pinned).unwrap_err();
    assert!(
        err.to_string().starts_with("server authentication failed"),
        "{err}"
    );
    mitm.wait_for_stdout("The client hung up before sending any message");
    let told = mitm.stdout.text();
    assert!(told.contains("Mallory cannot open message 1"), "{told}");
    assert_eq!(mitm.stderr.text(), "", "the mitm printed an error");
}

#[test]
fn the_real_client_under_noise_nk_refuses_the_mitm_before_sending() {
    let (server, server_port) =
        start_server(&["--port", "0", "--protocol", "nk"]);
    server.wait_for_stdout("Server public key: ");
    let key = server
        .stdout
        .text()
        .lines()
        .find_map(|line| line.strip_prefix("Server public key: "))
        .map(str::to_owned)
        .expect("the server prints its public key");
    let (mitm, mitm_port) = start_mitm(&server_port, &["--protocol", "nk"]);
    let args = [
        "--protocol",
        "nk",
        "--server-key",
        &key,
        "--port",
        &mitm_port,
        "--message",
        "PIN 4921",
    ];
    let mut client = Process::spawn("client", &args, false);
    let client = client.wait();
    let error = client.one_line_error();
    assert!(error.contains("server authentication failed"), "{error}");
    mitm.wait_for_stdout("The client hung up before sending any message");
    assert!(!mitm.stdout.text().contains("PIN 4921"));
    assert!(!server.stdout.text().contains("PIN 4921"));
}
