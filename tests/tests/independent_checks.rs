//! Checks never trust the solution: no function of the grading crate's checks shares a
//! run of statements with a function of `solutions/`.
//!
//! A check whose reference is a copy of the solution agrees with it by construction, so
//! a bug in both passes unseen; references live in `checks/reference.rs` (or next to
//! their check) and are written a different way. This test reads every `fn` body under
//! `crates/ferrolab-grade/src/checks/` and `solutions/src/`, normalises it (comments and
//! layout dropped, local names replaced by their order of first use, so renaming `b` to
//! `rhs` hides nothing) and fails when a check and a solution share [`RUN`] statements
//! in a row. Wrong answers in `tests/tests/wrong/` may copy a solution to mutate one
//! line: they are not read.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Statements in a row that make a copy. Four is below the shortest real copy found
/// (the least-squares elimination, 11 statements) and above what idiom alone repeats.
const RUN: usize = 4;

/// Rust's keywords and the names every body uses, never renamed.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "dyn",
    "f64", "f32", "usize", "isize", "u8", "u64", "i64", "i32", "bool", "str",
];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Punct(char),
    /// A string, char or number literal, kept verbatim.
    Literal(String),
}

/// Split source into tokens, dropping comments and whitespace.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && raw_string_at(&chars, i) {
            let start = i;
            i += 1;
            let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
            i += hashes + 1;
            let closing: Vec<char> = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            while i < chars.len() && !chars[i..].starts_with(&closing) {
                i += 1;
            }
            i += closing.len();
            out.push(Token::Literal(
                chars[start..i.min(chars.len())].iter().collect(),
            ));
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(Token::Literal(
                chars[start..i.min(chars.len())].iter().collect(),
            ));
        } else if c == '\'' && char_literal_len(&chars, i).is_some() {
            let len = char_literal_len(&chars, i).unwrap_or(1);
            out.push(Token::Literal(chars[i..i + len].iter().collect()));
            i += len;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '_'
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            out.push(Token::Literal(chars[start..i].iter().collect()));
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

/// `r"…"` or `r#"…"#` starts at `i` (and not an identifier ending in r).
fn raw_string_at(chars: &[char], i: usize) -> bool {
    let after_hashes = chars[i + 1..].iter().find(|&&h| h != '#');
    let word_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    after_hashes == Some(&'"') && !word_before
}

/// The length of a char literal at `i` ('a', '\n', '\''), or None for a lifetime.
fn char_literal_len(chars: &[char], i: usize) -> Option<usize> {
    match (chars.get(i + 1), chars.get(i + 2), chars.get(i + 3)) {
        (Some('\\'), _, _) => {
            let end = chars[i + 2..].iter().position(|&c| c == '\'')?;
            Some(end + 3)
        }
        (Some(_), Some('\''), _) => Some(3),
        _ => None,
    }
}

/// One function: where it is and its body's statements, each a list of tokens.
#[derive(Debug)]
struct Function {
    place: String,
    statements: Vec<Vec<Token>>,
}

/// Every `fn` with a body in `source`, nested ones included.
fn functions(source: &str, file: &str) -> Vec<Function> {
    let tokens = tokens(source);
    let line_of = |name: &str, nth: usize| {
        source
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.contains(&format!("fn {name}(")) || l.contains(&format!("fn {name}<"))
            })
            .nth(nth)
            .map_or(0, |(n, _)| n + 1)
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let (Token::Word(word), Some(Token::Word(name))) = (token, tokens.get(i + 1)) else {
            continue;
        };
        if word != "fn" {
            continue;
        }
        // The body opens at the first `{` outside the signature's brackets; a `;` first
        // means a declaration without a body (a trait's).
        let mut depth = 0i32;
        let mut open = None;
        for (j, t) in tokens.iter().enumerate().skip(i + 2) {
            match t {
                Token::Punct('(' | '[' | '<') => depth += 1,
                Token::Punct(')' | ']') => depth -= 1,
                Token::Punct('>') if !matches!(tokens.get(j - 1), Some(Token::Punct('-'))) => {
                    depth -= 1
                }
                Token::Punct(';') if depth <= 0 => break,
                Token::Punct('{') if depth <= 0 => {
                    open = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut braces = 0;
        let mut close = open;
        for (j, t) in tokens.iter().enumerate().skip(open) {
            match t {
                Token::Punct('{') => braces += 1,
                Token::Punct('}') => braces -= 1,
                _ => {}
            }
            if braces == 0 {
                close = j;
                break;
            }
        }
        let nth = seen.entry(name.clone()).or_default();
        let place = format!("{file}:{} (fn {name})", line_of(name, *nth));
        *nth += 1;
        out.push(Function {
            place,
            statements: statements(&tokens[open + 1..close]),
        });
    }
    out
}

/// A body cut at `;`, `{` and `}`; pieces of fewer than two tokens (`else`, a lone tail
/// value) are not statements.
fn statements(body: &[Token]) -> Vec<Vec<Token>> {
    body.split(|t| matches!(t, Token::Punct(';' | '{' | '}')))
        .filter(|s| s.len() >= 2)
        .map(<[Token]>::to_vec)
        .collect()
}

/// `run` statements as text, local names (lower-case words that are not called, not
/// fields or methods, not path segments) numbered by first use within the run.
fn normalised(run: &[Vec<Token>]) -> String {
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut text = String::new();
    for statement in run {
        for (k, token) in statement.iter().enumerate() {
            let at = |j: Option<usize>| j.and_then(|j| statement.get(j));
            let is = |t: Option<&Token>, c: char| t == Some(&Token::Punct(c));
            let (before, before2) = (at(k.checked_sub(1)), at(k.checked_sub(2)));
            let (after, after2) = (at(Some(k + 1)), at(Some(k + 2)));
            // A field or method (`.name`, not the range `..name`), a path segment
            // (`::name`, `name::`), a call or a macro keeps its name.
            let member = is(before, '.') && !is(before2, '.');
            let path = (is(before, ':') && is(before2, ':')) || (is(after, ':') && is(after2, ':'));
            let called = is(after, '(') || is(after, '!');
            let piece = match token {
                Token::Word(w)
                    if w.starts_with(|c: char| c.is_lowercase() || c == '_')
                        && !KEYWORDS.contains(&w.as_str())
                        && !(member || path || called) =>
                {
                    let n = names.len();
                    format!("v{}", names.entry(w).or_insert(n))
                }
                Token::Word(w) | Token::Literal(w) => w.clone(),
                Token::Punct(c) => c.to_string(),
            };
            text.push_str(&piece);
            text.push(' ');
        }
        text.push_str("; ");
    }
    text
}

/// Every window of [`RUN`] statements in the functions, keyed by its normalised text.
fn runs(functions: &[Function]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for f in functions {
        for (start, run) in f.statements.windows(RUN).enumerate() {
            out.entry(normalised(run))
                .or_insert_with(|| format!("{}, statement {}", f.place, start + 1));
        }
    }
    out
}

/// "check place ~ solution place" for every run of statements both share.
fn shared_runs(checks: &[Function], solutions: &[Function]) -> Vec<String> {
    let solution_runs = runs(solutions);
    let mut found = Vec::new();
    for f in checks {
        for (start, run) in f.statements.windows(RUN).enumerate() {
            if let Some(there) = solution_runs.get(&normalised(run)) {
                found.push(format!("{}, statement {} ~ {there}", f.place, start + 1));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()).unwrap_or_default())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The functions of every `.rs` file under `dir` (relative to the repository), but `skip`.
fn functions_under(dir: &str, skip: &[&str]) -> Vec<Function> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join(dir), &mut files);
    if dir.ends_with("checks") {
        files.push(root.join(format!("{dir}.rs")));
    }
    files
        .iter()
        .filter(|p| !skip.iter().any(|s| p.ends_with(s)))
        .flat_map(|path| {
            let source =
                fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string();
            functions(&source, &name)
        })
        .collect()
}

#[test]
fn no_check_shares_a_run_of_statements_with_a_solution() {
    let checks = functions_under("crates/ferrolab-grade/src/checks", &[]);
    // lib.rs is generated (one test per exercise), not a solution.
    let solutions = functions_under("solutions/src", &["solutions/src/lib.rs"]);
    assert!(
        checks.len() > 100 && solutions.len() > 50,
        "read too little"
    );
    let shared = shared_runs(&checks, &solutions);
    assert!(
        shared.is_empty(),
        "checks that copy a solution (write the reference another way, in \
         crates/ferrolab-grade/src/checks/reference.rs if several checks need it):\n{}",
        shared.join("\n")
    );
}

/// The detector itself, on copies planted for it.
mod detector {
    use super::*;

    const SOLUTION: &str = "
        pub fn solve(mut a: Array2<f64>, mut b: Array1<f64>) -> Array1<f64> {
            let n = b.len(); // the size
            for col in 0..n {
                let pivot = (col..n).max_by(|&i, &j| a[[i, col]].abs().total_cmp(&a[[j, col]].abs())).unwrap_or(col);
                b.swap(col, pivot);
            }
            let mut w = Array1::zeros(n);
            w
        }";

    #[test]
    fn a_renamed_copy_inside_a_longer_body_is_found() {
        let copy = "
            fn least_squares(design: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
                let mut m = design.t().dot(design);
                let mut rhs = design.t().dot(y);
                let size = rhs.len();
                for c in 0..size {
                    /* the largest entry */
                    let p = (c..size).max_by(|&r, &s| m[[r, c]].abs().total_cmp(&m[[s, c]].abs())).unwrap_or(c);
                    rhs.swap(c, p);
                }
                let mut theta = Array1::zeros(size);
                theta
            }";
        let found = shared_runs(&functions(copy, "check.rs"), &functions(SOLUTION, "sol.rs"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with(
                "check.rs:2 (fn least_squares), statement 3 ~ sol.rs:2 (fn solve), statement 1"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_different_method_for_the_same_answer_is_not_a_copy() {
        let other = "
            fn least_squares(design: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
                let (rows, cols) = design.dim();
                let mut r = design.clone();
                for k in 0..cols.min(rows) {
                    let column = r.slice(s![k.., k]).to_owned();
                    r.slice_mut(s![k.., k]).assign(&column);
                }
                r.column(0).to_owned()
            }";
        let found = shared_runs(
            &functions(other, "check.rs"),
            &functions(SOLUTION, "sol.rs"),
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn strings_lifetimes_and_comments_do_not_confuse_the_tokens() {
        let source =
            r##"fn f<'a>(x: &'a str) -> char { let s = "}{"; let r = r#"a"}"#; /* } */ '}' }"##;
        let found = functions(source, "x.rs");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].statements.len(), 2, "{:?}", found[0].statements);
    }
}
