//! Chapter 8, *Server and client*: the client side of the whole protocol.
//!
//! Start the server first (`cargo run --example server`), then
//! `cargo run --example client` and type a message.
//!
//! Part III, *The server's long-term key*: with `--protocol nk
//! --server-key HEX` the same client speaks Noise_NK_25519_AESGCM_SHA256
//! (wire format v2) with the server whose key it pins, and carries a
//! conversation: each message is answered.

use std::io::{self, BufRead, ErrorKind, IsTerminal, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use secure_messaging::cli::{Args, Failure, Protocol};
use secure_messaging::encryption::{Nonce, check_message_len, encrypt};
use secure_messaging::key_derivation::{INFO, Salt, SessionKey, derive_key};
use secure_messaging::key_exchange::exchange_as_client;
use secure_messaging::key_generation::{KeyPair, PUBLIC_KEY_LEN};
use secure_messaging::narration::Narrator;
use secure_messaging::noise::framing::{read_frame, write_frame};
use secure_messaging::noise::static_key::parse_server_key;
use secure_messaging::noise::transport_state::MAX_PAYLOAD_LEN;
use secure_messaging::noise::{HandshakeState, PROLOGUE, TransportState};
use secure_messaging::transmission::{Envelope, TimedStream};
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT, Error};

// ANCHOR: usage
const USAGE: &str = "\
Usage: cargo run --example client -- [OPTIONS]

Agrees on a key with the server and sends it one encrypted message; with
--protocol nk, a conversation with a server whose key it pins.

Options:
  --host HOST     the server's address (default 127.0.0.1)
  --port N        the server's port (default 65432)
  --message TEXT  the message to send (otherwise it asks for one)
  --timeout SECS  give up on a stage that takes longer: the key exchange,
                  then sending and the server's close (default 30, at
                  most 3600); the time taken to type is not counted
  --full-hex      print values whole instead of short hex such as 7f...e2
  --protocol nk   speak Noise NK (Part III, wire format v2) and carry a
                  conversation: each message is answered; --message may
                  repeat, otherwise each line typed is sent until Ctrl-D
  --server-key HEX
                  with --protocol nk: the server's public key, 64 hex
                  digits, which the server prints when it starts
  -h, --help      print this help
";
// ANCHOR_END: usage

/// How long each stage the client waits on may take, unless `--timeout` says.
const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// The longest `--timeout` accepted: an hour is more than any class needs.
const MAX_TIMEOUT_SECS: u64 = 3600;

/// What the client knows once the server has closed the connection: wire
/// format v1 has no reply, so nothing tells it whether the message decrypted.
const SENT: &str = "\
Sent. The server closed the connection; wire format v1 has no reply,
so it cannot confirm that the server decrypted it (Part III adds replies).";

