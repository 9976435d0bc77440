//! One error type for the whole library. Every variant has a stable `code()` (the same string
//! reaches Python as `.code` and Node as `error.code`) and a `kind()` that groups codes into the
//! families the bindings map to exception classes.

use crate::customer::CustomerField;

/// The family an error belongs to. Bindings map each family to one exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input itself is wrong (a blank name, a malformed email or link code).
    Validation,
    /// The thing asked for does not exist.
    NotFound,
    /// The input is fine but clashes with what is stored (a taken code, a stale write).
    Conflict,
    /// Contacts sync owns this data (S1, S2).
    ContactsSync,
    /// An order link may not be used this way (A2, A3).
    Access,
    /// The store failed for reasons of its own (I/O, a broken connection). Never bad input.
    Store,
    /// R1: a defect inside orderlink (a panic caught at a binding's boundary). Never bad input.
    Internal,
}

impl ErrorKind {
    /// The family's name as the bindings spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::ContactsSync => "contacts_sync",
            ErrorKind::Access => "access",
            ErrorKind::Store => "store",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Every error orderlink returns.
///
/// ```
/// use orderlink::{Error, ErrorKind};
/// let e = Error::NameRequired;
/// assert_eq!(e.code(), "NAME_REQUIRED");
/// assert_eq!(e.kind(), ErrorKind::Validation);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // --- validation -------------------------------------------------------------------------
    /// C1: the name is missing or blank after trimming.
    #[error("a customer name is required")]
    NameRequired,
    /// C1: the name is longer than 200 characters.
    #[error("the name is {len} characters long; at most {max} are allowed")]
    NameTooLong {
        /// The name's length in characters, after trimming.
        len: usize,
        /// The most characters a name may have (200).
        max: usize,
    },
    /// A text field other than the name is longer than its limit.
    #[error("{field} is {len} characters long; at most {max} are allowed")]
    FieldTooLong {
        /// The field, as users know it (e.g. `email`).
        field: &'static str,
        /// The value's length in characters, after trimming.
        len: usize,
        /// The most characters the field may have.
        max: usize,
    },
    /// C3: the email is not a valid address.
    #[error("'{value}' is not a valid email address ({reason})")]
    EmailInvalid {
        /// The address as given.
        value: String,
        /// What is wrong with it, in words (e.g. "contains white space").
        reason: &'static str,
    },
    /// L3: the text is neither an order link nor a link code.
    #[error("'{input}' is not an order link or link code ({reason})")]
    LinkMalformed {
        /// The text as given.
        input: String,
        /// What is wrong with it, in words.
        reason: &'static str,
    },
    /// S1: order_web_blocked can be changed only while the customer is active.
    #[error("order web access can be blocked or unblocked only while the customer is active")]
    OrderWebBlockedRequiresActive,
    /// PR2a: a negative price, or one that is otherwise unusable.
    #[error("price for {sku}: {message}")]
    PriceInvalid {
        /// The product the price was given for.
        sku: String,
        /// What is wrong with the price.
        message: String,
    },
    /// PR2a: zero is a valid price only for a product that allows it.
    #[error("{sku} does not allow a price of zero")]
    ZeroPriceNotAllowed {
        /// The product that does not allow a price of zero.
        sku: String,
    },
    /// PR8: the order's total is not the sum of its lines' given prices.
    #[error("order {number}: the total {total} is not the sum of its lines, {lines}")]
    OrderTotalMismatch {
        /// The order number.
        number: String,
        /// The total as given.
        total: rust_decimal::Decimal,
        /// The sum of quantity × unit price over the lines, rounded to the currency's minor unit.
        lines: rust_decimal::Decimal,
    },
    /// PR2b: the bulk edit is not one of the macro forms.
    #[error("'{input}' is not a price macro: {message}")]
    PriceMacroInvalid {
        /// The macro as given.
        input: String,
        /// What is wrong with it, and the forms that are accepted.
        message: String,
    },
    /// An argument is out of range or not one of the allowed values.
    #[error("invalid {what}: {message}")]
    InvalidArgument {
        /// The argument at fault (e.g. `limit`).
        what: &'static str,
        /// What is wrong with it and what is allowed.
        message: String,
    },
    /// I4: the previewed file was refused whole (see its issues), so there is nothing to confirm.
    #[error("the file was refused: {message}")]
    ImportRefused {
        /// The message of the file-level issue that refused the file.
        message: String,
    },
    /// A progress callback asked a long import to stop.
    #[error("the import was cancelled")]
    ImportCancelled,
    /// R2: an import path names something other than a regular file (a directory, a FIFO, a
    /// device); nothing was read.
    #[error("{path} is {what}; give the path of a file")]
    FileNotRegular {
        /// The path as the caller gave it.
        path: String,
        /// What it names instead, in words (e.g. "a directory").
        what: &'static str,
    },
    /// R2, I5: an import file at a path is larger than the byte limit; it was not read past it.
    #[error("{path} is {size} bytes or more; the limit is {max} bytes. Split it into smaller files")]
    FileTooLarge {
        /// The path as the caller gave it.
        path: String,
        /// The size found, in bytes; a read stops one byte past `max`, so it may be less than the
        /// whole file.
        size: u64,
        /// The byte limit in force (`ImportLimits::max_bytes`).
        max: u64,
    },
    /// An import file at a path cannot be opened or read (missing, no permission).
    #[error("cannot read {path}: {reason}")]
    FileUnreadable {
        /// The path as the caller gave it.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// B1: a template's subject or body names a placeholder that does not exist.
    #[error("{{{placeholder}}} in the {field} is not a placeholder; use {}", crate::messages::placeholder_list())]
    TemplatePlaceholderUnknown {
        /// The name between the braces, as written.
        placeholder: String,
        /// Where it was found: `subject` or `body`.
        field: &'static str,
    },
    /// B1: a template's name, subject or body is unusable (blank, too long, a brace not closed).
    #[error("template {field} {message}")]
    TemplateInvalid {
        /// The part at fault: `name`, `subject` or `body`.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// B2: a message is for sending, and the customer has no email address.
    #[error("{name} has no email address; add one to send the order link")]
    EmailRequired {
        /// The customer's name, so the user knows whose email to add.
        name: String,
    },
    /// B2: a bulk send over more customers than allowed.
    #[error("a bulk send takes at most {max} customers; {count} were selected")]
    BulkSendTooLarge {
        /// How many customers were selected.
        count: usize,
        /// The most a bulk send takes (300).
        max: usize,
    },

    // --- not found --------------------------------------------------------------------------
    /// No customer has this id (or it is not visible to the caller).
    #[error("no customer with id {id}")]
    CustomerNotFound {
        /// The id asked for.
        id: String,
    },
    /// A3: no open challenge has this id: it never existed, was already used, or was replaced.
    #[error("no open verification challenge with this id (it may have been used already)")]
    ChallengeNotFound,
    /// P4: no pending buyer record has this id.
    #[error("no pending buyer with id {id}")]
    PendingNotFound {
        /// The id asked for.
        id: String,
    },
    /// P5: no mapping exists for this business name + email.
    #[error("no mapping exists for this business name and email")]
    MappingNotFound,
    /// No product has this SKU.
    #[error("no product with SKU '{sku}'")]
    ProductNotFound {
        /// The SKU asked for.
        sku: String,
    },
    /// CT1: no cart has this id.
    #[error("no cart with id {id}")]
    CartNotFound {
        /// The id asked for.
        id: String,
    },
    /// No price group has this name.
    #[error("no price group named '{name}'")]
    PriceGroupNotFound {
        /// The group name asked for.
        name: String,
    },
    /// No order has this id.
    #[error("no order with id {id}")]
    OrderNotFound {
        /// The id asked for.
        id: String,
    },
    /// The store holds no workspace yet (`Workspace::open` on an empty store).
    #[error("the store holds no workspace; create one first")]
    WorkspaceNotFound,
    /// B1: no message template has this name.
    #[error("no message template named '{name}'")]
    TemplateNotFound {
        /// The template name asked for.
        name: String,
    },
    /// No note has this id.
    #[error("no note with id {id}")]
    NoteNotFound {
        /// The id asked for.
        id: String,
    },
    /// The customer has no address with this id.
    #[error("the customer has no address with id {id}")]
    AddressNotFound {
        /// The id asked for.
        id: String,
    },
    /// L4: the link code is well-formed but belongs to nobody.
    #[error("this order link is not valid")]
    LinkNotFound,

    // --- conflict ---------------------------------------------------------------------------
    /// C2: another customer already has this code (compared without case).
    #[error("the customer code '{code}' is already used by another customer")]
    CodeTaken {
        /// The code as given.
        code: String,
    },
    /// C4: with the unique-names policy on, another customer already has this name.
    #[error("a customer named '{name}' already exists")]
    NameTaken {
        /// The name as given.
        name: String,
    },
    /// L1: the link code is already in use or was used before.
    #[error("the link code is already in use")]
    LinkCodeTaken,
    /// S3: the same external id appears twice in one sync batch.
    #[error("external id '{external_id}' appears more than once in the sync batch")]
    ExternalIdDuplicate {
        /// The external id that appears more than once.
        external_id: String,
    },
    /// C7: a customer with orders cannot be deleted; deactivate it instead.
    #[error("this customer has {orders} order(s) and cannot be deleted; deactivate it instead")]
    CustomerHasOrders {
        /// How many orders the customer has.
        orders: u64,
    },
    /// P4: the pending record was already mapped or ignored.
    #[error("this pending buyer is already {state}; only open records can be mapped or ignored (use remap to change a mapping)")]
    PendingNotOpen {
        /// What the record is now: `mapped` or `ignored`.
        state: &'static str,
    },
    /// P6: the order is still on the PENDING_MAPPING placeholder.
    #[error("order {number} belongs to a buyer that is not mapped to a customer yet; map the pending buyer first")]
    CustomerMappingRequired {
        /// The order's number, as the supplier knows it.
        number: String,
    },
    /// I4: the workspace changed since the preview in a way that changes what a row would do.
    #[error("the workspace changed since the preview (row {row}: {reason}); preview the file again")]
    ImportStale {
        /// A row whose outcome would now differ from the preview, numbered as in the sheet (I3).
        row: u32,
        /// What changed, in words.
        reason: String,
    },
    /// A note can be edited only within 5 minutes of being added; add a new note instead.
    #[error("notes can be edited only within {minutes} minutes of being added (this one was added at {added_at}); add a new note instead")]
    NoteEditWindowClosed {
        /// How long after adding a note it may be edited.
        minutes: i64,
        /// When the note was added.
        added_at: chrono::DateTime<chrono::Utc>,
    },
    /// W1: the store holds several workspaces, so `Workspace::open` cannot tell which one is
    /// meant: open one by id (`Platform::workspace`).
    #[error("the store holds {count} workspaces; open one by its id")]
    WorkspaceAmbiguous {
        /// How many workspaces the store holds.
        count: usize,
    },
    /// CT1: the cart is submitted or abandoned, so it cannot change or be submitted again.
    #[error("this cart is {state}; open a new cart for the customer")]
    CartClosed {
        /// What the cart is now: `submitted` or `abandoned`.
        state: &'static str,
    },
    /// CT1: the customer already has an open cart (a store refuses a second one).
    #[error("the customer already has an open cart ({cart_id})")]
    CartAlreadyOpen {
        /// The open cart's id.
        cart_id: String,
    },
    /// CT4: an empty cart cannot be submitted.
    #[error("the cart is empty; add a product before submitting")]
    CartEmpty,
    /// CT4, PR1: a line of the cart cannot be ordered now (the product is inactive, gone or has
    /// no price); change or remove it before submitting.
    #[error("{sku} cannot be ordered now (inactive, removed, or no price); change or remove the line")]
    CartLineUnavailable {
        /// The line's SKU.
        sku: String,
    },
    /// The store already holds a workspace (`Workspace::create` on a used store): open it instead.
    #[error("the store already holds a workspace; open it instead")]
    WorkspaceExists,
    /// The record changed since it was read (another writer got there first). Read and retry.
    #[error("the record was changed by someone else since it was read; reload and try again")]
    StaleWrite,

    // --- import mappings and batches (I7, I9) ------------------------------------------------
    /// I7: a column mapping that cannot be used (an unknown field, two headers mapped to one
    /// field, a blank or repeated header, a bad mapping name).
    #[error("the column mapping cannot be used: {message}")]
    ImportMappingInvalid {
        /// What is wrong with it.
        message: String,
    },
    /// I7: no saved mapping has this name.
    #[error("there is no saved import mapping named '{name}'")]
    ImportMappingNotFound {
        /// The name asked for.
        name: String,
    },
    /// I9: no import batch has this id in this workspace.
    #[error("there is no import batch {batch_id} in this workspace")]
    ImportBatchNotFound {
        /// The batch id asked for.
        batch_id: String,
    },
    /// I9: the batch was undone already; a batch is undone at most once.
    #[error("import batch {batch_id} was already undone at {undone_at}")]
    ImportAlreadyUndone {
        /// The batch.
        batch_id: String,
        /// When it was undone.
        undone_at: chrono::DateTime<chrono::Utc>,
    },

    // --- contacts sync ----------------------------------------------------------------------
    /// S2: contacts sync is the customer source of truth.
    #[error("contacts sync is the customer source of truth: create the contact in the external system, then run Sync Contacts")]
    SourceOfTruthExternal,
    /// S1: the field is managed by contacts sync.
    #[error("{} is managed by contacts sync and cannot be edited here", .field.as_str())]
    FieldLocked {
        /// The field that contacts sync manages.
        field: CustomerField,
    },
    /// S3: a sync batch arrived while contacts sync is not active.
    #[error("contacts sync is not enabled and connected for this workspace")]
    SyncNotActive,
    /// S3: one record of a sync batch is invalid; the whole batch was refused.
    #[error("sync record '{external_id}': {source}")]
    SyncRecordInvalid {
        /// The external id of the record at fault.
        external_id: String,
        /// Why that record was refused.
        source: Box<Error>,
    },

    // --- access -----------------------------------------------------------------------------
    /// A2: the link may not be used (inactive, blocked).
    #[error("{message}")]
    AccessBlocked {
        /// The stable code of the [`crate::access::DenyReason`] (e.g. `ACCOUNT_INACTIVE`).
        reason: &'static str,
        /// A4: why, in words a buyer understands.
        message: String,
    },
    /// A3: the customer has no email, so no challenge can be sent.
    #[error("there is no email address on file for this account; please contact the supplier")]
    NoEmailOnFile,
    /// A3: strict security mode is off, or the link is the workspace link.
    #[error("this link does not need email verification")]
    VerificationNotRequired,
    /// A3: the wrong picture was picked; the challenge is used up.
    #[error("that was not the matching picture; request a new verification email")]
    VerificationFailed,
    /// A3: the challenge is older than its time limit.
    #[error("this verification has expired; request a new one")]
    ChallengeExpired,
    /// A3: too many challenges were requested for this link recently.
    #[error("too many verification requests; try again in {retry_after_secs} seconds")]
    RateLimited {
        /// Seconds until a new challenge may be requested.
        retry_after_secs: u64,
    },

    // --- store ------------------------------------------------------------------------------
    /// The store failed. Never caused by bad input.
    #[error("store failure: {message}")]
    Store {
        /// The backend's description of the failure.
        message: String,
    },

    // --- robustness (R) ---------------------------------------------------------------------
    /// R3: an amount or quantity outside the library's stated range (see `crate::money`), or a
    /// sum of stored amounts that would leave it.
    #[error("{what} {value} is outside the range orderlink accepts ({range})")]
    AmountOutOfRange {
        /// What the amount is (e.g. `price`).
        what: &'static str,
        /// The amount as given, or the sum that would leave the range.
        value: String,
        /// The range accepted, in words.
        range: &'static str,
    },
    /// R4: text with a NUL or another control character where the field does not allow it, or a
    /// name with no visible character.
    #[error("{field} {reason}")]
    TextInvalid {
        /// The field at fault.
        field: &'static str,
        /// What is wrong with it, in words (e.g. "contains a NUL character").
        reason: &'static str,
    },
    /// A3: too many failed verifications in a row; the link is locked until `until` or until the
    /// supplier lifts the lock.
    #[error("too many failed verifications; try again after {until} or ask the supplier")]
    VerificationLocked {
        /// When the lock ends, unless the supplier lifts it first.
        until: chrono::DateTime<chrono::Utc>,
    },
    /// R1: a defect inside orderlink, caught at a binding's boundary instead of stopping the
    /// host process.
    #[error("internal error in orderlink (please report it): {message}")]
    Internal {
        /// What went wrong, for a bug report.
        message: String,
    },
}

impl Error {
    /// The stable SCREAMING_SNAKE_CASE code. Never changes once released.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NameRequired => "NAME_REQUIRED",
            Error::NameTooLong { .. } => "NAME_TOO_LONG",
            Error::FieldTooLong { .. } => "FIELD_TOO_LONG",
            Error::EmailInvalid { .. } => "EMAIL_INVALID",
            Error::LinkMalformed { .. } => "LINK_MALFORMED",
            Error::OrderWebBlockedRequiresActive => "ORDER_WEB_BLOCKED_REQUIRES_ACTIVE",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::ImportRefused { .. } => "IMPORT_REFUSED",
            Error::ImportCancelled => "IMPORT_CANCELLED",
            Error::FileNotRegular { .. } => "FILE_NOT_REGULAR",
            Error::FileTooLarge { .. } => "FILE_TOO_LARGE",
            Error::FileUnreadable { .. } => "FILE_UNREADABLE",
            Error::TemplatePlaceholderUnknown { .. } => "TEMPLATE_PLACEHOLDER_UNKNOWN",
            Error::TemplateInvalid { .. } => "TEMPLATE_INVALID",
            Error::TemplateNotFound { .. } => "TEMPLATE_NOT_FOUND",
            Error::EmailRequired { .. } => "EMAIL_REQUIRED",
            Error::BulkSendTooLarge { .. } => "BULK_SEND_TOO_LARGE",
            Error::ImportStale { .. } => "IMPORT_STALE",
            Error::PriceInvalid { .. } => "PRICE_INVALID",
            Error::ZeroPriceNotAllowed { .. } => "ZERO_PRICE_NOT_ALLOWED",
            Error::PriceMacroInvalid { .. } => "PRICE_MACRO_INVALID",
            Error::OrderTotalMismatch { .. } => "ORDER_TOTAL_MISMATCH",
            Error::ProductNotFound { .. } => "PRODUCT_NOT_FOUND",
            Error::PriceGroupNotFound { .. } => "PRICE_GROUP_NOT_FOUND",
            Error::CartNotFound { .. } => "CART_NOT_FOUND",
            Error::CartClosed { .. } => "CART_CLOSED",
            Error::CartAlreadyOpen { .. } => "CART_ALREADY_OPEN",
            Error::CartEmpty => "CART_EMPTY",
            Error::CartLineUnavailable { .. } => "CART_LINE_UNAVAILABLE",
            Error::CustomerNotFound { .. } => "CUSTOMER_NOT_FOUND",
            Error::ChallengeNotFound => "CHALLENGE_NOT_FOUND",
            Error::LinkNotFound => "LINK_NOT_FOUND",
            Error::PendingNotFound { .. } => "PENDING_NOT_FOUND",
            Error::MappingNotFound => "MAPPING_NOT_FOUND",
            Error::OrderNotFound { .. } => "ORDER_NOT_FOUND",
            Error::NoteNotFound { .. } => "NOTE_NOT_FOUND",
            Error::AddressNotFound { .. } => "ADDRESS_NOT_FOUND",
            Error::NoteEditWindowClosed { .. } => "NOTE_EDIT_WINDOW_CLOSED",
            Error::WorkspaceNotFound => "WORKSPACE_NOT_FOUND",
            Error::WorkspaceExists => "WORKSPACE_EXISTS",
            Error::WorkspaceAmbiguous { .. } => "WORKSPACE_AMBIGUOUS",
            Error::PendingNotOpen { .. } => "PENDING_NOT_OPEN",
            Error::CustomerMappingRequired { .. } => "CUSTOMER_MAPPING_REQUIRED",
            Error::CodeTaken { .. } => "CODE_TAKEN",
            Error::NameTaken { .. } => "NAME_TAKEN",
            Error::LinkCodeTaken => "LINK_CODE_TAKEN",
            Error::ExternalIdDuplicate { .. } => "EXTERNAL_ID_DUPLICATE",
            Error::CustomerHasOrders { .. } => "CUSTOMER_HAS_ORDERS",
            Error::StaleWrite => "STALE_WRITE",
            Error::SourceOfTruthExternal => "SOURCE_OF_TRUTH_EXTERNAL",
            Error::FieldLocked { .. } => "FIELD_LOCKED",
            Error::SyncNotActive => "SYNC_NOT_ACTIVE",
            Error::SyncRecordInvalid { source, .. } => source.code(),
            Error::AccessBlocked { reason, .. } => reason,
            Error::NoEmailOnFile => "NO_EMAIL_ON_FILE",
            Error::VerificationNotRequired => "VERIFICATION_NOT_REQUIRED",
            Error::VerificationFailed => "VERIFICATION_FAILED",
            Error::ChallengeExpired => "CHALLENGE_EXPIRED",
            Error::RateLimited { .. } => "RATE_LIMITED",
            Error::Store { .. } => "STORE_FAILURE",
            Error::AmountOutOfRange { .. } => "AMOUNT_OUT_OF_RANGE",
            Error::TextInvalid { .. } => "TEXT_INVALID",
            Error::VerificationLocked { .. } => "VERIFICATION_LOCKED",
            Error::Internal { .. } => "INTERNAL",
            Error::ImportMappingInvalid { .. } => "IMPORT_MAPPING_INVALID",
            Error::ImportMappingNotFound { .. } => "IMPORT_MAPPING_NOT_FOUND",
            Error::ImportBatchNotFound { .. } => "IMPORT_BATCH_NOT_FOUND",
            Error::ImportAlreadyUndone { .. } => "IMPORT_ALREADY_UNDONE",
        }
    }

