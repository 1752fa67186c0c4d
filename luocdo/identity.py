"""Identity: the one module that mints and parses luocdo IRIs.

Nothing else builds an IRI by string formatting. Same input, same IRI, so
re-ingesting is idempotent and the order of ingestion does not matter.

Documents get ELI-like, work-level IRIs (the graph contract, TERMS.md)::

    https://w3id.org/luocdo/id/eli/{jurisdiction}/{type}/{year}/{number}/{issuer}

    lod:eli/vn/qd/2022/569/ttg              569/QĐ-TTg of 2022 (national)
    lod:eli/vn-tay-ninh/nq/2021/16/hdnd     16/2021/NQ-HĐND of Tây Ninh's council
    lod:eli/vn-tay-ninh/nq/2023/8/tu        08-NQ/TU of the Tây Ninh Party committee

- **jurisdiction**: ``vn`` for central symbols (``TTg``, ``CP``, ``TW``, ministries),
  ``vn-{province slug}`` for local ones (``UBND``, ``HĐND``, ``TU``, ``Sở``...), whose
  numbers repeat in every province (DOMAIN.md). A local symbol whose province is
  unknown gets ``vn-_``. An issuer code missing from ``loaders/patterns/issuers.json``
  is treated as local when the context names a province (a false split is safer
  than merging two provinces' documents), as central otherwise.
- **type**: the folded lower-case type code (``qd``, ``nq``, ``kh``, ``ctr``, ``qyd``);
  ``luat`` for laws (``147/2025/QH15``), ``cv`` for official letters without a code
  (``9387/UBND-KT``).
- **year**: from the symbol, else the date, else ``_``.
- **number**: without leading zeros (``08-NQ/TU`` and ``8-NQ/TU`` are one); a
  document with no number (a draft ``…/KH-UBND``, or no symbol at all) gets
  ``draft-{12 hex digits of its text's SHA-256}``.
- **issuer**: the folded lower-case issuer part (``ttg``, ``ubnd-kt``, ``qh15``);
  ``_`` when a document has no symbol.

The year problem. State bodies renumber every year, so the year belongs to the
identity; but a citation may print neither date nor year (``Kế hoạch số
348-KH/TU``). Within one document the graph mapping gives such a mention the year
of a dated mention of the same symbol. Across documents it cannot: a yearless
citation mints ``…/_/…``, a different node from the dated document. Every document
node carries ``lo:symbolKey`` (:func:`symbol_key`: the folded symbol without year
context), so a look-up by symbol (:func:`resolve_symbol`, the CLI, the API) finds
both the dated node and any yearless ones, and queries can join them on the key.
The risk: a key names every year's and every province's ``348-KH/TU``; look-ups
must filter by jurisdiction and prefer the dated node.

Other nodes hang under their document (tasks, groups, targets, reporting duties,
citations, relation statements, spans, sections) or are keyed by name and
province (agencies, collectives), or by province (administrative units).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import URIRef

from luocdo.errors import InputError
from luocdo.loaders.symbols import Symbol, parse_symbol
from luocdo.loaders.vietnamese import fold, nfc
from luocdo.terms import LOD

BASE = str(LOD)
_ELI = BASE + "eli/"

UNKNOWN = "_"  # an unknown year, province or issuer

# One document IRI, read back into its parts (cf. laws-africa/cobalt's FRBR URI regex).
DOCUMENT_IRI_RE = re.compile(
    r"""
    ^https://w3id\.org/luocdo/id/eli/
    (?P<jurisdiction> vn (?: -_ | -[a-z0-9]+(?:-[a-z0-9]+)* )? )   # vn, vn-tay-ninh, vn-_
    /(?P<type> [a-z0-9]+ )                                          # qd, nq, kh, luat, cv
    /(?P<year> \d{4} | _ )                                          # 2022, or _ when unknown
    /(?P<number> \d+ (?: \.\d+ )? | draft-[0-9a-f]{12} )            # 569, 66.19, draft-3fa2...
    /(?P<issuer> [a-z0-9]+ (?: -[a-z0-9]+ )* | _ )                  # ttg, ubnd-kt, qh15, _
    $
    """,
    re.VERBOSE,
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NON_SEGMENT = re.compile(r"[^a-z0-9.]+")
_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")
_LAW_ISSUER = re.compile(r"^QH\d+$")


@dataclass(frozen=True)
class DocumentKey:
    """The parts of a document IRI: a document's identity."""

    jurisdiction: str  # "vn", "vn-tay-ninh", "vn-_"
    type: str  # "qd", "nq", "luat", "cv"
    year: int | None
    number: str  # "569", "66.19", "draft-<12 hex>"
    issuer: str  # "ttg", "ubnd-kt", "_"

    @property
    def local(self) -> bool:
        """True for a provincial document (jurisdiction ``vn-...``)."""
        return self.jurisdiction != "vn"


