//! The e-mail form of a letter: an RFC 5322 message (UTF-8, plain text) to open in a mail
//! program and send from there. acces never sends it.

use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue, MIME_VERSION_1_0};

use super::{Letter, LetterError};

/// `X-Unsent: 1`: mail programs open the file as a draft to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct XUnsent;

impl Header for XUnsent {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Unsent")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim() == "1" {
            Ok(XUnsent)
        } else {
            Err("X-Unsent must be 1".into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "1".to_string())
    }
}

/// The .eml bytes. The person's e-mail address is the sender; the recipient must have one.
pub fn render(letter: &Letter, recipient_name: &str) -> Result<Vec<u8>, LetterError> {
    let from = letter
        .sender_email
        .as_deref()
        .ok_or(LetterError::EmlNeedsEmail)?;
    let to = letter
        .recipient_email
        .as_deref()
        .ok_or_else(|| LetterError::EmlNoRecipientEmail(recipient_name.to_string()))?;
    let sender_name = letter.signature.first().cloned();
    let from: Mailbox = Mailbox::new(
        sender_name,
        from.parse().map_err(|e| LetterError::Eml(format!("{e}")))?,
    );
    let to: Mailbox = Mailbox::new(
        None,
        to.parse().map_err(|e| LetterError::Eml(format!("{e}")))?,
    );
    let seconds = letter
        .date
        .and_hms_opt(9, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0)
        .max(0) as u64;
    let mut body = letter.body_text();
    body.push('\n');
    for line in &letter.sender {
        body.push_str(line);
        body.push('\n');
    }
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject.clone())
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .header(XUnsent)
        .body(body)
        .map_err(|e| LetterError::Eml(format!("{e}")))?;
    Ok(message.formatted())
}
