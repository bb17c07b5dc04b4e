"""A requests adapter whose requests end at a deadline even in the middle of a read (issue #20).

A socket timeout bounds each wait for bytes, not the whole answer: a host that sends one byte every 10 s never
trips a 20 s read timeout, and a deadline checked between 16 KB reads is never reached while one read waits for
16 KB. So the adapter keeps the sockets it opens, and a timer shuts them down when the deadline passes: the
blocked read returns at once, whatever the host sends (status line, headers or body).
"""

from __future__ import annotations

import socket
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class Clock:
    """One deadline: how long is left, and whether it passed (and the sockets were cut)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False

    def left(self) -> float:
        return self.end - time.monotonic()


class _Sockets:
    """The sockets one adapter opened, held weakly (a closed connection's socket simply goes)."""

    def __init__(self) -> None:
        self._live: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._live.add(sock)

    def cut(self) -> None:
        with self._lock:
            live = list(self._live)
        for sock in live:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type[HTTPConnection], sockets: _Sockets) -> type[HTTPConnection]:
    def _new_conn(self: HTTPConnection) -> socket.socket:
        sock = base._new_conn(self)  # the one place urllib3 creates a connection's socket
        sockets.add(sock)
        return sock

    return type(f"Watched{base.__name__}", (base,), {"_new_conn": _new_conn})


class DeadlineAdapter(HTTPAdapter):
    """Mount on a Session (`http://` and `https://`); run each request inside `deadline(seconds)`."""

    def __init__(self, **kwargs: Any) -> None:
        self.sockets = _Sockets()
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        http = type("WatchedPool", (HTTPConnectionPool,), {"ConnectionCls": _watched(HTTPConnection, self.sockets)})
        https = type(
            "WatchedTLSPool", (HTTPSConnectionPool,), {"ConnectionCls": _watched(HTTPSConnection, self.sockets)}
        )
        self.poolmanager.pool_classes_by_scheme = {"http": http, "https": https}

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[Clock]:
        """Everything sent and read inside the block ends by `seconds` from now: then the sockets are shut down
        (the request fails with a connection error) and `clock.expired` says why."""
        clock = Clock(seconds)

        def expire() -> None:
            clock.expired = True
            self.sockets.cut()

        timer = threading.Timer(seconds, expire)
        timer.daemon = True
        timer.start()
        try:
            yield clock
        finally:
            timer.cancel()
