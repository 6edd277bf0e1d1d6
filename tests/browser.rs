//! The book in a real browser. The diagrams are drawn by mermaid's JavaScript,
//! the self-checks by mdbook-quiz's and the presenter view by
//! book/presenter/presenter.js, so only a browser shows whether they work.
//! These tests build the book, serve it on loopback, load every page in
//! headless Chromium at the size a projector shows (1280x800 at 150 % zoom:
//! 853x533 CSS pixels), driven over WebDriver by Debian's chromedriver, and
//! fail when:
//!
//! - a mermaid block did not become an SVG, or shows a syntax error;
//! - a page shows a raw `{{#…}}` directive that mdBook did not expand;
//! - a self-check did not render;
//! - a page asks for anything outside the book, or for a file the book lacks
//!   (the course must work offline, in a classroom with no network);
//! - a script on the page throws;
//! - a page a class sees is taller than two projector screens (1066 px, speaker
//!   notes closed), or a diagram draws a label smaller than body text;
//! - the presenter view does not show the page's notes in a second window,
//!   follow the projector, or hide the notes from the projector;
//! - the students' book shows a line that only the instructors' book
//!   (instructors/, when this checkout has it) holds; that book's own pages
//!   are loaded and checked as the students' are, without the height bound.
//!
//! They need `mdbook`, `mdbook-mermaid`, `mdbook-quiz` and Debian's `chromium`
//! and `chromium-driver`, so plain `cargo test` skips them; `.ci/run` runs
//! them with `cargo test --test browser -- --ignored`. Set `CHROMIUM` and
//! `CHROMEDRIVER` to use other binaries.

#[path = "common/webdriver.rs"]
mod webdriver;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::Instant;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Serves `root` on a free loopback port and records the paths it lacks.
fn serve(root: PathBuf) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let missing = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&missing);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, log) = (root.clone(), Arc::clone(&log));
            thread::spawn(move || answer(stream, &root, &log));
        }
    });
    (origin, missing)
}

fn answer(mut stream: TcpStream, root: &Path, missing: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap().replace("%20", " ");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    match fs::read(&file) {
        Ok(body) if !path.contains("..") => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        _ => {
            missing.lock().unwrap().push(path);
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// Waits until the page has settled (loaded, its diagrams drawn, its
/// self-checks built, its fonts in), then measures it: its DOM, its height
/// and viewport, the size of body text, each diagram's natural and drawn
/// width and its smallest label as drawn, the page's text, and the errors
/// its scripts threw.
const MEASURE: &str = r#"return (async () => {
    const started = Date.now();
    const settled = () => {
        if (document.readyState !== "complete") return false;
        for (const pre of document.querySelectorAll("pre.mermaid"))
            if (!pre.querySelector("svg") && !pre.hasAttribute("data-processed"))
                return false;
        for (const quiz of document.querySelectorAll(".quiz-placeholder"))
            if (!quiz.querySelector(".mdbook-quiz")) return false;
        return true;
    };
    while (!settled() && Date.now() - started < 15000)
        await new Promise((resolve) => setTimeout(resolve, 50));
    await document.fonts.ready;
    await new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const paragraph = document.querySelector("main p") || document.body;
    const diagrams = Array.from(
        document.querySelectorAll("main pre.mermaid svg"),
        (svg) => {
            const natural = svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
            const drawn = svg.getBoundingClientRect().width;
            const scale = natural > 0 ? drawn / natural : 1;
            let smallest = null;
            for (const label of svg.querySelectorAll(
                "text, foreignObject span, foreignObject div, foreignObject p")) {
                if (!label.textContent.trim()) continue;
                const size = parseFloat(getComputedStyle(label).fontSize);
                if (smallest === null || size < smallest) smallest = size;
            }
            return { natural, drawn, label: smallest === null ? null : smallest * scale };
        });
    return {
        dom: document.documentElement.outerHTML,
        height: document.documentElement.scrollHeight,
        width: window.innerWidth,
        viewport: window.innerHeight,
        body: parseFloat(getComputedStyle(paragraph).fontSize),
        diagrams,
        text: document.body.textContent,
        errors: window.__pageErrors || [],
    };
})();"#;

/// Runs in every page before its own scripts: keeps what they throw.
const CATCH_ERRORS: &str = r#"window.__pageErrors = [];
window.addEventListener("error", (event) =>
    window.__pageErrors.push(event.message));
window.addEventListener("unhandledrejection", (event) =>
    window.__pageErrors.push("Uncaught (in promise) " + event.reason));"#;

/// The projector: 1280x800 pixels at 150 % zoom, in CSS pixels.
const PROJECTOR: (u64, u64) = (853, 533);

/// A session that sees pages as the projector does, and keeps their errors.
fn projector_session<'a>(
    driver: &'a webdriver::Driver,
    net_log: Option<&Path>,
) -> webdriver::Session<'a> {
    let session = driver.session(net_log);
    session.devtools(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({
            "width": PROJECTOR.0,
            "height": PROJECTOR.1,
            "deviceScaleFactor": 1,
            "mobile": false,
        }),
    );
    session.devtools(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": CATCH_ERRORS }),
    );
    session
}

/// Which book a page belongs to.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Book {
    /// The book a class sees: book/.
    Students,
    /// The instructors' book: instructors/.
    Instructors,
}

/// A drawn diagram: its natural width, the width it is drawn at, and the
/// size its smallest label is drawn at (CSS pixels).
#[derive(Clone, Debug)]
struct Diagram {
    natural: f64,
    drawn: f64,
    label: Option<f64>,
}

/// One page as the browser showed it.
struct Shown {
    book: Book,
    page: String,
    /// Diagrams, self-checks and questions found, for the totals.
    counts: (usize, usize, usize),
    /// What today's checks found wrong.
    problems: Vec<String>,
    /// The document's height at the projector's size, notes closed.
    height: u64,
    /// The size of body text.
    body: f64,
    diagrams: Vec<Diagram>,
    /// The page's text, notes included.
    text: String,
}

/// What a page asked its server for: its URL, and the paths the server
/// lacked.
type Asked = (String, Arc<Mutex<Vec<String>>>);

