"""The asyncio surface: :class:`AsyncWorkspace`, a :class:`Workspace` whose every method is a
coroutine, for FastAPI, aiohttp and other asyncio services.

Each call runs the workspace's method in a worker thread of orderlink's own executor (with
the caller's context variables, as ``asyncio.to_thread`` does). The native method releases the
GIL while it waits on its store or works, so the event loop, and other calls, go on
meanwhile; errors are raised from the ``await`` with the same classes and ``.code`` as the
blocking call. Types are in ``_aio.pyi``.

Why not the loop's default executor (``asyncio.to_thread``): it has ``min(32, CPUs + 4)``
threads (6 on a 2-core host) and every ``to_thread`` of the service shares them. A store call
holds its thread while it waits on the database, so 6 waiting calls capped a service at 6
store calls per round trip however large its connection pool (issue 14: 360 requests/s where
psycopg's async pool served 449). The executor here grows on demand to :data:`MAX_WORKERS`
threads, which mostly wait with the GIL released; the store's own connection pool still bounds
how many calls reach the database at once.
"""

import asyncio
import concurrent.futures
import contextvars
import functools
import threading
from typing import Any, Callable, Optional

#: The most threads running :class:`AsyncWorkspace` calls at once (more calls queue).
MAX_WORKERS = 64

_executor: Optional[concurrent.futures.ThreadPoolExecutor] = None
_executor_lock = threading.Lock()


def _run(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> "asyncio.Future[Any]":
    """``func(*args, **kwargs)`` in orderlink's executor, awaitable from the running loop."""
    global _executor
    if _executor is None:
        with _executor_lock:
            if _executor is None:
                _executor = concurrent.futures.ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix="orderlink")
    call = functools.partial(contextvars.copy_context().run, func, *args, **kwargs)
    return asyncio.get_running_loop().run_in_executor(_executor, call)

from ._orderlink import ValidationError, Workspace

__all__ = ["AsyncWorkspace"]


class AsyncWorkspace:
    """A :class:`Workspace` for asyncio: the same methods, each awaited.

    Make one with ``await AsyncWorkspace.create(name, ...)`` (the keywords of
    :class:`Workspace`), ``await AsyncWorkspace.open(store, ...)``, or around a workspace you
    hold with ``AsyncWorkspace(ws)``. ``settings()`` is a coroutine here (the property reads the
    store); :attr:`workspace` is the blocking workspace underneath.

    >>> import asyncio, orderlink
    >>> async def main():
    ...     ws = await orderlink.AsyncWorkspace.create("Harbour Foods", base_url="https://shop.example")
    ...     deli = await ws.create_customer("Corner Deli")
    ...     return (await ws.open_link(await ws.link_url(deli.id))).greeting
    >>> asyncio.run(main())
    'Welcome back, Corner Deli'
    """

    __slots__ = ("_workspace",)

    def __init__(self, workspace: Workspace) -> None:
        if not isinstance(workspace, Workspace):
            error = ValidationError("invalid workspace: expected an orderlink.Workspace")
            error.code, error.kind, error.message = "INVALID_ARGUMENT", "validation", error.args[0]
            raise error
        self._workspace = workspace

    @property
    def workspace(self) -> Workspace:
        """The blocking :class:`Workspace` this one awaits."""
        return self._workspace

    @classmethod
    async def create(cls, name: str, **settings: Any) -> "AsyncWorkspace":
        """A new workspace, as ``Workspace(name, **settings)``, made off the event loop."""
        return cls(await _run(Workspace, name, **settings))

    @classmethod
    async def open(cls, store: Any, **options: Any) -> "AsyncWorkspace":
        """The workspace a store holds, as :meth:`Workspace.open`, opened off the event loop."""
        return cls(await _run(Workspace.open, store, **options))

    @property
    def id(self) -> Any:
        """W1: the workspace's id in its store (:attr:`Workspace.id`, read when it was made)."""
        return self._workspace.id

    async def settings(self) -> Any:
        """The current settings (the :attr:`Workspace.settings` property, read off the loop)."""
        return await _run(lambda: self._workspace.settings)

    def __repr__(self) -> str:
        return f"Async{self._workspace!r}"


def _awaitable(name: str) -> Any:
    """``Workspace.<name>`` as a coroutine method that runs it in a worker thread."""
    blocking = getattr(Workspace, name)

    async def method(self: AsyncWorkspace, /, *args: Any, **kwargs: Any) -> Any:
        return await _run(getattr(self._workspace, name), *args, **kwargs)

    method.__name__, method.__qualname__ = name, f"AsyncWorkspace.{name}"
    # The blocking method's signature (inspect follows __wrapped__), not its docstring, whose
    # examples are blocking calls.
    method.__wrapped__ = blocking  # type: ignore[attr-defined]
    method.__doc__ = f"Awaits :meth:`Workspace.{name}` (see there), run off the event loop."
    return method


# Every public method of Workspace, so the two cannot drift (the stub lists them for types;
# stubtest checks that stub against this class).
for _name, _member in vars(Workspace).items():
    if not _name.startswith("_") and callable(_member) and not hasattr(AsyncWorkspace, _name):
        setattr(AsyncWorkspace, _name, _awaitable(_name))
del _name, _member
