//! The message form's one-time token (issue 15, item 5): a double click, or the back button and
//! "send" again, must not send the candidate a second message. Each rendering of the form carries
//! a new id in a hidden field; the message is stored with it (`candidate_messages.form_token`,
//! unique), so a second post of the same form finds it taken and sends nothing.
//!
//! `<id>.<HMAC-SHA256 of "message-form.<candidate>.<id>">`, keyed with `SECRET_KEY`: the
//! session's CSRF token already proves the post is ours; the signature ties the id to the
//! candidate whose form it was, so a missing, mangled or another candidate's token is told apart
//! from a repeat and the form comes back instead.

use uuid::Uuid;

use crate::crypto;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MessageToken(Uuid);

impl MessageToken {
    /// A token for a newly rendered form.
    pub(crate) fn issue() -> Self {
        Self(Uuid::new_v4())
    }

    /// The id stored with the message.
    pub(crate) fn id(self) -> Uuid {
        self.0
    }

    /// The hidden field's value on the form for `candidate_id`.
    pub(crate) fn encode(self, key: &[u8], candidate_id: Uuid) -> String {
        let signature = crypto::sign(key, &payload(candidate_id, self.0));
        format!("{}.{signature}", self.0.simple())
    }

    /// The token, when `raw` is one `encode` made for this candidate's form.
    pub(crate) fn verify(raw: &str, key: &[u8], candidate_id: Uuid) -> Option<Self> {
        let (id, signature) = raw.trim().split_once('.')?;
        let id = Uuid::try_parse(id).ok()?;
        crypto::verify(key, &payload(candidate_id, id), signature).ok()?;
        Some(Self(id))
    }
}

fn payload(candidate_id: Uuid, id: Uuid) -> String {
    format!("message-form.{}.{}", candidate_id.simple(), id.simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a test key that is long enough for us";

    #[test]
    fn a_token_verifies_for_its_candidate_and_key_only() {
        let (candidate, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let token = MessageToken::issue();
        let encoded = token.encode(KEY, candidate);
        assert_eq!(MessageToken::verify(&encoded, KEY, candidate), Some(token));
        assert_eq!(MessageToken::verify(&encoded, KEY, other), None);
        assert_eq!(
            MessageToken::verify(&encoded, b"another key", candidate),
            None
        );
        let (id, signature) = encoded.split_once('.').unwrap();
        let forged = format!("{}.{signature}", Uuid::new_v4().simple());
        assert_eq!(MessageToken::verify(&forged, KEY, candidate), None);
        for bad in [
            "",
            ".",
            id,
            "x.y",
            &format!("{id}."),
            &format!("{id}.{signature}.x"),
        ] {
            assert_eq!(MessageToken::verify(bad, KEY, candidate), None, "{bad:?}");
        }
    }

    #[test]
    fn every_rendering_gets_a_new_token() {
        assert_ne!(MessageToken::issue(), MessageToken::issue());
    }
}
