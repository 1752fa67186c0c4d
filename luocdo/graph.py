"""The graph mapping: one extracted :class:`~luocdo.model.Document` → its named graph.

The only module that turns the model into RDF (terms: ``ontology/``; IRIs:
:mod:`luocdo.identity`). Deterministic and without blank nodes, so that the same
document always gives the same triples and stores can be compared exactly.

What the graph of one document holds (TERMS.md):

- the document node (types, facets, symbol, key, number, year, date, place, title,
  issuer agency, jurisdiction, source file) and the spans of its header fields;
- one ``lo:Citation`` per mention of another document, the direct relation triple it
  states (``doc lo:implements X``; inside a task's content the task is the subject:
  ``task lo:implements X``, ``task lo:replaces X``), and a stub of the cited document
  (type, symbol, key, number, year, date when the mention gives one, jurisdiction)
  under the IRI the cited document gets when it is ingested itself;
- one ``lo:RelationStatement`` per relation between two other documents the text
  states, plus the direct triple;
- tasks, task groups, targets, reporting duties, agencies and sections;
- statements of progress (issue 16, ``ontology/progress.ttl``), each on the report's
  own row task and, when the report names the document whose task it is, on that task,
  kept under that document and known from the report (``{doc}/task/r-…``).

Every fact node has ``lo:evidence`` → ``lo:Span`` (document, start, end, exact text).
Only forward relations are written; inverses are inferred.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from luocdo import identity
from luocdo.errors import InputError
from luocdo.loaders import patterns
from luocdo.loaders.symbols import Symbol
from luocdo.loaders.symbols import parse_symbol as _parse_symbol
from luocdo.loaders.vietnamese import fold
from luocdo.model import AgencyRef, Document, DocumentInfo, Reference, Task
from luocdo.terms import LO, OA, PREFIXES, doctype_concept, document_class, relation_property

NATION_LABEL = "Việt Nam"

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_DAY_MONTH = re.compile(r"^(\d{2})-(\d{2})$")


# Symbols repeat within and across documents; parsing is pure.
parse_symbol = functools.lru_cache(maxsize=8192)(_parse_symbol)


@dataclass(frozen=True)
class _Cited:
    """What this document says about one cited symbol: the context its IRI needs."""

    symbol: Symbol
    year: int | None
    province: str | None
    date: str | None
    issuer: str | None  # issuer as stated
    national: bool = False  # the issuer is named as a central body


# ---------------------------------------------------------------- public API


def document_iri_of(doc: Document) -> URIRef:
    """The IRI of the document itself (the same IRI its citations elsewhere mint)."""
    info = doc.document
    province = _context_province(info)
    national = _national_issuer(info)
    sym = parse_symbol(info.symbol) if info.symbol else None
    if sym is not None and sym.number:
        return identity.document_iri(sym, year=info.year, province=province, national=national)
    if sym is not None and doc.text_sha256:
        return identity.document_iri(sym, year=info.year, province=province,
                                     draft=doc.text_sha256, national=national)
    if not doc.text_sha256:
        raise InputError("a document without a number needs its text's SHA-256 to be named",
                         source=doc.source)
    return identity.key_iri(identity.anonymous_key(
        type_code=_type_code(info), year=info.year, province=province, digest=doc.text_sha256))


def to_graph(doc: Document, *, text: str | None = None) -> Graph:
    """The triples of ``doc``'s named graph.

    ``text`` is the normalized text ``doc`` was parsed from; when given, every
    span's ``oa:exact`` is cut from it (tasks and agencies carry no text of
    their own in the model); without it, spans quote what the model holds.
    """
    return _Mapper(doc, text).run()


# ---------------------------------------------------------------- helpers


def _context_province(info: DocumentInfo) -> str | None:
    """The province a document belongs to; None for a central document."""
    if info.issuer is not None and info.issuer.province:
        return info.issuer.province
    if _national_issuer(info):
        return None
    sym = parse_symbol(info.symbol) if info.symbol else None
    if sym is not None and sym.local and info.place:
        return info.place
    return None


def _national_issuer(info: DocumentInfo) -> bool:
    """Whether the issuer is named as a central body (``Văn phòng Đảng ủy Chính phủ``),
    which makes the document national whatever the usual level of its symbol's code."""
    issuer = info.issuer
    return issuer is not None and not issuer.province and _national_name(issuer.name)


