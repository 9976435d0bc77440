"""orderlink: the customer side of B2B wholesale ordering.

Customers, permanent unguessable order links, who may use a link, and what an external contacts
sync locks. The rules live in the Rust core; this package is a thin layer over it.
"""

from ._orderlink import (
    AuditEntry,
    ChallengeStart,
    Customer,
    CustomerPage,
    IntakeOutcome,
    LinkDecision,
    LinkRotation,
    LinkTarget,
    ManualClock,
    Mapping,
    Order,
    PendingBuyer,
    Suggestion,
    SyncReport,
    VerifiedSession,
    Workspace,
    WorkspaceSettings,
    normalize_email,
    normalize_name,
    parse_link_code,
    search_fold,
)
from .errors import (
    AccessError,
    ConflictError,
    ContactsSyncError,
    NotFoundError,
    OrderlinkError,
    StoreError,
    ValidationError,
)

__all__ = [
    "AccessError",
    "AuditEntry",
    "ChallengeStart",
    "ConflictError",
    "ContactsSyncError",
    "Customer",
    "CustomerPage",
    "IntakeOutcome",
    "LinkDecision",
    "LinkRotation",
    "LinkTarget",
    "ManualClock",
    "Mapping",
    "NotFoundError",
    "Order",
    "OrderlinkError",
    "PendingBuyer",
    "StoreError",
    "Suggestion",
    "SyncReport",
    "ValidationError",
    "VerifiedSession",
    "Workspace",
    "WorkspaceSettings",
    "normalize_email",
    "normalize_name",
    "parse_link_code",
    "search_fold",
]