    /// The family of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NameRequired
            | Error::NameTooLong { .. }
            | Error::FieldTooLong { .. }
            | Error::EmailInvalid { .. }
            | Error::LinkMalformed { .. }
            | Error::OrderWebBlockedRequiresActive
            | Error::InvalidArgument { .. }
            | Error::PriceInvalid { .. }
            | Error::ZeroPriceNotAllowed { .. }
            | Error::PriceMacroInvalid { .. }
            | Error::OrderTotalMismatch { .. }
            | Error::ImportRefused { .. }
            | Error::ImportCancelled
            | Error::ImportMappingInvalid { .. }
            | Error::FileNotRegular { .. }
            | Error::FileTooLarge { .. }
            | Error::FileUnreadable { .. }
            | Error::TemplatePlaceholderUnknown { .. }
            | Error::TemplateInvalid { .. }
            | Error::EmailRequired { .. }
            | Error::BulkSendTooLarge { .. }
            | Error::AmountOutOfRange { .. }
            | Error::TextInvalid { .. } => ErrorKind::Validation,
            Error::CustomerNotFound { .. }
            | Error::ChallengeNotFound
            | Error::LinkNotFound
            | Error::PendingNotFound { .. }
            | Error::MappingNotFound
            | Error::OrderNotFound { .. }
            | Error::NoteNotFound { .. }
            | Error::AddressNotFound { .. }
            | Error::WorkspaceNotFound
            | Error::ProductNotFound { .. }
            | Error::PriceGroupNotFound { .. }
            | Error::CartNotFound { .. }
            | Error::TemplateNotFound { .. }
            | Error::ImportMappingNotFound { .. }
            | Error::ImportBatchNotFound { .. } => ErrorKind::NotFound,
            Error::CodeTaken { .. }
            | Error::NameTaken { .. }
            | Error::LinkCodeTaken
            | Error::ExternalIdDuplicate { .. }
            | Error::CustomerHasOrders { .. }
            | Error::StaleWrite
            | Error::WorkspaceExists
            | Error::WorkspaceAmbiguous { .. }
            | Error::ImportStale { .. }
            | Error::PendingNotOpen { .. }
            | Error::NoteEditWindowClosed { .. }
            | Error::CustomerMappingRequired { .. }
            | Error::CartClosed { .. }
            | Error::CartAlreadyOpen { .. }
            | Error::CartEmpty
            | Error::CartLineUnavailable { .. }
            | Error::ImportAlreadyUndone { .. } => ErrorKind::Conflict,
            Error::SourceOfTruthExternal | Error::FieldLocked { .. } | Error::SyncNotActive => ErrorKind::ContactsSync,
            Error::SyncRecordInvalid { source, .. } => source.kind(),
            Error::AccessBlocked { .. }
            | Error::NoEmailOnFile
            | Error::VerificationNotRequired
            | Error::VerificationFailed
            | Error::ChallengeExpired
            | Error::RateLimited { .. }
            | Error::VerificationLocked { .. } => ErrorKind::Access,
            Error::Store { .. } => ErrorKind::Store,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// A store backend failure, for store implementations.
    pub fn store(message: impl std::fmt::Display) -> Self {
        Error::Store { message: message.to_string() }
    }

    pub(crate) fn invalid(what: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidArgument { what, message: message.into() }
    }
}

/// The result type of every fallible orderlink call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
