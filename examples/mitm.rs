//! Part II, *The man in the middle*: a live attacker between the real client
//! and server.
//!
//! `cargo run --example server`, then `cargo run --example mitm` in a second
//! terminal, then `cargo run --example client -- --port 65433` in a third.
//! The mitm runs the protocol with each side, prints the client's message and
//! forwards it (changed, with `--replace TEXT`). With `--low-order` it sends
//! a low-order point both ways instead, and shows both programs refusing it.
//! With `--protocol nk` it faces a client that pinned the server's key
//! (Part III, *The server's long-term key*): it cannot open the client's
//! first handshake message, answers with its own, and the client refuses.

use std::fmt;
use std::io::{ErrorKind, Read};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use secure_messaging::attacks::low_order_keys::{
    attacker_key, low_order_point,
};
use secure_messaging::attacks::man_in_the_middle::{
    DEFAULT_MITM_PORT, receive_public_key, reseal, safety_number,
    send_public_key,
};
use secure_messaging::cli::{Args, Failure, Protocol};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::check_message_len;
use secure_messaging::key_derivation::derive_key;
use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::narration::Narrator;
use secure_messaging::noise::framing::{read_frame, write_frame};
use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};
use secure_messaging::transmission::{Envelope, TimedStream};
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT, Error};

// ANCHOR: usage
const USAGE: &str = "\
Usage: cargo run --example mitm -- [OPTIONS]

Sits between client and server: agrees on one key with the client and
another with the server, prints each client's message and forwards it.
Point the client at it: cargo run --example client -- --port 65433

Options:
  --bind ADDR       address to listen on (default 127.0.0.1;
                    0.0.0.0 lets other machines connect)
  --port N          port to listen on (default 65433; 0 picks a free port)
  --to HOST:PORT    the server to forward to (default 127.0.0.1:65432)
  --replace TEXT    forward TEXT instead of the client's message
  --low-order       send both sides a low-order point instead of a public
                    key, and show whether they refuse it
  --protocol nk     face clients that speak Noise NK (Part III) and pinned
                    the server's key: try to intercept, and show it fail
  --timeout SECS    drop a connection that has not finished within SECS
                    seconds (default 300)
  --full-hex        print values whole instead of short hex such as 7f...e2
  -h, --help        print this help
";
// ANCHOR_END: usage

/// Connections served at the same time; more are turned away until one ends.
const MAX_CONNECTIONS: usize = 128;

/// What every connection's thread needs to know.
struct Options {
    to: String,
    replace: Option<String>,
    low_order: bool,
    noise_nk: bool,
    timeout: Duration,
    narrator: Narrator,
}

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let bind: String = args.value("--bind")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_MITM_PORT);
    let default_to = format!("{DEFAULT_HOST}:{DEFAULT_PORT}");
    let to: String = args.value("--to")?.unwrap_or(default_to);
    let replace: Option<String> = args.value("--replace")?;
    let low_order = args.flag("--low-order");
    let noise_nk = args.protocol()? == Protocol::NoiseNk;
    let timeout = Duration::from_secs(args.value("--timeout")?.unwrap_or(300));
    let narrator = Narrator::new(args.flag("--full-hex"));
    args.finish()?;
    if timeout.is_zero() {
        let at_once = "--timeout 0 would drop every connection at once";
        return Err(anyhow!("{at_once}: give at least 1 second").into());
    }
    if let Some(text) = &replace {
        check_message_len(text.as_bytes())?;
        if low_order {
            let why = "with --low-order no message is forwarded";
            return Err(
                anyhow!("--replace: {why}; use one or the other").into()
            );
        }
    }
    if noise_nk && (low_order || replace.is_some()) {
        let why = "with --protocol nk Mallory never gets a key to use them";
        return Err(anyhow!("--low-order and --replace: {why}").into());
    }
    check_target(&to)?;

    let listener = TcpListener::bind((bind.as_str(), port)).map_err(|err| {
        let hint = match err.kind() {
            ErrorKind::AddrInUse => {
                ": is another mitm running? stop it, or try --port 0"
            }
            _ => "",
        };
        anyhow!("could not listen on {bind}:{port} ({err}){hint}")
    })?;
    println!(
        "Man in the middle listening on {}, forwarding to {to}\n",
        listener.local_addr()?
    );
    let options = Arc::new(Options {
        to,
        replace,
        low_order,
        noise_nk,
        timeout,
        narrator,
    });

    let slots = Arc::new(AtomicUsize::new(0));
    for number in 1.. {
        let (stream, peer) = match listener.accept() {
            Ok(connection) => connection,
            Err(err) => {
                eprintln!("error: could not accept a connection: {err}");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        let client = Client { number, peer };
        let Some(slot) = Slot::take(&slots) else {
            eprintln!(
                "[{client}] error: too many connections ({MAX_CONNECTIONS}), \
                 try later"
            );
            continue;
        };
        let options = Arc::clone(&options);
        thread::spawn(move || {
            let _slot = slot; // given back when the thread ends
            if let Err(err) = serve(&client, stream, &options) {
                eprintln!("[{client}] error: {err:#}");
            }
        });
    }
    Ok(())
}

/// Fails with one line if `--to` is not HOST:PORT of a host that exists.
fn check_target(to: &str) -> anyhow::Result<()> {
    match to.to_socket_addrs().map(|mut found| found.next()) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => bail!("--to {to}: the host has no address"),
        Err(err) => {
            bail!("--to {to}: {err}; give HOST:PORT, such as 127.0.0.1:65432")
        }
    }
}

