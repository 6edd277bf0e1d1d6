//! Chapter 8, *Server and client*: a whole class of clients at once.
//!
//! `cargo run --example loadgen --release -- --clients 200` starts 200
//! clients together against the server, each running the whole protocol
//! (wire format v1), and prints how many connections the server completed per
//! second, the latency of half and of 99 % of them, and what went wrong with
//! the rest. Against a server on this machine each client speaks from its own
//! loopback address (127.1.x.y), as each student's laptop would.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read};
use std::net::{
    IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpStream, ToSocketAddrs,
};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use secure_messaging::Error;
use secure_messaging::cli::{Args, Failure};
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_exchange::exchange_as_client;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::Envelope;
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT};
use socket2::{Domain, Socket, Type};

const USAGE: &str = "\
Usage: cargo run --example loadgen --release -- [OPTIONS]

Starts many clients at once against a server and prints connections per
second, latency (p50, p99) and failures by cause.

Options:
  --clients N     clients at once (default 200)
  --each K        connections each client makes, one after another (default 1)
  --host HOST     the server's address (default 127.0.0.1)
  --port N        the server's port (default 65432)
  --same-address  on this machine, connect from 127.0.0.1 only, not from an
                  address of its own per client
  --timeout SECS  give up on a connection after SECS seconds (default 10)
  -h, --help      print this help
";

/// The message every client sends.
const MESSAGE: &str = "load test: a message the length of a short sentence";

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let clients: usize =
        args.value_within("--clients", 1..=60_000)?.unwrap_or(200);
    let each: usize = args.value_within("--each", 1..=1_000_000)?.unwrap_or(1);
    let host: String = args.value("--host")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_PORT);
    let same_address = args.flag("--same-address");
    let timeout: u64 = args.value_within("--timeout", 1..=3_600)?.unwrap_or(10);
    args.finish()?;

    let server = (host.as_str(), port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
        .ok_or_else(|| anyhow!("--host {host}: no such address"))?;
    // Own addresses only make sense when the server is on this machine.
    let own_addresses = server.ip().is_loopback() && !same_address;
    let plan = Plan {
        server,
        timeout: Duration::from_secs(timeout),
        deadline: Instant::now()
            + Duration::from_secs(timeout) * 3
            + Duration::from_secs(60),
    };

    println!(
        "{clients} clients x {each} connection(s) against {server}{}",
        if own_addresses {
            ", each from its own address on 127.1.0.0/16"
        } else {
            ""
        }
    );
    let start = Arc::new(Barrier::new(clients + 1));
    let mut threads = Vec::with_capacity(clients);
    for i in 0..clients {
        let source = own_addresses.then(|| source_address(i));
        let start = Arc::clone(&start);
        let thread = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                start.wait();
                let began = Instant::now();
                let outcomes: Vec<_> =
                    (0..each).map(|_| plan.connect(source)).collect();
                (began, Instant::now(), outcomes)
            })
            .context("could not start a client thread: try fewer --clients")?;
        threads.push(thread);
    }
    start.wait();
    // From the first client's start to the last one's end, as the clients
    // saw it: this thread may be scheduled late.
    let (mut first, mut last) = (None::<Instant>, None::<Instant>);
    let mut latencies = Vec::new();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    for thread in threads {
        let (began, ended, outcomes) =
            thread.join().expect("a client thread panicked");
        first = Some(first.map_or(began, |first| first.min(began)));
        last = Some(last.map_or(ended, |last| last.max(ended)));
        for outcome in outcomes {
            match outcome {
                Ok(latency) => latencies.push(latency),
                Err(cause) => *failures.entry(cause).or_default() += 1,
            }
        }
    }
    let took = match (first, last) {
        (Some(first), Some(last)) => last - first,
        _ => Duration::ZERO,
    };
    report(took, &mut latencies, &failures);
    Ok(())
}