@dataclass(frozen=True)
class SymbolLookup:
    """What a symbol typed by a user names: the IRI when the year is known, and the key."""

    symbol: str  # canonical symbol
    symbol_key: str
    jurisdiction: str
    iri: URIRef  # the exact node when the year is known, else the yearless ``…/_/…`` node
    year_known: bool


# ---------------------------------------------------------------- slugs


def slug(text: str) -> str:
    """A lower-case ASCII slug: diacritics folded (Đ→d), runs of other characters → ``-``.

    >>> slug("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    >>> slug("HĐND")
    'hdnd'
    """
    return _NON_SLUG.sub("-", fold(text)).strip("-") or UNKNOWN


def _segment(text: str) -> str:
    """A path segment that keeps dots (task numbers ``3.1``)."""
    return _NON_SEGMENT.sub("-", fold(text)).strip("-.") or UNKNOWN


@functools.lru_cache(maxsize=1024)
def province_slug(province: str) -> str:
    """The slug of a province name, without ``tỉnh``/``thành phố``.

    >>> province_slug("Tây Ninh"), province_slug("tỉnh Đồng Nai"), province_slug("TP. Hồ Chí Minh")
    ('tay-ninh', 'dong-nai', 'ho-chi-minh')
    """
    return slug(_PROVINCE_PREFIX.sub("", fold(province)))


def jurisdiction(province: str | None) -> str:
    """``vn`` for the nation (None), ``vn-{slug}`` for a province.

    >>> jurisdiction(None), jurisdiction("Tây Ninh")
    ('vn', 'vn-tay-ninh')
    """
    return "vn" if province is None else f"vn-{province_slug(province)}"


def number_key(number: str) -> str:
    """A number without leading zeros: ``08`` → ``8``, ``066.19`` → ``66.19``, ``0`` → ``0``."""
    head, dot, tail = number.strip().partition(".")
    return (head.lstrip("0") or "0") + dot + tail


# ---------------------------------------------------------------- symbols


def _symbol(symbol: Symbol | str) -> Symbol:
    if isinstance(symbol, Symbol):
        return symbol
    parsed = parse_symbol(symbol)
    if parsed is None:
        raise InputError(
            "not a document number and symbol; expected a form such as 569/QĐ-TTg, "
            "16/2021/NQ-HĐND or 08-NQ/TU",
            source=repr(symbol),
        )
    return parsed


def symbol_key(symbol: Symbol | str) -> str:
    """The look-up key of a symbol: canonical form, folded, lower case, no leading zeros.

    >>> symbol_key("569/QĐ-TTG"), symbol_key("08-NQ/TU"), symbol_key("348/KH-TU")
    ('569/qd-ttg', '8-nq/tu', '348-kh/tu')
    """
    sym = _symbol(symbol)
    canonical = sym.canonical
    if sym.number:
        canonical = number_key(sym.number) + canonical[len(sym.number):]
    return fold(canonical).replace(" ", "")


def type_segment(symbol: Symbol | str) -> str:
    """The type part of a document IRI.

    >>> type_segment("569/QĐ-TTg"), type_segment("147/2025/QH15"), type_segment("9387/UBND-KT")
    ('qd', 'luat', 'cv')
    """
    sym = _symbol(symbol)
    if sym.type_code:
        return slug(sym.type_code)
    if _LAW_ISSUER.match(fold(sym.issuer_code).upper()):
        return "luat"
    return "cv"  # number/BODY-UNIT: an official letter (DOMAIN.md)