/// The server is gone before the message could be sent.
const SERVER_GONE: &str = "the server closed the connection before the \
    message was sent: it was stopped, or it dropped this client after its \
    --timeout; start the server (or ask for it) and run the client again";

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let host: String = args.value("--host")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_PORT);
    let message: Option<String> = args.value("--message")?;
    let timeout = timeout_option(args.value("--timeout")?)?;
    let narrator = Narrator::new(args.flag("--full-hex"));
    let protocol = args.protocol()?;
    let server_key: Option<String> = args.value("--server-key")?;
    match protocol {
        Protocol::V1 => {}
        Protocol::NoiseNk => {
            let mut messages: Vec<String> = message.into_iter().collect();
            while let Some(more) = args.value("--message")? {
                messages.push(more);
            }
            args.finish()?;
            let conversation = Conversation {
                host,
                port,
                timeout,
                narrator,
            };
            return Ok(conversation.run(server_key, messages)?);
        }
    }
    if server_key.is_some() {
        return Err(anyhow!(
            "--server-key pins the key of a Noise NK server: add --protocol nk"
        )
        .into());
    }
    args.finish()?;
    if let Some(message) = &message {
        check_message_len(message.as_bytes())?; // before making the server wait
    }

    let key_pair = KeyPair::generate();
    let client_public = key_pair.public_key();
    print!(
        "{}",
        narrator
            .step("Key Generation")
            .line("Generated an X25519 key pair; the private key stays in this program")
            .value("Client public key", client_public.as_bytes())
    );

    // Stage 1, the key exchange: connecting and swapping keys share one
    // deadline, so a server that drips a byte at a time cannot hold us.
    let address = format!("{host}:{port}");
    let started = Instant::now();
    let stream = connect(&host, port, timeout, "")?;
    let left = timeout.saturating_sub(started.elapsed());
    let mut timed = TimedStream::new(stream.try_clone()?, left);
    let server_public = exchange_as_client(&mut timed, &client_public)
        .map_err(|err| key_exchange_failed(err, &address, timeout))?;
    print!(
        "{}",
        narrator
            .step("Key Exchange")
            .line(format_args!("Connected to {address}"))
            .value("Sent client public key", client_public.as_bytes())
            .value("Received server public key", server_public.as_bytes())
    );

    let shared_secret = key_pair
        .diffie_hellman(&server_public)
        .context("refused the server's public key")?;
    print!(
        "{}",
        narrator
            .step("Shared Secret")
            .value("Shared secret", shared_secret.as_bytes())
    );

    let salt = Salt::random();
    let key = derive_key(&shared_secret, &salt);
    print!(
        "{}",
        narrator
            .step("Key Derivation")
            .value("Random salt", salt.as_bytes())
            .line(format_args!("Info: {}", String::from_utf8_lossy(INFO)))
            .value("AES-256 key", key.as_bytes())
    );

    let message = match message {
        Some(message) => message,
        None => read_message()?,
    };
    if server_has_hung_up(&stream)? {
        return Err(anyhow!(SERVER_GONE).into());
    }

    // Stage 2, sending and the server's close: its deadline starts once the
    // message is typed, however long that took.
    let mut timed = TimedStream::new(stream.try_clone()?, timeout);
    let envelope = seal_and_send(&key, salt, &message, &mut timed)
        .map_err(|err| send_failed(err, timeout))?;
    print!(
        "{}",
        narrator
            .step("Message Encryption")
            .line(format_args!(
                "Message: {message:?} ({} bytes)",
                message.len()
            ))
            .value("Random nonce", envelope.nonce.as_bytes())
            .value("Ciphertext with tag", &envelope.ciphertext)
            .line("Sent salt, nonce, length and ciphertext to the server")
    );

    // The server reads the message, then closes the connection. That close is
    // all the client can learn: wire format v1 sends nothing back.
    wait_for_close(&stream, &mut timed, timeout)?;
    println!("{SENT}");
    Ok(())
}

/// The `--timeout` option, checked: at least a second, at most an hour.
// ANCHOR: send
/// Encrypts the message under a fresh random nonce and sends the envelope:
/// salt, nonce, length and ciphertext (chapter 6).
fn seal_and_send(
    key: &SessionKey,
    salt: Salt,
    message: &str,
    stream: &mut TimedStream,
) -> Result<Envelope, Error> {
    let nonce = Nonce::random();
    let ciphertext = encrypt(key, &nonce, message.as_bytes())?;
    let envelope = Envelope {
        salt,
        nonce,
        ciphertext,
    };
    envelope.send(stream)?;
    Ok(envelope)
}
// ANCHOR_END: send

fn timeout_option(secs: Option<u64>) -> anyhow::Result<Duration> {
    match secs.unwrap_or(DEFAULT_TIMEOUT_SECS) {
        0 => bail!("--timeout 0 would give up at once: give at least 1 second"),
        secs if secs > MAX_TIMEOUT_SECS => bail!(
            "--timeout {secs} is too long: the limit is {MAX_TIMEOUT_SECS} \
             seconds (an hour)"
        ),
        secs => Ok(Duration::from_secs(secs)),
    }
}

