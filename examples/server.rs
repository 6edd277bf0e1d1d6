//! Chapter 8, *Server and client*: the server side of the whole protocol.
//!
//! `cargo run --example server`, then `cargo run --example client` in a second
//! terminal. Each client gets its own thread, its own key pair and a deadline
//! for each stage; one address cannot take every place (see
//! `secure_messaging::defences`), and one printer thread does all the printing,
//! so a terminal that stops reading cannot stop the server.
//!
//! Part III, *The server's long-term key*: with `--protocol nk` the same
//! server speaks Noise_NK_25519_AESGCM_SHA256 (wire format v2) and answers
//! each message of a conversation; see the appendix *Wire format v2*.

use std::fmt;
use std::io::{ErrorKind, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::mpsc::{SendError, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use secure_messaging::cli::{Args, Failure, Protocol};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::defences::{Door, Limits, Pass};
use secure_messaging::key_derivation::{INFO, derive_key};
use secure_messaging::key_exchange::exchange_as_server;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::Narrator;
use secure_messaging::noise::framing::{read_frame, write_frame};
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, PROTOCOL_NAME, StaticKeyPair,
};
use secure_messaging::transmission::{
    TimedStream, receive_salt, receive_sealed,
};
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT, Error};
use socket2::{Domain, Socket, Type};

// ANCHOR: usage
const USAGE: &str = "\
Usage: cargo run --example server -- [OPTIONS]

Waits for clients, agrees on a key with each, and prints the message each sends;
with --protocol nk, answers each message of a conversation.

Options:
  --bind ADDR     address to listen on (default 127.0.0.1;
                  0.0.0.0 lets other machines connect)
  --port N        port to listen on (default 65432; 0 picks a free port)
  --once          exit after the first client: status 0 if its message decrypted
  --timeout SECS  how long a client may take to send its message once the
                  keys are agreed (under nk, each message): a person may
                  be typing (default 300)
  --handshake-timeout SECS
                  how long a program may take over the key exchange, and
                  over the rest of the message once it starts (default 10)
  --max-clients N clients served at once (default 256)
  --per-address N clients one address may have at once (default 32)
  --full-hex      print values whole instead of short hex such as 7f...e2
  --protocol nk   speak Noise NK (Part III, wire format v2): a conversation,
                  each message answered (default: v1, the Part I demo)
  --key-file PATH with --protocol nk: the server's long-term private key,
                  64 hex digits; created (readable by its owner only) if
                  missing; without it, a new key each time the server starts
  -h, --help      print this help
";
// ANCHOR_END: usage

/// The longest `--timeout` and `--handshake-timeout`: a day.
const MAX_TIMEOUT_SECS: u64 = 86_400;

/// Connections the system keeps waiting for `accept`; std's own is 128,
/// which a class connecting at once overflows.
const BACKLOG: i32 = 1024;

/// Narration waiting for the terminal; more is counted, not kept.
const PENDING_BYTES: usize = 1 << 20;

/// How long the printer thread gathers narration between two writes.
const GATHER: Duration = Duration::from_millis(10);

/// The most of a message, or of a value in full hex, printed for one client.
const SHOWN_BYTES: usize = 256;

