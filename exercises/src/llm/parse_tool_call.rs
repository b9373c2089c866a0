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
    todo!()
}
