"""Progress from reports (issue 16): the reader, its graph, the derived status.

Fixtures (tests/unit/data/progress) are invented, one per shape of the genre (a progress
table with a status and a result column, a table with one result column, a report's
prose, a plan's prose). The real report is corpus 004 (402-CV/VPĐU, 25/5/2025): its Phụ
lục 1 lists 37 tasks of Nghị quyết 71/NQ-CP due in March-May 2025, numbered 1.-37. under
six group rows I-VI, with a TIẾN ĐỘ column. The expected values below were read off that
text by hand: rows 1, 2, 4-9, 11-13, 17, 19, 22-24, 29-31, 33, 35 say "Hoàn thành" (21),
rows 3, 10, 14-16, 18, 20, 21, 26-28, 32, 36, 37 "Đang thực hiện" (14), rows 25 and 34
"Quá hạn" (2). (Its prose says 22 done, 13 under way and 2 late "đến hết 24/5/2025"; the
table is read as printed.)
"""

from __future__ import annotations

import doctest
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from luocdo import identity, loaders
from luocdo.graph import document_iri_of, to_graph
from luocdo.loaders import patterns
from luocdo.loaders import progress as reader
from luocdo.model import Document
from luocdo.progress import STATUS_LABELS, decide, task_statuses
from luocdo.store import Store
from luocdo.terms import LO
from luocdo.trace import trace
from luocdo.validate import validate

DATA = Path(__file__).parent / "data" / "progress"
CORPUS_004 = "corpus/004_cv-402-vpdu-2025-bao-cao-thuc-hien-nq57.txt"
EXAMPLES = patterns.load("progress")["examples"]
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

# An invented provincial report: a progress table of a plan's tasks, with TIẾN ĐỘ and
# KẾT QUẢ HIỆN NAY columns, the plan named in the appendix heading.
TABLE_REPORT = (DATA / "table_report.txt").read_text(encoding="utf-8")

# A table with one "Kết quả thực hiện" column worded as prose.
RESULT_COLUMN = (DATA / "result_column.txt").read_text(encoding="utf-8")

# A report's prose: a done clause naming its product, one under way, one not started, one
# future aim (no statement), one request (no statement).
PROSE_REPORT = (DATA / "prose_report.txt").read_text(encoding="utf-8")

# A plan (no report): "đã ban hành" in its basis is no statement of progress.
PLAN = (DATA / "plan.txt").read_text(encoding="utf-8")


def parsed(text: str) -> Document:
    return loaders.parse(text)


@pytest.fixture(scope="module")
def report_004(shared_dir: Path) -> tuple[str, Document]:
    read = loaders.read(shared_dir / CORPUS_004)
    return read.text, loaders.parse(read)


@pytest.fixture(scope="module")
def rows_004(report_004: tuple[str, Document]) -> dict[str, object]:
    _text, doc = report_004
    rows = [p for p in doc.progress if p.source == "table"]
    by_number = {p.task_number: p for p in rows}
    assert len(by_number) == len(rows), "one statement per row"
    return by_number


# --------------------------------------------------------------- the status words


def test_doctests() -> None:
    assert doctest.testmod(reader).failed == 0


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[e[0][:40] for e in EXAMPLES])
def test_status_examples_of_the_patterns(text: str, expected: str | None) -> None:
    found = reader.status_of(text, prose=True)
    assert (found[0] if found else None) == expected
    if found is not None:  # the span given is the words of the status
        _status, start, end = found
        assert text[start:end].strip() and start < end


def test_a_bare_hoan_thanh_counts_in_prose_only_at_the_start() -> None:
    assert reader.status_of("Hoàn thành lắp đặt Kiốt", prose=True)[0] == "done"
    assert reader.status_of("Mục tiêu là hoàn thành hệ thống", prose=True) is None
    assert reader.status_of("Hoàn thành")[0] == "done"  # a status cell


# --------------------------------------------------------------- invented fixtures


def test_progress_table_rows_become_statements_on_the_plan_named_in_the_heading() -> None:
    doc = parsed(TABLE_REPORT)
    rows = [p for p in doc.progress if p.source == "table"]
    assert [(p.task_number, p.status, p.status_text) for p in rows] == [
        ("1", "done", "Hoàn thành"), ("2", "in_progress", "Đang thực hiện"),
        ("3", "late", "Quá hạn"), ("4", "not_started", "Chưa thực hiện")]
    assert {p.reported_document for p in rows} == {"2502/KH-UBND"}
    assert {p.date for p in rows} == {"2024-06-30"}
    first = rows[0]
    assert first.products == ("45/KH-STTTT",)
    assert first.result == "Sở đã ban hành Kế hoạch số 45/KH-STTTT ngày 01/9/2023"
    assert first.task_content == "Tổ chức tuyên truyền về chuyển đổi số"
    # the row is a task of 2502/KH-UBND, not of the report: it goes with its statement
    assert first.task_index is None and not [t for t in doc.tasks if t.source == "table"]
    task = first.task
    assert task is not None and task.number == "1" and task.due == "2023-09-30"
    # the status span quotes the cell
    assert first.spans["status"].text == "Hoàn thành"
    assert rows[2].result is None and rows[2].products == ()