/// What the server was asked to do, read from its command line.
#[derive(Clone)]
struct Settings {
    /// The stage that waits for a person: the salt, sent once they typed.
    timeout: Duration,
    /// Each stage a program completes by itself.
    handshake_timeout: Duration,
    narrator: Narrator,
    /// With `--protocol nk`: the long-term key of Noise NK, one for every
    /// client. Without it: the Part I demo, wire format v1.
    noise_key: Option<StaticKeyPair>,
}

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let bind: String = args.value("--bind")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_PORT);
    let secs = 1..=MAX_TIMEOUT_SECS;
    let timeout = args.value_within("--timeout", secs.clone())?.unwrap_or(300);
    let handshake_timeout = args
        .value_within("--handshake-timeout", secs)?
        .unwrap_or(10);
    let limits = Limits {
        max_clients: args
            .value_within("--max-clients", 1..=100_000)?
            .unwrap_or(256),
        per_address: args
            .value_within("--per-address", 1..=100_000)?
            .unwrap_or(32),
    };
    let once = args.flag("--once");
    let noise = args.protocol()? == Protocol::NoiseNk;
    let key_file: Option<PathBuf> = args.value("--key-file")?;
    if key_file.is_some() && !noise {
        return Err(anyhow!(
            "--key-file is the long-term key of Noise NK: add --protocol nk"
        )
        .into());
    }
    let settings = Settings {
        timeout: Duration::from_secs(timeout),
        handshake_timeout: Duration::from_secs(handshake_timeout.min(timeout)),
        narrator: Narrator::new(args.flag("--full-hex")),
        noise_key: None,
    };
    args.finish()?;
    let (settings, key_note) = match noise {
        false => (settings, None),
        true => {
            let (key, note) = server_key(key_file)?;
            let settings = Settings {
                noise_key: Some(key),
                ..settings
            };
            (settings, Some(note))
        }
    };

    let listener = listen(&bind, port)?;
    let local = listener.local_addr()?;
    let mut greeting = format!("Server listening on {local}\n");
    match (&settings.noise_key, key_note) {
        (Some(key), Some(note)) => {
            let public = hex::encode(key.public_key().as_bytes());
            greeting.push_str(&format!(
                "Protocol: {PROTOCOL_NAME} (wire format v2)\n\
                 Server public key: {public}\n{note}\n\
                 Connect with: {}\n",
                nk_client_command(local, &public)
            ));
        }
        _ => {
            if let Some(command) = client_command(local) {
                greeting.push_str(&format!("Connect with: {command}\n"));
            }
        }
    }
    println!("{greeting}");

    let printer = Printer::start()?;
    if once {
        let (stream, peer) = listener.accept()?;
        let client = Client { number: 1, peer };
        let served =
            serve_and_report(&client, stream, &settings, &printer.queue, None);
        printer.finish();
        if !served {
            std::process::exit(1);
        }
        return Ok(());
    }
    accept_forever(&listener, limits, settings, &printer.queue);
    Ok(())
}

/// The long-term key from `--key-file`, or a new one for this run, and a
/// line that says which.
fn server_key(
    key_file: Option<PathBuf>,
) -> anyhow::Result<(StaticKeyPair, String)> {
    let Some(path) = key_file else {
        return Ok((
            StaticKeyPair::generate(),
            "Key: new for this run (no --key-file); after a restart clients \
             must pin the new one"
                .into(),
        ));
    };
    let (key, created) = StaticKeyPair::load_or_create(&path)?;
    let how = if created { "created" } else { "loaded" };
    Ok((key, format!("Key file: {} ({how})", path.display())))
}

/// The client's command line that reaches this server under Noise NK.
fn nk_client_command(local: SocketAddr, public: &str) -> String {
    let mut command = String::from("cargo run --example client --");
    if local.ip().is_unspecified() {
        command.push_str(" --host ADDRESS");
    } else if local.ip().to_string() != DEFAULT_HOST {
        command.push_str(&format!(" --host {}", local.ip()));
    }
    if local.port() != DEFAULT_PORT {
        command.push_str(&format!(" --port {}", local.port()));
    }
    command.push_str(&format!(" --protocol nk --server-key {public}"));
    command
}

/// A listening socket with a queue of [`BACKLOG`] connections.
fn listen(bind: &str, port: u16) -> anyhow::Result<TcpListener> {
    let address: SocketAddr = (bind, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
        .ok_or_else(|| {
            anyhow!("--bind {bind}: not an address of this machine")
        })?;
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, None)?;
    // As std does: a restarted server may listen again at once.
    socket.set_reuse_address(true)?;
    socket
        .bind(&address.into())
        .and_then(|()| socket.listen(BACKLOG))
        .map_err(|err| {
            let hint = match err.kind() {
                ErrorKind::AddrInUse => {
                    ": is another server running? stop it, or try --port 0"
                }
                _ => "",
            };
            anyhow!("could not listen on {bind}:{port} ({err}){hint}")
        })?;
    Ok(socket.into())
}

