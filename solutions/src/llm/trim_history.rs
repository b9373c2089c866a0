//! Exercise `llm/trim-history`: keep a conversation inside a token budget.

/// One message of a conversation: `(role, content)`.
type Message = (String, String);

/// The most recent part of `messages` whose prompt fits in `budget` tokens, where
/// `count(messages)` is a prompt's length in tokens (the notebook passes SmolLM2's
/// tokenizer over the chat template).
///
/// A system message at index 0 is always kept. The other messages are dropped from the
/// oldest, one exchange at a time: a user message together with the assistant messages
/// after it (up to the next user message), so that what is kept starts with a user
/// message. A history that fits already is returned whole; dropping stops as soon as the
/// prompt fits (a prompt of exactly `budget` tokens fits). The last exchange is never
/// dropped: when even the system message and the last exchange are over the budget,
/// returns `Err` with a sentence saying so.
pub fn trim_history(
    messages: &[Message],
    budget: usize,
    count: &dyn Fn(&[Message]) -> usize,
) -> Result<Vec<Message>, String> {
    // BEGIN SOLUTION
    let has_system = messages.first().is_some_and(|(role, _)| role == "system");
    let first = usize::from(has_system);
    let mut kept: Vec<Message> = messages.to_vec();
    while count(&kept) > budget {
        // The start of the second exchange after the system message, if there is one.
        let next_user = (first + 1..kept.len()).find(|&i| kept[i].0 == "user");
        match next_user {
            Some(end) => {
                kept.drain(first..end);
            }
            None => {
                return Err(format!(
                    "the last question alone is {} tokens, over the budget of {budget}",
                    count(&kept)
                ))
            }
        }
    }
    Ok(kept)
    // END SOLUTION
}
