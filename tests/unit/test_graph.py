"""The graph mapping: model → the triples of one document's named graph."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from luocdo import identity
from luocdo.graph import document_iri_of, to_graph
from luocdo.model import Agency, ReportingDuty, Target, UnnumberedReference
from luocdo.terms import LO, OA, declared, doctype_concept
from tests.unit import factories as f

# A plain namespace: pytest's collection probes module attributes, which rdflib's
# closed XSD namespace answers with warnings.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ELI = "https://w3id.org/luocdo/id/eli/"
PLAN = URIRef(ELI + "vn-tay-ninh/kh/2023/2502/ubnd")

# A short stand-in for a plan's text: each phrase a test needs appears once.
TEXT = (
    "Số: 2502/KH-UBND Tây Ninh, ngày 08 tháng 8 năm 2023\n"
    "Căn cứ Nghị quyết số 16/2021/NQ-HĐND của Hội đồng nhân dân tỉnh;\n"
    "Thực hiện Quyết định số 569/QĐ-TTg ngày 11/5/2022 của Thủ tướng Chính phủ;\n"
    "gắn với Quyết định 569/QĐ-TTg;\n"
    "Kế hoạch số 348/KH-TU của Tỉnh ủy.\n"
    "| 3 | Nhóm nhiệm vụ | \n"
    "| 3.1 | Triển khai Nghị quyết số 16/2021/NQ-HĐND về hỗ trợ | Sở KH&CN | Sở Tài chính |"
    " Năm 2024 |\n"
    "| 27 | Xây dựng kế hoạch thay thế Kế hoạch số 431/KH-UBND | Sở Khoa học và Công nghệ |"
    " Quý III/2023 |\n"
    "Quyết định 709/QĐ-TTg thực hiện Kết luận số 69-KL/TW.\n"
    "Phấn đấu đạt 1,5% vào năm 2025.\n"
    "Báo cáo Sở Khoa học và Công nghệ trước ngày 05/12 hằng năm.\n"
    "theo Luật Ngân sách nhà nước.\n"
)


def plan_document(**fields: object) -> object:
    t = TEXT
    refs = (
        f.reference(t, "16/2021/NQ-HĐND", relation="based_on", year=2021),
        f.reference(t, "569/QĐ-TTg", relation="implements", date="2022-05-11",
                    issuer="Thủ tướng Chính phủ"),
        f.reference(t, "569/QĐ-TTg", relation="aligns_with", occurrence=2),
        f.reference(t, "348-KH/TU", printed="348/KH-TU", relation="cites"),
        f.reference(t, "16/2021/NQ-HĐND", relation="cites", occurrence=2, year=2021),
        f.reference(t, "431/KH-UBND", relation="replaces", province="Tây Ninh"),
    )
    tasks = (
        f.task(t, "Nhóm nhiệm vụ", number="3", group="I", group_title="NHIỆM VỤ CHUNG"),
        f.task(t, "Triển khai Nghị quyết số 16/2021/NQ-HĐND về hỗ trợ", number="3.1",
               parent="3", group="I", group_title="NHIỆM VỤ CHUNG",
               lead=(f.agency(t, "Sở Khoa học và Công nghệ", printed="Sở KH&CN"),),
               coordinators=(f.agency(t, "Sở Tài chính"),),
               timeframe="Năm 2024", start_date="2024", end_date="2024", due="2024",
               product="Báo cáo", implements=("16/2021/NQ-HĐND",)),
        f.task(t, "Xây dựng kế hoạch thay thế Kế hoạch số 431/KH-UBND", number="27",
               lead=(f.agency(t, "Sở Khoa học và Công nghệ"),),
               timeframe="Quý III/2023", due="2023-09-30", start_date="2023-07",
               end_date="2023-09"),
    )
    start, end = f.at(t, "Phấn đấu đạt 1,5% vào năm 2025.")
    targets = (Target(text="Phấn đấu đạt 1,5% vào năm 2025.", start=start, end=end,
                      indicator="chi ngân sách", value="1,5", unit="%", year=2025,
                      value_min=1.5, value_max=1.5),)
    start, end = f.at(t, "Báo cáo Sở Khoa học và Công nghệ trước ngày 05/12 hằng năm.")
    reporting = (ReportingDuty(text=t[start:end], start=start, end=end, what="kết quả",
                               to="Sở Khoa học và Công nghệ", due="trước ngày 05/12 hằng năm",
                               recurrence="annual", day_month="12-05"),)
    start, end = f.at(t, "Luật Ngân sách nhà nước")
    unnumbered = (UnnumberedReference(text="Luật Ngân sách nhà nước", start=start, end=end,
                                      type="Luật", name="Luật Ngân sách nhà nước"),)
    start, end = f.at(t, "Sở KH&CN")
    agencies = (Agency(name="Sở Khoa học và Công nghệ", aliases=("Sở KH&CN",), kind="so",
                       province="Tây Ninh", start=start, end=end),)
    base = dict(
        document=f.info(spans={"symbol": f.span(t, "2502/KH-UBND"),
                               "date": f.span(t, "ngày 08 tháng 8 năm 2023")},
                        implements=("569/QĐ-TTg",)),
        references=refs, tasks=tasks, targets=targets, reporting=reporting,
        unnumbered_references=unnumbered, agencies=agencies,
        stated_relations=(f.stated(t, "Quyết định 709/QĐ-TTg thực hiện Kết luận số 69-KL/TW",
                                   "709/QĐ-TTg", "implements", "69-KL/TW"),),
    )
    base.update(fields)
    return f.document(t, **base)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_graph(plan_document(), text=TEXT)


def objects(g: Graph, s: URIRef, p: URIRef) -> set[object]:
    return set(g.objects(s, p))


# ---------------------------------------------------------------- the document


def test_document_iri() -> None:
    assert document_iri_of(plan_document()) == PLAN


def test_document_node(graph: Graph) -> None:
    assert objects(graph, PLAN, RDF.type) == {LO.LegalDocument, LO.Plan, LO.StateDocument}
    assert objects(graph, PLAN, LO.documentType) == {doctype_concept("KH")}
    assert objects(graph, PLAN, LO.symbol) == {Literal("2502/KH-UBND")}
    assert objects(graph, PLAN, LO.symbolKey) == {Literal("2502/kh-ubnd")}
    assert objects(graph, PLAN, LO.documentNumber) == {Literal("2502")}
    assert objects(graph, PLAN, LO.year) == {Literal(2023, datatype=XSD.integer)}
    assert objects(graph, PLAN, LO.dateIssued) == {Literal("2023-08-08", datatype=XSD.date)}
    assert objects(graph, PLAN, LO.place) == {Literal("Tây Ninh")}
    unit = URIRef("https://w3id.org/luocdo/id/unit/vn-tay-ninh")
    assert objects(graph, PLAN, LO.jurisdiction) == {unit}
    assert (unit, SKOS.prefLabel, Literal("Tây Ninh", lang="vi")) in graph
    assert (unit, LO.level, Literal("province")) in graph


def test_issuer_is_an_agency_of_the_province(graph: Graph) -> None:
    (issuer,) = objects(graph, PLAN, LO.issuer)
    assert str(issuer).startswith("https://w3id.org/luocdo/id/agency/vn-tay-ninh/")
    assert (issuer, RDF.type, LO.Agency) in graph
    assert (issuer, LO.administrativeUnit,
            URIRef("https://w3id.org/luocdo/id/unit/vn-tay-ninh")) in graph


def test_source_text(graph: Graph) -> None:
    (source,) = objects(graph, PLAN, LO.sourceText)
    assert (source, RDF.type, LO.SourceText) in graph
    assert objects(graph, source, LO.fileName) == {Literal("plan.txt")}
    (digest,) = objects(graph, source, LO.sha256)
    assert len(str(digest)) == 64


def test_header_fields_have_evidence(graph: Graph) -> None:
    exact = {str(graph.value(s, OA.exact)) for s in graph.objects(PLAN, LO.evidence)}
    assert exact == {"2502/KH-UBND", "ngày 08 tháng 8 năm 2023"}


# ---------------------------------------------------------------- references


QD569 = URIRef(ELI + "vn/qd/2022/569/ttg")


def test_cited_document_stub_has_the_iri_it_gets_when_ingested(graph: Graph) -> None:
    assert (QD569, RDF.type, LO.Decision) in graph
    assert (QD569, RDF.type, LO.StateDocument) in graph
    assert objects(graph, QD569, LO.symbol) == {Literal("569/QĐ-TTg")}
    assert objects(graph, QD569, LO.symbolKey) == {Literal("569/qd-ttg")}
    assert objects(graph, QD569, LO.dateIssued) == {Literal("2022-05-11", datatype=XSD.date)}
    assert objects(graph, QD569, LO.year) == {Literal(2022, datatype=XSD.integer)}
    assert objects(graph, QD569, LO.jurisdiction) == {URIRef("https://w3id.org/luocdo/id/unit/vn")}
    assert (QD569, LO.sourceText, None) not in graph  # known only from citations
    (issuer,) = objects(graph, QD569, LO.issuer)
    assert str(issuer) == "https://w3id.org/luocdo/id/agency/vn/thu-tuong-chinh-phu"


def test_an_undated_mention_takes_the_year_of_a_dated_one(graph: Graph) -> None:
    # "gắn với Quyết định 569/QĐ-TTg" prints no date: same node as the dated mention.
    assert (PLAN, LO.implements, QD569) in graph
    assert (PLAN, LO.alignsWith, QD569) in graph
    assert not [o for o in graph.objects(PLAN, LO.alignsWith) if "/_/" in str(o)]


def test_local_symbols_take_the_province_of_the_context(graph: Graph) -> None:
    nq16 = URIRef(ELI + "vn-tay-ninh/nq/2021/16/hdnd")
    assert (PLAN, LO.basedOn, nq16) in graph
    assert (nq16, RDF.type, LO.NormativeDocument) in graph
    tu348 = URIRef(ELI + "vn-tay-ninh/kh/_/348/tu")  # no year anywhere in the text
    assert (PLAN, LO.cites, tu348) in graph
    assert (tu348, RDF.type, LO.PartyDocument) in graph
    assert objects(graph, tu348, LO.symbolKey) == {Literal("348-kh/tu")}
    assert (tu348, LO.year, None) not in graph


def test_each_mention_is_a_citation_with_its_evidence(graph: Graph) -> None:
    citations = set(graph.subjects(RDF.type, LO.Citation))
    mentions = {c for c in citations if (c, LO.citedDocument, QD569) in graph}
    assert len(mentions) == 2
    relations = {graph.value(c, LO.relationType) for c in mentions}
    assert relations == {LO.implements, LO.alignsWith}
    for c in mentions:
        assert graph.value(c, LO.citingDocument) == PLAN
        span = graph.value(c, LO.evidence)
        assert graph.value(span, OA.exact) == Literal("569/QĐ-TTg")
        start, end = int(graph.value(span, OA.start)), int(graph.value(span, OA.end))
        assert TEXT[start:end] == "569/QĐ-TTg"


def test_a_reference_in_a_task_the_task_carries_out_belongs_to_the_task(graph: Graph) -> None:
    task31 = identity.task_iri(PLAN, "3.1")
    nq16 = URIRef(ELI + "vn-tay-ninh/nq/2021/16/hdnd")
    assert (task31, LO.implements, nq16) in graph
    assert (PLAN, LO.implements, nq16) not in graph
    cites = [c for c in graph.subjects(LO.inTask, task31)]
    assert [graph.value(c, LO.relationType) for c in cites] == [LO.implements]


def test_a_replacement_read_in_a_task_is_the_tasks_not_the_plans(graph: Graph) -> None:
    task27 = identity.task_iri(PLAN, "27")
    kh431 = URIRef(ELI + "vn-tay-ninh/kh/_/431/ubnd")  # printed without a date
    assert (task27, LO.replaces, kh431) in graph
    assert (PLAN, LO.replaces, kh431) not in graph
    (citation,) = graph.subjects(LO.inTask, task27)
    assert graph.value(citation, LO.relationType) == LO.replaces


def test_stated_relation_is_a_direct_triple_and_a_statement(graph: Graph) -> None:
    qd709 = URIRef(ELI + "vn/qd/_/709/ttg")
    kl69 = URIRef(ELI + "vn/kl/_/69/tw")
    assert (qd709, LO.implements, kl69) in graph
    (statement,) = graph.subjects(RDF.type, LO.RelationStatement)
    assert graph.value(statement, LO.subjectDocument) == qd709
    assert graph.value(statement, LO.objectDocument) == kl69
    assert graph.value(statement, LO.relationType) == LO.implements
    assert graph.value(statement, LO.statedIn) == PLAN


def test_unnumbered_reference_is_a_citation_by_title(graph: Graph) -> None:
    (citation,) = graph.subjects(LO.citedTitle, Literal("Luật Ngân sách nhà nước"))
    assert (citation, LO.citedDocument, None) not in graph
    assert graph.value(citation, LO.relationType) == LO.cites


# ---------------------------------------------------------------- tasks


def test_tasks(graph: Graph) -> None:
    tasks = set(graph.objects(PLAN, LO.hasTask))
    assert tasks == {identity.task_iri(PLAN, n) for n in ("3", "3.1", "27")}
    task31 = identity.task_iri(PLAN, "3.1")
    assert graph.value(task31, LO.parentTask) == identity.task_iri(PLAN, "3")
    assert graph.value(task31, LO.taskNumber) == Literal("3.1")
    assert graph.value(task31, LO.product) == Literal("Báo cáo")
    assert graph.value(task31, LO.assignmentSource) == Literal("table")
    group = graph.value(task31, LO.inGroup)
    assert (PLAN, LO.hasTaskGroup, group) in graph
    assert graph.value(group, LO.heading) == Literal("NHIỆM VỤ CHUNG")


def test_dates_have_the_type_of_their_precision(graph: Graph) -> None:
    task31 = identity.task_iri(PLAN, "3.1")
    task27 = identity.task_iri(PLAN, "27")
    assert graph.value(task31, LO.dueDate) == Literal("2024", datatype=XSD.gYear)
    assert graph.value(task27, LO.dueDate) == Literal("2023-09-30", datatype=XSD.date)
    assert graph.value(task27, LO.startDate) == Literal("2023-07", datatype=XSD.gYearMonth)


def test_one_agency_node_however_it_is_printed(graph: Graph) -> None:
    lead31 = graph.value(identity.task_iri(PLAN, "3.1"), LO.lead)
    lead27 = graph.value(identity.task_iri(PLAN, "27"), LO.lead)
    assert lead31 == lead27
    assert str(lead31).endswith("/agency/vn-tay-ninh/so-khoa-hoc-va-cong-nghe")
    assert (lead31, SKOS.altLabel, Literal("Sở KH&CN", lang="vi")) in graph
    assert graph.value(lead31, LO.agencyKind) == Literal("so")
    reporting = graph.value(PLAN, LO.hasReportingDuty)
    assert graph.value(reporting, LO.reportTo) == lead31


def test_targets_and_reporting(graph: Graph) -> None:
    target = graph.value(PLAN, LO.hasTarget)
    assert graph.value(target, LO.targetValue) == Literal("1,5")
    assert graph.value(target, LO.valueMin) == Literal("1.5", datatype=XSD.decimal)
    assert graph.value(target, LO.targetYear) == Literal(2025, datatype=XSD.integer)
    duty = graph.value(PLAN, LO.hasReportingDuty)
    assert graph.value(duty, LO.reportDayMonth) == Literal("--12-05", datatype=XSD.gMonthDay)
    assert graph.value(duty, LO.recurrence) == Literal("annual")


# ---------------------------------------------------------------- invariants


FACT_CLASSES = (LO.Task, LO.Target, LO.ReportingDuty, LO.Citation, LO.RelationStatement)


def test_every_fact_node_has_evidence_pointing_into_the_text(graph: Graph) -> None:
    facts = [s for c in FACT_CLASSES for s in graph.subjects(RDF.type, c)]
    assert len(facts) >= 12
    for fact in facts:
        spans = list(graph.objects(fact, LO.evidence))
        assert spans, fact
        for span in spans:
            assert graph.value(span, LO.inDocument) == PLAN
            start, end = int(graph.value(span, OA.start)), int(graph.value(span, OA.end))
            assert str(graph.value(span, OA.exact)) == TEXT[start:end]


def test_no_blank_nodes_and_deterministic() -> None:
    first, second = to_graph(plan_document(), text=TEXT), to_graph(plan_document(), text=TEXT)
    assert not [t for t in first if any(isinstance(x, BNode) for x in t)]
    assert set(first) == set(second)
    assert isomorphic(first, second)


def test_every_term_in_the_graph_is_declared(graph: Graph) -> None:
    known = declared() | {RDF.type}
    standard = (str(RDFS), str(OWL), str(XSD))
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    undeclared = {u for u in used if u not in known and not str(u).startswith(standard)}
    assert undeclared == set()


def test_without_the_text_spans_quote_what_the_model_holds() -> None:
    g = to_graph(plan_document())
    citation_spans = [g.value(c, LO.evidence) for c in g.subjects(RDF.type, LO.Citation)]
    assert all(g.value(s, OA.exact) is not None for s in citation_spans)


def test_an_unnumbered_draft_is_named_by_its_text() -> None:
    doc = plan_document(document=f.info(symbol="/KH-UBND", number=None, year=2026,
                                        unnumbered=True, date=None))
    iri = document_iri_of(doc)
    assert str(iri).startswith(ELI + "vn-tay-ninh/kh/2026/draft-")
    g = to_graph(doc, text=TEXT)
    assert g.value(iri, LO.unnumbered) == Literal(True)
    assert (iri, LO.symbol, None) not in g


def test_party_document_own_identity() -> None:
    t = "Số 08-NQ/TU"
    doc = f.document(t, document=f.info(
        symbol="08-NQ/TU", number="08", year=2023, type="Nghị quyết", type_code="NQ",
        party=True, issuer=f.Issuer(name="Tỉnh ủy Tây Ninh", code="TU", province="Tây Ninh")))
    iri = document_iri_of(doc)
    assert str(iri) == ELI + "vn-tay-ninh/nq/2023/8/tu"
    g = to_graph(doc, text=t)
    assert objects(g, iri, RDF.type) == {LO.LegalDocument, LO.Resolution, LO.PartyDocument}
    assert objects(g, iri, LO.symbol) == {Literal("08-NQ/TU")}  # as printed


# ---------------------------------------------------------------- the real seeds
# Expected IRIs checked against the seed texts: 569/QĐ-TTg "ngày 11/5/2022" in both;
# 348/KH-TU and 348-KH/TU "ngày 09/5/2024 của Tỉnh ủy Đồng Nai"; "Nghị quyết 16/2021/NQ-HĐND
# ngày 09/12/2021 của HĐND tỉnh" in Tây Ninh's plan; 431/KH-UBND "ngày 09/02/2021";
# 69-KL/TW "ngày 11/01/2024"; 20-NQ/TW "ngày 01/11/2012".


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, object, Graph]]:
    from luocdo import loaders
    from tests.conftest import SEED_DONG_NAI, SEED_TAY_NINH

    out = {}
    for name, path in (("tay_ninh", SEED_TAY_NINH), ("dong_nai", SEED_DONG_NAI)):
        text = loaders.read(path)
        doc = loaders.parse(text)
        out[name] = (text.text, doc, to_graph(doc, text=text.text))
    return out


TAY_NINH = URIRef(ELI + "vn-tay-ninh/kh/2023/2502/ubnd")
DONG_NAI = URIRef(ELI + "vn-dong-nai/kh/2024/386/ubnd")


def test_seed_document_iris(seeds: dict) -> None:
    assert document_iri_of(seeds["tay_ninh"][1]) == TAY_NINH
    assert document_iri_of(seeds["dong_nai"][1]) == DONG_NAI


def test_569_cited_by_both_seeds_is_one_node(seeds: dict) -> None:
    for name in ("tay_ninh", "dong_nai"):
        g = seeds[name][2]
        assert set(g.subjects(LO.citedDocument, QD569)), name
        assert g.value(QD569, LO.dateIssued) == Literal("2022-05-11", datatype=XSD.date)
    # Tây Ninh's plan is aligned with it; in Đồng Nai a task carries it out.
    assert (TAY_NINH, LO.alignsWith, QD569) in seeds["tay_ninh"][2]
    dong_nai = seeds["dong_nai"][2]
    doers = set(dong_nai.subjects(LO.implements, QD569))
    assert doers and all((DONG_NAI, LO.hasTask, t) in dong_nai for t in doers)


def test_348_in_both_forms_is_one_node(seeds: dict) -> None:
    g = seeds["dong_nai"][2]
    kh348 = URIRef(ELI + "vn-dong-nai/kh/2024/348/tu")
    printed = {str(g.value(c, LO.citedAs)) for c in g.subjects(LO.citedDocument, kh348)}
    assert any("348/KH-TU" in p for p in printed) and any("348-KH/TU" in p for p in printed)
    assert not [o for o in g.objects(None, LO.citedDocument) if "/348/" in str(o) and o != kh348]
    assert (DONG_NAI, LO.implements, kh348) in g


def test_local_resolution_cited_by_tay_ninh_is_tay_ninhs(seeds: dict) -> None:
    g = seeds["tay_ninh"][2]
    nq16 = URIRef(ELI + "vn-tay-ninh/nq/2021/16/hdnd")
    assert set(g.subjects(LO.citedDocument, nq16))
    assert not [o for o in g.objects(None, LO.citedDocument)
                if "/16/hdnd" in str(o) and o != nq16]
    assert (identity.task_iri(TAY_NINH, "11"), LO.implements, nq16) in g


def test_task_27_replaces_431_not_the_plan(seeds: dict) -> None:
    g = seeds["tay_ninh"][2]
    kh431 = URIRef(ELI + "vn-tay-ninh/kh/2021/431/ubnd")
    assert (identity.task_iri(TAY_NINH, "27"), LO.replaces, kh431) in g
    assert (TAY_NINH, LO.replaces, kh431) not in g


def test_agencies_one_node_per_body_and_province(seeds: dict) -> None:
    tn_doc, tn = seeds["tay_ninh"][1], seeds["tay_ninh"][2]
    sokhcn_tn = identity.agency_iri("Sở Khoa học và Công nghệ", "Tây Ninh")
    printed: dict[str, set[URIRef]] = {}
    for task in tn_doc.tasks:
        node = identity.task_iri(TAY_NINH, task.number) if task.number else None
        for ref in task.lead + task.coordinators:
            if node is not None and ref.text in ("Sở KH&CN", "Sở Khoa học và Công nghệ"):
                printed.setdefault(ref.text, set()).update(
                    set(tn.objects(node, LO.lead)) | set(tn.objects(node, LO.coordinator)))
    assert set(printed) == {"Sở KH&CN", "Sở Khoa học và Công nghệ"}
    assert all(sokhcn_tn in nodes for nodes in printed.values())
    assert (sokhcn_tn, SKOS.altLabel, Literal("Sở KH&CN", lang="vi")) in tn
    dn = seeds["dong_nai"][2]
    sokhcn_dn = identity.agency_iri("Sở Khoa học và Công nghệ", "Đồng Nai")
    assert sokhcn_dn != sokhcn_tn
    assert set(dn.subjects(LO.lead, sokhcn_dn))
    assert not set(dn.subjects(LO.lead, sokhcn_tn))


def test_tay_ninh_table_tasks(seeds: dict) -> None:
    g = seeds["tay_ninh"][2]
    numbers = {str(g.value(t, LO.taskNumber)) for t in g.objects(TAY_NINH, LO.hasTask)
               if g.value(t, LO.assignmentSource) == Literal("table")}
    assert numbers == {str(n) for n in range(1, 33)} | {"3.1", "3.2"}
    assert g.value(identity.task_iri(TAY_NINH, "3.1"), LO.parentTask) == \
        identity.task_iri(TAY_NINH, "3")


def _up(graph: Graph, start: URIRef) -> set[URIRef]:
    """Everything above a node: its plan (hasTask), what it implements or aligns with."""
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        above = set(graph.subjects(LO.hasTask, node)) | set(graph.objects(node, LO.implements))
        above |= set(graph.objects(node, LO.alignsWith)) | set(graph.objects(node, LO.parentTask))
        for a in above - seen:
            seen.add(a)
            todo.append(a)
    return seen


def test_trace_up_from_a_dong_nai_task_reaches_20_nq_tw(seeds: dict) -> None:
    union = Graph()
    for _text, _doc, g in seeds.values():
        for triple in g:
            union.add(triple)
    nq20 = URIRef(ELI + "vn/nq/2012/20/tw")
    kl69 = URIRef(ELI + "vn/kl/2024/69/tw")
    task = next(iter(union.objects(DONG_NAI, LO.hasTask)))
    above = _up(union, task)
    assert {DONG_NAI, kl69, nq20} <= above
    (statement,) = [s for s in union.subjects(LO.objectDocument, nq20)
                    if union.value(s, LO.subjectDocument) == kl69]
    assert union.value(statement, LO.statedIn) == DONG_NAI


def test_seed_evidence_quotes_the_text(seeds: dict) -> None:
    for text, _doc, g in seeds.values():
        spans = set(g.subjects(RDF.type, LO.Span))
        assert len(spans) > 50
        for span in spans:
            start, end = int(g.value(span, OA.start)), int(g.value(span, OA.end))
            assert str(g.value(span, OA.exact)) == text[start:end]
        facts = [s for c in FACT_CLASSES for s in g.subjects(RDF.type, c)]
        assert all(g.value(fact, LO.evidence) is not None for fact in facts)


def test_a_document_of_a_central_body_with_a_usually_local_code_is_national() -> None:
    t = "VĂN PHÒNG ĐẢNG ỦY CHÍNH PHỦ Số 402-CV/VPĐU Hà Nội, ngày 25 tháng 5 năm 2025"
    doc = f.document(t, document=f.info(
        symbol="402-CV/VPĐU", number="402", year=2025, type="Công văn", type_code="CV",
        date="2025-05-25", place="Hà Nội", party=True,
        issuer=f.Issuer(name="Văn phòng Đảng ủy Chính phủ", code="VPĐU", province=None)))
    iri = document_iri_of(doc)
    assert str(iri) == ELI + "vn/cv/2025/402/vpdu"
    g = to_graph(doc, text=t)
    assert g.value(iri, LO.jurisdiction) == URIRef("https://w3id.org/luocdo/id/unit/vn")
    # its own symbol is not a second, provincial node
    assert not [s for s in g.subjects(RDF.type, LO.LegalDocument) if s != iri]
