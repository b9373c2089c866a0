//! Lesson 10's tool call: the first JSON object of a model's answer, read as
//! `{"tool": name, "arguments": {...}}`, or an error when the model got the form wrong.
//!
//! The reference finds the object's end by walking its characters (braces counted,
//! strings and their escapes skipped), then hands only that slice to serde_json.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use serde_json::{Map, Value};

/// `llm/parse-tool-call`.
pub const PARSE_TOOL_CALL: &str = "llm/parse-tool-call";

/// What the learner returns: the tool's name and its arguments, or why not.
type Call = Result<(String, Map<String, Value>), String>;

/// `fn parse_tool_call(text: &str) -> Result<(String, Map<String, Value>), String>`.
pub fn parse_tool_call<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str) -> Call + Send + 'static,
{
    parse_tool_call_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ParseToolCallFn = dyn Fn(&str) -> Call + Send;

/// The byte range of the first balanced `{...}` in `text`, if it closes.
fn first_object(text: &str) -> Option<(usize, usize)> {
    let start = text.find('{')?;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, c) in text[start..].char_indices() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((start, start + offset + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// The grader's reading of a tool call.
fn call_reference(text: &str) -> Call {
    if !text.contains('{') {
        return Err("no JSON".into());
    }
    let (start, end) = first_object(text).ok_or("unclosed object")?;
    let value: Value = serde_json::from_str(&text[start..end]).map_err(|e| e.to_string())?;
    let Some(Value::String(tool)) = value.get("tool") else {
        return Err("no tool".into());
    };
    let Some(Value::Object(arguments)) = value.get("arguments") else {
        return Err("no arguments".into());
    };
    Ok((tool.clone(), arguments.clone()))
}

fn call_text(call: &Call) -> String {
    match call {
        Ok((tool, arguments)) => format!("Ok(({tool:?}, {}))", Value::Object(arguments.clone())),
        Err(message) => format!("Err({message:?})"),
    }
}

fn parse_tool_call_boxed(grader: &Grader, learner: Box<ParseToolCallFn>) -> Report {
    let mut rng = grader.rng(1002);
    let (year, month) = (rng.gen_range(1959..2020), rng.gen_range(1..13));
    let exact = r#"{"tool": "co2_ppm", "arguments": {"year": 1990, "month": 3}}"#;
    let cases: Vec<String> = vec![
        exact.into(),
        format!("Sure! Here is the call: {exact} I hope this helps."),
        format!("```json\n{exact}\n```"),
        format!("{{\"arguments\": {{\"month\": {month}, \"year\": {year}}}, \"tool\": \"co2_ppm\"}}"),
        r#"{"tool": "co2_ppm", "arguments": {"year": 2005, "month": 12}} or {"tool": "co2_ppm", "arguments": {"year": 2006, "month": 1}}"#.into(),
        r#"{"tool": "co2_ppm", "arguments": {"year": 1990, "month": 3, "place": {"name": "Mauna Loa"}}}"#.into(),
        r#"{"tool": "co2_ppm", "arguments": {"note": "a } in \"quotes\""}, "why": "asked"}"#.into(),
        "The CO2 level in March 1990 was 355 ppm.".into(),
        r#"{"tool": "co2_ppm", "arguments": {"year": 1990, "month": 3}"#.into(),
        "{'tool': 'co2_ppm', 'arguments': {'year': 1990, 'month': 3}}".into(),
        r#"{"name": "co2_ppm", "arguments": {"year": 1990, "month": 3}}"#.into(),
        r#"{"tool": 7, "arguments": {"year": 1990}}"#.into(),
        r#"{"tool": "co2_ppm", "arguments": [1990, 3]}"#.into(),
        r#"{"tool": "co2_ppm"}"#.into(),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |text: &String| format!("text = {text:?}"),
        move |text: &String| learner(text),
    );
    for (text, got) in cases.iter().zip(run.outputs) {
        let expected = call_reference(text);
        let same = match (&expected, &got) {
            (Ok(want), Ok(have)) => want == have,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !same {
            let expected_text = match &expected {
                Ok(_) => call_text(&expected),
                Err(_) => "an Err".to_string(),
            };
            let verdict = incorrect(
                &format!("text = {text:?}"),
                &expected_text,
                &call_text(&got),
                call_mistake(text, &expected, &got),
            );
            return Report::new(PARSE_TOOL_CALL, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(PARSE_TOOL_CALL, verdict);
    }
    Report::new(
        PARSE_TOOL_CALL,
        Verdict::Passed {
            summary: "14 answers: calls inside text, nested and quoted braces, two calls, and 7 \
                      a loop must refuse"
                .into(),
        },
    )
}

fn call_mistake(text: &str, expected: &Call, got: &Call) -> Option<String> {
    match (expected, got) {
        (Ok(_), Err(_)) => {
            let (start, end) = first_object(text)?;
            let last = text.rfind('}').unwrap_or(end);
            let first_close = text[start..].find('}').map(|i| start + i + 1);
            if !text.trim_start().starts_with('{') || !text.trim_end().ends_with('}') {
                Some(known_mistake(
                    "the JSON sits inside other text: read from the first opening brace (serde_json's \
                     `Deserializer::from_str(..).into_iter()` stops after one value), not the \
                     whole answer",
                ))
            } else if last + 1 != end {
                Some(known_mistake(
                    "the object was read from the first opening brace to the last closing one: with two calls in \
                     the answer that is not JSON; the first object ends where its braces balance",
                ))
            } else if text[start..end].contains("\"a }") {
                Some(known_mistake(
                    "a closing brace inside a JSON string was counted as a brace: skip what is between quotes",
                ))
            } else if first_close != Some(end) {
                Some(known_mistake(
                    "the object was cut at its first closing brace: a nested object closes first; count \
                     the braces, or let serde_json find the end",
                ))
            } else {
                None
            }
        }
        (Ok((want_tool, want_args)), Ok((tool, arguments))) => {
            let later = text.rfind("{\"tool\"").map(|i| call_reference(&text[i..]));
            if let Some(Ok((last_tool, last_args))) = later {
                if (&last_tool, &last_args) == (tool, arguments)
                    && (&last_tool, &last_args) != (want_tool, want_args)
                {
                    return Some(known_mistake(
                        "the last call was read: the call is the first JSON object",
                    ));
                }
            }
            None
        }
        (Err(why), Ok(_)) => match why.as_str() {
            "no tool" => Some(known_mistake(
                "a call without a \"tool\" string was accepted: the name must be a string under \"tool\"",
            )),
            "no arguments" => Some(known_mistake(
                "the \"arguments\" must be a JSON object (with \"year\" and \"month\" inside): a missing or non-object value is an error",
            )),
            _ => None,
        },
        (Err(_), Err(_)) => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_finds_the_first_object() {
        let text = r#"x {"a": "}", "b": {"c": 1}} y {"d": 2}"#;
        let (start, end) = first_object(text).unwrap();
        assert_eq!(&text[start..end], r#"{"a": "}", "b": {"c": 1}}"#);
        assert!(first_object(r#"{"a": 1"#).is_none());
        let (tool, arguments) =
            call_reference(r#"ok {"tool": "t", "arguments": {"k": 1}}"#).unwrap();
        assert_eq!((tool.as_str(), arguments["k"].as_i64()), ("t", Some(1)));
        assert_eq!(call_reference("no json").unwrap_err(), "no JSON");
        assert_eq!(
            call_reference(r#"{"tool": "t", "arguments": 3}"#).unwrap_err(),
            "no arguments"
        );
    }
}