/// Who a story is about: `client 3 from 127.0.0.1:50412`.
struct Client {
    number: usize,
    peer: SocketAddr,
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "client {} from {}", self.number, self.peer)
    }
}

/// One of the `MAX_CONNECTIONS` places; dropping it frees the place.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(slots: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = slots.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(Arc::clone(slots));
        (taken < MAX_CONNECTIONS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The three tags of one connection's story: the whole of it, the side
/// toward the client, the side toward the server.
struct Tags {
    both: String,
    client: String,
    server: String,
}

impl Tags {
    fn new(number: usize) -> Self {
        Tags {
            both: format!("client {number}"),
            client: format!("client {number}, toward client"),
            server: format!("client {number}, toward server"),
        }
    }
}

/// One connection after the two key exchanges: a stream and a real public
/// key on each side.
struct Relay {
    client_side: TimedStream,
    server_side: TimedStream,
    client_public: PublicKey,
    server_public: PublicKey,
}

/// Relays the two key exchanges: reads the client's key, connects to the
/// server, sends it `to_server` instead, reads the server's key and sends
/// `to_client` back instead of it.
fn key_exchanges(
    stream: TcpStream,
    options: &Options,
    to_client: &PublicKey,
    to_server: &PublicKey,
) -> anyhow::Result<Relay> {
    let mut client_side = TimedStream::new(stream, options.timeout);
    let client_public =
        receive_public_key(&mut client_side, "the client's public key")?;
    let server = connect(&options.to, options.timeout)?;
    let mut server_side = TimedStream::new(server, options.timeout);
    send_public_key(&mut server_side, to_server)?;
    let server_public =
        receive_public_key(&mut server_side, "the server's public key")?;
    send_public_key(&mut client_side, to_client)?;
    Ok(Relay {
        client_side,
        server_side,
        client_public,
        server_public,
    })
}

/// The two columns of a key exchange's story: toward the client, toward the
/// server. Each ends with the shared secret, when there is one.
fn tell_key_exchanges(
    client: &Client,
    options: &Options,
    relay: &Relay,
    sent: (&PublicKey, &PublicKey),
    secrets: Option<(&[u8], &[u8])>,
) {
    let tags = Tags::new(client.number);
    let mut toward_client = options
        .narrator
        .step("Key Exchange")
        .tag(&tags.client)
        .line(format_args!("Connected from {}", client.peer))
        .value("Received client public key", relay.client_public.as_bytes())
        .value("Sent in place of the server's key", sent.0.as_bytes());
    let mut toward_server = options
        .narrator
        .step("Key Exchange")
        .tag(&tags.server)
        .line(format_args!("Connected to {}", options.to))
        .value("Sent in place of the client's key", sent.1.as_bytes())
        .value("Received server public key", relay.server_public.as_bytes());
    if let Some((with_client, with_server)) = secrets {
        toward_client = toward_client.value("Shared secret", with_client);
        toward_server = toward_server.value("Shared secret", with_server);
    }
    print!("{toward_client}{toward_server}");
}

/// One connection's whole story, each step printed as one block.
fn serve(
    client: &Client,
    stream: TcpStream,
    options: &Options,
) -> anyhow::Result<()> {
    if options.low_order {
        return serve_low_order(client, stream, options);
    }
    if options.noise_nk {
        return serve_noise_nk(client, stream, options);
    }
    let tags = Tags::new(client.number);
    let narrator = options.narrator;
    // One key pair toward each side: each side agrees on a key with Mallory.
    let toward_client = KeyPair::generate();
    let toward_server = KeyPair::generate();
    let mine = (toward_client.public_key(), toward_server.public_key());
    let mut relay = key_exchanges(stream, options, &mine.0, &mine.1)?;
    let with_client = toward_client
        .diffie_hellman(&relay.client_public)
        .context("refused the client's public key")?;
    let with_server = toward_server
        .diffie_hellman(&relay.server_public)
        .context("refused the server's public key")?;
    let secrets = (&with_client.as_bytes()[..], &with_server.as_bytes()[..]);
    tell_key_exchanges(
        client,
        options,
        &relay,
        (&mine.0, &mine.1),
        Some(secrets),
    );

    let envelope = Envelope::receive(&mut relay.client_side)?;
    let client_key = derive_key(&with_client, &envelope.salt);
    let server_key = derive_key(&with_server, &envelope.salt);
    let replacement = options.replace.as_deref();
    let (message, forward) =
        reseal(&client_key, &server_key, &envelope, replacement)?;
    let mut step = narrator
        .step("Interception")
        .tag(&tags.client)
        .value("Received salt", envelope.salt.as_bytes())
        .value("AES-256 key", client_key.as_bytes())
        .value("Ciphertext with tag", &envelope.ciphertext)
        .line(format_args!("Intercepted message: {message:?}"));
    if let Some(text) = replacement {
        step = step.line(format_args!("Replaced it with: {text:?}"));
    }
    print!("{step}");

    forward.send(&mut relay.server_side)?;
    wait_for_close(&mut relay.server_side)?;
    print!(
        "{}",
        narrator
            .step("Forwarding")
            .tag(&tags.server)
            .value("Same salt", forward.salt.as_bytes())
            .value("AES-256 key", server_key.as_bytes())
            .value("Same nonce", forward.nonce.as_bytes())
            .value("Ciphertext with tag", &forward.ciphertext)
            .line("Sent; then the server closed the connection")
    );
    // Closing the client's connection now tells the client "sent".
    drop(relay.client_side);

    let on_client = safety_number(&relay.client_public, &mine.0);
    let on_server = safety_number(&mine.1, &relay.server_public);
    print!(
        "{}",
        narrator
            .step("Safety Numbers")
            .tag(&tags.both)
            .line(format_args!("Client's: {on_client}"))
            .line(format_args!("Server's: {on_server}"))
            .line("They differ: read aloud, they would expose Mallory")
    );
    Ok(())
}

/// `--low-order`: the low-order point both ways, then what each side does.
fn serve_low_order(
    client: &Client,
    stream: TcpStream,
    options: &Options,
) -> anyhow::Result<()> {
    let tags = Tags::new(client.number);
    let point = low_order_point();
    let mut relay = key_exchanges(stream, options, &point, &point)?;
    tell_key_exchanges(client, options, &relay, (&point, &point), None);

    // A client without the contributory check would now send its message,
    // sealed under a key from the all-zero secret: Mallory's key too.
    let client_did = match Envelope::receive(&mut relay.client_side) {
        Ok(envelope) => {
            let key = attacker_key(&envelope.salt);
            let message =
                decrypt_text(&key, &envelope.nonce, &envelope.ciphertext)?;
            format!(
                "Intercepted message: {message:?} (the client has no check)"
            )
        }
        Err(Error::ConnectionClosed { got: 0, .. } | Error::Io(_)) => {
            "The client hung up without sending a message: it refused the \
             low-order point"
                .into()
        }
        Err(err) => bail!("the client did neither: {err}"),
    };
    let server_did = match wait_for_close(&mut relay.server_side) {
        Ok(()) => "The server hung up before any message: it refused the \
                   low-order point"
            .to_owned(),
        Err(err) => format!("The server did not hang up: {err:#}"),
    };
    print!(
        "{}",
        options
            .narrator
            .step("Low-Order Point")
            .tag(&tags.both)
            .line(client_did)
            .line(server_did)
    );
    Ok(())
}

/// `--protocol nk`: the client's first handshake message is sealed for the
/// server's static key, which Mallory does not have. She tries it with a key
/// of her own, fails, answers with a message 2 of her own making, and the
/// client, which pinned the server's key, refuses it before sending anything.
fn serve_noise_nk(
    client: &Client,
    stream: TcpStream,
    options: &Options,
) -> anyhow::Result<()> {
    let tags = Tags::new(client.number);
    let mut client_side = TimedStream::new(stream, options.timeout);
    let message_1 = read_frame(&mut client_side)
        .context("the client's handshake message 1")?;
    let mallory = StaticKeyPair::generate();
    let mallory_public = mallory.public_key();
    let opened = HandshakeState::nk_responder(PROLOGUE, mallory)
        .read_message(&message_1)
        .map(|_| ());
    let her_e = KeyPair::generate().public_key();
    let mut message_2 = her_e.as_bytes().to_vec();
    message_2.extend_from_slice(&rand::random::<[u8; 16]>());
    write_frame(&mut client_side, &message_2)?;
    let client_did = match client_side.read(&mut [0u8; 1]) {
        Ok(0) | Err(_) => {
            "The client hung up before sending any message: it \
                           pinned the server's key, and this is not it"
        }
        Ok(_) => "The client sent more: it did not pin the server's key",
    };
    let step = options
        .narrator
        .step("Noise NK")
        .tag(&tags.client)
        .value("Handshake message 1 from the client", &message_1)
        .value("Mallory's own static public key", mallory_public.as_bytes())
        .line(match opened {
            Ok(()) => {
                "Mallory opened message 1: the client pinned her key".to_owned()
            }
            Err(err) => format!("Mallory cannot open message 1: {err}"),
        })
        .value("Sent her own message 2, e and a made-up tag", &message_2)
        .line(client_did);
    print!("{step}");
    Ok(())
}

/// Connects to the server within `timeout`, or says how to start it.
fn connect(to: &str, timeout: Duration) -> anyhow::Result<TcpStream> {
    let address = to
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| anyhow!("--to {to}: the host has no address"))?;
    TcpStream::connect_timeout(&address, timeout).map_err(|err| {
        anyhow!(
            "could not connect to the server at {to} ({err}): is it \
             running? start it with: cargo run --example server"
        )
    })
}

/// Waits for the server to close the connection: it closes once it has
/// read the message, or refused what it was sent.
fn wait_for_close(server_side: &mut TimedStream) -> anyhow::Result<()> {
    let mut buf = [0u8; 64];
    let read = loop {
        match server_side.read(&mut buf) {
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            read => break read,
        }
    };
    match read {
        Ok(0) => Ok(()),
        Ok(n) => bail!(
            "the server answered with {n} bytes: is it a server of this course?"
        ),
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
            ) =>
        {
            Ok(())
        }
        Err(err) => Err(anyhow!(
            "waiting for the server to close the connection: {err}"
        )),
    }
}
