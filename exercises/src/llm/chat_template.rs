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
    todo!()
}
