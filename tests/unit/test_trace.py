"""Traces over a small hand-built store in the graph contract's shape (TERMS.md).

Two plans like the seeds: Tây Ninh's plan carries out its Party committee's
resolution and is aligned with a national decision; one task of Đồng Nai's
plan carries out that decision; Đồng Nai's plan states that another decision
carries out a conclusion, which carries out a central resolution. The real
seeds are traced in ``tests/cli/test_cli_trace.py``.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from luocdo import identity
from luocdo.errors import InputError, NotFoundError
from luocdo.store import Store
from luocdo.trace import AmbiguousSymbolError, resolve, trace, trace_down, trace_up

LO = rdflib.Namespace("https://w3id.org/luocdo/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


def doc(symbol: str, year: int | None, province: str | None) -> URIRef:
    return URIRef(identity.document_iri(symbol, year=year, province=province))


TN, DN = "Tây Ninh", "Đồng Nai"
R08 = doc("08-NQ/TU", 2023, TN)
R08_YEARLESS = doc("08-NQ/TU", None, TN)
P2502 = doc("2502/KH-UBND", 2023, TN)
S569 = doc("569/QĐ-TTg", 2022, None)
Q386 = doc("386/KH-UBND", 2024, DN)
D709 = doc("709/QĐ-TTg", 2024, None)
K348 = doc("348-KH/TU", 2024, DN)
KL69 = doc("69-KL/TW", 2024, None)
NQ20 = doc("20-NQ/TW", 2012, None)
LETTER = doc("15/UBND-KT", 2024, TN)
OTHER_2502 = doc("2502/KH-UBND", 2023, DN)


class Builder:
    """Writes one document's named graph the way the graph mapping does."""

    def __init__(self, iri: URIRef, symbol: str, province: str | None, *, ingested: bool = True):
        self.iri = iri
        self.g = rdflib.Graph()
        self.n = 0
        self.stub(iri, symbol, province)
        if ingested:
            self.g.add((iri, LO.sourceText, identity.source_iri(str(iri))))

    def stub(self, iri: URIRef, symbol: str, province: str | None) -> None:
        self.g.add((iri, RDF.type, LO.LegalDocument))
        self.g.add((iri, LO.symbol, Literal(symbol)))
        self.g.add((iri, LO.symbolKey, Literal(identity.symbol_key(symbol))))
        unit = identity.unit_iri(province)
        self.g.add((iri, LO.jurisdiction, unit))
        self.g.add((unit, SKOS.prefLabel, Literal(province or "Việt Nam", lang="vi")))

    def span(self, start: int, text: str) -> URIRef:
        span = identity.span_iri(str(self.iri), start, start + len(text))
        self.g.add((span, LO.inDocument, self.iri))
        self.g.add((span, OA.start, Literal(start)))
        self.g.add((span, OA.end, Literal(start + len(text))))
        self.g.add((span, OA.exact, Literal(text)))
        return span

    def cites(self, target: URIRef, symbol: str, province: str | None, relation: str,
              start: int, text: str, *, task: URIRef | None = None) -> None:
        self.stub(target, symbol, province)
        self.n += 1
        citation = identity.citation_iri(str(self.iri), self.n)
        self.g.add((citation, RDF.type, LO.Citation))
        self.g.add((citation, LO.citingDocument, self.iri))
        self.g.add((citation, LO.citedDocument, target))
        self.g.add((citation, LO.relationType, LO[relation]))
        self.g.add((citation, LO.evidence, self.span(start, text)))
        if task is not None:
            self.g.add((citation, LO.inTask, task))
            self.g.add((task, LO[relation], target))
        elif relation != "cites":
            self.g.add((self.iri, LO[relation], target))

    def states(self, subject: URIRef, subject_symbol: str, relation: str, obj: URIRef,
               obj_symbol: str, start: int, text: str) -> None:
        self.stub(subject, subject_symbol, None)
        self.stub(obj, obj_symbol, None)
        self.n += 1
        statement = identity.statement_iri(str(self.iri), self.n)
        self.g.add((statement, RDF.type, LO.RelationStatement))
        self.g.add((statement, LO.subjectDocument, subject))
        self.g.add((statement, LO.objectDocument, obj))
        self.g.add((statement, LO.relationType, LO[relation]))
        self.g.add((statement, LO.statedIn, self.iri))
        self.g.add((statement, LO.evidence, self.span(start, text)))
        self.g.add((subject, LO[relation], obj))

    def task(self, number: str, content: str, leads: list[str], province: str,
             start: int) -> URIRef:
        task = identity.task_iri(str(self.iri), number)
        self.g.add((self.iri, LO.hasTask, task))
        self.g.add((task, RDF.type, LO.Task))
        self.g.add((task, LO.taskNumber, Literal(number)))
        self.g.add((task, LO.content, Literal(content)))
        self.g.add((task, LO.evidence, self.span(start, content)))
        for name in leads:
            agency = identity.agency_iri(name, province)
            self.g.add((task, LO.lead, agency))
            self.g.add((agency, SKOS.prefLabel, Literal(name, lang="vi")))
        return task


