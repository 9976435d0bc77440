//! R4: what validation accepts, the SQLite store keeps: any text the core's check accepts is
//! read back unchanged from the file (through a second store on the same file), in a one-line
//! field, a name, and a note that holds lines.

use orderlink::text::{check, check_name, Lines};
use orderlink::{Env, ManualClock, NewCustomer, NewWorkspace, SeededRandom, Workspace};
use orderlink_sqlite::SqliteStore;
use proptest::prelude::*;
use std::sync::Arc;

fn env() -> Env {
    let clock = Arc::new(ManualClock::new("2026-01-01T00:00:00Z".parse().expect("time")));
    Env::new(clock, Arc::new(SeededRandom::new(7)))
}

/// Text from every corner: any char at all, and runs of the awkward ones (controls, format
/// characters, marks, surrogate-adjacent and astral code points, RTL, emoji).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zé\u{0}-\u{1f}\u{7f}-\u{9f}\u{ad}\u{200b}-\u{200f}\u{2028}\u{2060}\u{feff}\u{301}\u{5d0}-\u{5ea}\u{627}-\u{64a}\u{d7ff}\u{e000}\u{fffd}\u{1f600}-\u{1f64f}\u{10ffff} \t\r\n]{1,24}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn r4_accepted_text_round_trips_through_sqlite(name in text(), contact in text(), note in text()) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("r4.db");
        let ws = Workspace::create(Arc::new(SqliteStore::open(&path).expect("open")), env(), NewWorkspace::named("R4"))
            .expect("create");
        let (name, contact, note) = (name.trim(), contact.trim(), note.trim());
        let short = |t: &str, max: usize| t.chars().count() <= max;
        let name_ok = !name.is_empty() && short(name, 200) && check_name("name", name).is_ok();
        let contact_ok = short(contact, 200) && check("contact", contact, Lines::Single).is_ok();
        let created = ws.create_customer(NewCustomer {
            contact: Some(contact.to_owned()),
            ..NewCustomer::named(name)
        });
        prop_assert_eq!(created.is_ok(), name_ok && contact_ok, "{:?}", created);
        let Ok(c) = created else { return Ok(()) };
        let note_ok = !note.is_empty() && check("note", note, Lines::Multi).is_ok();
        prop_assert_eq!(ws.add_note(c.id, "sam", note).is_ok(), note_ok);

        let again = Workspace::open(Arc::new(SqliteStore::open(&path).expect("reopen")), env()).expect("open");
        let read = again.get_customer(c.id).expect("read back");
        prop_assert_eq!(read.name.as_str(), name);
        prop_assert_eq!(read.contact.as_deref(), (!contact.is_empty()).then_some(contact));
        if note_ok {
            let notes = again.notes(c.id).expect("notes");
            prop_assert_eq!(notes[0].text.as_str(), note);
        }
    }
}
