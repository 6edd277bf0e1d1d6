// Not a module of the crate: the doctest at the top of src/key_generation.rs
// compiles this program and passes only if the compiler refuses it with error
// E0382. Chapter 1 shows it, with the error a class sees when a teacher runs:
// cp src/key_generation/used_twice.rs examples/ && cargo build --example used_twice
// ANCHOR: used_twice
use secure_messaging::key_generation::KeyPair;

fn main() {
    let ours = KeyPair::generate();
    let theirs = KeyPair::generate().public_key();
    let _first = ours.diffie_hellman(&theirs);
    let _second = ours.diffie_hellman(&theirs); // a second agreement?
}
// ANCHOR_END: used_twice
