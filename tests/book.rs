//! The book cannot lie about the code: every Rust listing is included from a
//! file the crate compiles, every include points at a file and anchor that
//! exist, and every example belongs to a chapter that tells how to run it.
//!
//! mdBook itself builds happily past a missing include file (it warns) and
//! renders an empty listing for a missing anchor, so this test is what catches
//! them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn book() -> PathBuf {
    Path::new(ROOT).join("book")
}

/// A page listed in SUMMARY.md: its file, its title, the number mdBook gives
/// it (`1`, `1.2`; none for the pages before and after the numbered part),
/// and whether it is a chapter of Part I (a first page, not one of the pages
/// nested under it).
struct Chapter {
    path: PathBuf,
    title: String,
    number: Option<String>,
    part_one: bool,
    /// The file of the Part I chapter this page belongs to (its first page).
    chapter: Option<String>,
}

fn chapters() -> Vec<Chapter> {
    summary_pages(&fs::read_to_string(book().join("SUMMARY.md")).unwrap())
}

/// The pages of a SUMMARY.md, numbered as mdBook numbers them: each `- `
/// entry by its depth (four spaces a level), counting on across parts.
fn summary_pages(summary: &str) -> Vec<Chapter> {
    let mut part = String::new();
    let mut counters: Vec<u32> = Vec::new();
    let mut current_chapter = None;
    let mut chapters = Vec::new();
    for line in summary.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            part = title.to_owned();
        } else if line.trim() == "---" {
            part.clear();
        }
        let Some(start) = line.find("](") else {
            continue;
        };
        let end = line[start..].find(')').unwrap() + start;
        let file = &line[start + 2..end];
        let title = line[..start]
            .trim_start()
            .trim_start_matches("- ")
            .trim_start_matches('[')
            .to_owned();
        let indent = line.len() - line.trim_start().len();
        let numbered = line.trim_start().starts_with("- ");
        let number = numbered.then(|| {
            let depth = indent / 4;
            counters.truncate(depth + 1);
            while counters.len() < depth + 1 {
                counters.push(0);
            }
            counters[depth] += 1;
            counters
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
        });
        // Part II's chapters are held to Part I's rules too.
        let part_one = numbered
            && indent == 0
            && (part.starts_with("Part I:") || part.starts_with("Part II:"));
        if part_one {
            current_chapter = Some(file.to_owned());
        } else if !numbered || indent == 0 {
            current_chapter = None;
        }
        chapters.push(Chapter {
            path: book().join(file),
            title,
            number,
            part_one,
            chapter: current_chapter.clone(),
        });
    }
    chapters
}

/// A fenced code block: its info string, its lines and where it starts.
struct Block {
    info: String,
    body: Vec<String>,
    line: usize,
}

fn code_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Block)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                for fence in ["```", "~~~"] {
                    if let Some(info) = trimmed.strip_prefix(fence) {
                        let marker = fence.to_owned()
                            + &info
                                .chars()
                                .take_while(|c| {
                                    *c == fence.chars().next().unwrap()
                                })
                                .collect::<String>();
                        let info = info
                            .trim_start_matches(fence.chars().next().unwrap())
                            .trim()
                            .to_owned();
                        open = Some((
                            marker,
                            Block {
                                info,
                                body: Vec::new(),
                                line: index + 1,
                            },
                        ));
                        break;
                    }
                }
            }
            Some((marker, block)) => {
                if trimmed.starts_with(marker.as_str())
                    && trimmed
                        .trim_start_matches(marker.chars().next().unwrap())
                        .trim()
                        .is_empty()
                {
                    blocks.push(open.take().unwrap().1);
                } else {
                    block.body.push(line.to_owned());
                }
            }
        }
    }
    if let Some((_, block)) = open {
        panic!("a code block opened on line {} is never closed", block.line);
    }
    blocks
}

/// Every `{{#include …}}` and `{{#rustdoc_include …}}` in the text, with its line.
fn includes(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            let escaped = start > 0 && rest.as_bytes()[start - 1] == b'\\';
            let end = rest[start..]
                .find("}}")
                .map(|e| e + start)
                .unwrap_or_else(|| {
                    panic!(
                        "line {}: a {{{{# directive is not closed",
                        index + 1
                    )
                });
            if !escaped {
                found.push((index + 1, rest[start + 3..end].trim().to_owned()));
            }
            rest = &rest[end + 2..];
        }
    }
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Checks one directive; returns the included file.
fn check_include(
    chapter: &Path,
    line: usize,
    directive: &str,
) -> Result<PathBuf, String> {
    let at = format!("{}:{line}", relative(chapter));
    if let Some(quiz) = directive.strip_prefix("quiz ") {
        let path = chapter.parent().unwrap().join(quiz.trim());
        return path.canonicalize().map_err(|err| {
            format!("{at}: cannot read the self-check {}: {err}", quiz.trim())
        });
    }
    let target = directive
        .strip_prefix("include ")
        .or_else(|| directive.strip_prefix("rustdoc_include "))
        .ok_or_else(|| {
            format!("{at}: only {{{{#include}}}} and {{{{#quiz}}}} are used in this book, not {{{{#{directive}}}}}")
        })?
        .trim();
    let (file, anchor) = match target.split_once(':') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (target, None),
    };
    let path = chapter.parent().unwrap().join(file);
    let text = fs::read_to_string(&path)
        .map_err(|err| format!("{at}: cannot read {file}: {err}"))?;
    if let Some(anchor) = anchor {
        if anchor.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return Err(format!(
                "{at}: {target} includes by line numbers, which drift: use an ANCHOR"
            ));
        }
        let marker = |kind: &str| {
            text.lines().position(|l| {
                l.trim_start()
                    .trim_start_matches("//")
                    .trim_start()
                    .trim_start_matches('#')
                    .trim()
                    == format!("{kind}: {anchor}")
            })
        };
        match (marker("ANCHOR"), marker("ANCHOR_END")) {
            (Some(start), Some(end)) if end > start + 1 => {}
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{at}: anchor {anchor} in {file} is empty"
                ));
            }
            _ => {
                return Err(format!(
                    "{at}: {file} has no ANCHOR: {anchor} ... ANCHOR_END: {anchor}"
                ));
            }
        }
    }
    Ok(path.canonicalize().unwrap())
}