/// Loads `page` from a server of its own (so that the NetLog's requests can
/// be told apart by origin) and checks it; returns what it asked for too,
/// to be checked once the browser has quit.
fn show(
    session: &webdriver::Session,
    book: Book,
    root: &Path,
    page: &str,
) -> (Shown, Asked) {
    let (origin, missing) = serve(root.to_owned());
    let page_url = format!("{origin}/{page}");
    session.goto(&page_url);
    let measured = session.run(MEASURE, serde_json::json!([]));
    let mut problems = Vec::new();
    let dom = measured["dom"].as_str().unwrap_or_default();
    let counts = check_dom(dom, &mut problems);
    let size = (
        measured["width"].as_u64().unwrap_or(0),
        measured["viewport"].as_u64().unwrap_or(0),
    );
    if size != PROJECTOR {
        problems.push(format!(
            "the browser showed it at {}x{}, not {}x{}",
            size.0, size.1, PROJECTOR.0, PROJECTOR.1
        ));
    }
    for error in measured["errors"].as_array().into_iter().flatten() {
        problems.push(format!(
            "a script failed: {}",
            error.as_str().unwrap_or("?")
        ));
    }
    let diagrams = measured["diagrams"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|diagram| Diagram {
            natural: diagram["natural"].as_f64().unwrap_or(0.0),
            drawn: diagram["drawn"].as_f64().unwrap_or(0.0),
            label: diagram["label"].as_f64(),
        })
        .collect();
    let shown = Shown {
        book,
        page: page.to_owned(),
        counts,
        problems,
        height: measured["height"].as_u64().unwrap_or(0),
        body: measured["body"].as_f64().unwrap_or(0.0),
        diagrams,
        text: measured["text"].as_str().unwrap_or_default().to_owned(),
    };
    (shown, (page_url, missing))
}

/// What is wrong with what a page asked for: a file the book lacks, or
/// anything outside the book, as its server and the browser's NetLog say.
fn check_requests(
    shown: &mut Shown,
    (page_url, missing): Asked,
    log: &serde_json::Value,
) {
    // Chromium asks for /favicon.ico by itself when a page names no icon, as
    // mdBook's sidebar frame does not.
    for path in missing
        .lock()
        .unwrap()
        .iter()
        .filter(|path| *path != "/favicon.ico")
    {
        shown
            .problems
            .push(format!("asks for {path}, which the book lacks"));
    }
    let requests = page_requests(log, &page_url);
    let origin = page_url.split('/').take(3).collect::<Vec<_>>().join("/");
    let book = format!("{origin}/");
    for request in requests.iter().filter(|url| !url.starts_with(&book)) {
        shown
            .problems
            .push(format!("asks for {request}, outside the book"));
    }
    if !requests.contains(&page_url) {
        shown
            .problems
            .push("the NetLog shows no request for the page".into());
    }
}

/// The URLs of the requests that the page at `url` made, read from
/// Chromium's NetLog, without the browser's own (clock, updates, accounts,
/// autofill).
fn page_requests(log: &serde_json::Value, url: &str) -> Vec<String> {
    let start_job = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    assert!(
        start_job.is_number(),
        "the NetLog names no URL_REQUEST_START_JOB"
    );
    let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
    log["events"]
        .as_array()
        .expect("the NetLog has events")
        .iter()
        .filter(|event| &event["type"] == start_job)
        .map(|event| &event["params"])
        // The page's own requests, to any host, name the page's origin as
        // their initiator; the navigation to the page names none.
        .filter(|params| {
            params["initiator"].as_str() == Some(origin.as_str())
                || params["url"].as_str() == Some(url)
        })
        .filter_map(|params| params["url"].as_str().map(str::to_owned))
        .collect()
}

/// Reads a NetLog that Chromium wrote; one cut short as the browser quit
/// lacks its closing brackets.
fn read_net_log(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("no NetLog at {}: {err}", path.display()));
    serde_json::from_str(&text)
        .or_else(|_| {
            let cut = text.trim_end().trim_end_matches(',');
            serde_json::from_str(&format!("{cut}]}}"))
        })
        .unwrap_or_else(|err| panic!("the NetLog is not JSON: {err}"))
}

/// Builds the book whose book.toml is in `dir` into a new directory.
fn build_book(dir: &Path, what: &str) -> PathBuf {
    let out = tempdir(what);
    let build = Command::new("mdbook")
        .args(["build", "--dest-dir"])
        .arg(&out)
        .arg(dir)
        .output()
        .expect("cannot run mdbook: install it as .ci/run does");
    let log = String::from_utf8_lossy(&build.stderr);
    assert!(
        build.status.success() && !log.contains("ERROR"),
        "mdbook build of {} failed:\n{log}",
        dir.display()
    );
    out
}

/// The instructors' book, which every checkout has.
fn instructors_book() -> Option<PathBuf> {
    let dir = Path::new(ROOT).join("instructors");
    assert!(
        dir.join("book.toml").exists(),
        "no instructors/book.toml: the instructors' book is missing"
    );
    Some(dir)
}

/// Every page of both books, loaded once at the projector's size by two
/// browsers, and checked as `check_dom` and the NetLog say.
fn every_page() -> &'static [Shown] {
    static SHOWN: OnceLock<Vec<Shown>> = OnceLock::new();
    SHOWN.get_or_init(|| {
        let _browsers = browsers();
        load_every_page()
    })
}

