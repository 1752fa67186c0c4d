"""Named SPARQL queries: the registry (imported as ``luocdo.queries``).

Each ``queries/<name>.rq`` file is one named question. Its first lines form a
``#+`` metadata header, in the spirit of CLARIAH/grlc::

    #+ summary: Everything that carries out a document, transitively.
    #+ param document: document -- the document: its IRI or number and symbol
    #+ param relations?: relations = implements alignsWith -- relations followed
    #+ returns: one row per hop (from, relation, to) with its evidence span
    #+ view: tree

- ``summary`` (required), ``returns`` (required), ``view`` (required: one of
  :data:`VIEWS`), ``description`` (optional); a line ``#+   more`` continues the
  value above it.
- ``param NAME: TYPE`` declares a required parameter; ``NAME?`` an optional one,
  bound to its ``= default`` or, without one, to the empty string (queries test
  ``?x = ""`` for "not given"); ``-- text`` documents it. Types: :data:`TYPES`.
- ``engine: python MODULE:FUNCTION`` hands execution to a Python function
  (used when a breadth-first expansion beats one query; see ``bench/``).

Files whose name starts with ``_`` are helpers: loaded, but not offered as
operations (a ``_`` file without any ``#+`` line belongs to another module,
e.g. ``luocdo/store.py``, and is skipped). Parameters are bound as RDF terms
through pyoxigraph substitutions (SEP-0007), never formatted into the query text. Because pyoxigraph
substitutes only projected variables, every parameter variable appears in the
``SELECT`` clause; :func:`run` drops those columns from the result.

Two exceptions write into a query's text, never from a caller's text:

- an engine may fill a helper's empty ``VALUES (?a ?b) {}`` block with rows of
  RDF terms (:func:`with_values`): each term is an IRI or literal made by
  pyoxigraph and written as pyoxigraph serializes it (``tasks`` pages this way:
  the page's task, document and role, found by the engine from the indexes);
- a page size is a checked integer parameter (``integer(1..1000)``) that the
  engine applies itself; no ``LIMIT``/``OFFSET`` is formatted into a query.

A paged answer (``tasks`` with ``page_size`` or ``after``) carries ``next``, the
opaque cursor of its last row's sort key (None on the last page), and ``total``,
the number of rows of every page (None when it is not had cheaply: ``tasks`` with
a date bound and an agency given by name, not by IRI).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from luocdo import resources
from luocdo.errors import InputError, NotFoundError, QueryError
from luocdo.terms import RELATION_LOCAL_NAME, RELATION_NAMES

LO = "https://w3id.org/luocdo/ontology#"
LOD = "https://w3id.org/luocdo/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"

VIEWS = ("table", "tree", "graph", "timeline")
TYPES = (
    "string",  # any text, bound as an xsd:string literal
    "folded",  # text compared without diacritics or case, bound folded
    "words",  # words(N): the folded words of a text, bound to ?name1..?nameN
    "document",  # an IRI, or a number and symbol resolved to a document IRI
    "node",  # an IRI (document, task...), or a number and symbol of a document
    "iri",  # an absolute IRI
    "date",  # YYYY-MM-DD, YYYY-MM or YYYY, bound as its string key
    "integer",  # integer(MIN..MAX)
    "relations",  # relation names (implements, alignsWith...), bound as " a b "
    "boolean",
)
# Relation properties a trace may follow, by their local name in the ontology;
# the model's snake_case names are accepted too.
RELATIONS = RELATION_NAMES

MAX_TEXT = 500  # longest string parameter accepted


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a named query."""

    name: str
    type: str
    required: bool
    default: str | None = None
    description: str = ""
    minimum: int | None = None  # integer bounds
    maximum: int | None = None
    slots: int = 0  # words(N)

    @property
    def variables(self) -> tuple[str, ...]:
        """The SPARQL variables this parameter binds."""
        if self.type == "words":
            return tuple(f"{self.name}{i}" for i in range(1, self.slots + 1))
        return (self.name,)


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file with its header."""

    name: str
    path: Path
    summary: str
    returns: str
    view: str
    text: str
    params: tuple[Parameter, ...] = ()
    description: str = ""
    engine: str | None = None  # "module:function" when run by Python

    @property
    def public(self) -> bool:
        """Offered as an API operation (helpers start with ``_``)."""
        return not self.name.startswith("_")

    def param(self, name: str) -> Parameter:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


@dataclass(frozen=True)
class Result:
    """Rows of a named query, values as plain Python (IRIs as strings)."""

    query: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    view: str = "table"
    truncated: bool = False
    params: Mapping[str, Any] = field(default_factory=dict)
    # a page (paged answers only): the cursor of the next page (None on the last one) and
    # the number of rows of all pages (None when it is not had cheaply)
    paged: bool = False
    next: str | None = None
    total: int | None = None


# --------------------------------------------------------------------------- header


_HEADER = re.compile(r"^#\+ ?(?P<body>.*)$")
_KEY = re.compile(r"^(?P<key>[a-z]+)(?: (?P<arg>[a-z_][a-z0-9_]*\??))?:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<type>[a-z]+)(?:\((?P<arg>[^)]*)\))?"
    r"(?:\s*=\s*(?P<default>.*?))?"
    r"(?:\s+(?:--|—)\s+(?P<doc>.*))?$"
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _fail(path: Path, line: int, message: str) -> QueryError:
    return QueryError(f"{path}:{line}: {message}")


def _parse_param(path: Path, line: int, name: str, value: str) -> Parameter:
    required = not name.endswith("?")
    name = name.rstrip("?")
    m = _PARAM.match(value.strip())
    if m is None:
        raise _fail(path, line, f"parameter {name!r}: expected 'TYPE [= default] [-- text]'")
    ptype, arg = m.group("type"), m.group("arg")
    if ptype not in TYPES:
        raise _fail(path, line,
                    f"parameter {name!r}: unknown type {ptype!r}; expected one of {TYPES}")
    default = m.group("default")
    if default is not None and required:
        raise _fail(path, line, f"parameter {name!r} has a default: mark it optional ({name}?)")
    minimum = maximum = None
    slots = 0
    if ptype == "integer":
        r = re.fullmatch(r"(-?\d+)\.\.(-?\d+)", arg or "")
        if r is None:
            raise _fail(path, line, f"parameter {name!r}: expected integer(MIN..MAX)")
        minimum, maximum = int(r.group(1)), int(r.group(2))
    elif ptype == "words":
        if not (arg or "").isdigit() or not 1 <= int(arg or "0") <= 16:
            raise _fail(path, line, f"parameter {name!r}: expected words(N) with 1 <= N <= 16")
        slots = int(arg or "0")
    elif arg is not None:
        raise _fail(path, line, f"parameter {name!r}: type {ptype!r} takes no argument")
    return Parameter(
        name=name,
        type=ptype,
        required=required,
        default=default.strip() if default is not None else None,
        description=(m.group("doc") or "").strip(),
        minimum=minimum,
        maximum=maximum,
        slots=slots,
    )


def parse_header(path: Path, text: str) -> NamedQuery:
    """Read a ``.rq`` file's header; a malformed header fails with path and line."""
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    last: tuple[str, int] | None = None  # key of the value being continued, its index
    param_lines: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        h = _HEADER.match(raw)
        if h is None:
            if raw.strip() and not raw.lstrip().startswith("#"):
                break  # the header ends at the first query line
            continue
        body = h.group("body")
        if body.startswith("  ") and last is not None:
            key, idx = last
            if key == "param":
                p = params[idx]
                more = f"{p.description} {body.strip()}".strip()
                params[idx] = Parameter(**{**p.__dict__, "description": more})
            else:
                fields[key] = f"{fields[key]} {body.strip()}"
            continue
        m = _KEY.match(body.strip())
        if m is None:
            raise _fail(path, lineno, f"expected '#+ key: value', got {body.strip()!r}")
        key, arg, value = m.group("key"), m.group("arg"), m.group("value").strip()
        if key == "param":
            if not arg or not _NAME.match(arg.rstrip("?")):
                raise _fail(path, lineno, "expected '#+ param NAME: TYPE'")
            pname = arg.rstrip("?")
            if pname in param_lines:
                raise _fail(path, lineno, f"parameter {pname!r} declared twice "
                                          f"(line {param_lines[pname]})")
            param_lines[pname] = lineno
            params.append(_parse_param(path, lineno, arg, value))
            last = ("param", len(params) - 1)
            continue
        if arg is not None:
            raise _fail(path, lineno, f"key {key!r} takes no name")
        if key not in ("summary", "description", "returns", "view", "engine"):
            raise _fail(path, lineno, f"unknown key {key!r}; expected summary, description, "
                                      "param, returns, view or engine")
        if key in fields:
            raise _fail(path, lineno, f"key {key!r} given twice")
        if key == "view" and value not in VIEWS:
            raise _fail(path, lineno, f"view {value!r}: expected one of {VIEWS}")
        if key == "engine" and not re.fullmatch(r"python [\w.]+:\w+", value):
            raise _fail(path, lineno, "engine: expected 'python MODULE:FUNCTION'")
        fields[key] = value
        last = (key, 0)
    for key in ("summary", "returns", "view"):
        if key not in fields:
            raise _fail(path, 1, f"header lacks '#+ {key}: ...'")
    engine = fields.get("engine")
    return NamedQuery(
        name=path.stem,
        path=path,
        summary=fields["summary"],
        returns=fields["returns"],
        view=fields["view"],
        description=fields.get("description", ""),
        text=text,
        params=tuple(params),
        engine=engine.split(" ", 1)[1] if engine else None,
    )


