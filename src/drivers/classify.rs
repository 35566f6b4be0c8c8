//! What a model is, from its id alone, for lists that give ids only (OpenAI, DeepSeek, custom
//! OpenAI-compatible endpoints). The rules are written for the real ids in the captures and
//! say only what an id says: a type and the capabilities its family is documented to have.
//! Numbers (context length, max output) are never guessed. Pure.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::model::{Capability, ModelType};

/// What an id says about a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub model_type: ModelType,
    pub capabilities: BTreeSet<Capability>,
}

/// Whether `id` contains `part`. Ids are short and each is asked some twenty of these: a
/// searcher built per question (`str::contains`, `memmem::find`) costs more than the search,
/// so only the places where `part`'s first byte occurs are compared.
fn has(id: &str, part: &str) -> bool {
    let (id, part) = (id.as_bytes(), part.as_bytes());
    let Some((&first, rest)) = part.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, id).any(|i| id[i + 1..].starts_with(rest))
}

/// Whether `id` has `part` as a whole dash-separated segment run (`gpt-4o-mini-tts` has `tts`).
fn has_segment(id: &str, part: &str) -> bool {
    id.split(['-', '/', ':', '.', '_']).any(|s| s == part)
}

/// The type an id names. Order matters: `gpt-4o-mini-tts` is audio before it is a GPT-4o.
pub fn model_type(id: &str) -> ModelType {
    type_of(&lower(id))
}

/// `id` in ASCII lower case, copied only when it has an upper-case letter.
fn lower(id: &str) -> Cow<'_, str> {
    if id.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(id.to_ascii_lowercase())
    } else {
        Cow::Borrowed(id)
    }
}

/// [`model_type`] of an id already in lower case.
fn type_of(id: &str) -> ModelType {
    let seg = |p: &str| has_segment(id, p);
    if has(id, "embed") {
        ModelType::Embedding
    } else if has(id, "moderation") || has(id, "prompt-guard") || has(id, "safeguard") {
        ModelType::Moderation
    } else if has(id, "rerank") {
        ModelType::Rerank
    } else if has(id, "realtime") || seg("live") {
        ModelType::Realtime
    } else if seg("tts")
        || id.starts_with("tts-")
        || has(id, "whisper")
        || has(id, "transcribe")
        || id.starts_with("gpt-audio")
        || has(id, "-audio-")
        || has(id, "native-audio")
    {
        ModelType::Audio
    } else if id.starts_with("sora") || id.starts_with("veo") || has(id, "video") {
        ModelType::Video
    } else if has(id, "dall-e")
        || has(id, "gpt-image")
        || has(id, "chatgpt-image")
        || id.starts_with("imagen")
        || seg("image")
    {
        ModelType::Image
    } else if id == "davinci-002"
        || id == "babbage-002"
        || has(id, "instruct") && id.starts_with("gpt-3.5")
    {
        ModelType::Completion
    } else if is_chat_family(id) {
        ModelType::Chat
    } else {
        ModelType::Other
    }
}

/// Families whose ids are chat models.
fn is_chat_family(id: &str) -> bool {
    const PREFIXES: [&str; 14] = [
        "gpt-", "chatgpt-", "o1", "o3", "o4", "codex", "claude", "gemini", "gemma", "grok",
        "deepseek", "mistral", "llama", "qwen",
    ];
    PREFIXES.iter().any(|p| id.starts_with(p)) || id.ends_with("chat-latest")
}

/// OpenAI's o-series: `o1`, `o3-mini`, `o4-mini-deep-research`.
pub fn is_o_series(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next() == Some('o') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// Reasoning models by id: the o-series, GPT-5 (not its `chat-latest` aliases), codex and
/// deep-research models, DeepSeek's reasoner.
pub fn is_reasoning(id: &str) -> bool {
    reasons(&lower(id))
}

/// [`is_reasoning`] of an id already in lower case.
fn reasons(id: &str) -> bool {
    if has(id, "non-reasoning") || has(id, "chat-latest") {
        return false;
    }
    is_o_series(id)
        || id.starts_with("gpt-5")
        || has(id, "codex")
        || has(id, "deep-research")
        || has(id, "reasoner")
        || has(id, "reasoning")
}

/// A guess from the id: type and the capabilities its family documents. Only chat models get
/// capabilities; `streaming` and `function_calling` are the OpenAI chat API's, `vision` only for
/// families that accept images.
pub fn guess(id: &str) -> Guess {
    let lid = lower(id);
    let lid = lid.as_ref();
    let model_type = type_of(lid);
    let mut capabilities = BTreeSet::new();
    match model_type {
        ModelType::Chat => {
            capabilities.insert(Capability::Chat);
            capabilities.insert(Capability::Streaming);
            let search = has(lid, "search");
            let old_o = lid.starts_with("o1-mini") || lid.starts_with("o1-preview");
            if !search && !old_o && !has(lid, "deep-research") {
                capabilities.insert(Capability::FunctionCalling);
                capabilities.insert(Capability::JsonMode);
            }
            if accepts_images(lid) {
                capabilities.insert(Capability::Vision);
            }
            if reasons(lid) {
                capabilities.insert(Capability::Reasoning);
            }
        }
        ModelType::Completion => {
            capabilities.insert(Capability::Completion);
        }
        ModelType::Embedding => {
            capabilities.insert(Capability::Embedding);
        }
        ModelType::Moderation => {
            capabilities.insert(Capability::Moderation);
        }
        ModelType::Image => {
            capabilities.insert(Capability::ImageGeneration);
        }
        ModelType::Video => {
            capabilities.insert(Capability::VideoGeneration);
        }
        ModelType::Audio => {
            if has(lid, "tts") {
                capabilities.insert(Capability::AudioOutput);
            } else if has(lid, "whisper") || has(lid, "transcribe") {
                capabilities.insert(Capability::AudioInput);
            } else {
                capabilities.insert(Capability::AudioInput);
                capabilities.insert(Capability::AudioOutput);
            }
        }
        ModelType::Realtime => {
            capabilities.insert(Capability::AudioInput);
            capabilities.insert(Capability::AudioOutput);
            capabilities.insert(Capability::Streaming);
        }
        ModelType::Rerank | ModelType::Other => {}
    }
    Guess {
        model_type,
        capabilities,
    }
}

/// OpenAI chat families that take images: GPT-4o (not its search previews), GPT-4 Turbo,
/// GPT-4.1, GPT-5, o1 (not mini or preview), o3 and o4-mini (not o3-mini).
fn accepts_images(id: &str) -> bool {
    if has(id, "search") || has(id, "audio") {
        return false;
    }
    (id.starts_with("gpt-4o") || id.starts_with("chatgpt-4o"))
        || id.starts_with("gpt-4-turbo")
        || id.starts_with("gpt-4.1")
        || id.starts_with("gpt-5")
        || (id.starts_with("o1") && !id.starts_with("o1-mini") && !id.starts_with("o1-preview"))
        || (id.starts_with("o3") && !id.starts_with("o3-mini"))
        || id.starts_with("o4-mini")
}

#[cfg(test)]
mod tests;