def is_local(symbol: Symbol | str, province: str | None = None) -> bool:
    """Whether the symbol's issuer exists once per province (so its number repeats).

    >>> is_local("16/2021/NQ-HĐND"), is_local("569/QĐ-TTg"), is_local("5/XYZ-ABC", "Huế")
    (True, False, True)
    """
    sym = _symbol(symbol)
    if sym.level is None:
        return province is not None
    return sym.local


def document_key(
    symbol: Symbol | str,
    *,
    year: int | None,
    province: str | None,
    draft: str | None = None,
    national: bool = False,
) -> DocumentKey:
    """The identity of the document a symbol names, in its context.

    ``year`` is used when the symbol has none; ``province`` scopes local symbols
    and is ignored for central ones; ``draft`` (the text's SHA-256) stands in for
    a blank number; ``national`` says that the issuer is known to be central
    although its code is usually local (``402-CV/VPĐU`` of the Văn phòng Đảng ủy
    Chính phủ).

    >>> document_key("709/QĐ-TTG", year=2024, province="Đồng Nai")
    DocumentKey(jurisdiction='vn', type='qd', year=2024, number='709', issuer='ttg')
    >>> document_key("348/KH-TU", year=None, province="Tây Ninh")
    DocumentKey(jurisdiction='vn-tay-ninh', type='kh', year=None, number='348', issuer='tu')
    """
    sym = _symbol(symbol)
    if national:
        juris = "vn"
    elif sym.local or (sym.level is None and province is not None):
        juris = jurisdiction(province) if province else f"vn-{UNKNOWN}"
    else:
        juris = "vn"
    if sym.number:
        number = number_key(sym.number)
    elif draft:
        number = _draft(draft)
    else:
        raise InputError(
            "the symbol has no number; pass draft= (the text's SHA-256) to identify the draft",
            source=sym.canonical,
        )
    return DocumentKey(
        jurisdiction=juris,
        type=type_segment(sym),
        year=sym.year if sym.year is not None else year,
        number=number,
        issuer=slug(sym.issuer) if sym.issuer else UNKNOWN,
    )


def anonymous_key(
    *, type_code: str | None, year: int | None, province: str | None, digest: str
) -> DocumentKey:
    """The identity of a document read without any symbol: its text's digest stands in.

    >>> anonymous_key(type_code="KH", year=None, province="Lào Cai", digest="ab" * 32).number
    'draft-abababababab'
    """
    return DocumentKey(
        jurisdiction=jurisdiction(province),
        type=slug(type_code) if type_code else "vb",
        year=year,
        number=_draft(digest),
        issuer=UNKNOWN,
    )


def _draft(digest: str) -> str:
    hexdigits = re.sub(r"[^0-9a-f]", "", digest.lower())
    if len(hexdigits) < 12:
        raise InputError("expected a hexadecimal SHA-256 digest", source=repr(digest))
    return f"draft-{hexdigits[:12]}"


def key_iri(key: DocumentKey) -> URIRef:
    """The IRI of a document identity (inverse of :func:`parse_document_iri`)."""
    year = str(key.year) if key.year is not None else UNKNOWN
    iri = f"{_ELI}{key.jurisdiction}/{key.type}/{year}/{key.number}/{key.issuer}"
    if not DOCUMENT_IRI_RE.match(iri):
        raise InputError("cannot form a document IRI from these parts", source=repr(key))
    return URIRef(iri)


def document_iri(
    symbol: Symbol | str,
    *,
    year: int | None,
    province: str | None,
    draft: str | None = None,
    national: bool = False,
) -> URIRef:
    """The IRI of the document a symbol names (see :func:`document_key`).

    >>> str(document_iri("569/QĐ-TTg", year=2022, province="Tây Ninh"))
    'https://w3id.org/luocdo/id/eli/vn/qd/2022/569/ttg'
    >>> str(document_iri("16/2021/NQ-HĐND", year=None, province="Tây Ninh"))
    'https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2021/16/hdnd'
    >>> document_iri("08-NQ/TU", year=2023, province="Tây Ninh") == \
        document_iri("8-NQ/TU", year=2023, province="Tây Ninh")
    True
    """
    return key_iri(document_key(symbol, year=year, province=province, draft=draft,
                                national=national))


