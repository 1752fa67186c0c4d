"""The server's limits: query shape, request bodies, clients and previews.

Everything here runs in the server process before any worker sees a request,
and answers at once, without waiting: a query nested too deep or too long
(400), a body over its cap (413, counted while it streams in, never read
whole first), a client with too many requests at once or too many anonymous
previews (429, with ``Retry-After``). The worker pools bound their own queues
(:mod:`luocdo.api.worker`, 503 ``busy``). The defaults are in :class:`Limits`;
``luocdo serve`` has one flag per limit.
"""

from __future__ import annotations

import collections
import contextvars
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from luocdo.api.errors import ApiError

# A query nested 10,000 deep overflows the stack of the query engine's parser and
# kills the worker (issue 11, part 5); pyoxigraph still parses 2,000. Hand-written
# and generated queries stay under 20.
MAX_QUERY_DEPTH = 128
# characters of a query text; the named queries are under 10,000
MAX_QUERY_LENGTH = 200_000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
Caps = Callable[[Scope], int]


@dataclass(frozen=True)
class Limits:
    """Every limit of the server but the query time limit and worker count, with defaults."""

    quick_workers: int = 2  # processes answering named queries and quick SPARQL queries
    quick_budget: float = 1.0  # seconds a job may take in the quick pool before it moves
    queue: int = 16  # requests waiting for a worker, per pool; more get 503 at once
    queue_wait: float = 10.0  # seconds a request may wait for a worker before a 503
    per_client: int = 8  # requests at once from one client address; more get 429
    body: int = 1_000_000  # bytes of a request body (a SPARQL query or update)
    upload: int = 20_000_000  # bytes of an uploaded document sent with the token
    preview: int = 2_000_000  # bytes of an upload without the token (dry_run); 0: refused
    previews_per_minute: int = 10  # anonymous previews per client address and minute
    extract_workers: int = 1  # processes reading uploaded documents
    extract_timeout: float = 30.0  # seconds an uploaded document may take to be read
    extract_memory: int = 1 << 30  # bytes of memory the reader may take on top of its start
    cache_rows: int = 200_000  # rows of named queries' answers kept for the store as it is


# ---------------------------------------------------------------- query shape


def check_query(text: str, *, max_depth: int = MAX_QUERY_DEPTH,
                max_length: int = MAX_QUERY_LENGTH) -> None:
    """Refuse a SPARQL text that is too long or nests brackets too deep.

    A lexical scan, linear in the text, that never recurses: braces, parentheses
    and square brackets count, except inside strings, IRIs and comments. A
    comment ends at ``\\n`` or ``\\r`` (SPARQL 1.1, section 19.6, and the query
    engine). Raises :class:`ApiError` 400 ``query_too_long`` or ``query_too_deep``.
    """
    if len(text) > max_length:
        raise ApiError(400, "query_too_long",
                       f"the query has {len(text):,} characters, over the limit of "
                       f"{max_length:,}; send a shorter query")
    depth = 0
    i = 0
    n = len(text)
    line = 1
    line_start = 0
    while i < n:
        c = text[i]
        if c in "{([":
            depth += 1
            if depth > max_depth:
                raise ApiError(400, "query_too_deep",
                               f"line {line}, column {i - line_start + 1}: brackets nested "
                               f"deeper than {max_depth}; flatten the query")
        elif c in "})]":
            depth = max(0, depth - 1)
        elif c == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
            continue
        elif c in "\"'":
            i = _string_end(text, i)
            continue
        elif c == "<":
            i = _iri_end(text, i)
            continue
        elif c == "\n":
            line += 1
            line_start = i + 1
        i += 1


