"""Pages of the ``tasks`` query (issue 13): page_size, the ``after`` cursor and the total.

On the seeds and ../shared/corpus, ingested: for several parameter sets, the pages
put end to end are the unpaged answer, row for row and in its order. The rows this
relies on were checked against seed 000 (2502/KH-UBND, Tây Ninh): its task table gives
Sở Khoa học và Công nghệ the lead of tasks 4, 5, 6, 9, 10 and 11 (lines 128-138 of
the text), task 6 "Giai đoạn 2025-2030" and tasks 10 and 11 "Hằng năm" (recurring); Sở
Nông nghiệp và Phát triển nông thôn the lead of tasks 8 and 29 (lines 133 and 159) and a
place among the coordinators of tasks 6 and 9 (lines 130 and 134: "Các Sở: ..., Nông
nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn; UBND huyện").
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/
from luocdo.errors import QueryError
from luocdo.ingest import ingest_paths
from luocdo.queries import engine  # type: ignore[attr-defined]
from luocdo.store import Store

pytestmark = pytest.mark.slow  # ingests the real documents

TAY_NINH_PLAN = queries.LOD + "eli/vn-tay-ninh/kh/2023/2502/ubnd"
SCIENCE = "so khoa hoc va cong nghe"
AGRICULTURE = "so nong nghiep va phat trien nong thon"
SCIENCE_TAY_NINH = queries.LOD + "agency/vn-tay-ninh/so-khoa-hoc-va-cong-nghe"

PARAMETER_SETS: list[dict[str, str]] = [
    {},
    {"agency": SCIENCE},
    {"agency": "Sở KH&CN", "province": "Tây Ninh"},
    {"agency": "ubnd", "due_before": "2025"},
    {"agency": "so tai chinh", "due_after": "2024-06", "due_before": "2030-12-31"},
    {"province": "Tây Ninh"},
    {"province": "Đồng Nai"},
    {"province": "Tây Ninh", "due_after": "2025"},
    {"overdue_as_of": "2025-01-01"},
    {"agency": "uy ban nhan dan", "overdue_as_of": "2026-03"},
    {"agency": SCIENCE, "role": "lead"},
    {"agency": AGRICULTURE, "role": "coordinator"},
    {"agency": "ubnd", "role": "coordinator", "due_before": "2026"},
    {"agency": SCIENCE_TAY_NINH, "overdue_as_of": "2025-01-01"},
    {"agency": SCIENCE_TAY_NINH, "role": "lead", "due_after": "2024"},
]


@pytest.fixture(scope="module")
def real_store(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("paging") / "store")
    report = ingest_paths([shared_dir / "seeds", shared_dir / "corpus"], store)
    assert report.ok, [f.error for f in report.failed]
    yield store
    store.close()


class _OtherStore:
    """A query target that is not pyoxigraph's Store (as a SPARQL server is): the engine
    pages the whole answer there."""

    def __init__(self, store: Store):
        self.inner = store.inner

    def query(self, text: str, **options: Any) -> Any:
        return self.inner.query(text, **options)


DATES = ("due_before", "due_after", "overdue_as_of")


def _countless(params: dict[str, str]) -> bool:
    """True when a page gives no total: dates asked for, the agency not given by its IRI
    (counting would cost a look-up per row of many agencies)."""
    return (any(k in params for k in DATES)
            and not params.get("agency", "").startswith("https://"))


def _pages(target: Any, size: int, params: dict[str, str]) -> tuple[list[dict[str, Any]],
                                                                     int | None, list[int]]:
    """Every page put end to end, the total the pages gave (None when dates are asked
    for, the agency not by its IRI: not had cheaply), and each page's length."""
    rows: list[dict[str, Any]] = []
    lengths: list[int] = []
    after: str | None = None
    dated = _countless(params)
    while True:
        page = queries.run(target, "tasks", page_size=size, after=after, **params)
        assert page.paged and (page.total is None) == dated
        rows.extend(page.rows)
        lengths.append(len(page.rows))
        if page.next is None:
            assert page.total is None or page.total == len(rows)
            return rows, page.total, lengths
        assert page.total is None or page.total > len(rows)
        assert len(lengths) <= 20_000, "the cursor does not move on"
        after = page.next