fn load_every_page() -> Vec<Shown> {
    let started = Instant::now();
    let mut books = vec![(Book::Students, build_book(Path::new(ROOT), "book"))];
    if let Some(dir) = instructors_book() {
        books.push((Book::Instructors, build_book(&dir, "instructors")));
    }
    let mut queue = Vec::new();
    for (book, out) in &books {
        let mut found = BTreeSet::new();
        pages(out, out, &mut found);
        assert!(
            found.len() > 3,
            "{} has only {} pages",
            out.display(),
            found.len()
        );
        queue.extend(found.into_iter().map(|page| (*book, out.clone(), page)));
    }
    let total = queue.len();
    let queue = Mutex::new(queue);
    let driver = webdriver::Driver::start();
    // Two browsers at a time: the machines have two cores.
    let mut shown: Vec<Shown> = thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (queue, driver) = (&queue, &driver);
                scope.spawn(move || {
                    let net_log = tempdir("net-log").join("net-log.json");
                    let mut loaded = Vec::new();
                    {
                        let session = projector_session(driver, Some(&net_log));
                        while let Some((book, root, page)) =
                            queue.lock().unwrap().pop()
                        {
                            loaded.push(show(&session, book, &root, &page));
                        }
                    }
                    // The browser has quit: its NetLog is complete.
                    let log = read_net_log(&net_log);
                    let _ = fs::remove_dir_all(net_log.parent().unwrap());
                    loaded
                        .into_iter()
                        .map(|(mut shown, asked)| {
                            check_requests(&mut shown, asked, &log);
                            shown
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap())
            .collect()
    });
    for (_, out) in &books {
        let _ = fs::remove_dir_all(out);
    }
    shown.sort_by(|a, b| (a.book as u8, &a.page).cmp(&(b.book as u8, &b.page)));
    assert_eq!(shown.len(), total);
    eprintln!(
        "{total} pages loaded at {}x{} in {:.1} s",
        PROJECTOR.0,
        PROJECTOR.1,
        started.elapsed().as_secs_f64()
    );
    shown
}

fn tempdir(what: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "secure-messaging-browser-{}-{what}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The page's `<main>`, where the chapter is, without its scripts.
fn main_text(dom: &str) -> String {
    let start = dom.find("<main").unwrap_or(0);
    let end = dom[start..]
        .find("</main>")
        .map_or(dom.len(), |e| e + start);
    cut(&dom[start..end], "<script", "</script>")
}

/// `text` without the pieces from each `open` to the next `close`.
fn cut(text: &str, open: &str, close: &str) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find(close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// The pieces of `dom` between each `open` and the next `close`.
fn elements<'a>(dom: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = dom;
    while let Some(start) = rest.find(open) {
        let body = &rest[start..];
        let end = body.find(close).map_or(body.len(), |e| e + close.len());
        found.push(&body[..end]);
        rest = &body[end..];
    }
    found
}

/// What is wrong with a rendered page; returns the number of diagrams,
/// self-checks and questions in them it found, for the totals.
fn check_dom(dom: &str, problems: &mut Vec<String>) -> (usize, usize, usize) {
    let main = main_text(dom);
    let diagrams = elements(&main, "<pre class=\"mermaid\"", "</pre>");
    for (index, diagram) in diagrams.iter().enumerate() {
        if !diagram.contains("<svg") {
            problems.push(format!(
                "mermaid block {} did not become an SVG",
                index + 1
            ));
        }
    }
    if main.contains("language-mermaid") {
        problems.push("a mermaid block was not handed to mermaid".to_owned());
    }
    if main.contains("Syntax error in text")
        || main.contains("aria-roledescription=\"error\"")
    {
        problems.push("a diagram shows a mermaid syntax error".to_owned());
    }
    if let Some(at) = main.find("{{#") {
        let directive: String = main[at..].chars().take(60).collect();
        problems.push(format!("a raw directive is on the page: {directive}"));
    }
    // mdbook-quiz leaves a placeholder that its script fills with the quiz:
    // a header that counts the questions, and a button to start.
    let quizzes = main.matches("class=\"quiz-placeholder\"").count();
    let rendered = elements(&main, "<div class=\"mdbook-quiz\">", "</section>")
        .iter()
        .filter(|quiz| quiz.contains(" question") && quiz.contains("<button"))
        .count();
    let questions: usize = elements(&main, "class=\"counter\">", "</div>")
        .iter()
        .filter_map(|counter| {
            let text = &counter["class=\"counter\">".len()..];
            text.split(' ').next()?.parse::<usize>().ok()
        })
        .sum();
    if rendered < quizzes {
        problems.push(format!(
            "{} of {quizzes} self-checks did not render",
            quizzes - rendered
        ));
    }
    (diagrams.len(), quizzes, questions)
}

/// Every HTML page of the built book, as a path relative to its root.
fn pages(dir: &Path, root: &Path, found: &mut BTreeSet<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages(&path, root, found);
        } else if path.extension().is_some_and(|ext| ext == "html") {
            let relative = path.strip_prefix(root).unwrap();
            found.insert(relative.to_str().unwrap().to_owned());
        }
    }
}

/// How many mermaid blocks, self-checks and questions in them the chapters
/// listed in SUMMARY.md hold.
fn in_sources() -> (usize, usize, usize) {
    let book = Path::new(ROOT).join("book");
    let summary = fs::read_to_string(book.join("SUMMARY.md")).unwrap();
    let (mut diagrams, mut quizzes, mut questions) = (0, 0, 0);
    for line in summary.lines() {
        let Some(start) = line.find("](") else {
            continue;
        };
        let end = line[start..].find(')').unwrap() + start;
        let page = book.join(&line[start + 2..end]);
        let text = fs::read_to_string(&page).unwrap();
        diagrams += text.matches("```mermaid").count();
        for directive in text.split("{{#quiz ").skip(1) {
            // mdbook-quiz reads the file relative to the page's folder.
            let file = directive.split("}}").next().unwrap().trim();
            let quiz =
                fs::read_to_string(page.parent().unwrap().join(file)).unwrap();
            quizzes += 1;
            questions += quiz.matches("[[questions]]").count();
        }
    }
    (diagrams, quizzes, questions)
}

/// Pages that may be taller than two screens: the appendices, and mdBook's
/// own pages.
const MAY_BE_TALL: [&str; 7] = [
    "glossary.html",
    "further-reading.html",
    "wire-format.html",
    "wire-format-v2.html",
    "print.html",
    "404.html",
    "toc.html",
];

/// The pages taller than two projector screens, with their heights.
fn over_the_bound(heights: &[(&str, u64)]) -> Vec<String> {
    let bound = 2 * PROJECTOR.1;
    heights
        .iter()
        .filter(|(page, height)| !MAY_BE_TALL.contains(page) && *height > bound)
        .map(|(page, height)| {
            format!(
                "{page}: {height} px, {:.1} screens (at most {bound} px, two \
                 screens of {}x{})",
                *height as f64 / PROJECTOR.1 as f64,
                PROJECTOR.0,
                PROJECTOR.1
            )
        })
        .collect()
}

/// The diagrams on `page` whose smallest label is drawn smaller than the
/// page's body text (5 % allowed for rounding).
fn unreadable(page: &str, body: f64, diagrams: &[Diagram]) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, diagram) in diagrams.iter().enumerate() {
        let scale = if diagram.natural > 0.0 {
            diagram.drawn / diagram.natural
        } else {
            1.0
        };
        let label = diagram.label.unwrap_or(body * scale);
        if label < 0.95 * body {
            problems.push(format!(
                "{page}: diagram {}: labels drawn at {label:.1} px, body text \
                 is {body:.1} px (drawn at {:.0} % of its natural width of \
                 {:.0} px)",
                index + 1,
                scale * 100.0,
                diagram.natural
            ));
        }
    }
    problems
}

