#!/usr/bin/env python3
"""The yardstick: a server written like the Python demo this course descends
from (one thread per client, Python's `cryptography` package, every step
printed), speaking wire format v1. It is run by hand, never by CI:

    pip install cryptography
    python3 bench/python_server.py --port 65433 > /dev/null &
    cargo run --example loadgen --release -- --port 65433 --clients 2 --each 2000

and the same loadgen line against `cargo run --example server -- --port 65434`.
"""
import argparse
import socket
import struct
import threading

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"secure-messaging/v1"
RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def short(data):
    return f"{data[:1].hex()}...{data[-1:].hex()}"


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


def handle_client(conn, addr, number):
    tag = f"[client {number}]"
    try:
        with conn:
            conn.settimeout(300)
            private_key = X25519PrivateKey.generate()
            public = private_key.public_key().public_bytes(*RAW)
            print(f"--- Key Generation ---\n{tag} Server public key: {short(public)}\n")
            client_public = recv_exact(conn, 32)
            conn.sendall(public)
            print(f"--- Key Exchange ---\n{tag} Connected from {addr[0]}:{addr[1]}")
            print(f"{tag} Received client public key: {short(client_public)}\n")
            shared = private_key.exchange(X25519PublicKey.from_public_bytes(client_public))
            print(f"--- Shared Secret ---\n{tag} Shared secret: {short(shared)}\n")
            salt = recv_exact(conn, 32)
            key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(shared)
            print(f"--- Key Derivation ---\n{tag} Received salt: {short(salt)}")
            print(f"{tag} AES-256 key: {short(key)}\n")
            nonce = recv_exact(conn, 12)
            (length,) = struct.unpack(">I", recv_exact(conn, 4))
            if not 16 <= length <= 65552:
                raise ValueError(f"bad ciphertext length {length}")
            ciphertext = recv_exact(conn, length)
            print(f"--- Message Reception ---\n{tag} Nonce: {short(nonce)}")
            print(f"{tag} Ciphertext with tag: {short(ciphertext)}\n")
            message = AESGCM(key).decrypt(nonce, ciphertext, None).decode()
            print(f"--- Decryption Result ---\n{tag} Message: {message!r}\n")
    except Exception as err:  # one line per bad client, as the demo did
        print(f"{tag} error: {err}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=65432)
    args = parser.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((args.bind, args.port))
    server.listen(128)
    print(f"Server listening on {args.bind}:{args.port}\n", flush=True)
    number = 0
    while True:
        conn, addr = server.accept()
        number += 1
        threading.Thread(target=handle_client, args=(conn, addr, number), daemon=True).start()


if __name__ == "__main__":
    main()
