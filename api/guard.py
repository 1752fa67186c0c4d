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
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

_HEX = r"[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"""\\[tbnrf\\"']"""
# PN_CHARS_BASE and PN_CHARS of the grammar; \w covers the letters and digits of
# every script (Vietnamese included), the rest are listed.
_PN_CHARS = r"\w\-\u00B7\u0300-\u036F\u203F\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
# PN_PREFIX: a letter, then name characters or dots, not ending with a dot
_PREFIX = rf"(?:[^\W\d_](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"

_TOKEN = re.compile(
    rf"""
    (?P<space>[\x20\t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>
        \"\"\"(?:(?:\"|\"\")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
      | '''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
      | "(?:[^"\\\r\n]|{_ECHAR}|{_UCHAR})*"
      | '(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*'
    )
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$][{_PN_CHARS}]+)
  | (?P<pname>{_PREFIX}?:(?:(?:[{_PN_CHARS}:]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*
                                                        (?:[{_PN_CHARS}:]|{_PLX}))?)?)
  | (?P<bnode>_:[{_PN_CHARS}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<other>[^\\"'\#])
  | (?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(_UCHAR)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


class Unreadable(ValueError):
    """The text cannot be split into SPARQL tokens (so it cannot be checked)."""

    def __init__(self, query: str, pos: int):
        self.pos = pos
        char = query[pos]
        super().__init__(f"unexpected {char!r} at {_where(query, pos)}: not the start of a "
                         "string, IRI, prefixed name or keyword (an unclosed quote or IRI, "
                         "or a stray backslash)")


def unescape(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by their characters."""
    return _ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), text)


def tokens(query: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (no white space or comments).

    Raises :class:`Unreadable` at text the grammar has no token for.
    """
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "bad"
        if kind == "bad":
            raise Unreadable(query, m.start())
        if kind in ("space", "comment"):
            continue
        yield Token(kind, m.group(), m.start())


def _where(query: str, pos: int) -> str:
    line = len(re.findall(r"\r\n|\r|\n", query[:pos])) + 1
    col = pos - max(query.rfind("\n", 0, pos), query.rfind("\r", 0, pos))
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