def parse_document_iri(iri: str) -> DocumentKey:
    """The parts of a document IRI; :class:`InputError` when it is not one.

    >>> parse_document_iri("https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2021/16/hdnd")
    DocumentKey(jurisdiction='vn-tay-ninh', type='nq', year=2021, number='16', issuer='hdnd')
    """
    m = DOCUMENT_IRI_RE.match(str(iri))
    if m is None:
        raise InputError(
            "not a luocdo document IRI; expected "
            f"{_ELI}{{jurisdiction}}/{{type}}/{{year}}/{{number}}/{{issuer}}",
            source=str(iri),
        )
    year = m.group("year")
    return DocumentKey(
        jurisdiction=m.group("jurisdiction"),
        type=m.group("type"),
        year=None if year == UNKNOWN else int(year),
        number=m.group("number"),
        issuer=m.group("issuer"),
    )


def is_document_iri(iri: str) -> bool:
    """True when ``iri`` is a document IRI (not a task, span... under it)."""
    return DOCUMENT_IRI_RE.match(str(iri)) is not None


def resolve_symbol(text: str, *, province: str | None, year: int | None = None) -> SymbolLookup:
    """What a symbol (or a document IRI) typed by a user names, for CLI and API look-ups.

    When the year is unknown the IRI is the yearless node; callers then look
    nodes up by ``symbol_key`` (and jurisdiction) in the store.

    >>> r = resolve_symbol("569/QĐ-TTG", province=None, year=2022)
    >>> (r.symbol, r.symbol_key, str(r.iri).rsplit("/eli/", 1)[1])
    ('569/QĐ-TTg', '569/qd-ttg', 'vn/qd/2022/569/ttg')
    """
    text = nfc(text).strip()
    if is_document_iri(text):
        key = parse_document_iri(text)  # an IRI names itself; its printed symbol is not kept
        return SymbolLookup(symbol=text, symbol_key="", jurisdiction=key.jurisdiction,
                            iri=URIRef(text), year_known=key.year is not None)
    sym = _symbol(text)
    key = document_key(sym, year=year, province=province)
    return SymbolLookup(
        symbol=sym.canonical,
        symbol_key=symbol_key(sym),
        jurisdiction=key.jurisdiction,
        iri=key_iri(key),
        year_known=key.year is not None,
    )


# ---------------------------------------------------------------- nodes under a document


def _under(doc_iri: str, *parts: str) -> URIRef:
    if not is_document_iri(doc_iri):
        raise InputError("expected a document IRI", source=str(doc_iri))
    return URIRef("/".join((str(doc_iri), *parts)))


def graph_iri(doc_iri: str) -> URIRef:
    """The named graph holding everything read from a document: ``{doc}/graph``."""
    return _under(doc_iri, "graph")


def source_iri(doc_iri: str) -> URIRef:
    """The lo:SourceText node of an ingested document: ``{doc}/source``."""
    return _under(doc_iri, "source")


def task_iri(doc_iri: str, number: str) -> URIRef:
    """A task: ``{doc}/task/{number}`` (``3.1``; prose tasks without a number: ``p1``...)."""
    return _under(doc_iri, "task", _segment(number))


def prose_task_number(index: int) -> str:
    """The stand-in number of the ``index``-th (1-based) unnumbered prose task."""
    return f"p{index}"


def reported_task_iri(doc_iri: str, content: str) -> URIRef:
    """A task of ``doc_iri`` known only from a report on it (issue 16):
    ``{doc}/task/r-{digest}``, keyed on its folded wording, so that two reports quoting
    the task alike name one node, and no number of the document's own is taken."""
    digest = hashlib.sha256(" ".join(slug(content).split("-")).encode("utf-8")).hexdigest()
    return _under(doc_iri, "task", f"r-{digest[:16]}")


def progress_iri(doc_iri: str, n: int) -> URIRef:
    """The ``n``-th statement of progress of a report: ``{doc}/progress/{n}``."""
    return _under(doc_iri, "progress", str(n))


def group_iri(doc_iri: str, label: str) -> URIRef:
    """A task group (heading row ``II``): ``{doc}/group/{label}``."""
    return _under(doc_iri, "group", _segment(label))