_REGISTRY: dict[str, NamedQuery] | None = None


def load(paths: Iterable[Path] | None = None) -> dict[str, NamedQuery]:
    """Parse every ``.rq`` file (default: the ``queries/`` folder), by name."""
    found = list(paths) if paths is not None else resources.files("queries", "*.rq")
    out: dict[str, NamedQuery] = {}
    for p in found:
        text = p.read_text(encoding="utf-8")
        if p.name.startswith("_") and not any(_HEADER.match(line) for line in text.splitlines()):
            continue  # a private query of another module (luocdo/store.py), without a header
        q = parse_header(p, text)
        out[q.name] = q
    return out


def registry() -> dict[str, NamedQuery]:
    """The named queries of the ``queries/`` folder, loaded once."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load()
    return _REGISTRY


def get(name: str) -> NamedQuery:
    """One named query; :class:`NotFoundError` when there is none by that name."""
    reg = registry()
    if name not in reg:
        public = sorted(n for n, q in reg.items() if q.public)
        raise NotFoundError(f"no named query {name!r}; known: {', '.join(public)}")
    return reg[name]


# --------------------------------------------------------------------------- binding


def fold(text: str) -> str:
    """The comparison key of a text: no diacritics (Đ→D), lower case, single spaces."""
    from luocdo.loaders.vietnamese import fold as _fold

    return _fold(text)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD_SPLIT = re.compile(r"[\s,;]+")


def _check_text(p: Parameter, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise QueryError(f"parameter {p.name!r}: longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise QueryError(f"parameter {p.name!r}: contains a NUL character")
    return value


def _date_key(p: Parameter, value: str) -> str:
    m = _DATE.match(value.strip())
    if m is None:
        raise QueryError(f"parameter {p.name!r}: {value!r} is not a date; "
                         "expected YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            _dt.date(int(year), int(month), int(day))
        elif month and not 1 <= int(month) <= 12:
            raise ValueError
    except ValueError as exc:
        raise QueryError(f"parameter {p.name!r}: {value!r} is not a valid date") from exc
    return value.strip()


def _relations(p: Parameter, value: str) -> str:
    names = [n for n in _WORD_SPLIT.split(value.strip()) if n]
    if not names:
        raise QueryError(f"parameter {p.name!r}: expected at least one relation of {RELATIONS}")
    out = []
    for n in names:
        n = RELATION_LOCAL_NAME.get(n, n)
        if n not in RELATIONS:
            raise QueryError(f"parameter {p.name!r}: unknown relation {n!r}; "
                             f"expected one of {RELATIONS}")
        out.append(n)
    return " " + " ".join(out) + " "


def _iri(p: Parameter, value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value.strip())
    except ValueError as exc:
        raise QueryError(f"parameter {p.name!r}: {value!r} is not an IRI ({exc})") from exc


def _looks_like_iri(value: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*:", value.strip()) is not None and "/" in value


def bind(
    query: NamedQuery,
    values: Mapping[str, Any],
    resolve: Callable[[Parameter, str], ox.NamedNode] | None = None,
) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Validate ``values`` against the query's parameters and turn them into RDF terms.

    ``resolve`` maps a symbol given for a ``document``/``node`` parameter to an
    IRI (see :func:`resolver`). Unknown parameters are refused.
    """
    declared = {p.name for p in query.params}
    unknown = sorted(set(values) - declared)
    if unknown:
        raise QueryError(
            f"query {query.name!r}: unknown parameter(s) {', '.join(unknown)}; "
            f"expected {', '.join(sorted(declared)) or 'none'}"
        )
    out: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        raw = values.get(p.name)
        if raw is None or (isinstance(raw, str) and raw.strip() == "" and not p.required):
            if p.required:
                raise QueryError(f"query {query.name!r}: parameter {p.name!r} is required")
            raw = p.default
        if raw is None:  # optional, no default: "not given"
            for var in p.variables:
                out[ox.Variable(var)] = ox.Literal("")
            continue
        if p.type == "boolean":
            if isinstance(raw, bool):
                flag = raw
            elif str(raw).lower() in ("true", "1", "yes"):
                flag = True
            elif str(raw).lower() in ("false", "0", "no"):
                flag = False
            else:
                raise QueryError(f"parameter {p.name!r}: expected true or false, got {raw!r}")
            out[ox.Variable(p.name)] = ox.Literal(flag)
            continue
        if p.type == "integer":
            try:
                number = int(str(raw).strip())
            except ValueError as exc:
                raise QueryError(f"parameter {p.name!r}: {raw!r} is not an integer") from exc
            assert p.minimum is not None and p.maximum is not None
            if not p.minimum <= number <= p.maximum:
                raise QueryError(
                    f"parameter {p.name!r}: {number} is outside {p.minimum}..{p.maximum}")
            out[ox.Variable(p.name)] = ox.Literal(number)
            continue
        value = _check_text(p, str(raw))
        if p.type == "string":
            out[ox.Variable(p.name)] = ox.Literal(value)
        elif p.type == "folded":
            out[ox.Variable(p.name)] = ox.Literal(fold(value))
        elif p.type == "words":
            words = [w for w in _WORD_SPLIT.split(fold(value)) if w]
            if not words:
                raise QueryError(f"parameter {p.name!r}: no words to look for")
            if len(words) > p.slots:
                raise QueryError(f"parameter {p.name!r}: at most {p.slots} words, got {len(words)}")
            words += [""] * (p.slots - len(words))
            for var, w in zip(p.variables, words, strict=True):
                out[ox.Variable(var)] = ox.Literal(w)
        elif p.type == "date":
            out[ox.Variable(p.name)] = ox.Literal(_date_key(p, value))
        elif p.type == "relations":
            out[ox.Variable(p.name)] = ox.Literal(_relations(p, value))
        elif p.type == "iri":
            out[ox.Variable(p.name)] = _iri(p, value)
        elif p.type in ("document", "node"):
            if _looks_like_iri(value):
                out[ox.Variable(p.name)] = _iri(p, value)
            elif value.startswith(("eli/", "agency/", "unit/")):
                out[ox.Variable(p.name)] = _iri(p, LOD + value)
            elif resolve is None:
                raise QueryError(f"parameter {p.name!r}: give an IRI, not {value!r}")
            else:
                out[ox.Variable(p.name)] = resolve(p, value)
        else:  # pragma: no cover - TYPES and this function are kept in step
            raise QueryError(f"parameter {p.name!r}: unsupported type {p.type!r}")
    return out


