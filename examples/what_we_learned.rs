//! Part II, *What we learned*: `cargo run --example what_we_learned`.
//!
//! Runs every attack of Part II live, in memory, twice: against the weakened
//! variant its chapter names, and against the protocol of Part I. Each
//! attack is one function below returning a [`Live`] result, so that the
//! table the chapter draws is a table of things that just happened.

use secure_messaging::attacks::{
    Session, low_order_keys, nonce_reuse, reflection, replay, tampering,
};
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

/// A short verdict on a forged or bounced message: accepted, or refused.
fn verdict(result: Result<String>) -> String {
    match result {
        Ok(text) => format!("accepted: {text:?}"),
        Err(_) => "refused".to_owned(),
    }
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

/// *Nonce reuse*: two messages under one nonce. Mallory knows the first,
/// reads the second, and forges a third that the receiver accepts
/// ([`nonce_reuse::recover`] and [`nonce_reuse::forge`]).
fn nonce_reuse() -> Result<Live> {
    let (known, secret) = (&b"PIN is 1234, ok."[..], &b"PIN is 4921, ok."[..]);
    let wanted = &b"Pay Eve 900 EUR."[..];
    let attempt = |first: &SessionKey, second: &SessionKey| -> Result<String> {
        let nonce = Nonce::random();
        let c1 = encrypt(first, &nonce, known)?;
        let c2 = encrypt(second, &nonce, secret)?;
        let read = nonce_reuse::read_second(known, &c1, &c2);
        let read = match read == secret {
            true => format!("{:?}", String::from_utf8_lossy(&read)),
            false => "noise".to_owned(),
        };
        let forged = nonce_reuse::recover(&c1, &c2).and_then(|secrets| {
            nonce_reuse::forge(&secrets, known, &c1, wanted)
        });
        let forgery = match forged {
            Ok(forged) => verdict(decrypt_text(first, &nonce, &forged)),
            Err(err) => format!("impossible: {err}"),
        };
        Ok(format!("reads {read}; forgery {forgery}"))
    };
    let key = SessionKey::random();
    let salt = Salt::random();
    Ok(Live {
        variant: attempt(&key, &key)?,
        part_one: attempt(&connection_key(&salt)?, &connection_key(&salt)?)?,
    })
}

/// *Replay*: Mallory records a message and sends it again
/// ([`replay::RandomNonceSession`]).
fn replay() -> Result<Live> {
    let salt = Salt::random();
    let key = connection_key(&salt)?;
    let session = replay::RandomNonceSession::new(key);
    let recorded = session.seal("transfer 10 EUR")?;
    let once = session.open(&recorded)?;
    let twice = session.open(&recorded)?;
    // The real server makes a fresh key pair for the replayed connection.
    let replayed = recorded.open(&connection_key(&salt)?);
    Ok(Live {
        variant: format!("no counter: accepts {once:?}, then {twice:?} again"),
        part_one: format!("new connection, new key: {}", answer(replayed)),
    })
}

/// *Reflection*: Mallory sends the client its own message back
/// ([`reflection::SharedKeySession`], and [`reflection::DirectionalSession`]
/// as the defence).
fn reflection() -> Result<Live> {
    let salt = Salt::random();
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let secret = client.diffie_hellman(&server.public_key())?;
    let shared = reflection::SharedKeySession::new(derive_key(&secret, &salt));
    let bounced = shared.open(&shared.seal("I agree to pay")?);
    let directional = reflection::DirectionalSession::client(&secret, &salt);
    let refused = directional.open(&directional.seal("I agree to pay")?);
    Ok(Live {
        variant: format!("one key both ways: the client {}", answer(bounced)),
        part_one: format!(
            "nothing comes back; a key per direction: {}",
            verdict(refused)
        ),
    })
}

/// *Low-order keys*: Mallory swaps both public keys for a low-order point
/// ([`low_order_keys::NoContributoryCheck`]).
fn low_order() -> Result<Live> {
    let point = low_order_keys::low_order_point();
    let salt = Salt::random();
    let unchecked = low_order_keys::NoContributoryCheck::generate();
    let secret = unchecked.diffie_hellman(&point);
    let victim = low_order_keys::derive_key_unchecked(&secret, &salt);
    let nonce = Nonce::random();
    let sealed = encrypt(&victim, &nonce, b"Hello, server!")?;
    let read =
        decrypt_text(&low_order_keys::attacker_key(&salt), &nonce, &sealed);
    let checked = KeyPair::generate().diffie_hellman(&point);
    Ok(Live {
        variant: match read {
            Ok(text) => {
                format!("no contributory check: Mallory reads {text:?}")
            }
            Err(err) => {
                format!("no contributory check, yet Mallory fails: {err}")
            }
        },
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
