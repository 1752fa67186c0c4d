"""The ontology: the graph contract's terms, the document-type scheme, OWL 2 DL hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from luocdo import resources
from luocdo.loaders import patterns
from luocdo.terms import ELI, LO, doctype_concept, ontology


def _words(text: str) -> list[str]:
    return text.split()


# The graph contract (TERMS.md) the other modules code against: each must be declared
# with this kind.
CONTRACT_CLASSES = _words("""
LegalDocument Law Decree Resolution Decision Directive Conclusion Plan Programme Circular
JointCircular OfficialLetter Report Regulation Notice Guidance Submission Scheme Dispatch
Ordinance Constitution Strategy PartyDocument StateDocument NormativeDocument DocumentType
Task TaskGroup Target ReportingDuty Assignee Agency CollectiveAssignee AdministrativeUnit
Citation RelationStatement Span Section SourceText
""")
CONTRACT_OBJECT_PROPERTIES = _words("""
issuer documentType jurisdiction sourceText relatedTo implements implementedBy alignsWith
alignedWithBy basedOn basisFor cites citedBy replaces replacedBy amends amendedBy repeals
repealedBy guides guidedBy corrects correctedBy consolidates consolidatedBy contributesTo
hasTask taskOf parentTask subTask inGroup hasTaskGroup lead coordinator hasTarget
hasReportingDuty reporter reportTo administrativeUnit evidence inDocument citingDocument
citedDocument subjectDocument objectDocument statedIn
""")
CONTRACT_DATATYPE_PROPERTIES = _words("""
symbol symbolKey documentNumber year dateIssued place title unnumbered sha256 fileName
taskNumber content timeframe startDate endDate dueDate recurrence product assignmentSource
indicator targetValue valueMin valueMax unit targetYear reportContent reporterName
reportDeadline agencyKind level citedAs inSection
""")
CONTRACT_ANNOTATION_PROPERTIES = ["typeClass", "relationType"]

INVERSES = {
    "implements": "implementedBy", "alignsWith": "alignedWithBy", "basedOn": "basisFor",
    "cites": "citedBy", "replaces": "replacedBy", "amends": "amendedBy",
    "repeals": "repealedBy", "guides": "guidedBy", "corrects": "correctedBy",
    "consolidates": "consolidatedBy", "hasTask": "taskOf", "parentTask": "subTask",
}
# Where ELI has the relation, ours is a sub-property of ELI's.
ELI_ALIGNMENT = {
    "implements": "implements", "implementedBy": "implemented_by", "basedOn": "based_on",
    "basisFor": "basis_for", "cites": "cites", "citedBy": "cited_by", "amends": "amends",
    "amendedBy": "amended_by", "repeals": "repeals", "repealedBy": "repealed_by",
    "replaces": "changes", "issuer": "passed_by", "dateIssued": "date_document",
    "title": "title",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology()


@pytest.mark.parametrize(("names", "kind"), [
    (CONTRACT_CLASSES, OWL.Class),
    (CONTRACT_OBJECT_PROPERTIES, OWL.ObjectProperty),
    (CONTRACT_DATATYPE_PROPERTIES, OWL.DatatypeProperty),
    (CONTRACT_ANNOTATION_PROPERTIES, OWL.AnnotationProperty),
])
def test_contract_terms_are_declared_with_their_kind(onto: Graph, names: list[str],
                                                     kind: URIRef) -> None:
    missing = [n for n in names if (LO[n], RDF.type, kind) not in onto]
    assert missing == []


def test_relations_have_their_inverse(onto: Graph) -> None:
    for forward, inverse in INVERSES.items():
        assert (LO[forward], OWL.inverseOf, LO[inverse]) in onto, forward


def test_document_relations_sit_under_related_to(onto: Graph) -> None:
    for forward, inverse in INVERSES.items():
        if forward in ("hasTask", "parentTask"):
            continue
        assert (LO[forward], RDFS.subPropertyOf, LO.relatedTo) in onto, forward
        assert (LO[inverse], RDFS.subPropertyOf, LO.relatedFrom) in onto, inverse


def test_relations_are_aligned_to_eli(onto: Graph) -> None:
    for ours, theirs in ELI_ALIGNMENT.items():
        assert (LO[ours], RDFS.subPropertyOf, ELI[theirs]) in onto, ours


def test_contributes_to_is_transitive_and_fed_by_implements_and_task_of(onto: Graph) -> None:
    assert (LO.contributesTo, RDF.type, OWL.TransitiveProperty) in onto
    assert (LO.implements, RDFS.subPropertyOf, LO.contributesTo) in onto
    assert (LO.taskOf, RDFS.subPropertyOf, LO.contributesTo) in onto


def test_standard_vocabularies_are_reused(onto: Graph) -> None:
    assert (LO.LegalDocument, RDFS.subClassOf, ELI.LegalResource) in onto
    assert (LO.Section, RDFS.subClassOf, ELI.LegalResourceSubdivision) in onto
    assert (LO.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in onto
    assert (LO.Citation, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    assert (LO.Span, RDFS.subClassOf,
            URIRef("http://www.w3.org/ns/oa#TextPositionSelector")) in onto
    assert (LO.DocumentType, RDFS.subClassOf, SKOS.Concept) in onto


def test_every_document_class_of_the_patterns_is_a_kind_of_legal_document(onto: Graph) -> None:
    data = patterns.load("doctypes")
    classes = {t["class"] for t in data["types"]} | {t["class"] for t in data["names_without_code"]}
    classes |= {t["party_class"] for t in data["types"] if "party_class" in t}
    for name in sorted(classes):
        assert (LO[name], RDFS.subClassOf, LO.LegalDocument) in onto, name


def test_doctype_scheme_agrees_with_the_patterns(onto: Graph) -> None:
    types = patterns.load("doctypes")["types"]
    for t in types:
        concept = doctype_concept(t["code"])
        assert (concept, RDF.type, LO.DocumentType) in onto, t["code"]
        assert (concept, SKOS.inScheme, LO.DocumentTypeScheme) in onto
        assert list(onto.objects(concept, SKOS.notation)) == [Literal(t["code"])]
        vi = [o for o in onto.objects(concept, SKOS.prefLabel) if o.language == "vi"]
        assert vi == [Literal(t["name"], lang="vi")], t["code"]
        assert list(onto.objects(concept, LO.typeClass)) == [LO[t["class"]]]
        party = list(onto.objects(concept, LO.partyTypeClass))
        assert party == ([LO[t["party_class"]]] if "party_class" in t else [])
    in_scheme = set(onto.subjects(SKOS.inScheme, LO.DocumentTypeScheme))
    assert in_scheme == {doctype_concept(t["code"]) for t in types}


def test_doctype_concepts_have_distinct_iris() -> None:
    codes = [t["code"] for t in patterns.load("doctypes")["types"]]
    assert len({doctype_concept(c) for c in codes}) == len(codes)


def test_no_punning_between_classes_properties_and_individuals(onto: Graph) -> None:
    kinds = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             OWL.NamedIndividual]
    kinds_of: dict[URIRef, set[URIRef]] = {}
    for kind in kinds:
        for s in onto.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                kinds_of.setdefault(s, set()).add(kind)
    assert {s: k for s, k in kinds_of.items() if len(k) > 1} == {}


def test_no_range_outside_the_owl2_datatype_map(onto: Graph) -> None:
    # HermiT refuses xsd:date, gYear, gYearMonth, gMonthDay (not in the OWL 2 datatype map).
    xsd = "http://www.w3.org/2001/XMLSchema#"
    refused = {URIRef(xsd + n) for n in ("date", "gYear", "gYearMonth", "gMonthDay")}
    assert [(s, o) for s, o in onto.subject_objects(RDFS.range) if o in refused] == []


def test_ontology_loads_in_owlready2(tmp_path: Path, onto: Graph) -> None:
    owlready2 = pytest.importorskip("owlready2")
    nt = tmp_path / "luocdo.nt"
    onto.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    loaded = world.get_ontology(nt.as_uri()).load()
    names = {c.iri for c in loaded.classes()}
    assert str(LO.Task) in names and str(LO.LegalDocument) in names
    task_of = world[str(LO.taskOf)]
    assert task_of is not None and task_of.inverse_property == world[str(LO.hasTask)]


def test_ontology_files_are_packaged_resources() -> None:
    names = {p.name for p in resources.files("ontology", "*.ttl")}
    assert {"luocdo.ttl", "doctypes.ttl"} <= names


@pytest.mark.slow
def test_ontology_is_consistent_for_hermit(tmp_path: Path, onto: Graph) -> None:
    owlready2 = pytest.importorskip("owlready2")
    nt = tmp_path / "luocdo.nt"
    onto.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    loaded = world.get_ontology(nt.as_uri()).load()
    with loaded:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    assert list(world.inconsistent_classes()) == []
