//! Customer notes: added with an author and a time, editable only within 5 minutes of being
//! added. The window is core logic over the workspace's clock; a store only keeps notes.

use crate::customer::validate_lines;
use crate::error::{Error, Result};
use crate::ids::{CustomerId, NoteId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long after being added a note may still be edited, in minutes.
pub const NOTE_EDIT_WINDOW_MINUTES: i64 = 5;
/// The longest a note may be, in characters.
pub const NOTE_MAX_LEN: usize = 5000;
/// The longest an author's name may be, in characters.
pub const AUTHOR_MAX_LEN: usize = 200;

/// A note on a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Unique in the store; names the note to `edit_note`.
    pub id: NoteId,
    /// The customer the note is on.
    pub customer_id: CustomerId,
    /// Who wrote it, as the caller names them.
    pub author: String,
    /// The note itself, at most 5,000 characters.
    pub text: String,
    /// When it was added; it may be edited for [`NOTE_EDIT_WINDOW_MINUTES`] after that.
    pub created_at: DateTime<Utc>,
    /// When it was last edited, if ever.
    pub edited_at: Option<DateTime<Utc>>,
}

impl Note {
    /// The moment the note stops being editable.
    pub fn editable_until(&self) -> DateTime<Utc> {
        self.created_at + Duration::minutes(NOTE_EDIT_WINDOW_MINUTES)
    }

    /// Whether the note may be edited at `now`: strictly less than 5 minutes after it was
    /// added (at 5:00 exactly the window has closed).
    pub fn editable_at(&self, now: DateTime<Utc>) -> bool {
        now < self.editable_until()
    }
}

pub(crate) fn note_text(text: &str) -> Result<String> {
    validate_lines("note", Some(text), NOTE_MAX_LEN)?.ok_or_else(|| Error::invalid("note", "a note cannot be blank"))
}
