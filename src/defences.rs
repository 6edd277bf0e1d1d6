//! Chapter 8, *Server and client*: how the server stays up when one machine
//! misbehaves.
//!
//! A server has a fixed number of places for clients. Without rules, one
//! machine that opens connections and sends nothing takes every place and
//! locks the class out. The [`Door`] every connection passes through keeps
//! two rules:
//!
//! 1. **Per address**: one address holds at most `per_address` places. The
//!    rest of its connections are refused at once.
//! 2. **Fair eviction**: when every place is taken, a newcomer whose address
//!    holds at least two places fewer than the busiest address takes the
//!    oldest place of that busiest address, whose connection is closed.
//!    Otherwise the newcomer is refused.
//!
//! So an address that holds few places always gets in, however many
//! connections another address opens. Deadlines per stage (see
//! [`TimedStream::set_limit`](crate::transmission::TimedStream::set_limit))
//! make idle places free themselves.
//!
//! ```
//! use std::net::{TcpListener, TcpStream};
//! use std::sync::Arc;
//! use secure_messaging::defences::{Door, Limits, Refusal};
//!
//! let listener = TcpListener::bind("127.0.0.1:0")?;
//! let door = Arc::new(Door::new(Limits { max_clients: 4, per_address: 1 }));
//! let _one = TcpStream::connect(listener.local_addr()?)?;
//! let _two = TcpStream::connect(listener.local_addr()?)?;
//! let (first, peer) = listener.accept()?;
//! let pass = door.admit(&first, peer.ip()).unwrap();
//! let (second, peer) = listener.accept()?;
//! assert!(matches!(door.admit(&second, peer.ip()), Err(Refusal::AddressFull { .. })));
//! drop(pass); // the place is free again
//! assert!(door.admit(&second, peer.ip()).is_ok());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// How many clients the server holds, in all and per address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Places for clients in all.
    pub max_clients: usize,
    /// Places one address may hold.
    pub per_address: usize,
}

/// Why a connection was not let in.
#[derive(Debug)]
pub enum Refusal {
    /// Its address already holds its share of places.
    AddressFull {
        /// The address.
        address: IpAddr,
        /// The places one address may hold.
        limit: usize,
    },
    /// Every place is taken, and no address holds many more than this one.
    ServerFull {
        /// The places in all.
        limit: usize,
    },
    /// The server could not keep a handle on the connection (out of file
    /// descriptors, for instance).
    Io(std::io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::AddressFull { address, limit } => write!(
                f,
                "refused: {address} already has {limit} connections open \
                 (the limit per address, --per-address)"
            ),
            Refusal::ServerFull { limit } => write!(
                f,
                "refused: the server is full ({limit} clients, --max-clients), \
                 try again later"
            ),
            Refusal::Io(err) => write!(
                f,
                "refused: {err} (the server is short of resources; \
                 `ulimit -n` shows how many connections it may hold)"
            ),
        }
    }
}

/// One connection's place. Dropping it frees the place.
#[derive(Debug)]
pub struct Pass {
    door: Arc<Door>,
    id: u64,
    evicted: Arc<AtomicBool>,
}

impl Pass {
    /// True once the door closed this connection to make room for a client
    /// from a less busy address.
    pub fn was_evicted(&self) -> bool {
        self.evicted.load(Ordering::SeqCst)
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut state = self.door.lock();
        if let Some(at) = state.open.iter().position(|e| e.id == self.id) {
            let entry = state.open.remove(at);
            state.forget(entry.address);
        }
    }
}

/// Lets connections in by the rules of the [module](self).
#[derive(Debug)]
pub struct Door {
    limits: Limits,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    next_id: u64,
    /// Open connections, oldest first.
    open: Vec<Entry>,
    /// How many of them each address holds.
    per_address: HashMap<IpAddr, usize>,
}

#[derive(Debug)]
struct Entry {
    id: u64,
    address: IpAddr,
    since: Instant,
    /// A second handle on the connection, to close it on eviction.
    stream: TcpStream,
    evicted: Arc<AtomicBool>,
}

impl State {
    fn held_by(&self, address: IpAddr) -> usize {
        self.per_address.get(&address).copied().unwrap_or(0)
    }

    /// The address that holds the most places, and how many.
    fn busiest(&self) -> Option<(IpAddr, usize)> {
        self.per_address
            .iter()
            .max_by_key(|(_, count)| **count)
            .map(|(address, count)| (*address, *count))
    }

    /// Closes the oldest connection of `address` and frees its place.
    fn evict_oldest_of(&mut self, address: IpAddr) {
        let Some(at) = self.open.iter().position(|e| e.address == address)
        else {
            return;
        };
        let entry = self.open.remove(at);
        self.forget(address);
        entry.evicted.store(true, Ordering::SeqCst);
        // Its thread's next read or write fails at once.
        let _ = entry.stream.shutdown(Shutdown::Both);
    }

    fn forget(&mut self, address: IpAddr) {
        if let Some(count) = self.per_address.get_mut(&address) {
            *count -= 1;
            if *count == 0 {
                self.per_address.remove(&address);
            }
        }
    }
}

