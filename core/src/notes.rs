//! Customer notes: added with an author and a time, editable only within 5 minutes of being
//! added. The window is core logic over the workspace's clock; a store only keeps notes.

use crate::customer::{validate_lines, validate_text};
use crate::error::{Error, Result};
use crate::ids::{CustomerId, NoteId};
use crate::workspace::Workspace;
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

fn note_text(text: &str) -> Result<String> {
    validate_lines("note", Some(text), NOTE_MAX_LEN)?.ok_or_else(|| Error::invalid("note", "a note cannot be blank"))
}

impl Workspace {
    /// Adds a note to a customer, by `author`, at the workspace clock's time. Text and author
    /// are trimmed and may not be blank.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let c = ws.create_customer(NewCustomer::named("Pier Seafood")).unwrap();
    /// let note = ws.add_note(c.id, "sam@harbour", "Prefers deliveries before 7am").unwrap();
    /// assert_eq!(ws.notes(c.id).unwrap(), vec![note]);
    /// ```
    pub fn add_note(&self, customer_id: CustomerId, author: &str, text: &str) -> Result<Note> {
        let author = validate_text("author", Some(author), AUTHOR_MAX_LEN)?
            .ok_or_else(|| Error::invalid("author", "a note needs an author"))?;
        let text = note_text(text)?;
        self.get_customer(customer_id)?;
        let note = Note {
            id: NoteId::random(self.env.random.as_ref()),
            customer_id,
            author,
            text,
            created_at: self.now(),
            edited_at: None,
        };
        self.store.save_note(&note)?;
        Ok(note)
    }

    /// Changes a note's text. Allowed only within 5 minutes of the note being added; after
    /// that it is refused with `NOTE_EDIT_WINDOW_CLOSED` (add a new note instead).
    pub fn edit_note(&self, note_id: NoteId, text: &str) -> Result<Note> {
        let text = note_text(text)?;
        let note = self.store.note(note_id)?.ok_or_else(|| Error::NoteNotFound { id: note_id.to_string() })?;
        let now = self.now();
        if !note.editable_at(now) {
            return Err(Error::NoteEditWindowClosed { minutes: NOTE_EDIT_WINDOW_MINUTES, added_at: note.created_at });
        }
        let edited = Note { text, edited_at: Some(now), ..note };
        self.store.save_note(&edited)?;
        Ok(edited)
    }

    /// A customer's notes, newest first.
    pub fn notes(&self, customer_id: CustomerId) -> Result<Vec<Note>> {
        self.get_customer(customer_id)?;
        let mut notes = self.store.notes_of(customer_id)?;
        notes.reverse();
        Ok(notes)
    }
}
