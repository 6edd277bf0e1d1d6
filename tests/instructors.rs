//! The instructors' book (instructors/) keeps to what is so: its lesson plans,
//! for Parts I, II and III, add up and keep slack, each part's assessment
//! tests every objective, its demonstration steps add up to the time they
//! claim, its commands name real examples, options and tests, its handouts
//! hold no answers, and the numbers it quotes match the programs.
//!
//! The ignored test builds the course offline from a vendored copy, as a
//! class without a network does; `.ci/run` runs it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[allow(dead_code)]
mod common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn page(name: &str) -> String {
    let path = Path::new(ROOT).join("instructors/src").join(name);
    fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// Every page of the instructors' book, by file name, with its text.
fn pages() -> BTreeMap<String, String> {
    fs::read_dir(Path::new(ROOT).join("instructors/src"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The rows of the first table after `heading`: minutes and segment, and the
/// minutes of its `**Total**` row.
fn plan(text: &str, heading: &str) -> (Vec<(u32, String)>, Option<u32>) {
    let start = text
        .lines()
        .position(|l| l.trim() == heading)
        .unwrap_or_else(|| panic!("the lesson plan has no `{heading}`"));
    let mut rows = Vec::new();
    let mut total = None;
    for line in text
        .lines()
        .skip(start + 1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Ok(minutes) = cells[1].parse::<u32>() else {
            continue;
        };
        if cells[2].contains("**Total**") {
            total = Some(minutes);
        } else {
            rows.push((minutes, cells[2].to_owned()));
        }
    }
    (rows, total)
}

/// Checks that a plan's rows add up to `minutes` and its total says so.
fn adds_up(
    rows: &[(u32, String)],
    total: Option<u32>,
    minutes: u32,
    name: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let sum: u32 = rows.iter().map(|(m, _)| m).sum();
    if total != Some(minutes) {
        problems.push(format!(
            "the {name} plan needs a `| {minutes} | **Total** | |` row"
        ));
    }
    if sum != minutes {
        problems.push(format!(
            "the {name} plan's rows add up to {sum} minutes, not {minutes}"
        ));
    }
    problems
}

/// The numbered chapters of Part I in the students' book, in order, by
/// title: "Key generation" is chapter 1.
fn part_one_titles() -> Vec<String> {
    part_titles("Part I:")
}

/// The numbered chapters under the heading `# {part}…` of the students'
/// book/SUMMARY.md, by title: none if it has no such part.
fn part_titles(part: &str) -> Vec<String> {
    let summary =
        fs::read_to_string(Path::new(ROOT).join("book/SUMMARY.md")).unwrap();
    let mut inside = false;
    let mut titles = Vec::new();
    for line in summary.lines() {
        if let Some(heading) = line.strip_prefix("# ") {
            inside = heading.starts_with(part);
        } else if line.trim() == "---" {
            inside = false;
        } else if inside && let Some(rest) = line.strip_prefix("- [") {
            titles.push(rest.split(']').next().unwrap().to_owned());
        }
    }
    titles
}

/// How a plan names chapter `number`: "Ch. 9 What it protects" for "What it
/// protects, and what it does not".
fn chapter_label(number: usize, title: &str) -> String {
    format!("Ch. {number} {}", title.split(',').next().unwrap())
}

/// A plan's rows: minutes and segment.
type Rows = Vec<(u32, String)>;

/// A lesson plan page's 90-minute and 45-minute plans, and their problems:
/// each must add up, and the 90-minute one keep 10 minutes of slack or more.
/// `part` names the plan in messages ("Part II ").
fn long_and_short_plans(text: &str, part: &str) -> (Rows, Rows, Vec<String>) {
    let mut problems = Vec::new();
    let (long, total) = plan(text, "## 90 minutes");
    problems.extend(adds_up(&long, total, 90, &format!("{part}90-minute")));
    let slack: u32 = long
        .iter()
        .filter(|(_, segment)| segment.starts_with("Slack"))
        .map(|(m, _)| m)
        .sum();
    if slack < 10 {
        problems.push(format!(
            "the {part}90-minute plan keeps {slack} minutes of slack, not 10 or more"
        ));
    }
    let (short, total) = plan(text, "## 45 minutes");
    problems.extend(adds_up(&short, total, 45, &format!("{part}45-minute")));
    (long, short, problems)
}

#[test]
fn the_lesson_plans_add_up_keep_slack_and_cover_part_one() {
    let text = page("lesson-plan.md");
    let (long, _, mut problems) = long_and_short_plans(&text, "");

    let mut two_lessons = Vec::new();
    for lesson in 1..=2 {
        let (rows, total) =
            plan(&text, &format!("### Lesson {lesson} (60 minutes)"));
        problems.extend(adds_up(
            &rows,
            total,
            60,
            &format!("lesson {lesson} of the two-lesson"),
        ));
        two_lessons.extend(rows);
    }
    if !two_lessons.iter().any(|(_, s)| s.starts_with("Assessment")) {
        problems.push("the two-lesson plan has no Assessment row".into());
    }

    let titles = part_one_titles();
    if titles.len() != 9 {
        problems.push(format!(
            "book/SUMMARY.md's Part I has {} chapters, not 9: {titles:?}",
            titles.len()
        ));
    }
    for (index, title) in titles.iter().enumerate() {
        let label = chapter_label(index + 1, title);
        for (name, rows) in [("90-minute", &long), ("two-lesson", &two_lessons)]
        {
            if !rows.iter().any(|(_, segment)| segment.starts_with(&label)) {
                problems.push(format!(
                    "the {name} plan has no row `{label}` (chapter {} of \
                     book/SUMMARY.md)",
                    index + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Part II's chapters, by title, in the order of book/SUMMARY.md, each with
/// its example (the first has none). Until Part II is in the students'
/// book the instructors' pages follow this list; once it is, the test below
/// checks that the two agree.
const PART_TWO: [(&str, Option<&str>); 8] = [
    ("Before we attack", None),
    ("Tampering", Some("tamper")),
    ("Nonce reuse", Some("forbidden_attack")),
    ("Replay", Some("replay")),
    ("Reflection", Some("reflection")),
    ("Low-order keys", Some("low_order")),
    ("The man in the middle", Some("mitm")),
    ("What we learned", Some("what_we_learned")),
];

#[test]
fn the_part_two_plans_add_up_keep_slack_and_cover_part_two() {
    let titles: Vec<&str> = PART_TWO.iter().map(|(title, _)| *title).collect();
    let problems =
        part_plan_problems("lesson-plan-part-two.md", "Part II", &titles);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Problems with the lesson plan page `file` of `part` ("Part II"): its two
/// plans must add up and keep slack, each must have a row per chapter of
/// `expected`, and `expected` must be the students' book's chapters of that
/// part, once the book has them.
fn part_plan_problems(
    file: &str,
    part: &str,
    expected: &[&str],
) -> Vec<String> {
    let text = page(file);
    let (long, short, mut problems) =
        long_and_short_plans(&text, &format!("{part} "));
    let titles = part_titles(&format!("{part}:"));
    if !titles.is_empty() && titles != expected {
        let list = part.to_uppercase().replace(' ', "_");
        problems.push(format!(
            "book/SUMMARY.md's {part} has the chapters {titles:?}; \
             tests/instructors.rs's {list} says {expected:?}"
        ));
    }
    for title in expected {
        for (name, rows) in [("90-minute", &long), ("45-minute", &short)] {
            if !rows.iter().any(|(_, segment)| segment.starts_with(title)) {
                problems.push(format!(
                    "the {part} {name} plan has no row `{title}`"
                ));
            }
        }
    }
    problems
}

/// Part III's chapters, by title, in the order the students' book/SUMMARY.md
/// gives them under `# Part III: Hardening it into Noise`, each with its
/// example. As with PART_TWO, the test below checks the two agree once the
/// chapters are in the students' book.
const PART_THREE: [(&str, &str); 9] = [
    ("A conversation", "conversation"),
    ("Counter nonces", "counter_nonces"),
    ("One key per direction", "one_key_per_direction"),
    ("The transcript hash", "transcript_hash"),
    ("The chaining key", "chaining_key"),
    ("The server's long-term key", "pinning"),
    ("You have built Noise", "noise_vectors"),
    ("Part II again", "part_two_again"),
    ("What is still missing", "rekey"),
];

#[test]
fn the_part_three_plans_add_up_keep_slack_and_cover_part_three() {
    let titles: Vec<&str> =
        PART_THREE.iter().map(|(title, _)| *title).collect();
    let problems =
        part_plan_problems("lesson-plan-part-three.md", "Part III", &titles);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The steps of a demonstration script, `## N. Title · M minutes`: number
/// and minutes.
fn demo_steps(script: &str) -> Vec<(u32, u32)> {
    script
        .lines()
        .filter_map(|line| {
            let (number, rest) = line.strip_prefix("## ")?.split_once(". ")?;
            let time = rest.rsplit_once(" · ")?.1;
            let minutes = time
                .strip_suffix(" minutes")
                .or_else(|| time.strip_suffix(" minute"))?;
            Some((number.parse().ok()?, minutes.parse().ok()?))
        })
        .collect()
}

#[test]
fn the_demonstration_scripts_say_how_long_their_steps_take() {
    let mut problems = Vec::new();
    for (script, last) in [
        ("demonstration.md", 7),
        ("demonstration-part-two.md", 10),
        ("demonstration-part-three.md", 12),
    ] {
        let text = page(script);
        let steps = demo_steps(&text);
        let sum: u32 = steps
            .iter()
            .filter(|(n, _)| *n <= last)
            .map(|(_, m)| m)
            .sum();
        let claim = format!("Steps 1 to {last} take {sum} minutes");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !flat.contains(&claim) {
            problems.push(format!(
                "instructors/src/{script}: its steps 1 to {last} add up to \
                 {sum} minutes: it should say \"{claim}\""
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The numbered items of the list under `heading`: `1. **Explain** …`.
fn numbered_list(text: &str, heading: &str) -> Vec<u32> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}`"));
    text[start + heading.len()..]
        .lines()
        .take_while(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(". **"))
        .filter_map(|(number, _)| number.parse().ok())
        .collect()
}

/// The assessment's questions, by number: each starts a line with `**N.**`.
fn questions(assessment: &str) -> Vec<u32> {
    assessment
        .lines()
        .filter_map(|l| l.strip_prefix("**")?.split_once(".**"))
        .filter_map(|(number, _)| number.parse().ok())
        .collect()
}

/// The table under `## What each question tests`: objective, questions.
fn objective_table(assessment: &str) -> Vec<(u32, Vec<u32>)> {
    assessment
        .lines()
        .skip_while(|l| l.trim() != "## What each question tests")
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let objective = cells[1].split('.').next()?.parse().ok()?;
            let questions = cells[2]
                .split(',')
                .map(|q| {
                    q.trim().parse().unwrap_or_else(|_| {
                        panic!("`{}` is not a question number", q.trim())
                    })
                })
                .collect();
            Some((objective, questions))
        })
        .collect()
}

#[test]
fn every_objective_is_tested_and_the_table_matches_the_assessment() {
    let mut problems = objectives_problems("lesson-plan.md", "assessment.md");
    problems.extend(objectives_problems(
        "lesson-plan-part-two.md",
        "assessment-part-two.md",
    ));
    problems.extend(objectives_problems(
        "lesson-plan-part-three.md",
        "assessment-part-three.md",
    ));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Problems with one part's objectives (in `plan`) and its assessment: every
/// objective tested, every question testing one, one answer per question.
fn objectives_problems(plan: &str, assessment: &str) -> Vec<String> {
    let objectives = numbered_list(&page(plan), "## Learning objectives");
    let assessment = page(assessment);
    let asked = questions(&assessment);
    let table = objective_table(&assessment);
    let mut problems = Vec::new();
    if objectives.len() < 5
        || objectives != (1..=objectives.len() as u32).collect::<Vec<_>>()
    {
        problems.push(format!(
            "the lesson plan's objectives are not numbered 1 to N: {objectives:?}"
        ));
    }
    if asked != (1..=asked.len() as u32).collect::<Vec<_>>() {
        problems.push(format!(
            "the assessment's questions are not numbered 1 to N: {asked:?}"
        ));
    }
    let listed: Vec<u32> = table.iter().map(|(o, _)| *o).collect();
    if listed != objectives {
        problems.push(format!(
            "the table lists objectives {listed:?}; the lesson plan has {objectives:?}"
        ));
    }
    let mut tested = BTreeSet::new();
    for (objective, questions) in &table {
        if questions.is_empty() {
            problems.push(format!("objective {objective} has no question"));
        }
        for question in questions {
            if !asked.contains(question) {
                problems.push(format!(
                    "objective {objective}: question {question} does not exist"
                ));
            }
            tested.insert(*question);
        }
    }
    for question in &asked {
        if !tested.contains(question) {
            problems.push(format!(
                "question {question} tests no objective in the table"
            ));
        }
    }
    // One answer per question in the key.
    let key = assessment
        .split("<summary>Answer key</summary>")
        .nth(1)
        .expect("the assessment has an answer key");
    let answers = key
        .lines()
        .filter_map(|l| l.split_once(". "))
        .filter(|(n, _)| n.parse::<u32>().is_ok())
        .count();
    if answers != asked.len() {
        problems.push(format!(
            "the answer key has {answers} answers for {} questions",
            asked.len()
        ));
    }
    problems
        .into_iter()
        .map(|problem| format!("{plan}: {problem}"))
        .collect()
}

/// Every `cargo run --example NAME …` in `text`: the name and the words
/// after it, up to the end of the command (a backtick or the line's end).
fn commands(text: &str) -> Vec<(String, Vec<String>)> {
    text.split("cargo run --example ")
        .skip(1)
        .filter_map(|rest| {
            let command = rest.split(['`', '\n']).next().unwrap();
            let mut words = command.split_whitespace().map(str::to_owned);
            let name: String = words
                .next()?
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // "every `cargo run --example …`" names no example, and
            // `CHAPTER_exercise` is a placeholder.
            let real = !name.is_empty()
                && !name.chars().any(|c| c.is_ascii_uppercase());
            real.then(|| (name, words.collect()))
        })
        .collect()
}

/// The example targets there are: examples/*.rs and those Cargo.toml
/// declares (exercises and their solutions), with their source files.
fn example_sources() -> BTreeMap<String, PathBuf> {
    let mut found: BTreeMap<String, PathBuf> =
        fs::read_dir(Path::new(ROOT).join("examples"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
            .map(|path| {
                (path.file_stem().unwrap().to_str().unwrap().to_owned(), path)
            })
            .collect();
    let manifest =
        fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    for section in manifest.split("[[example]]").skip(1) {
        let value = |key: &str| {
            section.lines().find_map(|l| {
                let v = l.strip_prefix(key)?.trim().strip_prefix('=')?;
                Some(v.trim().trim_matches('"').to_owned())
            })
        };
        if let (Some(name), Some(path)) = (value("name"), value("path")) {
            found.insert(name, Path::new(ROOT).join(path));
        }
    }
    found
}

/// What `cargo run --example NAME -- --help` prints.
fn help(name: &str) -> String {
    let output = Command::new(common::example(name))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success(), "{name} --help failed");
    String::from_utf8(output.stdout).unwrap()
}

/// Problems with one command: options its `--help` does not list, and for a
/// program that takes a case first (`bad_client CASE`), an unlisted case.
fn check_command(name: &str, words: &[String], help: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let args = match words.iter().position(|w| w == "--") {
        Some(at) => &words[at + 1..],
        None => &[][..],
    };
    for (index, word) in args.iter().enumerate() {
        let word = word.trim_end_matches([',', '.', ')', ':']);
        let listed = |w: &str| {
            help.split(|c: char| c.is_whitespace() || "[]|,".contains(c))
                .any(|h| h == w)
        };
        if word.starts_with("--") {
            let option = word.split('=').next().unwrap();
            if !listed(option) {
                problems.push(format!(
                    "`cargo run --example {name} -- … {option}`: its --help lists no {option}"
                ));
            }
        } else if index == 0 && help.contains(" CASE") && !listed(word) {
            problems.push(format!(
                "`cargo run --example {name} -- {word}`: its --help lists no case {word}"
            ));
        }
    }
    problems
}

#[test]
fn every_command_names_a_real_example_and_options_its_help_lists() {
    let sources = example_sources();
    let mut helps = BTreeMap::new();
    let mut problems = Vec::new();
    for (file, text) in pages() {
        for (name, words) in commands(&text) {
            let at = format!("instructors/src/{file}");
            if words.iter().any(|w| w.contains("65432")) {
                problems.push(format!(
                    "{at}: `cargo run --example {name} {}` names port 65432: \
                     leave it out, or say --port N",
                    words.join(" ")
                ));
            }
            if !sources.contains_key(&name) {
                problems.push(format!(
                    "{at}: `cargo run --example {name}`: there is no such example"
                ));
                continue;
            }
            if !words.iter().any(|w| w.starts_with("--")) {
                continue;
            }
            let help = helps.entry(name.clone()).or_insert_with(|| help(&name));
            for problem in check_command(&name, &words, help) {
                problems.push(format!("{at}: {problem}"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_checkers_catch_what_they_should() {
    let sample = "## 90 minutes\n\n| Minutes | Segment | What |\n| --- | --- | --- |\n\
                  | 80 | Ch. 1 Key generation | x |\n| 9 | Slack | |\n| 90 | **Total** | |\n";
    let (rows, total) = plan(sample, "## 90 minutes");
    assert_eq!(total, Some(90));
    assert_eq!(rows.len(), 2);
    assert_eq!(adds_up(&rows, total, 90, "sample").len(), 1);
    assert_eq!(
        chapter_label(9, "What it protects, and what it does not"),
        "Ch. 9 What it protects"
    );

    let found = commands(
        "Run `cargo run --example client -- --port N` and `cargo run --example NAME`\n\
         $ cargo run --example bad_client -- zero-key --host H\n",
    );
    assert_eq!(found[0].0, "client");
    assert_eq!(found[0].1, ["--", "--port", "N"]);
    assert_eq!(found[1].1, ["--", "zero-key", "--host", "H"]);

    let quiz = "context = \"\"\"\nFirst line.\nSecond line.\n\"\"\"\nprompt = 1\ncontext = \"One line.\"\n";
    assert_eq!(
        explanations(quiz).collect::<Vec<_>>(),
        ["First line.", "Second line.", "One line."]
    );

    let usage = "Usage: x -- CASE [--host H]\n\nCases:\n  zero-key  32 zeros\n";
    let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
    assert!(
        check_command("x", &words("-- zero-key --host H"), usage).is_empty()
    );
    assert_eq!(check_command("x", &words("-- zero-keys"), usage).len(), 1);
    assert_eq!(
        check_command("x", &words("-- zero-key --port 1"), usage).len(),
        1
    );

    let assessment = "**1.** A?\n\n**2.** B?\n\n## What each question tests\n\n\
                      | Objective | Questions |\n| --- | --- |\n| 1. One | 1, 2 |\n| 2. Two | 2 |\n";
    assert_eq!(questions(assessment), [1, 2]);
    assert_eq!(
        demo_steps("## 1. Start · 2 minutes\n## 2. More · 1 minute\n## If\n"),
        [(1, 2), (2, 1)]
    );
    let usage = "--help --to --low-order";
    assert!(check_command("mitm", &words("-- --to H:P"), usage).is_empty());
    assert_eq!(check_command("mitm", &words("-- --bind X"), usage).len(), 1);
    assert_eq!(objective_table(assessment), [(1, vec![1, 2]), (2, vec![2])]);
}

/// Problems with a handout that gives answers away: words that announce
/// them, a line of either answer key, or a line of a self-check's
/// explanation.
fn answers_on(handout: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = handout.to_lowercase();
    for forbidden in ["answer", "<details", "{{#quiz", "solution"] {
        if lower.contains(forbidden) {
            problems.push(format!("the handout says `{forbidden}`"));
        }
    }
    let mut secrets: Vec<String> = Vec::new();
    for assessment in [
        "assessment.md",
        "assessment-part-two.md",
        "assessment-part-three.md",
    ] {
        let assessment = page(assessment);
        let key = assessment.split("<summary>Answer key</summary>").nth(1);
        secrets.extend(
            key.unwrap_or_default()
                .lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| l.len() >= 30),
        );
    }
    for entry in fs::read_dir(Path::new(ROOT).join("book/quizzes")).unwrap() {
        let quiz = fs::read_to_string(entry.unwrap().path()).unwrap();
        secrets.extend(explanations(&quiz).filter(|l| l.len() >= 30));
    }
    for secret in &secrets {
        if handout.contains(secret.as_str()) {
            problems.push(format!("the handout holds an answer: {secret}"));
        }
    }
    problems
}

/// The attacks of Part II a handout's table has no row for: each a bold
/// name, `| **Tampering** |`.
fn attack_rows_missing(handout: &str) -> Vec<String> {
    PART_TWO
        .iter()
        .filter(|(_, example)| example.is_some_and(|e| e != "what_we_learned"))
        .map(|(title, _)| {
            let attack = title.trim_start_matches("The ");
            attack[..1].to_uppercase() + &attack[1..]
        })
        .filter(|attack| !handout.contains(&format!("| **{attack}** |")))
        .map(|attack| format!("the handout's table has no row `{attack}`"))
        .collect()
}

#[test]
fn the_part_two_handout_names_every_attack_and_command_and_holds_no_answers() {
    let handout = page("handout-part-two.md");
    let mut problems = answers_on(&handout);
    problems.extend(attack_rows_missing(&handout));
    for (_, example) in PART_TWO {
        if let Some(example) = example
            && !handout.contains(&format!("cargo run --example {example}"))
        {
            problems.push(format!(
                "the handout does not say `cargo run --example {example}`"
            ));
        }
    }
    for command in ["cargo run --example server", "cargo run --example client"]
    {
        if !handout.contains(command) {
            problems.push(format!("the handout does not say `{command}`"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every `cargo test --test NAME` in `text`: the names.
fn test_commands(text: &str) -> Vec<String> {
    text.split("cargo test --test ")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

#[test]
fn every_test_command_names_a_real_test() {
    let mut problems = Vec::new();
    for (file, text) in pages() {
        for name in test_commands(&text) {
            let path = Path::new(ROOT).join("tests").join(format!("{name}.rs"));
            if !path.is_file() {
                problems.push(format!(
                    "instructors/src/{file}: `cargo test --test {name}`: \
                     there is no tests/{name}.rs"
                ));
            }
        }
    }
    assert_eq!(
        test_commands("run `cargo test --test noise_vectors`, then x"),
        ["noise_vectors"]
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_part_three_handout_names_every_step_attack_and_command_and_holds_no_answers()
 {
    let handout = page("handout-part-three.md");
    let mut problems = answers_on(&handout);
    for (index, (title, example)) in PART_THREE.iter().enumerate() {
        let step = format!("{}. **{title}**", index + 1);
        if !handout.contains(&step) {
            problems.push(format!("the handout has no step `{step}`"));
        }
        if !handout.contains(&format!("cargo run --example {example}`")) {
            problems.push(format!(
                "the handout does not say `cargo run --example {example}`"
            ));
        }
    }
    problems.extend(attack_rows_missing(&handout));
    for command in [
        "cargo run --example server -- --protocol nk --key-file",
        "cargo run --example client -- --protocol nk --server-key",
        "cargo test --test noise_vectors",
    ] {
        if !handout.contains(command) {
            problems.push(format!("the handout does not say `{command}`"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_handout_shows_every_step_and_command_and_holds_no_answers() {
    let handout = page("handout-part-one.md");
    let mut problems = answers_on(&handout);
    for (index, title) in part_one_titles().iter().take(7).enumerate() {
        let step = format!("{}. **{title}**", index + 1);
        if !handout.contains(&step) {
            problems.push(format!("the handout has no step `{step}`"));
        }
    }
    let sources = example_sources();
    let mut needed: Vec<String> = part_one_titles()
        .iter()
        .map(|t| t.to_lowercase().replace(' ', "_"))
        .filter(|name| sources.contains_key(name))
        .collect();
    needed.extend(["server", "client", "eavesdropper"].map(String::from));
    for name in needed {
        if !handout.contains(&format!("cargo run --example {name}")) {
            problems.push(format!(
                "the handout does not say `cargo run --example {name}`"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The lines of a self-check's explanations (`context = """ … """`, or
/// `context = "…"` on one line): what a student sees after answering.
fn explanations(quiz: &str) -> impl Iterator<Item = String> + '_ {
    let mut open = false;
    quiz.lines().filter_map(move |line| {
        let line = line.trim();
        if open {
            open = line != "\"\"\"";
            return open.then(|| line.to_owned());
        }
        let value = line.strip_prefix("context = ")?;
        if value == "\"\"\"" {
            open = true;
            return None;
        }
        Some(value.trim_matches('"').to_owned())
    })
}

/// The widest line of a recorded run, in characters.
fn widest(recording: &str) -> usize {
    fs::read_to_string(Path::new(ROOT).join("book/output").join(recording))
        .unwrap()
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn the_terminal_widths_quoted_are_those_of_the_recorded_runs() {
    let preparation = page("preparation.md");
    let flat = preparation.split_whitespace().collect::<Vec<_>>().join(" ");
    for (who, recording) in
        [("server's", "server.txt"), ("client's", "client.txt")]
    {
        let width = widest(recording);
        let claim = if who == "server's" {
            format!("server's lines run to {width} columns")
        } else {
            format!("client's to {width} columns")
        };
        assert!(
            flat.contains(&claim),
            "book/output/{recording} is {width} columns wide at most: \
             instructors/src/preparation.md should say \"{claim}\" (and the \
             checklist and the demonstration script the same number)"
        );
    }
}

#[test]
fn the_instructors_book_is_its_own_and_lists_every_page() {
    let summary = page("SUMMARY.md");
    let mut problems = Vec::new();
    for name in pages().keys().filter(|n| *n != "SUMMARY.md") {
        if !summary.contains(&format!("]({name})")) {
            problems.push(format!(
                "instructors/src/{name} is not listed in instructors/src/SUMMARY.md"
            ));
        }
    }
    let students =
        fs::read_to_string(Path::new(ROOT).join("book/SUMMARY.md")).unwrap();
    if students.contains("instructors/") {
        problems.push(
            "book/SUMMARY.md lists instructors' pages: the book served to \
             the class must not hold them"
                .into(),
        );
    }
    // The two books are served apart: a link out of this one is dead.
    for (name, text) in pages() {
        for target in text.split("](").skip(1) {
            let target = target.split(')').next().unwrap();
            let file = target.split('#').next().unwrap();
            let web =
                target.starts_with("http://") || target.starts_with("https://");
            if !web
                && !file.is_empty()
                && !Path::new(ROOT).join("instructors/src").join(file).is_file()
            {
                problems.push(format!(
                    "instructors/src/{name} links to {target}, which is not a \
                     page of this book: name the students' chapter instead"
                ));
            }
        }
    }
    if Path::new(ROOT).join("book/instructors").exists() {
        problems.push(
            "book/instructors/ exists: it belongs in instructors/src/".into(),
        );
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The lines `cargo vendor` prints for `.cargo/config.toml`, as the
/// classroom page quotes them.
fn quoted_config(classroom: &str) -> String {
    let start = classroom
        .find("```toml\n[source.crates-io]")
        .expect("the classroom page quotes the .cargo/config.toml lines");
    let block = &classroom[start + "```toml\n".len()..];
    block[..block.find("```").unwrap()].trim().to_owned()
}

/// Copies the files a build of the examples needs.
fn copy_project(to: &Path) {
    fn copy_dir(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy_dir(&path, &target);
            } else {
                fs::copy(&path, &target).unwrap();
            }
        }
    }
    let root = Path::new(ROOT);
    for file in ["Cargo.toml", "Cargo.lock"] {
        fs::copy(root.join(file), to.join(file)).unwrap();
    }
    for dir in ["src", "examples", "exercises", "tests"] {
        copy_dir(&root.join(dir), &to.join(dir));
    }
}

#[test]
#[ignore = "builds every dependency from source, about a minute: .ci/run runs it"]
fn the_course_builds_offline_from_a_vendored_copy() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let work = std::env::temp_dir()
        .join(format!("secure-messaging-offline-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    let (stick, home, target) = (
        work.join("course"),
        work.join("cargo-home"),
        work.join("target"),
    );
    fs::create_dir_all(&stick).unwrap();
    fs::create_dir_all(&home).unwrap();
    copy_project(&stick);

    // On the teacher's machine, with the network or its cache.
    let started = Instant::now();
    let vendor = Command::new(&cargo)
        .args(["vendor", "--locked"])
        .current_dir(&stick)
        .output()
        .unwrap();
    assert!(
        vendor.status.success(),
        "cargo vendor failed:\n{}",
        String::from_utf8_lossy(&vendor.stderr)
    );
    let config = String::from_utf8(vendor.stdout).unwrap();
    println!("cargo vendor: {:.1} s", started.elapsed().as_secs_f64());
    let classroom = page("classroom.md");
    assert_eq!(
        quoted_config(&classroom),
        config.trim(),
        "instructors/src/classroom.md should quote exactly what cargo vendor prints"
    );
    fs::create_dir_all(stick.join(".cargo")).unwrap();
    fs::write(stick.join(".cargo/config.toml"), &config).unwrap();

    // On a student's machine: an empty Cargo home, so no cached crate helps,
    // and no network.
    let started = Instant::now();
    let build = Command::new(&cargo)
        .args(["build", "--offline", "--examples", "--quiet"])
        .current_dir(&stick)
        .env("CARGO_HOME", &home)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTC_WRAPPER")
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        build.status.success(),
        "the offline build from the vendored copy failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    println!(
        "cargo build --offline --examples from the vendored copy: {seconds:.0} s"
    );
    assert!(
        target
            .join("debug/examples")
            .join(format!("server{}", std::env::consts::EXE_SUFFIX))
            .exists(),
        "the offline build made no server"
    );
    assert!(
        fs::read_dir(&home).unwrap().next().is_none()
            || !home.join("registry").exists(),
        "the offline build used a registry in its empty Cargo home"
    );
    fs::remove_dir_all(&work).unwrap();
}
