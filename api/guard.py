"""What the SPARQL endpoint refuses to run, found by reading the query's tokens.

pyoxigraph evaluates ``SERVICE`` by calling the remote endpoint over HTTP and
``LOAD`` by fetching the URL, and treats ``FROM <x>`` for a graph it lacks as an
empty graph. A public endpoint must do none of that silently: such queries are
refused with a message saying why. The check is lexical (strings, IRIs and
comments are skipped), so ``"SERVICE"`` in a literal or ``ex:service`` as a
prefixed name are not mistaken for the keyword.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w]+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.:%-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(query: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (no white space or comments)."""
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        yield Token(kind, m.group(), m.start())


def _where(query: str, pos: int) -> str:
    line = query.count("\n", 0, pos) + 1
    col = pos - (query.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


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
            base = nxt.text[1:-1]
        if (word == "PREFIX" and nxt is not None and nxt.kind == "pname"
                and i + 2 < len(toks) and toks[i + 2].kind == "iri"):
            prefixes[nxt.text.split(":", 1)[0]] = urljoin(base, toks[i + 2].text[1:-1])
        if word in ("FROM", "USING") and nxt is not None:
            keyword, target = word, nxt
            if nxt.kind == "word" and nxt.text.upper() == "NAMED" and i + 2 < len(toks):
                keyword, target = f"{word} NAMED", toks[i + 2]
            if target.kind == "iri":
                out.append((keyword, urljoin(base, target.text[1:-1]), tok.start))
            elif target.kind == "pname":
                prefix, local = target.text.split(":", 1)
                out.append((keyword, prefixes.get(prefix, target.text + "?") + local, tok.start))
    return out


def refusal(query: str, graphs: Callable[[], Collection[str]], *,
            update: bool = False) -> str | None:
    """Why ``query`` may not run here, or None when it may.

    ``graphs()`` gives the named graphs of the store (asked only when needed):
    ``FROM``/``FROM NAMED`` (and an update's ``USING``) must name one of them.
    """
    for tok in tokens(query):
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if word == "SERVICE":
            return (f"SERVICE at {_where(query, tok.start)}: this endpoint does not call other "
                    "endpoints (federated queries are off)")
        if word == "LOAD" and update:
            return (f"LOAD at {_where(query, tok.start)}: this endpoint does not fetch remote "
                    "data; ingest documents with `luocdo ingest` or POST /documents")
    for keyword, iri, pos in dataset_iris(query):
        if iri not in graphs():
            return (f"{keyword} <{iri}> at {_where(query, pos)}: no such graph in this store; "
                    "the store's graphs are listed by SELECT DISTINCT ?g { GRAPH ?g {} }")
    return None
