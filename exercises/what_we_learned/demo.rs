//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! functions you write and prints what they do.

use secure_messaging::encryption::encrypt;
use secure_messaging::key_derivation::SessionKey;

use super::{InOrder, counter_nonce};

/// The sender's side: message number `counter`, sealed under its nonce.
pub fn send(
    key: &SessionKey,
    counter: u64,
    message: &str,
) -> secure_messaging::Result<Vec<u8>> {
    encrypt(key, &counter_nonce(counter), message.as_bytes())
}

/// Sends three messages; Mallory drops the second, then replays the first.
pub fn run() -> Result<(), secure_messaging::Error> {
    let key = SessionKey::random();
    let messages = ["hello", "transfer 10 EUR to Bob", "bye"];
    let sent: Vec<Vec<u8>> = (0..)
        .zip(messages)
        .map(|(counter, message)| send(&key, counter, message))
        .collect::<Result<_, _>>()?;
    let mut receiver = InOrder::new(SessionKey::from_bytes(*key.as_bytes()));
    // Mallory lets 0 through, drops 1, lets 2 through, then replays 0.
    for (counter, what) in [(0, "delivered"), (2, "delivered"), (0, "replayed")]
    {
        let answer = match receiver.receive(&sent[counter]) {
            Ok(text) => format!("accepted {text:?}"),
            Err(_) => "refused: the tag does not verify".to_owned(),
        };
        println!("Message {counter} {what}: {answer}");
    }
    println!(
        "The receiver still expects message {}: message 1 never arrived.",
        receiver.next
    );
    Ok(())
}