/// `text` as lowercase words of letters and digits, one space apart:
/// Markdown and the HTML made of it compare equal, smart quotes and all.
fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines of prose in a Markdown file, as `words`, without code blocks
/// and link targets.
fn prose_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_code = false;
    for line in markdown.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with("{{#") || line.starts_with('<') {
            continue;
        }
        lines.push(words(&cut(line, "](", ")")));
    }
    lines
}

/// The lines of the instructors' sources (name, Markdown) that are long
/// enough to be telling (40 characters) and that no students' source holds.
fn teacher_only_lines(
    instructors: &[(String, String)],
    students: &[String],
) -> Vec<(String, String)> {
    let students = students
        .iter()
        .map(|source| words(&cut(source, "](", ")")))
        .collect::<Vec<_>>()
        .join(" | ");
    instructors
        .iter()
        .flat_map(|(name, markdown)| {
            prose_lines(markdown)
                .into_iter()
                .filter(|line| line.len() >= 40 && !students.contains(line))
                .map(move |line| (name.clone(), line))
        })
        .collect()
}

/// The pages (name, text) of the students' book that show a teacher-only
/// line.
fn teacher_text_shown(
    lines: &[(String, String)],
    pages: &[(&str, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (page, text) in pages {
        let text = words(text);
        for (source, line) in lines {
            if text.contains(line.as_str()) {
                problems.push(format!(
                    "{page} shows a line of the instructors' {source}: \"{line}\""
                ));
            }
        }
    }
    problems
}

/// Every file under `dir` whose name ends in one of `endings`, with its path
/// relative to `root`.
fn text_files(
    dir: &Path,
    root: &Path,
    endings: &[&str],
    found: &mut Vec<(String, String)>,
) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.strip_prefix(root).unwrap().display().to_string();
        if path.is_dir() {
            text_files(&path, root, endings, found);
        } else if endings.iter().any(|ending| name.ends_with(ending)) {
            found.push((name, fs::read_to_string(&path).unwrap()));
        }
    }
}

/// Only one test drives browsers at a time: the machines have two cores.
static BROWSERS: Mutex<()> = Mutex::new(());

fn browsers() -> std::sync::MutexGuard<'static, ()> {
    BROWSERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn every_page_renders_offline_in_a_real_browser() {
    let shown = every_page();
    let mut problems = Vec::new();
    let (mut diagrams, mut quizzes, mut questions) = (0, 0, 0);
    for page in shown {
        // print.html holds every chapter, and index.html is the first again.
        if page.book == Book::Students
            && page.page != "print.html"
            && page.page != "index.html"
        {
            diagrams += page.counts.0;
            quizzes += page.counts.1;
            questions += page.counts.2;
        }
        let prefix = match page.book {
            Book::Students => String::new(),
            Book::Instructors => "instructors: ".to_owned(),
        };
        problems.extend(
            page.problems
                .iter()
                .map(|problem| format!("{prefix}{}: {problem}", page.page)),
        );
    }
    let (source_diagrams, source_quizzes, source_questions) = in_sources();
    if questions != source_questions {
        problems.push(format!(
            "the self-checks hold {source_questions} questions, the pages count {questions}"
        ));
    }
    if diagrams != source_diagrams {
        problems.push(format!(
            "the chapters hold {source_diagrams} mermaid blocks, the pages show {diagrams}"
        ));
    }
    if quizzes != source_quizzes {
        problems.push(format!(
            "the chapters hold {source_quizzes} self-checks, the pages show {quizzes}"
        ));
    }
    problems.sort();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    eprintln!(
        "{} pages checked: {diagrams} diagrams drawn, {quizzes} self-checks \
         of {questions} questions rendered",
        shown.len()
    );
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn every_page_fits_two_projector_screens() {
    let shown = every_page();
    let heights: Vec<(&str, u64)> = shown
        .iter()
        .filter(|page| page.book == Book::Students)
        .map(|page| (page.page.as_str(), page.height))
        .collect();
    let table: String = heights
        .iter()
        .map(|(page, height)| format!("{height:>6} px  {page}\n"))
        .collect();
    eprintln!("Page heights at {}x{}:\n{table}", PROJECTOR.0, PROJECTOR.1);
    let problems = over_the_bound(&heights);
    assert!(
        problems.is_empty(),
        "{} pages are taller than two projector screens:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn every_diagram_is_readable_on_the_projector() {
    let shown = every_page();
    let mut problems = Vec::new();
    let mut table = String::new();
    // print.html draws every chapter's diagrams again.
    for page in shown
        .iter()
        .filter(|page| page.book == Book::Students && page.page != "print.html")
    {
        for diagram in &page.diagrams {
            table.push_str(&format!(
                "{:>5.0} px wide, drawn at {:>4.0} px, smallest label at \
                 {:>4} px (body text {:.1} px)  {}\n",
                diagram.natural,
                diagram.drawn,
                diagram.label.map_or("?".to_owned(), |l| format!("{l:.1}")),
                page.body,
                page.page,
            ));
        }
        problems.extend(unreadable(&page.page, page.body, &page.diagrams));
    }
    eprintln!("Diagrams at {}x{}:\n{table}", PROJECTOR.0, PROJECTOR.1);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn the_served_book_holds_no_teacher_only_text() {
    let Some(dir) = instructors_book() else {
        return;
    };
    let mut instructors = Vec::new();
    text_files(&dir.join("src"), &dir, &[".md"], &mut instructors);
    assert!(!instructors.is_empty(), "instructors/src holds no .md file");
    // What the students' book is made of: its chapters, and the recorded
    // outputs and code they include.
    let mut students = Vec::new();
    for part in ["book", "src", "examples", "exercises"] {
        let dir = Path::new(ROOT).join(part);
        text_files(&dir, &dir, &[".md", ".txt", ".toml", ".rs"], &mut students);
    }
    let students: Vec<String> =
        students.into_iter().map(|(_, text)| text).collect();
    let lines = teacher_only_lines(&instructors, &students);
    assert!(
        lines.len() >= 10,
        "only {} lines of instructors/src are the instructors' own",
        lines.len()
    );
    let shown = every_page();
    let pages: Vec<(&str, &str)> = shown
        .iter()
        .filter(|page| page.book == Book::Students)
        .map(|page| (page.page.as_str(), page.text.as_str()))
        .collect();
    let problems = teacher_text_shown(&lines, &pages);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    eprintln!(
        "{} lines only the instructors' book holds: none is in the {} pages \
         of the students' book",
        lines.len(),
        pages.len()
    );
}

/// Waits until the page has loaded and drawn its diagrams.
const SETTLE: &str = r#"return (async () => {
    const started = Date.now();
    const settled = () => document.readyState === "complete" &&
        Array.from(document.querySelectorAll("pre.mermaid")).every((pre) =>
            pre.querySelector("svg") || pre.hasAttribute("data-processed"));
    while (!settled() && Date.now() - started < 15000)
        await new Promise((resolve) => setTimeout(resolve, 50));
    return location.pathname;
})();"#;

/// What the projector window shows: its page, its speaker notes (hidden or
/// not), its lead paragraph, its visible text and how many notes blocks
/// are visible.
const PROJECTOR_FACTS: &str = r#"const notes = Array.from(
    document.querySelectorAll("main details"),
).filter((details) => details.querySelector("summary")?.textContent.trim() === "Speaker notes");
return {
    path: location.pathname,
    presenting: document.documentElement.classList.contains("presenter-mode"),
    notes: notes.map((details) => Array.from(details.childNodes)
        .filter((node) => node.nodeName !== "SUMMARY")
        .map((node) => node.textContent).join(" ")).join(" "),
    blocks: notes.length,
    visible_blocks: notes.filter((details) => details.getClientRects().length > 0).length,
    lead: document.querySelector("main p")?.textContent || "",
    text: document.body.innerText,
};"#;