def bind_one(p: Parameter, value: str, store: Any) -> str:
    """The IRI a ``document``/``node`` value names in ``store`` (a symbol is looked up)."""
    query = NamedQuery(name="_one", path=Path("<parameter>"), summary="", returns="",
                       view="table", text="", params=(p,))
    term = bind(query, {p.name: value}, resolver(store))[ox.Variable(p.name)]
    return str(term.value)


# --------------------------------------------------------------------------- running


def _oxigraph(store: Any) -> Any:
    """The pyoxigraph store behind ``store`` (a pyoxigraph Store or luocdo's wrapper).

    Anything else with pyoxigraph's ``query(text, use_default_graph_as_union=...,
    substitutions=...)`` is used as it is (the benchmark runs the same queries on
    rdflib through such an adapter).
    """
    from luocdo.remote import SparqlServer

    if isinstance(store, ox.Store | SparqlServer):
        return store
    for attr in ("inner", "_inner", "oxigraph"):
        inner = getattr(store, attr, None)
        if isinstance(inner, ox.Store | SparqlServer):
            return inner
    if callable(getattr(store, "query", None)):
        return store
    raise QueryError(f"cannot query {type(store).__name__}: expected a pyoxigraph Store")


def _dataset(target: Any) -> dict[str, Any]:
    """Query options: the merged default graph of a luocdo store, else the union."""
    from luocdo.remote import SparqlServer

    if isinstance(target, ox.Store):
        from luocdo.store import query_dataset

        return query_dataset(target)
    if isinstance(target, SparqlServer):
        return {}  # luocdo keeps the merged default graph on the server too
    return {"use_default_graph_as_union": True}


