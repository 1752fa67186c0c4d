"""Who is responsible now: the succession of bodies through the 2025 reorganization.

A document names the bodies of its own date (DOMAIN.md); a task given in 2023 to
``Sở Kế hoạch và Đầu tư tỉnh Long An`` is, after the 2025 reorganization, the duty of
``Sở Tài chính tỉnh Tây Ninh``. The changes (ministries and departments merged from 1
March 2025, provinces merged and the district level ended from 1 July 2025), each with
its date and legal basis, are data: ``ontology/data/succession-2025.ttl`` (terms in
``ontology/succession.ttl``). This module reads them and answers, without a store:

- :func:`responsible_as_of` — the body (or, where duties were split, the bodies and
  their fields) responsible on a day for a body named in a document, with the chain of
  changes and the legal basis of each;
- :func:`predecessors` — the bodies whose duties a body took over, for an agency page;
- :func:`provinces_as_of` — the former provinces a province covers on a day (Tây Ninh
  from 1 July 2025: Tây Ninh and Long An), for a whole-province view.

Bodies are matched by their agency IRI (``luocdo/identity.py``), so a name printed
``Sở KH&ĐT`` and one printed ``Sở Kế hoạch và Đầu tư`` are one body.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from luocdo import identity, resources
from luocdo.errors import InputError
from luocdo.loaders.vietnamese import fold
from luocdo.terms import LO

DATA = "data/succession-2025.ttl"  # inside ontology/
NOT_REVIEWED = "not reviewed against a text in ../shared"
# lo:bodyLevel values: which bodies a change applies to
NATIONAL, PROVINCIAL, DISTRICT, UNIT = "national", "provincial", "district", "unit"
_KINDS = {LO.BodyMerger: "merger", LO.DutySplit: "split", LO.UnitMerger: "unit_merger"}
# The name part of an IRI minted by identity.agency_iri / collective_iri:
# {BASE}{agency|collective}/{jurisdiction: vn | vn-<province slug>}/{slug}
_IRI = re.compile(re.escape(identity.BASE) + r"(agency|collective)/(vn(?:-[a-z0-9-]+)?)/([^/]+)$")
_MAX_STEPS = 16  # a chain longer than this means the data loops


@dataclass(frozen=True)
class Evidence:
    """A line of a document in ../shared that shows a basis or a change."""

    file: str  # relative to ../shared, e.g. corpus/018_....txt
    line: int  # from 1
    key: str  # a phrase the line contains


@dataclass(frozen=True)
class LegalBasis:
    """A resolution, law or decree that made a change."""

    iri: str
    symbol: str
    title: str
    date: dt.date
    review: str  # "text", "cited" or NOT_REVIEWED
    evidence: tuple[Evidence, ...] = ()

    @property
    def reviewed(self) -> bool:
        return self.review != NOT_REVIEWED

    def cite(self) -> str:
        """``Nghị quyết số 176/2025/QH15 ngày 18/02/2025``, as a reader would cite it."""
        kind = next((k for k in ("Nghị quyết", "Nghị định", "Luật", "Quyết định", "Thông tư")
                     if self.title.startswith(k)), "Văn bản")
        return f"{kind} số {self.symbol} ngày {self.date.strftime('%d/%m/%Y')}"


@dataclass(frozen=True)
class Share:
    """One body after a change, by name, and the field of duties it took (for a split)."""

    name: str
    scope: str | None = None
    collective: bool = False


@dataclass(frozen=True)
class Change:
    """One change of the data: the bodies before (by name or slug pattern), the shares
    after, its date, level and legal basis."""

    iri: str
    kind: str  # "merger", "split" or "unit_merger"
    level: str  # NATIONAL, PROVINCIAL, DISTRICT or UNIT
    predecessors: tuple[str, ...]
    pattern: str | None
    shares: tuple[Share, ...]
    on: dt.date
    basis: tuple[LegalBasis, ...]
    certain: bool
    review: str
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    @property
    def split(self) -> bool:
        return len(self.shares) > 1


@dataclass(frozen=True)
class Body:
    """A body as the graph identifies it: its IRI, and its name and province when known."""

    iri: str
    name: str | None = None
    province: str | None = None
    collective: bool = False

    @property
    def label(self) -> str:
        """``Sở Tài chính tỉnh Tây Ninh``; the IRI's last segment when no name is known."""
        name = self.name or self.iri.rsplit("/", 1)[-1]
        if not self.province or fold(self.province) in fold(name):
            return name
        kind = _province_kind(self.province)
        if fold(name).endswith(f" {fold(kind)}"):  # Ủy ban nhân dân tỉnh + Tây Ninh
            return f"{name} {self.province}"
        return f"{name} {kind} {self.province}"


