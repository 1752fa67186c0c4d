"""A store kept on a SPARQL server, spoken to through the SPARQL 1.1 protocols.

:class:`SparqlServer` answers the part of pyoxigraph's ``Store`` API that
:class:`luocdo.store.Store` and its callers use (``query``, ``update``,
``quads_for_pattern``, ``named_graphs``, ``extend``…), by SPARQL queries and
updates sent with SPARQLWrapper. Results come back as SPARQL JSON or
N-Triples and are parsed by pyoxigraph, so callers get the same Python objects
from a server as from the embedded store.

One document is one named graph there too. Each write luocdo makes is a single
SPARQL Update request (the document's graph and the merged default graph
together), which the servers run as one transaction: a reader never sees half
a document.

Endpoints: ``http://host:port`` (Oxigraph server's layout: ``/query``,
``/update``), ``http://host:port/dataset`` (Fuseki's layout: ``/dataset/query``,
``/dataset/update``), ``http://host:port/sparql`` (one endpoint for both, as
Virtuoso has it); other layouts name their endpoints in the environment:
``LUOCDO_SPARQL_QUERY_URL``, ``LUOCDO_SPARQL_UPDATE_URL``. Credentials are read
from ``LUOCDO_SPARQL_USER`` and ``LUOCDO_SPARQL_PASSWORD``, never from the
command line.

Virtuoso (told by the ``Server`` header of its first answer) differs in ways that
the adapter hides (:func:`virtuoso_form`): its default graph is the union of all
graphs, a bag with one copy of a triple per graph and its own system graphs in it,
and cannot be written as such, so the merge is kept in the named graph
:data:`MERGE_GRAPH` and every request names it as the default graph; ``GRAPH ?g``
there also ranges over that graph and the system graphs, so it is filtered; its
SPARQL has no ``LATERAL`` (pyoxigraph's SEP-0006), so a lateral group is joined as
a plain one (the same rows for luocdo's queries: a test runs both forms on the
embedded store); and its functions and aggregates answer some things otherwise
(REPLACE on stored strings, CONTAINS of "", GROUP_CONCAT of unbound values, the
MAX of booleans, the order of IRIs and of aggregated values), which the query is
rewritten for or the answer read back for (:meth:`SparqlServer.query`).
"""

from __future__ import annotations

import os
import re
import urllib.error
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from luocdo.errors import InputError, QueryError, ServerUnavailable, StoreError
from luocdo.sparql_tokens import Token, Unreadable, substitute, tokens

QUERY_ENV = "LUOCDO_SPARQL_QUERY_URL"
UPDATE_ENV = "LUOCDO_SPARQL_UPDATE_URL"
USER_ENV = "LUOCDO_SPARQL_USER"
PASSWORD_ENV = "LUOCDO_SPARQL_PASSWORD"
TIMEOUT = 300  # seconds a request may take before it is reported as failed
# Where the merged default graph is kept on a server whose default graph cannot be written
# (Virtuoso): a named graph that luocdo names as the default graph of each request.
MERGE_GRAPH = "https://w3id.org/luocdo/merge"
# Graphs Virtuoso 7 keeps for itself (its RDF views, the LDP vocabulary, its endpoint's
# service description): not documents, hidden from GRAPH ?g like the merge.
VIRTUOSO_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                   "http://localuriqaserver/sparql")

# scheme://… ; pathlib folds "//" to "/" when a URL went through Path (typer's Path options)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/+(?=[^/])")
# the query form: the first of its keywords after the prologue and comments
_QUERY_FORM = re.compile(
    r"^(?:\s+|\#[^\r\n]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)", re.IGNORECASE)


def looks_like_url(value: str | os.PathLike[str]) -> bool:
    """True for ``scheme://…``: such a value names a server, never a folder."""
    return bool(_SCHEME.match(os.fspath(value)))


def as_url(value: str | os.PathLike[str]) -> str:
    """``value`` with its ``scheme://`` restored (``http:/h:1`` -> ``http://h:1``)."""
    return _SCHEME.sub(lambda m: f"{m.group(1)}://", os.fspath(value), count=1)


@dataclass(frozen=True)
class Endpoints:
    """Where queries and updates of one store are sent."""

    base: str
    query: str
    update: str