/// What the notes window shows.
const NOTES_FACTS: &str = r#"return {
    path: location.pathname,
    panel: document.getElementById("presenter-notes") !== null,
    text: document.body.innerText,
};"#;

/// The two windows of the presenter view at one moment, as `words`.
#[derive(Clone)]
struct Windows {
    /// The speaker notes of the page on the projector.
    notes: String,
    /// The page's first paragraph.
    lead: String,
    /// What the projector window shows.
    projector: String,
    /// How many speaker-notes blocks the projector window shows.
    projector_blocks: u64,
    /// What the notes window shows.
    notes_window: String,
}

/// What is wrong with the presenter view at one moment.
fn check_presenter(when: &str, windows: &Windows) -> Vec<String> {
    let mut problems = Vec::new();
    if windows.notes.is_empty() {
        if !windows
            .notes_window
            .contains("no speaker notes on this page")
        {
            problems.push(format!(
                "{when}: the page has no speaker notes, and the notes window \
                 does not say so"
            ));
        }
        return problems;
    }
    if windows.projector_blocks > 0
        || windows.projector.contains(&windows.notes)
    {
        problems.push(format!("{when}: the projector window shows the notes"));
    }
    if windows.projector.contains("speaker notes") {
        problems.push(format!(
            "{when}: the projector window shows \"Speaker notes\""
        ));
    }
    if !windows.notes_window.contains(&windows.notes) {
        problems.push(format!(
            "{when}: the notes window does not show the page's notes: it shows \
             \"{}\"",
            windows.notes_window.chars().take(200).collect::<String>()
        ));
    }
    if windows.lead.len() >= 20 && windows.notes_window.contains(&windows.lead)
    {
        problems.push(format!(
            "{when}: the notes window shows the page itself, not only its notes"
        ));
    }
    problems
}