@dataclass(frozen=True)
class Step:
    """One change applied to one body: ``before`` became (or gave a share to) ``after``."""

    change: Change
    before: Body
    after: Body
    scope: str | None  # the share's field, for a split

    @property
    def on(self) -> dt.date:
        return self.change.on

    @property
    def basis(self) -> tuple[LegalBasis, ...]:
        return self.change.basis


@dataclass(frozen=True)
class Outcome:
    """One body responsible at the end of a chain, with the steps that led to it."""

    body: Body
    steps: tuple[Step, ...]

    @property
    def scope(self) -> str | None:
        """The fields this body answers for, when a split on the way divided the duties."""
        scopes = [s.scope for s in self.steps if s.scope]
        return "; ".join(scopes) if scopes else None

    @property
    def certain(self) -> bool:
        return all(s.change.certain for s in self.steps)


@dataclass(frozen=True)
class Succession:
    """Who answers on day ``on`` for the duties of ``agency``."""

    agency: Body
    on: dt.date
    outcomes: tuple[Outcome, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return any(o.steps for o in self.outcomes)

    @property
    def split(self) -> bool:
        """True when the duties went to several bodies: no single successor."""
        return len(self.outcomes) > 1

    @property
    def responsible(self) -> Body | None:
        """The one body responsible; None when the duties were split."""
        return self.outcomes[0].body if len(self.outcomes) == 1 else None

    @property
    def certain(self) -> bool:
        return all(o.certain for o in self.outcomes)

    @property
    def basis(self) -> tuple[LegalBasis, ...]:
        """Every legal basis on the way, each once, in order."""
        seen: dict[str, LegalBasis] = {}
        for outcome in self.outcomes:
            for step in outcome.steps:
                for b in step.basis:
                    seen.setdefault(b.iri, b)
        return tuple(seen.values())


# ---------------------------------------------------------------- the data


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    return next(iter(g.objects(s, p)), None)


def _text(g: Graph, s: Node, p: URIRef) -> str | None:
    o = _one(g, s, p)
    return str(o) if o is not None else None


def _day(g: Graph, s: Node, p: URIRef, where: str) -> dt.date:
    o = _one(g, s, p)
    if not isinstance(o, Literal) or not isinstance(o.toPython(), dt.date):
        raise InputError(f"{DATA}: {where} has no {p} as an xsd:date")
    value = o.toPython()
    assert isinstance(value, dt.date)
    return value


def _evidence(g: Graph, s: Node) -> tuple[Evidence, ...]:
    out = []
    for e in g.objects(s, LO.corpusEvidence):
        line = _one(g, e, LO.evidenceLine)
        out.append(Evidence(file=_text(g, e, LO.evidenceFile) or "",
                            line=int(line.toPython()) if isinstance(line, Literal) else 0,
                            key=_text(g, e, LO.evidenceKey) or ""))
    return tuple(sorted(out, key=lambda e: (e.file, e.line)))


@functools.cache
def _graph() -> Graph:
    path = resources.path("ontology", DATA)
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several kinds; say which file
        raise InputError(f"{path}: not valid Turtle ({exc}); expected the succession data") \
            from exc
    return g


@functools.cache
def legal_bases() -> dict[str, LegalBasis]:
    """Every legal basis of the data, by IRI."""
    g = _graph()
    out = {}
    for s in g.subjects(RDF.type, LO.LegalBasis):
        out[str(s)] = LegalBasis(
            iri=str(s), symbol=_text(g, s, LO.basisSymbol) or "",
            title=_text(g, s, LO.basisTitle) or "", date=_day(g, s, LO.basisDate, str(s)),
            review=_text(g, s, LO.reviewStatus) or NOT_REVIEWED, evidence=_evidence(g, s))
    return out


@functools.cache
def changes() -> tuple[Change, ...]:
    """Every change of the data, by date then IRI."""
    g, bases = _graph(), legal_bases()
    out = []
    for cls, kind in _KINDS.items():
        for s in g.subjects(RDF.type, cls):
            where = str(s)
            shares = []
            for node in g.objects(s, LO.share):
                collective = _one(g, node, LO.successorCollective)
                shares.append(Share(name=_text(g, node, LO.successorName) or "",
                                    scope=_text(g, node, LO.shareScope),
                                    collective=bool(collective.toPython())
                                    if isinstance(collective, Literal) else False))
            basis = []
            for b in g.objects(s, LO.legalBasis):
                if str(b) not in bases:
                    raise InputError(f"{DATA}: {where} cites {b}, which is not a lo:LegalBasis "
                                     "of the file; expected a declared legal basis")
                basis.append(bases[str(b)])
            certain = _one(g, s, LO.certain)
            out.append(Change(
                iri=where, kind=kind, level=_text(g, s, LO.bodyLevel) or "",
                predecessors=tuple(sorted(str(o) for o in g.objects(s, LO.predecessorName))),
                pattern=_text(g, s, LO.predecessorPattern),
                shares=tuple(sorted(shares, key=lambda sh: sh.name)),
                on=_day(g, s, LO.effectiveDate, where),
                basis=tuple(sorted(basis, key=lambda b: (b.date, b.symbol))),
                certain=bool(certain.toPython()) if isinstance(certain, Literal) else False,
                review=_text(g, s, LO.reviewStatus) or NOT_REVIEWED,
                note=_text(g, s, LO.changeNote), evidence=_evidence(g, s),
                examples=tuple(sorted(str(o) for o in g.objects(s, LO.patternExample))),
                counter_examples=tuple(sorted(str(o) for o in
                                              g.objects(s, LO.patternCounterExample)))))
    # on one day, the bodies' changes before the provinces': a district of Long An ends
    # (its duties to Long An's communes) and then Long An joins Tây Ninh
    return tuple(sorted(out, key=lambda c: (c.on, c.level == UNIT, c.iri)))


# ---------------------------------------------------------------- provinces


@functools.cache
def _provinces() -> dict[str, tuple[str, str]]:
    """Jurisdiction slug (``vn-tay-ninh``) -> (province name, kind: tỉnh / thành phố)."""
    from luocdo.loaders import patterns

    out = {}
    for item in patterns.load("provinces").get("provinces", []):
        name = item.get("name")
        if isinstance(name, str):
            out[identity.jurisdiction(name)] = (name, str(item.get("kind") or "tỉnh"))
    return out


def _province_kind(province: str) -> str:
    return _provinces().get(identity.jurisdiction(province), (province, "tỉnh"))[1]


def province_name(text: str) -> str | None:
    """The province a name or jurisdiction stands for (``tỉnh Long An``, ``vn-long-an``)."""
    juris = text if text.startswith("vn-") else identity.jurisdiction(text)
    found = _provinces().get(juris)
    return found[0] if found else None


def provinces_as_of(province: str, on: dt.date) -> tuple[str, ...]:
    """The provinces whose documents are this province's on day ``on``: itself, and from
    a merger on, the provinces merged into it (``Tây Ninh`` from 2025-07-01: Tây Ninh
    and Long An). A province merged away stands for itself only (``Long An``: its own
    plans), as one asks for it by its old name."""
    name = province_name(province) or province
    if _province_on(name, on) != name:
        return (name,)
    out = [name]
    for change in changes():
        if change.level != UNIT or change.on > on:
            continue
        if any(fold(s.name) == fold(name) for s in change.shares):
            out.extend(p for p in change.predecessors if fold(p) != fold(name))
    return tuple(dict.fromkeys(out))


def _province_on(name: str, on: dt.date) -> str:
    for _ in range(_MAX_STEPS):
        moved = None
        for change in changes():
            if change.level == UNIT and change.on <= on and \
                    fold(name) in {fold(p) for p in change.predecessors} and \
                    fold(change.shares[0].name) != fold(name):
                moved = change.shares[0].name
        if moved is None:
            return name
        name = moved
    raise InputError(f"{DATA}: the province changes from {name!r} loop; expected a chain")


# ---------------------------------------------------------------- bodies


def body(name_or_iri: str, province: str | None = None) -> Body | None:
    """The body a name or an agency/collective IRI stands for; None when it names none.

    A name is scoped to the province it names (``Sở Kế hoạch và Đầu tư tỉnh Long An``),
    else to ``province`` (the document's), else national.
    """
    text = name_or_iri.strip()
    if not text:
        return None
    m = _IRI.match(text)
    if m:
        kind, juris, slug = m.groups()
        return Body(iri=text, name=_known_name(slug),
                    province=province_name(juris) if juris != "vn" else None,
                    collective=kind == "collective")
    if "://" in text:
        return None
    from luocdo.loaders.agencies import analyse
    from luocdo.loaders.agencies import scope as scope_of

    found = analyse(text, province)
    # the province the graph mapping gives the body (a ministry named in a provincial
    # plan stays national)
    scope = scope_of(found, province)
    scope = (province_name(scope) or scope) if scope else None
    if found.collective:
        iri = identity.collective_iri(text, scope)
    else:
        iri = identity.agency_iri(text, scope)
    return Body(iri=str(iri), name=_without_province(text, scope), province=scope,
                collective=found.collective)


def _known_name(slug: str) -> str | None:
    """The printed name of a body the data names, from its IRI's name part."""
    for change in changes():
        if change.level in (NATIONAL, PROVINCIAL):
            for name in (*change.predecessors, *(s.name for s in change.shares)):
                if _slug(name) == slug:
                    return name
    return None


def _without_province(name: str, province: str | None) -> str:
    if not province:
        return name
    cut = re.sub(rf"\s+(?:tỉnh|thành phố|TP\.?)?\s*{re.escape(province)}\s*$", "", name,
                 flags=re.IGNORECASE)
    return cut or name


def _parts(b: Body) -> tuple[str, str, str]:
    m = _IRI.match(b.iri)
    if not m:
        raise InputError(f"{b.iri}: not an agency or collective IRI; expected "
                         f"{identity.BASE}agency/<jurisdiction>/<name>")
    kind, juris, slug = m.groups()
    return kind, juris, slug


@functools.cache
def _slug(name: str) -> str:
    return identity.agency_slug(name, None)


def _share_body(share: Share, province: str | None) -> Body:
    make = identity.collective_iri if share.collective else identity.agency_iri
    return Body(iri=str(make(share.name, province)), name=share.name, province=province,
                collective=share.collective)


def _moved(b: Body, province: str) -> Body:
    """The same body (same name part) in another province: the body of the new province
    that continues it. The IRI keeps identity.agency_iri's scheme, only the
    jurisdiction segment changes."""
    _kind, juris, slug = _parts(b)
    stem = b.iri[: len(b.iri) - len(f"{juris}/{slug}")]
    iri = f"{stem}{identity.jurisdiction(province)}/{slug}"
    return Body(iri=iri, name=b.name, province=province, collective=b.collective)


def _applies(change: Change, b: Body) -> bool:
    _kind, juris, slug = _parts(b)
    if change.level == UNIT:
        here = province_name(juris) if juris != "vn" else None
        return here is not None and fold(here) in {fold(p) for p in change.predecessors} \
            and fold(change.shares[0].name) != fold(here)
    if change.level == NATIONAL and juris != "vn":
        return False
    if change.level == DISTRICT and juris == "vn":
        return False
    if change.pattern:
        return re.search(change.pattern, slug) is not None
    return slug in {_slug(p) for p in change.predecessors}


def _name_of(change: Change, b: Body) -> str | None:
    if b.name:
        return b.name
    if change.level in (NATIONAL, PROVINCIAL) and len(change.predecessors) == 1:
        return change.predecessors[0]
    return None


def _apply(change: Change, b: Body) -> list[Step]:
    named = Body(iri=b.iri, name=_name_of(change, b), province=b.province,
                 collective=b.collective)
    if change.level == UNIT:
        return [Step(change, named, _moved(named, change.shares[0].name), None)]
    return [Step(change, named, _share_body(share, b.province),
                 share.scope if change.split else None) for share in change.shares]


def responsible_as_of(name_or_iri: str, on: dt.date, *, province: str | None = None,
                      name: str | None = None) -> Succession | None:
    """Who answers on day ``on`` for the duties of the body named (or its IRI).

    Applies, in date order, every change in force on ``on``: a merger hands all the
    duties to one body; a split hands each field to its body (the answer then has
    several outcomes and no single :attr:`Succession.responsible`); a province merger
    moves every body of a former province to the body of the same name of the new
    province. A body no change touched answers for itself (no steps). None when the
    text names no body. ``name``: the printed name to show for a body given by its IRI.

    >>> s = responsible_as_of("Sở Kế hoạch và Đầu tư tỉnh Long An", dt.date(2026, 1, 1))
    >>> s.responsible.label
    'Sở Tài chính tỉnh Tây Ninh'
    >>> [step.after.label for step in s.outcomes[0].steps]
    ['Sở Tài chính tỉnh Long An', 'Sở Tài chính tỉnh Tây Ninh']
    """
    start = body(name_or_iri, province)
    if start is None:
        return None
    if name and _IRI.match(name_or_iri.strip()):
        start = Body(start.iri, _without_province(name, start.province), start.province,
                     start.collective)
    frontier: list[tuple[Body, tuple[Step, ...]]] = [(start, ())]
    done: list[Outcome] = []
    for _ in range(_MAX_STEPS):
        following: list[tuple[Body, tuple[Step, ...]]] = []
        for current, steps in frontier:
            after = steps[-1].on if steps else None
            step_list = _next_steps(current, on, after)
            if not step_list:
                done.append(Outcome(current, steps))
                continue
            following.extend((s.after, (*steps, s)) for s in step_list)
        frontier = following
        if not frontier:
            break
    else:
        raise InputError(f"{DATA}: the changes from {start.iri} do not end within "
                         f"{_MAX_STEPS} steps; expected chains without loops")
    outcomes = {o.body.iri: o for o in done}  # two chains to one body: keep the first
    return Succession(agency=start, on=on, outcomes=tuple(outcomes.values()))


def _next_steps(b: Body, on: dt.date, after: dt.date | None) -> list[Step]:
    """The steps of the first change (by date) that applies to ``b`` on or before ``on``,
    not before the change that made it (changes of one day apply one after another)."""
    for change in changes():
        if change.on > on or (after is not None and change.on < after):
            continue
        if _applies(change, b):
            return _apply(change, b)
    return []


def predecessors(name_or_iri: str, *, province: str | None = None) -> tuple[Step, ...]:
    """The steps by which other bodies' duties came to this body (one change back each),
    for an agency page: ``Sở Tài chính tỉnh Tây Ninh`` ← ``Sở Kế hoạch và Đầu tư tỉnh
    Tây Ninh`` (1 March 2025), ← ``Sở Tài chính tỉnh Long An`` (1 July 2025)."""
    target = body(name_or_iri, province)
    if target is None:
        return ()
    _kind, juris, slug = _parts(target)
    here = province_name(juris) if juris != "vn" else None
    out: list[Step] = []
    for change in changes():
        if change.level == UNIT:
            # a body ended before its province merged took over nobody's duties
            ended = responsible_as_of(target.iri, change.on - dt.timedelta(days=1))
            if ended is not None and ended.changed:
                continue
            if here and any(fold(s.name) == fold(here) for s in change.shares):
                for former in change.predecessors:
                    if fold(former) != fold(here):
                        out.append(Step(change, _moved(target, former), target, None))
            continue
        if change.level == NATIONAL and here is not None:
            continue
        if change.level in (PROVINCIAL, DISTRICT) and here is None:
            continue
        for share in change.shares:
            if _slug(share.name) != slug or share.collective != target.collective:
                continue
            for name in change.predecessors:
                earlier = body(name, here)
                if earlier is not None:
                    out.append(Step(change, earlier, Body(target.iri, target.name or share.name,
                                                         here, target.collective),
                                    share.scope if change.split else None))
    return tuple(out)


def pattern_matches(change: Change, name: str) -> bool:
    """Whether a change's predecessor pattern recognizes a printed name (the examples
    of the data are checked with it)."""
    if change.pattern is None:
        return False
    return re.search(change.pattern, _slug(name)) is not None


def bases_of(steps: Iterable[Step]) -> tuple[LegalBasis, ...]:
    """The legal bases of some steps, each once, in order."""
    seen: dict[str, LegalBasis] = {}
    for step in steps:
        for b in step.basis:
            seen.setdefault(b.iri, b)
    return tuple(seen.values())


# ---------------------------------------------------------------- as RDF


def graph_iri() -> URIRef:
    """The named graph the succession data goes to in a store: ``lod:graph/succession``."""
    return URIRef(f"{identity.BASE}graph/succession")


def to_graph() -> Graph:
    """The changes with the agency IRIs documents use, for a store: one org:ChangeEvent
    per change and province it applies to (a ministry's once), org:originalOrganization
    the body before, org:resultingOrganization each body after (a lo:SuccessorShare
    with its field for a split), lo:effectiveDate, lo:legalBasis and the bases
    themselves. A province merger links the administrative units (``lod:unit/vn-long-an``
    → ``lod:unit/vn-tay-ninh``): it moves every body of the province. The district
    level's change names the committee ``Ủy ban nhân dân cấp huyện`` of each province;
    the many printed names of district committees are matched by its
    lo:predecessorPattern, kept on the change."""
    from luocdo.terms import ORG

    g = Graph()
    g.bind("lo", LO)
    g.bind("org", ORG)
    source = _graph()
    for basis in legal_bases().values():
        for triple in source.triples((URIRef(basis.iri), None, None)):
            g.add(triple)
            if triple[1] == LO.corpusEvidence:
                for inner in source.triples((triple[2], None, None)):
                    g.add(inner)
    provinces = sorted({name for name, _kind in _provinces().values()})
    classes = {kind: cls for cls, kind in _KINDS.items()}
    for change in changes():
        scopes: list[str | None] = [None]
        if change.level not in (NATIONAL, UNIT):
            scopes = [p for p in provinces]
        for province in scopes:
            node = URIRef(change.iri if province is None
                          else f"{change.iri}/{identity.jurisdiction(province)}")
            g.add((node, RDF.type, classes[change.kind]))
            g.add((node, LO.effectiveDate, Literal(change.on)))
            g.add((node, LO.certain, Literal(change.certain)))
            g.add((node, LO.reviewStatus, Literal(change.review)))
            for basis in change.basis:
                g.add((node, LO.legalBasis, URIRef(basis.iri)))
            if change.pattern:
                g.add((node, LO.predecessorPattern, Literal(change.pattern)))
            if change.level == UNIT:
                for former in change.predecessors:
                    if fold(former) != fold(change.shares[0].name):
                        g.add((node, ORG.originalOrganization, identity.unit_iri(former)))
                g.add((node, ORG.resultingOrganization, identity.unit_iri(change.shares[0].name)))
                continue
            for name in change.predecessors:
                before = identity.agency_iri(name, province)
                g.add((node, ORG.originalOrganization, before))
                g.add((before, ORG.changedBy, node))
            for n, share in enumerate(change.shares, 1):
                after = _share_body(share, province)
                g.add((node, ORG.resultingOrganization, URIRef(after.iri)))
                g.add((URIRef(after.iri), ORG.resultedFrom, node))
                part = URIRef(f"{node}/share/{n}")
                g.add((node, LO.share, part))
                g.add((part, RDF.type, LO.SuccessorShare))
                g.add((part, LO.successorName, Literal(share.name, lang="vi")))
                if share.scope:
                    g.add((part, LO.shareScope, Literal(share.scope, lang="vi")))
    return g


def former_names(agency: str, on: dt.date) -> tuple[str, ...]:
    """The bodies whose duties (all or a share) had passed by day ``on`` to a body named
    like ``agency`` (its folded words, as ``luocdo tasks --agency`` compares names):
    ``Sở Tài chính`` on 2026-01-01 gives ``Sở Kế hoạch và Đầu tư``. An agency IRI gives
    the IRIs of its predecessors. Changes of bodies only: a province merger keeps the
    names (the province filter reads it). The district committees, printed under many
    names, are not looked up by name (their change matches a pattern of IRIs)."""
    text = agency.strip()
    if _IRI.match(text):
        found: dict[str, None] = {}
        todo = [text]
        while todo:
            for step in predecessors(todo.pop()):
                if step.on <= on and step.change.level != UNIT \
                        and step.before.iri not in found:
                    found[step.before.iri] = None
                    todo.append(step.before.iri)
        return tuple(found)
    wanted = {fold(text)}
    names: dict[str, None] = {}
    for _ in range(_MAX_STEPS):
        grown = False
        for change in changes():
            if change.on > on or change.level == UNIT or change.pattern:
                continue
            if any(w in fold(s.name) for s in change.shares for w in wanted):
                for name in change.predecessors:
                    if fold(name) not in wanted:
                        wanted.add(fold(name))
                        names[name] = None
                        grown = True
        if not grown:
            break
    return tuple(names)