@pytest.mark.parametrize("params", PARAMETER_SETS, ids=lambda p: json.dumps(p, ensure_ascii=False))
def test_pages_end_to_end_are_the_unpaged_answer(real_store: Store,
                                                 params: dict[str, str]) -> None:
    whole = queries.run(real_store, "tasks", **params)
    assert not whole.paged and whole.total is None and whole.next is None
    assert whole.rows, "each parameter set finds tasks in the corpus"
    for size in (1, 7, 1000):
        rows, total, lengths = _pages(real_store, size, params)
        assert rows == list(whole.rows), size
        assert total == (None if _countless(params) else len(whole.rows))
        assert all(n == size for n in lengths[:-1]) and 1 <= lengths[-1] <= size
    paged = queries.run(real_store, "tasks", page_size=7, **params)
    assert paged.columns == whole.columns


@pytest.mark.parametrize("params", [*PARAMETER_SETS[1:4], *PARAMETER_SETS[-4:]],
                         ids=lambda p: json.dumps(p, ensure_ascii=False))
def test_pages_of_another_store_are_cut_from_the_whole_answer(real_store: Store,
                                                              params: dict[str, str]) -> None:
    whole = queries.run(real_store, "tasks", **params)
    rows, total, _ = _pages(_OtherStore(real_store), 5, params)
    assert rows == list(whole.rows)
    assert total == (None if _countless(params) else len(whole.rows))


@pytest.mark.parametrize("params", [p for p in PARAMETER_SETS if "role" in p],
                         ids=lambda p: json.dumps(p, ensure_ascii=False))
def test_a_role_keeps_the_rows_of_that_role(real_store: Store, params: dict[str, str]) -> None:
    """tasks.rq with a role: the rows of the answer without it that have the role, in
    the same order (and the other role's rows are the rest)."""
    wanted = params["role"]
    other = {"lead": "coordinator", "coordinator": "lead"}[wanted]
    both = queries.run(real_store, "tasks", **{k: v for k, v in params.items() if k != "role"})
    one = queries.run(real_store, "tasks", **params)
    rest = queries.run(real_store, "tasks", **{**params, "role": other})
    assert one.rows and len(one.rows) + len(rest.rows) == len(both.rows)
    assert list(one.rows) == [r for r in both.rows if r["role"] == wanted]
    assert list(rest.rows) == [r for r in both.rows if r["role"] == other]
    assert one.columns == both.columns and one.params == params


def test_the_agriculture_department_leads_and_coordinates_tasks_of_2502(
        real_store: Store) -> None:
    def table_rows(role: str) -> set[str]:
        rows, total, _ = _pages(real_store, 3, {"agency": AGRICULTURE,
                                                "province": "Tây Ninh", "role": role})
        assert {r["role"] for r in rows} == {role} and total == len(rows)
        # the appendix's rows (numbered 1, 2, ...), not the prose's duties (III.2.3-1, ...)
        return {r["taskNumber"] for r in rows
                if r["document"] == TAY_NINH_PLAN and r["taskNumber"].isdigit()}

    assert table_rows("lead") == {"8", "29"}
    assert table_rows("coordinator") == {"6", "9"}


def test_a_dated_total_is_given_for_an_agency_by_iri(real_store: Store) -> None:
    """The science department of Tây Ninh late on 2025-01-01: among them row 22 of 2502's
    appendix (line 152: "Sở Khoa học và Công nghệ (Trung tâm ...)", due "2023"). Given
    by its IRI, as the agency page asks, the total is counted."""
    params = {"agency": SCIENCE_TAY_NINH, "overdue_as_of": "2025-01-01"}
    whole = queries.run(real_store, "tasks", **params).rows
    assert ("22", "lead") in {(r["taskNumber"], r["role"]) for r in whole
                              if r["document"] == TAY_NINH_PLAN}
    first = queries.run(real_store, "tasks", page_size=1, **params)
    assert first.total == len(whole) and first.rows == whole[:1]
    # by name: no total (a name may match many agencies, thousands of rows at scale)
    by_name = queries.run(real_store, "tasks", page_size=1, agency=SCIENCE,
                          province="Tây Ninh", overdue_as_of="2025-01-01")
    assert by_name.total is None


