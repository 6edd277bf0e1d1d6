// The labs of Part I: each chapter's step, run in the reader's browser.
//
// A chapter asks for its lab with a placeholder in its Markdown:
//
//     <div class="lab" data-lab="shared-secret"></div>
//
// and this script turns it into a small panel with buttons. Everything is
// computed by the browser's own cryptography (WebCrypto, `crypto.subtle`):
// X25519, HKDF-SHA256 and AES-256-GCM, the same three algorithms as the Rust
// crate, with no library and no network. The Rust crate stays the reference:
// with the fixed keys, salt and nonce of the appendix's test vector, every
// value a lab prints equals the vector's, and the book's browser check proves
// it on every page that has a lab.
"use strict";

(() => {
    // ---------------------------------------------------------------------
    // Bytes and hex, shown as the programs show them.
    // ---------------------------------------------------------------------

    const toHex = (bytes) =>
        Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

    const fromHex = (hex) =>
        new Uint8Array(hex.match(/../g).map((pair) => parseInt(pair, 16)));

    // Like the programs' short hex: first and last byte, such as 7f...e2.
    const shortHex = (bytes) =>
        bytes.length > 2
            ? `${toHex(bytes.slice(0, 1))}...${toHex(bytes.slice(-1))}`
            : toHex(bytes);

    const concat = (...parts) => {
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const part of parts) {
            all.set(part, at);
            at += part.length;
        }
        return all;
    };

    const randomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));
    const text = new TextEncoder();

    // The info label of key derivation, as in src/key_derivation.rs.
    const INFO = text.encode("secure-messaging/v1");

    // The appendix's test vector (tests/data/wire_format_v1.txt): RFC 7748's
    // keys, a fixed salt and nonce, and the message "Hello, server!".
    const VECTOR = {
        clientPrivate:
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        serverPrivate:
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
        salt: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        nonce: "202122232425262728292a2b",
        message: "Hello, server!",
    };

    // The crate's own error messages (src/error.rs), word for word.
    const LOW_ORDER =
        "the peer's public key is a low-order point: the shared secret " +
        "would be all zeros, so it was refused";
    const TAG_FAILED =
        "decryption failed: the tag did not verify (wrong key or nonce, " +
        "or the message was changed on the way)";

    // ---------------------------------------------------------------------
    // The protocol's steps, one function each, named after the chapters.
    // ---------------------------------------------------------------------

    const subtle = () => crypto.subtle;

    // Chapter 1. A private key is 32 random bytes; WebCrypto imports them in
    // PKCS#8, a fixed 16-byte header and the key (JWK would want the public
    // key, which is what we are computing).
    const PKCS8_X25519 = fromHex("302e020100300506032b656e04220420");

    async function keyPair(privateBytes) {
        const privateKey = await subtle().importKey(
            "pkcs8", concat(PKCS8_X25519, privateBytes), { name: "X25519" },
            true, ["deriveBits"]);
        // The public key: WebCrypto hands it out through the JWK form.
        const jwk = await subtle().exportKey("jwk", privateKey);
        const publicBytes = fromBase64Url(jwk.x);
        return { privateBytes, privateKey, publicBytes };
    }

    function fromBase64Url(b64) {
        const plain = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
        return Uint8Array.from(plain, (c) => c.charCodeAt(0));
    }

    // Chapter 3. X25519 with the peer's public key, refusing an all-zero
    // result as the crate does. Browsers refuse low-order keys themselves,
    // at different moments (Chromium in deriveBits, Firefox at importKey):
    // both count as the same refusal.
    async function sharedSecret(own, peerPublicBytes) {
        let secret;
        try {
            const peer = await subtle().importKey(
                "raw", peerPublicBytes, { name: "X25519" }, true, []);
            secret = new Uint8Array(await subtle().deriveBits(
                { name: "X25519", public: peer }, own.privateKey, 256));
        } catch (err) {
            if (peerPublicBytes.every((b) => b === 0) || isLowOrder(err)) {
                throw new Error(LOW_ORDER);
            }
            throw err;
        }
        if (secret.every((b) => b === 0)) {
            throw new Error(LOW_ORDER);
        }
        return secret;
    }

    const isLowOrder = (err) => err && err.name === "OperationError";

    // Chapter 4. HKDF-SHA256: salt and shared secret in, a 32-byte key out.
    async function deriveKey(secret, salt) {
        const ikm = await subtle().importKey(
            "raw", secret, "HKDF", false, ["deriveBits"]);
        return new Uint8Array(await subtle().deriveBits(
            { name: "HKDF", hash: "SHA-256", salt, info: INFO }, ikm, 256));
    }

    const aesKey = (key, use) =>
        subtle().importKey("raw", key, "AES-GCM", false, [use]);

    // Chapter 5. AES-256-GCM: the ciphertext comes back with its 16-byte tag
    // appended, as in the crate.
    async function encrypt(key, nonce, message) {
        return new Uint8Array(await subtle().encrypt(
            { name: "AES-GCM", iv: nonce }, await aesKey(key, "encrypt"),
            text.encode(message)));
    }

    // Chapter 6. The envelope: salt, nonce, a 4-byte big-endian length, and
    // the ciphertext with its tag.
    function envelope(salt, nonce, ciphertext) {
        const length = new Uint8Array(4);
        new DataView(length.buffer).setUint32(0, ciphertext.length);
        return concat(salt, nonce, length, ciphertext);
    }

    // Chapter 7. Verify the tag, then recover the text.
    async function decrypt(key, nonce, ciphertext) {
        try {
            const plain = await subtle().decrypt(
                { name: "AES-GCM", iv: nonce }, await aesKey(key, "decrypt"),
                ciphertext);
            return new TextDecoder().decode(plain);
        } catch (err) {
            throw new Error(TAG_FAILED);
        }
    }

    // ---------------------------------------------------------------------
    // One run of the protocol, told as the programs tell it.
    // ---------------------------------------------------------------------

    // Runs the protocol as far as `lab.upTo`, telling the story into `story`:
    // blocks of lines, each headed like the programs' `--- Step ---`. A step
    // that fails throws, and the story so far stays to be shown.
    // `fault` is the chapter's "what if": a low-order key or a flipped bit.
    async function run(lab, { vector, fault, message }, story) {
        const block = (side, title) => {
            const lines = [];
            story.push({ side, title, lines });
            return {
                value(name, label, bytes, secret = false) {
                    lines.push({ name, label, bytes, secret });
                    return this;
                },
                line(words) {
                    lines.push({ words });
                    return this;
                },
            };
        };
        const pick = (hex, n) => (vector ? fromHex(hex) : randomBytes(n));
        const at = (step) => STEPS.indexOf(step) <= STEPS.indexOf(lab.upTo);

        const client = await keyPair(pick(VECTOR.clientPrivate, 32));
        const server = await keyPair(pick(VECTOR.serverPrivate, 32));
        for (const [side, pair] of [["client", client], ["server", server]]) {
            block(side, "Key Generation")
                .value(`${side}_private_key`, "Private key", pair.privateBytes,
                    true)
                .value(`${side}_public_key`, "Public key", pair.publicBytes);
        }
        if (!at("key-exchange")) return;

        // What each side receives: the other's key, or an attacker's.
        const lowOrder = new Uint8Array(32);
        const toServer = fault === "low-order" ? lowOrder : client.publicBytes;
        const toClient = fault === "low-order" ? lowOrder : server.publicBytes;
        const attacked = fault === "low-order" ? "low_order_key" : null;
        block("client", "Key Exchange")
            .value("client_public_key", "Sent client public key",
                client.publicBytes)
            .value(attacked || "server_public_key",
                "Received server public key", toClient);
        block("server", "Key Exchange")
            .value(attacked || "client_public_key",
                "Received client public key", toServer)
            .value("server_public_key", "Sent server public key",
                server.publicBytes);
        if (!at("shared-secret")) return;

        const secrets = {};
        for (const [side, own, peer] of [
            ["client", client, toClient], ["server", server, toServer]]) {
            secrets[side] = await sharedSecret(own, peer);
            block(side, "Shared Secret")
                .value("shared_secret", "Shared secret", secrets[side]);
        }
        if (!at("key-derivation")) return;

        const salt = pick(VECTOR.salt, 32);
        const keys = {};
        for (const side of ["client", "server"]) {
            keys[side] = await deriveKey(secrets[side], salt);
            block(side, "Key Derivation")
                .value("salt", side === "client" ? "Random salt"
                    : "Received salt", salt)
                .line(`Info: ${new TextDecoder().decode(INFO)}`)
                .value("key", "AES-256 key", keys[side]);
        }
        if (!at("encryption")) return;

        const nonce = pick(VECTOR.nonce, 12);
        const sealed = await encrypt(keys.client, nonce, message);
        const sent = block("client", "Message Encryption")
            .line(`Message: ${JSON.stringify(message)} ` +
                `(${text.encode(message).length} bytes)`)
            .value("nonce", "Random nonce", nonce)
            .value("ciphertext_with_tag", "Ciphertext with tag", sealed);
        if (!at("transmission")) return;

        const wire = envelope(salt, nonce, sealed);
        sent.value("client_to_server_2", "Envelope on the wire", wire)
            .line("salt (32) | nonce (12) | length (4) | ciphertext and tag");
        if (!at("decryption")) return;

        // The server reads what arrived, perhaps with one bit flipped.
        const arrived = sealed.slice();
        if (fault === "flip") arrived[0] ^= 0x01;
        block("server", "Message Reception")
            .value("nonce", "Nonce", nonce)
            .value(fault === "flip" ? "flipped" : "ciphertext_with_tag",
                "Ciphertext with tag", arrived);
        const received = await decrypt(keys.server, nonce, arrived);
        block("server", "Decryption Result")
            .line(`Message: ${JSON.stringify(received)}`)
            .line("SUCCESS: the tag verified and the message is intact");
    }

    // The steps in order, by their chapters' file names.
    const STEPS = ["key-generation", "key-exchange", "shared-secret",
        "key-derivation", "encryption", "transmission", "decryption"];

    // What each chapter's lab runs, and the "what if" it offers.
    const LABS = {
        "key-generation": { upTo: "key-generation" },
        "key-exchange": { upTo: "key-exchange" },
        "shared-secret": { upTo: "shared-secret", fault: "low-order",
            faultLabel: "Swap in an all-zero public key" },
        "key-derivation": { upTo: "key-derivation" },
        "encryption": { upTo: "encryption" },
        "transmission": { upTo: "transmission" },
        "decryption": { upTo: "decryption", fault: "flip",
            faultLabel: "Flip one bit of the ciphertext" },
        "server-and-client": { upTo: "decryption", fault: "flip",
            faultLabel: "Flip one bit of the ciphertext" },
    };

    // ---------------------------------------------------------------------
    // The panel on the page.
    // ---------------------------------------------------------------------

    const element = (tag, props = {}, ...children) => {
        const el = Object.assign(document.createElement(tag), props);
        el.append(...children);
        return el;
    };

    function render(story, output, options) {
        output.replaceChildren();
        if (story.length === 0) return;
        for (const side of ["client", "server"]) {
            const column = element("div", { className: "lab-side" },
                element("h4", {}, side === "client" ? "Client" : "Server"));
            for (const { title, lines } of story.filter((b) => b.side === side)) {
                const pre = element("pre", { className: "lab-block" },
                    `--- ${title} ---\n`);
                for (const line of lines) {
                    if (line.words !== undefined) {
                        pre.append(`${line.words}\n`);
                        continue;
                    }
                    if (line.secret && !options.showPrivate) {
                        pre.append(`${line.label}: hidden (tick "Show private keys")\n`);
                        continue;
                    }
                    const hex = toHex(line.bytes);
                    const value = element("span", {
                        className: "lab-value",
                        textContent: options.fullHex ? hex : shortHex(line.bytes),
                    });
                    value.dataset.name = line.name;
                    value.dataset.hex = hex;
                    pre.append(`${line.label} (${line.bytes.length} bytes): `,
                        value, "\n");
                }
                column.append(pre);
            }
            output.append(column);
        }
    }

    function makeLab(placeholder, lab) {
        const output = element("div", { className: "lab-output" });
        const status = element("p", { className: "lab-status", role: "status" });
        const fullHex = element("input", { type: "checkbox" });
        const showPrivate = element("input", { type: "checkbox" });
        const message = element("input", {
            type: "text", value: VECTOR.message, className: "lab-message",
            ariaLabel: "Message",
        });
        let last = []; // the last story, redrawn when a box is ticked

        const go = async (settings) => {
            status.textContent = "Running...";
            status.dataset.state = "running";
            last = [];
            try {
                await run(lab, { message: message.value, ...settings }, last);
                status.textContent = settings.vector
                    ? "Done, with the appendix's test vector: compare the values."
                    : "Done. Run it again: every random value changes.";
                status.dataset.state = "done";
            } catch (err) {
                status.textContent = `error: ${err.message}`;
                status.dataset.state = "error";
            }
            draw();
        };
        const draw = () => render(last, output, {
            fullHex: fullHex.checked, showPrivate: showPrivate.checked,
        });
        fullHex.dataset.option = "full-hex";
        showPrivate.dataset.option = "show-private";
        fullHex.addEventListener("change", draw);
        showPrivate.addEventListener("change", draw);

        const button = (label, action, settings) => {
            const b = element("button", { type: "button", textContent: label });
            b.dataset.action = action;
            b.addEventListener("click", () => go(settings));
            return b;
        };
        const buttons = [
            button("Run", "run", {}),
            button("Run with the test vector", "vector",
                { vector: true }),
        ];
        if (lab.fault) {
            buttons.push(button(lab.faultLabel, "fault", { fault: lab.fault }));
        }
        const controls = element("div", { className: "lab-controls" },
            ...buttons);
        const options = element("div", { className: "lab-options" },
            element("label", {}, fullHex, " Show whole values"),
            element("label", {}, showPrivate, " Show private keys"));
        if (STEPS.indexOf(lab.upTo) >= STEPS.indexOf("encryption")) {
            options.prepend(element("label", {}, "Message: ", message));
        }
        placeholder.replaceChildren(
            element("p", { className: "lab-title" },
                element("strong", {}, "Try it in the page. "),
                "Your browser's own cryptography runs this step; nothing " +
                "leaves the page."),
            controls, options, status, output);
    }

    // Says in one line why the labs cannot run here, and what to do.
    async function unavailable() {
        if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
            return "This lab needs the browser's WebCrypto, which it only " +
                "offers to pages opened from disk or from localhost: open " +
                "the book from disk (target/book/index.html) or from " +
                "localhost, or update the browser.";
        }
        try {
            await crypto.subtle.generateKey({ name: "X25519" }, false,
                ["deriveBits"]);
            return null;
        } catch (err) {
            return "This browser's WebCrypto has no X25519: update it " +
                "(Chrome or Edge 133+, Firefox 130+, Safari 17+) to run " +
                "the lab; the rest of the page works as it is.";
        }
    }

    async function start() {
        const placeholders = document.querySelectorAll("div.lab[data-lab]");
        if (placeholders.length === 0) return;
        const why = await unavailable();
        for (const placeholder of placeholders) {
            const lab = LABS[placeholder.dataset.lab];
            if (why || !lab) {
                placeholder.replaceChildren(element("p",
                    { className: "lab-unavailable" },
                    why || `no lab named "${placeholder.dataset.lab}"`));
                continue;
            }
            makeLab(placeholder, lab);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