/// Drives the presenter view as a teacher would and returns what went wrong.
fn present(session: &webdriver::Session, origin: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let first = "key-generation.html";
    session.goto(&format!("{origin}/{first}"));
    session.run(SETTLE, serde_json::json!([]));
    let projector = session.window();
    let before = session.run(PROJECTOR_FACTS, serde_json::json!([]));
    if before["visible_blocks"].as_u64() != Some(1) {
        problems.push(format!(
            "{first}: without presenter mode the page shows {} speaker-notes \
             blocks, not 1",
            before["visible_blocks"]
        ));
    }

    // P opens the notes window.
    session.press("p");
    let Some(notes_window) = session.wait_for(10, |session| {
        session
            .windows()
            .into_iter()
            .find(|handle| *handle != projector)
    }) else {
        problems.push("P opened no notes window".to_owned());
        return problems;
    };

    // Both windows, once the notes window shows the projector's page.
    let look = |when: &str, problems: &mut Vec<String>| {
        session.switch_to(&projector);
        session.run(SETTLE, serde_json::json!([]));
        let shown = session.run(PROJECTOR_FACTS, serde_json::json!([]));
        let path = shown["path"].as_str().unwrap_or_default().to_owned();
        session.switch_to(&notes_window);
        let notes = session.wait_for(10, |session| {
            let notes = session.run(NOTES_FACTS, serde_json::json!([]));
            (notes["path"].as_str() == Some(path.as_str())
                && notes["panel"] == true)
                .then_some(notes)
        });
        let Some(notes) = notes else {
            let at = session.run(NOTES_FACTS, serde_json::json!([]));
            problems.push(format!(
                "{when}: the notes window did not follow the projector to \
                 {path}: it shows {}",
                at["path"]
            ));
            return path;
        };
        let text =
            |value: &serde_json::Value| words(value.as_str().unwrap_or(""));
        let windows = Windows {
            notes: text(&shown["notes"]),
            lead: text(&shown["lead"]),
            projector: text(&shown["text"]),
            projector_blocks: shown["visible_blocks"].as_u64().unwrap_or(99),
            notes_window: text(&notes["text"]),
        };
        problems.extend(check_presenter(when, &windows));
        if shown["presenting"] != true {
            problems.push(format!("{when}: the projector left presenter mode"));
        }
        path
    };

    let start = look("after P", &mut problems);
    // The right arrow in the projector window: both move on.
    session.switch_to(&projector);
    session.press(webdriver::ARROW_RIGHT);
    let moved = session.wait_for(10, |session| {
        let url = session.url();
        (!url.ends_with(&start)).then_some(url)
    });
    if moved.is_none() {
        problems.push("the right arrow did not move the projector".to_owned());
    }
    let next = look("after the right arrow in the projector", &mut problems);

    // The left arrow in the notes window moves the projector back.
    session.switch_to(&notes_window);
    session.press(webdriver::ARROW_LEFT);
    session.switch_to(&projector);
    if session
        .wait_for(10, |session| session.url().ends_with(&start).then_some(()))
        .is_none()
    {
        problems.push(format!(
            "the left arrow in the notes window did not move the projector \
             from {next} back to {start}"
        ));
    } else {
        look("after the left arrow in the notes window", &mut problems);
    }

    // P again: the notes window closes, the notes come back.
    session.switch_to(&projector);
    session.press("p");
    if session
        .wait_for(10, |session| (session.windows().len() == 1).then_some(()))
        .is_none()
    {
        problems.push("P again did not close the notes window".to_owned());
    }
    session.switch_to(&projector);
    let after = session.run(PROJECTOR_FACTS, serde_json::json!([]));
    if after["visible_blocks"].as_u64() != Some(1)
        || after["presenting"] != false
    {
        problems.push(
            "after P again the projector does not show its notes".to_owned(),
        );
    }

    // The menu bar's button opens it too; closing it by hand ends presenter
    // mode.
    session.click("#presenter-toggle");
    match session.wait_for(10, |session| {
        session
            .windows()
            .into_iter()
            .find(|handle| *handle != projector)
    }) {
        None => problems
            .push("the presenter button did not open the notes window".into()),
        Some(handle) => {
            session.switch_to(&handle);
            session.close_window();
            session.switch_to(&projector);
            let back = session.wait_for(10, |session| {
                let facts = session.run(PROJECTOR_FACTS, serde_json::json!([]));
                (facts["visible_blocks"].as_u64() == Some(1)).then_some(())
            });
            if back.is_none() {
                problems.push(
                    "the notes did not come back when the notes window was \
                     closed"
                        .to_owned(),
                );
            }
        }
    }

    // print.html in presenter mode hides nothing.
    session.run(
        "localStorage.setItem('secure-messaging-presenter-mode', 'on');",
        serde_json::json!([]),
    );
    session.goto(&format!("{origin}/print.html"));
    session.run(SETTLE, serde_json::json!([]));
    let print = session.run(PROJECTOR_FACTS, serde_json::json!([]));
    let svgs = session.run(
        "return [document.querySelectorAll('pre.mermaid').length, \
         document.querySelectorAll('pre.mermaid svg').length];",
        serde_json::json!([]),
    );
    if print["presenting"] != false
        || print["visible_blocks"] != print["blocks"]
        || print["blocks"].as_u64().unwrap_or(0) < 9
    {
        problems.push(format!(
            "print.html in presenter mode shows {} of its {} speaker-notes \
             blocks",
            print["visible_blocks"], print["blocks"]
        ));
    }
    if svgs[0] != svgs[1] || svgs[0] == 0 {
        problems.push(format!(
            "print.html draws {} of its {} diagrams",
            svgs[1], svgs[0]
        ));
    }
    problems
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn the_presenter_view_follows_the_projector() {
    let _browsers = browsers();
    let started = Instant::now();
    let out = build_book(Path::new(ROOT), "presenter");
    let (origin, _) = serve(out.clone());
    let driver = webdriver::Driver::start();
    // From a server, as `mdbook serve` gives it, and from disk, as a class
    // without a network opens it.
    let mut problems = Vec::new();
    for origin in [origin, format!("file://{}", out.display())] {
        let session = projector_session(&driver, None);
        problems.extend(
            present(&session, &origin)
                .into_iter()
                .map(|problem| format!("{origin}: {problem}")),
        );
    }
    let _ = fs::remove_dir_all(&out);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    eprintln!(
        "the presenter view works ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn the_page_check_catches_what_it_should() {
    let good = "<main><pre class=\"mermaid\"><svg></svg></pre>\
                <div class=\"quiz-placeholder\"><div class=\"mdbook-quiz\">\
                <header><div class=\"counter\">3 questions</div></header><section><button>Start</button>\
                </section></div></div><script>let x = '{{#x}}';</script></main>";
    let mut problems = Vec::new();
    assert_eq!(check_dom(good, &mut problems), (1, 1, 3));
    assert!(problems.is_empty(), "{problems:?}");

    let bad = "<main><pre class=\"mermaid\">graph LR; A-->B</pre>\
               <code class=\"language-mermaid\"></code>\
               <svg aria-roledescription=\"error\">Syntax error in text</svg>\
               <p>{{#include ../src/lib.rs:gone}}</p>\
               <div class=\"quiz-placeholder\" data-x=\"1\"></div></main>";
    let mut problems = Vec::new();
    assert_eq!(check_dom(bad, &mut problems), (1, 1, 0));
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

#[test]
fn the_height_check_names_every_page_over_two_screens() {
    let heights = [
        ("encryption.html", 1067),
        ("encryption/run-it.html", 1066),
        ("key-generation.html", 3000),
        ("glossary.html", 9000),
        ("print.html", 85000),
    ];
    let problems = over_the_bound(&heights);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("encryption.html: 1067 px"));
    assert!(problems[1].starts_with("key-generation.html: 3000 px"));
    assert!(over_the_bound(&heights[1..2]).is_empty());
}

#[test]
fn the_diagram_check_catches_small_labels() {
    let diagram = |natural, drawn, label| Diagram {
        natural,
        drawn,
        label,
    };
    let fits = diagram(740.0, 740.0, Some(16.0));
    let shrunk = diagram(1264.0, 750.0, Some(9.5));
    let small_font = diagram(500.0, 500.0, Some(12.0));
    let no_label_but_shrunk = diagram(1500.0, 750.0, None);
    assert!(unreadable("a.html", 16.0, std::slice::from_ref(&fits)).is_empty());
    let problems = unreadable(
        "a.html",
        16.0,
        &[fits, shrunk, small_font, no_label_but_shrunk],
    );
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].starts_with("a.html: diagram 2: labels drawn at 9.5 px")
    );
    assert!(problems[1].starts_with("a.html: diagram 3:"));
    assert!(problems[2].starts_with("a.html: diagram 4:"));
}

