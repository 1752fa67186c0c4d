"""SPARQL text as tokens, split the way the engine (pyoxigraph) splits it.

The terminals of the SPARQL 1.1 grammar (section 19.8) as pyoxigraph lexes
them: white space is space, tab, ``\\r`` and ``\\n``; a comment runs from ``#``
to the next ``\\r`` or ``\\n``; IRIs, strings and prefixed names may carry
``\\uXXXX``/``\\UXXXXXXXX`` escapes (and only they: ``\\u0053ERVICE`` outside
them is a syntax error, not a keyword); a prefixed name's local part may hold
``\\``-escaped punctuation (``ex:a\\#b``). Used by the endpoint's guard
(:mod:`luocdo.api.guard`) and by the SPARQL-server store to bind parameters
(:mod:`luocdo.remote`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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
        super().__init__(f"unexpected {char!r} at {where(query, pos)}: not the start of a "
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


def where(query: str, pos: int) -> str:
    line = len(re.findall(r"\r\n|\r|\n", query[:pos])) + 1
    col = pos - max(query.rfind("\n", 0, pos), query.rfind("\r", 0, pos))
    return f"line {line}, column {col}"


_ENDS_PROJECTION = {"WHERE", "FROM"}
_ENDS_ORDERING = {"LIMIT", "OFFSET", "HAVING", "VALUES", "ORDER", "GROUP", "SELECT"}


def substitute(query: str, values: dict[str, str]) -> str:
    """``query`` with each variable of ``values`` replaced by its term (N-Triples syntax),
    as pyoxigraph's ``substitutions`` bind it before evaluation (RDF-dev SEP-0007).

    A SPARQL server has no such option, and a trailing ``VALUES`` block is not the
    same (it joins after evaluation, so a ``FILTER`` on the variable sees it
    unbound). In the query's projection the variable keeps its name, ``(TERM AS ?v)``
    (a sub-SELECT projects the term under another name); in
    ``GROUP BY``/``ORDER BY`` the term is parenthesized; after ``AS`` and in a
    ``VALUES`` header it is left alone.
    """
    out: list[str] = []
    last = 0
    projection = ordering = False
    depth = 0  # parentheses, within a projection or an ordering
    braces = 0
    subquery = False  # the projection being read is a sub-SELECT's
    previous = ""
    values_header = False
    for tok in tokens(query):
        upper = tok.text.upper() if tok.kind == "word" else ""
        if upper == "SELECT":
            projection, depth, subquery = True, 0, braces > 0
        elif projection and depth == 0 and (upper in _ENDS_PROJECTION or tok.text == "{"):
            projection = False
        if upper == "BY" and previous in ("GROUP", "ORDER"):
            ordering, depth = True, 0
        elif ordering and depth == 0 and (upper in _ENDS_ORDERING or tok.text in "{}"):
            ordering = False
        if upper == "VALUES":
            values_header = True
        elif values_header and tok.text == "{":
            values_header = False
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif tok.text == "{":
            braces += 1
        elif tok.text == "}":
            braces -= 1
        if tok.kind == "var" and tok.text[1:] in values and previous != "AS" \
                and not values_header:
            term = values[tok.text[1:]]
            if projection and depth == 0:
                # the outer query keeps the name; a sub-SELECT may not (the outer projection
                # binds it too), and may not be left with no projection either
                name = f"?luocdo_bound_{tok.text[1:]}" if subquery else tok.text
                text = f"({term} AS {name})"
            elif ordering and depth == 0:
                text = f"({term})"
            else:
                text = term
            out.append(query[last:tok.start])
            out.append(text)
            last = tok.start + len(tok.text)
        previous = upper or tok.text
    out.append(query[last:])
    return "".join(out)
