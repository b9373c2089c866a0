//! Where a solution's answer can be mutated, and into what.
//!
//! The operators are cargo-mutants' (binary and compound-assignment operators swapped,
//! comparisons bent, `!` and unary `-` deleted) plus the slips learners make that those
//! miss: an off-by-one range (`..` ↔ `..=`), rounding the wrong way, `min` for `max`, a
//! forgotten `sqrt`, `abs` or `rev`. Only lines inside `// BEGIN SOLUTION` regions are
//! mutated: the rest of a solution file is given code, not the learner's answer.
//!
//! The scan works on rustfmt-formatted text (every solution is), where a binary
//! operator always has a space on each side; a replacement that does not type-check is
//! dropped later as unviable, as cargo-mutants does.

use ferrolab_course::source::{BEGIN, END};

/// One mutant of a solution file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// 1-based line of the change.
    pub line: usize,
    /// That line as written, trimmed.
    pub original: String,
    /// That line after the change, trimmed: the mutant's name in reports and in
    /// `tests/mutants/equivalent.toml`.
    pub mutated: String,
    /// The whole file with the change.
    pub source: String,
}

/// Swapped binary operators, cargo-mutants' table.
const BINARY: &[(&str, &[&str])] = &[
    ("+", &["-", "*"]),
    ("-", &["+", "/"]),
    ("*", &["+", "/"]),
    ("/", &["%", "*"]),
    ("%", &["/", "+"]),
    ("&&", &["||"]),
    ("||", &["&&"]),
    ("==", &["!="]),
    ("!=", &["=="]),
    ("<", &["==", ">", "<="]),
    (">", &["==", "<", ">="]),
    ("<=", &[">"]),
    (">=", &["<"]),
    ("+=", &["-=", "*="]),
    ("-=", &["+=", "/="]),
    ("*=", &["+=", "/="]),
    ("/=", &["%=", "*="]),
];

/// Method calls swapped or deleted: the learner's slips.
const METHODS: &[(&str, &[&str])] = &[
    (".min(", &[".max("]),
    (".max(", &[".min("]),
    (".floor()", &[".ceil()"]),
    (".ceil()", &[".floor()"]),
    (".round()", &[".floor()", ".ceil()"]),
    (".sqrt()", &[""]),
    (".abs()", &[""]),
    (".rev()", &[""]),
];

/// Constants replaced (PIT's inline-constant mutator, for the values answers use most):
/// an axis, a start, an exponent or a threshold off by one.
const LITERALS: &[(&str, &[&str])] = &[
    ("0", &["1"]),
    ("1", &["0"]),
    ("2", &["1"]),
    ("0.0", &["1.0"]),
    ("1.0", &["0.0"]),
    ("2.0", &["1.0"]),
    ("0.5", &["1.0"]),
];

/// Characters an operator token is made of.
const OPERATOR_CHARS: &[u8] = b"+-*/%<>=!&|";

/// Every mutant of `file`, in file order.
pub fn mutants_of(file: &str) -> Vec<Mutant> {
    let lines: Vec<&str> = file.split_inclusive('\n').collect();
    let mut mutants = Vec::new();
    let mut inside = false;
    for (index, line) in lines.iter().enumerate() {
        match line.trim() {
            BEGIN => inside = true,
            END => inside = false,
            _ if inside => {
                for (column, from, to) in edits(line) {
                    let changed =
                        format!("{}{to}{}", &line[..column], &line[column + from.len()..]);
                    let mut source = String::with_capacity(file.len() + 2);
                    lines[..index].iter().for_each(|l| source.push_str(l));
                    source.push_str(&changed);
                    lines[index + 1..].iter().for_each(|l| source.push_str(l));
                    mutants.push(Mutant {
                        line: index + 1,
                        original: line.trim().to_string(),
                        mutated: changed.trim().to_string(),
                        source,
                    });
                }
            }
            _ => {}
        }
    }
    mutants
}