/// Finds `host` and connects to it within `timeout`, or says what to check.
/// `server_options` are the server's options the hint must name, such as
/// ` --protocol nk`.
fn connect(
    host: &str,
    port: u16,
    timeout: Duration,
    server_options: &str,
) -> anyhow::Result<TcpStream> {
    let address = format!("{host}:{port}");
    let addresses: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|err| {
            anyhow!(
                "could not find the host {host:?} ({err}): check its \
                 spelling, or use the server's IP address, such as \
                 --host 192.168.1.20"
            )
        })?
        .collect();
    let started = Instant::now();
    let mut last_error = None;
    for socket_address in addresses {
        let left = timeout.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&socket_address, left) {
            Ok(stream) => return Ok(stream),
            Err(err) => last_error = Some(err),
        }
    }
    let secs = timeout.as_secs();
    let err = match last_error {
        Some(err) if err.kind() != ErrorKind::TimedOut => err,
        _ => bail!(
            "could not connect to {address} within {secs} s: is the address \
             right, and does a firewall let port {port} in?"
        ),
    };
    // A server on another machine, the teacher's in the classroom variant,
    // must listen on more than its loopback address.
    let local = ["127.0.0.1", "localhost", "::1"].contains(&host);
    let mut options = String::new();
    if !local {
        options.push_str(" --bind 0.0.0.0");
    }
    if port != DEFAULT_PORT {
        options.push_str(&format!(" --port {port}"));
    }
    options.push_str(server_options);
    let start = match options.as_str() {
        "" => "cargo run --example server".to_owned(),
        _ => format!("cargo run --example server --{options}"),
    };
    if local {
        bail!(
            "could not connect to {address} ({err}): is the server running? \
             start it with: {start}"
        )
    }
    bail!(
        "could not connect to {address} ({err}): is the server running there \
         with --bind 0.0.0.0 ({start}), and does its firewall let port {port} \
         in?"
    )
}

/// True for the errors of a connection the other side has closed or reset.
fn is_closed(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe
            | ErrorKind::NotConnected
            | ErrorKind::UnexpectedEof
    )
}

/// True for the errors of a read or write that ran out of time.
fn is_timeout(kind: ErrorKind) -> bool {
    matches!(kind, ErrorKind::TimedOut | ErrorKind::WouldBlock)
}

/// One line for a key exchange that went wrong, with what to do about it.
fn key_exchange_failed(
    err: Error,
    address: &str,
    timeout: Duration,
) -> anyhow::Error {
    let secs = timeout.as_secs();
    match err {
        Error::ConnectionClosed { got: 0, .. } => refused(),
        Error::Io(err) if is_closed(err.kind()) => refused(),
        Error::ConnectionClosed { got, .. } => anyhow!(
            "the server closed the connection half way through its public key \
             (got {got} of {PUBLIC_KEY_LEN} bytes): is {address} a server of \
             this course?"
        ),
        Error::TimedOut { .. } => key_exchange_timed_out(address, secs),
        Error::Io(err) if is_timeout(err.kind()) => {
            key_exchange_timed_out(address, secs)
        }
        err => anyhow!("the key exchange with {address} failed: {err}"),
    }
}

/// A server that closes before the key exchange: a full one does, and so does
/// one that refuses this address.
fn refused() -> anyhow::Error {
    anyhow!(
        "the server closed the connection before the key exchange: it may be \
         full or refusing this address; try again in a moment"
    )
}

fn key_exchange_timed_out(address: &str, secs: u64) -> anyhow::Error {
    anyhow!(
        "timed out: the key exchange with {address} took more than {secs} s; \
         the server may be overloaded: try again, or allow longer with \
         --timeout SECS"
    )
}

/// One line for a message that could not be sent.
fn send_failed(err: Error, timeout: Duration) -> anyhow::Error {
    match err {
        Error::Io(err) if is_closed(err.kind()) => anyhow!(SERVER_GONE),
        Error::Io(err) if is_timeout(err.kind()) => anyhow!(
            "timed out: the server did not take the message within {} s; \
             look at the server's terminal, and run the client again",
            timeout.as_secs()
        ),
        err => anyhow!("could not send the message: {err}"),
    }
}