def symbol_keys(text: str) -> list[str]:
    """Keys under which a document printed as ``text`` may be stored (``lo:symbolKey``).

    The canonical symbol folded (``569/qd-ttg``), with and without leading zeros
    of the number (``08-nq/tu``, ``8-nq/tu``), and the text itself folded.
    """
    from luocdo.identity import symbol_key
    from luocdo.loaders.symbols import canonical

    keys: list[str] = []
    with contextlib.suppress(InputError):
        keys.append(symbol_key(text))
    for form in (canonical(text), text):
        if not form:
            continue
        k = fold(form).replace(" ", "")
        for cand in (k, re.sub(r"^0+(?=\d)", "", k)):
            if cand not in keys:
                keys.append(cand)
    return keys


def resolver(store: Any) -> Callable[[Parameter, str], ox.NamedNode]:
    """A function finding the document a printed symbol names in ``store``.

    Several documents may share a symbol (every province has a ``16/2021/NQ-HĐND``):
    an ingested one wins over ones known only from citations; a tie is an error
    listing the candidates.
    """
    helper = get("_resolve_document")

    def resolve(p: Parameter, value: str) -> ox.NamedNode:
        seen: dict[str, bool] = {}
        for key in symbol_keys(value):
            result = execute(store, helper, {"key": key})
            for row in result.rows:
                seen[row["document"]] = seen.get(row["document"], False) or bool(row["ingested"])
            if seen:
                break
        if not seen:
            raise NotFoundError(
                f"parameter {p.name!r}: no document with number and symbol {value!r}")
        ingested = sorted(d for d, ok in seen.items() if ok)
        pool = ingested or sorted(seen)
        if len(pool) > 1:
            raise QueryError(
                f"parameter {p.name!r}: {value!r} names {len(pool)} documents "
                f"({', '.join(pool)}); give an IRI"
            )
        return ox.NamedNode(pool[0])

    return resolve


