"""orderlink: the customer side of B2B wholesale ordering.

Customers, permanent unguessable order links, who may use a link, and what an external
contacts sync locks. Every rule lives in the Rust core; this package re-exports its native
binding, ``orderlink._orderlink``. Types are in ``_orderlink.pyi``.

>>> import orderlink
>>> ws = orderlink.Workspace("Harbour Foods")
>>> deli = ws.create_customer("Corner Deli", code="HF-001", email="orders@deli.example")
>>> ws.open_link(ws.link_url(deli.id)).greeting
'Welcome back, Corner Deli'
>>> try:
...     ws.create_customer("Copycat", code="hf-001")
... except orderlink.ConflictError as e:
...     print(e.code)
CODE_TAKEN
"""

from ._orderlink import (
    AccessError,
    AuditEntry,
    ChallengeStart,
    ConflictError,
    ContactsSyncError,
    Customer,
    CustomerPage,
    EffectiveSettings,
    ImportIssue,
    ImportPreview,
    ImportReport,
    ImportResult,
    IntakeOutcome,
    IssueGroup,
    LinkDecision,
    LinkRotation,
    LinkTarget,
    MacroReport,
    ManualClock,
    Mapping,
    MemoryStore,
    NotFoundError,
    Order,
    OrderlinkError,
    PassedOver,
    PendingBuyer,
    PreviewRow,
    PriceExplanation,
    PriceGroup,
    PriceSheet,
    Product,
    ResolvedPrice,
    SqliteStore,
    Store,
    StoreError,
    Suggestion,
    SyncReport,
    ValidationError,
    VerifiedSession,
    Workspace,
    WorkspaceSettings,
    neutralise_cell,
    normalize_email,
    normalize_name,
    parse_link_code,
    search_fold,
    validate_import,
    __version__,
)

__all__ = [
    "AccessError",
    "AuditEntry",
    "ChallengeStart",
    "ConflictError",
    "ContactsSyncError",
    "Customer",
    "CustomerPage",
    "EffectiveSettings",
    "ImportIssue",
    "ImportPreview",
    "ImportReport",
    "ImportResult",
    "IntakeOutcome",
    "IssueGroup",
    "LinkDecision",
    "LinkRotation",
    "LinkTarget",
    "MacroReport",
    "ManualClock",
    "Mapping",
    "MemoryStore",
    "NotFoundError",
    "Order",
    "OrderlinkError",
    "PassedOver",
    "PendingBuyer",
    "PreviewRow",
    "PriceExplanation",
    "PriceGroup",
    "PriceSheet",
    "Product",
    "ResolvedPrice",
    "SqliteStore",
    "Store",
    "StoreError",
    "Suggestion",
    "SyncReport",
    "ValidationError",
    "VerifiedSession",
    "Workspace",
    "WorkspaceSettings",
    "neutralise_cell",
    "normalize_email",
    "normalize_name",
    "parse_link_code",
    "search_fold",
    "validate_import",
]