def test_one_result_column_worded_as_prose() -> None:
    doc = parsed(RESULT_COLUMN)
    rows = [(p.task_number, p.status, p.products) for p in doc.progress]
    assert rows == [("1", "done", ("12/QĐ-UBND",)), ("2", "not_started", ())]


def test_report_prose_states_progress_clause_by_clause() -> None:
    doc = parsed(PROSE_REPORT)
    found = [(p.status, p.status_text, p.products, p.reported_document) for p in doc.progress]
    assert found == [
        ("done", "đã ban hành", ("88/KH-SNV",), "213/KH-UBND"),
        ("in_progress", "đang triển khai", (), None),
        ("not_started", "chưa thực hiện", (), None),
    ]
    assert all(p.source == "prose" and p.task_index is None for p in doc.progress)
    assert {p.date for p in doc.progress} == {"2025-12-15"}


def test_a_plan_prose_states_no_progress() -> None:
    doc = parsed(PLAN)
    assert not reader.is_report(doc.document)
    assert doc.progress == ()


# --------------------------------------------------------------- the real report


def test_every_row_of_appendix_1_of_the_report_on_71_nq_cp_is_a_statement(
        rows_004: dict[str, object]) -> None:
    assert sorted(rows_004, key=int) == [str(n) for n in range(1, 38)]
    assert Counter(p.status for p in rows_004.values()) == {  # type: ignore[attr-defined]
        "done": 21, "in_progress": 14, "late": 2}
    assert {p.reported_document for p in rows_004.values()} == {"71/NQ-CP"}  # type: ignore[attr-defined]
    assert {p.date for p in rows_004.values()} == {"2025-05-25"}  # type: ignore[attr-defined]


# (row, status, as printed, products named after "đã ban hành" or first in the result cell)
SAMPLE_004 = [
    ("1", "done", "Hoàn thành", ()),  # the result says the decision is still to be signed
    ("3", "in_progress", "Đang thực hiện", ()),
    ("5", "done", "Hoàn thành", ("562/BKHCN-VCL",)),
    ("6", "done", "Hoàn thành", ("682/QĐ-BKHCN",)),
    ("16", "in_progress", "Đang thực hiện", ()),
    ("19", "done", "Hoàn thành", ("88/2025/NĐ-CP",)),  # not 193/2025/QH15, which it details
    ("25", "late", "Quá hạn", ()),
    ("33", "done", "Hoàn thành", ("66/NQ-CP",)),
    ("34", "late", "Quá hạn", ()),
    ("37", "in_progress", "Đang thực hiện", ()),
]


@pytest.mark.parametrize(("number", "status", "printed", "products"), SAMPLE_004,
                         ids=[s[0] for s in SAMPLE_004])
def test_sample_rows_of_the_report(report_004: tuple[str, Document],
                                   rows_004: dict[str, object], number: str, status: str,
                                   printed: str, products: tuple[str, ...]) -> None:
    text, doc = report_004
    row = rows_004[number]
    assert (row.status, row.status_text, row.products) == (  # type: ignore[attr-defined]
        status, printed, products)
    span = text[row.start:row.end]  # type: ignore[attr-defined]
    assert span.startswith(f"| {number}. |") and f"| {printed} |" in span
    assert row.spans["status"].text == printed  # type: ignore[attr-defined]
    task = row.task  # type: ignore[attr-defined]
    assert row.task_index is None and task not in doc.tasks  # type: ignore[attr-defined]
    assert task.number == number and task.content == row.task_content  # type: ignore[attr-defined]


def test_row_16_result_and_row_34_without_result(rows_004: dict[str, object]) -> None:
    assert rows_004["16"].result == "Sửa đổi trong Luật sửa đổi 07 Luật"  # type: ignore[attr-defined]
    assert rows_004["34"].result is None  # type: ignore[attr-defined]


# --------------------------------------------------------------- the graph


def test_graph_keeps_the_reported_tasks_under_71_nq_cp(report_004: tuple[str, Document]) -> None:
    text, doc = report_004
    graph = to_graph(doc, text=text)
    report = document_iri_of(doc)
    statements = set(graph.subjects(RDF.type, LO.ProgressStatement))
    assert len(statements) == len(doc.progress)
    nq71 = {o for s in statements for o in graph.objects(s, LO.reportedDocument)
            if "/nq/2025/71/cp" in str(o)}
    assert len(nq71) == 1
    (doc71,) = nq71
    known = set(graph.subjects(LO.knownFrom, report))
    assert len(known) == 37 and all((doc71, LO.hasTask, t) in graph for t in known)
    row7 = next(p for p in doc.progress if p.source == "table" and p.task_number == "7")
    task7 = identity.reported_task_iri(doc71, row7.task_content or "")
    assert task7 in known
    # "Tháng 3/2025": due by the last day of March
    assert (task7, LO.dueDate, Literal("2025-03-31", datatype=XSD_DATE)) in graph
    node = next(s for s in statements if (s, LO.reportsOn, task7) in graph)
    assert graph.value(node, LO.progressStatus) == Literal("done")
    assert graph.value(node, LO.reportedNumber) == Literal("7")
    span = graph.value(node, LO.evidence)
    assert str(graph.value(span, URIRef("http://www.w3.org/ns/oa#exact"))).startswith("| 7. |")
    # the row is no task of the report itself (issue 15: each row was counted twice)
    own = identity.task_iri(report, "7")
    assert (node, LO.reportsOn, own) not in graph
    assert not [t for t in doc.tasks if t.source == "table"]
    assert set(graph.objects(report, LO.hasTask)) == set()