/// `(byte column, text replaced, replacement)` for every mutation of one line.
fn edits(line: &str) -> Vec<(usize, &'static str, &'static str)> {
    let code = code_mask(line);
    let bytes = line.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b'\n');
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut edits = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !code[i] {
            i += 1;
            continue;
        }
        let before = if i == 0 { b'\n' } else { at(i - 1) };
        // A spaced operator token: ` + `, ` <= `, ` += `.
        if before == b' ' && OPERATOR_CHARS.contains(&at(i)) {
            let end = (i..bytes.len())
                .find(|&j| !OPERATOR_CHARS.contains(&at(j)))
                .unwrap_or(bytes.len());
            if at(end) == b' ' {
                if let Some((from, tos)) = BINARY.iter().find(|(op, _)| *op == &line[i..end]) {
                    edits.extend(tos.iter().map(|to| (i, *from, *to)));
                }
                i = end;
                continue;
            }
        }
        // Unary `!` and `-` in front of an operand (not a macro's `!`, not `!=`).
        if (at(i) == b'!' || at(i) == b'-')
            && b" ([,=|".contains(&before)
            && (word(at(i + 1)) || at(i + 1) == b'(')
        {
            edits.push((i, if at(i) == b'!' { "!" } else { "-" }, ""));
        }
        // Ranges: `a..b` ↔ `a..=b`.
        if line[i..].starts_with("..") && before != b'.' {
            let after = at(i + 2);
            if after == b'=' {
                edits.push((i, "..=", ".."));
            } else if (word(before) || before == b')') && (word(after) || after == b'(') {
                edits.push((i, "..", "..="));
            }
            i += 2;
            continue;
        }
        // A number standing alone (not `x.0`, not part of a name or of `1e-12`).
        if at(i).is_ascii_digit() && !word(before) && before != b'.' {
            let end = (i..bytes.len())
                .find(|&j| !(at(j).is_ascii_digit() || at(j) == b'.' && at(j + 1).is_ascii_digit()))
                .unwrap_or(bytes.len());
            if !word(at(end)) {
                if let Some((from, tos)) = LITERALS.iter().find(|(l, _)| *l == &line[i..end]) {
                    edits.extend(tos.iter().map(|to| (i, *from, *to)));
                }
            }
            i = end;
            continue;
        }
        if at(i) == b'.' {
            if let Some((from, tos)) = METHODS.iter().find(|(m, _)| line[i..].starts_with(m)) {
                edits.extend(tos.iter().map(|to| (i, *from, *to)));
            }
        }
        i += 1;
    }
    edits
}

/// For each byte of `line`, whether it is code (not inside a string or char literal,
/// not in a comment).
fn code_mask(line: &str) -> Vec<bool> {
    let bytes = line.as_bytes();
    let mut code = vec![true; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                code[i..].iter_mut().for_each(|c| *c = false);
                break;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                code[start..end].iter_mut().for_each(|c| *c = false);
            }
            b'\'' => {
                // 'x' or '\n'; a lifetime ('a) has no closing quote two or three on.
                let close = if bytes.get(i + 1) == Some(&b'\\') {
                    i + 3
                } else {
                    i + 2
                };
                if bytes.get(close) == Some(&b'\'') {
                    code[i..=close].iter_mut().for_each(|c| *c = false);
                    i = close;
                }
            }
            _ => {}
        }
        i += 1;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutated(line: &str) -> Vec<String> {
        let file = format!("fn f() {{\n    {BEGIN}\n{line}\n    {END}\n}}\n");
        mutants_of(&file).into_iter().map(|m| m.mutated).collect()
    }

    #[test]
    fn binary_operators_follow_cargo_mutants_table() {
        assert_eq!(mutated("    a + b"), ["a - b", "a * b"]);
        assert_eq!(mutated("    if a <= b {"), ["if a > b {"]);
        assert_eq!(mutated("    total += x;"), ["total -= x;", "total *= x;"]);
    }

    #[test]
    fn unary_operators_are_deleted_but_macros_and_references_kept() {
        assert_eq!(mutated("    !done"), ["done"]);
        assert_eq!(mutated("    (-x).exp()"), ["(x).exp()"]);
        assert!(mutated("    assert!(ok); let r = &x; |y| y").is_empty());
    }

    #[test]
    fn ranges_rounding_and_methods() {
        assert_eq!(mutated("    for i in x..n {"), ["for i in x..=n {"]);
        assert_eq!(mutated("    (1..=k)"), ["(0..=k)", "(1..k)"]);
        assert_eq!(mutated("    x.sqrt()"), ["x"]);
        assert_eq!(mutated("    a.max(b)"), ["a.min(b)"]);
        assert_eq!(mutated("    v[..]"), Vec::<String>::new());
    }

    #[test]
    fn small_constants_are_replaced_but_not_fields_names_or_exponents() {
        assert_eq!(mutated("    x.sum_axis(Axis(0))"), ["x.sum_axis(Axis(1))"]);
        assert_eq!(
            mutated("    if p > 0.5 {"),
            [
                "if p == 0.5 {",
                "if p < 0.5 {",
                "if p >= 0.5 {",
                "if p > 1.0 {"
            ]
        );
        assert_eq!(
            mutated("    for i in 1..n {"),
            ["for i in 0..n {", "for i in 1..=n {"]
        );
        assert!(mutated("    pair.0 + 1e-12 + x2 + 10_u8")
            .iter()
            .all(|m| m.contains("pair.0")));
        assert_eq!(mutated("    1e-12").len(), 0);
    }

    #[test]
    fn strings_comments_and_given_code_are_left_alone() {
        assert!(mutated(r#"    format!("a + b {x}") // c - d"#).is_empty());
        let file = "fn g() -> i32 {\n    1 + 2\n}\n";
        assert!(mutants_of(file).is_empty());
    }

    #[test]
    fn a_mutant_changes_exactly_its_line() {
        let file = format!("fn f(a: i32) -> bool {{\n    {BEGIN}\n    a < 1\n    {END}\n}}\n");
        let mutants = mutants_of(&file);
        assert_eq!(mutants.len(), 4, "three comparisons and the constant");
        assert_eq!(mutants[0].line, 3);
        assert_eq!(mutants[0].original, "a < 1");
        assert_eq!(mutants[0].source, file.replace("a < 1", "a == 1"));
    }
}