def _string_end(text: str, i: int) -> int:
    """The index after the string literal that starts at ``i`` (or the text's end)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end != -1 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end == -1 else end + 3
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] in "\r\n":  # a short string ends at its line
            return j + 1
        j += 1
    return j


def _escaped(text: str, i: int) -> bool:
    slashes = 0
    while i - slashes - 1 >= 0 and text[i - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


# characters an IRIREF cannot hold (SPARQL 1.1 grammar, production [139])
_NOT_IRI = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def _iri_end(text: str, i: int) -> int:
    """After ``<``: the index after the IRI, or after ``<`` alone when it is an operator."""
    j = i + 1
    while j < len(text) and text[j] not in _NOT_IRI:
        j += 1
    if j < len(text) and text[j] == ">":
        return j + 1
    return i + 1


# ---------------------------------------------------------------- request bodies


class BodyTooLarge(ApiError):
    """A request body over its cap, refused before or while it streams in."""

    def __init__(self, limit: int, what: str = "the request body"):
        super().__init__(413, "too_large",
                         f"{what} is over the limit of {limit:,} bytes; send a smaller one")


def content_length(scope: Scope) -> int | None:
    """The request's declared ``Content-Length``, if it is a number."""
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def counting(receive: Receive, limit: int, what: str = "the request body") -> Receive:
    """``receive`` that raises :class:`BodyTooLarge` once more than ``limit`` bytes came in."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit, what)
        return message

    return wrapped


def body_limit(app: App, caps: Caps) -> App:
    """ASGI middleware: a body over ``caps(scope)`` bytes is refused with 413.

    By its ``Content-Length`` before anything is read, otherwise by counting the
    bytes as they stream in (chunked bodies, or a length that lies).
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        limit = caps(scope)
        declared = content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, BodyTooLarge(limit), close=True)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await app(scope, counting(receive, limit), tracking)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(send, exc, close=True)

    return middleware


async def _refuse(send: Send, error: ApiError, *, close: bool = False) -> None:
    import json

    from luocdo.api.errors import body

    data = json.dumps(body(error.code, error.message)).encode("utf-8")
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(data)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    if close:  # the rest of the body is not read: the connection cannot be reused
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


# ---------------------------------------------------------------- clients


# the address of the client whose request this thread or task serves (set by per_client;
# threads started by run_in_threadpool see it too)
CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("luocdo_client",
                                                                    default=None)


def client_of(scope: Scope) -> str:
    """The client's address (set by the server; behind a proxy, see ``--proxy-headers``)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


# paths whose requests never need a worker: pages, their files, the API's documentation
_FREE_PATHS = ("/static/", "/docs", "/openapi.json", "/app/")


def needs_worker(scope: Scope) -> bool:
    """Whether a request counts against the client's limit: anything but pages and files."""
    path = str(scope.get("path", ""))
    return path != "/" and not path.startswith(_FREE_PATHS)


class TooManyRequests(ApiError):
    def __init__(self, message: str, retry_after: float):
        super().__init__(429, "too_many_requests", message,
                         {"Retry-After": str(max(1, math.ceil(retry_after)))})


def per_client(app: App, limit: int, counted: Callable[[Scope], bool]) -> App:
    """ASGI middleware: at most ``limit`` requests at once from one client address.

    Only requests for which ``counted(scope)`` is true count (those that need a
    worker); one over the limit is answered 429 at once.
    """
    active: collections.Counter[str] = collections.Counter()

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or limit <= 0 or not counted(scope):
            await app(scope, receive, send)
            return
        who = client_of(scope)
        if active[who] >= limit:
            await _refuse(send, TooManyRequests(
                f"{limit} requests of this client are already running; wait for them", 1))
            return
        active[who] += 1
        token = CLIENT.set(who)
        try:
            await app(scope, receive, send)
        finally:
            CLIENT.reset(token)
            active[who] -= 1
            if not active[who]:
                del active[who]

    return middleware


class Window:
    """At most ``count`` events per client in any ``seconds`` (a sliding window)."""

    def __init__(self, count: int, seconds: float = 60.0, *, clients: int = 10_000):
        self.count = count
        self.seconds = seconds
        self.clients = clients  # addresses remembered at most: memory stays bounded
        self._seen: collections.OrderedDict[str, collections.deque[float]] = \
            collections.OrderedDict()
        self._lock = threading.Lock()

    def take(self, who: str, what: str) -> None:
        """Count one event of ``who``, or raise 429 when it has had its share."""
        now = time.monotonic()
        with self._lock:
            times = self._seen.pop(who, None) or collections.deque()
            while times and times[0] <= now - self.seconds:
                times.popleft()
            if len(times) >= self.count:
                self._seen[who] = times
                raise TooManyRequests(
                    f"{what}: {self.count} per {self.seconds:g} s from one client; "
                    "try again later", times[0] + self.seconds - now)
            times.append(now)
            self._seen[who] = times
            while len(self._seen) > self.clients:
                self._seen.popitem(last=False)
