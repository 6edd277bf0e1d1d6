//! Part II, *What we learned*: `cargo run --example what_we_learned`.
//!
//! Runs every attack of Part II live, in memory, twice: against the weakened
//! variant its chapter names, and against the protocol of Part I. Each
//! attack is one function below returning a [`Live`] result, so that the
//! table the chapter draws is a table of things that just happened.

use secure_messaging::attacks::tampering;
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey, derive_key};
use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::narration::Narrator;
use secure_messaging::{Error, Result};

const USAGE: &str = "\
Usage: cargo run --example what_we_learned [-- --full-hex]

Runs every attack of Part II in memory, against its weakened variant and
against the protocol of Part I, and says what each one got.
";

// ANCHOR: live
/// What one attack got, run live: against its chapter's weakened variant,
/// and against the protocol of Part I.
struct Live {
    variant: String,
    part_one: String,
}

/// One row of the chapter's table: an attack, the rule that stops it, and
/// the function that runs it.
struct Attack {
    name: &'static str,
    rule: &'static str,
    run: fn() -> Result<Live>,
}
// ANCHOR_END: live

const ATTACKS: [Attack; 6] = [
    Attack {
        name: "Tampering",
        rule: "a tag on every byte, checked before any is used (AEAD)",
        run: tampering,
    },
    Attack {
        name: "Nonce Reuse",
        rule: "never one nonce twice under a key: fresh keys, counters",
        run: nonce_reuse,
    },
    Attack {
        name: "Replay",
        rule: "number the messages; refuse one already seen",
        run: replay,
    },
    Attack {
        name: "Reflection",
        rule: "one key per direction",
        run: reflection,
    },
    Attack {
        name: "Low-Order Keys",
        rule: "refuse an all-zero shared secret (contributory check)",
        run: low_order,
    },
    Attack {
        name: "Man in the Middle",
        rule: "authenticate the public keys (compare safety numbers)",
        run: man_in_the_middle,
    },
];

fn main() -> std::result::Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    for attack in &ATTACKS {
        print!("{}", row(narrator, attack)?);
    }
    Ok(())
}

/// Runs one attack and tells what happened, both ways.
fn row(narrator: Narrator, attack: &Attack) -> Result<String> {
    let live = (attack.run)()?;
    Ok(narrator
        .step(attack.name)
        .line(format_args!("Variant: {}", live.variant))
        .line(format_args!("Part I: {}", live.part_one))
        .line(format_args!("Rule: {}", attack.rule))
        .to_string())
}

/// How a receiver answered: the text it accepted, or why it refused.
fn answer<T: std::fmt::Debug>(result: Result<T>) -> String {
    match result {
        Ok(value) => format!("accepts {value:?}"),
        Err(Error::Decryption) => "refuses: the tag does not verify".into(),
        Err(Error::LowOrderPublicKey) => "refuses the low-order key".into(),
        Err(err) => format!("refuses: {err}"),
    }
}

/// One side's key for a connection: a fresh key pair each, as Part I does.
fn connection_key(salt: &Salt) -> Result<SessionKey> {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let secret = client.diffie_hellman(&server.public_key())?;
    Ok(derive_key(&secret, salt))
}

/// The XOR of two byte strings, as long as the shorter.
fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

// ANCHOR: tampering
/// *Tampering*: Mallory edits "PAY 0100 EUR TO BOB" in flight.
fn tampering() -> Result<Live> {
    let outcome = tampering::attack(&SessionKey::random(), &Nonce::random())?;
    Ok(Live {
        variant: format!("UntaggedCtr reads {:?}", outcome.untagged),
        part_one: answer(outcome.gcm),
    })
}
// ANCHOR_END: tampering

