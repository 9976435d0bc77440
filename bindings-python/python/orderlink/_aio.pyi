"""Types of :class:`AsyncWorkspace` (``orderlink._aio``): :class:`Workspace`'s methods, each a
coroutine. Generated from the ``Workspace`` class of ``_orderlink.pyi`` (async before each
``def``); stubtest (``make test-python``) fails if the two drift.
"""

import decimal
import datetime
import os
import typing
import uuid
from typing import Any, Callable, Iterable, Literal, Optional, Sequence, Union

#: The most threads running AsyncWorkspace calls at once (more calls queue).
MAX_WORKERS: int

from ._orderlink import (
    Cart,
    CartSubmission,
    CheckoutLink,
    CheckoutView,
    OpenCartPage,
    PricedCart,
    _CartEdit,
    _CartSort,
    ActivityEvent,
    ActivitySummary,
    Address,
    AuditEntry,
    BulkSendPlan,
    ChallengeStart,
    Customer,
    CustomerPage,
    Delivery,
    EffectiveSettings,
    ImportPreview,
    ImportResult,
    UndoReport,
    _MappingSuggestion,
    _SavedMapping,
    IntakeOutcome,
    LinkDecision,
    LinkRotation,
    LinkTarget,
    MacroReport,
    ManualClock,
    Mapping,
    Message,
    MessageTemplate,
    Note,
    Order,
    OrderHistory,
    PendingBuyer,
    PriceExplanation,
    PriceGroup,
    PriceSheet,
    Product,
    ResolvedPrice,
    Store,
    Suggestion,
    SyncReport,
    VerificationLock,
    VerificationLockEvent,
    VerifiedSession,
    Workspace,
    WorkspaceSettings,
    _ActivityKind,
    _AddressKind,
    _CheckoutMode,
    _ContactsSyncFlags,
    _CustomerKind,
    _Freight,
    _Id,
    _Money,
    _OrderDefaults,
    _OrderStatus,
    _OrderTemplate,
    _PriceEntries,
    _SortKey,
    _StatusFilter,
)

__all__ = ["AsyncWorkspace"]