/// Waits for the server to close the connection after the message, within
/// the stage's deadline, and says what happened if it did anything else.
fn wait_for_close(
    stream: &TcpStream,
    timed: &mut TimedStream,
    timeout: Duration,
) -> anyhow::Result<()> {
    match stream.shutdown(Shutdown::Write) {
        // Already reset: the read below tells how.
        Err(err) if err.kind() != ErrorKind::NotConnected => {
            return Err(anyhow!("could not finish sending the message: {err}"));
        }
        _ => {}
    }
    let unknown = "wire format v1 cannot confirm that the server decrypted it";
    let mut buf = [0u8; 64];
    let read = loop {
        match timed.read(&mut buf) {
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            read => break read,
        }
    };
    match read {
        Ok(0) => Ok(()),
        Ok(n) => Err(anyhow!(
            "sent, but the server answered with {n} bytes, which wire format \
             v1 does not have: is it a server of this course? ({unknown})"
        )),
        Err(err) if is_timeout(err.kind()) => Err(anyhow!(
            "timed out: sent, but the server did not close the connection \
             within {} s; {unknown}: look at the server's terminal",
            timeout.as_secs()
        )),
        Err(err) if is_closed(err.kind()) => Err(anyhow!(
            "sent, but the server reset the connection: it closed without \
             reading the whole message (it was stopped, dropped this client, \
             or refused the message); look at the server's terminal"
        )),
        Err(err) => Err(anyhow!("sent, but then the connection failed: {err}")),
    }
}

/// Asks for one line on standard input.
fn read_message() -> anyhow::Result<String> {
    print!("Enter message to send: ");
    io::stdout().flush()?;
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        bail!(
            "no message to send: type one after the prompt, or pass --message TEXT"
        );
    }
    if !io::stdin().is_terminal() {
        println!(); // what was typed did not appear: end the prompt's line
    }
    let message = line.strip_suffix('\n').unwrap_or(&line);
    let message = message.strip_suffix('\r').unwrap_or(message).to_owned();
    check_message_len(message.as_bytes())?;
    Ok(message)
}

/// True if the server has closed the connection. Looks without waiting.
fn server_has_hung_up(stream: &TcpStream) -> io::Result<bool> {
    stream.set_nonblocking(true)?;
    let peeked = stream.peek(&mut [0u8; 1]);
    stream.set_nonblocking(false)?;
    match peeked {
        Ok(0) => Ok(true),
        Ok(_) => Ok(false),
        Err(err) if err.kind() == ErrorKind::WouldBlock => Ok(false),
        Err(err) if is_closed(err.kind()) => Ok(true),
        Err(err) => Err(err),
    }
}

/// A conversation under Noise NK (Part III): where, how long each stage
/// may take, and how to tell it.
struct Conversation {
    host: String,
    port: u16,
    timeout: Duration,
    narrator: Narrator,
}

impl Conversation {
    /// Pins `server_key`, runs the handshake, then sends each message (or
    /// each line typed) and prints each reply.
    fn run(
        self,
        server_key: Option<String>,
        messages: Vec<String>,
    ) -> anyhow::Result<()> {
        let Some(server_key) = server_key else {
            bail!(
                "--protocol nk needs --server-key HEX: the server prints its \
                 key when it starts, on the line `Server public key: `"
            );
        };
        let server_key = parse_server_key(&server_key)?;
        for message in &messages {
            check_payload_len(message)?; // before making the server wait
        }
        let narrator = self.narrator;
        let address = format!("{}:{}", self.host, self.port);
        let stream =
            connect(&self.host, self.port, self.timeout, " --protocol nk")?;
        let mut stream = TimedStream::new(stream, self.timeout);
        let mut transport =
            self.handshake(&mut stream, server_key, &address)?;

        let typed = messages.is_empty();
        let mut messages = messages.into_iter();
        loop {
            let message = match typed {
                true => match read_line()? {
                    Some(line) => line,
                    None => break,
                },
                false => match messages.next() {
                    Some(message) => message,
                    None => break,
                },
            };
            check_payload_len(&message)?;
            stream.set_limit(self.timeout);
            let counter = transport.sending_nonce();
            let sealed = transport.write_message(message.as_bytes())?;
            write_frame(&mut stream, &sealed)
                .map_err(|err| send_failed(err, self.timeout))?;
            print!(
                "{}",
                narrator
                    .step(&format!("Message {}", counter + 1))
                    .line(format_args!("Counter n: {counter}"))
                    .line(format_args!(
                        "Message: {message:?} ({} bytes)",
                        message.len()
                    ))
                    .value("Ciphertext with tag", &sealed)
            );
            let counter = transport.receiving_nonce();
            let answer = read_frame(&mut stream).map_err(|err| {
                anyhow!(
                    "sent, but no reply came ({err}): look at the server's \
                     terminal"
                )
            })?;
            let reply = transport
                .read_message(&answer)
                .context("the server's reply did not verify")?;
            print!(
                "{}",
                narrator
                    .step(&format!("Reply {}", counter + 1))
                    .line(format_args!("Counter n: {counter}"))
                    .value("Ciphertext with tag", &answer)
                    .line(format_args!(
                        "Reply: {:?}",
                        String::from_utf8_lossy(&reply)
                    ))
                    .line("SUCCESS: the tag verified and the reply is intact")
            );
        }
        let _ = stream.get_ref().shutdown(Shutdown::Write);
        println!(
            "Done: {} messages sent, {} replies verified.",
            transport.sending_nonce(),
            transport.receiving_nonce()
        );
        Ok(())
    }