@pytest.mark.parametrize(("params", "message"), [
    ({"agency": SCIENCE, "role": "chủ trì"}, r"parameter 'role'.*expected lead or coordinator"),
    ({"agency": SCIENCE, "role": "Lead"}, r"parameter 'role'.*expected lead or coordinator"),
    ({"role": "lead"}, r"parameter 'role'.*give 'agency' too"),
    ({"role": "coordinator", "province": "Tây Ninh", "page_size": "5"},
     r"parameter 'role'.*give 'agency' too"),
])
def test_a_bad_role_is_refused(real_store: Store, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        queries.run(real_store, "tasks", **params)


def test_the_science_department_leads_tasks_of_2502(real_store: Store) -> None:
    rows, total, _ = _pages(real_store, 4, {"agency": SCIENCE, "province": "Tây Ninh"})
    led = {r["taskNumber"] for r in rows if r["document"] == TAY_NINH_PLAN and r["role"] == "lead"}
    assert {"4", "5", "6", "9", "10", "11"} <= led
    # plan symbol, then task number (as SPARQL orders strings), then role
    keys = [(r["symbol"] or "", r["document"], r["taskNumber"] or "", r["role"]) for r in rows]
    assert keys == sorted(keys) and total == len(rows)
    # due by 2025: not task 6 (2025-2030), nor the yearly tasks 10 and 11
    rows, _, _ = _pages(real_store, 4, {"agency": SCIENCE, "province": "Tây Ninh",
                                       "due_before": "2025"})
    led = {r["taskNumber"] for r in rows if r["document"] == TAY_NINH_PLAN and r["role"] == "lead"}
    assert not {"6", "10", "11"} & led


def test_a_page_after_the_last_row_is_empty_and_has_no_next(real_store: Store) -> None:
    params = {"agency": SCIENCE, "due_before": "2026"}
    whole = queries.run(real_store, "tasks", **params).rows
    last = queries.run(real_store, "tasks", page_size=len(whole), **params)
    assert last.rows == whole and last.next is None and last.total is None  # a date bound
    cut = queries.run(real_store, "tasks", page_size=len(whole) - 1, **params)
    assert cut.next is not None
    tail = queries.run(real_store, "tasks", after=cut.next, **params)
    assert list(tail.rows) == [whole[-1]] and tail.next is None
    key = (whole[-1]["symbol"], whole[-1]["document"], whole[-1]["taskNumber"],
           whole[-1]["role"], whole[-1]["task"])
    beyond = queries.run(real_store, "tasks", after=engine.cursor(key), **params)
    assert beyond.rows == () and beyond.next is None
    assert beyond.columns == queries.run(real_store, "tasks", page_size=1, **params).columns


def test_no_match_is_an_empty_page(real_store: Store) -> None:
    page = queries.run(real_store, "tasks", page_size=10, agency="no such agency anywhere")
    assert page.rows == () and page.total == 0 and page.next is None
    assert "task" in page.columns and "agency" not in page.columns


def _garbage(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("after", [
    "not a cursor!", "%%%", _garbage("[1, 2]"), _garbage('["a", null, null, null, "t"]'),
    _garbage('{"symbol": "x"}'), _garbage("[null, \"d\", null, null, 5]"),
])
def test_a_bad_cursor_is_refused_naming_after(real_store: Store, after: str) -> None:
    with pytest.raises(QueryError, match=r"parameter 'after'.*not a cursor"):
        queries.run(real_store, "tasks", after=after, agency=SCIENCE)


@pytest.mark.parametrize(("size", "message"), [
    ("0", "outside 1..1000"), ("1001", "outside 1..1000"), ("ten", "not an integer")])
def test_a_bad_page_size_is_refused(real_store: Store, size: str, message: str) -> None:
    with pytest.raises(QueryError, match=f"parameter 'page_size'.*{message}"):
        queries.run(real_store, "tasks", page_size=size)


def test_the_page_query_is_tasks_rq_from_its_due_dates_on() -> None:
    """_tasks_page.rq repeats tasks.rq's projection and details: a row of a page is a
    row of tasks.rq only while the two texts say the same."""
    whole = queries.get("tasks").text
    page = queries.get("_tasks_page").text
    marker = "  # the due date first"
    assert whole[whole.index(marker):] == page[page.index(marker):]
    select = re.compile(r"^PREFIX.*?(?=WHERE \{)", re.DOTALL | re.MULTILINE)
    found_whole, found_page = select.search(whole), select.search(page)
    assert found_whole is not None and found_page is not None
    assert found_whole.group(0) == found_page.group(0)
    assert {p.name for p in queries.get("tasks").params} == \
        {p.name for p in queries.get("_tasks_page").params}


def test_with_values_writes_terms_as_pyoxigraph_serializes_them() -> None:
    page = queries.get("_tasks_page")
    filled = queries.with_values(page, ("task", "document", "role"), [
        (ox.NamedNode("https://w3id.org/luocdo/id/eli/x/task/1"),
         ox.NamedNode("https://w3id.org/luocdo/id/eli/x"), ox.Literal('le"ad')),
        (ox.NamedNode("https://w3id.org/luocdo/id/eli/x/task/2"),
         ox.NamedNode("https://w3id.org/luocdo/id/eli/x"), None)])
    assert ('(<https://w3id.org/luocdo/id/eli/x/task/1> <https://w3id.org/luocdo/id/eli/x> '
            '"le\\"ad")') in filled.text
    assert "<https://w3id.org/luocdo/id/eli/x> UNDEF)" in filled.text
    assert "VALUES (?task ?document ?role) {}" not in filled.text
    with pytest.raises(QueryError, match=r"expected an empty block VALUES \(\?task \?role\)"):
        queries.with_values(page, ("task", "role"), [])
    with pytest.raises(QueryError, match="2 terms for 3 variables"):
        queries.with_values(page, ("task", "document", "role"),
                            [(ox.NamedNode("http://a"), None)])


def test_a_task_with_an_agency_is_a_task_of_the_document_its_iri_names(real_store: Store) -> None:
    """The engine reads a task's plan from its IRI ({doc}/task/...) where tasks.rq
    matches ?document lo:hasTask ?task, and takes a plan with a task numbered in its own
    text as ingested: the graph mapping writes these together."""
    given = real_store.select(
        "SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE { { ?task lo:lead ?a } UNION "
        "{ ?task lo:coordinator ?a } }")
    assert int(given[0]["n"]) > 900
    strays = real_store.select(
        "SELECT DISTINCT ?task WHERE { { ?task lo:lead ?a } UNION { ?task lo:coordinator ?a } "
        "FILTER(CONTAINS(STR(?task), '/task/')) "
        "BIND(IRI(REPLACE(STR(?task), '/task/[^/]*$', '')) AS ?doc) "
        "FILTER NOT EXISTS { ?doc lo:hasTask ?task } }")
    assert strays == []
    others = real_store.select(
        "SELECT DISTINCT ?task WHERE { ?doc lo:hasTask ?task "
        "FILTER(!STRSTARTS(STR(?task), CONCAT(STR(?doc), '/task/'))) }")
    assert others == []
    # a task numbered in its plan's own text: the plan was ingested (its source text)
    numbered = real_store.select(
        "SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?doc lo:hasTask ?task "
        "FILTER(!STRSTARTS(STR(?task), CONCAT(STR(?doc), '/task/r-'))) }")
    assert int(numbered[0]["n"]) > 15
    unread = real_store.select(
        "SELECT DISTINCT ?doc WHERE { ?doc lo:hasTask ?task "
        "FILTER(!STRSTARTS(STR(?task), CONCAT(STR(?doc), '/task/r-'))) "
        "FILTER NOT EXISTS { ?doc lo:sourceText ?source } }")
    assert unread == []