/// The client's command line that reaches this server, if it is not the
/// plain `cargo run --example client`.
fn client_command(local: SocketAddr) -> Option<String> {
    let mut options = String::new();
    if local.ip().is_unspecified() {
        options.push_str(" --host ADDRESS");
    } else if local.ip().to_string() != DEFAULT_HOST {
        options.push_str(&format!(" --host {}", local.ip()));
    }
    if local.port() != DEFAULT_PORT {
        options.push_str(&format!(" --port {}", local.port()));
    }
    if options.is_empty() {
        return None;
    }
    let mut command = format!("cargo run --example client --{options}");
    if local.ip().is_unspecified() {
        command.push_str(" (ADDRESS: this machine's address on the network)");
    }
    Some(command)
}

// ANCHOR: accept_loop
/// Gives each connection the door admits a thread of its own.
fn accept_forever(
    listener: &TcpListener,
    limits: Limits,
    settings: Settings,
    printer: &Queue,
) {
    let door = Arc::new(Door::new(limits));
    let pool = Threads::default();
    let mut accept_errors = Throttle::default();
    for number in 1.. {
        let (stream, peer) = match listener.accept() {
            Ok(connection) => connection,
            Err(err) => {
                // Out of file descriptors, for instance: wait for a place.
                accept_errors.report(printer, &err);
                thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        let client = Client { number, peer };
        match door.admit(&stream, peer.ip()) {
            Ok(pass) => {
                start(&pool, client, stream, pass, settings.clone(), printer)
            }
            Err(refusal) => printer.error(format!("[{client}] {refusal}")),
        }
    }
}
// ANCHOR_END: accept_loop

/// Serves one admitted client on a thread of its own.
fn start(
    threads: &Threads,
    client: Client,
    stream: TcpStream,
    pass: Pass,
    settings: Settings,
    printer: &Queue,
) {
    let (number, peer) = (client.number, client.peer);
    let printer_for_client = printer.clone();
    let serve_client = Box::new(move || {
        serve_and_report(
            &client,
            stream,
            &settings,
            &printer_for_client,
            Some(&pass),
        );
        drop(pass); // the place is free again
    });
    // Builder::spawn returns an error where thread::spawn would panic: the
    // job, with the connection and its pass, is dropped, which refuses the
    // client and frees its place.
    if let Err(err) = threads.run(serve_client) {
        printer.error(format!(
            "[client {number} from {peer}] refused: could not start a \
             thread for it ({err})"
        ));
    }
}

/// One client's whole story, run on a thread of its own.
type Job = Box<dyn FnOnce() + Send>;

/// A thread per client, reused: a thread that has finished with its client
/// waits a while for the next one, which saves starting a thread (about a
/// fifth of the server's work per client on a busy machine).
#[derive(Default, Clone)]
struct Threads {
    idle: Arc<Mutex<Vec<Sender<Job>>>>,
}

/// How long a thread without a client waits for one before it ends.
const IDLE_THREAD: Duration = Duration::from_secs(60);

impl Threads {
    /// Runs `job` on an idle thread, or on a new one.
    fn run(&self, mut job: Job) -> std::io::Result<()> {
        loop {
            let Some(thread) =
                self.idle.lock().ok().and_then(|mut idle| idle.pop())
            else {
                break;
            };
            match thread.send(job) {
                Ok(()) => return Ok(()),
                Err(SendError(back)) => job = back, // it ended meanwhile
            }
        }
        let threads = self.clone();
        thread::Builder::new()
            .spawn(move || threads.work(job))
            .map(drop)
    }

    fn work(&self, mut job: Job) {
        let (sender, jobs) = channel();
        loop {
            job();
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(sender.clone());
            }
            match jobs.recv_timeout(IDLE_THREAD) {
                Ok(next) => job = next,
                Err(_) => return,
            }
        }
    }
}

/// Prints a repeated error at most once a second, with how many there were.
#[derive(Default)]
struct Throttle {
    last: Option<Instant>,
    since: usize,
}

impl Throttle {
    fn report(&mut self, printer: &Queue, err: &std::io::Error) {
        self.since += 1;
        if self
            .last
            .is_none_or(|at| at.elapsed() >= Duration::from_secs(1))
        {
            printer.error(format!(
                "error: could not accept a connection ({err}), {} time(s); \
                 waiting connections stay queued",
                self.since
            ));
            self.last = Some(Instant::now());
            self.since = 0;
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

// ANCHOR: printer
/// What the client threads have written and the printer thread not yet.
#[derive(Default)]
struct Pending {
    stdout: String,
    stderr: String,
    /// Blocks left out because the terminal was not keeping up.
    dropped: usize,
    /// The printer thread is asleep until something comes.
    idle: bool,
    /// No more will come: print what is left and stop.
    closed: bool,
}

/// The client threads' way to the printer thread. When [`PENDING_BYTES`]
/// are waiting, the terminal is not keeping up: a block is counted, not
/// waited for.
#[derive(Clone)]
struct Queue(Arc<(Mutex<Pending>, Condvar)>);

impl Queue {
    fn story(&self, block: impl fmt::Display) {
        self.send(|pending| &mut pending.stdout, format_args!("{block}"));
    }

    fn error(&self, line: String) {
        self.send(|pending| &mut pending.stderr, format_args!("{line}\n"));
    }

    fn send(
        &self,
        stream: impl FnOnce(&mut Pending) -> &mut String,
        text: fmt::Arguments,
    ) {
        let text = text.to_string(); // formatted before taking the lock
        let (pending, wake) = &*self.0;
        let mut pending = lock(pending);
        if pending.stdout.len() + pending.stderr.len() + text.len()
            > PENDING_BYTES
        {
            pending.dropped += 1;
            return;
        }
        stream(&mut pending).push_str(&text);
        if pending.idle {
            pending.idle = false;
            wake.notify_one();
        }
    }
}
// ANCHOR_END: printer

fn lock(pending: &Mutex<Pending>) -> MutexGuard<'_, Pending> {
    pending
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The one thread that writes to the terminal.
struct Printer {
    queue: Queue,
    thread: JoinHandle<()>,
}

impl Printer {
    fn start() -> anyhow::Result<Printer> {
        let queue = Queue(Arc::default());
        let shared = queue.clone();
        let thread = thread::Builder::new()
            .name("printer".into())
            .spawn(move || print_all(&shared))
            .context("could not start the printer thread")?;
        Ok(Printer { queue, thread })
    }

    /// Prints what is waiting, then returns.
    fn finish(self) {
        let (pending, wake) = &*self.queue.0;
        lock(pending).closed = true;
        wake.notify_one();
        let _ = self.thread.join();
    }
}

/// Takes everything waiting and writes it, one write per stream, then
/// gathers for a moment: a busy server wakes this thread a hundred times a
/// second, not six times per client.
fn print_all(queue: &Queue) {
    let (pending, wake) = &*queue.0;
    loop {
        let mut waiting = lock(pending);
        while waiting.stdout.is_empty()
            && waiting.stderr.is_empty()
            && !waiting.closed
        {
            waiting.idle = true;
            waiting = wake
                .wait(waiting)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        let mut stdout = std::mem::take(&mut waiting.stdout);
        let stderr = std::mem::take(&mut waiting.stderr);
        let dropped = std::mem::take(&mut waiting.dropped);
        let closed = waiting.closed;
        drop(waiting);
        if dropped > 0 {
            stdout.push_str(&format!(
                "({dropped} blocks of narration not shown: the terminal was \
                 not keeping up)\n\n"
            ));
        }
        // Errors writing are ignored: a closed terminal must not stop the
        // server, and there is nowhere else to say so.
        let _ = std::io::stdout().lock().write_all(stdout.as_bytes());
        let _ = std::io::stderr().lock().write_all(stderr.as_bytes());
        if closed {
            return;
        }
        thread::sleep(GATHER);
    }
}

/// Serves one client and reports what went wrong, if anything, on one line.
/// True if its message decrypted.
fn serve_and_report(
    client: &Client,
    stream: TcpStream,
    settings: &Settings,
    printer: &Queue,
    pass: Option<&Pass>,
) -> bool {
    match serve(client, stream, settings, printer) {
        Ok(()) => true,
        Err(_) if pass.is_some_and(Pass::was_evicted) => {
            printer.error(format!(
                "[{client}] error: closed to make room for a client from a \
                 less busy address (the server was full)"
            ));
            false
        }
        Err(err) => {
            printer.error(format!("[{client}] error: {err}"));
            false
        }
    }
}

/// `text` cut to `limit` bytes (at a character boundary), and how many bytes
/// were left out: one client cannot make the server print megabytes.
fn at_most(text: &str, limit: usize) -> (&str, usize) {
    let mut cut = limit.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    (&text[..cut], text.len() - cut)
}

/// ` ... (N more bytes not shown)`, or nothing when all was shown.
fn not_shown_note(bytes: usize) -> String {
    match bytes {
        0 => String::new(),
        n => format!(" ... ({n} more bytes not shown)"),
    }
}

// ANCHOR: serve_start
/// One client's whole story, each step printed as one block.
fn serve(
    client: &Client,
    stream: TcpStream,
    settings: &Settings,
    printer: &Queue,
) -> secure_messaging::Result<()> {
    if let Some(key) = &settings.noise_key {
        return serve_nk(client, stream, key.clone(), settings, printer);
    }
    let Settings { narrator, .. } = *settings;
    let tag = format!("client {}", client.number);
    // A program sends its key at once: a short deadline.
    let mut stream = TimedStream::new(stream, settings.handshake_timeout);

    let key_pair = KeyPair::generate();
    let server_public = key_pair.public_key();
    // ANCHOR_END: serve_start
    printer.story(
        narrator
            .step("Key Generation")
            .tag(&tag)
            .line("Generated an X25519 key pair for this client; the private key stays in this program")
            .value("Server public key", server_public.as_bytes())
    );

    let client_public = exchange_as_server(&mut stream, &server_public)?;
    printer.story(
        narrator
            .step("Key Exchange")
            .tag(&tag)
            .line(format_args!("Connected from {}", client.peer))
            .value("Received client public key", client_public.as_bytes())
            .value("Sent server public key", server_public.as_bytes()),
    );

    let shared_secret = key_pair.diffie_hellman(&client_public)?;
    printer.story(
        narrator
            .step("Shared Secret")
            .tag(&tag)
            .value("Shared secret", shared_secret.as_bytes()),
    );

    // The client now asks its user for a message: a person may be typing.
    stream.set_limit(settings.timeout);
    let salt = receive_salt(&mut stream)?;
    // The rest follows the salt at once.
    stream.set_limit(settings.handshake_timeout);
    let key = derive_key(&shared_secret, &salt);
    printer.story(
        narrator
            .step("Key Derivation")
            .tag(&tag)
            .value("Received salt", salt.as_bytes())
            .line(format_args!("Info: {}", String::from_utf8_lossy(INFO)))
            .value("AES-256 key", key.as_bytes()),
    );

    let (nonce, ciphertext) = receive_sealed(&mut stream)?;
    let hex = narrator.hex(&ciphertext);
    let (hex, not_shown) = at_most(&hex, 2 * SHOWN_BYTES); // two digits a byte
    printer.story(
        narrator
            .step("Message Reception")
            .tag(&tag)
            .value("Nonce", nonce.as_bytes())
            .line(format_args!(
                "Ciphertext with tag ({} bytes): {hex}{}",
                ciphertext.len(),
                not_shown_note(not_shown / 2)
            )),
    );

    let message = decrypt_text(&key, &nonce, &ciphertext)?;
    let (shown, not_shown) = at_most(&message, SHOWN_BYTES);
    printer.story(
        narrator
            .step("Decryption Result")
            .tag(&tag)
            .line(format_args!(
                "Message: {shown:?}{}",
                not_shown_note(not_shown)
            ))
            .line("SUCCESS: the tag verified and the message is intact"),
    );
    Ok(())
}

// ANCHOR: serve_nk
/// One client's conversation under Noise NK: the handshake, then each
/// message answered with one, until the client closes.
fn serve_nk(
    client: &Client,
    stream: TcpStream,
    key: StaticKeyPair,
    settings: &Settings,
    printer: &Queue,
) -> secure_messaging::Result<()> {
    let narrator = settings.narrator;
    let tag = format!("client {}", client.number);
    let mut stream = TimedStream::new(stream, settings.handshake_timeout);

    let handshake = HandshakeState::nk_responder(PROLOGUE, key);
    let first = read_frame(&mut stream)?;
    let (_, handshake) = handshake.read_message(&first)?;
    let client_e = handshake.remote_ephemeral().expect("message 1 carries e");
    printer.story(
        narrator
            .step("Handshake Message 1")
            .tag(&tag)
            .line(format_args!("Connected from {}", client.peer))
            .line(format_args!("Received {} bytes: -> e, es", first.len()))
            .value("Client ephemeral key e", client_e.as_bytes())
            .line("es: DH(client e, server s) mixed into the chaining key")
            .line("SUCCESS: the tag verified: the client knows our public key")
            .value("Transcript hash h", handshake.handshake_hash()),
    );

    let (second, mut transport) = handshake.write_message(b"")?;
    write_frame(&mut stream, &second)?;
    let server_e = &second[..32];
    printer.story(
        narrator
            .step("Handshake Message 2")
            .tag(&tag)
            .line(format_args!("Sent {} bytes: <- e, ee", second.len()))
            .value("Server ephemeral key e", server_e)
            .line("ee: DH(server e, client e) mixed into the chaining key")
            .value("Handshake hash", transport.handshake_hash())
            .value("Key client to server", transport.receiving_key())
            .value("Key server to client", transport.sending_key()),
    );

    loop {
        // The client's user may be typing the next message.
        stream.set_limit(settings.timeout);
        let sealed = match read_frame(&mut stream) {
            // Between two messages: the client has finished.
            Err(Error::ConnectionClosed {
                got: 0,
                what: "the length of a Noise message",
                ..
            }) => break,
            read => read?,
        };
        stream.set_limit(settings.handshake_timeout);
        let counter = transport.receiving_nonce();
        let message = transport.read_message(&sealed)?;
        let text = String::from_utf8_lossy(&message);
        let (shown, not_shown) = at_most(&text, SHOWN_BYTES);
        let hex = narrator.hex(&sealed);
        let (hex, hex_not_shown) = at_most(&hex, 2 * SHOWN_BYTES);
        let reply = format!("Received: {shown:?}{}", not_shown_note(not_shown));
        printer.story(
            narrator
                .step(&format!("Message {}", counter + 1))
                .tag(&tag)
                .line(format_args!("Counter n: {counter}"))
                .line(format_args!(
                    "Ciphertext with tag ({} bytes): {hex}{}",
                    sealed.len(),
                    not_shown_note(hex_not_shown / 2)
                ))
                .line(format_args!(
                    "Message: {shown:?}{}",
                    not_shown_note(not_shown)
                ))
                .line("SUCCESS: the tag verified and the message is intact"),
        );

        let counter = transport.sending_nonce();
        let answer = transport.write_message(reply.as_bytes())?;
        write_frame(&mut stream, &answer)?;
        printer.story(
            narrator
                .step(&format!("Reply {}", counter + 1))
                .tag(&tag)
                .line(format_args!("Counter n: {counter}"))
                .line(format_args!("Reply: {reply:?}"))
                .value("Ciphertext with tag", &answer),
        );
    }
    printer.story(narrator.step("Conversation Closed").tag(&tag).line(
        format_args!(
            "The client closed the connection after {} messages",
            transport.receiving_nonce()
        ),
    ));
    Ok(())
}
// ANCHOR_END: serve_nk