def _national_name(name: str | None) -> bool:
    """Whether a printed body name says it is central (Chính phủ, Trung ương...)."""
    reader = _agency_reader()
    if reader is None or not name:
        return False
    parsed = reader[0](name, None)  # type: ignore[operator]
    return bool(parsed.national) and not parsed.province


def _type_code(info: DocumentInfo) -> str | None:
    if info.type_code:
        return info.type_code
    if info.type:
        entry = patterns.doctype_by_name().get(fold(info.type))
        if entry is not None and entry.get("code"):
            return str(entry["code"])
    return None


def _doctype_entry(code: str | None) -> dict[str, object] | None:
    if not code:
        return None
    return patterns.doctype_by_code().get(fold(code).upper())


def _kind_class(code: str | None, type_name: str | None, party: bool,
                sym: Symbol | None) -> URIRef | None:
    """The kind class: from the type code, else the type name, else the symbol's form."""
    entry = _doctype_entry(code)
    if entry is not None:
        name = entry.get("party_class", entry["class"]) if party else entry["class"]
        return document_class(str(name))
    if type_name:
        named = patterns.doctype_by_name().get(fold(type_name))
        if named is not None:
            return document_class(str(named["class"]))
    if sym is not None:
        segment = identity.type_segment(sym)
        if segment == "luat":
            return LO.Law
        if segment == "cv":
            return LO.OfficialLetter
    return None


def _concept(code: str | None, sym: Symbol | None) -> URIRef | None:
    if code and _doctype_entry(code) is not None:
        return doctype_concept(code)
    if sym is not None:
        segment = identity.type_segment(sym)
        if segment == "luat":
            return doctype_concept("L")
        if segment == "cv":
            return doctype_concept("CV")
    return None


def _year_of(date: str | None) -> int | None:
    if date and re.match(r"^\d{4}", date):
        return int(date[:4])
    return None


def _date_literal(value: str | None) -> Literal | None:
    """``YYYY-MM-DD`` → xsd:date, ``YYYY-MM`` → xsd:gYearMonth, ``YYYY`` → xsd:gYear."""
    if not value:
        return None
    if _DAY.match(value):
        return Literal(value, datatype=XSD.date)
    if _MONTH.match(value):
        return Literal(value, datatype=XSD.gYearMonth)
    if _YEAR.match(value):
        return Literal(value, datatype=XSD.gYear)
    return None


def _decimal(value: float | None) -> Literal | None:
    if value is None:
        return None
    try:
        return Literal(Decimal(repr(value)).normalize(), datatype=XSD.decimal)
    except InvalidOperation:
        return None


@functools.cache
def _agency_reader() -> tuple[object, object] | None:
    try:
        from luocdo.loaders.agencies import analyse, scope
    except ImportError:  # identity works without the agency reader
        return None
    return analyse, scope


def _name_scope(name: str, province: str | None) -> tuple[str | None, bool]:
    """The province a printed body name belongs to (None: central), and whether it is
    a collective, read by the agency reader when it is there."""
    reader = _agency_reader()
    if reader is None:
        return province, False
    analyse, scope = reader
    parsed = analyse(name, province)  # type: ignore[operator]
    return scope(parsed, province), bool(parsed.collective)  # type: ignore[operator]


def _innermost(tasks: list[tuple[URIRef, Task]], start: int) -> tuple[URIRef, Task] | None:
    best: tuple[URIRef, Task] | None = None
    for iri, task in tasks:
        if task.start <= start < task.end and (
                best is None or task.end - task.start < best[1].end - best[1].start):
            best = (iri, task)
    return best


# ---------------------------------------------------------------- the mapper