/// Client `i`'s own address: 127.1.0.1, 127.1.0.2, ... 127.1.0.250, 127.1.1.1...
fn source_address(i: usize) -> IpAddr {
    let (high, low) = (i / 250, i % 250 + 1);
    IpAddr::V4(Ipv4Addr::new(127, 1, (high % 256) as u8, low as u8))
}

#[derive(Clone, Copy)]
struct Plan {
    server: SocketAddr,
    timeout: Duration,
    /// No client goes on past this, however slow the server.
    deadline: Instant,
}

impl Plan {
    /// One whole connection; its latency, or the cause of its failure.
    fn connect(&self, source: Option<IpAddr>) -> Result<Duration, String> {
        if Instant::now() > self.deadline {
            return Err("not tried: the run took too long".into());
        }
        let began = Instant::now();
        let mut stream = self
            .open(source)
            .map_err(|err| format!("connect: {}", cause(&err)))?;
        let key_pair = KeyPair::generate();
        let server_public =
            exchange_as_client(&mut stream, &key_pair.public_key()).map_err(
                |err| format!("key exchange: {}", library_cause(&err)),
            )?;
        let secret = key_pair
            .diffie_hellman(&server_public)
            .map_err(|err| format!("shared secret: {err}"))?;
        let salt = Salt::random();
        let key = derive_key(&secret, &salt);
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key, &nonce, MESSAGE.as_bytes())
            .map_err(|err| format!("encryption: {err}"))?;
        Envelope {
            salt,
            nonce,
            ciphertext,
        }
        .send(&mut stream)
        .map_err(|err| format!("sending: {}", library_cause(&err)))?;
        // The server closes once it has read the message.
        let _ = stream.shutdown(Shutdown::Write);
        match stream.read(&mut [0u8; 1]) {
            Ok(0) => Ok(began.elapsed()),
            Ok(_) => Err("waiting for the close: unexpected bytes".into()),
            Err(err) => Err(format!("waiting for the close: {}", cause(&err))),
        }
    }

    fn open(&self, source: Option<IpAddr>) -> std::io::Result<TcpStream> {
        let socket =
            Socket::new(Domain::for_address(self.server), Type::STREAM, None)?;
        if let Some(source) = source {
            socket.bind(&SocketAddr::new(source, 0).into())?;
        }
        socket.connect_timeout(&self.server.into(), self.timeout)?;
        let stream: TcpStream = socket.into();
        stream.set_read_timeout(Some(self.timeout))?;
        stream.set_write_timeout(Some(self.timeout))?;
        Ok(stream)
    }
}

/// A failure's cause in a few words, so that failures group by cause.
fn cause(err: &std::io::Error) -> String {
    match err.kind() {
        ErrorKind::ConnectionRefused => {
            "refused (is the server running?)".into()
        }
        ErrorKind::ConnectionReset => "reset by the server".into(),
        ErrorKind::TimedOut | ErrorKind::WouldBlock => "timed out".into(),
        _ => err.to_string(),
    }
}

fn library_cause(err: &Error) -> String {
    match err {
        Error::ConnectionClosed { .. } => {
            "closed by the server (full, or the limit per address)".into()
        }
        Error::TimedOut { .. } => "timed out".into(),
        Error::Io(err) => cause(err),
        other => other.to_string(),
    }
}

fn report(
    took: Duration,
    latencies: &mut [Duration],
    failures: &BTreeMap<String, usize>,
) {
    latencies.sort();
    let done = latencies.len();
    let failed: usize = failures.values().sum();
    let at = |share: f64| {
        let index = ((done as f64 * share).ceil() as usize).clamp(1, done) - 1;
        latencies[index]
    };
    println!(
        "{done} served, {failed} failed in {:.2} s: {:.0} connections/s",
        took.as_secs_f64(),
        done as f64 / took.as_secs_f64()
    );
    if done > 0 {
        println!(
            "latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            ms(at(0.50)),
            ms(at(0.99)),
            ms(latencies[done - 1])
        );
    }
    for (cause, count) in failures {
        println!("failed: {count} x {cause}");
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
