"""Exceptions raised by orderlink. Every one carries ``.code`` (stable, SCREAMING_SNAKE_CASE),
``.kind`` (its family) and ``.message``.

>>> import orderlink
>>> try:
...     orderlink.Workspace("Acme").create_customer("   ")
... except orderlink.ValidationError as e:
...     print(e.code)
NAME_REQUIRED
"""


class OrderlinkError(Exception):
    """Base of every orderlink error."""

    def __init__(self, message: str, code: str, kind: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.kind = kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class ValidationError(OrderlinkError, ValueError):
    """The input itself is wrong (a blank name, a malformed email or link)."""


class NotFoundError(OrderlinkError, LookupError):
    """The thing asked for does not exist."""


class ConflictError(OrderlinkError):
    """The input clashes with what is stored (a taken code, a stale write)."""


class ContactsSyncError(OrderlinkError):
    """Contacts sync owns this data (S1, S2)."""


class AccessError(OrderlinkError):
    """An order link may not be used this way (A2, A3)."""


class StoreError(OrderlinkError):
    """The store failed for reasons of its own; never bad input."""


#: The exception class for each error kind, as the native module names them.
BY_KIND = {
    "validation": ValidationError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "contacts_sync": ContactsSyncError,
    "access": AccessError,
    "store": StoreError,
}


def _raise_from_native(message: str, code: str, kind: str) -> OrderlinkError:
    """Called by the native module: the exception instance for a core error."""
    return BY_KIND.get(kind, OrderlinkError)(message, code, kind)
