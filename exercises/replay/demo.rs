//! The program that `exercise.rs` and `solution.rs` both run: a bank that
//! counts messages, and Mallory replaying one.

use secure_messaging::attacks::Sealed;
use secure_messaging::encryption::{NONCE_LEN, Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;

use super::open_next;

// ANCHOR: demo
/// The nonce of message number `counter`: four zero bytes, then the counter
/// as eight big-endian bytes. Never random, never used twice.
pub fn counter_nonce(counter: u64) -> Nonce {
    let mut nonce = [0u8; NONCE_LEN];
    nonce[4..].copy_from_slice(&counter.to_be_bytes());
    Nonce::from_bytes(nonce)
}

/// The receiving end: the session key and the number of the next message.
pub struct CountingReceiver {
    pub key: SessionKey,
    pub next: u64,
}

/// Why a message was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Its counter is not the one expected: replayed, dropped or reordered.
    OutOfOrder { expected: u64 },
    /// Its tag did not verify.
    Tag,
}
// ANCHOR_END: demo

/// The sending end: it numbers its messages 0, 1, 2, ...
pub struct CountingSender {
    pub key: SessionKey,
    pub next: u64,
}

impl CountingSender {
    /// Seals `message` under the next counter.
    pub fn seal(&mut self, message: &str) -> Sealed {
        let nonce = counter_nonce(self.next);
        self.next += 1;
        let ciphertext = encrypt(&self.key, &nonce, message.as_bytes())
            .expect("a short message");
        Sealed { nonce, ciphertext }
    }
}

/// The session of the chapter with counters: the client pays, Mallory sends
/// the payment again, the client pays someone else.
pub fn run() {
    let key = [0x5e; 32];
    let mut client = CountingSender {
        key: SessionKey::from_bytes(key),
        next: 0,
    };
    let mut bank = CountingReceiver {
        key: SessionKey::from_bytes(key),
        next: 0,
    };
    let payment = client.seal("Transfer 10 EUR to Mallory");
    let replayed = payment.clone();
    let next = client.seal("Transfer 5 EUR to Bob");
    for (who, sealed) in [
        ("The client", &payment),
        ("Mallory, replaying", &replayed),
        ("The client", &next),
    ] {
        match open_next(&mut bank, sealed) {
            Ok(text) => println!("{who}: the bank read {text:?}"),
            Err(refused) => println!("{who}: the bank refused it, {refused:?}"),
        }
    }
}
