//! # orderlink
//!
//! The customer side of B2B wholesale ordering: customers, permanent unguessable order links,
//! who may use a link, and what an external contacts sync locks. Rule ids (C1, L2, A3 …) refer
//! to the project's SPEC and are cited where each rule is implemented.
//!
//! ```
//! use orderlink::{NewCustomer, NewWorkspace, Workspace, CustomerQuery};
//! let ws = Workspace::in_memory(NewWorkspace::named("Acme Wholesale")).unwrap();
//! ws.create_customer(NewCustomer { email: Some("orders@deli.example".into()), ..NewCustomer::named("Corner Deli") }).unwrap();
//! let page = ws.list_customers(&CustomerQuery { search: Some("DELI".into()), ..Default::default() }).unwrap();
//! assert_eq!(page.total, 1);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod access;
pub mod activity;
pub mod addresses;
pub mod boundary;
pub mod carts;
pub mod conformance;
pub mod customer;
pub mod email;
pub mod env;
pub mod error;
pub mod history;
pub mod ids;
pub mod import;

pub mod link;
pub mod listing;
pub mod messages;
pub mod money;
pub mod normalize;
pub mod notes;
pub mod orders;
pub mod pending;

pub mod pricing;
pub mod settings;
pub mod store;
pub mod sync;
mod tags;

pub mod text;
pub mod verification;
mod workspace;

pub use access::{DenyReason, LinkDecision, OrderWebAccess};
pub use activity::{ActivityEvent, ActivityKind, ActivityQuery, ActivitySummary, CustomerActivity};
pub use addresses::{Address, AddressKind, AddressPatch, NewAddress};
pub use carts::{
    Cart, CartActor, CartChange, CartChangeKind, CartEdit, CartHead, CartLine, CartQuery, CartSort, CartSource,
    CartState, CartSubmission, CheckoutLink, OpenCart, PricedCart, PricedLine,
};
pub use customer::{
    CheckoutMode, Customer, CustomerField, CustomerKind, CustomerPatch, Freight, NewCustomer, OrderStats, OrderTemplate,
};
pub use email::Email;
pub use env::{Clock, ManualClock, OsRandom, RandomSource, SeededRandom, SystemClock};
pub use error::{Error, ErrorKind, Result};
pub use history::{Availability, OrderHistory, PastOrder, ProductHistory};
pub use ids::{
    AddressId, CartId, ChallengeId, CustomerId, ImportBatchId, NoteId, OrderId, PendingId, UserId, WorkspaceId,
};
pub use import::{
    suggest_mapping, validate_import, ColumnMapping, ImportBatch, ImportFormat, ImportIssue, ImportLimits,
    ImportOptions, ImportPreview, ImportReport, ImportResult, IssueCode, MappingChoice, RowAction, SavedMapping,
    Severity, UndoReport,
};
pub use link::{LinkCode, LinkTarget};
pub use listing::{CustomerQuery, Page, SortKey, StatusFilter, Viewer};
pub use messages::{
    BulkSendPlan, Delivery, Message, MessageSpec, MessageTemplate, Placeholder, SkipReason, Skipped, BULK_SEND_MAX,
};
pub use normalize::{normalize_email, normalize_name, search_fold};
pub use notes::Note;
pub use orders::{NewOrder, OrderLine, OrderOwner, OrderRef, OrderStatus, PLACEHOLDER_CODE};
pub use pending::{
    AuditAction, AuditEntry, Buyer, IntakeOutcome, Mapping, MatchKey, PendingBuyer, PendingState, Suggestion,
    SuggestionReason,
};
pub use pricing::{
    MacroReport, PassedOver, PassedOverReason, PriceBreak, PriceEntry, PriceExplanation, PriceGroup, PriceMacro,
    PriceTier, Product, Resolved, SheetBreak, UpcomingPrice, WindowedEntry,
};
pub use settings::{
    ContactsSync, ContactsSyncPatch, EffectiveSettings, NewWorkspace, OrderDefaults, SettingSource, SettingsPatch,
    VerificationPolicy, VerificationPolicyPatch, WorkspaceSettings,
};
pub use store::{
    CustomerWrite, FoundCheckout, FoundLink, LinkRotation, MemoryStore, MemoryWorkspace, PlatformStore, PriceReads,
    SingleWorkspace, Store, StoreLink, Uniqueness,
};
pub use sync::{SyncRecord, SyncReport};
pub use verification::{
    guess_odds, ChallengeStart, GuessOdds, LockAction, VerificationLock, VerificationLockEvent, VerifiedSession,
};
pub use workspace::pricing::{PriceFor, PriceQuery, PriceSheet};
pub use workspace::{CheckoutView, Env, IssuedCheckout, Platform, PlatformLink, Workspace};

/// The README's Rust example runs as a doctest, so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The Rust examples of docs/guide.md (the README's long form) and of docs/writing-a-store.md
/// run as doctests too.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide.md")]
pub struct GuideDoctests;

/// See [`GuideDoctests`].
#[cfg(doctest)]
#[doc = include_str!("../../docs/writing-a-store.md")]
pub struct WritingAStoreDoctests;
