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

import base64
import binascii
import bisect
import contextlib
import json
import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from luocdo import queries as registry  # type: ignore[attr-defined]  # mapped from queries/
from luocdo.errors import QueryError

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
        return _delegate(inner, query, values, limit, handle=store)
    return sparql_trace(store, query, values, limit=limit)


def _delegate(inner: Any, query: registry.NamedQuery, values: Mapping[str, Any],
              limit: int | None, *, handle: Any = None) -> registry.Result:
    """Rows of :func:`luocdo.trace.trace_down`/``trace_up``, one per hop.

    ``handle``: the luocdo Store the query was run on, if any; a read-only one on a folder
    keeps the trace's look-ups for the next traces (luocdo.trace), a bare one cannot.
    """
    from luocdo import trace as tracing
    from luocdo.store import Store

    bindings = registry.bind(query, values, registry.resolver(inner))
    relations = tuple(str(bindings[ox.Variable("relations")].value).split())
    given = str(values.get("document", "")).strip()
    store = handle if isinstance(handle, Store) else Store(inner)
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


# --------------------------------------------------------------------------- tasks, paged

PAGING = ("page_size", "after")  # the parameters of tasks.rq that this engine applies
ROLES = ("lead", "coordinator")  # the values of tasks.rq's role parameter, and of its column
# tasks.rq's role parameter is bound to this variable: ?role is the column of the role
# found, which a parameter's own variable would hide (and bind) in every row
ROLE_VARIABLE = "role_asked"
PAGE_SIZE = 100  # rows of a page when only a cursor is given
_PAGE_VARIABLES = ("task", "document", "role")
_TASK, _ROLE = ox.Variable("task"), ox.Variable("role")
_DEFAULT_GRAPH = ox.DefaultGraph()
_LEAD = ox.NamedNode(registry.LO + "lead")
_COORDINATOR = ox.NamedNode(registry.LO + "coordinator")
_HAS_TASK = ox.NamedNode(registry.LO + "hasTask")
_JURISDICTION = ox.NamedNode(registry.LO + "jurisdiction")
_SOURCE_TEXT = ox.NamedNode(registry.LO + "sourceText")
_SYMBOL = ox.NamedNode(registry.LO + "symbol")
_TASK_NUMBER = ox.NamedNode(registry.LO + "taskNumber")
_DUE_DATE = ox.NamedNode(registry.LO + "dueDate")
_KIND = ox.NamedNode(registry.LO + "timeframeKind")
_DATES = ("due_before", "due_after", "overdue_as_of")
_LATE_KINDS = ("deadline", "interval")  # the kinds of time frame that can be late

# A row of tasks.rq by its sort key (ORDER BY ?symbol ?document ?taskNumber ?role ?task):
# the plan's symbol, the plan, the task number, the role (None: unbound), the task.
TaskKey = tuple[str | None, str, str | None, str | None, str]


def _order(key: TaskKey) -> tuple[tuple[int, str], ...]:
    """The key as SPARQL orders it: an unbound value first, strings by code point."""
    return tuple((0, "") if v is None else (1, v) for v in key)


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def cursor(key: TaskKey) -> str:
    """The opaque cursor of a row: its sort key as JSON, in URL-safe base64."""
    data = json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode("utf-8")).decode("ascii").rstrip("=")


