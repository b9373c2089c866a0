//! Exercise `llm/chat-template`: turn a conversation into the ChatML prompt SmolLM2 reads.

/// The ChatML prompt for `messages`, each `(role, content)`: every message becomes
/// `<|im_start|>{role}\n{content}<|im_end|>\n`, and `<|im_start|>assistant\n` at the end
/// asks the model for the next turn. No system message is added when there is none
/// (lesson 7: SmolLM2's default one makes it repeat itself).
///
/// Returns `Err` with a sentence, and no prompt, when:
/// - a role is not `"system"`, `"user"` or `"assistant"`;
/// - a system message is anywhere but first;
/// - a content holds a control token (`<|im_start|>` or `<|im_end|>`), which would
///   fake a turn boundary;
/// - the conversation does not end with a user message (there is nothing to answer,
///   also when `messages` is empty).
pub fn chat_template(messages: &[(String, String)]) -> Result<String, String> {
    // BEGIN SOLUTION
    let mut prompt = String::new();
    for (i, (role, content)) in messages.iter().enumerate() {
        match role.as_str() {
            "user" | "assistant" => {}
            "system" if i == 0 => {}
            "system" => return Err(format!("message {i}: a system message must come first")),
            other => return Err(format!("message {i}: unknown role {other:?}")),
        }
        if content.contains("<|im_start|>") || content.contains("<|im_end|>") {
            return Err(format!("message {i} contains a control token"));
        }
        prompt.push_str(&format!("<|im_start|>{role}\n{content}<|im_end|>\n"));
    }
    match messages.last() {
        Some((role, _)) if role == "user" => {}
        _ => return Err("the conversation must end with a user message".to_string()),
    }
    prompt.push_str("<|im_start|>assistant\n");
    Ok(prompt)
    // END SOLUTION
}
