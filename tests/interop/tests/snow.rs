//! The course's real `server` and `client` under `--protocol nk`, talking
//! to snow, an independent Noise implementation, over loopback: the wire
//! contract of the appendix *Wire format v2* is enough to interoperate.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

const PROTOCOL_NAME: &str = "Noise_NK_25519_AESGCM_SHA256";
const PROLOGUE: &[u8] = b"secure-messaging/v2";

/// The longest any one wait may last; everything normally takes
/// milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);

/// The course's example `name`, which `cargo test` builds, from the
/// course's folder, before it runs any test: target/debug/examples/NAME.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} not found: run `cargo test` in the course's folder, which builds \
         the examples before it runs the tests",
        path.display()
    );
    path
}

fn builder() -> snow::Builder<'static> {
    snow::Builder::new(PROTOCOL_NAME.parse().unwrap())
        .prologue(PROLOGUE)
        .unwrap()
}

/// Writes `message` behind its 2-byte big-endian length.
fn write_frame(stream: &mut TcpStream, message: &[u8]) {
    let len = u16::try_from(message.len()).unwrap();
    stream.write_all(&len.to_be_bytes()).unwrap();
    stream.write_all(message).unwrap();
}

/// Reads one message behind its length; `None` if the peer closed first.
fn read_frame(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut len = [0u8; 2];
    match stream.read_exact(&mut len) {
        Err(err) if err.kind() == ErrorKind::UnexpectedEof => return None,
        read => read.unwrap(),
    }
    let mut message = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut message).unwrap();
    Some(message)
}

/// Lines of a pipe, as they come.
fn lines(pipe: impl Read + Send + 'static) -> Receiver<String> {
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

/// The first line of `lines` that contains `label`, with `label` and what
/// comes before it cut off.
fn find(lines: &Receiver<String>, label: &str) -> String {
    loop {
        let line = lines.recv_timeout(PATIENCE).expect(label);
        if let Some((_, value)) = line.split_once(label) {
            return value.to_owned();
        }
    }
}

/// A real server under `--protocol nk`, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_snow_client_talks_to_the_course_server() {
    let mut child = Command::new(example("server"))
        .args(["--protocol", "nk", "--port", "0", "--full-hex"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let _server = Server(child);
    let port: u16 = find(&out, "Server listening on 127.0.0.1:")
        .parse()
        .unwrap();
    let key = hex::decode(find(&out, "Server public key: ")).unwrap();

    let noise = builder().remote_public_key(&key).unwrap();
    let mut noise = noise.build_initiator().unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut buf = vec![0u8; 65_535];
    let len = noise.write_message(&[], &mut buf).unwrap();
    assert_eq!(len, 48, "e and the empty payload's tag");
    write_frame(&mut stream, &buf[..len]);
    let second = read_frame(&mut stream).unwrap();
    assert_eq!(second.len(), 48);
    noise.read_message(&second, &mut buf).unwrap();
    let hash = hex::encode(noise.get_handshake_hash());
    let mut noise = noise.into_transport_mode().unwrap();

    for text in ["Hello from snow", "", "a second message"] {
        let len = noise.write_message(text.as_bytes(), &mut buf).unwrap();
        write_frame(&mut stream, &buf[..len]);
        let reply = read_frame(&mut stream).unwrap();
        let len = noise.read_message(&reply, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&buf[..len]),
            format!("Received: {text:?}")
        );
    }
    // Both sides computed the same transcript.
    assert_eq!(find(&out, "Handshake hash (32 bytes): "), hash);
}

/// A snow responder with `key`, answering each message of the one client
/// that connects to `listener`, until it closes. False if the handshake
/// failed.
fn snow_server(listener: TcpListener, key: snow::Keypair) -> (bool, String) {
    let (mut stream, _) = listener.accept().unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut noise = builder()
        .local_private_key(&key.private)
        .unwrap()
        .build_responder()
        .unwrap();
    let mut buf = vec![0u8; 65_535];
    let first = read_frame(&mut stream).unwrap();
    if noise.read_message(&first, &mut buf).is_err() {
        return (false, String::new()); // closes the connection
    }
    let len = noise.write_message(&[], &mut buf).unwrap();
    write_frame(&mut stream, &buf[..len]);
    let hash = hex::encode(noise.get_handshake_hash());
    let mut noise = noise.into_transport_mode().unwrap();
    while let Some(message) = read_frame(&mut stream) {
        let len = noise.read_message(&message, &mut buf).unwrap();
        let reply =
            format!("snow got: {}", String::from_utf8_lossy(&buf[..len]));
        let len = noise.write_message(reply.as_bytes(), &mut buf).unwrap();
        write_frame(&mut stream, &buf[..len]);
    }
    (true, hash)
}

fn client(port: u16, key: &[u8], messages: &[&str]) -> Output {
    let mut command = Command::new(example("client"));
    command
        .args(["--protocol", "nk", "--full-hex", "--timeout", "10"])
        .args(["--port", &port.to_string()])
        .args(["--server-key", &hex::encode(key)]);
    for message in messages {
        command.args(["--message", message]);
    }
    command.stdin(Stdio::null()).output().unwrap()
}

#[test]
fn the_course_client_talks_to_a_snow_server() {
    let key = builder().generate_keypair().unwrap();
    let public = key.public.clone();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || snow_server(listener, key));
    let run = client(port, &public, &["first", "second"]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.contains("Reply: \"snow got: first\""), "{out}");
    assert!(out.contains("Reply: \"snow got: second\""), "{out}");
    assert!(out.contains("Done: 2 messages sent, 2 replies verified."));
    let (handshake_done, hash) = server.join().unwrap();
    assert!(handshake_done);
    assert!(out.contains(&format!("Handshake hash (32 bytes): {hash}\n")));
}

#[test]
fn the_course_client_refuses_a_snow_server_with_another_key() {
    let pinned = builder().generate_keypair().unwrap();
    let actual = builder().generate_keypair().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || snow_server(listener, actual));
    let run = client(port, &pinned.public, &["secret"]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(err.contains("server authentication failed"), "{err}");
    assert!(!server.join().unwrap().0, "snow refused message 1 too");
    assert!(!String::from_utf8_lossy(&run.stdout).contains("secret"));
}