class AsyncWorkspace:
    def __init__(self, workspace: Workspace) -> None: ...
    @property
    def workspace(self) -> Workspace: ...
    @classmethod
    async def create(
        cls,
        name: str,
        *,
        base_url: Optional[str] = None,
        currency: Optional[str] = None,
        contacts_sync: Optional[_ContactsSyncFlags] = None,
        strict_security: bool = False,
        trial_expired: bool = False,
        unique_names: bool = False,
        defaults: Optional[_OrderDefaults] = None,
        import_limits: Optional[typing.Dict[Literal["max_rows", "max_bytes"], int]] = None,
        seed: Optional[int] = None,
        clock: Optional[ManualClock] = None,
        store: Optional[Store] = None,
    ) -> AsyncWorkspace: ...
    @classmethod
    async def open(cls, store: Store, *, seed: Optional[int] = None, clock: Optional[ManualClock] = None) -> AsyncWorkspace: ...
    @property
    def id(self) -> uuid.UUID: ...
    async def settings(self) -> WorkspaceSettings: ...
    async def update_settings(
        self,
        *,
        name: str = ...,
        base_url: str = ...,
        currency: str = ...,
        contacts_sync: _ContactsSyncFlags = ...,
        strict_security: bool = ...,
        trial_expired: bool = ...,
        unique_names: bool = ...,
        defaults: _OrderDefaults = ...,
        import_limits: typing.Dict[Literal["max_rows", "max_bytes"], int] = ...,
    ) -> WorkspaceSettings: ...
    async def create_customer(
        self,
        name: str,
        *,
        code: Optional[str] = None,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        contact: Optional[str] = None,
        active: bool = True,
        order_web_blocked: bool = False,
        price_group: Optional[str] = None,
        order_template: Optional[_OrderTemplate] = None,
        checkout_mode: Optional[_CheckoutMode] = None,
        freight: Optional[_Freight] = None,
        managed_by: Optional[_Id] = None,
        tags: Optional[Sequence[str]] = None,
    ) -> Customer: ...
    async def update_customer(
        self,
        customer_id: _Id,
        *,
        name: str = ...,
        code: Optional[str] = ...,
        email: Optional[str] = ...,
        phone: Optional[str] = ...,
        contact: Optional[str] = ...,
        active: bool = ...,
        order_web_blocked: bool = ...,
        price_group: Optional[str] = ...,
        order_template: Optional[_OrderTemplate] = ...,
        checkout_mode: Optional[_CheckoutMode] = ...,
        freight: Optional[_Freight] = ...,
        managed_by: Optional[_Id] = ...,
        tags: Sequence[str] = ...,
    ) -> Customer: ...
    async def get_customer(self, customer_id: _Id) -> Customer: ...
    async def delete_customer(self, customer_id: _Id) -> None: ...
    async def list_customers(
        self,
        *,
        filter: _StatusFilter = "active",
        search: Optional[str] = None,
        sort: _SortKey = "name",
        descending: bool = False,
        offset: int = 0,
        limit: int = 50,
        guest: Optional[_Id] = None,
        tag: Optional[str] = None,
        kind: Optional[_CustomerKind] = None,
        address: Optional[str] = None,
        count_limit: Optional[int] = None,
    ) -> CustomerPage: ...
    async def editable_fields(self, customer_id: _Id) -> list[str]: ...
    async def apply_contacts_sync(self, records: Sequence[typing.Mapping[str, Any]]) -> SyncReport: ...
    async def link_url(self, customer_id: _Id) -> str: ...
    async def workspace_link_url(self) -> str: ...
    async def resolve_link(self, code_or_url: str) -> LinkTarget: ...
    async def open_link(self, code_or_url: str, session_token: Optional[str] = None) -> LinkDecision: ...
    async def start_verification(self, code_or_url: str) -> ChallengeStart: ...
    async def complete_verification(self, challenge_id: _Id, picked: Union[str, Sequence[str]]) -> VerifiedSession: ...
    async def verification_lock(self, customer_id: _Id) -> VerificationLock: ...
    async def lift_verification_lock(self, customer_id: _Id, *, by: Optional[str] = None) -> Optional[VerificationLockEvent]: ...
    async def verification_lock_events(self, customer_id: _Id) -> list[VerificationLockEvent]: ...
    async def rotate_link(self, customer_id: _Id, *, by: Optional[str] = None, reason: Optional[str] = None) -> Customer: ...
    async def link_rotations(self, customer_id: _Id) -> list[LinkRotation]: ...
    async def message_templates(self) -> list[MessageTemplate]: ...
    async def set_message_template(self, name: str, subject: str, body: str) -> MessageTemplate: ...
    async def remove_message_template(self, name: str) -> None: ...
    async def render_message(
        self,
        customer_id: _Id,
        template: Optional[str] = "Default",
        subject: Optional[str] = None,
        body: Optional[str] = None,
    ) -> Message: ...
    async def record_delivery(self, message: Message) -> Delivery: ...
    async def plan_bulk_send(
        self,
        customer_ids: Iterable[_Id],
        *,
        filter: _StatusFilter = "active",
        template: Optional[str] = "Default",
        subject: Optional[str] = None,
        body: Optional[str] = None,
    ) -> BulkSendPlan: ...
    async def last_sent(self, customer_ids: Iterable[_Id]) -> dict[uuid.UUID, Delivery]: ...
    async def deliveries(self, customer_id: _Id) -> list[Delivery]: ...
    async def record_activity(self, customer_id: _Id, kind: _ActivityKind) -> ActivityEvent: ...
    async def activity_summary(
        self,
        start: datetime.datetime,
        end: datetime.datetime,
        *,
        filter: _StatusFilter = "all",
        search: Optional[str] = None,
        guest: Optional[_Id] = None,
    ) -> ActivitySummary: ...
    async def intake_order(
        self,
        link: str,
        *,
        buyer: Optional[typing.Mapping[str, Optional[str]]] = None,
        number: str,
        total: _Money,
        placed_at: Optional[datetime.datetime] = None,
        status: _OrderStatus = "confirmed",
        lines: Optional[Sequence[typing.Mapping[str, Union[str, _Money]]]] = None,
    ) -> IntakeOutcome: ...
    async def pending_buyers(self, *, include_closed: bool = False) -> list[PendingBuyer]: ...
    async def get_pending(self, pending_id: _Id) -> PendingBuyer: ...
    async def map_pending(self, pending_id: _Id, customer_id: _Id, *, actor: Optional[str] = None) -> AuditEntry: ...
    async def create_and_map(self, pending_id: _Id, *, actor: Optional[str] = None, **customer: Any) -> AuditEntry: ...
    async def ignore_pending(self, pending_id: _Id, *, actor: Optional[str] = None) -> AuditEntry: ...
    async def remap(self, business_name: str, email: str, customer_id: _Id, *, actor: Optional[str] = None) -> AuditEntry: ...
    async def mappings(self) -> list[Mapping]: ...
    async def audit_trail(self) -> list[AuditEntry]: ...
    async def suggest_customers(self, pending_id: _Id) -> list[Suggestion]: ...
    async def get_order(self, order_id: _Id) -> Order: ...
    async def customer_orders(self, customer_id: _Id) -> list[Order]: ...
    async def invoice_order(self, order_id: _Id) -> Order: ...
    async def order_for_sync(self, order_id: _Id) -> Order: ...
    async def upsert_products(self, products: Sequence[typing.Mapping[str, Any]]) -> None: ...
    async def products(self) -> list[Product]: ...
    async def set_default_prices(self, entries: _PriceEntries) -> None: ...
    async def upsert_price_group(self, name: str, active: bool = True) -> None: ...
    async def remove_price_group(self, name: str) -> None: ...
    async def price_groups(self) -> list[PriceGroup]: ...
    async def set_group_prices(self, group: str, entries: _PriceEntries) -> None: ...
    async def apply_price_macro(self, group: str, macro: str, skus: Optional[Iterable[str]] = None) -> MacroReport: ...
    async def resolve_price(
        self, customer_id: Optional[_Id], sku: str, qty: _Money = 1, at: Optional[datetime.datetime] = None
    ) -> ResolvedPrice:
        """``customer_id`` None: the workspace link's price (PR2); ``at`` None: now (PR6)."""
    async def resolve_prices(
        self,
        customer_id: Optional[_Id],
        skus: Optional[Iterable[str]] = None,
        qty: _Money = 1,
        at: Optional[datetime.datetime] = None,
    ) -> PriceSheet:
        """``customer_id`` None: the workspace link's prices (PR2)."""
    async def explain_price(
        self, customer_id: Optional[_Id], sku: str, qty: _Money = 1, at: Optional[datetime.datetime] = None
    ) -> PriceExplanation: ...
    async def price_entry(self, sku: str, group: Optional[str] = None) -> list[dict[str, Any]]: ...
    async def effective_settings(self, customer_id: _Id) -> EffectiveSettings: ...
    async def preview_import(
        self,
        file: Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"],
        *,
        format: Optional[Literal["csv", "xlsx", "pasted"]] = None,
        sheet: Optional[str] = None,
        progress: Optional[Callable[[int, int, int], object]] = None,
        mapping: Union[str, typing.Mapping[str, Optional[str]], None] = None,
    ) -> ImportPreview: ...
    async def confirm_import(self, preview: ImportPreview) -> ImportResult: ...
    async def suggest_mapping(self, headers: Iterable[str]) -> typing.List[_MappingSuggestion]: ...
    async def save_mapping(self, name: str, mapping: typing.Mapping[str, Optional[str]]) -> _SavedMapping: ...
    async def import_mappings(self) -> typing.List[_SavedMapping]: ...
    async def delete_import_mapping(self, name: str) -> bool: ...
    async def undo_import(self, batch_id: _Id) -> UndoReport: ...
    async def import_batch(self, batch_id: _Id) -> typing.Dict[str, Any]: ...
    async def export_customers(
        self,
        *,
        filter: Literal["active", "inactive", "all"] = "active",
        search: Optional[str] = None,
        sort: str = "name",
        descending: bool = False,
        guest: Union[uuid.UUID, str, None] = None,
        tag: Optional[str] = None,
        kind: Optional[_CustomerKind] = None,
        address: Optional[str] = None,
    ) -> bytes: ...
    async def order_history(self, customer_id: _Id, page: int = 1) -> OrderHistory: ...
    async def add_tag(self, customer_id: _Id, tag: str) -> Customer: ...
    async def remove_tag(self, customer_id: _Id, tag: str) -> Customer: ...
    async def add_note(self, customer_id: _Id, author: str, text: str) -> Note: ...
    async def edit_note(self, note_id: _Id, text: str) -> Note:
        """Only within 5 minutes of the note being added, else ``NOTE_EDIT_WINDOW_CLOSED``."""
    async def notes(self, customer_id: _Id) -> list[Note]: ...
    async def add_address(
        self,
        customer_id: _Id,
        line1: str,
        *,
        label: Optional[str] = None,
        line2: Optional[str] = None,
        city: Optional[str] = None,
        region: Optional[str] = None,
        postal_code: Optional[str] = None,
        country: Optional[str] = None,
        default_billing: bool = False,
        default_shipping: bool = False,
    ) -> Address: ...
    async def update_address(
        self,
        customer_id: _Id,
        address_id: _Id,
        *,
        label: Optional[str] = ...,
        line1: str = ...,
        line2: Optional[str] = ...,
        city: Optional[str] = ...,
        region: Optional[str] = ...,
        postal_code: Optional[str] = ...,
        country: Optional[str] = ...,
    ) -> Address: ...
    async def remove_address(self, customer_id: _Id, address_id: _Id) -> None: ...
    async def set_default_address(self, customer_id: _Id, address_id: _Id, kind: _AddressKind) -> Address: ...
    async def addresses(self, customer_id: _Id) -> list[Address]: ...
    # --- carts and checkout links (CT1–CT5) ---
    async def open_cart(
        self, customer_id: _Id, *, agent: Optional[str] = None, channel: Optional[str] = None
    ) -> Cart: ...
    async def update_cart(self, cart_id: _Id, edits: Sequence[_CartEdit], *, agent: Optional[str] = None) -> Cart: ...
    async def get_cart(self, cart_id: _Id) -> Cart: ...
    async def customer_carts(self, customer_id: _Id) -> list[Cart]: ...
    async def search_products(self, term: str, limit: int = 20) -> list[Product]: ...
    async def price_cart(self, cart_id: _Id) -> PricedCart: ...
    async def checkout_link(
        self, cart_id: _Id, *, expires_at: Optional[datetime.datetime] = None, agent: Optional[str] = None
    ) -> CheckoutLink: ...
    async def rotate_checkout_link(
        self, cart_id: _Id, *, expires_at: Optional[datetime.datetime] = None, agent: Optional[str] = None
    ) -> CheckoutLink: ...
    async def open_checkout(self, code_or_url: str, session_token: Optional[str] = None) -> CheckoutView: ...
    async def submit_cart(self, code_or_url: str, number: str) -> CartSubmission: ...
    async def abandon_cart(self, cart_id: _Id, *, agent: Optional[str] = None) -> Cart: ...
    async def open_carts(
        self,
        *,
        customer_id: Optional[_Id] = None,
        agent: Optional[str] = None,
        min_age_secs: Optional[int] = None,
        stalled_only: bool = False,
        stalled_after_secs: Optional[int] = None,
        sort: _CartSort = "last_change",
        offset: int = 0,
        limit: int = 50,
    ) -> OpenCartPage: ...
    async def order_attribution(self, order_id: _Id) -> Optional[dict[str, Optional[str]]]: ...
