"""Completeness checks (SHACL): a document's graph, plus the context it needs, to a report.

The checks are the shapes in ``shapes/*.ttl`` (pySHACL, SHACL core and SHACL-SPARQL).
Non-conforming data is never an exception: :func:`validate` returns a :class:`Report`
whose results name the document, the task and what is missing, in Vietnamese and
English, and point to the span of text the focus node was read from (its
``lo:evidence``).

Validating one stored document reads only that document's named graph and the
context the rules need, each fetched by an indexed look-up (so the time does not grow
with the store): the subclass axioms of the ontology (``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf`` in the data graph, so no RDFS inference is
run); the facts the cited documents state about themselves in their own graphs
(date, year, type); the ``lo:implements`` chain above them (for cycles); and the
statements that a document the validated one carries out was replaced or repealed.
The facts fetched about a cited document leave out whether it was ingested
(``lo:sourceText``), so that only the validated document is checked as an ingested one,
and only findings about nodes of the document's own graph are kept: the others belong
to their own document's run.

Messages (a choice, documented here): every shape carries ``sh:message`` templates
with language tags ``@vi`` and ``@en``. ``{$this}`` stands for the focus node and
``{?value}`` for the value; SHACL-SPARQL messages may use any variable of their
``SELECT`` (``{?by}``). pySHACL substitutes variables of SPARQL constraints with raw
IRIs and drops language tags, so this module takes the templates from the shapes
graph, recovers the bindings from pySHACL's messages, and fills every placeholder with
the *name* of the node in the graph: ``Nhiệm vụ 10 của Kế hoạch 2502/KH-UBND``,
``Quyết định 569/QĐ-TTg``, a date as ``08/08/2023``. A SHACL-SPARQL rule that runs once
per document (shapes/cross_document.ttl) selects the node each finding is about as
``?subject``; the result is reported on that node.
"""

from __future__ import annotations

import functools
import itertools
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import pyoxigraph as ox
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.core.logical_constraints import OrConstraintComponent
from pyshacl.errors import ValidationFailure
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Node

from luocdo import identity, resources
from luocdo.errors import InputError, NotFoundError, StoreError
from luocdo.store import Store
from luocdo.terms import LO, PREFIXES, ontology

SH = Namespace("http://www.w3.org/ns/shacl#")
LSH = Namespace("https://w3id.org/luocdo/shapes#")

Severity: TypeAlias = Literal["violation", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("violation", "warning", "info")
_SEVERITY_OF: dict[Node, Severity] = {SH.Violation: "violation", SH.Warning: "warning",
                                       SH.Info: "info"}
LANGUAGES = ("vi", "en")

# How far up the lo:implements chain the context of one document is fetched, and how
# many statements of one relation about one node are read from other documents' graphs
# (a bound, so that a node cited by every document costs no more than one cited once).
CHAIN_DEPTH = 12
STATEMENT_LIMIT = 256

# Facts of a node fetched from another graph to name it in a message.
_NAMING = (RDF.type, LO.symbol, LO.taskNumber, LO.citedAs, LO.unnumbered)
# What the rules read about a cited document that was ingested, from its own graph: not
# whether it was ingested (lo:sourceText), so that it is checked in its own run only.
_CITED_FACTS = (RDF.type, LO.symbol, LO.year, LO.dateIssued, LO.jurisdiction,
                LO.documentType)

_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class Span:
    """Where in a document's text the focus node was read."""

    document: str
    start: int
    end: int
    exact: str | None


@dataclass(frozen=True)
class Result:
    """One finding: a check, its severity, what it is about and where the text says so."""

    severity: Severity
    check: str  # the shape's local name: TaskProduct, DocumentDate...
    focus: str  # IRI of the node the finding is about
    document: str | None  # IRI of the document the focus node belongs to
    symbol: str | None  # that document's number and symbol
    task: str | None  # the task number, for findings about a task
    leads: tuple[str, ...]  # lead agencies of that task (names)
    message: Mapping[str, str]  # language -> text
    path: str | None = None
    value: str | None = None
    span: Span | None = None

    def text(self, lang: str = "vi") -> str:
        """The message in ``lang`` (falls back to Vietnamese)."""
        return self.message.get(lang) or self.message.get("vi") or ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "severity": self.severity, "check": self.check,
            "label": {lang: check_label(self.check, lang) for lang in LANGUAGES},
            "focus": self.focus,
            "document": self.document, "symbol": self.symbol, "task": self.task,
            "leads": list(self.leads), "message": dict(self.message), "path": self.path,
            "value": self.value,
            "span": None if self.span is None else {
                "document": self.span.document, "start": self.span.start,
                "end": self.span.end, "exact": self.span.exact},
        }