impl Door {
    /// A door with these limits.
    pub fn new(limits: Limits) -> Self {
        Door {
            limits,
            state: Mutex::new(State::default()),
        }
    }

    /// The limits this door keeps.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// How many connections hold a place now.
    pub fn open(&self) -> usize {
        self.lock().open.len()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the counts half-updated: every
        // change is made under the lock in a few lines that do not panic.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Lets `stream`, from `address`, in or says why not. Letting it in may
    /// close the oldest connection of the busiest address.
    pub fn admit(
        self: &Arc<Self>,
        stream: &TcpStream,
        address: IpAddr,
    ) -> Result<Pass, Refusal> {
        let mut state = self.lock();
        let held = state.held_by(address);
        if held >= self.limits.per_address {
            return Err(Refusal::AddressFull {
                address,
                limit: self.limits.per_address,
            });
        }
        make_room(&mut state, &self.limits, held)?;
        let stream = stream.try_clone().map_err(Refusal::Io)?;
        let id = state.next_id;
        state.next_id += 1;
        let evicted = Arc::new(AtomicBool::new(false));
        state.open.push(Entry {
            id,
            address,
            since: Instant::now(),
            stream,
            evicted: Arc::clone(&evicted),
        });
        *state.per_address.entry(address).or_default() += 1;
        debug_assert!(state.open.windows(2).all(|w| w[0].since <= w[1].since));
        Ok(Pass {
            door: Arc::clone(self),
            id,
            evicted,
        })
    }
}

// ANCHOR: evict
/// Makes room for a newcomer whose address holds `held` places. When every
/// place is taken, the busiest address gives up its oldest place if it holds
/// at least two more than the newcomer's; otherwise the server is full.
fn make_room(
    state: &mut State,
    limits: &Limits,
    held: usize,
) -> Result<(), Refusal> {
    if state.open.len() >= limits.max_clients {
        match state.busiest() {
            Some((busiest, count)) if count >= held + 2 => {
                state.evict_oldest_of(busiest);
            }
            _ => {
                let limit = limits.max_clients;
                return Err(Refusal::ServerFull { limit });
            }
        }
    }
    Ok(())
}
// ANCHOR_END: evict

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::{Ipv4Addr, TcpListener};

    /// A connected pair: the server's end and the client's end.
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client =
            TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (server, client)
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, last))
    }

    #[test]
    fn one_address_cannot_take_more_than_its_share() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let door = Arc::new(Door::new(Limits {
            max_clients: 10,
            per_address: 2,
        }));
        let (a, _ca) = pair(&listener);
        let (b, _cb) = pair(&listener);
        let (c, _cc) = pair(&listener);
        let _pa = door.admit(&a, ip(1)).unwrap();
        let pb = door.admit(&b, ip(1)).unwrap();
        let refusal = door.admit(&c, ip(1)).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "refused: 10.0.0.1 already has 2 connections open \
             (the limit per address, --per-address)"
        );
        assert!(door.admit(&c, ip(2)).is_ok(), "another address gets in");
        drop(pb);
        assert!(door.admit(&c, ip(1)).is_ok(), "a freed place is free");
    }

    #[test]
    fn a_thread_that_cannot_start_refuses_its_client_and_frees_its_place() {
        // What the server does with each client, when no thread can start.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (server, mut client) = pair(&listener);
        let door = Arc::new(Door::new(Limits {
            max_clients: 1,
            per_address: 1,
        }));
        let pass = door.admit(&server, ip(1)).unwrap();
        // No system gives a thread a stack of half the address space.
        let builder = std::thread::Builder::new().stack_size(usize::MAX / 2);
        let started = builder.spawn(move || drop((server, pass)));
        assert!(started.is_err(), "an error, not a panic");
        assert_eq!(door.open(), 0, "the place is free again");
        let mut byte = [0u8; 1];
        client
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        assert_eq!(client.read(&mut byte).unwrap(), 0, "the client is refused");
    }

    #[test]
    fn a_full_server_evicts_the_oldest_of_the_busiest_address() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let door = Arc::new(Door::new(Limits {
            max_clients: 3,
            per_address: 3,
        }));
        let pairs: Vec<_> = (0..5).map(|_| pair(&listener)).collect();
        let passes: Vec<Pass> = pairs[..3]
            .iter()
            .map(|(server, _)| door.admit(server, ip(1)).unwrap())
            .collect();
        let newcomer = door.admit(&pairs[3].0, ip(2)).unwrap();
        assert!(passes[0].was_evicted(), "the oldest place went");
        assert!(!passes[1].was_evicted() && !passes[2].was_evicted());
        assert!(!newcomer.was_evicted());
        assert_eq!(door.open(), 3);
        // The evicted client sees its connection closed.
        let mut byte = [0u8; 1];
        let mut evicted_client = &pairs[0].1;
        assert_eq!(evicted_client.read(&mut byte).unwrap(), 0);
        // 10.0.0.1 now holds 2, 10.0.0.2 holds 1: too close to evict again.
        assert!(matches!(
            door.admit(&pairs[4].0, ip(2)),
            Err(Refusal::ServerFull { limit: 3 })
        ));
        drop(passes);
        assert_eq!(door.open(), 1, "an evicted pass frees nothing twice");
    }
}