#[test]
fn the_teacher_text_check_finds_the_answer_key() {
    let instructors = vec![(
        "src/assessment.md".to_owned(),
        "# Assessment\n\n\
         **Answer to question 3:** the [salt](glossary.md#salt) is *public*, \
         the key is not.\n\
         ```text\nA long line of code that a page may well show, at any length\n```\n\
         Run `cargo run --example server` and watch the terminal.\n\
         short line\n"
            .to_owned(),
    )];
    let students = vec![
        "Run `cargo run --example [server](server.md)` and watch the \
         terminal.\n"
            .to_owned(),
    ];
    let lines = teacher_only_lines(&instructors, &students);
    assert_eq!(
        lines,
        vec![(
            "src/assessment.md".to_owned(),
            "answer to question 3 the salt is public the key is not".to_owned()
        )]
    );
    // The pages' text, as the browser's textContent gives it.
    let clean = "Run cargo run --example server and watch the terminal.";
    let leaked = "Answer to question 3: the salt is public,\nthe key is not.";
    let problems =
        teacher_text_shown(&lines, &[("a.html", clean), ("b.html", leaked)]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with(
        "b.html shows a line of the instructors' src/assessment.md"
    ));
}

#[test]
fn the_presenter_check_catches_what_it_should() {
    let notes = words("Ask: what does the salt protect? Demo: run it twice.");
    let good = Windows {
        notes: notes.clone(),
        lead: words(
            "Each side makes a key pair: a private key and a public key.",
        ),
        projector: words(
            "Key generation Each side makes a key pair: a private key and a public key.",
        ),
        projector_blocks: 0,
        notes_window: words(
            "Key generation Ask: what does the salt protect? Demo: run it twice.",
        ),
    };
    assert!(check_presenter("now", &good).is_empty());

    let shown_on_projector = Windows {
        projector: format!("{} speaker notes {notes}", good.projector),
        projector_blocks: 1,
        ..good.clone()
    };
    assert_eq!(check_presenter("now", &shown_on_projector).len(), 2);

    let stale_notes_window = Windows {
        notes_window: words("Key exchange Ask: who sends first?"),
        ..good.clone()
    };
    assert_eq!(check_presenter("now", &stale_notes_window).len(), 1);

    let whole_page_in_notes_window = Windows {
        notes_window: format!("{} {}", good.projector, good.notes),
        ..good.clone()
    };
    assert_eq!(check_presenter("now", &whole_page_in_notes_window).len(), 1);

    let no_notes = Windows {
        notes: String::new(),
        notes_window: words("Solution"),
        ..good.clone()
    };
    assert_eq!(check_presenter("now", &no_notes).len(), 1);
    let no_notes_said = Windows {
        notes_window: words("Solution No speaker notes on this page."),
        ..no_notes
    };
    assert!(check_presenter("now", &no_notes_said).is_empty());
}

// ---------------------------------------------------------------------------
// The labs of Part I (book/lab/lab.js): each chapter's step in the browser.
// ---------------------------------------------------------------------------

/// The wire-format test vector of the appendix, as name and hex. The names
/// are those the labs give their values (`data-name`), and the ciphertext
/// with its tag is one value, as the programs print it.
fn lab_vector() -> Vec<(String, String)> {
    let text = fs::read_to_string(
        Path::new(ROOT).join("tests/data/wire_format_v1.txt"),
    )
    .unwrap();
    let mut vector: Vec<(String, String)> = text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(name, hex)| (name.trim().to_owned(), hex.trim().to_owned()))
        .collect();
    let field =
        |name: &str| vector.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let sealed = field("ciphertext") + &field("tag");
    vector.push(("ciphertext_with_tag".to_owned(), sealed));
    vector
}

/// The pages that hold a lab, from the book's sources: `(page, lab name)`.
fn lab_pages() -> Vec<(String, String)> {
    let book = Path::new(ROOT).join("book");
    let summary = fs::read_to_string(book.join("SUMMARY.md")).unwrap();
    let mut found = Vec::new();
    for line in summary.lines() {
        let Some((_, rest)) = line.split_once("](") else {
            continue;
        };
        let page = rest.split(')').next().unwrap();
        let text = fs::read_to_string(book.join(page)).unwrap();
        for part in text.split("data-lab=\"").skip(1) {
            let name = part.split('"').next().unwrap().to_owned();
            found.push((page.replace(".md", ".html"), name));
        }
    }
    found
}

/// Clicks the lab's button `action` and waits for it to finish: its status
/// (`done` or `error`) and the values it shows, `(data-name, data-hex)`.
fn run_lab(
    session: &webdriver::Session,
    action: &str,
) -> (String, String, Vec<(String, String)>) {
    session.run(
        "document.querySelector('.lab-status').dataset.state = '';",
        serde_json::json!([]),
    );
    session.click(&format!("div.lab button[data-action='{action}']"));
    let state = session
        .wait_for(20, |s| {
            let state = s.run(
                "return document.querySelector('.lab-status').dataset.state;",
                serde_json::json!([]),
            );
            match state.as_str() {
                Some("done") | Some("error") => Some(state.to_string()),
                _ => None,
            }
        })
        .unwrap_or_else(|| panic!("the lab did not finish after {action}"));
    let facts = session.run(
        "const lab = document.querySelector('div.lab');
         return [lab.querySelector('.lab-status').textContent,
                 lab.querySelector('.lab-output').textContent,
                 Array.from(lab.querySelectorAll('.lab-value'),
                     (v) => [v.dataset.name, v.dataset.hex])];",
        serde_json::json!([]),
    );
    let values = facts[2]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let status = facts[0].as_str().unwrap().to_owned();
    let output = facts[1].as_str().unwrap().to_owned();
    assert!(state.contains("done") || state.contains("error"));
    let status = if state.contains("error") {
        format!("error|{status}")
    } else {
        status
    };
    (status, output, values)
}

