//! Chapter 8, *Server and client*: the server side of the whole protocol.
//!
//! `cargo run --example server`, then `cargo run --example client` in a second
//! terminal. Each client gets its own thread, its own key pair and a deadline.

use std::fmt;
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::anyhow;
use secure_messaging::cli::{Args, Failure};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::key_derivation::{INFO, derive_key};
use secure_messaging::key_exchange::exchange_as_server;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::Narrator;
use secure_messaging::transmission::{
    TimedStream, receive_salt, receive_sealed,
};
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT};

// ANCHOR: usage
const USAGE: &str = "\
Usage: cargo run --example server -- [OPTIONS]

Waits for clients, agrees on a key with each, and prints the message each sends.

Options:
  --bind ADDR     address to listen on (default 127.0.0.1;
                  0.0.0.0 lets other machines connect)
  --port N        port to listen on (default 65432; 0 picks a free port)
  --once          exit after the first client: status 0 if its message decrypted
  --timeout SECS  drop a client that has not finished within SECS
                  seconds (default 300)
  --full-hex      print values whole instead of short hex such as 7f...e2
  -h, --help      print this help
";
// ANCHOR_END: usage

/// Clients served at the same time; more are turned away until one finishes.
const MAX_CLIENTS: usize = 256;

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let bind: String = args.value("--bind")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_PORT);
    let timeout = Duration::from_secs(args.value("--timeout")?.unwrap_or(300));
    let once = args.flag("--once");
    let narrator = Narrator::new(args.flag("--full-hex"));
    args.finish()?;

    let listener = TcpListener::bind((bind.as_str(), port)).map_err(|err| {
        let hint = match err.kind() {
            ErrorKind::AddrInUse => {
                ": is another server running? stop it, or try --port 0"
            }
            _ => "",
        };
        anyhow!("could not listen on {bind}:{port} ({err}){hint}")
    })?;
    println!("Server listening on {}\n", listener.local_addr()?);

    if once {
        let (stream, peer) = listener.accept()?;
        let client = Client { number: 1, peer };
        if !serve_and_report(&client, stream, timeout, narrator) {
            std::process::exit(1);
        }
        return Ok(());
    }

    // ANCHOR: accept_loop
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
                "[{client}] error: server full ({MAX_CLIENTS} clients), try later"
            );
            continue;
        };
        thread::spawn(move || {
            // The slot is given back when the thread ends, even by a panic.
            let _slot = slot;
            serve_and_report(&client, stream, timeout, narrator);
        });
    }
    // ANCHOR_END: accept_loop
    Ok(())
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

/// One of the `MAX_CLIENTS` places for a client; dropping it frees the place.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(slots: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = slots.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(Arc::clone(slots));
        (taken < MAX_CLIENTS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves one client and reports what went wrong, if anything, on one line.
/// True if its message decrypted.
fn serve_and_report(
    client: &Client,
    stream: TcpStream,
    timeout: Duration,
    narrator: Narrator,
) -> bool {
    match serve(client, stream, timeout, narrator) {
        Ok(()) => true,
        Err(err) => {
            eprintln!("[{client}] error: {err}");
            false
        }
    }
}

// ANCHOR: serve_start
/// One client's whole story, each step printed as one block.
fn serve(
    client: &Client,
    stream: TcpStream,
    timeout: Duration,
    narrator: Narrator,
) -> secure_messaging::Result<()> {
    let tag = format!("client {}", client.number);
    let mut stream = TimedStream::new(stream, timeout);

    let key_pair = KeyPair::generate();
    let server_public = key_pair.public_key();
    // ANCHOR_END: serve_start
    print!(
        "{}",
        narrator
            .step("Key Generation")
            .tag(&tag)
            .line("Generated an X25519 key pair for this client; the private key stays in this program")
            .value("Server public key", server_public.as_bytes())
    );

    let client_public = exchange_as_server(&mut stream, &server_public)?;
    print!(
        "{}",
        narrator
            .step("Key Exchange")
            .tag(&tag)
            .line(format_args!("Connected from {}", client.peer))
            .value("Received client public key", client_public.as_bytes())
            .value("Sent server public key", server_public.as_bytes())
    );

    let shared_secret = key_pair.diffie_hellman(&client_public)?;
    print!(
        "{}",
        narrator
            .step("Shared Secret")
            .tag(&tag)
            .value("Shared secret", shared_secret.as_bytes())
    );

    let salt = receive_salt(&mut stream)?;
    let key = derive_key(&shared_secret, &salt);
    print!(
        "{}",
        narrator
            .step("Key Derivation")
            .tag(&tag)
            .value("Received salt", salt.as_bytes())
            .line(format_args!("Info: {}", String::from_utf8_lossy(INFO)))
            .value("AES-256 key", key.as_bytes())
    );

    let (nonce, ciphertext) = receive_sealed(&mut stream)?;
    print!(
        "{}",
        narrator
            .step("Message Reception")
            .tag(&tag)
            .value("Nonce", nonce.as_bytes())
            .value("Ciphertext with tag", &ciphertext)
    );

    // ANCHOR: print_message
    let message = decrypt_text(&key, &nonce, &ciphertext)?;
    print!(
        "{}",
        narrator
            .step("Decryption Result")
            .tag(&tag)
            .line(format_args!("Message: {message:?}"))
            .line("SUCCESS: the tag verified and the message is intact")
    );
    // ANCHOR_END: print_message
    Ok(())
}