def test_the_report_graph_conforms_to_the_progress_shapes(
        report_004: tuple[str, Document]) -> None:
    text, doc = report_004
    results = validate(to_graph(doc, text=text)).results
    assert not [r for r in results if r.check.startswith("Progress")]


def test_the_shapes_catch_a_statement_without_evidence() -> None:
    graph = Graph()
    node = URIRef("https://w3id.org/luocdo/id/eli/vn/bc/2025/1/cp/progress/1")
    graph.add((node, RDF.type, LO.ProgressStatement))
    graph.add((node, LO.progressStatus, Literal("done")))
    checks = {r.check for r in validate(graph).results}
    assert "ProgressEvidence" in checks


# --------------------------------------------------------------- the derived status


def _row(task: str, status: str, statement: str | None = None, date: str | None = None,
         reported: str | None = None) -> dict[str, object]:
    return {"task": task, "status": status, "statement": statement, "statementDate": date,
            "reportedStatus": reported, "dueBy": "2025-05-31"}


def test_decide_prefers_a_report_of_completion_then_the_newest_report() -> None:
    rows = [
        _row("t1", "overdue", "s1", "2025-05-25", "late"),
        _row("t1", "done", "s2", "2025-04-01", "done"),
        _row("t2", "in_progress", "s3", "2025-03-01", "in_progress"),
        _row("t2", "overdue", "s4", "2025-06-10", "late"),
        _row("t3", "overdue"),
    ]
    got = decide(rows, "2025-07-01")
    assert (got["t1"].status, got["t1"].statement) == ("done", "s2")
    assert (got["t2"].status, got["t2"].statement) == ("overdue", "s4")
    assert (got["t3"].status, got["t3"].statement, got["t3"].label) == (
        "overdue", None, "quá hạn")
    assert set(STATUS_LABELS) == {"done", "in_progress", "overdue", "not_yet_due",
                                  "no_information"}


# --------------------------------------------------------------- an ingested plan


@pytest.fixture(scope="module")
def plan_and_report() -> Iterator[Store]:
    """An invented plan (30/KH-UBND, three tasks due Quý I, Quý IV and Quý II/2024) and a
    report on it (80/BC-UBND of 20/6/2024): row 1 words task 1 as the plan does (with a
    full stop), row 2 gives task 2's number and opening words and adds "(đợt 1)"."""
    store = Store.memory()
    for name in ("twin_plan.txt", "twin_report.txt"):
        read = loaders.read(DATA / name)
        doc = loaders.parse(read)
        iri = str(document_iri_of(doc))
        store.add(to_graph(doc, text=read.text), named_graph=str(identity.graph_iri(iri)))
    yield store
    store.close()


def test_the_plan_s_own_tasks_take_the_reports_on_them(plan_and_report: Store) -> None:
    found = task_statuses(plan_and_report, "30/KH-UBND", as_of="2024-07-01")
    plan = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2024/30/ubnd"
    own = {iri.rsplit("/", 1)[1]: st for iri, st in found.items() if not st.known_from}
    assert {k: (v.status, v.reported_number, v.report_symbol) for k, v in own.items()} == {
        "1": ("done", "1", "80/BC-UBND"),
        "2": ("in_progress", "2", "80/BC-UBND"),
        "3": ("overdue", None, None),  # due Quý II/2024, no report on it
    }
    assert own["1"].evidence_text is not None and "Hoàn thành" in own["1"].evidence_text
    assert own["3"].evidence_document == plan  # the due date alone: the task's own span
    # as of a day before the report, task 2 (due Quý IV) is not yet due
    early = task_statuses(plan_and_report, "30/KH-UBND", as_of="2024-06-01")
    assert early[plan + "/task/2"].status == "not_yet_due"
    assert early[plan + "/task/1"].status == "overdue"


def test_the_trace_shows_such_a_task_once(plan_and_report: Store) -> None:
    result = trace(plan_and_report, "down", "30/KH-UBND", with_status=True, as_of="2024-07-01")
    plan_tasks = [n for n in result.tasks() if n.document and "/kh/2024/30/" in n.document]
    assert sorted(n.label for n in plan_tasks) == ["Nhiệm vụ 1", "Nhiệm vụ 2", "Nhiệm vụ 3"]
    assert {n.label: n.status.label for n in plan_tasks if n.status} == {
        "Nhiệm vụ 1": "hoàn thành", "Nhiệm vụ 2": "đang thực hiện", "Nhiệm vụ 3": "quá hạn"}