def endpoints(url: str, environ: Mapping[str, str] | None = None) -> Endpoints:
    """The query and update endpoints of the store at ``url``.

    Raises :class:`InputError` for a URL that is not http(s) with a host.
    """
    env = os.environ if environ is None else environ
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("a store on a server is named by an http:// or https:// URL with a "
                         "host, such as http://127.0.0.1:7878", source=url)
    base = url.rstrip("/")
    if base.endswith(("/sparql", "/sparql-auth")):  # one endpoint for both (Virtuoso)
        return Endpoints(base, env.get(QUERY_ENV) or base, env.get(UPDATE_ENV) or base)
    for suffix in ("/query", "/update"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return Endpoints(base, env.get(QUERY_ENV) or f"{base}/query",
                     env.get(UPDATE_ENV) or f"{base}/update")


# the keywords that open a group element other than a triple pattern (SPARQL 1.1 grammar,
# GraphPatternNotTriples), and pyoxigraph's LATERAL
_NOT_TRIPLES = {"OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES", "LATERAL"}


def _blocks(toks: Sequence[Token]) -> dict[int, int]:
    """The index of each ``{`` token's matching ``}``."""
    closing: dict[int, int] = {}
    open_: list[int] = []
    for i, tok in enumerate(toks):
        if tok.text == "{":
            open_.append(i)
        elif tok.text == "}" and open_:
            closing[open_.pop()] = i
    return closing


def _arguments(toks: Sequence[Token], opening: int) -> tuple[list[tuple[int, int]], int]:
    """The arguments of the call whose ``(`` is ``toks[opening]``, each as the indices of
    its first token and of the token after it (a ``,``, a ``;`` or the closing ``)``),
    and the index of the closing ``)`` (``len(toks)`` when it is missing)."""
    args: list[tuple[int, int]] = []
    depth, start, k = 0, opening + 1, opening
    while k < len(toks):
        if toks[k].text in ("(", "{"):
            depth += 1
        elif toks[k].text in (")", "}"):
            depth -= 1
        if depth == 0 or (depth == 1 and toks[k].text in (",", ";")):
            if k > start:
                args.append((start, k))
            if depth == 0:
                return args, k
            start = k + 1
        k += 1
    return args, len(toks)


def _calls(toks: Sequence[Token], name: str) -> Iterator[int]:
    """The index of the ``(`` of each call of the function ``name``."""
    for i, tok in enumerate(toks[:-1]):
        if tok.kind == "word" and tok.text.upper() == name and toks[i + 1].text == "(":
            yield i + 1


# functions whose answer Virtuoso 7 gives as UTF-8 bytes, whatever their argument
_NARROW = {"REPLACE", "LCASE", "STR"}


def wide_replace(text: str) -> str:
    """The string of each ``REPLACE(X, …)`` made wide: ``bif:charset_recode(X, 'UTF-8',
    '_WIDE_')`` when ``X`` is a call of REPLACE, LCASE or STR, else ``IF(bif:iswidestring(X),
    X, …)`` of it (a string written in the query is wide already).

    Virtuoso 7 keeps a literal of the data as UTF-8 bytes, and REPLACE, LCASE and STR
    answer such bytes. Its REPLACE matches a pattern with characters beyond ASCII against
    them as nothing ("[àá…]" leaves "Tây" as it is, where a string written in the query
    becomes "Tay"), so that luocdo's folding of Vietnamese names (tasks, search) found
    nothing. As a wide string it matches; charset_recode refuses a string that is wide
    already. The first argument of a REPLACE in luocdo's queries is a simple literal
    (``STR``, ``LCASE(STR …)``, another REPLACE), which this keeps.
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    out: list[str] = []
    last = 0
    for opening in _calls(toks, "REPLACE"):
        args, closing = _arguments(toks, opening)
        if not args or closing >= len(toks) or toks[opening].start < last:
            continue  # cut short, or within a REPLACE rewritten already
        first, after = args[0]
        start, end = toks[first].start, toks[after - 1].start + len(toks[after - 1].text)
        argument = wide_replace(text[start:end])
        if toks[first].kind == "string":
            wide = argument
        elif toks[first].kind == "word" and toks[first].text.upper() in _NARROW \
                and _arguments(toks, first + 1)[1] == after - 1:
            wide = f"bif:charset_recode({argument}, 'UTF-8', '_WIDE_')"
        else:
            wide = (f"IF(bif:iswidestring({argument}), {argument}, "
                    f"bif:charset_recode({argument}, 'UTF-8', '_WIDE_'))")
        out.append(text[last:start])
        out.append(wide)
        out.append(wide_replace(text[end:toks[closing].start + 1]))
        last = toks[closing].start + 1
    out.append(text[last:])
    return "".join(out)


def _strings(text: str) -> str:
    """``text``, an expression, with each part of its ``CONCAT``s as ``STR()``."""
    toks = list(tokens(text))
    edits: list[tuple[int, str]] = []
    for opening in _calls(toks, "CONCAT"):
        for start, after in _arguments(toks, opening)[0]:
            if toks[start].kind == "string" or (
                    toks[start].text.upper() == "STR" and toks[start + 1].text == "("
                    and _arguments(toks, start + 1)[1] == after - 1):
                continue  # a string already
            edits.append((toks[start].start, "STR("))
            edits.append((toks[after - 1].start + len(toks[after - 1].text), ")"))
    out: list[str] = []
    last = 0
    for position, insert in sorted(edits, key=lambda e: e[0]):
        out.append(text[last:position])
        out.append(insert)
        last = position
    out.append(text[last:])
    return "".join(out)


def _group_concat_value(toks: Sequence[Token], text: str,
                        opening: int) -> tuple[str, bool, int, int, int] | None:
    """The value a ``GROUP_CONCAT`` whose ``(`` is ``toks[opening]`` joins, with the parts
    of its CONCATs as ``STR()``; whether it is DISTINCT; where that value starts and
    ends in ``text``; and the index of the closing ``)`` (None for a call cut short)."""
    args, closing = _arguments(toks, opening)
    if not args or closing >= len(toks):
        return None
    first, after = args[0]
    distinct = toks[first].kind == "word" and toks[first].text.upper() == "DISTINCT"
    if distinct:
        first += 1
    if first >= after:
        return None
    start, end = toks[first].start, toks[after - 1].start + len(toks[after - 1].text)
    return _strings(text[start:end]), distinct, start, end, closing


def group_concat_form(text: str) -> str:
    """Each ``GROUP_CONCAT(X …)`` as ``GROUP_CONCAT(STR(X') …)``, where ``X'`` is ``X``
    with each part of its ``CONCAT``s as ``STR()``.

    Virtuoso 7 refuses to join or concatenate a value an inner MIN() gave (SR066,
    "Unsupported case in CONVERT (incomplete RDF box -> VARCHAR)"), and the lexical
    form is what GROUP_CONCAT joins anyway.
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    out: list[str] = []
    last = 0
    for opening in _calls(toks, "GROUP_CONCAT"):
        found = _group_concat_value(toks, text, opening)
        if found is None or toks[opening].start < last:
            continue
        value, _distinct, start, end, _closing = found
        out.append(text[last:start])
        out.append(f"STR({value})")
        last = end
    out.append(text[last:])
    return "".join(out)


def empty_needles(text: str) -> str:
    """``CONTAINS(A, B)``, ``STRSTARTS(A, B)`` and ``STRENDS(A, B)`` true for an empty ``B``.

    Virtuoso 7 answers false where SPARQL says true (17.4.3.2: every string contains
    ""), and luocdo's search binds its unused words as "". An empty string written in
    the query makes the call ``(STRLEN(A) >= 0)`` (an error, as the call's, when ``A``
    is no string); any other ``B`` but a string, ``IF(STRLEN(B) = 0, STRLEN(A) >= 0,
    F(A, B))``.
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    out: list[str] = []
    last = 0
    calls = sorted(opening for name in ("CONTAINS", "STRSTARTS", "STRENDS")
                   for opening in _calls(toks, name))
    for opening in calls:
        args, closing = _arguments(toks, opening)
        if len(args) != 2 or closing >= len(toks) or toks[opening].start < last:
            continue
        (a0, a1), (b0, b1) = args
        needle = toks[b0]
        literal = needle.kind == "string" and b1 == b0 + 1
        if literal and needle.text not in _EMPTY_STRINGS:
            continue
        a = empty_needles(text[toks[a0].start:toks[a1 - 1].start + len(toks[a1 - 1].text)])
        b = empty_needles(text[needle.start:toks[b1 - 1].start + len(toks[b1 - 1].text)])
        call = toks[opening - 1].text
        out.append(text[last:toks[opening - 1].start])
        out.append(f"(STRLEN({a}) >= 0)" if literal
                   else f"IF(STRLEN({b}) = 0, STRLEN({a}) >= 0, {call}({a}, {b}))")
        last = toks[closing].start + 1
    out.append(text[last:])
    return "".join(out)


_EMPTY_STRINGS = {'""', "''", '""""""', "''''''"}
_MODIFIERS = {"GROUP", "HAVING", "ORDER"}
_ENDS_MODIFIERS = {"LIMIT", "OFFSET", "VALUES", *_MODIFIERS}


def _projected_aggregates(toks: Sequence[Token], text: str,
                          select: int) -> tuple[dict[str, str], int]:
    """The ``(EXPRESSION AS ?v)`` of the projection of the SELECT at ``toks[select]``
    (``?v`` -> the expression's text), and the index of the token after the projection."""
    aliases: dict[str, str] = {}
    depth = 0
    k = select + 1
    while k < len(toks) and not (depth == 0 and (
            toks[k].text == "{" or toks[k].text.upper() in ("WHERE", "FROM"))):
        if toks[k].text == "(":
            if depth == 0:
                end = _arguments(toks, k)[1]
                inner = toks[k + 1:end]
                if len(inner) >= 3 and inner[-2].text.upper() == "AS" and inner[-1].kind == "var":
                    aliases[inner[-1].text] = text[inner[0].start:inner[-2].start].strip()
            depth += 1
        elif toks[k].text == ")":
            depth -= 1
        k += 1
    return aliases, k


def ordered_aggregates(text: str) -> str:
    """In the ORDER BY of a SELECT, each ``?v`` that its projection binds as ``(EXPRESSION
    AS ?v)`` written as that expression where it is used within an expression
    (``STRLEN(?label)``).

    SPARQL lets an ORDER BY use what the projection names (SPARQL 1.1, 18.2.5); Virtuoso 7
    refuses it inside an expression (SP031, "?label is used in the result set outside
    aggregate and not mentioned in GROUP BY clause"). A name ordered by itself is kept.
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    closing = _blocks(toks)
    replace: dict[int, str] = {}  # index of a variable token -> the expression it names
    for select, tok in enumerate(toks):
        if tok.kind != "word" or tok.text.upper() != "SELECT":
            continue
        aliases, k = _projected_aggregates(toks, text, select)
        block = next((j for j in range(k, len(toks)) if toks[j].text == "{"), None)
        if not aliases or block is None or block not in closing:
            continue
        j = closing[block] + 1
        while j + 1 < len(toks) and toks[j].kind == "word" and toks[j].text.upper() in _MODIFIERS:
            ordering = toks[j].text.upper() == "ORDER"
            j += 1 if toks[j].text.upper() == "HAVING" else 2  # GROUP BY, ORDER BY
            depth = 0
            while j < len(toks) and not (depth == 0 and (
                    toks[j].text in ("{", "}") or toks[j].text.upper() in _ENDS_MODIFIERS)):
                if toks[j].text == "(":
                    depth += 1
                elif toks[j].text == ")":
                    depth -= 1
                elif ordering and depth > 0 and toks[j].kind == "var" and toks[j].text in aliases:
                    replace[j] = aliases[toks[j].text]
                j += 1
    out: list[str] = []
    last = 0
    for index in sorted(replace):
        out.append(text[last:toks[index].start])
        out.append(f"({replace[index]})")
        last = toks[index].start + len(toks[index].text)
    out.append(text[last:])
    return "".join(out)


# the counts a query projects beside a GROUP_CONCAT (see counted_group_concats)
ROWS_VARIABLE = "luocdo_rows"
COUNT_PREFIX = "luocdo_count_"


def counted_group_concats(text: str) -> tuple[str, dict[str, list[str]]]:
    """``text`` with ``(COUNT(*) AS ?luocdo_rows) (COUNT(?x) AS ?luocdo_count_v_0) …``
    projected after each ``(GROUP_CONCAT(X …) AS ?v)`` of its outer SELECT, one count
    for each variable ``?x`` of ``X``; and the names of the counts of each ``v`` (see
    :func:`unbind_partial_group_concats`).

    pyoxigraph leaves a GROUP_CONCAT unbound when its value is unbound in a row of the
    group (a task with no coordinator has no coordinators, not ""), where Virtuoso 7
    skips such rows; and a CONCAT of an unbound variable is unbound there, where
    Virtuoso joins the others. Virtuoso cannot say so in the query: an aggregate within an
    expression of the projection (``IF(COUNT(*) = COUNT(?x), …)``) stops its
    compiler in luocdo's queries (SQ156 "Bad dfe in sqlo_place_exp"), so the counts
    come back beside the answer. A ``SELECT DISTINCT`` is left alone (the counts
    would tell rows apart).
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text, {}
    select = next((i for i, tok in enumerate(toks)
                   if tok.kind == "word" and tok.text.upper() == "SELECT"), None)
    if select is None or select + 1 >= len(toks) \
            or toks[select + 1].text.upper() in ("DISTINCT", "REDUCED"):
        return text, {}
    counts: dict[str, list[str]] = {}
    inserts: list[tuple[int, str]] = []
    depth = 0
    for i in range(select + 1, len(toks)):
        tok = toks[i]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif depth == 0 and (tok.text == "{" or tok.text.upper() in ("WHERE", "FROM")):
            break
        if not (depth == 1 and tok.text == "(" and i + 2 < len(toks)
                and toks[i + 1].text.upper() == "GROUP_CONCAT" and toks[i + 2].text == "("):
            continue
        found = _group_concat_value(toks, text, i + 2)
        if found is None:
            continue
        _value, _distinct, start, end, closing = found
        variables = list(dict.fromkeys(
            tok.text for tok in toks[i + 3:closing] if tok.kind == "var"
            and start <= tok.start < end))
        # ( GROUP_CONCAT(…) AS ?v )
        if variables and closing + 3 < len(toks) and toks[closing + 1].text.upper() == "AS" \
                and toks[closing + 2].kind == "var" and toks[closing + 3].text == ")":
            name = toks[closing + 2].text[1:]
            counts[name] = [f"{COUNT_PREFIX}{name}_{k}" for k in range(len(variables))]
            rows = f" (COUNT(*) AS ?{ROWS_VARIABLE})" if len(counts) == 1 else ""
            inserts.append((toks[closing + 3].start + 1, rows + "".join(
                f" (COUNT({variable}) AS ?{count})"
                for variable, count in zip(variables, counts[name], strict=True))))
    out: list[str] = []
    last = 0
    for position, insert in inserts:
        out.append(text[last:position])
        out.append(insert)
        last = position
    out.append(text[last:])
    return "".join(out), counts


def unbind_partial_group_concats(body: bytes, counts: Mapping[str, Sequence[str]]) -> bytes:
    """SPARQL JSON results of a query rewritten by :func:`counted_group_concats`, with
    each GROUP_CONCAT unbound in a row where one of its variables was bound in fewer
    rows of the group than there were, and the counts taken out."""
    import json

    if not counts:
        return body
    data = json.loads(body)
    added = {ROWS_VARIABLE, *(c for names in counts.values() for c in names)}
    data["head"]["vars"] = [v for v in data["head"].get("vars", []) if v not in added]
    for row in data["results"]["bindings"]:
        rows = row.get(ROWS_VARIABLE, {}).get("value")
        for name, names in counts.items():
            if any(row.get(c, {}).get("value") != rows for c in names):
                row.pop(name, None)
        for variable in added:
            row.pop(variable, None)
    return json.dumps(data).encode()


def virtuoso_form(text: str, hidden: Sequence[str] = (MERGE_GRAPH, *VIRTUOSO_GRAPHS)) -> str:
    """``text`` as Virtuoso 7 runs it with the meaning it has on pyoxigraph.

    - ``LATERAL { P }`` becomes ``P`` joined in its group (``{ P }`` for a sub-SELECT):
      Virtuoso has no LATERAL, and luocdo's queries use it only to make pyoxigraph
      evaluate row by row, which Virtuoso's planner does on its own;
    - ``GRAPH ?g { P }`` in a pattern becomes ``{ GRAPH ?g { P } FILTER(?g NOT IN (…)) }``
      so that the merge and Virtuoso's system graphs are no document's graph (an
      INSERT or DELETE template is left alone);
    - ``GRAPH <g> { P }`` in a pattern becomes ``{ GRAPH ?luocdo_graph1 { P }
      FILTER(?luocdo_graph1 = <g>) }``: once a request names its default graph,
      Virtuoso 7 matches nothing in ``GRAPH <g>`` (and answers ASK on it true);
    - ``GROUP_CONCAT`` joins ``STR()`` of its values (:func:`group_concat_form`);
    - ``{ FILTER(C) }`` within a lateral group becomes ``FILTER(C)``: a condition on the
      row the group is evaluated for (``?kind`` bound outside it), which a plain group
      would evaluate with nothing bound; a FILTER of the group around it sees the row
      (``OPTIONAL { { FILTER(?kind = "task") } LATERAL { … } }``: the OPTIONAL's
      condition);
    - ``DROP GRAPH`` becomes ``CLEAR GRAPH``: Virtuoso drops only graphs created by
      ``CREATE GRAPH`` and refuses the others.

    - the string ``REPLACE`` works on is made wide (:func:`wide_replace`);
    - ``CONTAINS`` and its kin find the empty string (:func:`empty_needles`);
    - an ORDER BY expression names what a projected name stands for
      (:func:`ordered_aggregates`).

    A text that is not SPARQL is returned as it is, for the server to report.
    """
    text = ordered_aggregates(group_concat_form(empty_needles(wide_replace(text))))
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    closing = _blocks(toks)
    hidden_list = ", ".join(f"<{g}>" for g in hidden)
    # (character position, order at that position, text to insert or None to delete a token)
    edits: list[tuple[int, int, int, str]] = []
    template_end = -1  # index of the last token of the INSERT/DELETE template being read
    named = 0  # GRAPH <g> patterns rewritten
    laterals = [(i + 1, closing[i + 1]) for i, tok in enumerate(toks[:-1])
                if tok.kind == "word" and tok.text.upper() == "LATERAL"
                and toks[i + 1].text == "{" and i + 1 in closing]
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.text == "{" and i in closing and nxt is not None and nxt.text.upper() == "FILTER" \
                and i + 2 < len(toks) and toks[i + 2].text == "(" \
                and _arguments(toks, i + 2)[1] + 1 == closing[i] \
                and any(start < i < end for start, end in laterals):
            # a condition on the row, within a lateral group: "{ FILTER(?kind = "task") }"
            # sees ?kind bound there, and nothing once the group is joined as a plain one
            edits.append((tok.start, 1, 1, ""))
            edits.append((toks[closing[i]].start, 1, 1, ""))
        elif word in ("INSERT", "DELETE") and nxt is not None:
            # DELETE WHERE and INSERT/DELETE DATA: their block is a template too
            start = i + 2 if nxt.text.upper() in ("WHERE", "DATA") else i + 1
            if start < len(toks) and toks[start].text == "{":
                template_end = max(template_end, closing.get(start, len(toks)))
        elif word == "LATERAL" and nxt is not None and nxt.text == "{" and i + 1 in closing:
            end = closing[i + 1]
            after = toks[i + 2] if i + 2 < end else None
            if after is not None and after.text.upper() == "SELECT":
                edits.append((tok.start, 1, len(tok.text), ""))  # { SELECT … }: a group
                continue
            # the group's elements joined in the enclosing group; a triple pattern there
            # is separated by "." from a triple pattern before or after it
            opens_triples = after is not None and after.text != "{" and (
                after.kind != "word" or after.text.upper() not in _NOT_TRIPLES)
            before = toks[i - 1].text if i > 0 else "{"
            edits.append((tok.start, 1, len(tok.text),
                          "." if opens_triples and before not in ("{", ".", "}") else ""))
            edits.append((nxt.start, 1, 1, ""))
            final = toks[end - 1].text if end - 1 > i + 1 else "}"
            following = toks[end + 1].text if end + 1 < len(toks) else "}"
            ends_open = final not in ("}", ".") and following not in ("}", ".")
            edits.append((toks[end].start, 1, 1, "." if ends_open else ""))
        elif word == "GRAPH" and i > template_end and nxt is not None \
                and nxt.kind in ("var", "iri", "pname") and i + 2 < len(toks) \
                and toks[i + 2].text == "{" and i + 2 in closing:
            end = toks[closing[i + 2]].start + 1
            edits.append((tok.start, 1, 0, "{ "))
            if nxt.kind == "var":
                edits.append((end, 0, 0, f" FILTER({nxt.text} NOT IN ({hidden_list})) }}"))
            else:  # GRAPH <g> { } sees nothing once a default graph is named: ask by variable
                named += 1
                variable = f"?luocdo_graph{named}"
                edits.append((nxt.start, 1, len(nxt.text), variable))
                edits.append((end, 0, 0, f" FILTER({variable} = {nxt.text}) }}"))
        elif word == "DROP":
            rest = [t.text.upper() for t in toks[i + 1:i + 3]]
            if rest[:1] == ["GRAPH"] or rest == ["SILENT", "GRAPH"]:
                edits.append((tok.start, 1, len(tok.text), "CLEAR"))
    out: list[str] = []
    last = 0
    for position, _order, length, insert in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[last:position])
        out.append(insert)
        last = position + length
    out.append(text[last:])
    return "".join(out)


# The head of an INSERT DATA or DELETE DATA block as luocdo's updates print it: the
# N-Triples lines follow, one triple a line, until a line that opens with "}".
_DATA_HEAD = re.compile(r"^\s*((?:INSERT|DELETE)\s+DATA)\s*\{\s*(GRAPH\s*<[^>]*>\s*\{)?\s*$",
                        re.IGNORECASE)
VIRTUOSO_DATA_CHUNK = 50  # triples per INSERT/DELETE DATA operation (see split_data)


def split_data(text: str, size: int = VIRTUOSO_DATA_CHUNK) -> str:
    """Each INSERT DATA and DELETE DATA block of ``text`` as operations of at most
    ``size`` triples, in the same request.

    Virtuoso 7 compiles a data block into SQL, in time that grows faster than the
    block (6,000 triples: refused, "generated SQL text has exceeded 10000 lines";
    measured 1 ms a triple by 10s, 2.4 ms by 1,000).
    """
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _DATA_HEAD.match(lines[i])
        if head is None:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].lstrip().startswith("}"):
            j += 1
        triples = [line for line in lines[i + 1:j] if line.strip()]
        closing = lines[j] if j < len(lines) else ""
        braces = 2 if head.group(2) else 1
        tail = closing.replace("}", "", braces).strip()  # what follows the block: ";" or ""
        tail = f" {tail}" if tail else ""
        graph = head.group(2) or ""
        ops = [f"{head.group(1)} {{ {graph}\n" + "\n".join(triples[k:k + size]) + "\n"
               + ("} }" if graph else "}") for k in range(0, len(triples), size)]
        out.append(" ;\n".join(ops) + tail if ops else "")
        i = j + 1
    return "\n".join(out)


def ask_as_select(text: str) -> str:
    """``ASK { P }`` as ``SELECT * WHERE { P } LIMIT 1`` (any row: true).

    Virtuoso 7 answers ``ASK { GRAPH <g> { ?s ?p ?o } }`` true for a graph it does not
    hold once a default graph is named (``input:default-graph-uri``); its SELECT is right.
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    closing = _blocks(toks)
    for i, tok in enumerate(toks):
        if tok.kind == "word" and tok.text.upper() == "ASK":
            after = toks[i + 1] if i + 1 < len(toks) else None
            where = "" if after is not None and after.text.upper() == "WHERE" else " WHERE"
            brace = next((k for k in range(i + 1, len(toks)) if toks[k].text == "{"), None)
            if brace is None or brace not in closing:
                return text
            end = toks[closing[brace]].start + 1
            return (text[:tok.start] + "SELECT *" + where + text[tok.start + 3:end]
                    + " LIMIT 1" + text[end:])
    return text


def values_inside(text: str) -> str:
    """A query's trailing ``VALUES`` block moved to the start of its WHERE group.

    Virtuoso 7 answers a trailing VALUES of two or more rows with no row at all
    (one row works); inside the group it is right. The same rows wherever the
    VALUES variables are projected, as they are in luocdo's queries.
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return text
    closing = _blocks(toks)
    depth = 0
    first = None  # the WHERE group's "{"
    for i, tok in enumerate(toks):
        if tok.text == "{":
            if depth == 0 and first is None:
                first = i
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and first is not None and tok.kind == "word" \
                and tok.text.upper() == "VALUES" and i > closing.get(first, len(toks)):
            block = next((k for k in range(i + 1, len(toks)) if toks[k].text == "{"), None)
            if block is None or block not in closing:
                return text
            end = toks[closing[block]].start + 1
            opening = toks[first].start + 1
            return (text[:opening] + " " + text[tok.start:end] + "\n" + text[opening:tok.start]
                    + text[end:])
    return text


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {f"{_XSD}{t}" for t in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def order_keys(text: str) -> list[tuple[str, bool]] | None:
    """The ORDER BY of a query's outer SELECT as (variable, descending) pairs, when it
    orders by variables only and takes every row (no LIMIT or OFFSET); else None."""
    try:
        toks = list(tokens(text))
    except Unreadable:
        return None
    depth = 0
    start = None
    for i, tok in enumerate(toks):
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.text.upper() == "ORDER" \
                and i + 1 < len(toks) and toks[i + 1].text.upper() == "BY":
            start = i + 2
    if start is None:
        return None
    keys: list[tuple[str, bool]] = []
    i = start
    while i < len(toks):
        tok = toks[i]
        word = tok.text.upper() if tok.kind == "word" else ""
        if tok.kind == "var":
            keys.append((tok.text[1:], False))
            i += 1
        elif word in ("ASC", "DESC") and i + 3 < len(toks) and toks[i + 1].text == "(" \
                and toks[i + 2].kind == "var" and toks[i + 3].text == ")":
            keys.append((toks[i + 2].text[1:], word == "DESC"))
            i += 4
        elif word == "VALUES":
            break
        else:
            return None  # an expression, LIMIT or OFFSET: the server's order stands
    return keys or None


def _order_key(term: Mapping[str, str] | None) -> tuple[Any, ...]:
    """A SPARQL JSON term's place in ORDER BY as pyoxigraph has it (SPARQL 1.1, 15.1):
    unbound, blank nodes, IRIs, then literals; numbers by value, strings by code point."""
    if term is None:
        return (0,)
    kind, value = term.get("type"), term.get("value", "")
    if kind == "bnode":
        return (1, value)
    if kind == "uri":
        return (2, value)
    datatype = term.get("datatype", "")
    if datatype in _NUMERIC:
        try:
            return (3, 0, float(value), value)
        except ValueError:
            return (3, 9, datatype, value)
    if datatype in ("", f"{_XSD}string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
        return (3, 1, value, term.get("xml:lang", ""))
    return (3, 2, datatype, value)


def sorted_results(body: bytes, keys: Sequence[tuple[str, bool]]) -> bytes:
    """SPARQL JSON results sorted by ``keys`` as pyoxigraph sorts them, ties in the order
    the server gave.

    Virtuoso 7 orders some values otherwise: IRIs, and literals that an aggregate gave
    (tasks ordered by their number put "2" before "1").
    """
    import json

    data = json.loads(body)
    variables = set(data["head"].get("vars", []))
    if any(name not in variables for name, _descending in keys):
        return body
    rows = data["results"]["bindings"]
    for name, descending in reversed(keys):
        rows.sort(key=lambda row, n=name: _order_key(row.get(n)), reverse=descending)
    return json.dumps(data).encode()


def boolean_aggregates(text: str) -> set[str]:
    """The names ``?v`` a query projects as ``(MAX(?b) AS ?v)`` or ``(MIN(?b) AS ?v)``
    where ``?b`` is bound by ``BIND(EXISTS …)``, ``BIND(NOT EXISTS …)`` or ``BIND(BOUND(…))``.

    Virtuoso 7 answers the MAX or MIN of booleans as an xsd:integer, 0 or 1
    (:func:`boolean_values` reads them back as booleans).
    """
    try:
        toks = list(tokens(text))
    except Unreadable:
        return set()
    booleans: set[str] = set()
    for i, tok in enumerate(toks[:-2]):
        if tok.kind == "word" and tok.text.upper() == "BIND" and toks[i + 1].text == "(":
            closing = _arguments(toks, i + 1)[1]
            first = toks[i + 2]
            if first.kind == "word" and first.text.upper() in ("EXISTS", "NOT", "BOUND") \
                    and closing < len(toks) and toks[closing - 1].kind == "var" \
                    and toks[closing - 2].text.upper() == "AS":
                booleans.add(toks[closing - 1].text)
    found: set[str] = set()
    for i, tok in enumerate(toks[:-6]):
        if tok.kind == "word" and tok.text.upper() in ("MAX", "MIN") \
                and toks[i + 1].text == "(" and toks[i + 2].text in booleans \
                and toks[i + 3].text == ")" and toks[i + 4].text.upper() == "AS" \
                and toks[i + 5].kind == "var":
            found.add(toks[i + 5].text[1:])
    return found


def boolean_values(body: bytes, names: set[str]) -> bytes:
    """SPARQL JSON results with the xsd:integer 0 or 1 of each of ``names`` as the
    xsd:boolean false or true (see :func:`boolean_aggregates`)."""
    import json

    if not names:
        return body
    data = json.loads(body)
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    for row in data["results"]["bindings"]:
        for name in names:
            term = row.get(name)
            if term and term.get("datatype") == integer and term.get("value") in ("0", "1"):
                row[name] = {"type": "literal", "datatype": f"{_XSD}boolean",
                             "value": "true" if term["value"] == "1" else "false"}
    return json.dumps(data).encode()


def virtuoso_prologue() -> str:
    """The pragma that makes :data:`MERGE_GRAPH` the default graph of a Virtuoso request."""
    return f"define input:default-graph-uri <{MERGE_GRAPH}>\n"


# an INSERT DATA or DELETE DATA operation that holds no triple, and the ';' after it
_EMPTY_DATA = re.compile(
    r"(?:INSERT|DELETE)\s+DATA\s*\{\s*(?:GRAPH\s*<[^>]*>\s*\{\s*\}\s*)?\}\s*;?", re.IGNORECASE)


def _boolean(body: bytes, url: str) -> bool:
    """An ASK answer in SPARQL JSON; Virtuoso answers one binding, ``__ASK_RETVAL``."""
    import json

    try:
        data = json.loads(body)
        if "boolean" in data:
            return bool(data["boolean"])
        rows = data["results"]["bindings"]  # no row: false
        return bool(rows) and bool(int(next(iter(rows[0].values()))["value"]))
    except (ValueError, KeyError, IndexError, StopIteration, TypeError) as exc:
        raise StoreError(f"{url}: the server's answer to an ASK query is not a boolean "
                         f"({exc})") from exc


def _any_row(body: bytes, url: str) -> bool:
    """An ASK asked as a SELECT (:func:`ask_as_select`): true when a row came back."""
    try:
        rows = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return isinstance(rows, ox.QuerySolutions) and next(iter(rows), None) is not None
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{url}: the server's answer is not SPARQL JSON results "
                         f"({exc})") from exc


# Virtuoso 7 prints an xsd:boolean as 1 or 0, in SPARQL JSON and in N-Triples
_BOOLEAN_JSON = re.compile(
    rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#boolean"\s*,\s*"value"\s*:\s*")'
    rb'([01])"')
_BOOLEAN_NT = re.compile(rb'"([01])"(\^\^<http://www\.w3\.org/2001/XMLSchema#boolean>)')


def canonical_booleans(body: bytes) -> bytes:
    """Virtuoso's ``"1"^^xsd:boolean`` as ``"true"`` (its canonical form, pyoxigraph's)."""
    word = {b"1": b"true", b"0": b"false"}
    body = _BOOLEAN_JSON.sub(lambda m: m.group(1) + word[m.group(2)] + b'"', body)
    return _BOOLEAN_NT.sub(lambda m: b'"' + word[m.group(1)] + b'"' + m.group(2), body)


def _graph_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [g.value for g in items if isinstance(g, ox.NamedNode)]


def _term(term: Any) -> str:
    return str(term)  # pyoxigraph prints terms in N-Triples syntax


def _graph_pattern(subject: Any, predicate: Any, object_: Any) -> tuple[str, list[str]]:
    names = []
    parts = []
    for name, value in (("s", subject), ("p", predicate), ("o", object_)):
        if value is None:
            names.append(name)
            parts.append(f"?{name}")
        else:
            parts.append(_term(value))
    return " ".join(parts), names


class SparqlServer:
    """The subset of ``pyoxigraph.Store`` luocdo uses, answered by a SPARQL server."""

    def __init__(self, url: str, environ: Mapping[str, str] | None = None):
        env = os.environ if environ is None else environ
        self.url = url
        self.endpoints = endpoints(url, env)
        self._user = env.get(USER_ENV)
        self._password = env.get(PASSWORD_ENV)
        self._software: str | None = None  # the Server header of the first answer

    @property
    def virtuoso(self) -> bool:
        """True when the server is Virtuoso (asked once, by the Server header of an ASK)."""
        if self._software is None:
            client = self._client(self.endpoints.query)
            client.setQuery("ASK {}")
            client.addCustomHttpHeader("Accept", "application/sparql-results+json")
            self._send(client, "query")
        return (self._software or "").startswith("Virtuoso")

    def _dialect(self, text: str) -> str:
        """``text`` as this server runs it with pyoxigraph's meaning (see the module's notes)."""
        if not self.virtuoso:
            return text
        return virtuoso_prologue() + virtuoso_form(text)

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add N-Triples to a graph by Virtuoso's Graph Store endpoint (one transaction)."""
        import urllib.parse
        import urllib.request

        crud = self.endpoints.update.rsplit("/", 1)[0]
        crud += "/sparql-graph-crud-auth" if self._user else "/sparql-graph-crud"
        target = f"{crud}?{urllib.parse.urlencode({'graph-uri': graph})}"
        request = urllib.request.Request(target, data=ntriples, method="POST",
                                         headers={"Content-Type": "application/n-triples"})
        opener = urllib.request.build_opener()
        if self._user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, crud, self._user, self._password or "")
            opener = urllib.request.build_opener(
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords))
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().replace("\n", " ")[:600]
            raise ServerUnavailable(f"{self.url}: adding to graph <{graph}> failed with HTTP "
                                    f"{exc.code} {exc.reason}: {detail}") from exc
        except OSError as exc:
            raise ServerUnavailable(f"{self.url}: cannot reach the Graph Store endpoint "
                                    f"{crud} ({getattr(exc, 'reason', exc)})") from exc

    # -- the protocol --------------------------------------------------------

    def _client(self, endpoint: str) -> Any:
        from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

        client = SPARQLWrapper(endpoint, updateEndpoint=self.endpoints.update)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setTimeout(TIMEOUT)
        client.setOnlyConneg(True)  # the Accept header alone: no format= that servers misread
        if self._user:
            from SPARQLWrapper import BASIC, DIGEST

            # Virtuoso's /sparql-auth asks for HTTP digest
            client.setHTTPAuth(DIGEST if endpoint.endswith("-auth") else BASIC)
            client.setCredentials(self._user, self._password or "")
        return client

    def _send(self, client: Any, what: str) -> bytes:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            response = client.query().response
            if self._software is None:
                self._software = response.headers.get("Server") or ""
            body: bytes = response.read()
            return body
        except SPARQLWrapperException as exc:  # 400, 401, 404, 500 as SPARQLWrapper names them
            message = str(exc).replace("\n", " ")[:600]
            if "QueryBadFormed" in type(exc).__name__:
                raise QueryError(f"{self.url}: the server refused the {what}: {message}") from exc
            raise ServerUnavailable(f"{self.url}: the {what} failed: {message}") from exc
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().replace("\n", " ")[:600]
            raise ServerUnavailable(f"{self.url}: the {what} failed with HTTP {exc.code} "
                                    f"{exc.reason}: {detail}") from exc
        except OSError as exc:  # URLError, timeouts and refused connections are OSErrors
            reason = getattr(exc, "reason", exc)
            raise ServerUnavailable(f"{self.url}: cannot reach the SPARQL server for the "
                                    f"{what} ({reason}); is it running?") from exc

    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None,
              substitutions: Mapping[ox.Variable, Any] | None = None,
              use_default_graph_as_union: bool = False, base_iri: str | None = None,
              default_graph: Any = None, named_graphs: Any = None) -> Any:
        """Run a query; the answer is pyoxigraph's (solutions, boolean or triples)."""
        text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            text = f"BASE <{base_iri}>\n" + text
        text += sparql
        if substitutions:
            # SEP-0007 substitution is pyoxigraph's own: the terms are written in instead
            text = substitute(text, {v.value: _term(t) for v, t in substitutions.items()})
        if use_default_graph_as_union:
            raise StoreError(f"{self.url}: the store holds no merged default graph; ingest "
                             "into it with luocdo, which keeps one")
        form = _QUERY_FORM.match(text)
        kind = form.group(1).upper() if form else "SELECT"
        counted: dict[str, list[str]] = {}
        keys = None
        booleans: set[str] = set()
        if self.virtuoso and kind == "SELECT":
            keys = order_keys(text)  # before ordered_aggregates writes DESC(?v) out
            booleans = boolean_aggregates(text)
            text, counted = counted_group_concats(text)
        text = self._dialect(text)
        if self.virtuoso:
            text = values_inside(ask_as_select(text) if kind == "ASK" else text)
        client = self._client(self.endpoints.query)
        client.setQuery(text)
        # a dataset named by the caller (the protocol's default-graph-uri, named-graph-uri)
        for graph in _graph_list(default_graph):
            client.addDefaultGraph(graph)
        for graph in _graph_list(named_graphs):
            client.addNamedGraph(graph)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            client.addCustomHttpHeader("Accept", "application/n-triples")
            body = self._send(client, "query")
            if self.virtuoso:
                body = canonical_booleans(body)
            return iter(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        client.addCustomHttpHeader("Accept", "application/sparql-results+json")
        body = self._send(client, "query")
        if self.virtuoso:
            body = canonical_booleans(body)
        if kind == "ASK":
            return _boolean(body, self.url) if not self.virtuoso else _any_row(body, self.url)
        try:
            body = boolean_values(unbind_partial_group_concats(body, counted), booleans)
            if keys:
                body = sorted_results(body, keys)
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"{self.url}: the server's answer is not SPARQL JSON results "
                             f"({exc})") from exc

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update (one request: one transaction on the server)."""
        from SPARQLWrapper import INSERT

        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        text = _EMPTY_DATA.sub("", text)  # Virtuoso refuses DELETE/INSERT DATA with no triple
        if not text.strip():
            return
        text = self._dialect(text)
        if self.virtuoso:
            text = split_data(text)
        client = self._client(self.endpoints.update)
        client.setQuery(text)
        client.queryType = INSERT  # an update whatever its first keyword (WITH, DROP…)
        self._send(client, "update")

    # -- pyoxigraph's store API ----------------------------------------------

    def quads_for_pattern(self, subject: Any, predicate: Any, object_: Any,
                          graph_name: Any = None) -> Iterator[ox.Quad]:
        pattern, names = _graph_pattern(subject, predicate, object_)
        variables = [f"?{n}" for n in names] + (["?g"] if graph_name is None else [])
        projection = " ".join(variables) or "(1 AS ?found)"  # a fully given quad
        if isinstance(graph_name, ox.DefaultGraph):
            text = f"SELECT {projection} WHERE {{ {pattern} }}"
        elif graph_name is not None:
            text = f"SELECT {projection} WHERE {{ GRAPH {_term(graph_name)} {{ {pattern} }} }}"
        else:
            text = (f"SELECT {projection} WHERE {{ {{ {pattern} }} UNION "
                    f"{{ GRAPH ?g {{ {pattern} }} }} }}")
        fixed = {"s": subject, "p": predicate, "o": object_}
        for row in self.query(text):
            values = {n: row[n] if n in names else fixed[n] for n in ("s", "p", "o")}
            if graph_name is None:
                g = row["g"] if row["g"] is not None else ox.DefaultGraph()
            else:
                g = graph_name
            yield ox.Quad(values["s"], values["p"], values["o"], g)

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                          "{ GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(rows))["n"].value)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(row["g"], ox.NamedNode):
                yield row["g"]

    def contains_named_graph(self, graph_name: Any) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {_term(graph_name)} {{ ?s ?p ?o }} }}"))

    def held_elsewhere(self, triples: Sequence[ox.Triple], leaving: ox.NamedNode,
                       chunk: int = 500) -> set[ox.Triple]:
        """The ``triples`` that a named graph other than ``leaving`` also holds."""
        found: set[ox.Triple] = set()
        for i in range(0, len(triples), chunk):
            rows = " ".join(f"({_term(t.subject)} {_term(t.predicate)} {_term(t.object)})"
                            for t in triples[i:i + chunk])
            text = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
                    f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {_term(leaving)}) }}")
            for row in self.query(text):
                found.add(ox.Triple(row["s"], row["p"], row["o"]))
        return found

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one request (one transaction).

        On Virtuoso, one request per graph to its Graph Store endpoint, the merged
        default graph first (10 times faster than INSERT DATA there, see
        :func:`split_data`): a failure between them leaves triples in the merge
        that no document's graph holds, and the document absent, so that
        ingesting it again writes it whole.
        """
        if self.virtuoso:
            # in the form pyoxigraph stores (luocdo.store.stored_form): Virtuoso keeps
            # "5"^^xsd:nonNegativeInteger as given, so a graph read back would never
            # equal the same graph about to be written again
            scratch = ox.Store()
            scratch.extend(quads)
            graphs: dict[str, list[ox.Triple]] = {}
            for quad in scratch:
                key = (MERGE_GRAPH if isinstance(quad.graph_name, ox.DefaultGraph)
                       else quad.graph_name.value)
                graphs.setdefault(key, []).append(quad.triple)
            for graph in sorted(graphs, key=lambda g: g != MERGE_GRAPH):
                self.post_graph(graph, ox.serialize(graphs[graph],
                                                           format=ox.RdfFormat.N_TRIPLES) or b"")
            return
        by_graph: dict[str, list[str]] = {}
        for quad in quads:
            key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else _term(quad.graph_name)
            by_graph.setdefault(key, []).append(
                f"{_term(quad.subject)} {_term(quad.predicate)} {_term(quad.object)} .")
        if not by_graph:
            return
        blocks = [("\n".join(lines) if not g else f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}")
                  for g, lines in by_graph.items()]
        self.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def bulk_extend(self, quads: Sequence[ox.Quad] | Iterable[ox.Quad]) -> None:
        self.extend(quads)

    def clear(self) -> None:
        if self.virtuoso:  # DROP ALL there would also drop the server's own graphs
            graphs = [*(g.value for g in self.named_graphs()), MERGE_GRAPH]
            self.update(" ;\n".join(f"CLEAR GRAPH <{g}>" for g in graphs))
            return
        self.update("DROP ALL")

    def flush(self) -> None:
        """Nothing to flush: the server commits each request."""
