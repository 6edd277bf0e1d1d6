//! The program that `exercise.rs` and `solution.rs` both run: the first
//! value of `h` for each protocol name of the course.

use secure_messaging::noise::Pattern;

use super::initial_hash;

/// Prints `h` before the first token, for both patterns and one long name.
pub fn run() {
    let long = "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2s_and_more";
    for name in [
        Pattern::NN.protocol_name(),
        Pattern::NK.protocol_name(),
        long,
    ] {
        println!("{name} ({} bytes)", name.len());
        println!("  h = {}", hex::encode(initial_hash(name)));
    }
}