def tay_ninh_plan() -> Builder:
    b = Builder(P2502, "2502/KH-UBND", TN)
    b.cites(R08, "08-NQ/TU", TN, "implements", 100, "Thực hiện Nghị quyết số 08-NQ/TU")
    b.cites(S569, "569/QĐ-TTg", None, "alignsWith", 900,
            "gắn với các định hướng ... tại Quyết định số 569/QĐ-TTg")
    for n in range(1, 12):
        b.task(str(n), f"Nội dung nhiệm vụ {n}", ["Sở Khoa học và Công nghệ"], TN, 2000 + 100 * n)
    return b


def dong_nai_plan() -> Builder:
    b = Builder(Q386, "386/KH-UBND", DN)
    b.cites(D709, "709/QĐ-TTg", None, "implements", 50, "Quyết định số 709/QĐ-TTg")
    b.cites(K348, "348-KH/TU", DN, "implements", 150, "Kế hoạch số 348/KH-TU")
    b.states(D709, "709/QĐ-TTg", "implements", KL69, "69-KL/TW", 60,
             "709/QĐ-TTg ... ban hành Kế hoạch thực hiện Kết luận số 69-KL/TW")
    b.states(KL69, "69-KL/TW", "implements", NQ20, "20-NQ/TW", 120,
             "Kết luận số 69-KL/TW ... về tiếp tục thực hiện Nghị quyết số 20-NQ/TW")
    t1 = b.task("1", "Tăng cường sự lãnh đạo", ["Sở Thông tin và Truyền thông"], DN, 3000)
    t2 = b.task("2", "Tổ chức thực hiện tốt Chiến lược", ["Sở Khoa học và Công nghệ"], DN, 3100)
    del t1
    b.cites(S569, "569/QĐ-TTg", None, "implements", 3120, "Quyết định số 569/QĐ-TTg", task=t2)
    return b


def letter() -> Builder:
    """A letter citing 08-NQ/TU without its date: a yearless node."""
    b = Builder(LETTER, "15/UBND-KT", TN)
    b.cites(R08_YEARLESS, "08-NQ/TU", TN, "implements", 40, "Nghị quyết số 08-NQ/TU")
    return b


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store.memory()
    for b in (tay_ninh_plan(), dong_nai_plan(), letter()):
        s.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)
    return s


