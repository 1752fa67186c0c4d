"""Python engines for named queries that one SPARQL query answers badly.

A trace repeats the query of its ``.rq`` file (the hops next to one node) level
by level, breadth first. A property path such as
``?task lo:implements/lo:implements* <doc>`` is evaluated by pyoxigraph from
the unbound end and takes seconds on a large store, while lookups from a bound
node take microseconds (the figures are in ``bench/bench_queries.py``).
"""

from __future__ import annotations

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


def trace(
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
            solutions = oxs.query(query.text, use_default_graph_as_union=True, substitutions=bindings)
            assert isinstance(solutions, ox.QuerySolutions)
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