def _cursor_key(text: str) -> TaskKey:
    """The sort key a cursor holds; a :class:`QueryError` naming ``after`` otherwise."""
    bad = QueryError(
        f"parameter 'after': {text[:80]!r} is not a cursor of the tasks query; "
        "give the 'next' of the page before, with the same other parameters")
    try:
        raw = json.loads(base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise bad from exc
    if (not isinstance(raw, list) or len(raw) != 5
            or not all(v is None or isinstance(v, str) for v in raw)
            or raw[1] is None or raw[4] is None):
        raise bad
    return (raw[0], raw[1], raw[2], raw[3], raw[4])


def _day_key(text: str) -> str | None:
    """A due date as tasks.rq compares it: a year or month as its last day (None when
    SPARQL's computation would fail: a February whose year is not a number)."""
    if len(text) == 4:
        return text + "-12-31"
    if len(text) == 7:
        month = text[5:7]
        if month in ("04", "06", "09", "11"):
            return text + "-30"
        if month != "02":
            return text + "-31"
        try:
            year = int(text[:4])
        except ValueError:
            return None
        return text + ("-29" if year % 4 == 0 else "-28")
    return text


def _first_day(text: str) -> str:
    """A lower bound as tasks.rq compares it: a year or month as its first day."""
    return text + "-01" if len(text) == 7 else text + "-01-01" if len(text) == 4 else text


def _keeps_date(dues: list[str], kinds: list[str], before: str | None, after: str | None,
                as_of: str | None) -> bool:
    """tasks.rq's date filters (bounds as day keys, None: not given): some due date and
    kind of the task passes all of them."""
    none: list[str | None] = [None]
    for due in dues or none:
        key = _day_key(due) if due is not None else None
        for kind in kinds or none:
            if before is not None and (key is None or key > before):
                continue
            if after is not None and (key is None or key < after):
                continue
            if as_of is not None and (key is None or key >= as_of
                                      or (kind is not None and kind not in _LATE_KINDS)):
                continue
            return True
    return False


def task_rows(store: Any, inner: ox.Store, values: Mapping[str, Any]) -> TaskRows:
    """The rows ``tasks`` gives for ``values``, by plan, in its order (see :class:`TaskRows`).

    Found as tasks.rq finds them: the tasks the agencies named lead or coordinate
    (``_tasks_agencies``, tasks.rq's own test of names), or the tasks of the plans of
    the province named (``_tasks_provinces``, then index look-ups); their plans
    (``lo:hasTask``) and, per plan, whether it was ingested (a source text) and its
    symbol. The due dates and task numbers are read plan by plan as a page reaches
    them. No row's details are read. A look-up costs about 10 µs: at 9,000 tasks a
    look-up per task is 100 ms, so only the plans are looked up for all rows.
    """
    from luocdo.store import keeps_merge

    graph = _DEFAULT_GRAPH if keeps_merge(inner) else None  # a fixture: named graphs only
    pattern: Any = inner.quads_for_pattern  # quads of IRIs and literals here
    agency, province = values.get("agency"), values.get("province")
    role_asked = str(values.get("role") or "").strip()
    units: set[str] | None = None
    if _given(province):
        found = registry.execute(store, registry.get("_tasks_provinces"), {"province": province})
        units = {row["wanted"] for row in found.rows}

    rows: set[tuple[str, str, str | None]] = set()  # plan, task, role
    if _given(agency):
        whos = [(solution["who"],) for solution in
                _solutions(inner, registry.get("_tasks_agencies"), {"agency": agency})
                if isinstance(solution["who"], ox.NamedNode)]
        found = _solutions(inner, registry.with_values(registry.get("_tasks_of_agencies"),
                                                       ("who",), whos), {})
        at_task, at_role = (found.variables.index(v) for v in (_TASK, _ROLE))
        for solution in found:  # by position: a third faster than by name
            task, role = solution[at_task].value, solution[at_role].value
            if role_asked and role != role_asked:
                continue
            cut = task.rfind("/task/")
            if cut > 0 and graph is not None:  # the plan its IRI names (see _plans_of)
                rows.add((task[:cut], task, role))
            else:
                rows.update((plan, task, role) for plan in _plans_of(pattern, graph, task))
    elif not role_asked:  # a role is an agency's: without one, no row has it (as tasks.rq)
        rows.update((quad.subject.value, quad.object.value, None) for quad in (
            pattern(None, _HAS_TASK, None, graph) if units is None else
            (q for unit in sorted(units)
             for doc in pattern(None, _JURISDICTION, ox.NamedNode(unit), graph)
             for q in pattern(doc.subject, _HAS_TASK, None, graph))))
        units = None  # the plans are the province's already

    symbols: dict[str, str | None] = {}  # plan -> MIN(?symbol)
    by_plan: dict[str, list[tuple[str, str | None]]] = {}  # plan -> its rows
    left_out: set[str] = set()
    for plan, task, role in rows:
        found = by_plan.get(plan)
        if found is None:
            if plan in left_out:
                continue
            node = ox.NamedNode(plan)
            # tasks.rq reads ?document lo:sourceText: a plan only cited is left out
            if ((units is not None and not any(q.object.value in units for q in
                                               pattern(node, _JURISDICTION, None, graph)))
                    or not _ingested(inner, pattern, graph, node, task)):
                left_out.add(plan)
                continue
            found_symbols = [q.object.value for q in pattern(node, _SYMBOL, None, graph)]
            symbols[plan] = min(found_symbols) if found_symbols else None
            found = by_plan[plan] = []
        found.append((task, role))
    before, after, as_of = (str(values.get(k) or "").strip() for k in _DATES)
    dates = None
    if before or after or as_of:
        dates = (_day_key(before) if before else None, _first_day(after) if after else None,
                 _first_day(as_of) if as_of else None)
    return TaskRows(pattern, graph, symbols, by_plan, dates, counted=_counted(values))


def _counted(values: Mapping[str, Any]) -> bool:
    """True when a page gives its total with a date bound too: the agency is given by its
    IRI. One agency's rows are few (2,298 at most at 10,000 documents, a ministry's), so
    reading their due dates costs 10-20 ms; an agency's name may match every province's
    department (9,189 rows, 130 ms: docs/benchmarks.md)."""
    agency = values.get("agency")
    return _given(agency) and registry._looks_like_iri(str(agency))


def _solutions(inner: ox.Store, query: registry.NamedQuery, values: Mapping[str, Any]) -> Any:
    """The solutions of a helper query as pyoxigraph gives them (no row dictionaries: the
    helpers of task_rows answer thousands of rows)."""
    return inner.query(query.text, substitutions=registry.bind(query, values),
                       **registry._dataset(inner))


def _ingested(inner: ox.Store, pattern: Any, graph: Any, plan: ox.NamedNode, task: str) -> bool:
    """True when ``plan`` has a source text (``lo:sourceText``), ``task`` being one of its.

    A task numbered in the plan's own text (``{plan}/task/{number}``, not a task known
    from a report, ``{plan}/task/r-…``) is written only by the graph mapping of the plan
    itself, beside its source text (``luocdo/graph.py``): no look-up then (a test checks
    this on the corpus). Else the ``{plan}/source`` node (``luocdo.identity.source_iri``)
    by one membership test, else any.
    """
    prefix = plan.value + "/task/"
    if graph is not None and task.startswith(prefix) and not task.startswith("r-", len(prefix)):
        return True
    if graph is not None and ox.Quad(plan, _SOURCE_TEXT, ox.NamedNode(plan.value + "/source"),
                                     graph) in inner:
        return True
    return next(pattern(plan, _SOURCE_TEXT, None, graph), None) is not None


def _plans_of(pattern: Any, graph: Any, task: str) -> list[str]:
    """The plans that have ``task`` (``?plan lo:hasTask task``).

    luocdo mints a task's IRI under its document's, ``{doc}/task/{number}``
    (``luocdo.identity.task_iri``, ``reported_task_iri``), and its graph mapping writes
    ``{doc} lo:hasTask {task}`` beside every lead and coordinator of that task
    (``luocdo/graph.py``): such a task's plan is read from its IRI, without a look-up,
    which at 9,000 tasks saves a third of a page's time (docs/benchmarks.md). A test
    checks this on the corpus; a task named otherwise is looked up.
    """
    cut = task.rfind("/task/")
    if cut > 0 and graph is not None:
        return [task[:cut]]
    return [q.subject.value for q in pattern(None, _HAS_TASK, ox.NamedNode(task), graph)]


class TaskRows:
    """The candidate rows of a tasks query by plan, the plans in tasks.rq's order. A
    row's due date (when dates are asked for) and task number (the third part of its
    sort key) are read only when a page reaches its plan, or every row's due date when
    the total is asked for with dates (``counted``)."""

    def __init__(self, pattern: Any, graph: Any, symbols: dict[str, str | None],
                 by_plan: dict[str, list[tuple[str, str | None]]],
                 dates: tuple[str | None, str | None, str | None] | None,
                 *, counted: bool = False):
        self._pattern = pattern
        self._graph = graph
        self._by_plan = by_plan
        self._dates = dates  # due_before, due_after, overdue_as_of as day keys
        self._counted = counted
        self._kept: dict[str, bool] = {}  # task -> passes the dates (read once)
        self.plans = sorted(((symbols[p], p) for p in by_plan),
                            key=lambda sp: ((0, "") if sp[0] is None else (1, sp[0]), sp[1]))

    @property
    def total(self) -> int | None:
        """The number of rows: without dates at no cost; with dates, every row's due date
        read, only when ``counted`` (an agency by IRI: few rows), else None (it would
        take a look-up per row of thousands: docs/benchmarks.md)."""
        if self._dates is None:
            return sum(len(v) for v in self._by_plan.values())
        return self.count() if self._counted else None

    def count(self) -> int:
        """The number of rows, due dates read when dates are asked for (not the task
        numbers: a count needs no sort key)."""
        return sum(1 for rows in self._by_plan.values() for task, _ in rows if self._keeps(task))

    def _values(self, task: ox.NamedNode, prop: ox.NamedNode) -> list[str]:
        return [q.object.value for q in self._pattern(task, prop, None, self._graph)]

    def _keeps(self, task: str) -> bool:
        """True when ``task`` passes the dates asked for (its due dates read once)."""
        if self._dates is None:
            return True
        kept = self._kept.get(task)
        if kept is None:
            node = ox.NamedNode(task)
            kept = self._kept[task] = _keeps_date(
                self._values(node, _DUE_DATE),
                self._values(node, _KIND) if self._dates[2] is not None else [],
                *self._dates)
        return kept

    def keys(self, symbol: str | None, plan: str) -> list[TaskKey]:
        """The sort keys of one plan's rows that pass the dates asked for, sorted."""
        out: list[TaskKey] = []
        numbers: dict[str, str | None] = {}
        for task, role in self._by_plan[plan]:
            if not self._keeps(task):
                continue
            if task not in numbers:
                found = self._values(ox.NamedNode(task), _TASK_NUMBER)
                numbers[task] = min(found) if found else None
            out.append((symbol, plan, numbers[task], role, task))
        out.sort(key=_order)
        return out

    def page(self, after: TaskKey | None, size: int) -> tuple[list[TaskKey], bool]:
        """The first ``size`` keys after ``after``, and whether more follow."""
        first = 0
        if after is not None:
            bound = _order(after)[:2]
            first = bisect.bisect_left(self.plans, bound,
                                       key=lambda sp: _order((sp[0], sp[1], None, None, ""))[:2])
        out: list[TaskKey] = []
        for symbol, plan in self.plans[first:]:
            for key in self.keys(symbol, plan):
                if after is not None and _order(key) <= _order(after):
                    continue
                if len(out) == size:
                    return out, True
                out.append(key)
        return out, False


def _term(value: str | None, iri: bool) -> ox.NamedNode | ox.Literal | None:
    if value is None:
        return None
    return ox.NamedNode(value) if iri else ox.Literal(value)


def _row_key(row: Mapping[str, Any]) -> TaskKey:
    return (row.get("symbol"), row["document"], row.get("taskNumber"), row.get("role"),
            row["task"])


def _role_asked(values: Mapping[str, Any]) -> str:
    """tasks.rq's ``role`` checked: "lead", "coordinator" or "" (both); a
    :class:`QueryError` naming the parameter otherwise, or when no agency is given."""
    raw = values.get("role")
    role = "" if raw is None else str(raw).strip()
    if role and role not in ROLES:
        raise QueryError(f"parameter 'role': {role[:80]!r} is not a role; expected "
                         f"{' or '.join(ROLES)} (or nothing for both)")
    if role and not _given(values.get("agency")):
        raise QueryError("parameter 'role': the role of the agency asked for; give 'agency' "
                         "too (a task without an agency asked for has no role)")
    return role


def _role_bound(query: registry.NamedQuery) -> registry.NamedQuery:
    """``query`` (tasks.rq or a helper with its parameters) run by the registry, its
    ``role`` parameter bound to ?role_asked (:data:`ROLE_VARIABLE`)."""
    params = tuple(registry.Parameter(**{**p.__dict__, "name": ROLE_VARIABLE})
                   if p.name == "role" else p for p in query.params)
    return registry.NamedQuery(**{**query.__dict__, "engine": None, "params": params})


def _role_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` for :func:`_role_bound`'s query: ``role`` under its variable's name."""
    out = {k: v for k, v in values.items() if k != "role"}
    if "role" in values:
        out[ROLE_VARIABLE] = values["role"]
    return out


def tasks(
    store: Any,
    query: registry.NamedQuery,
    values: Mapping[str, Any],
    *,
    limit: int | None = None,
) -> registry.Result:
    """``tasks.rq``; with ``page_size`` or ``after``, one page of its rows.

    Without them the answer is tasks.rq's. A page is found in two steps: the sort
    keys of the matching rows (:func:`task_rows`, from the indexes; the task
    numbers only of the plans the page reaches), then tasks.rq's
    details for the page's rows only (``_tasks_page.rq``, its VALUES block filled).
    The cursor ``after`` is the last row's sort key (keyset paging): the next page is
    the rows after it, so rows written meanwhile are neither skipped nor repeated
    unless their own key moved. The total is given unless dates are asked for, or with
    them for an agency given by its IRI (see :func:`_counted`). ``role`` keeps the rows
    of that role (the agency's). On a store other than pyoxigraph's (a SPARQL server)
    every row is computed and the page cut from them.
    """
    plain = _role_bound(query)
    shown = {k: v for k, v in values.items() if v is not None}
    _role_asked(values)
    size_given, after_given = _given(values.get("page_size")), _given(values.get("after"))
    if not size_given and not after_given:
        whole = registry.execute(store, plain, _role_values(values), limit=limit)
        return registry.Result(query.name, whole.columns, whole.rows, query.view,
                               whole.truncated, shown)
    given = {k: v for k, v in values.items() if k not in PAGING}  # bound empty below
    bindings = registry.bind(plain, _role_values(values))  # every parameter checked
    size = int(bindings[ox.Variable("page_size")].value) if size_given else PAGE_SIZE
    if limit is not None:
        size = max(1, min(size, limit))
    after = _cursor_key(str(values["after"])) if after_given else None
    inner = registry._oxigraph(store)
    details = _role_bound(registry.get("_tasks_page"))
    if isinstance(inner, ox.Store):
        found_rows = task_rows(store, inner, given)
        page, more = found_rows.page(after, size)
        rows: list[dict[str, Any]] = []
        if page:
            filled = registry.with_values(
                details, _PAGE_VARIABLES,
                [(ox.NamedNode(k[4]), ox.NamedNode(k[1]), _term(k[3], iri=False))
                 for k in page])
            result = registry.execute(store, filled, _role_values(given))
            columns = result.columns
            found = {(r["task"], r.get("role")): r for r in result.rows}
            rows = [found[(k[4], k[3])] for k in page if (k[4], k[3]) in found]
        else:
            columns = registry.execute(store, details, _role_values(given)).columns
        total = found_rows.total
    else:
        whole = registry.execute(store, plain, _role_values(given))
        columns = whole.columns
        ordered = sorted(whole.rows, key=lambda r: _order(_row_key(r)))
        start = (bisect.bisect_right(ordered, _order(after), key=lambda r: _order(_row_key(r)))
                 if after else 0)
        rows = list(ordered[start:start + size])
        page = [_row_key(r) for r in rows]
        more = start + len(page) < len(ordered)
        # as on pyoxigraph's store: with dates, a total for an agency by IRI only
        dated = any(_given(given.get(k)) for k in _DATES)
        total = None if dated and not _counted(given) else len(ordered)
    following = cursor(page[-1]) if page and more else None
    return registry.Result(query.name, columns, tuple(rows), query.view, False, shown,
                           paged=True, next=following, total=total)