    /// `-> e, es` then `<- e, ee`: only the holder of the pinned key's
    /// private half can send a message 2 that verifies.
    fn handshake(
        &self,
        stream: &mut TimedStream,
        server_key: secure_messaging::key_generation::PublicKey,
        address: &str,
    ) -> anyhow::Result<TransportState> {
        let narrator = self.narrator;
        let handshake = HandshakeState::nk_initiator(PROLOGUE, server_key);
        let (first, handshake) = handshake.write_message(b"")?;
        write_frame(stream, &first)
            .map_err(|err| key_exchange_failed(err, address, self.timeout))?;
        print!(
            "{}",
            narrator
                .step("Handshake Message 1")
                .line(format_args!("Connected to {address}"))
                .value("Pinned server key s", server_key.as_bytes())
                .line(format_args!("Sent {} bytes: -> e, es", first.len()))
                .value("Client ephemeral key e", &first[..32])
                .line("es: DH(client e, server s) mixed into the chaining key")
                .value("Transcript hash h", handshake.handshake_hash())
        );
        let second = read_frame(stream).map_err(|err| match err {
            Error::ConnectionClosed { got: 0, .. } => unanswered(),
            Error::Io(err) if is_closed(err.kind()) => unanswered(),
            err => key_exchange_failed(err, address, self.timeout),
        })?;
        let (_, transport) = handshake.read_message(&second)?;
        print!(
            "{}",
            narrator
                .step("Handshake Message 2")
                .line(format_args!("Received {} bytes: <- e, ee", second.len()))
                .value("Server ephemeral key e", &second[..32])
                .line("ee: DH(client e, server e) mixed into the chaining key")
                .line(
                    "SUCCESS: the tag verified: the server holds the pinned key"
                )
                .value("Handshake hash", transport.handshake_hash())
                .value("Key client to server", transport.sending_key())
                .value("Key server to client", transport.receiving_key())
        );
        Ok(transport)
    }
}

/// Refuses a message one Noise message cannot carry: it is never cut.
fn check_payload_len(message: &str) -> anyhow::Result<()> {
    if message.len() > MAX_PAYLOAD_LEN {
        bail!(
            "the message is {} bytes long: one Noise message carries at most \
             {MAX_PAYLOAD_LEN} (65535, less the 16-byte tag); nothing was \
             cut or sent",
            message.len()
        );
    }
    Ok(())
}

/// A server that closes instead of sending handshake message 2: message 1
/// did not verify under its key, so it is not the key pinned.
fn unanswered() -> anyhow::Error {
    anyhow!(
        "server authentication failed: the server closed the connection \
         instead of answering handshake message 1, so it does not hold the \
         key given with --server-key (or it was full: look at its terminal); \
         no message was sent"
    )
}

/// One line typed, without its line ending; `None` at the end of input.
fn read_line() -> anyhow::Result<Option<String>> {
    print!("Enter message to send (Ctrl-D to finish): ");
    io::stdout().flush()?;
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        println!();
        return Ok(None);
    }
    if !io::stdin().is_terminal() {
        println!();
    }
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(Some(line.strip_suffix('\r').unwrap_or(line).to_owned()))
}
