// The presenter view: speaker notes in a second window that follows the book.
//
// Every page ends with a <details> block whose <summary> says "Speaker notes".
// Without presenter mode the page shows it as a closed block, as mdBook does.
//
// Press P (or the presenter button in the menu bar) in the window the
// projector shows. Presenter mode starts: the notes vanish from that window,
// and a second window opens that shows only the notes of the page on the
// projector, open and large. Drag it to the laptop's own screen.
//
// - Move through the book in the projector window (arrows, links, sidebar):
//   the notes window loads the same page.
// - In the notes window, the left and right arrow keys move the projector
//   window to the previous or next page.
// - The notes window shows the time, and the minutes since P was pressed.
// - Press P again, in either window, to leave presenter mode; closing the
//   notes window leaves it too. The notes come back under each page.
//
// The two windows talk through a BroadcastChannel, and through the "storage"
// event of localStorage for browsers that give file:// pages no channel. Both
// work offline, from file:// and from http://localhost: no server, no library.
// print.html is left alone: presenter mode hides nothing there.
(function presenter() {
  "use strict";

  const KEY = "p";
  // The notes window's name, which it keeps as it moves from page to page.
  const NOTES_WINDOW = "secure-messaging-speaker-notes";
  // The address a new notes window opens, so that it knows what it is: no
  // heading of the book has this id ("Speaker notes" would be #speaker-notes).
  const NOTES_HASH = "#presenter-notes-window";
  // localStorage: "on" while presenter mode is on, in every window.
  const MODE = "secure-messaging-presenter-mode";
  // localStorage: the last message, for the "storage" event.
  const MESSAGE = "secure-messaging-presenter-message";
  // localStorage: when presenter mode started (milliseconds since 1970).
  const STARTED = "secure-messaging-presenter-started";
  // How long the projector waits for the notes window's hello (after it
  // loads a page, or after the notes window left one) before it takes the
  // notes window for closed and shows the notes again.
  const GONE_AFTER_MS = 5000;

  const html = document.documentElement;
  const here = withoutHash(location.href);

  function withoutHash(url) {
    return url.split("#")[0];
  }

  // localStorage and sessionStorage can throw (storage disabled, some
  // browsers on file://): presenter mode then lasts for one page only.
  function read(storage, key) {
    try {
      return window[storage].getItem(key);
    } catch (_) {
      return null;
    }
  }

  function write(storage, key, value) {
    try {
      if (value === null) {
        window[storage].removeItem(key);
      } else {
        window[storage].setItem(key, value);
      }
    } catch (_) {
      // Nothing to do: see read().
    }
  }

  // --- Messages between the windows -------------------------------------

  const channel =
    typeof BroadcastChannel === "function"
      ? new BroadcastChannel("secure-messaging-presenter")
      : null;
  const listeners = [];
  // A message can arrive twice (channel and storage event): keep the ids seen.
  const seen = new Set();

  // kind: "page" (projector: I show url), "go" (notes: projector, show url),
  // "hello" (notes: I am here), "gone" (notes: I leave this page),
  // "leave" (either: presenter mode is over).
  function send(kind, url) {
    const message = {
      kind,
      url: url || null,
      id: Date.now() + "-" + Math.random(),
    };
    seen.add(message.id);
    if (channel) {
      channel.postMessage(message);
    }
    write("localStorage", MESSAGE, JSON.stringify(message));
  }

  function receive(message) {
    if (!message || typeof message.kind !== "string" || seen.has(message.id)) {
      return;
    }
    seen.add(message.id);
    listeners.forEach((listener) => listener(message));
  }

  if (channel) {
    channel.onmessage = (event) => receive(event.data);
  }
  window.addEventListener("storage", (event) => {
    if (event.key === MESSAGE && event.newValue) {
      try {
        receive(JSON.parse(event.newValue));
      } catch (_) {
        // Not one of ours.
      }
    }
  });

  // --- What is on this page ------------------------------------------------

  function speakerNotes() {
    return Array.from(document.querySelectorAll("main details")).filter(
      (details) => {
        const summary = details.querySelector(":scope > summary");
        return summary && summary.textContent.trim() === "Speaker notes";
      },
    );
  }

  function pageTitle() {
    const heading = document.querySelector("main h1, main h2");
    return heading ? heading.textContent.trim() : document.title;
  }

  // The previous or next page, as mdBook's own arrows link them.
  function neighbour(rel) {
    const link = document.querySelector(`a.nav-chapters[rel~="${rel}"]`);
    return link ? link.href : null;
  }

  function isTyping(event) {
    const target = event.composedPath()[0] || event.target;
    return (
      /^(?:input|select|textarea)$/i.test(target.nodeName) ||
      target.isContentEditable
    );
  }

  function isOurKey(event) {
    return (
      event.key.toLowerCase() === KEY &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      !isTyping(event)
    );
  }

  const notes = speakerNotes();
  notes.forEach((details) => details.classList.add("speaker-notes"));

  const isPrintPage = /\/print\.html$/.test(location.pathname);
  if (isPrintPage) {
    return;
  }

  const isNotesWindow =
    location.hash === NOTES_HASH ||
    window.name === NOTES_WINDOW ||
    read("sessionStorage", NOTES_WINDOW) === "yes";

  if (isNotesWindow) {
    notesWindow();
  } else {
    projectorWindow();
  }

  // --- The notes window ------------------------------------------------------

  function notesWindow() {
    window.name = NOTES_WINDOW;
    write("sessionStorage", NOTES_WINDOW, "yes");
    if (location.hash === NOTES_HASH) {
      history.replaceState(null, "", here);
    }
    html.classList.add("presenter-notes-window");
    document.title = "Notes: " + pageTitle();

    const panel = document.createElement("div");
    panel.id = "presenter-notes";
    panel.setAttribute("role", "main");

    const title = document.createElement("h1");
    title.textContent = pageTitle();
    panel.appendChild(title);

    if (notes.length === 0) {
      const none = document.createElement("p");
      none.className = "presenter-no-notes";
      none.textContent = "No speaker notes on this page.";
      panel.appendChild(none);
    }
    notes.forEach((details) => {
      const body = document.createElement("div");
      body.className = "presenter-notes-body";
      Array.from(details.childNodes)
        .filter((node) => node.nodeName !== "SUMMARY")
        .forEach((node) => body.appendChild(node.cloneNode(true)));
      panel.appendChild(body);
    });

    const help = document.createElement("p");
    help.className = "presenter-help";
    help.innerHTML =
      "<kbd>&larr;</kbd> <kbd>&rarr;</kbd> move the projector &middot; " +
      "<kbd>P</kbd> ends presenter mode";
    panel.appendChild(help);

    // The time, and how long the lesson has run: the notes say "Time: …".
    const clock = document.createElement("p");
    clock.className = "presenter-clock";
    panel.insertBefore(clock, title);
    function tick() {
      const now = new Date();
      const started = Number(read("localStorage", STARTED)) || now.getTime();
      const minutes = Math.floor((now.getTime() - started) / 60000);
      clock.textContent =
        now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
        " \u00b7 " +
        minutes +
        " min in";
    }
    tick();
    setInterval(tick, 10000);
    document.body.insertBefore(panel, document.body.firstChild);

    listeners.push((message) => {
      if (message.kind === "page" && message.url && message.url !== here) {
        location.href = message.url;
      } else if (message.kind === "page") {
        send("hello", here);
      } else if (message.kind === "leave") {
        window.close();
      }
    });

    // Capture phase: the arrows move the projector, not this window.
    document.addEventListener(
      "keydown",
      (event) => {
        if (isTyping(event) || event.altKey || event.ctrlKey) {
          return;
        }
        const rel =
          event.key === "ArrowRight"
            ? "next"
            : event.key === "ArrowLeft"
              ? "prev"
              : null;
        if (rel) {
          event.preventDefault();
          event.stopImmediatePropagation();
          const url = neighbour(rel);
          if (url) {
            send("go", url);
          }
        } else if (isOurKey(event)) {
          event.preventDefault();
          event.stopImmediatePropagation();
          write("localStorage", MODE, null);
          send("leave");
          window.close();
        }
      },
      true,
    );

    // Sent when this window moves to another page and when it is closed:
    // the projector takes it for closed unless it says hello again.
    window.addEventListener("pagehide", () => send("gone"));
    send("hello", here);
  }

  // --- The projector window ----------------------------------------------

  function projectorWindow() {
    let goneTimer = null;

    const button = document.createElement("button");
    button.id = "presenter-toggle";
    button.className = "icon-button";
    button.type = "button";
    button.title = "Presenter view: speaker notes in a second window (P)";
    button.setAttribute("aria-label", "Presenter view");
    button.setAttribute("aria-keyshortcuts", "P");
    // A screen on a stand, with a note beside it.
    button.innerHTML =
      '<svg class="presenter-icon" viewBox="0 0 24 24" aria-hidden="true">' +
      '<rect x="2" y="4" width="14" height="10" rx="1" fill="none" ' +
      'stroke="currentColor" stroke-width="2"/>' +
      '<path d="M9 14v4M5 20h8M18 7h4M18 11h4M18 15h4" ' +
      'stroke="currentColor" stroke-width="2"/></svg>';

    function presenting() {
      return read("localStorage", MODE) === "on";
    }

    function show(on) {
      html.classList.toggle("presenter-mode", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }

    function start() {
      const opened = window.open(
        here + NOTES_HASH,
        NOTES_WINDOW,
        "popup,width=800,height=600",
      );
      if (!opened) {
        window.alert(
          "The browser blocked the speaker notes window: allow pop-ups " +
            "for this book, then press P again.",
        );
        return;
      }
      write("localStorage", MODE, "on");
      write("localStorage", STARTED, String(Date.now()));
      show(true);
      announce();
    }

    function stop() {
      clearTimeout(goneTimer);
      write("localStorage", MODE, null);
      show(false);
      send("leave");
    }

    function toggle() {
      if (presenting()) {
        stop();
      } else {
        start();
      }
    }

    button.addEventListener("click", toggle);
    const buttons = document.querySelector("#mdbook-menu-bar .right-buttons");
    if (buttons) {
      buttons.insertBefore(button, buttons.firstChild);
    }

    const help = document.querySelector("#mdbook-help-popup > div");
    if (help) {
      const line = document.createElement("p");
      line.innerHTML =
        "Press <kbd>P</kbd> for the presenter view: the speaker notes in " +
        "a second window that follows this one";
      help.appendChild(line);
    }

    // Tells the notes window where the projector is, and waits for its
    // hello: no hello, no notes window, and the notes come back here.
    function announce() {
      send("page", here);
      waitForNotesWindow();
    }

    function waitForNotesWindow() {
      clearTimeout(goneTimer);
      goneTimer = setTimeout(() => {
        write("localStorage", MODE, null);
        show(false);
      }, GONE_AFTER_MS);
    }

    show(presenting());
    if (presenting()) {
      announce();
    }

    listeners.push((message) => {
      if (message.kind === "leave") {
        clearTimeout(goneTimer);
        show(false);
      } else if (!presenting()) {
        return;
      } else if (message.kind === "go" && message.url) {
        location.href = message.url;
      } else if (message.kind === "hello") {
        clearTimeout(goneTimer);
        if (message.url !== here) {
          announce();
        }
      } else if (message.kind === "gone") {
        waitForNotesWindow();
      }
    });

    // Another window left presenter mode, or entered it.
    window.addEventListener("storage", (event) => {
      if (event.key === MODE) {
        show(presenting());
      }
    });

    document.addEventListener("keydown", (event) => {
      if (isOurKey(event)) {
        event.preventDefault();
        toggle();
      }
    });
  }
})();