def target_iri(doc_iri: str, n: int) -> URIRef:
    """The ``n``-th target of a document: ``{doc}/target/{n}``."""
    return _under(doc_iri, "target", str(n))


def reporting_iri(doc_iri: str, n: int) -> URIRef:
    """The ``n``-th reporting duty: ``{doc}/reporting/{n}``."""
    return _under(doc_iri, "reporting", str(n))


def citation_iri(doc_iri: str, n: int) -> URIRef:
    """The ``n``-th citation: ``{doc}/citation/{n}``."""
    return _under(doc_iri, "citation", str(n))


def statement_iri(doc_iri: str, n: int) -> URIRef:
    """The ``n``-th relation statement: ``{doc}/statement/{n}``."""
    return _under(doc_iri, "statement", str(n))


def section_iri(doc_iri: str, path: str) -> URIRef:
    """A structural unit by its path (``III/1/b``): ``{doc}/section/iii/1/b``."""
    segments = [_segment(p) for p in path.split("/") if p.strip()] or [UNKNOWN]
    return _under(doc_iri, "section", *segments)


def span_iri(doc_iri: str, start: int, end: int) -> URIRef:
    """A span of a document's normalized text: ``{doc}/span/{start}-{end}``.

    >>> span_iri("https://w3id.org/luocdo/id/eli/vn/qd/2022/569/ttg", 10, 24).rsplit("/", 2)[1:]
    ['span', '10-24']
    """
    if start < 0 or end < start:
        raise InputError(f"bad span {start}-{end}: expected 0 <= start <= end", source=str(doc_iri))
    return _under(doc_iri, "span", f"{start}-{end}")


# ---------------------------------------------------------------- agencies and units


@functools.cache
def _agency_key_function() -> Callable[[str, str | None], str] | None:
    try:
        from luocdo.loaders.agencies import agency_key
    except ImportError:  # the agency reader is optional for identity
        return None
    return agency_key


@functools.lru_cache(maxsize=16384)
def agency_slug(name: str, province: str | None) -> str:
    """The name part of an agency IRI: one slug per real body of a province.

    Uses ``luocdo.loaders.agencies.agency_key`` (abbreviations expanded, the
    province's name dropped), so ``Sở KH&CN`` and ``Sở Khoa học và Công nghệ``
    of one province share it.
    """
    key_function = _agency_key_function()
    key = key_function(name, province) if key_function else fold(name)
    return slug(key.split("|", 1)[-1])


def agency_iri(name: str, province: str | None) -> URIRef:
    """One real body: ``lod:agency/{jurisdiction}/{slug}`` (province None: central).

    >>> agency_iri("Sở KH&CN", "Tây Ninh") == agency_iri("Sở Khoa học và Công nghệ", "Tây Ninh")
    True
    >>> agency_iri("Sở KH&CN", "Tây Ninh") == agency_iri("Sở KH&CN", "Đồng Nai")
    False
    """
    return URIRef(f"{BASE}agency/{jurisdiction(province)}/{agency_slug(name, province)}")


def collective_iri(name: str, province: str | None) -> URIRef:
    """A collective assignee (``các sở, ban, ngành``): ``lod:collective/{jurisdiction}/{slug}``."""
    return URIRef(f"{BASE}collective/{jurisdiction(province)}/{agency_slug(name, province)}")


def unit_iri(province: str | None) -> URIRef:
    """An administrative unit: ``lod:unit/vn`` (the nation) or ``lod:unit/vn-{slug}``."""
    return URIRef(f"{BASE}unit/{jurisdiction(province)}")


def unit_iri_of(jurisdiction_slug: str) -> URIRef | None:
    """The unit of a document key's jurisdiction; None for an unknown province (``vn-_``)."""
    if jurisdiction_slug.endswith(f"-{UNKNOWN}"):
        return None
    return URIRef(f"{BASE}unit/{jurisdiction_slug}")


# ---------------------------------------------------------------- graphs


def inferred_graph_iri() -> URIRef:
    """The named graph holding what reasoning inferred: ``lod:graph/inferred``."""
    return URIRef(f"{BASE}graph/inferred")


def ontology_graph_iri() -> URIRef:
    """The named graph that may hold the ontology: ``lod:graph/ontology``."""
    return URIRef(f"{BASE}graph/ontology")