@dataclass
class Report:
    """The outcome of validating one or more documents."""

    results: list[Result] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # IRIs of the validated documents
    symbols: dict[str, str | None] = field(default_factory=dict)  # IRI -> symbol
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> language -> name
    # IRI -> the label of the document's jurisdiction as its graph states it ("Tây Ninh",
    # "Việt Nam"); None when the document names none
    provinces: dict[str, str | None] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """True when no result is a violation (warnings and information are allowed)."""
        return not any(r.severity == "violation" for r in self.results)

    def counts(self) -> dict[Severity, int]:
        """Number of results per severity (every severity present, zero included)."""
        out: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
        for r in self.results:
            out[r.severity] += 1
        return out

    def by_document(self) -> dict[str, list[Result]]:
        """Results grouped by the document they are about (validated documents first)."""
        groups: dict[str, list[Result]] = {d: [] for d in self.documents}
        for r in self.results:
            groups.setdefault(r.document or r.focus, []).append(r)
        return groups

    def by_lead(self) -> dict[str, list[Result]]:
        """Results about tasks grouped by lead agency name (a task with two leads is in both);
        results about anything else, or about tasks without a lead, under ``""``."""
        groups: dict[str, list[Result]] = defaultdict(list)
        for r in self.results:
            for lead in r.leads or ("",):
                groups[lead].append(r)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0])))

    def extend(self, other: Report) -> None:
        """Add another report's documents and results to this one."""
        self.results.extend(other.results)
        self.documents.extend(d for d in other.documents if d not in self.documents)
        self.symbols.update(other.symbols)
        self.names.update(other.names)
        self.provinces.update(other.provinces)
        self.seconds += other.seconds

    def summary(self, lang: str = "vi") -> str:
        """One line of counts by severity."""
        c = self.counts()
        n = len(self.documents)
        if lang == "en":
            return (f"{n} document{'s' if n != 1 else ''}: {c['violation']} violations, "
                    f"{c['warning']} warnings, {c['info']} information")
        return (f"{n} văn bản: {c['violation']} vi phạm, {c['warning']} cảnh báo, "
                f"{c['info']} thông tin")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: conformance, counts, documents and results."""
        return {
            "conforms": self.conforms,
            "counts": self.counts(),
            "seconds": round(self.seconds, 3),
            "documents": [{"document": d, "symbol": self.symbols.get(d),
                           "name": self.names.get(d, {}),
                           "province": self.provinces.get(d)} for d in self.documents],
            "results": [r.to_json() for r in self.results],
        }

    def to_graph(self) -> Graph:
        """The report as a SHACL validation report graph, messages tagged @vi and @en,
        each result with ``lo:evidence`` to its span."""
        g = Graph(bind_namespaces="core")
        g.bind("sh", SH)
        g.bind("lsh", LSH)
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, RdfLiteral(self.conforms)))
        severity_iri = {v: k for k, v in _SEVERITY_OF.items()}
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.resultSeverity, severity_iri[r.severity]))
            g.add((node, SH.focusNode, URIRef(r.focus)))
            g.add((node, SH.sourceShape, LSH[r.check]))
            if r.path:
                g.add((node, SH.resultPath, URIRef(r.path)))
            if r.value is not None:
                g.add((node, SH.value, URIRef(r.value) if r.value.startswith("http")
                       else RdfLiteral(r.value)))
            for lang, text in sorted(r.message.items()):
                g.add((node, SH.resultMessage, RdfLiteral(text, lang=lang)))
            if r.span is not None:
                g.add((node, LO.evidence,
                       identity.span_iri(r.span.document, r.span.start, r.span.end)))
        return g


# ---------------------------------------------------------------- shapes and schema


@functools.cache
def shapes_graph() -> Graph:
    """Every ``shapes/*.ttl`` file in one graph."""
    graph = Graph()
    for path in resources.files("shapes", "*.ttl"):
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def _schema() -> tuple[tuple[Node, Node, Node], ...]:
    """The subclass axioms of the ontology, added to every data graph."""
    return tuple(ontology().triples((None, RDFS.subClassOf, None)))


@functools.cache
def _templates() -> dict[Node, dict[str, str]]:
    """``sh:message`` templates of every shape and SPARQL constraint, by language."""
    out: dict[Node, dict[str, str]] = defaultdict(dict)
    for node, text in shapes_graph().subject_objects(SH.message):
        if isinstance(text, RdfLiteral):
            out[node][text.language or "vi"] = str(text)
    return dict(out)


@functools.cache
def _check_labels() -> dict[str, dict[str, str]]:
    """``rdfs:label`` of every shape by local name and language."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for shape, label in shapes_graph().subject_objects(RDFS.label):
        if isinstance(shape, URIRef) and str(shape).startswith(str(LSH)) and \
                isinstance(label, RdfLiteral) and label.language:
            out[str(shape)[len(str(LSH)):]][label.language] = str(label)
    return dict(out)


def check_label(check: str, lang: str = "vi") -> str:
    """What a check looks for, in words: ``nhiệm vụ chưa có sản phẩm``."""
    labels = _check_labels().get(check, {})
    return labels.get(lang) or labels.get("vi") or check


@functools.cache
def _binding_pattern(template: str) -> re.Pattern[str]:
    """A regex that recovers the variable bindings pySHACL substituted into ``template``."""
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:m.start()]))
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


@functools.cache
def _kind_labels() -> dict[Node, dict[str, str]]:
    """Labels by language of the document kinds (sub-classes of lo:LegalDocument that are
    not facets and not defined by reasoning)."""
    onto = ontology()
    facets = {LO.LegalDocument, LO.PartyDocument, LO.StateDocument, LO.NormativeDocument}
    kinds: dict[Node, dict[str, str]] = {}
    for cls in onto.subjects(RDFS.subClassOf, LO.LegalDocument):
        if cls in facets:
            continue
        labels = {lit.language: str(lit) for lit in onto.objects(cls, RDFS.label)
                  if isinstance(lit, RdfLiteral) and lit.language}
        kinds[cls] = labels
    return kinds


# ---------------------------------------------------------------- naming


def _cap(text: str) -> str:
    if not text or text.startswith("http"):
        return text
    return text[:1].upper() + text[1:]


def _cut(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _literal_text(value: str) -> str:
    """A literal as a user reads it: ISO dates as dd/mm/yyyy."""
    m = _ISO_DATE.match(value)
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else value


class _Namer:
    """Names of nodes in one data graph, for messages and for grouping."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph

    def first(self, node: Node, prop: URIRef) -> Node | None:
        return next(iter(sorted(self.g.objects(node, prop), key=str)), None)

    def text(self, node: Node, prop: URIRef) -> str | None:
        value = self.first(node, prop)
        return None if value is None else str(value)

    def is_document(self, node: Node) -> bool:
        return (node, RDF.type, LO.LegalDocument) in self.g or identity.is_document_iri(
            str(node))

    def document_of(self, node: Node) -> Node | None:
        """The document a node belongs to (itself for a document); None for agencies."""
        if self.is_document(node):
            return node
        for prop, inverse in ((LO.hasTask, True), (LO.citingDocument, False),
                              (LO.hasTarget, True), (LO.hasReportingDuty, True),
                              (LO.hasTaskGroup, True), (LO.statedIn, False),
                              (LO.inDocument, False)):
            found = (self.first_subject(prop, node) if inverse else self.first(node, prop))
            if found is not None:
                return found
        return None

    def first_subject(self, prop: URIRef, node: Node) -> Node | None:
        return next(iter(sorted(self.g.subjects(prop, node), key=str)), None)

    def document_name(self, doc: Node, lang: str) -> str:
        labels = _kind_labels()
        kinds = sorted(str(t) for t in self.g.objects(doc, RDF.type) if t in labels)
        kind = (labels[URIRef(kinds[0])].get(lang) if kinds else None) or (
            "văn bản" if lang == "vi" else "document")
        symbol = self.text(doc, LO.symbol)
        if symbol:
            return f"{_cap(kind) if lang == 'vi' else kind} {symbol}"
        source = self.first(doc, LO.sourceText)
        file_name = self.text(source, LO.fileName) if source is not None else None
        where = f" ({file_name})" if file_name else ""
        if lang == "vi":
            return f"{_cap(kind)} chưa có số{where}"
        return f"unnumbered {kind}{where}"

    def name(self, node: Node, lang: str) -> str:
        """What a message calls ``node``: ``Nhiệm vụ 10 của Kế hoạch 2502/KH-UBND``."""
        if isinstance(node, RdfLiteral):
            return _literal_text(str(node))
        if self.is_document(node):
            return self.document_name(node, lang)
        types = set(self.g.objects(node, RDF.type))
        doc = self.document_of(node)
        of = self.document_name(doc, lang) if doc is not None else None
        vi = lang == "vi"
        if LO.Task in types or "/task/" in str(node):
            number = self.text(node, LO.taskNumber) or str(node).rsplit("/", 1)[-1]
            head = f"Nhiệm vụ {number}" if vi else f"task {number}"
            return f"{head} của {of}" if vi and of else f"{head} of {of}" if of else head
        if LO.Citation in types:
            cited = self.text(node, LO.citedAs)
            head = ("Trích dẫn" if vi else "the mention") + (f" «{_cut(cited)}»" if cited else "")
            return f"{head} trong {of}" if vi and of else f"{head} in {of}" if of else head
        if LO.Target in types:
            what = self.text(node, LO.indicator)
            head = ("Chỉ tiêu" if vi else "the target") + (f" «{_cut(what)}»" if what else "")
            return f"{head} của {of}" if vi and of else f"{head} of {of}" if of else head
        if LO.ReportingDuty in types:
            what = self.text(node, LO.reportContent) or self.text(node, LO.reportDeadline)
            head = ("Chế độ báo cáo" if vi else "the reporting duty") + (
                f" «{_cut(what)}»" if what else "")
            return f"{head} của {of}" if vi and of else f"{head} of {of}" if of else head
        label = self.label(node)
        if label:
            return label
        if types & {LO.Agency, LO.CollectiveAssignee}:  # unnamed: its IRI's slug
            slug = str(node).rstrip("/").rsplit("/", 1)[-1]
            return f"Cơ quan «{slug}»" if vi else f"the agency «{slug}»"
        return str(node)

    def label(self, node: Node) -> str | None:
        labels = sorted(self.g.objects(node, SKOS.prefLabel), key=str)
        vi = [str(x) for x in labels if isinstance(x, RdfLiteral) and x.language == "vi"]
        names = vi or [str(x) for x in labels]
        return names[0] if names else None

    def jurisdiction(self, doc: Node) -> str | None:
        """The label of a document's jurisdiction (its lo:jurisdiction's skos:prefLabel,
        Vietnamese first): "Tây Ninh", "Việt Nam"; None when the graph names none."""
        unit = self.first(doc, LO.jurisdiction)
        return None if unit is None else self.label(unit)

    def leads(self, node: Node) -> tuple[str, ...]:
        """Names of the lead agencies of a task, with their province (one Sở per province)."""
        return tuple(sorted({self.agency_name(a) for a in self.g.objects(node, LO.lead)}))

    def agency_name(self, node: Node) -> str:
        """``Sở Khoa học và Công nghệ (Tây Ninh)``; national bodies without a place."""
        label = self.label(node) or str(node)
        unit = self.first(node, LO.administrativeUnit)
        if unit is None or self.text(unit, LO.level) != "province":
            return label
        place = self.label(unit)
        return f"{label} ({place})" if place and place not in label else label

    def span(self, node: Node, doc: Node | None) -> Span | None:
        """The first span of ``node``'s evidence in ``doc``'s text."""
        best: tuple[int, int, str] | None = None
        for span in self.g.objects(node, LO.evidence):
            in_doc = self.first(span, LO.inDocument)
            if doc is not None and in_doc is not None and in_doc != doc:
                continue
            start, end = self.text(span, _OA_START), self.text(span, _OA_END)
            if start is None or end is None or not (start.isdigit() and end.isdigit()):
                continue
            key = (int(start), int(end), str(span))
            if best is None or key < best:
                best = key
        if best is None:
            return None
        start_at, end_at, span_iri = best
        span_node = URIRef(span_iri)
        in_doc = self.first(span_node, LO.inDocument) or doc
        exact = self.text(span_node, _OA_EXACT)
        return Span(document=str(in_doc), start=start_at, end=end_at, exact=exact)


_OA = Namespace("http://www.w3.org/ns/oa#")
_OA_START, _OA_END, _OA_EXACT = _OA.start, _OA.end, _OA.exact


# ---------------------------------------------------------------- running the shapes


def _bindings(report: Graph, result: Node, constraint: Node | None) -> dict[str, Node]:
    """What pySHACL substituted into a SPARQL constraint's messages, recovered by matching
    them against the constraint's templates (pySHACL keeps no other record of it)."""
    if constraint is None:
        return {}
    produced = [str(m) for m in report.objects(result, SH.resultMessage)]
    bound: dict[str, Node] = {}
    for template in _templates().get(constraint, {}).values():
        pattern = _binding_pattern(template)
        for message in produced:
            m = pattern.match(message)
            if m is None:
                continue
            for name, raw in m.groupdict().items():
                if raw is not None and not raw.startswith("{"):
                    bound[name] = URIRef(raw) if raw.startswith("http") else RdfLiteral(raw)
            break
    return bound


def _messages(namer: _Namer, templates: Mapping[str, str],
              bound: Mapping[str, Node]) -> dict[str, str]:
    """The messages in every language, placeholders filled with the names of what is bound."""
    out: dict[str, str] = {}
    for lang, template in templates.items():

        def fill(m: re.Match[str], lang: str = lang) -> str:
            node = bound.get(m.group(1))
            return m.group(0) if node is None else namer.name(node, lang)

        out[lang] = _cap(_PLACEHOLDER.sub(fill, template))
    return out


def _results(data: Graph, report: Graph, validated: str | None = None) -> list[Result]:
    """The report's results, each about the node the finding concerns: the focus node, or
    for a rule that runs once per document, the node it selects as ``?subject``."""
    namer = _Namer(data)
    templates = _templates()
    out: list[Result] = []
    seen: set[tuple[str, str, str | None, str]] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        shape = report.value(result, SH.sourceShape)
        constraint = report.value(result, SH.sourceConstraint)
        check = str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "shape"
        severity: Severity = _SEVERITY_OF.get(report.value(result, SH.resultSeverity)
                                              or SH.Violation, "violation")
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        bound = _bindings(report, result, constraint)
        subject = bound.get("subject", focus)
        if value is None or value == focus:
            value = bound.get("value")
        bound.update({"this": focus, "subject": subject})
        if value is not None:
            bound["value"] = value
        chosen = (templates.get(constraint) if constraint is not None else None) or (
            templates.get(shape) if shape is not None else None) or {}
        message = _messages(namer, chosen, bound) or {
            "en": "; ".join(str(m) for m in report.objects(result, SH.resultMessage))}
        key = (str(subject), check, None if value is None else str(value), message.get("vi", ""))
        if key in seen:  # one fact found through two routes (two dates of one node)
            continue
        seen.add(key)
        doc = namer.document_of(subject)
        is_task = (subject, RDF.type, LO.Task) in data
        owner = validated or (None if doc is None else str(doc))
        out.append(Result(
            severity=severity, check=check, focus=str(subject),
            document=owner,
            symbol=namer.text(URIRef(owner), LO.symbol) if owner else None,
            task=(namer.text(subject, LO.taskNumber) or str(subject).rsplit("/", 1)[-1])
            if is_task else None,
            leads=namer.leads(subject) if is_task else (),
            message=message,
            path=str(path) if isinstance(path, URIRef) else None,
            value=None if value is None else str(value),
            span=namer.span(subject, doc),
        ))
    return out


class _DataGraph(Graph):
    """A data graph whose SPARQL queries are parsed once per text.

    pySHACL passes the same text of a SHACL-SPARQL constraint for every focus node of
    every document, with ``$this`` bound by ``initBindings``; parsing it was most of the
    time of validation (issue 13: 600 parses, 75 s of 216 s for 150 documents).
    """

    def query(self, query_object: str | Query, processor: Any = "sparql",  # type: ignore[override]
              result: Any = "sparql", initNs: Mapping[str, Any] | None = None,
              initBindings: Mapping[str, Any] | None = None,
              use_store_provided: bool = True, **kwargs: Any) -> QueryResult:
        if isinstance(query_object, str) and initNs is None:
            query_object = _prepared(query_object, tuple(self.namespaces()))
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


@functools.lru_cache(maxsize=64)
def _prepared(text: str, namespaces: tuple[tuple[str, URIRef], ...]) -> Query:
    """``text`` parsed and translated with the prefixes rdflib would give it
    (``Graph.query`` passes the graph's namespaces as ``initNs``)."""
    return prepareQuery(text, initNs=dict(namespaces))


class _FirstOfOr(OrConstraintComponent):
    """``sh:or`` that stops at the first member the value node conforms to, trying the
    members in the order of the list.

    pySHACL checks every member of the list for every value node and builds a full
    result (messages, node descriptions) for each member that fails, then throws those
    results away (SHACL §4.6.2: only whether some member conforms counts). On the
    corpus that was most of the time of validation, and ``lsh:TaskProduct``'s last
    member (no task of the document has a product) reads every task of the document
    for each task. The outcome is the same: a value node conforms to some member or
    it does not. What is skipped is an error (pySHACL's ``ValidationFailure``) that a
    member after the first conforming one could raise: shapes/ has none (the
    meta-SHACL test checks them).
    """

    def _evaluate_or_constraint(self, executor: Any, or_c: Node, target_graph: Any,
                                focus_value_nodes: Mapping[Any, Iterable[Any]],
                                _evaluation_path: list[Any]) -> tuple[bool, list[Any]]:
        shape_graph = self.shape.sg.graph
        members: list[Any] = []
        for item in shape_graph.items(or_c):
            if self.shape.sg.is_filtered_out_shape(item):
                continue
            member = self.shape.get_other_shape(item)
            if not member:  # as pySHACL: a member that is not a shape is an error
                return super()._evaluate_or_constraint(  # type: ignore[no-any-return]
                    executor, or_c, target_graph, focus_value_nodes, _evaluation_path)
            if member not in members:
                members.append(member)
        if not members:
            return False, []
        reports: list[Any] = []
        non_conformant = False
        for focus, value_nodes in focus_value_nodes.items():
            for value in value_nodes:
                if not any(member.validate(executor, target_graph, focus=value,
                                           _evaluation_path=_evaluation_path[:])[0]
                           for member in members):
                    non_conformant = True
                    reports.append(self.make_v_result(target_graph, focus, value_node=value))
        return non_conformant, reports


@functools.cache
def _compiled_shapes() -> ShapesGraph:
    """pySHACL's view of the shapes, its shapes harvested once for every run."""
    apply_patches()
    assign_baked_in()
    # pySHACL picks the class of a constraint from this table: sh:or is checked by
    # _FirstOfOr from now on in this process (the same outcome, see its docstring).
    CONSTRAINT_PARAMETERS_MAP[SH["or"]] = _FirstOfOr
    shapes = ShapesGraph(shapes_graph())
    _ = shapes.shapes  # the property harvests and caches every shape
    return shapes


def _run(data: Graph, validated: str | None = None) -> list[Result]:
    """Run every shape over ``data`` (in place); ``validated``: the document whose graph
    (with its context) ``data`` is, to which every result then belongs."""
    for triple in _schema():
        data.add(triple)
    return _results(data, _report(data), validated)


def _report(data: Graph) -> Graph:
    """pySHACL's report graph of ``data``: what ``pyshacl.validate(data, shacl_graph=
    shapes_graph(), inference="none", inplace=True, allow_infos=True,
    allow_warnings=True)`` gives, with the shapes compiled once and every SPARQL
    constraint parsed once (``data`` should be a :class:`_DataGraph`)."""
    shapes = _compiled_shapes()
    options: dict[str, Any] = {"inference": "none", "inplace": True, "allow_infos": True,
                               "allow_warnings": True}
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=shapes.graph,
                          options=options)
    validator.shacl_graph = shapes  # the compiled shapes, not a new harvest of the graph
    try:
        _conforms, report, _text = validator.run()
    except ValidationFailure as failure:
        raise InputError(f"SHACL validation failed: {failure}", source="shapes") from failure
    if not isinstance(report, Graph):
        raise InputError(f"SHACL validation failed: {report}", source="shapes")
    return report


_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _natural(text: str | None) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p)
                 for p in re.split(r"(\d+)", text or "") if p)


def _sort(results: Iterable[Result]) -> list[Result]:
    return sorted(results, key=lambda r: (r.document or "", _RANK[r.severity],
                                          _natural(r.task), r.check, r.focus, r.value or ""))


# ---------------------------------------------------------------- context from a store


def _rdf(term: Any) -> Node:
    """The rdflib term of a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return RdfLiteral(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == str(XSD.string):
        return RdfLiteral(term.value)
    return RdfLiteral(term.value, datatype=URIRef(datatype))


def _ox(node: Node) -> ox.NamedNode:
    return ox.NamedNode(str(node))


class _Context:
    """Builds the data graph of one stored document: its graph plus what the rules read."""

    def __init__(self, store: Store, doc: str, terms: dict[Any, Node] | None = None) -> None:
        self.inner = store.inner
        self.doc = URIRef(doc)
        self.data: Graph = _DataGraph()
        self.own: set[Node] = set()  # subjects of the document's own graph
        # rdflib terms of the pyoxigraph terms met (shared by the documents of a batch):
        # a node recurs in many triples, and building an rdflib term (IRI checks,
        # literal parsing) was a third of the time of building the data graph.
        self.terms: dict[Any, Node] = {} if terms is None else terms
        self.inferred = ox.NamedNode(str(identity.inferred_graph_iri()))

    def add(self, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        taken = []
        terms = self.terms
        triples = []
        for q in quads:
            if q.graph_name == self.inferred:
                continue
            triple = []
            for term in (q.subject, q.predicate, q.object):
                node = terms.get(term)
                if node is None:
                    node = terms[term] = _rdf(term)
                triple.append(node)
            triples.append((triple[0], triple[1], triple[2], self.data))
            taken.append(q)
        self.data.addN(triples)
        return taken

    def own_graph(self, node: Node) -> ox.NamedNode | None:
        """The named graph of an ingested document; None for other nodes."""
        if not identity.is_document_iri(str(node)):
            return None
        name = ox.NamedNode(str(identity.graph_iri(str(node))))
        return name if self.inner.contains_named_graph(name) else None

    def build(self) -> Graph:
        own = self.own_graph(self.doc)
        if own is None:
            raise NotFoundError(f"{self.doc}: no graph of this document in the store; "
                                "only ingested documents can be validated")
        quads = self.add(self.inner.quads_for_pattern(None, None, None, own))
        documents: set[Node] = set()
        implemented: set[Node] = set()
        rdf_type, legal_document = _ox(RDF.type), _ox(LO.LegalDocument)
        implements = _ox(LO.implements)
        for q in quads:
            self.own.add(self.terms[q.subject])
            if q.predicate == rdf_type and q.object == legal_document:
                documents.add(self.terms[q.subject])
            elif q.predicate == implements:
                implemented.add(self.terms[q.object])
        for x in sorted(documents - {self.doc}, key=str):
            graph = self.own_graph(x)
            if graph is not None:  # an ingested document: what it says of itself
                for prop in _CITED_FACTS:
                    self.add(self.inner.quads_for_pattern(_ox(x), _ox(prop), None, graph))
        self.chain(documents)
        self.replaced(implemented)
        return self.data

    def statements(self, subject: Node | None, prop: URIRef, obj: Node | None,
                   graph: ox.NamedNode | None) -> list[ox.Quad]:
        pattern = self.inner.quads_for_pattern(
            None if subject is None else _ox(subject), _ox(prop),
            None if obj is None else _ox(obj), graph)
        return self.add(itertools.islice(pattern, STATEMENT_LIMIT))

    def chain(self, start: set[Node]) -> None:
        """The lo:implements chain above ``start``: an ingested document's own statement,
        else what other documents state (at most STATEMENT_LIMIT statements per node)."""
        seen = set(start)
        frontier = set(start)
        for _ in range(CHAIN_DEPTH):
            found: set[Node] = set()
            for node in frontier:
                if node == self.doc:
                    targets = set(self.data.objects(node, LO.implements))
                else:
                    graph = self.own_graph(node)
                    quads = self.statements(node, LO.implements, None, graph)
                    targets = {_rdf(q.object) for q in quads}
                found |= targets - seen
            if not found:
                return
            seen |= found
            frontier = found

    def replaced(self, implemented: set[Node]) -> None:
        """Statements that a document carried out here was replaced or repealed, with the
        facts that name the replacing node (from the graph that states it)."""
        for x in sorted(implemented, key=str):
            for prop in (LO.replaces, LO.repeals):
                for q in self.statements(None, prop, x, None):
                    if isinstance(q.subject, ox.NamedNode):
                        self.naming_facts(q.subject, q.graph_name)

    def naming_facts(self, node: ox.NamedNode, graph: Any) -> None:
        """The facts that name ``node`` in ``graph`` (and its document, for a task)."""
        for prop in _NAMING:
            self.add(self.inner.quads_for_pattern(node, _ox(prop), None, graph))
        for q in self.add(self.inner.quads_for_pattern(None, _ox(LO.hasTask), node, graph)):
            for prop in _NAMING:
                self.add(self.inner.quads_for_pattern(q.subject, _ox(prop), None, graph))


# ---------------------------------------------------------------- public API


def ingested_documents(store: Store) -> list[str]:
    """IRIs of the documents read from a file (one named graph each), sorted."""
    suffix = "/graph"
    out = []
    for name in store.graphs():
        if name.endswith(suffix) and identity.is_document_iri(name[: -len(suffix)]):
            out.append(name[: -len(suffix)])
    return out


# Terms shared by the documents of a batch, at most (then the cache starts again).
_BATCH_TERMS = 500_000


def validate_documents(store: Store, docs: Iterable[str]) -> Iterator[Report]:
    """Validate stored documents one after the other: one report per document, in order,
    each what :func:`validate_document` gives for it.

    A batch shares the compiled shapes, the parsed SPARQL constraints and the rdflib
    terms of the nodes the documents have in common (agencies, cited documents). Each
    document is still checked on its own data graph: checking a batch as one graph
    would let one document's statements about another (a year misread in a citation)
    change the other's findings, and a pySHACL run costs 2 ms beyond its focus nodes
    (bench/bench_validate.py), so one run per document loses nothing measurable.
    """
    terms: dict[Any, Node] = {}
    for doc in docs:
        if len(terms) > _BATCH_TERMS:
            terms = {}
        yield _validate_one(store, doc, terms)


def validate_document(store: Store, doc: str) -> Report:
    """Validate one stored document's graph with the context it needs (see module doc)."""
    return _validate_one(store, doc, None)


def _validate_one(store: Store, doc: str, terms: dict[Any, Node] | None) -> Report:
    started = time.perf_counter()
    context = _Context(store, doc, terms)
    data = context.build()
    # Findings are about the document's own nodes; nodes fetched as context (a document
    # that replaced a cited one) are checked in their own document's run.
    results = [r for r in _run(data, doc) if URIRef(r.focus) in context.own]
    namer = _Namer(data)
    return Report(results=_sort(results), documents=[doc],
                  symbols={doc: namer.text(URIRef(doc), LO.symbol)},
                  names={doc: _names(namer, doc)},
                  provinces={doc: namer.jurisdiction(URIRef(doc))},
                  seconds=time.perf_counter() - started)


def _names(namer: _Namer, doc: str) -> dict[str, str]:
    return {lang: namer.document_name(URIRef(doc), lang) for lang in LANGUAGES}


# Below this many documents, validating them here is quicker than starting workers.
POOL_MIN_DOCUMENTS = 8


def validate(source: Graph | Store, *, doc: str | None = None, jobs: int = 1) -> Report:
    """Check a graph, one stored document (``doc``: its IRI) or every stored document.

    A graph is checked as a whole (``doc`` keeps only the results about that
    document's own nodes). Never raises for data that does not conform: the
    report says what does not. The documents of a store on disk are checked by
    ``jobs`` worker processes (:mod:`luocdo.workers`); the report is the same.
    """
    if isinstance(source, Store):
        if doc is not None:
            return validate_document(source, doc)
        report = Report()
        docs = ingested_documents(source)
        if jobs > 1 and len(docs) >= POOL_MIN_DOCUMENTS and source.path is not None:
            from luocdo.workers import validation_reports

            for name, one in validation_reports(source, docs, jobs=jobs):
                if one is None:
                    raise StoreError(f"{source.location}: document <{name}> could not be "
                                     "validated")
                report.extend(one)
        else:
            for one in validate_documents(source, docs):
                report.extend(one)
        report.results = _sort(report.results)
        return report
    started = time.perf_counter()
    data: Graph = _DataGraph()
    for triple in source:
        data.add(triple)
    results = _run(data)
    documents = sorted(str(d) for d in data.subjects(LO.sourceText, None))
    if doc is not None:
        results = [r for r in results if r.document == doc]
        documents = [doc]
    namer = _Namer(data)
    return Report(results=_sort(results), documents=documents,
                  symbols={d: namer.text(URIRef(d), LO.symbol) for d in documents},
                  names={d: _names(namer, d) for d in documents},
                  provinces={d: namer.jurisdiction(URIRef(d)) for d in documents},
                  seconds=time.perf_counter() - started)
