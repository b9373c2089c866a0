//! Wrong answers to stage 5 (LLM) lesson 10, a chatbot and tools
//! (notebooks/05-llm/10-chat-and-tools.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

type Message = (String, String);
type Call = Result<(String, serde_json::Map<String, serde_json::Value>), String>;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/chat-template",
            what: "leaves out the assistant's opener",
            grade: |g| checks::llm::chat_template(g, template_no_opener),
            says: "must end with the assistant's opener",
        },
        Wrong {
            id: "llm/chat-template",
            what: "no newline after <|im_end|>",
            grade: |g| checks::llm::chat_template(g, template_no_newline),
            says: "ends with `<|im_end|>` and a newline",
        },
        Wrong {
            id: "llm/chat-template",
            what: "adds the default system message",
            grade: |g| checks::llm::chat_template(g, template_default_system),
            says: "no system message was given, so none is added",
        },
        Wrong {
            id: "llm/chat-template",
            what: "accepts any role",
            grade: |g| checks::llm::chat_template(g, template_any_role),
            says: "an unknown role was accepted",
        },
        Wrong {
            id: "llm/chat-template",
            what: "accepts a system message anywhere",
            grade: |g| checks::llm::chat_template(g, template_system_anywhere),
            says: "a system message after the first message was accepted",
        },
        Wrong {
            id: "llm/chat-template",
            what: "lets control tokens through",
            grade: |g| checks::llm::chat_template(g, template_control_tokens),
            says: "a control token inside a message was accepted",
        },
        Wrong {
            id: "llm/chat-template",
            what: "does not require a last user message",
            grade: |g| checks::llm::chat_template(g, template_any_last),
            says: "must end with a user message",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "parses the whole answer as JSON",
            grade: |g| checks::llm::parse_tool_call(g, call_whole_text),
            says: "the JSON sits inside other text",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "takes the first { to the last }",
            grade: |g| checks::llm::parse_tool_call(g, call_to_last_brace),
            says: "with two calls in the answer that is not JSON",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "cuts at the first }",
            grade: |g| checks::llm::parse_tool_call(g, call_to_first_brace),
            says: "a nested object closes first",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "counts braces inside strings",
            grade: |g| checks::llm::parse_tool_call(g, call_counts_quoted_braces),
            says: "inside a JSON string was counted as a brace",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "accepts a call without a tool name",
            grade: |g| checks::llm::parse_tool_call(g, call_name_optional),
            says: "a call without a \"tool\" string was accepted",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "accepts arguments that are not an object",
            grade: |g| checks::llm::parse_tool_call(g, call_arguments_optional),
            says: "a missing or non-object value is an error",
        },
        Wrong {
            id: "llm/parse-tool-call",
            what: "reads the last call",
            grade: |g| checks::llm::parse_tool_call(g, call_last),
            says: "the last call was read",
        },
        Wrong {
            id: "llm/trim-history",
            what: "returns the last exchange even when it does not fit",
            grade: |g| checks::llm::trim_history(g, trim_never_fails),
            says: "even the last exchange alone is over the budget",
        },
        Wrong {
            id: "llm/trim-history",
            what: "drops the system message first",
            grade: |g| checks::llm::trim_history(g, trim_drops_system),
            says: "the system message was dropped",
        },
        Wrong {
            id: "llm/trim-history",
            what: "drops the newest messages",
            grade: |g| checks::llm::trim_history(g, trim_from_the_end),
            says: "the newest messages were dropped",
        },
        Wrong {
            id: "llm/trim-history",
            what: "drops one message at a time",
            grade: |g| checks::llm::trim_history(g, trim_one_message),
            says: "starts with an assistant message",
        },
        Wrong {
            id: "llm/trim-history",
            what: "trims a prompt exactly at the budget",
            grade: |g| checks::llm::trim_history(g, trim_at_budget),
            says: "tokens fits: drop only while it is over",
        },
        Wrong {
            id: "llm/trim-history",
            what: "keeps only the last exchange whenever over",
            grade: |g| checks::llm::trim_history(g, trim_to_last),
            says: "more was dropped than needed",
        },
    ]
}

// -- llm/chat-template ------------------------------------------------------------

/// A correct prompt with switches for each mistake.
fn template(messages: &[Message], mistake: &str) -> Result<String, String> {
    let mut prompt = String::new();
    if mistake == "default system" && messages.first().is_none_or(|(r, _)| r != "system") {
        prompt.push_str(
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by \
             Hugging Face<|im_end|>\n",
        );
    }
    for (i, (role, content)) in messages.iter().enumerate() {
        let known = ["system", "user", "assistant"].contains(&role.as_str());
        if !known && mistake != "any role" {
            return Err(format!("unknown role {role}"));
        }
        if role == "system" && i > 0 && mistake != "system anywhere" {
            return Err("system later".into());
        }
        if (content.contains("<|im_start|>") || content.contains("<|im_end|>"))
            && mistake != "control tokens"
        {
            return Err("control token".into());
        }
        let end = if mistake == "no newline" { "" } else { "\n" };
        prompt.push_str(&format!("<|im_start|>{role}\n{content}<|im_end|>{end}"));
    }
    if messages.last().is_none_or(|(r, _)| r != "user") && mistake != "any last" {
        return Err("nothing to answer".into());
    }
    if mistake != "no opener" {
        prompt.push_str("<|im_start|>assistant\n");
    }
    Ok(prompt)
}

