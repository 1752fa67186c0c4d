"""Python engines for named queries that one SPARQL query answers badly.

Traces (``trace_down``, ``trace_up``) on a luocdo or pyoxigraph store are
computed by :mod:`luocdo.trace` (breadth first over batched single-pattern
lookups) and turned into rows here. On any other query target (the benchmark's
rdflib adapter) the ``.rq`` file's per-hop query is repeated level by level
instead. A property path such as ``?task lo:implements/lo:implements* <doc>``
costs seconds on a large store, and one closure-first query
(``queries/_closure_down.rq``) is slower still with pyoxigraph's OPTIONAL
evaluation; the figures are printed by ``bench/bench_queries.py``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from luocdo import queries as registry

MAX_NODES = 100_000  # a guard against a runaway trace on a cyclic or huge graph


def _natural(value: Any) -> tuple[Any, ...]:
    """A sort key putting task "2" before "10" and "3.1" before "3.10"."""
    if value is None:
        return ()
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(value)))


COLUMNS = ("depth", "parent", "relation", "child", "context", "kind", "symbol", "plan",
           "taskNumber", "content", "lead", "coordinators", "timeframe", "due", "product",
           "evidenceDocument", "evidenceStart", "evidenceEnd", "evidenceText")


def trace(
    store: Any,
    query: registry.NamedQuery,
    values: Mapping[str, Any],
    *,
    limit: int | None = None,
) -> registry.Result:
    """A trace from ``values["document"]``: by luocdo.trace, else by per-hop SPARQL."""
    from luocdo.remote import SparqlServer

    inner = registry._oxigraph(store)
    if isinstance(inner, ox.Store | SparqlServer):
        return _delegate(inner, query, values, limit)
    return sparql_trace(store, query, values, limit=limit)


def _delegate(inner: Any, query: registry.NamedQuery, values: Mapping[str, Any],
              limit: int | None) -> registry.Result:
    """Rows of :func:`luocdo.trace.trace_down`/``trace_up``, one per hop."""
    from luocdo import trace as tracing
    from luocdo.store import Store

    bindings = registry.bind(query, values, registry.resolver(inner))
    relations = tuple(str(bindings[ox.Variable("relations")].value).split())
    given = str(values.get("document", "")).strip()
    store = Store(inner)
    start = bindings[ox.Variable("document")].value
    roots: tuple[str, ...] = (start,)
    if not registry._looks_like_iri(given) and not given.startswith(("eli/", "agency/")):
        with contextlib.suppress(Exception):  # the yearless twins of a symbol, when any
            roots = tracing.resolve(store, given)
            if start not in roots:
                roots = (start,)
    down = query.name == "trace_down"
    walk = tracing.trace_down if down else tracing.trace_up
    result = walk(store, roots, relations=relations)
    rows: list[dict[str, Any]] = []
    truncated = False
    for hop in result.hops:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        reached = result.reached(hop)
        node = result.nodes.get(reached)
        rows.append(_row(hop, node, result.nodes, upward=hop.upward))
    shown = {k: v for k, v in values.items() if v is not None}
    return registry.Result(query.name, COLUMNS, tuple(rows), query.view, truncated, shown)


def _row(hop: Any, node: Any, nodes: Mapping[str, Any], *, upward: bool) -> dict[str, Any]:
    evidence = hop.evidence[0] if hop.evidence else (node.span if node is not None else None)
    plan = nodes.get(node.document) if node is not None and node.document else None
    return {
        "depth": hop.depth,
        "parent": hop.target,
        "relation": registry.LO + hop.relation,
        "child": hop.source,
        "context": upward,
        "kind": (node.type_name or node.kind) if node is not None and node.kind == "document"
        else ("Task" if node is not None else None),
        "symbol": node.symbol if node is not None and node.kind == "document" else None,
        "plan": plan.symbol if plan is not None else None,
        "taskNumber": node.number if node is not None else None,
        "content": node.content if node is not None else None,
        "lead": "; ".join(node.leads) if node is not None and node.leads else None,
        "coordinators": "; ".join(node.coordinators) if node is not None and node.coordinators
        else None,
        "timeframe": node.timeframe if node is not None else None,
        "due": node.due if node is not None else None,
        "product": node.product if node is not None else None,
        "evidenceDocument": evidence.document if evidence is not None else None,
        "evidenceStart": evidence.start if evidence is not None else None,
        "evidenceEnd": evidence.end if evidence is not None else None,
        "evidenceText": evidence.text if evidence is not None else None,
    }


def sparql_trace(
    store: Any,
    query: registry.NamedQuery,
    values: Mapping[str, Any],
    *,
    limit: int | None = None,
) -> registry.Result:
    """Breadth-first trace from ``values["document"]`` with the query's per-hop SPARQL.

    Rows of the per-hop query gain ``depth`` (1 for the hops at the start node)
    and the node they hang from (``parent`` going down, ``child`` going up).
    Each node is expanded once, so cycles end.
    """
    oxs = registry._oxigraph(store)
    bindings = registry.bind(query, values, registry.resolver(store))
    start = bindings[ox.Variable("document")]
    down = "child" in _projection(query)
    node_col, from_col = ("child", "parent") if down else ("parent", "child")
    hidden = {v.value for v in bindings}

    columns: tuple[str, ...] | None = None
    rows: list[dict[str, Any]] = []
    seen = {start.value}
    frontier: list[ox.NamedNode] = [start]
    depth = 0
    truncated = False
    while frontier and not truncated:
        depth += 1
        next_frontier: list[ox.NamedNode] = []
        for node in frontier:
            bindings[ox.Variable("document")] = node
            solutions = oxs.query(query.text, substitutions=bindings,
                                  **registry._dataset(oxs))
            if columns is None:
                own = [v.value for v in solutions.variables if v.value not in hidden]
                columns = ("depth", from_col, *own)
            level = []
            for sol in solutions:
                row = {c: registry.term_value(sol[c]) for c in columns[2:]}
                row["depth"] = depth
                row[from_col] = node.value
                level.append(row)
                target = sol[node_col]
                if isinstance(target, ox.NamedNode) and target.value not in seen:
                    seen.add(target.value)
                    next_frontier.append(target)
            level.sort(key=lambda r: (str(r.get("relation")), _natural(r.get("taskNumber")),
                                      str(r.get("symbol")), str(r.get(node_col))))
            for row in level:
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append({c: row.get(c) for c in (columns or ())})
            if truncated or len(seen) > MAX_NODES:
                truncated = True
                break
        frontier = next_frontier
    shown = {k: v for k, v in values.items() if v is not None}
    return registry.Result(query.name, columns or ("depth", from_col), tuple(rows), query.view,
                           truncated, shown)


def _projection(query: registry.NamedQuery) -> set[str]:
    """Variables named in the first SELECT line of the query."""
    m = re.search(r"^SELECT\s+(.*)$", query.text, re.MULTILINE)
    return set(re.findall(r"\?(\w+)", m.group(1))) if m else set()


def gaps(
    store: Any,
    query: registry.NamedQuery,
    values: Mapping[str, Any],
    *,
    limit: int | None = None,
) -> registry.Result:
    """``gaps.rq`` over the whole store, or ``_gaps_document.rq`` when a document is given.

    One file with an optional document tested in a FILTER makes pyoxigraph find
    every gap of the store before keeping one document's; the second file binds
    the document in each pattern instead.
    """
    given = values.get("document")
    if given is None or (isinstance(given, str) and not given.strip()):
        plain = registry.NamedQuery(**{**query.__dict__, "engine": None})
        return registry.execute(store, plain, values, limit=limit)
    scoped = registry.get("_gaps_document")
    result = registry.execute(store, scoped, values, limit=limit)
    return registry.Result(query.name, result.columns, result.rows, query.view,
                           result.truncated, result.params)
