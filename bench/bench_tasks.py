"""Pages of the ``tasks`` query against the unpaged answer, on an existing store (issue 13).

    python bench/bench_tasks.py /tmp/p10k                 # 20 runs of each case
    python bench/bench_tasks.py /tmp/p10k --runs 40 --page-size 100 --later 5

The store is opened read-only. Four cases, each with parameters drawn as
bench/bench_queries.py draws them (its first 20 agency names, seed 1): an agency name
with ``due_before=2027``, an agency name alone, a province name alone, and the IRI of
one of the agencies of those names (what the agency page asks). Then the agency page's
requests, for those IRIs and for the 20 agencies with the most rows (the ministries): its
page of all roles, its counts (the totals of ``role=lead`` and of ``overdue_as_of`` today,
a row each: a dated total, counted for an agency by IRI) and a page of one role. For each run
of a case the same parameters are timed three ways, interleaved: the unpaged query,
its first page (``page_size``), and a later page (``after`` the cursor that ends page
``--later - 1``, found before the timing, or the last page when there are fewer).
Printed: p50 and p95 of wall and CPU time (``time.process_time``: on a shared machine
it shows what the load adds to the wall time), rows and total, and the ratio of the
unpaged p50 to each page's p50. Every page is checked against the unpaged rows. With
a date bound a page gives no total (it would cost a look-up per row): what counting
the rows costs is printed beside.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/
from luocdo.queries import engine  # type: ignore[attr-defined]
from luocdo.store import Store

REPO = Path(__file__).resolve().parent.parent


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:10.1f}"


def samples(store: Store) -> tuple[list[str], list[str], list[str]]:
    """Agency names as bench_queries.py picks them, the provinces that have plans, and the
    IRIs of the agencies those names are the labels of (as the agency page asks)."""
    agencies = sorted({r["l"] for r in store.select(
        "SELECT ?l WHERE { ?t lo:lead ?a . ?a skos:prefLabel ?l } LIMIT 2000")})[:20]
    iris = sorted({r["a"] for r in store.select(
        "SELECT ?a ?l WHERE { ?t lo:lead ?a . ?a skos:prefLabel ?l } LIMIT 2000")
        if r["l"] in agencies})
    provinces = sorted({r["n"] for r in store.select(
        "SELECT DISTINCT ?n WHERE { ?d lo:hasTask ?t ; lo:jurisdiction ?u . "
        "?u skos:prefLabel ?n FILTER(STRSTARTS(STR(?u), 'https://w3id.org/luocdo/id/unit/')) }")})
    return agencies, provinces, iris


def later_cursor(store: Store, params: dict[str, str], size: int, later: int) -> str | None:
    """The cursor that starts page ``later`` (1-based), or the last page's when fewer."""
    after: str | None = None
    previous: str | None = None
    for _ in range(later - 1):
        page = queries.run(store, "tasks", page_size=size, after=after, **params)
        if page.next is None:
            return previous if previous is not None else after
        previous, after = after, page.next
    return after


class _Counted:
    def __init__(self, n: int):
        self.rows = range(n)


def _count(store: Store, params: dict[str, str]) -> _Counted:
    """The rows of every page counted as the engine would count them (its candidates, then
    each one's due date)."""
    return _Counted(engine.task_rows(store, store.inner, params).count())


class Timings:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.rows: list[int] = []

    def time(self, fn: Callable[[], Any]) -> Any:
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        self.wall.append(time.perf_counter() - w)
        self.cpu.append(time.process_time() - c)
        self.rows.append(len(result.rows))
        return result

    def line(self, label: str, whole: Timings | None) -> str:
        ratio = ""
        if whole is not None:
            ratio = (f"   x{pct(whole.wall, 0.5) / pct(self.wall, 0.5):6.1f} wall"
                     f"  x{pct(whole.cpu, 0.5) / pct(self.cpu, 0.5):6.1f} cpu")
        return (f"  {label:<12}{ms(pct(self.wall, 0.5))}{ms(pct(self.wall, 0.95))}"
                f"{ms(pct(self.cpu, 0.5))}{ms(pct(self.cpu, 0.95))}"
                f"   {statistics.mean(self.rows):7.0f}{ratio}")


def busiest(store: Store, n: int = 20) -> list[str]:
    """The IRIs of the ``n`` agencies with the most (task, role) rows."""
    return [r["a"] for r in store.select(
        "SELECT ?a (COUNT(*) AS ?n) WHERE { { ?t lo:lead ?a } UNION { ?t lo:coordinator ?a } } "
        f"GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT {n}")]


