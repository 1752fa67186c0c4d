"""One exception hierarchy for the whole library.

Messages name the input, the place (line, column or character span), what was
expected and what to do. The CLI maps these to exit codes (see ``luocdo.cli``);
the API maps each to one HTTP status with a stable error code.
"""

from __future__ import annotations


class LuocdoError(Exception):
    """Base of every error luocdo raises on purpose."""

    code = "internal_error"


class InputError(LuocdoError):
    """The input cannot be used: unreadable file, unknown format, bad encoding."""

    code = "bad_input"

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        prefix = source or "<input>"
        if where:
            prefix = f"{prefix}: {where}"
        super().__init__(f"{prefix}: {message}")


class ExtractionError(InputError):
    """The text was read but cannot be parsed into a document."""

    code = "extraction_failed"


class StoreError(LuocdoError):
    """The store cannot be opened, read or written."""

    code = "store_error"


class StoreBusy(StoreError):
    """Another process holds the store read-write (one writer at a time), and kept it
    for longer than the caller would wait."""

    code = "store_busy"


class ServerUnavailable(StoreError):
    """The SPARQL server holding the store cannot be reached, or answered with an error
    that is not about the request (a 5xx, a time-out)."""

    code = "server_unavailable"


class QueryError(LuocdoError):
    """A query is malformed, refused, or its parameters are invalid."""

    code = "bad_query"


class UpdateRefused(QueryError):
    """A SPARQL update would write into the default graph, which the store keeps as the
    merge of the named graphs."""

    code = "update_refused"


class NotFoundError(LuocdoError):
    """A document, task or query that was asked for does not exist."""

    code = "not_found"
