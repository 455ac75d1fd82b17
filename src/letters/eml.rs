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
    let sender_name = letter
        .signature
        .first()
        .map(|n| header_text(n))
        .filter(|n| !n.is_empty());
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
    let body = body_text(&body);
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(header_text(&letter.subject))
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .header(XUnsent)
        .body(body)
        .map_err(|e| LetterError::Eml(format!("{e}")))?;
    Ok(message.formatted())
}

/// A header value on one line: control characters and Unicode line or paragraph
/// separators (which a header cannot hold, and which make the mail library fail) become
/// spaces; runs of spaces are collapsed.
pub fn header_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            ' '
        } else {
            c
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The body's text with `\n` line ends only (a lone `\r` or a Unicode separator ends a
/// line) and without other control characters (tabs are kept).
pub fn body_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