/// *Nonce reuse*: two messages under one key and one nonce; Mallory knows
/// the first, and XORs her way to the second.
fn nonce_reuse() -> Result<Live> {
    let (known, secret) = (b"Hello, server!", b"PIN is 4921 ok");
    let recover = |first: &SessionKey, second: &SessionKey| -> Result<String> {
        let nonce = Nonce::random();
        let c1 = encrypt(first, &nonce, known)?;
        let c2 = encrypt(second, &nonce, secret)?;
        let guess = xor(&xor(&c1, &c2), known);
        Ok(if guess == secret {
            format!("Mallory recovers {:?}", String::from_utf8_lossy(&guess))
        } else {
            "Mallory recovers noise: the keystreams differ".to_owned()
        })
    };
    let key = SessionKey::random();
    let salt = Salt::random();
    Ok(Live {
        variant: format!("one key, nonce reused: {}", recover(&key, &key)?),
        part_one: format!(
            "a fresh key per connection: {}",
            recover(&connection_key(&salt)?, &connection_key(&salt)?)?
        ),
    })
}

/// *Replay*: Mallory records a message and sends it again.
fn replay() -> Result<Live> {
    let salt = Salt::random();
    let key = connection_key(&salt)?;
    let nonce = Nonce::random();
    let recorded = encrypt(&key, &nonce, b"transfer 10 EUR")?;
    let once = decrypt_text(&key, &nonce, &recorded)?;
    let twice = decrypt_text(&key, &nonce, &recorded)?;
    // The real server makes a fresh key pair for the replayed connection.
    let replayed = decrypt_text(&connection_key(&salt)?, &nonce, &recorded);
    Ok(Live {
        variant: format!("no counter: accepts {once:?}, then {twice:?} again"),
        part_one: format!("new connection, new key: {}", answer(replayed)),
    })
}

/// *Reflection*: Mallory sends the client its own message back.
fn reflection() -> Result<Live> {
    let key = connection_key(&Salt::random())?;
    let nonce = Nonce::random();
    let from_client = encrypt(&key, &nonce, b"I agree to pay")?;
    // One key for both directions: the client opens its own words.
    let bounced = decrypt_text(&key, &nonce, &from_client);
    Ok(Live {
        variant: format!(
            "one key both ways: the client {} as the server's",
            answer(bounced)
        ),
        part_one: "one message, client to server: nothing comes back to \
                   bounce"
            .to_owned(),
    })
}

/// *Low-order keys*: Mallory swaps a public key for a low-order point.
fn low_order() -> Result<Live> {
    let low_order = PublicKey::from([0u8; 32]);
    // Without the contributory check: plain X25519, as x25519-dalek gives it.
    let unchecked =
        x25519_dalek::StaticSecret::from(rand::random::<[u8; 32]>())
            .diffie_hellman(&low_order);
    let zeros = unchecked.as_bytes().iter().all(|&b| b == 0);
    let checked = KeyPair::generate().diffie_hellman(&low_order);
    Ok(Live {
        variant: format!(
            "no contributory check: the shared secret is {}",
            if zeros {
                "all zeros, known to Mallory"
            } else {
                "secret"
            }
        ),
        part_one: answer(checked.map(|_| "the low-order key")),
    })
}

/// *The man in the middle*: Mallory runs the protocol with each side.
fn man_in_the_middle() -> Result<Live> {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    // Mallory has a key pair for each side, and swaps in its public key
    // where each side expects its peer's.
    let (facing_client, facing_server) =
        (KeyPair::generate(), KeyPair::generate());
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let (to_client, to_server) =
        (facing_client.public_key(), facing_server.public_key());
    let salt = Salt::random();
    let key = |pair: KeyPair, peer: &PublicKey| -> Result<SessionKey> {
        Ok(derive_key(&pair.diffie_hellman(peer)?, &salt))
    };
    let client_key = key(client, &to_client)?;
    let server_key = key(server, &to_server)?;
    let mallory_client_key = key(facing_client, &client_public)?;
    let mallory_server_key = key(facing_server, &server_public)?;

    let nonce = Nonce::random();
    let sent = encrypt(&client_key, &nonce, b"Hello, server!")?;
    let read = decrypt_text(&mallory_client_key, &nonce, &sent)?;
    let forwarded = encrypt(&mallory_server_key, &nonce, read.as_bytes())?;
    let arrived = decrypt_text(&server_key, &nonce, &forwarded);
    Ok(Live {
        variant: "none needed: Part I itself is the target".to_owned(),
        part_one: format!(
            "Mallory reads {read:?}; the server {}",
            answer(arrived)
        ),
    })
}