class _Mapper:
    """Builds the graph of one document; one instance per call."""

    def __init__(self, doc: Document, text: str | None) -> None:
        self.doc = doc
        self.text = text
        # Triples are collected in a set and handed to rdflib once: adding to an rdflib
        # graph costs far more than to a set, and many triples repeat (units, agencies).
        self.g: set[tuple[URIRef, URIRef, URIRef | Literal]] = set()
        self.units_done: set[tuple[URIRef, str | None]] = set()
        self.iri = document_iri_of(doc)
        self.province = _context_province(doc.document)
        self.cited = self._cited_symbols()
        self.n_citations = 0

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def lit(self, s: URIRef, p: URIRef, value: object) -> None:
        if value is None or value == "":
            return
        self.g.add((s, p, value if isinstance(value, Literal) else Literal(value)))

    def run(self) -> Graph:
        self._document()
        task_iris = self._tasks()
        self._references(task_iris)
        self._unnumbered_references()
        self._document_implements()
        self._stated_relations()
        self._targets()
        self._reporting()
        self._agencies()
        self._sections()
        self._progress(task_iris)
        # No contexts and only the core prefixes: several times faster to make and fill.
        graph = Graph(store="SimpleMemory", bind_namespaces="core")
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        graph.bind("skos", SKOS)
        graph.addN((s, p, o, graph) for s, p, o in self.g)
        return graph

    # -- spans

    def span(self, start: int | None, end: int | None, exact: str | None = None) -> URIRef | None:
        """The span node of ``[start, end)``; None when the offsets are unknown."""
        if start is None or end is None or start < 0 or end < start:
            return None
        node = identity.span_iri(self.iri, start, end)
        self.g.add((node, RDF.type, LO.Span))
        self.g.add((node, LO.inDocument, self.iri))
        self.g.add((node, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        self.g.add((node, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        if self.text is not None and end <= len(self.text):
            exact = self.text[start:end]
        if exact:
            self.g.add((node, OA.exact, Literal(exact)))
        return node

    def evidence(self, node: URIRef, start: int | None, end: int | None,
                 exact: str | None = None) -> None:
        self.add(node, LO.evidence, self.span(start, end, exact))

    # -- cited documents

    def _cited_symbols(self) -> dict[str, _Cited]:
        """Per symbol key: the year, province, date and issuer this document gives it.

        A symbol cited once with a date and once without gets the dated mention's
        year in both (the year belongs to its identity; see luocdo.identity).
        """
        out: dict[str, _Cited] = {}
        refs = sorted(self.doc.references, key=lambda r: (r.start, r.end))
        for ref in refs:
            sym = parse_symbol(ref.symbol)
            if sym is None:
                continue
            key = identity.symbol_key(sym)
            year = sym.year or ref.year or _year_of(ref.date)
            province = ref.province or (self.province if identity.is_local(sym, self.province)
                                        else None)
            national = _national_name(ref.issuer)
            seen = out.get(key)
            if seen is None:
                out[key] = _Cited(sym, year, province, ref.date, ref.issuer, national)
            else:
                out[key] = _Cited(seen.symbol, seen.year or year, seen.province or province,
                                  seen.date or ref.date, seen.issuer or ref.issuer,
                                  seen.national or national)
        own = self.doc.document
        own_sym = parse_symbol(own.symbol) if own.symbol else None
        if own_sym is not None:
            out[identity.symbol_key(own_sym)] = _Cited(own_sym, own.year, self.province,
                                                      own.date, None, _national_issuer(own))
        return out

    def cited_iri(self, symbol: str, ref: Reference | None = None) -> URIRef | None:
        """The IRI of a cited symbol, and its stub in this graph; None when not a symbol."""
        sym = parse_symbol(symbol)
        if sym is None or not sym.number:
            return None
        key = identity.symbol_key(sym)
        known = self.cited.get(key)
        year = sym.year
        date = None
        if ref is not None:
            year = year or ref.year or _year_of(ref.date)
            date = ref.date
        if known is not None:
            year = year or known.year
            date = date or (known.date if _year_of(known.date) == year else None)
        province: str | None
        if ref is not None and ref.province:
            province = ref.province
        elif known is not None and known.province:
            province = known.province
        else:
            province = self.province if identity.is_local(sym, self.province) else None
        national = (ref is not None and _national_name(ref.issuer)) or (
            known is not None and known.national)
        key_parts = identity.document_key(sym, year=year, province=province, national=national)
        iri = identity.key_iri(key_parts)
        if iri != self.iri:
            issuer = ref.issuer if ref is not None else (known.issuer if known else None)
            self._stub(iri, sym, key_parts, province if key_parts.local else None, date, issuer)
        return iri

    def _stub(self, iri: URIRef, sym: Symbol, key: identity.DocumentKey,
              province: str | None, date: str | None, issuer: str | None) -> None:
        self._identity_triples(iri, sym, sym.type_code, sym.type, sym.party, sym.normative,
                               key.year, key, province)
        self.add(iri, LO.dateIssued, _date_literal(date) if date and _DAY.match(date) else None)
        if issuer:
            agency = self.assignee(issuer, province, collective=False)
            self.add(iri, LO.issuer, agency)

    def _identity_triples(self, iri: URIRef, sym: Symbol | None, code: str | None,
                          type_name: str | None, party: bool, normative: bool,
                          year: int | None, key: identity.DocumentKey,
                          province: str | None) -> None:
        g = self.g
        g.add((iri, RDF.type, LO.LegalDocument))
        self.add(iri, RDF.type, _kind_class(code, type_name, party, sym))
        g.add((iri, RDF.type, LO.PartyDocument if party else LO.StateDocument))
        if normative:
            g.add((iri, RDF.type, LO.NormativeDocument))
        self.add(iri, LO.documentType, _concept(code, sym))
        if sym is not None and sym.number:
            number = identity.number_key(sym.number)
            # The symbol as the genre prints it ("08-NQ/TU"); the key ignores leading zeros.
            self.lit(iri, LO.symbol, sym.canonical)
            self.lit(iri, LO.symbolKey, identity.symbol_key(sym))
            self.lit(iri, LO.documentNumber, number)
        if year is not None:
            self.lit(iri, LO.year, Literal(year, datatype=XSD.integer))
        unit = identity.unit_iri_of(key.jurisdiction)
        if unit is not None:
            self.add(iri, LO.jurisdiction, unit)
            self._unit(unit, province)

    # -- units and assignees

    def _unit(self, unit: URIRef, province: str | None) -> None:
        if (unit, province) in self.units_done:
            return
        self.units_done.add((unit, province))
        self.g.add((unit, RDF.type, LO.AdministrativeUnit))
        national = str(unit).endswith("/unit/vn")
        self.lit(unit, LO.level, "national" if national else "province")
        label = NATION_LABEL if national else province
        if label:
            self.g.add((unit, SKOS.prefLabel, Literal(label, lang="vi")))

    def assignee(self, name: str, province: str | None, *, collective: bool) -> URIRef:
        """The node of one body (or collective) of a province (None: central)."""
        if collective:
            node = identity.collective_iri(name, province)
            self.g.add((node, RDF.type, LO.CollectiveAssignee))
        else:
            node = identity.agency_iri(name, province)
            self.g.add((node, RDF.type, LO.Agency))
        self.g.add((node, SKOS.prefLabel, Literal(name, lang="vi")))
        unit = identity.unit_iri(province)
        self.g.add((node, LO.administrativeUnit, unit))
        self._unit(unit, province)
        return node

    def agency_ref(self, ref: AgencyRef) -> URIRef:
        node = self.assignee(ref.name, ref.province, collective=ref.collective)
        self.evidence(node, ref.start, ref.end, ref.text or None)
        self.g.add((self.iri, LO.mentionsAgency, node))
        return node

    def named_assignee(self, name: str) -> URIRef:
        """The node of a body printed as a bare name (reporting duties)."""
        province, collective = _name_scope(name, self.province)
        return self.assignee(name, province, collective=collective)

    # -- the document

    def _document(self) -> None:
        doc, info, iri, g = self.doc, self.doc.document, self.iri, self.g
        sym = parse_symbol(info.symbol) if info.symbol else None
        key = identity.parse_document_iri(iri)
        code = _type_code(info)
        self._identity_triples(iri, sym if sym and sym.number else None, code, info.type,
                               info.party, info.normative, info.year, key, self.province)
        date = _date_literal(info.date)
        self.add(iri, LO.dateIssued, date if date is not None and _DAY.match(info.date or "")
                 else None)
        self.lit(iri, LO.place, info.place)
        self.lit(iri, LO.title, info.title)
        if info.unnumbered or (sym is not None and not sym.number):
            self.lit(iri, LO.unnumbered, Literal(True))
        if info.issuer is not None and info.issuer.name:
            agency = self.assignee(info.issuer.name, info.issuer.province, collective=False)
            g.add((iri, LO.issuer, agency))
            self.evidence(agency, info.issuer.start, info.issuer.end)
        source = identity.source_iri(iri)
        g.add((iri, LO.sourceText, source))
        g.add((source, RDF.type, LO.SourceText))
        self.lit(source, LO.sha256, doc.text_sha256)
        self.lit(source, LO.fileName, PurePath(doc.source).name if doc.source else None)
        for _field, span in sorted(info.spans.items()):
            self.evidence(iri, span.start, span.end, span.text)

    # -- tasks

    def _tasks(self) -> list[tuple[URIRef, Task]]:
        doc, g = self.doc, self.g
        out: list[tuple[URIRef, Task]] = []
        by_number: dict[str, URIRef] = {}
        used: set[URIRef] = set()
        prose = 0
        for task in doc.tasks:
            if task.number:
                number = task.number
            else:
                prose += 1
                number = identity.prose_task_number(prose)
            node, n = identity.task_iri(self.iri, number), 1
            while node in used:  # a number printed twice (two tables) stays two tasks
                n += 1
                node = identity.task_iri(self.iri, f"{number}-{n}")
            used.add(node)
            if task.number and task.number not in by_number:
                by_number[task.number] = node
            out.append((node, task))
            g.add((node, RDF.type, LO.Task))
            g.add((self.iri, LO.hasTask, node))
            self.lit(node, LO.taskNumber, task.number)
            self.lit(node, LO.content, task.content)
            self.lit(node, LO.timeframe, task.timeframe)
            self.add(node, LO.startDate, _date_literal(task.start_date))
            self.add(node, LO.endDate, _date_literal(task.end_date))
            self.add(node, LO.dueDate, _date_literal(task.due))
            self.lit(node, LO.recurrence, task.recurrence)
            self.lit(node, LO.timeframeKind, task.timeframe_kind)
            self.lit(node, LO.recurrenceRule, task.rrule)
            self.add(node, LO.recurrenceStart, _date_literal(task.rrule_start))
            self.lit(node, LO.product, task.product)
            self.lit(node, LO.assignmentSource, task.source)
            self.lit(node, LO.inSection, task.section)
            self.evidence(node, task.start, task.end)
            for ref in task.lead:
                g.add((node, LO.lead, self.agency_ref(ref)))
            for ref in task.coordinators:
                g.add((node, LO.coordinator, self.agency_ref(ref)))
            if task.group:
                group = identity.group_iri(self.iri, task.group)
                g.add((group, RDF.type, LO.TaskGroup))
                g.add((self.iri, LO.hasTaskGroup, group))
                g.add((node, LO.inGroup, group))
                self.lit(group, LO.taskNumber, task.group)
                self.lit(group, LO.heading, task.group_title)
        for node, task in out:
            if task.parent and task.parent in by_number and by_number[task.parent] != node:
                g.add((node, LO.parentTask, by_number[task.parent]))
        return out

    # -- references

    def citation(self, *, cited: URIRef | None, relation: URIRef, subject_task: URIRef | None,
                 start: int | None, end: int | None, exact: str | None,
                 cited_as: str | None = None, section: str | None = None,
                 in_table: bool = False, title: str | None = None) -> URIRef:
        self.n_citations += 1
        node = identity.citation_iri(self.iri, self.n_citations)
        g = self.g
        g.add((node, RDF.type, LO.Citation))
        g.add((node, LO.citingDocument, self.iri))
        self.add(node, LO.citedDocument, cited)
        g.add((node, LO.relationType, relation))
        self.add(node, LO.inTask, subject_task)
        self.lit(node, LO.citedAs, cited_as)
        self.lit(node, LO.citedTitle, title)
        self.lit(node, LO.inSection, section)
        if in_table:
            self.lit(node, LO.inTable, Literal(True))
        self.evidence(node, start, end, exact)
        return node

    def _references(self, tasks: list[tuple[URIRef, Task]]) -> None:
        self.covered: set[tuple[URIRef, URIRef, URIRef]] = set()
        for ref in self.doc.references:
            cited = self.cited_iri(ref.symbol, ref)
            if cited is None or cited == self.iri:
                continue
            inside = _innermost(tasks, ref.start)
            subject = self.iri if inside is None else inside[0]
            relation = ref.relation
            if inside is not None and ref.symbol in inside[1].implements:
                relation = "implements"
            prop = relation_property(relation)
            self.g.add((subject, prop, cited))
            self.covered.add((subject, prop, cited))
            self.citation(cited=cited, relation=prop,
                          subject_task=None if inside is None else inside[0],
                          start=ref.start, end=ref.end, exact=ref.text, cited_as=ref.text,
                          section=ref.section, in_table=ref.in_table)
        # A task that says it carries out a document not cited inside its own text.
        for node, task in tasks:
            for symbol in task.implements:
                cited = self.cited_iri(symbol)
                if cited is None or (node, LO.implements, cited) in self.covered:
                    continue
                self.g.add((node, LO.implements, cited))
                self.covered.add((node, LO.implements, cited))
                span = task.spans.get("implements")
                start, end, exact = ((span.start, span.end, span.text) if span is not None
                                     else (task.start, task.end, None))
                self.citation(cited=cited, relation=LO.implements, subject_task=node,
                              start=start, end=end, exact=exact, cited_as=symbol,
                              section=task.section)

    def _unnumbered_references(self) -> None:
        for ref in self.doc.unnumbered_references:
            self.citation(cited=None, relation=relation_property(ref.relation), subject_task=None,
                          start=ref.start, end=ref.end, exact=ref.text, cited_as=ref.text,
                          section=ref.section, title=ref.name)

    def _document_implements(self) -> None:
        info = self.doc.document
        for symbol in info.implements:
            cited = self.cited_iri(symbol)
            if cited is None or cited == self.iri:
                continue
            if (self.iri, LO.implements, cited) in self.covered:
                continue
            self.g.add((self.iri, LO.implements, cited))
            self.covered.add((self.iri, LO.implements, cited))
            ref = self._first_reference(symbol)
            span = info.spans.get("implements") or info.spans.get("title")
            start: int | None
            end: int | None
            exact: str | None
            if ref is not None:
                start, end, exact = ref.start, ref.end, ref.text
            elif span is not None:
                start, end, exact = span.start, span.end, span.text
            else:
                start = end = exact = None
            self.citation(cited=cited, relation=LO.implements, subject_task=None,
                          start=start, end=end, exact=exact, cited_as=symbol)

    def _first_reference(self, symbol: str) -> Reference | None:
        sym = parse_symbol(symbol)
        if sym is None:
            return None
        key = identity.symbol_key(sym)
        for ref in sorted(self.doc.references, key=lambda r: (r.start, r.end)):
            other = parse_symbol(ref.symbol)
            if other is not None and identity.symbol_key(other) == key:
                return ref
        return None

    def _stated_relations(self) -> None:
        for n, stated in enumerate(self.doc.stated_relations, start=1):
            subject = self.cited_iri(stated.subject)
            obj = self.cited_iri(stated.object)
            if subject is None or obj is None:
                continue
            prop = relation_property(stated.relation)
            self.g.add((subject, prop, obj))
            node = identity.statement_iri(self.iri, n)
            g = self.g
            g.add((node, RDF.type, LO.RelationStatement))
            g.add((node, LO.subjectDocument, subject))
            g.add((node, LO.relationType, prop))
            g.add((node, LO.objectDocument, obj))
            g.add((node, LO.statedIn, self.iri))
            self.evidence(node, stated.start, stated.end, stated.text or None)

    # -- targets, reporting, agencies, structure

    def _targets(self) -> None:
        for n, target in enumerate(self.doc.targets, start=1):
            node = identity.target_iri(self.iri, n)
            self.g.add((node, RDF.type, LO.Target))
            self.g.add((self.iri, LO.hasTarget, node))
            self.lit(node, LO.indicator, target.indicator)
            self.lit(node, LO.targetValue, target.value)
            self.add(node, LO.valueMin, _decimal(target.value_min))
            self.add(node, LO.valueMax, _decimal(target.value_max))
            self.lit(node, LO.unit, target.unit)
            if target.year is not None:
                self.lit(node, LO.targetYear, Literal(target.year, datatype=XSD.integer))
            self.lit(node, LO.inSection, target.section)
            self.evidence(node, target.start, target.end, target.text)

    def _reporting(self) -> None:
        for n, duty in enumerate(self.doc.reporting, start=1):
            node = identity.reporting_iri(self.iri, n)
            self.g.add((node, RDF.type, LO.ReportingDuty))
            self.g.add((self.iri, LO.hasReportingDuty, node))
            self.lit(node, LO.reportContent, duty.what)
            if duty.reporter:
                self.lit(node, LO.reporterName, duty.reporter)
                self.g.add((node, LO.reporter, self.named_assignee(duty.reporter)))
            if duty.to:
                self.lit(node, LO.reportToName, duty.to)
                self.g.add((node, LO.reportTo, self.named_assignee(duty.to)))
            self.lit(node, LO.reportDeadline, duty.due)
            self.lit(node, LO.recurrence, duty.recurrence)
            self.lit(node, LO.recurrenceRule, duty.rrule)
            self.add(node, LO.recurrenceStart, _date_literal(duty.rrule_start))
            if duty.day_month and (m := _DAY_MONTH.match(duty.day_month)):
                self.lit(node, LO.reportDayMonth,
                         Literal(f"--{m.group(1)}-{m.group(2)}", datatype=XSD.gMonthDay))
            self.evidence(node, duty.start, duty.end, duty.text)

    def _agencies(self) -> None:
        for agency in self.doc.agencies:
            node = self.assignee(agency.name, agency.province, collective=agency.collective)
            self.g.add((self.iri, LO.mentionsAgency, node))
            for alias in agency.aliases:
                if alias and alias != agency.name:
                    self.g.add((node, SKOS.altLabel, Literal(alias, lang="vi")))
            self.lit(node, LO.agencyKind, agency.kind)
            self.evidence(node, agency.start, agency.end)

    def _sections(self) -> None:
        nodes: list[URIRef] = []
        used: set[URIRef] = set()
        for index, section in enumerate(self.doc.structure):
            path = section.path or section.label or str(index)
            node = identity.section_iri(self.iri, path)
            n = 1
            while node in used:
                n += 1
                node = identity.section_iri(self.iri, f"{path}-{n}")
            used.add(node)
            nodes.append(node)
            self.g.add((node, RDF.type, LO.Section))
            self.g.add((self.iri, LO.hasSection, node))
            self.lit(node, LO.sectionKind, section.kind)
            self.lit(node, LO.sectionLabel, section.label)
            self.lit(node, LO.sectionPath, section.path)
            self.lit(node, LO.heading, section.title)
        for node, section in zip(nodes, self.doc.structure, strict=True):
            if section.parent is not None and 0 <= section.parent < len(nodes):
                self.g.add((node, LO.parentSection, nodes[section.parent]))

    # -- progress (issue 16)

    def _reported_task(self, doc: URIRef, task: Task) -> URIRef:
        """The task of ``doc`` a report's row is about, as the report gives it."""
        node = identity.reported_task_iri(doc, task.content)
        g = self.g
        g.add((node, RDF.type, LO.Task))
        g.add((doc, LO.hasTask, node))
        g.add((node, LO.knownFrom, self.iri))
        self.lit(node, LO.content, task.content)
        self.lit(node, LO.timeframe, task.timeframe)
        self.add(node, LO.dueDate, _date_literal(task.due))
        self.lit(node, LO.timeframeKind, task.timeframe_kind)
        self.lit(node, LO.product, task.product)
        self.lit(node, LO.assignmentSource, task.source)
        self.evidence(node, task.start, task.end)
        for ref in task.lead:
            g.add((node, LO.lead, self.agency_ref(ref)))
        for ref in task.coordinators:
            g.add((node, LO.coordinator, self.agency_ref(ref)))
        return node

    def _progress(self, tasks: list[tuple[URIRef, Task]]) -> None:
        for n, item in enumerate(self.doc.progress, start=1):
            node = identity.progress_iri(self.iri, n)
            g = self.g
            g.add((node, RDF.type, LO.ProgressStatement))
            g.add((self.iri, LO.hasProgressStatement, node))
            self.lit(node, LO.progressStatus, item.status)
            self.lit(node, LO.statusText, item.status_text)
            self.add(node, LO.statementDate, _date_literal(item.date)
                     if item.date and _DAY.match(item.date) else None)
            self.lit(node, LO.progressResult, item.result)
            self.lit(node, LO.reportedNumber, item.task_number)
            self.lit(node, LO.inSection, item.section)
            self.evidence(node, item.start, item.end)
            reported = self.cited_iri(item.reported_document) if item.reported_document \
                else None
            if reported == self.iri:
                reported = None
            self.add(node, LO.reportedDocument, reported)
            row = tasks[item.task_index] if item.task_index is not None \
                and 0 <= item.task_index < len(tasks) else None
            if row is not None:  # the row as a task of the report itself
                self.add(node, LO.reportsOn, row[0])
            # the task of the reported document the row stands for
            task = row[1] if row is not None else item.task
            if task is not None and reported is not None:
                self.add(node, LO.reportsOn, self._reported_task(reported, task))
            for symbol in item.products:
                self.add(node, LO.producedDocument, self.cited_iri(symbol))
