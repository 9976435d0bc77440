//! The workspace's entry points for notes (moved from `crate::notes`, which keeps the rules).

use crate::customer::validate_text;
use crate::error::{Error, Result};
use crate::ids::{CustomerId, NoteId};
#[allow(unused_imports)]
use crate::notes::*;
use crate::workspace::Workspace;

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