#[test]
fn every_listing_is_included_from_compiled_source_and_every_include_resolves() {
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap_or_else(|err| {
            panic!("SUMMARY.md lists {}: {err}", relative(&chapter.path))
        });
        for (line, directive) in includes(&text) {
            if let Err(problem) = check_include(&chapter.path, line, &directive)
            {
                problems.push(problem);
            }
        }
        for block in code_blocks(&text) {
            let at = format!("{}:{}", relative(&chapter.path), block.line);
            let lang = block.info.split([',', ' ']).next().unwrap_or("");
            if lang.is_empty() {
                // mdBook would show it as Rust, with a playground button.
                problems.push(format!(
                    "{at}: say what the block holds: rust,noplayground, \
                     text, console or mermaid"
                ));
                continue;
            }
            if lang != "rust" && lang != "rs" {
                continue;
            }
            let lines: Vec<&str> = block
                .body
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            let one_include = matches!(lines.as_slice(), [only] if only.starts_with("{{#include ") || only.starts_with("{{#rustdoc_include "));
            if !one_include {
                problems.push(format!("{at}: a Rust block must be one {{{{#include file:anchor}}}} of compiled source, not code written inline"));
            } else if !block.info.contains("noplayground") {
                problems.push(format!("{at}: mark the Rust block `rust,noplayground`: the playground does not have this crate"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn examples() -> BTreeSet<String> {
    fs::read_dir(Path::new(ROOT).join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect()
}

/// The example targets Cargo.toml declares by hand: the exercises and their
/// solutions, with their paths and whether `cargo test` runs their tests.
fn declared_examples() -> Vec<(String, String, bool)> {
    let manifest =
        fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    manifest
        .split("[[example]]")
        .skip(1)
        .map(|section| {
            let section = section.split("\n[").next().unwrap();
            let value = |key: &str| {
                section
                    .lines()
                    .find_map(|l| l.strip_prefix(key)?.trim().strip_prefix('='))
                    .map(|v| v.trim().trim_matches('"').to_owned())
            };
            (
                value("name").expect("an [[example]] without a name"),
                value("path").expect("an [[example]] without a path"),
                value("test").as_deref() == Some("true"),
            )
        })
        .collect()
}

/// The examples a text tells the reader to run with `cargo run --example NAME`.
fn examples_run_in(text: &str) -> BTreeSet<String> {
    names_after(text, "cargo run --example ")
}

/// The names that follow `command` in the text.
fn names_after(text: &str, command: &str) -> BTreeSet<String> {
    text.split(command)
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// The Part I chapters, each as its first page's file (`key-generation.md`)
/// and the text of that page and of every page nested under it.
fn chapter_texts() -> Vec<(String, Vec<(PathBuf, String)>)> {
    let mut grouped: Vec<(String, Vec<(PathBuf, String)>)> = Vec::new();
    for page in chapters() {
        let Some(chapter) = page.chapter else {
            continue;
        };
        let text = fs::read_to_string(&page.path).unwrap_or_else(|err| {
            panic!("SUMMARY.md lists {}: {err}", relative(&page.path))
        });
        match grouped.last_mut() {
            Some((file, pages)) if *file == chapter => {
                pages.push((page.path, text))
            }
            _ => grouped.push((chapter, vec![(page.path, text)])),
        }
    }
    grouped
}

#[test]
fn every_example_has_a_chapter_and_every_part_one_chapter_an_example_and_a_diagram()
 {
    let examples = examples();
    let runnable: BTreeSet<String> = declared_examples()
        .into_iter()
        .map(|(name, _, _)| name)
        .chain(examples.iter().cloned())
        .collect();
    let mut mentioned = BTreeSet::new();
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap();
        let runs = examples_run_in(&text);
        for name in runs.difference(&runnable) {
            problems.push(format!(
                "{} runs `cargo run --example {name}`, which does not exist",
                relative(&chapter.path)
            ));
        }
        mentioned.extend(runs);
    }
    // A chapter is its first page and the pages nested under it: together
    // they run an example, show its recorded run and draw a diagram.
    for (chapter, pages) in chapter_texts() {
        let all: String = pages.iter().map(|(_, text)| text.as_str()).collect();
        if examples_run_in(&all).is_empty() {
            problems.push(format!(
                "book/{chapter} is a Part I chapter with no `cargo run --example`"
            ));
        }
        if !all.contains("{{#include ../output/")
            && !all.contains("{{#include output/")
        {
            problems.push(format!(
                "book/{chapter} is a Part I chapter that shows no recorded run"
            ));
        }
        if !code_blocks(&all)
            .iter()
            .any(|block| block.info == "mermaid")
        {
            problems.push(format!(
                "book/{chapter} is a Part I chapter with no mermaid diagram"
            ));
        }
    }
    for name in examples.difference(&mentioned) {
        problems.push(format!(
            "examples/{name}.rs has no chapter that says `cargo run --example {name}`"
        ));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every file under `dir`, in its subfolders too.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_recorded_output_is_shown_and_every_page_is_in_the_summary() {
    let mut included = BTreeSet::new();
    let listed: BTreeSet<PathBuf> = chapters()
        .iter()
        .map(|c| c.path.canonicalize().unwrap())
        .collect();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap();
        for (line, directive) in includes(&text) {
            if let Ok(path) = check_include(&chapter.path, line, &directive) {
                included.insert(path);
            }
        }
    }
    let mut problems = Vec::new();
    for entry in fs::read_dir(book().join("output")).unwrap() {
        let path = entry.unwrap().path().canonicalize().unwrap();
        if !included.contains(&path) {
            problems.push(format!(
                "{} is recorded but no chapter includes it",
                relative(&path)
            ));
        }
    }
    for path in files(&book()) {
        let page = path.extension().is_some_and(|ext| ext == "md")
            && !path.ends_with("SUMMARY.md");
        if page && !listed.contains(&path.canonicalize().unwrap()) {
            problems.push(format!(
                "{} is not listed in book/SUMMARY.md",
                relative(&path)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_checker_itself_catches_what_it_should() {
    let blocks = code_blocks(
        "```rust\nfn main() {}\n```\n\n```rust,noplayground\n{{#include ../src/lib.rs:none}}\n```\n",
    );
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].body, ["fn main() {}"]);
    assert_eq!(blocks[1].info, "rust,noplayground");
    let chapter = book().join("SUMMARY.md");
    assert!(check_include(&chapter, 1, "include ../src/missing.rs").is_err());
    assert!(
        check_include(
            &chapter,
            1,
            "include ../src/transmission.rs:no_such_anchor"
        )
        .is_err()
    );
    assert!(
        check_include(&chapter, 1, "include ../src/transmission.rs:3:9")
            .is_err()
    );
    assert!(
        check_include(&chapter, 1, "include ../src/transmission.rs:to_bytes")
            .is_ok()
    );
    assert_eq!(
        examples_run_in("`cargo run --example key_exchange`."),
        BTreeSet::from(["key_exchange".to_owned()])
    );
    assert_eq!(
        includes(r"\{{#include x}} and {{#include y.rs:a}}"),
        [(1, "include y.rs:a".to_owned())]
    );
}

#[test]
fn the_readme_lists_every_example_and_exercise_and_only_real_ones() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let runs = examples_run_in(&readme);
    let exercises: BTreeSet<String> = declared_examples()
        .into_iter()
        .map(|(name, _, _)| name)
        .filter(|name| name.ends_with("_exercise"))
        .collect();
    assert_eq!(
        runs.difference(&exercises)
            .cloned()
            .collect::<BTreeSet<_>>(),
        examples(),
        "the README's table of examples is out of date"
    );
    assert_eq!(
        names_after(&readme, "cargo test --example "),
        exercises,
        "the README's table of exercises is out of date"
    );
}

#[test]
fn prose_quotes_no_value_of_a_recorded_run() {
    // Recorded runs are masked when checked, so a value quoted from one in the
    // prose would silently go stale when it is recorded anew.
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap();
        let mut in_block = false;
        for (index, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                continue;
            }
            for word in line.split(|c: char| c.is_whitespace() || c == '`') {
                let short_hex = match word.split_once("...") {
                    Some((a, b)) => {
                        let hex = |s: &str| {
                            s.len() == 2
                                && s.bytes().all(|b| b.is_ascii_hexdigit())
                        };
                        hex(a) && hex(b)
                    }
                    None => false,
                };
                if short_hex && !in_block && word != "7f...e2" {
                    problems.push(format!(
                        "{}:{}: `{word}` is a value from a recorded run; describe it instead \
                         (`7f...e2` is the one example value prose may use)",
                        relative(&chapter.path),
                        index + 1
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The Part I chapters, by file stem (`key-derivation`).
fn part_one() -> Vec<String> {
    chapters()
        .iter()
        .filter(|chapter| chapter.part_one)
        .map(|c| c.path.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect()
}

fn read(path: &str) -> String {
    fs::read_to_string(book().join(path))
        .unwrap_or_else(|err| panic!("cannot read book/{path}: {err}"))
}

/// The pages a class sees, which the page rules apply to: the introduction,
/// the toolbox and every page of Part I; not the glossary, further reading or
/// appendix after it.
fn class_pages() -> Vec<Chapter> {
    let mut after_part_one = false;
    let mut pages = Vec::new();
    for page in chapters() {
        if page.number.is_some() {
            after_part_one = true;
        } else if after_part_one {
            continue;
        }
        pages.push(page);
    }
    pages
}

/// What is wrong with the speaker notes that close a page, if anything.
fn speaker_notes_problem(text: &str) -> Option<String> {
    const OPEN: &str = "<details>\n<summary>Speaker notes</summary>\n\n";
    const PROMPTS: [&str; 5] =
        ["Ask:", "Demo:", "Point at:", "Common mistake:", "Time:"];
    let Some(at) = text.rfind(OPEN) else {
        return Some(format!(
            "does not end with speaker notes: {OPEN:?}, prompts, \"\\n\\n</details>\""
        ));
    };
    let notes = &text[at + OPEN.len()..];
    let Some(body) = notes.trim_end().strip_suffix("\n\n</details>") else {
        return Some(
            "the speaker notes are not the last thing on the page, \
                     closed by a blank line and </details>"
                .to_owned(),
        );
    };
    let prompts = body.split("More to explore").next().unwrap();
    if !prompts.starts_with("- ") {
        return Some(
            "the speaker notes start with a prompt (- Ask: ...)".into(),
        );
    }
    for line in prompts.lines().filter(|l| l.starts_with("- ")) {
        if !PROMPTS.iter().any(|p| line[2..].starts_with(p)) {
            return Some(format!(
                "speaker note {line:?} is not a prompt: start it with one of {PROMPTS:?}"
            ));
        }
    }
    None
}

#[test]
fn every_page_a_class_sees_ends_with_speaker_notes() {
    let mut problems = Vec::new();
    for page in class_pages() {
        let text = fs::read_to_string(&page.path).unwrap();
        if let Some(problem) = speaker_notes_problem(&text) {
            problems.push(format!("{}: {problem}", relative(&page.path)));
        }
    }
    // Each chapter's first page, or its Run-it page, suggests where to go on.
    for (chapter, pages) in chapter_texts() {
        let explores = pages.iter().any(|(path, text)| {
            (path.ends_with(&chapter) || path.ends_with("run-it.md"))
                && text.contains("\nMore to explore:\n")
        });
        if !explores {
            problems.push(format!(
                "book/{chapter}: neither the first page nor the Run-it page has \
                 a More to explore list in its notes"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_chapter_has_a_self_check_an_exercise_and_a_solution() {
    let mut problems = Vec::new();
    for (chapter, pages) in chapter_texts() {
        let stem = chapter.trim_end_matches(".md");
        let quiz = book().join(format!("quizzes/{stem}.toml"));
        let mut found = false;
        for (path, text) in &pages {
            for (line, directive) in includes(text) {
                let Some(file) = directive.strip_prefix("quiz ") else {
                    continue;
                };
                let target = path.parent().unwrap().join(file.trim());
                if target.canonicalize().ok() != quiz.canonicalize().ok() {
                    problems.push(format!(
                        "{}:{line}: the self-check of {chapter} is book/quizzes/{stem}.toml",
                        relative(path)
                    ));
                }
                found = true;
            }
        }
        if !found {
            problems.push(format!(
                "book/{chapter} has no self-check {{{{#quiz}}}} on any of its pages"
            ));
        } else {
            let questions = fs::read_to_string(&quiz).unwrap();
            let count = questions.matches("[[questions]]").count();
            if count < 3 {
                problems.push(format!(
                    "book/quizzes/{stem}.toml has {count} questions, not 3 or more"
                ));
            }
            for key in ["context", "id"] {
                let have = questions
                    .lines()
                    .filter(|l| l.trim_start().starts_with(&format!("{key} =")))
                    .count();
                if have != count {
                    problems.push(format!(
                        "book/quizzes/{stem}.toml: {have} of {count} questions have `{key}`{}",
                        if key == "id" {
                            " (run `mdbook build` once, which adds them, and commit them)"
                        } else {
                            ": explain each answer"
                        }
                    ));
                }
            }
        }
        // The chapter's pages end: [Self-check,] Exercise, Solution.
        let children: Vec<String> = pages
            .iter()
            .skip(1)
            .map(|(path, _)| {
                path.file_name().unwrap().to_str().unwrap().to_owned()
            })
            .collect();
        let tail: Vec<&str> = children
            .iter()
            .rev()
            .take(3)
            .rev()
            .map(String::as_str)
            .collect();
        let has_self_check = children.iter().any(|c| c == "self-check.md");
        let expected: &[&str] = if has_self_check {
            &["self-check.md", "exercise.md", "solution.md"]
        } else {
            &["exercise.md", "solution.md"]
        };
        if !tail.ends_with(expected) {
            problems.push(format!(
                "book/{chapter}: its last pages in SUMMARY.md are {tail:?}, not {expected:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_exercise_has_a_starting_point_that_compiles_and_a_tested_solution() {
    // `cargo test` compiles every example target, so the starting points
    // compile, and runs the tests of the targets marked `test = true`: the
    // solutions. This test checks that each chapter has both, wired up so.
    let declared = declared_examples();
    let chapters = part_one();
    let mut problems = Vec::new();
    for chapter in &chapters {
        let module = chapter.replace('-', "_");
        for (kind, anchor, tested) in [
            ("exercise", "exercise", false),
            ("solution", "solution", true),
        ] {
            let name = format!("{module}_{kind}");
            let path = format!("exercises/{module}/{kind}.rs");
            match declared.iter().find(|(n, _, _)| *n == name) {
                None => problems.push(format!(
                    "Cargo.toml declares no [[example]] {name} for {chapter}"
                )),
                Some((_, p, t)) if *p != path || *t != tested => {
                    problems.push(format!(
                        "Cargo.toml: [[example]] {name} should have path = \"{path}\"{}",
                        if tested { " and test = true" } else { " and no test = true" }
                    ))
                }
                Some(_) => {}
            }
            let source = fs::read_to_string(Path::new(ROOT).join(&path))
                .unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
            // One program and one set of tests for both, so they cannot drift.
            for (shared, what) in
                [("demo.rs", "program"), ("checks.rs", "tests")]
            {
                if !source.contains(&format!("#[path = \"{shared}\"]")) {
                    problems.push(format!(
                        "{path} does not run the exercise's {what} in {shared}"
                    ));
                }
            }
            if (kind == "exercise") != source.contains("todo!(") {
                problems.push(format!(
                    "{path}: {}",
                    if kind == "exercise" {
                        "a starting point leaves its work as todo!()"
                    } else {
                        "a solution has no todo!() left"
                    }
                ));
            }
            let page = read(&format!("{chapter}/{kind}.md"));
            let include = format!(
                "{{{{#include ../../exercises/{module}/{kind}.rs:{anchor}}}}}"
            );
            if !page.contains(&include) {
                problems.push(format!(
                    "book/{chapter}/{kind}.md does not show {include}"
                ));
            }
            if kind == "exercise"
                && !page.contains(&format!("cargo test --example {name}"))
            {
                problems.push(format!(
                    "book/{chapter}/exercise.md does not say how to check it: \
                     cargo test --example {name}"
                ));
            }
        }
    }
    for (name, path, _) in &declared {
        let chapter = path.split('/').nth(1).unwrap_or("").replace('_', "-");
        if !chapters.contains(&chapter) {
            problems.push(format!(
                "[[example]] {name} belongs to no Part I chapter"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_glossary_is_in_order_and_further_reading_names_the_standards() {
    let terms: Vec<String> = read("glossary.md")
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::to_owned)
        .collect();
    assert!(terms.len() >= 30, "the glossary has {} terms", terms.len());
    let mut sorted = terms.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(terms, sorted, "the glossary's terms are out of order");

    let reading = read("further-reading.md");
    for source in [
        "rfc7748",
        "rfc5869",
        "csrc.nist.gov/pubs/sp/800/38/d",
        "noiseprotocol.org",
        "rfc8446",
    ] {
        assert!(
            reading.contains(source),
            "further reading does not link {source}"
        );
    }
}

/// The files whose "chapter N" references must name real chapters: the
/// book's pages and self-checks, the README, the Rust sources, and the
/// instructors' own book (lesson plans, notes) where there is one.
fn texts_that_name_chapters() -> Vec<PathBuf> {
    let root = Path::new(ROOT);
    let mut found = vec![root.join("README.md")];
    for dir in ["book", "src", "examples", "exercises", "instructors"] {
        let dir = root.join(dir);
        if !dir.is_dir() {
            continue;
        }
        found.extend(files(&dir).into_iter().filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "md" || ext == "rs" || ext == "toml")
        }));
    }
    found
}

/// The chapters a text names as "chapter N", "Chapter N", "chapters N to M",
/// "chapters N and M" or "chapters N, M", with their lines. "The Rust book,
/// chapter 21" names a chapter of another book, so "book, chapter" is skipped.
fn chapter_references(text: &str) -> Vec<(usize, u32)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let lower = line.to_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find("chapter").map(|a| a + from) {
            from = at + "chapter".len();
            if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphabetic()
                || lower[..at].ends_with("book, ")
            {
                continue;
            }
            let mut rest = &line[from..];
            rest = rest.strip_prefix('s').unwrap_or(rest);
            let Some(mut rest) = rest.strip_prefix(' ') else {
                continue;
            };
            loop {
                let digits: String =
                    rest.chars().take_while(char::is_ascii_digit).collect();
                let Ok(number) = digits.parse() else {
                    break;
                };
                found.push((index + 1, number));
                rest = &rest[digits.len()..];
                match [" to ", " and ", ", ", "-", "–"]
                    .iter()
                    .find_map(|sep| rest.strip_prefix(sep))
                {
                    Some(next)
                        if next.starts_with(|c: char| c.is_ascii_digit()) =>
                    {
                        rest = next
                    }
                    _ => break,
                }
            }
        }
    }
    found
}

/// Titled references, `Chapter N, *Title*`, and the rows of tables whose
/// first column is headed "chapter", `| N. Title |`: line, number and title.
fn titled_references(text: &str) -> Vec<(usize, u32, String)> {
    let mut found = Vec::new();
    let mut chapter_table = false;
    for (index, line) in text.lines().enumerate() {
        if !line.starts_with('|') {
            chapter_table = false;
        } else if let Some(header) = line.strip_prefix("| ") {
            let first = header.split(" |").next().unwrap_or("");
            if first.eq_ignore_ascii_case("chapter") {
                chapter_table = true;
            }
        }
        for part in line.split("Chapter ").skip(1) {
            let digits: String =
                part.chars().take_while(char::is_ascii_digit).collect();
            if let (Ok(number), Some(title)) = (
                digits.parse(),
                part[digits.len()..]
                    .strip_prefix(", *")
                    .and_then(|t| t.split_once('*')),
            ) {
                found.push((index + 1, number, title.0.to_owned()));
            }
        }
        if let Some(cell) = line.strip_prefix("| ")
            && chapter_table
            && let Some((number, title)) = cell.split_once(". ")
            && let Ok(number) = number.parse()
        {
            let title = title.split(" |").next().unwrap().trim().to_owned();
            found.push((index + 1, number, title));
        }
    }
    found
}

/// Every "page N.M" a text points at, with its line.
fn page_references(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for part in line.split("page ").skip(1) {
            let number: String = part
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.');
            if number.contains('.') {
                found.push((index + 1, number.to_owned()));
            }
        }
    }
    found
}

#[test]
fn chapter_numbers_and_titles_agree_with_the_sidebar() {
    let pages = chapters();
    let numbered: Vec<&Chapter> = pages
        .iter()
        .filter(|p| p.number.as_deref().is_some_and(|n| !n.contains('.')))
        .collect();
    let first = numbered.first().expect("SUMMARY.md numbers no chapter");
    assert!(
        first.part_one && first.path.ends_with("key-generation.md"),
        "mdBook numbers {} \"1.\": the first numbered chapter must be Part I's Key generation",
        relative(&first.path)
    );
    let title_of = |n: u32| {
        numbered
            .iter()
            .find(|p| p.number.as_deref() == Some(&n.to_string()))
            .map(|p| p.title.as_str())
    };
    let page_numbers: BTreeSet<&str> =
        pages.iter().filter_map(|p| p.number.as_deref()).collect();
    let mut problems = Vec::new();
    for path in texts_that_name_chapters() {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let at = |line| format!("{}:{line}", relative(&path));
        for (line, number) in chapter_references(&text) {
            if title_of(number).is_none() {
                problems.push(format!(
                    "{}: chapter {number} does not exist: the sidebar numbers 1 to {}",
                    at(line),
                    numbered.len()
                ));
            }
        }
        for (line, number, title) in titled_references(&text) {
            match title_of(number) {
                // A title may stop at its first comma: "What it protects".
                Some(real)
                    if real == title
                        || real.starts_with(&format!("{title},")) => {}
                Some(real) => problems.push(format!(
                    "{}: calls chapter {number} \"{title}\"; the sidebar says \"{real}\"",
                    at(line)
                )),
                None => problems.push(format!(
                    "{}: chapter {number} (\"{title}\") does not exist",
                    at(line)
                )),
            }
        }
        for (line, number) in page_references(&text) {
            if !page_numbers.contains(number.as_str()) {
                problems.push(format!(
                    "{}: page {number} does not exist in the sidebar",
                    at(line)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// mdBook's id for a heading: lowercase, spaces to '-', other punctuation
/// dropped.
fn glossary_anchor(term: &str) -> String {
    term.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The forms a glossary term is found by, longest first, each with its
/// anchor: the `### Term` heading and, for `Counter mode (CTR)`, also
/// `Counter mode` and `CTR`.
fn glossary_forms(glossary: &str) -> Vec<(Vec<char>, String)> {
    let mut forms: Vec<(Vec<char>, String)> = Vec::new();
    for term in glossary.lines().filter_map(|l| l.strip_prefix("### ")) {
        let term = term.trim();
        let anchor = glossary_anchor(term);
        forms.push((term.chars().collect(), anchor.clone()));
        if let Some((name, short)) =
            term.strip_suffix(')').and_then(|t| t.split_once(" ("))
        {
            forms.push((name.chars().collect(), anchor.clone()));
            forms.push((short.chars().collect(), anchor));
        }
    }
    forms.sort_by_key(|(form, _)| std::cmp::Reverse(form.len()));
    forms
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

fn find_chars(text: &[char], what: &str, from: usize) -> Option<usize> {
    let what: Vec<char> = what.chars().collect();
    (from..text.len().saturating_sub(what.len() - 1))
        .find(|&i| text[i..].starts_with(&what))
}

/// Which characters are prose a glossary term may be found in (not code,
/// headings, links, HTML tags, directives, link definitions or URLs), and
/// the links into the glossary: start, end and anchor.
fn prose_mask(text: &[char]) -> (Vec<bool>, Vec<(usize, usize, String)>) {
    let n = text.len();
    let mut mask = vec![true; n];
    let mut links = Vec::new();
    let mut fence: Option<String> = None;
    let mut pos = 0;
    let whole: String = text.iter().collect();
    for line in whole.split('\n') {
        let len = line.chars().count();
        let stripped = line.trim_start();
        let hashes = stripped.chars().take_while(|c| *c == '#').count();
        let hide = if let Some(f) = &fence {
            let fc = f.chars().next().unwrap();
            if stripped.starts_with(f.as_str())
                && stripped.trim_matches(fc).trim().is_empty()
            {
                fence = None;
            }
            true
        } else if stripped.starts_with("```") || stripped.starts_with("~~~") {
            let fc = stripped.chars().next().unwrap();
            fence = Some(stripped.chars().take_while(|c| *c == fc).collect());
            true
        } else if (1..=6).contains(&hashes)
            && stripped[hashes..].starts_with(char::is_whitespace)
        {
            true
        } else {
            stripped.starts_with('[')
                && stripped[1..].find(']').is_some_and(|close| {
                    close > 0
                        && stripped[1 + close + 1..].starts_with(':')
                        && stripped[1 + close + 2..]
                            .starts_with(char::is_whitespace)
                })
        };
        if hide {
            mask[pos..pos + len].iter_mut().for_each(|m| *m = false);
        }
        pos += len + 1;
    }
    let hide = |mask: &mut Vec<bool>, start: usize, end: usize| {
        mask[start..end.min(n)].iter_mut().for_each(|m| *m = false);
    };
    let mut i = 0;
    while i < n {
        if !mask[i] {
            i += 1;
            continue;
        }
        let rest: String = text[i..(i + 8).min(n)].iter().collect();
        let end = if text[i] == '`' {
            let run = text[i..].iter().take_while(|c| **c == '`').count();
            find_chars(text, &"`".repeat(run), i + run)
                .map_or(n, |close| close + run)
        } else if rest.starts_with("{{#") {
            find_chars(text, "}}", i).map_or(n, |close| close + 2)
        } else if text[i] == '[' {
            let mut depth = 0;
            let mut close = None;
            for k in i..n {
                match text[k] {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(k);
                            break;
                        }
                    }
                    '\n' if text.get(k + 1) == Some(&'\n') => break,
                    _ => {}
                }
            }
            let Some(close) = close else {
                i += 1;
                continue;
            };
            match text.get(close + 1) {
                Some('(') => {
                    let end = find_chars(text, ")", close + 1)
                        .map_or(n, |paren| paren + 1);
                    let url: String = text[close + 2..end - 1].iter().collect();
                    if let Some((_, anchor)) = url.split_once("glossary.md#")
                        && !url.starts_with("http")
                    {
                        links.push((i, end, anchor.to_owned()));
                    }
                    end
                }
                Some('[') => {
                    find_chars(text, "]", close + 1).map_or(n, |r| r + 1)
                }
                _ => close + 1,
            }
        } else if text[i] == '<' {
            if rest.starts_with("<!--") {
                find_chars(text, "-->", i).map_or(n, |close| close + 3)
            } else {
                find_chars(text, ">", i).map_or(n, |close| close + 1)
            }
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            (i..n)
                .find(|&k| {
                    text[k].is_whitespace() || text[k] == ')' || text[k] == '>'
                })
                .unwrap_or(n)
        } else {
            i += 1;
            continue;
        };
        hide(&mut mask, i, end);
        i = end;
    }
    (mask, links)
}

/// The end of `form` found at `i`: case-insensitive, any run of whitespace
/// for a space, a plural "s" allowed, whole words (a hyphen is part of one).
fn term_at(text: &[char], i: usize, form: &[char]) -> Option<usize> {
    if i > 0 && is_word(text[i - 1]) {
        return None;
    }
    let mut k = i;
    for &c in form {
        if c == ' ' {
            if !text.get(k).is_some_and(|t| t.is_whitespace()) {
                return None;
            }
            while text.get(k).is_some_and(|t| t.is_whitespace()) {
                k += 1;
            }
        } else if text
            .get(k)
            .is_some_and(|t| t.to_lowercase().eq(c.to_lowercase()))
        {
            k += 1;
        } else {
            return None;
        }
    }
    if text.get(k).is_some_and(|t| *t == 's' || *t == 'S')
        && !text.get(k + 1).is_some_and(|t| is_word(*t))
    {
        k += 1;
    }
    (!text.get(k).is_some_and(|t| is_word(*t))).then_some(k)
}

/// What breaks the glossary rule on a page: line and problem.
fn glossary_problems(
    text: &str,
    forms: &[(Vec<char>, String)],
) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let (mask, links) = prose_mask(&chars);
    let mut found: Vec<(usize, usize, String, bool)> = links
        .into_iter()
        .map(|(start, end, anchor)| (start, end, anchor, true))
        .collect();
    let mut i = 0;
    while i < chars.len() {
        if !mask[i] || (i > 0 && is_word(chars[i - 1])) {
            i += 1;
            continue;
        }
        let hit = forms.iter().find_map(|(form, anchor)| {
            term_at(&chars, i, form)
                .filter(|&end| mask[i..end].iter().all(|m| *m))
                .map(|end| (i, end, anchor.clone(), false))
        });
        match hit {
            Some(hit) => {
                i = hit.1;
                found.push(hit);
            }
            None => i += 1,
        }
    }
    found.sort();
    let known: BTreeSet<&String> = forms.iter().map(|(_, a)| a).collect();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for (start, end, anchor, linked) in found {
        let line = chars[..start].iter().filter(|c| **c == '\n').count() + 1;
        if linked && !known.contains(&anchor) {
            problems.push((
                line,
                format!("links the glossary at #{anchor}, which is no term"),
            ));
        } else if !seen.insert(anchor.clone()) {
            if linked {
                problems.push((
                    line,
                    format!(
                        "links #{anchor} again: only its first use is a link"
                    ),
                ));
            }
        } else if !linked {
            let words: String = chars[start..end].iter().collect();
            problems.push((
                line,
                format!(
                    "first use of {words:?} is not a link to the glossary (#{anchor})"
                ),
            ));
        }
    }
    problems
}

#[test]
fn the_first_use_of_a_glossary_term_on_a_page_links_the_glossary() {
    let forms = glossary_forms(&read("glossary.md"));
    let class: BTreeSet<PathBuf> =
        class_pages().into_iter().map(|p| p.path).collect();
    let mut problems = Vec::new();
    for page in chapters() {
        if page.path.ends_with("glossary.md") {
            continue;
        }
        let text = fs::read_to_string(&page.path).unwrap();
        for (line, problem) in glossary_problems(&text, &forms) {
            // Every page's glossary links must point at terms; the pages a
            // class sees must also link each term at its first use.
            if class.contains(&page.path) || problem.contains("no term") {
                problems.push(format!(
                    "{}:{line}: {problem} (/work/briefs/glossary_link.py applies the rule)",
                    relative(&page.path)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_glossary_and_numbering_checkers_catch_what_they_should() {
    let forms = glossary_forms(
        "### Nonce\n### Public key\n### Counter mode (CTR)\n### Key pair\n",
    );
    let good = "# A nonce in a heading\n\nEach [nonce](../glossary.md#nonce) \
                is new. [Public keys\ntravel](../glossary.md#public-key); a \
                nonce again. `nonce` in code, [a nonce](x.md), \
                [CTR](../glossary.md#counter-mode-ctr) mode.\n\n```text\nnonce\n```\n";
    assert_eq!(glossary_problems(good, &forms), []);
    let bad = "A nonce, then a [nonce](../glossary.md#nonce), public\nkeys \
               and [x](glossary.md#no-such).";
    let problems: Vec<String> = glossary_problems(bad, &forms)
        .into_iter()
        .map(|(line, p)| format!("{line}: {p}"))
        .collect();
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].starts_with("1: first use of \"nonce\""));
    assert!(problems[1].contains("links #nonce again"));
    assert!(problems[2].starts_with("1: first use of \"public\\nkeys\""));
    assert!(problems[3].starts_with("2: links the glossary at #no-such"));
    let nonce: Vec<char> = "Nonce".chars().collect();
    let text = |t: &str| t.chars().collect::<Vec<_>>();
    assert_eq!(term_at(&text("nonces."), 0, &nonce), Some(6));
    assert_eq!(term_at(&text("nonce-based"), 0, &nonce), None);
    assert_eq!(glossary_anchor("Counter mode (CTR)"), "counter-mode-ctr");
    assert_eq!(glossary_anchor("u-coordinate"), "u-coordinate");

    assert_eq!(
        chapter_references(
            "See chapter 3, and chapters 5 to 7.\nThe Rust book, chapter 21."
        ),
        [(1, 3), (1, 5), (1, 7)]
    );
    assert_eq!(
        titled_references(
            "//! Chapter 9, *What it protects*: x\n| chapter | y |\n\
             | --- | --- |\n| 4. Key derivation | y |\n\n\
             | Objective | Questions |\n| 2. Anything | 3 |"
        ),
        [
            (1, 9, "What it protects".to_owned()),
            (4, 4, "Key derivation".to_owned())
        ]
    );
    assert_eq!(
        page_references("on page 3.2. And page 1."),
        [(1, "3.2".into())]
    );
    let numbered = summary_pages(
        "# Summary\n\n[Introduction](a.md)\n\n# Part I: X\n\n- [One](b.md)\n    \
         - [Sub](b/c.md)\n    - [Sub](b/d.md)\n- [Two](e.md)\n    - [Sub](e/f.md)\n",
    );
    let numbers: Vec<Option<&str>> =
        numbered.iter().map(|p| p.number.as_deref()).collect();
    assert_eq!(
        numbers,
        [
            None,
            Some("1"),
            Some("1.1"),
            Some("1.2"),
            Some("2"),
            Some("2.1")
        ]
    );
    assert_eq!(numbered[3].chapter.as_deref(), Some("b.md"));
    assert!(speaker_notes_problem("Text.\n").is_some());
    assert!(
        speaker_notes_problem(
            "x\n\n<details>\n<summary>Speaker notes</summary>\n\n- Say: hi\n\n</details>\n"
        )
        .is_some()
    );
    assert_eq!(
        speaker_notes_problem(
            "x\n\n<details>\n<summary>Speaker notes</summary>\n\n- Ask: why?\n\n</details>\n"
        ),
        None
    );
}

#[test]
fn the_recorded_compiler_error_quotes_the_code_as_it_is() {
    // Chapter 1 shows the error a second use of a key pair gets, recorded
    // from `cp src/key_generation/used_twice.rs examples/ && cargo build
    // --example used_twice`: every source line it quotes must still be there.
    let root = Path::new(ROOT);
    let recorded = read("output/used_twice.txt");
    let mut file = None;
    let mut checked = 0;
    for line in recorded.lines() {
        if let Some(at) = line.trim_start().strip_prefix("--> ") {
            let path = at.split(':').next().unwrap();
            let path = if path == "examples/used_twice.rs" {
                "src/key_generation/used_twice.rs"
            } else {
                path
            };
            file = Some(fs::read_to_string(root.join(path)).unwrap());
            continue;
        }
        let Some((number, code)) = line.split_once(" | ") else {
            continue;
        };
        let (Ok(number), Some(source)) =
            (number.trim().parse::<usize>(), &file)
        else {
            continue;
        };
        assert_eq!(
            source.lines().nth(number - 1),
            Some(code),
            "book/output/used_twice.txt quotes line {number} as {code:?}: \
             record it anew as its first line says"
        );
        checked += 1;
    }
    assert!(
        checked >= 4,
        "only {checked} quoted lines in used_twice.txt"
    );
}