fn template_no_opener(m: &[Message]) -> Result<String, String> {
    template(m, "no opener")
}
fn template_no_newline(m: &[Message]) -> Result<String, String> {
    template(m, "no newline")
}
fn template_default_system(m: &[Message]) -> Result<String, String> {
    template(m, "default system")
}
fn template_any_role(m: &[Message]) -> Result<String, String> {
    template(m, "any role")
}
fn template_system_anywhere(m: &[Message]) -> Result<String, String> {
    template(m, "system anywhere")
}
fn template_control_tokens(m: &[Message]) -> Result<String, String> {
    template(m, "control tokens")
}
fn template_any_last(m: &[Message]) -> Result<String, String> {
    template(m, "any last")
}

// -- llm/parse-tool-call ----------------------------------------------------------

/// The name and arguments of a parsed value, correctly validated.
fn call_from(value: &serde_json::Value) -> Call {
    let tool = value["tool"].as_str().ok_or("no tool")?;
    let arguments = value["arguments"].as_object().ok_or("no arguments")?;
    Ok((tool.to_string(), arguments.clone()))
}

fn call_whole_text(text: &str) -> Call {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    call_from(&value)
}

fn call_to_last_brace(text: &str) -> Call {
    let (start, end) = (
        text.find('{').ok_or("none")?,
        text.rfind('}').ok_or("none")?,
    );
    let value: serde_json::Value =
        serde_json::from_str(&text[start..=end]).map_err(|e| e.to_string())?;
    call_from(&value)
}

fn call_to_first_brace(text: &str) -> Call {
    let start = text.find('{').ok_or("none")?;
    let end = start + text[start..].find('}').ok_or("none")?;
    let value: serde_json::Value =
        serde_json::from_str(&text[start..=end]).map_err(|e| e.to_string())?;
    call_from(&value)
}

fn call_counts_quoted_braces(text: &str) -> Call {
    let start = text.find('{').ok_or("none")?;
    let mut depth = 0;
    for (i, c) in text[start..].char_indices() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth == 0 {
            let value: serde_json::Value =
                serde_json::from_str(&text[start..=start + i]).map_err(|e| e.to_string())?;
            return call_from(&value);
        }
    }
    Err("unclosed".into())
}

/// The first value from `start`, as the solution reads it.
fn first_value(text: &str, start: usize) -> Result<serde_json::Value, String> {
    serde_json::Deserializer::from_str(&text[start..])
        .into_iter::<serde_json::Value>()
        .next()
        .ok_or("none")?
        .map_err(|e| e.to_string())
}

fn call_name_optional(text: &str) -> Call {
    let value = first_value(text, text.find('{').ok_or("none")?)?;
    let tool = value["tool"].as_str().unwrap_or_default();
    let arguments = value["arguments"].as_object().ok_or("no arguments")?;
    Ok((tool.to_string(), arguments.clone()))
}

fn call_arguments_optional(text: &str) -> Call {
    let value = first_value(text, text.find('{').ok_or("none")?)?;
    let tool = value["tool"].as_str().ok_or("no tool")?;
    let arguments = value["arguments"].as_object().cloned().unwrap_or_default();
    Ok((tool.to_string(), arguments))
}

fn call_last(text: &str) -> Call {
    let mut last = Err("no JSON".to_string());
    for (start, _) in text.match_indices('{') {
        if let Ok(value) = first_value(text, start) {
            if value.get("tool").is_some() {
                last = call_from(&value);
            }
        }
    }
    last
}

// -- llm/trim-history -------------------------------------------------------------

/// A correct trim with switches for each mistake.
fn trim(
    messages: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
    mistake: &str,
) -> Result<Vec<Message>, String> {
    let system = messages.first().is_some_and(|(r, _)| r == "system");
    let first = if mistake == "drops system" {
        0
    } else {
        usize::from(system)
    };
    let mut kept = messages.to_vec();
    let over = |kept: &[Message]| {
        if mistake == "at budget" {
            count(kept) >= budget
        } else {
            count(kept) > budget
        }
    };
    while over(&kept) {
        if mistake == "from the end" {
            if kept.len() <= first + 1 {
                return Err("too long".into());
            }
            kept.pop();
            continue;
        }
        let next = (first + 1..kept.len()).find(|&i| kept[i].0 == "user");
        match (next, mistake) {
            (Some(_), "one message") => {
                kept.remove(first);
            }
            (Some(_), "to last") => {
                let last = (first..kept.len()).rev().find(|&i| kept[i].0 == "user");
                kept.drain(first..last.unwrap_or(first));
            }
            (Some(end), _) => {
                kept.drain(first..end);
            }
            (None, "never fails") => break,
            (None, _) => return Err("too long".into()),
        }
    }
    Ok(kept)
}

fn trim_never_fails(
    m: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    trim(m, budget, count, "never fails")
}
fn trim_drops_system(
    m: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    trim(m, budget, count, "drops system")
}
fn trim_from_the_end(
    m: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    trim(m, budget, count, "from the end")
}
fn trim_one_message(
    m: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    trim(m, budget, count, "one message")
}
fn trim_at_budget(
    m: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    trim(m, budget, count, "at budget")
}
fn trim_to_last(
    m: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    trim(m, budget, count, "to last")
}