/// What must appear in each lab's run with the test vector, by chapter.
fn lab_must_show(lab: &str) -> &'static [&'static str] {
    const ALL: [&str; 8] = [
        "client_public_key",
        "server_public_key",
        "shared_secret",
        "salt",
        "key",
        "nonce",
        "ciphertext_with_tag",
        "client_to_server_2",
    ];
    match lab {
        "key-generation" | "key-exchange" => &ALL[..2],
        "shared-secret" => &ALL[..3],
        "key-derivation" => &ALL[..5],
        "encryption" => &ALL[..7],
        _ => &ALL,
    }
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn every_lab_computes_the_test_vector_and_refuses_what_the_crate_refuses() {
    let _browsers = browsers();
    let out = build_book(Path::new(ROOT), "labs");
    let (origin, _) = serve(out.clone());
    let driver = webdriver::Driver::start();
    let session = projector_session(&driver, None);
    let vector = lab_vector();
    let labs = lab_pages();
    let low_order = secure_messaging::Error::LowOrderPublicKey.to_string();
    let tag_failed = secure_messaging::Error::Decryption.to_string();
    let mut problems = Vec::new();
    for (page, lab) in &labs {
        session.goto(&format!("{origin}/{page}"));
        let (status, output, values) = run_lab(&session, "vector");
        if status.starts_with("error|") {
            problems.push(format!("{page}: the test vector failed: {status}"));
        }
        for name in lab_must_show(lab) {
            if !values.iter().any(|(n, _)| n == name) {
                problems.push(format!("{page}: the lab shows no {name}"));
            }
        }
        for (name, hex) in &values {
            match vector.iter().find(|(n, _)| n == name) {
                Some((_, expected)) if expected == hex => {}
                Some((_, expected)) => problems.push(format!(
                    "{page}: {name} is {hex}, the vector says {expected}"
                )),
                None => problems.push(format!(
                    "{page}: {name} is not a value of the test vector"
                )),
            }
        }
        let decrypts = lab_must_show(lab).contains(&"client_to_server_2")
            && *lab != "transmission";
        if decrypts && !output.contains("Message: \"Hello, server!\"") {
            problems
                .push(format!("{page}: the server did not print the message"));
        }
        // The chapter's "what if": the crate's own error, and no message.
        let fault = match lab.as_str() {
            "shared-secret" => Some(&low_order),
            "decryption" | "server-and-client" => Some(&tag_failed),
            _ => None,
        };
        if let Some(expected) = fault {
            let (status, output, _) = run_lab(&session, "fault");
            if status != format!("error|error: {expected}") {
                problems.push(format!(
                    "{page}: the fault gave \"{status}\", not the crate's \"{expected}\""
                ));
            }
            if output.contains("SUCCESS") {
                problems.push(format!("{page}: a refused run printed SUCCESS"));
            }
        }
    }
    let _ = fs::remove_dir_all(&out);
    assert!(labs.len() >= 8, "only {} labs in the book", labs.len());
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    eprintln!("{} labs computed the test vector byte for byte", labs.len());
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn a_reader_runs_a_lab_with_clicks_and_sees_what_the_programs_show() {
    let _browsers = browsers();
    let out = build_book(Path::new(ROOT), "lab-clicks");
    let (origin, _) = serve(out.clone());
    let driver = webdriver::Driver::start();
    let session = projector_session(&driver, None);
    session.goto(&format!("{origin}/key-generation/lab.html"));
    let text = |s: &webdriver::Session| {
        s.run(
            "return document.querySelector('div.lab').innerText;",
            serde_json::json!([]),
        )
        .as_str()
        .unwrap()
        .to_owned()
    };

    let (status, _, first) = run_lab(&session, "run");
    assert!(status.starts_with("Done"), "{status}");
    let shown = text(&session);
    assert!(shown.contains("--- Key Generation ---"), "{shown}");
    assert!(shown.contains("Private key: hidden"), "{shown}");
    // Short hex, as the programs print it: the first and last byte.
    let public = &first
        .iter()
        .find(|(n, _)| n == "client_public_key")
        .unwrap()
        .1;
    let short = format!("{}...{}", &public[..2], &public[62..]);
    assert!(
        shown.contains(&format!("Public key (32 bytes): {short}")),
        "{shown}"
    );
    assert!(!first.iter().any(|(n, _)| n.ends_with("private_key")));

    session.click("div.lab input[data-option='show-private']");
    session.click("div.lab input[data-option='full-hex']");
    let shown = text(&session);
    assert!(!shown.contains("Private key: hidden"), "{shown}");
    assert!(shown.contains(&format!("Public key (32 bytes): {public}")));

    let (_, _, second) = run_lab(&session, "run");
    let again = &second
        .iter()
        .find(|(n, _)| n == "client_public_key")
        .unwrap()
        .1;
    assert_ne!(again, public, "a second run made the same key pair");
    let _ = fs::remove_dir_all(&out);
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn a_lab_says_what_to_do_where_the_browser_cannot_run_it() {
    let _browsers = browsers();
    let out = build_book(Path::new(ROOT), "lab-fallback");
    let (origin, _) = serve(out.clone());
    let driver = webdriver::Driver::start();
    // An old browser whose WebCrypto has no X25519, and a page served over
    // plain http from another machine, where WebCrypto is not offered.
    let browsers = [
        (
            "no X25519",
            "const generate = SubtleCrypto.prototype.generateKey;
             SubtleCrypto.prototype.generateKey = function (algorithm, ...rest) {
                 if ((algorithm.name || algorithm) === 'X25519') {
                     return Promise.reject(new DOMException('Unrecognized', 'NotSupportedError'));
                 }
                 return generate.call(this, algorithm, ...rest);
             };",
            "update it",
        ),
        (
            "not a secure context",
            "Object.defineProperty(window, 'isSecureContext', { value: false });",
            "open the book from disk",
        ),
    ];
    for (what, script, advice) in browsers {
        let session = projector_session(&driver, None);
        session.devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": script }),
        );
        session.goto(&format!("{origin}/shared-secret/lab.html"));
        let facts = session
            .wait_for(10, |s| {
                let facts = s.run(
                    "const lab = document.querySelector('div.lab');
                     const said = lab.querySelector('.lab-unavailable');
                     return said && [said.textContent,
                         lab.querySelectorAll('button').length,
                         document.querySelector('main h1').textContent,
                         document.querySelectorAll('details').length];",
                    serde_json::json!([]),
                );
                (!facts.is_null()).then_some(facts)
            })
            .unwrap_or_else(|| panic!("{what}: the lab gave no message"));
        let message = facts[0].as_str().unwrap();
        assert!(message.contains(advice), "{what}: {message}");
        assert_eq!(facts[1], 0, "{what}: the lab still offers buttons");
        assert!(
            facts[2].as_str().unwrap().contains("try it in the page"),
            "{what}: the page lost its heading"
        );
        assert!(facts[3].as_u64().unwrap() >= 1, "{what}: notes are gone");
    }
    let _ = fs::remove_dir_all(&out);
}
