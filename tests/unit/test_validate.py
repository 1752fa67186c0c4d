"""Validation of the two seed plans, checked against what the documents say.

2502/KH-UBND (Tây Ninh, seeds/000_…): its appendix table has the columns TT | Nội dung
nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm. The
"Sản phẩm" cell is empty in rows 10, 11 and 21 and filled in every other numbered row;
row 3 only introduces rows 3.1 and 3.2. Rows 10, 11 and 21 are led by the Sở Khoa học
và Công nghệ. The document is numbered, dated 08/8/2023, issued by the UBND tỉnh Tây
Ninh, typed KẾ HOẠCH and titled. It mentions "Luật ngân sách nhà nước" and "Nghị quyết
Hội nghị trung ương 6 khóa IX" without number and symbol.

386/KH-UBND (Đồng Nai, seeds/002_…): no task table (tasks in prose), numbered, dated,
issued and titled; task III.1.b names 709/QĐ-TTg, 348-KH/TU and 69-KL/TW, the three
documents the plan says it carries out.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from luocdo import loaders
from luocdo.ingest import ingest_paths
from luocdo.store import Store
from luocdo.validate import SH, Report, validate, validate_document

PLAN_2502 = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd"
PLAN_386 = "https://w3id.org/luocdo/id/eli/vn-dong-nai/kh/2024/386/ubnd"


@pytest.fixture(scope="module")
def seeds(seed_files: list[Path]) -> Store:
    store = Store.memory()
    report = ingest_paths(seed_files, store)
    assert report.ok, report.failed
    return store


@pytest.fixture(scope="module")
def report_2502(seeds: Store) -> Report:
    return validate(seeds, doc=PLAN_2502)


@pytest.fixture(scope="module")
def report_386(seeds: Store) -> Report:
    return validate(seeds, doc=PLAN_386)


def test_tasks_10_11_21_of_2502_have_no_product(report_2502: Report) -> None:
    missing = [r for r in report_2502.results if r.check == "TaskProduct"]
    assert sorted(r.task for r in missing) == ["10", "11", "21"]
    assert {r.severity for r in missing} == {"warning"}
    by_task = {r.task: r for r in missing}
    assert by_task["10"].message == {
        "vi": "Nhiệm vụ 10 của Kế hoạch 2502/KH-UBND chưa có sản phẩm",
        "en": "Task 10 of plan 2502/KH-UBND has no product",
    }
    assert by_task["21"].leads == ("Sở Khoa học và Công nghệ (Tây Ninh)",)


def test_a_finding_points_to_the_row_it_is_about(report_2502: Report,
                                                 seed_files: list[Path]) -> None:
    text = loaders.read(next(p for p in seed_files if p.name.startswith("000_"))).text
    row = next(r for r in report_2502.results if r.task == "11")
    assert row.span is not None and row.span.document == PLAN_2502
    quoted = text[row.span.start:row.span.end]
    assert quoted == row.span.exact
    assert quoted.startswith("11 | Triển khai Nghị quyết 16/2021/NQ-HĐND")


def test_2502_counts(report_2502: Report) -> None:
    counts = report_2502.counts()
    # Number, date, issuer, type, title, leads, contents and time frames of the table
    # are all printed: no violation. The three missing products are the only warnings.
    assert counts["violation"] == 0
    assert counts["warning"] == 3
    assert report_2502.conforms
    checks = Counter(r.check for r in report_2502.results)
    assert checks["CitationResolved"] == 2  # the two mentions without number and symbol
    assert set(checks) <= {"TaskProduct", "CitationResolved", "ProseTaskTimeframe"}


def test_no_false_finding_on_fields_that_are_present(seeds: Store, report_2502: Report,
                                                    report_386: Report) -> None:
    for report in (report_2502, report_386):
        checks = {r.check for r in report.results}
        assert not checks & {"DocumentNumber", "DocumentDate", "DocumentIssuer",
                             "DocumentType", "DocumentTitle", "TaskLead", "TaskContent",
                             "TaskTimeframe", "TaskParent", "CitesLaterDocument"}
    # a prose task is reported as stating no time frame only when it has none
    rows = seeds.select("SELECT ?t WHERE { ?t lo:timeframe ?f }")
    with_timeframe = {row["t"] for row in rows}
    prose = [r for r in report_2502.results + report_386.results
             if r.check == "ProseTaskTimeframe"]
    assert prose and not {r.focus for r in prose} & with_timeframe


def test_386_has_no_violation_nor_warning(report_386: Report) -> None:
    counts = report_386.counts()
    assert counts["violation"] == 0 and counts["warning"] == 0
    assert not [r for r in report_386.results if r.check == "NotBrokenDown"]


def test_results_grouped_by_document_and_lead(seeds: Store) -> None:
    report = validate(seeds)
    assert report.documents == sorted([PLAN_2502, PLAN_386])
    # each document's jurisdiction as its graph names it, for the report by province
    assert report.provinces == {PLAN_2502: "Tây Ninh", PLAN_386: "Đồng Nai"}
    assert [d["province"] for d in report.to_json()["documents"]] == ["Đồng Nai", "Tây Ninh"]
    by_doc = report.by_document()
    assert sum(r.severity == "warning" for r in by_doc[PLAN_2502]) == 3
    assert sum(r.severity == "warning" for r in by_doc[PLAN_386]) == 0
    lead = report.by_lead()["Sở Khoa học và Công nghệ (Tây Ninh)"]
    assert {r.task for r in lead if r.check == "TaskProduct"} == {"10", "11", "21"}
    assert report.summary("en").startswith("2 documents: 0 violations, 3 warnings")


def test_one_document_validates_alike_alone_or_among_others(
        seeds: Store, seed_files: list[Path], report_2502: Report) -> None:
    alone = Store.memory()
    ingest_paths([p for p in seed_files if p.name.startswith("000_")], alone)
    again = validate_document(alone, PLAN_2502)
    assert [(r.check, r.focus, r.value) for r in again.results] == \
        [(r.check, r.focus, r.value) for r in report_2502.results]


def test_report_as_json_and_as_a_shacl_graph(report_2502: Report) -> None:
    data = report_2502.to_json()
    assert data["conforms"] is True
    assert data["counts"] == {"violation": 0, "warning": 3, "info": report_2502.counts()["info"]}
    assert data["documents"] == [{"document": PLAN_2502, "symbol": "2502/KH-UBND", "name": {
        "vi": "Kế hoạch 2502/KH-UBND", "en": "plan 2502/KH-UBND"}, "province": "Tây Ninh"}]
    first = data["results"][0]
    assert first["check"] == "TaskProduct" and first["span"]["start"] < first["span"]["end"]
    graph = Graph()
    graph.parse(data=report_2502.to_graph().serialize(format="turtle"), format="turtle")
    messages = {str(o) for o in graph.objects(None, SH.resultMessage)}
    assert "Nhiệm vụ 21 của Kế hoạch 2502/KH-UBND chưa có sản phẩm" in messages


def test_only_an_ingested_document_can_be_validated(seeds: Store) -> None:
    from luocdo.errors import NotFoundError

    with pytest.raises(NotFoundError, match="only ingested documents"):
        validate(seeds, doc="https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2023/8/tu")