def bench_agency_page(store: Store, name: str, draw: Callable[[], str],
                      args: argparse.Namespace) -> None:
    """The requests of the agency page for an agency by IRI, interleaved run by run: the
    first page of every role, the two counts (a row each, their totals read), and the
    first page of one role; each count checked against the unpaged rows (not timed)."""
    today = datetime.date.today().isoformat()
    page, lead, overdue, one_role = Timings(), Timings(), Timings(), Timings()
    rows: list[int] = []
    totals: dict[str, list[int]] = {"lead": [], "late": []}
    for n in range(args.runs):
        iri = draw()
        role = ("lead", "coordinator")[n % 2]
        run = functools.partial(queries.run, store, "tasks", agency=iri)
        first = page.time(functools.partial(run, page_size=args.page_size))
        led = lead.time(functools.partial(run, role="lead", page_size=1))
        late = overdue.time(functools.partial(run, overdue_as_of=today, page_size=1))
        one_role.time(functools.partial(run, role=role, page_size=args.page_size))
        whole = run().rows
        late_rows = run(overdue_as_of=today).rows
        assert first.total == len(whole) and first.rows == whole[:args.page_size]
        assert led.total == sum(r["role"] == "lead" for r in whole)
        assert late.total == len(late_rows), (iri, late.total, len(late_rows))
        rows.append(len(whole))
        totals["lead"].append(led.total)
        totals["late"].append(late.total)
    print(f"{name}  (rows of all pages: mean {statistics.mean(rows):.0f}, max {max(rows)}; "
          f"overdue as of {today})")
    print(page.line("page", None))
    print(lead.line("count lead", None) + "   (role=lead, page_size=1: its total, mean "
          f"{statistics.mean(totals['lead']):.0f})")
    print(overdue.line("count late", None) + "   (overdue_as_of, page_size=1: its total, mean "
          f"{statistics.mean(totals['late']):.0f})")
    print(one_role.line("page of role", None) + "   (role=lead or coordinator, in turn)")


def bench_case(store: Store, name: str, draw: Callable[[], dict[str, str]], args: argparse.Namespace
               ) -> None:
    whole, first, later, counted = Timings(), Timings(), Timings(), Timings()
    totals: list[int] = []
    for _ in range(args.runs):
        params = draw()
        cursor = later_cursor(store, params, args.page_size, args.later)  # not timed
        answer = whole.time(functools.partial(queries.run, store, "tasks", **params))
        page = first.time(functools.partial(queries.run, store, "tasks",
                                            page_size=args.page_size, **params))
        totals.append(len(answer.rows))
        assert page.total in (None, len(answer.rows)) and page.rows == answer.rows[:args.page_size]
        if page.total is None:  # dates asked for: what a total would have cost
            counted.time(functools.partial(_count, store, params))
        if cursor is not None:
            cut = later.time(functools.partial(queries.run, store, "tasks",
                                               page_size=args.page_size, after=cursor, **params))
            start = answer.rows.index(cut.rows[0]) if cut.rows else len(answer.rows)
            assert cut.rows == answer.rows[start:start + args.page_size]
    print(f"{name}  (rows of all pages: mean {statistics.mean(totals):.0f}, "
          f"max {max(totals)})")
    print(whole.line("unpaged", None))
    print(first.line("first page", whole))
    if later.wall:
        print(later.line(f"page {args.later}", whole))
    if counted.wall:
        print(counted.line("the count", whole)
              + "   (rows and due dates of every page: the total not given with dates)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--page-size", type=int, default=50,
                        help="rows per page (the agency page shows 50)")
    parser.add_argument("--later", type=int, default=5, help="the later page timed")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    store = Store.open(args.store, read_only=True)
    agencies, provinces, iris = samples(store)
    print(f"commit {commit}, store {args.store}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {args.runs} runs, "
          f"{args.page_size} rows a page")
    print(f"  {'':<12}{'p50 wall':>10}{'p95 wall':>10}{'p50 cpu':>10}{'p95 cpu':>10}"
          f"   {'rows':>7}   (ms; ratio: the unpaged p50 over this one)")
    rng = random.Random(1)
    bench_case(store, "agency + due_before 2027",
               lambda: {"agency": rng.choice(agencies), "due_before": "2027"}, args)
    bench_case(store, "agency", lambda: {"agency": rng.choice(agencies)}, args)
    bench_case(store, "province", lambda: {"province": rng.choice(provinces)}, args)
    bench_case(store, "agency IRI (the agency page)", lambda: {"agency": rng.choice(iris)}, args)
    bench_agency_page(store, "the agency page, agency IRIs as above", lambda: rng.choice(iris),
                      args)
    biggest = busiest(store)
    bench_agency_page(store, "the agency page, the 20 agencies with the most rows",
                      lambda: rng.choice(biggest), args)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