def test_down_from_a_resolution_lists_the_plan_its_tasks_and_leads(store: Store) -> None:
    t = trace(store, "down", "08-NQ/TU")
    assert set(t.roots) == {str(R08), str(R08_YEARLESS)}
    docs = {n.iri: n for n in t.documents()}
    assert str(P2502) in docs and docs[str(P2502)].label == "Kế hoạch 2502/KH-UBND"
    assert docs[str(P2502)].jurisdiction == TN
    assert str(LETTER) in docs  # reached through the yearless citation
    tasks = [n for n in t.tasks() if n.document == str(P2502)]
    assert sorted(int(n.number or 0) for n in tasks) == list(range(1, 12))
    assert all(n.leads == ("Sở Khoa học và Công nghệ",) for n in tasks)
    hop = t.via(str(P2502))
    assert hop is not None and (hop.relation, hop.target) == ("implements", str(R08))
    assert hop.evidence[0].symbol == "2502/KH-UBND"
    assert (hop.evidence[0].start, hop.evidence[0].text) == (
        100, "Thực hiện Nghị quyết số 08-NQ/TU")


def test_down_from_a_national_decision_reaches_both_provinces(store: Store) -> None:
    t = trace(store, "down", "569/QĐ-TTg")
    task2 = str(identity.task_iri(str(Q386), "2"))
    hop = t.via(task2)
    assert hop is not None and hop.relation == "implements"
    assert hop.evidence[0].start == 3120 and hop.evidence[0].symbol == "386/KH-UBND"
    plan = t.nodes[str(Q386)]
    assert (plan.mode, plan.jurisdiction) == ("context", DN)
    # Only the task carries the decision out, not the rest of Đồng Nai's plan.
    assert str(identity.task_iri(str(Q386), "1")) not in t.nodes
    aligned = t.via(str(P2502))
    assert aligned is not None and aligned.relation == "alignsWith"
    assert "569/QĐ-TTg" in (aligned.evidence[0].text or "")
    assert [h.relation for h in t.path(str(Q386))] == ["implements", "taskOf"]
    assert len([n for n in t.tasks() if n.document == str(P2502)]) == 11


def test_a_relation_option_restricts_the_hops(store: Store) -> None:
    t = trace(store, "down", "569/QĐ-TTg", relations=["implements"])
    assert str(P2502) not in t.nodes
    assert str(identity.task_iri(str(Q386), "2")) in t.nodes
    with pytest.raises(InputError, match="unknown relation"):
        trace(store, "down", "569/QĐ-TTg", relations=["carriesOut"])


def test_up_from_a_task_reaches_the_top_through_stated_relations(store: Store) -> None:
    task1 = str(identity.task_iri(str(Q386), "1"))
    t = trace_up(store, [task1])
    assert [t.nodes[h.target].label for h in t.path(str(NQ20))] == [
        "Kế hoạch 386/KH-UBND", "Quyết định 709/QĐ-TTg", "Kết luận 69-KL/TW",
        "Nghị quyết 20-NQ/TW"]
    stated = t.via(str(NQ20))
    assert stated is not None and stated.evidence[0].stated_in == str(Q386)
    assert str(K348) in t.nodes and not t.nodes[str(K348)].ingested


def test_a_local_symbol_of_two_provinces_is_ambiguous(store: Store) -> None:
    extra = Builder(OTHER_2502, "2502/KH-UBND", DN)
    local = Store.memory()
    for b in (tay_ninh_plan(), extra):
        local.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)
    with pytest.raises(AmbiguousSymbolError) as info:
        resolve(local, "2502/KH-UBND")
    assert {c.iri for c in info.value.candidates} == {str(P2502), str(OTHER_2502)}
    assert resolve(local, "2502/KH-UBND", province="Đồng Nai") == (str(OTHER_2502),)


def test_unknown_symbols_and_iris_are_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        resolve(store, "999/QĐ-TTg")
    with pytest.raises(NotFoundError):
        resolve(store, "https://w3id.org/luocdo/id/eli/vn/qd/2000/1/ttg")
    with pytest.raises(InputError):
        resolve(store, "not a symbol")


def test_trace_from_an_iri_and_as_json(store: Store) -> None:
    t = trace_down(store, [str(S569)], max_depth=1)
    data = t.to_json()
    assert data["direction"] == "down" and data["roots"] == [str(S569)]
    assert {h["relation"] for h in data["hops"]} >= {"implements", "alignsWith"}
    assert all(h["depth"] == 1 for h in data["hops"])
