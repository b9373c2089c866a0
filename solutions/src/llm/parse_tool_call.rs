//! Exercise `llm/parse-tool-call`: read the tool call a model wrote, or say why not.

use ferrolab::prelude::*;

/// The first JSON object in `text`, a model's answer, read as a tool call
/// `{"tool": "<name>", "arguments": {...}}`: returns the tool's name and its arguments.
/// Text before the object (`Sure! {"tool": ...`) and after it is ignored, and so are
/// keys other than these two.
///
/// Returns `Err` with a sentence naming the failure when there is no `{` in `text`, when
/// the JSON starting at the first `{` is malformed (cut off, a missing quote...), when
/// the object has no `"tool"` string, or when it has no `"arguments"` object.
pub fn parse_tool_call(
    text: &str,
) -> Result<(String, serde_json::Map<String, serde_json::Value>), String> {
    // BEGIN SOLUTION
    let start = text.find('{').ok_or("no JSON object in the answer")?;
    let value: serde_json::Value = serde_json::Deserializer::from_str(&text[start..])
        .into_iter()
        .next()
        .ok_or("no JSON object in the answer")?
        .map_err(|e| format!("malformed JSON: {e}"))?;
    let tool = value
        .get("tool")
        .and_then(|t| t.as_str())
        .ok_or("the call has no \"tool\" name (a string)")?;
    let arguments = value
        .get("arguments")
        .and_then(|a| a.as_object())
        .ok_or("the call has no \"arguments\" object")?;
    Ok((tool.to_string(), arguments.clone()))
    // END SOLUTION
}