def term_value(term: Any) -> Any:
    """A result term as plain Python: IRI → str, typed literal → int/float/bool/str."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt == XSD + "boolean":
            return term.value == "true"
        if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        return term.value
    return str(term)


def execute(
    store: Any,
    query: NamedQuery,
    values: Mapping[str, Any],
    *,
    limit: int | None = None,
) -> Result:
    """Run a named query on ``store`` with ``values``; rows beyond ``limit`` are cut."""
    if query.engine:
        module, func = query.engine.split(":")
        fn = getattr(importlib.import_module(module), func)
        result: Result = fn(store, query, values, limit=limit)
        return result
    oxs = _oxigraph(store)
    resolve = resolver(store) if any(p.type in ("document", "node") for p in query.params) else None
    bindings = bind(query, values, resolve)
    try:
        solutions = oxs.query(query.text, substitutions=bindings, **_dataset(oxs))
    except SyntaxError as exc:  # a broken .rq file is our bug, not the caller's
        raise QueryError(f"{query.path}: {exc}") from exc
    hidden = {v.value for v in bindings}
    if not hasattr(solutions, "variables"):
        raise QueryError(f"{query.path}: a named query must be a SELECT query")
    columns = tuple(v.value for v in solutions.variables if v.value not in hidden)
    rows: list[dict[str, Any]] = []
    truncated = False
    for sol in solutions:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append({c: term_value(sol[c]) for c in columns})
    shown = {k: v for k, v in values.items() if v is not None}
    return Result(query.name, columns, tuple(rows), query.view, truncated, shown)


_EMPTY_VALUES = re.compile(r"VALUES \((?P<vars>\?\w+(?: \?\w+)*)\) \{\}")


def with_values(query: NamedQuery, variables: tuple[str, ...],
                rows: Iterable[tuple[ox.NamedNode | ox.Literal | None, ...]]) -> NamedQuery:
    """``query`` with its empty ``VALUES (?a ?b) {}`` block holding ``rows`` (None: UNDEF).

    Only pyoxigraph terms are written, as pyoxigraph serializes them, so no text of a
    caller reaches the query; the block must name ``variables`` in that order.
    """
    m = _EMPTY_VALUES.search(query.text)
    if m is None or tuple(v[1:] for v in m.group("vars").split()) != variables:
        raise QueryError(f"{query.path}: expected an empty block "
                         f"VALUES ({' '.join('?' + v for v in variables)}) {{}}")
    lines = []
    for row in rows:
        if len(row) != len(variables):
            raise QueryError(f"{query.path}: a VALUES row of {len(row)} terms for "
                             f"{len(variables)} variables")
        terms = []
        for term in row:
            if term is None:
                terms.append("UNDEF")
            elif isinstance(term, ox.NamedNode | ox.Literal):
                terms.append(str(term))
            else:
                raise QueryError(f"{query.path}: a VALUES term must be an IRI or a literal, "
                                 f"not {type(term).__name__}")
        lines.append("(" + " ".join(terms) + ")")
    block = f"VALUES ({m.group('vars')}) {{\n    " + "\n    ".join(lines) + "\n  }"
    text = query.text[:m.start()] + block + query.text[m.end():]
    return NamedQuery(**{**query.__dict__, "text": text})


def run(store: Any, name: str, *, limit: int | None = None, **values: Any) -> Result:
    """Run the named query ``name`` on ``store``.

    ``run(store, "trace_down", document="08-NQ/TU")``
    """
    return execute(store, get(name), values, limit=limit)


__all__ = [
    "RELATIONS",
    "TYPES",
    "VIEWS",
    "NamedQuery",
    "Parameter",
    "Result",
    "bind",
    "execute",
    "get",
    "load",
    "parse_header",
    "registry",
    "resolver",
    "run",
    "symbol_keys",
    "with_values",
]
