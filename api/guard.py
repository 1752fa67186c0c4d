"""What the SPARQL endpoint refuses to run, found by reading the query's tokens.

pyoxigraph evaluates ``SERVICE`` by calling the remote endpoint over HTTP and
``LOAD`` by fetching the URL, and treats ``FROM <x>`` for a graph it lacks as an
empty graph. A public endpoint must do none of that silently: such queries are
refused with a message saying why.

This check is the polite half of the defence: it names the offending keyword
and its place. The hard half is :mod:`luocdo.api.sandbox`: the processes that
run queries and updates cannot open a network socket at all, so a query this
reader misjudges still reaches nothing.

The tokens follow the terminals of the SPARQL 1.1 grammar (section 19.8) as the
engine lexes them, because any difference is a way to hide a keyword from the
check (issue 11: a ``#`` comment ended by ``\\r``):

- white space is space, tab, ``\\r`` and ``\\n``; a comment runs from ``#`` to
  the next ``\\r`` or ``\\n``;
- IRIs, strings and prefixed names may carry ``\\uXXXX``/``\\UXXXXXXXX`` escapes
  (pyoxigraph unescapes them there, and only there: ``\\u0053ERVICE`` outside
  them is a syntax error, not a keyword);
- a prefixed name's local part may hold ``\\``-escaped punctuation
  (``ex:a\\#b``, ``ex:a\\'b``), which must not start a comment or a string.

Text that is none of these tokens (an unclosed string, a stray ``\\``) cannot be
checked: the query is refused as malformed rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from urllib.parse import urljoin

from luocdo.sparql_tokens import Token, Unreadable, tokens, unescape, where

__all__ = ["Token", "Unreadable", "dataset_iris", "refusal", "tokens", "unescape"]



def dataset_iris(query: str) -> list[tuple[str, str, int]]:
    """The graphs named by ``FROM``/``FROM NAMED`` (and ``USING``): (keyword, IRI, offset)."""
    toks = list(tokens(query))
    prefixes: dict[str, str] = {}
    base = ""
    out: list[tuple[str, str, int]] = []
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if word == "BASE" and nxt is not None and nxt.kind == "iri":
            base = unescape(nxt.text[1:-1])
        if (word == "PREFIX" and nxt is not None and nxt.kind == "pname"
                and i + 2 < len(toks) and toks[i + 2].kind == "iri"):
            prefixes[nxt.text.split(":", 1)[0]] = urljoin(base, unescape(toks[i + 2].text[1:-1]))
        if word in ("FROM", "USING") and nxt is not None:
            keyword, target = word, nxt
            if nxt.kind == "word" and nxt.text.upper() == "NAMED" and i + 2 < len(toks):
                keyword, target = f"{word} NAMED", toks[i + 2]
            if target.kind == "iri":
                out.append((keyword, urljoin(base, unescape(target.text[1:-1])), tok.start))
            elif target.kind == "pname":
                prefix, local = target.text.split(":", 1)
                local = re.sub(r"\\(.)", r"\1", local)
                out.append((keyword, prefixes.get(prefix, target.text + "?") + local, tok.start))
    return out


def refusal(query: str, graphs: Callable[[], Collection[str]], *,
            update: bool = False) -> str | None:
    """Why ``query`` may not run here, or None when it may.

    ``graphs()`` gives the named graphs of the store (asked only when needed):
    ``FROM``/``FROM NAMED`` (and an update's ``USING``) must name one of them.
    Raises :class:`Unreadable` for text that has no SPARQL token.
    """
    for tok in tokens(query):
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if word == "SERVICE":
            return (f"SERVICE at {where(query, tok.start)}: this endpoint does not call other "
                    "endpoints (federated queries are off)")
        if word == "LOAD" and update:
            return (f"LOAD at {where(query, tok.start)}: this endpoint does not fetch remote "
                    "data; ingest documents with `luocdo ingest` or POST /documents")
    for keyword, iri, pos in dataset_iris(query):
        if iri not in graphs():
            return (f"{keyword} <{iri}> at {where(query, pos)}: no such graph in this store; "
                    "the store's graphs are listed by SELECT DISTINCT ?g { GRAPH ?g {} }")
    return None
