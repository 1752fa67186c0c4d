"""The document itself: issuing body, number and symbol, place and date, type and title.

A Vietnamese document opens with a header block (DOMAIN.md, "Layout of a
document"; Nghị định 30/2020/NĐ-CP, Phụ lục I), often printed as two columns::

    ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH LÀO CAI               Độc lập - Tự do - Hạnh phúc
    Số: 5973/UBND-KT           Lào Cai, ngày 11 tháng 6 năm 2026
    KẾ HOẠCH | QUYẾT ĐỊNH | ...       (the type line; letters have none)
    <trích yếu: the title>             (letters: "V/v ...")

and ends with ``Nơi nhận:`` and the signature block. This module reads both.
Sources flatten the columns in different ways (``|`` cells from .docx tables,
wide spacing from ``pdftotext -layout``, one column after the other), so a line
is read as *cells*: text split on ``|`` and on runs of three or more spaces.

The genre's words (motto, unit words such as ``Sở``/``Bộ``, known names,
signature marks) live in ``loaders/patterns/headers.json``; provinces in
``loaders/patterns/provinces.json``.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from luocdo.loaders import patterns, symbols
from luocdo.loaders.dates import iso_date
from luocdo.loaders.symbols import Symbol
from luocdo.loaders.vietnamese import fold, squash
from luocdo.model import DocumentInfo, Issuer, Span

# How far into the text the header is looked for (the seed 000 page begins with
# a portal's related-documents list before the header).
_WINDOW_LINES = 160
_WINDOW_CHARS = 24_000


# --------------------------------------------------------------------------- text helpers


def key(text: str) -> str:
    """A comparison key for names: folded, punctuation dropped, single spaces.

    >>> key("Bà Rịa – Vũng Tàu") == key("BÀ RỊA-VŨNG TÀU")
    True
    """
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@functools.cache
def _letter_classes() -> dict[str, str]:
    """Folded base letter -> every Latin letter that folds to it (ạ, Ặ, Đ, ...)."""
    out: dict[str, set[str]] = {}
    ranges = [(0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            base = fold(ch)
            if len(base) == 1 and base.isalpha() and base.isascii():
                out.setdefault(base, set()).add(ch)
    return {k: "".join(sorted(v)) for k, v in out.items()}


def loose(phrase: str) -> str:
    """Regex source matching ``phrase`` whatever its case, diacritics, spacing and dashes.

    >>> bool(re.fullmatch(loose("Độc lập - Tự do - Hạnh phúc"), "ĐỘC LẬP  TỰ DO – HẠNH PHÚC"))
    True
    """
    classes = _letter_classes()
    words = [w for w in re.split(r"[\s\-–—]+", fold(phrase)) if w]
    out = []
    for word in words:
        out.append("".join(
            f"[{re.escape(classes[c])}]" if c in classes else re.escape(c) for c in word))
    return r"[\s\-–—]+".join(out)


def ocr_loose(phrase: str) -> str:
    """Like :func:`loose`, but every letter that carries a diacritic may be missing.

    OCR drops such letters, stacked marks above all (corpus 051 prints
    ``XC THC VN BN HP NHT`` for ``XÁC THỰC VĂN BẢN HỢP NHẤT``). ``Đ`` has no
    mark to lose, so it stays required (matching ``Đ``, ``đ``, ``D``, ``d``).

    >>> bool(re.fullmatch(ocr_loose("Xác thực văn bản hợp nhất"), "XC THC VN BN HP NHT"))
    True
    >>> bool(re.fullmatch(ocr_loose("Bộ Quốc phòng"), "BỘ QUỐC PHÒNG"))
    True
    >>> bool(re.fullmatch(ocr_loose("Bộ Quốc phòng"), "BỘ CÔNG AN"))
    False
    """
    classes = _letter_classes()
    out = []
    for word in re.split(r"[\s\-–—]+", phrase.strip()):
        pieces = []
        for ch in word:
            base = fold(ch)
            piece = f"[{re.escape(classes[base])}]" if base in classes else re.escape(ch)
            marked = base in classes and unicodedata.decomposition(ch) != ""
            pieces.append(piece + "?" if marked else piece)
        if pieces:
            out.append("".join(pieces))
    return r"[\s\-–—]+".join(out)


def ocr_key_re(name: str) -> re.Pattern[str]:
    """A pattern over :func:`key` forms matching ``name`` with any of its letters that
    carry a diacritic missing (OCR's drops, see :func:`ocr_loose`); cheap to compile.

    >>> bool(ocr_key_re("Hà Nội").fullmatch(key("Hà Ni")))
    True
    >>> bool(ocr_key_re("Hà Nội").fullmatch(key("Hà Nam")))
    False
    """
    words = []
    for word in re.split(r"[^\w]+", name):
        pieces = []
        for ch in word:
            base = fold(ch)
            marked = unicodedata.decomposition(ch) != "" and base.isalpha()
            pieces.append(f"(?:{re.escape(base)})?" if marked else re.escape(base))
        if pieces:
            words.append("".join(pieces))
    return re.compile(" ".join(words))


@functools.cache
def _lookalikes() -> tuple[dict[int, str], re.Pattern[str]]:
    letters: dict[str, str] = _headers()["lookalikes"]["letters"]
    return str.maketrans(letters), re.compile("[" + re.escape("".join(letters)) + "]")


def latin_lookalikes(text: str) -> str:
    """``text`` with the Cyrillic and Greek letters that look like Latin ones folded to
    them (``headers.json``, ``lookalikes``), one for one, so that offsets do not move.

    >>> latin_lookalikes("24/HDLN-ВСТ-ВТC")
    '24/HDLN-BCT-BTC'
    """
    table, found = _lookalikes()
    # translate() copies the text: only when there is something to fold
    return text.translate(table) if found.search(text) else text


def is_upper(text: str) -> bool:
    """True when ``text`` has letters (two or more) and all of them are capitals."""
    if text != text.upper() or text == text.lower():
        return False
    letters = 0
    for c in text:
        if c.isalpha():
            letters += 1
            if letters >= 2:
                return True
    return False


# A rule line printed under a header's names ("-------", "___", "*").
SEPARATOR = re.compile(r"[-_=*~.…–—\s]+")


# A cell of a line (between "|" or wide spacing): its stripped text and absolute span.
Cell = Span


@dataclass(frozen=True)
class Line:
    """One line of the text with its offsets; its cells are computed when first asked."""

    start: int  # offset of the first character of the line
    end: int  # offset of the line break (or end of text)
    text: str
    source: str = field(repr=False, compare=False, default="")

    @functools.cached_property
    def cells(self) -> tuple[Cell, ...]:
        """The pieces of the line between column breaks."""
        return _cells(self.source, self.start, self.end)

    @property
    def blank(self) -> bool:
        """True when the line holds nothing but white space and column bars."""
        return not self.text.strip(" \t\r\u00a0|")


_CELL_BREAK = re.compile(r"\s*\|\s*|[ \t\u00a0]{3,}|\t+")


def _cells(text: str, start: int, end: int) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    pos = start

    def add(a: int, b: int) -> None:
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            s = a + lead
            cells.append(Cell(s, s + len(stripped), stripped))

    for m in _CELL_BREAK.finditer(text, start, end):
        add(pos, m.start())
        pos = m.end()
    add(pos, end)
    return tuple(cells)


# The signature blocks and the structure both read every line of a document's body.
@functools.lru_cache(maxsize=1)
def lines_from(text: str, start: int) -> tuple[Line, ...]:
    """The lines of ``text`` from ``start`` (a line start) to its end; the last text's are
    kept, with the cells computed on them."""
    return tuple(iter_lines(text, start))


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """The lines of ``text[start:end]`` (``start`` should be a line start), with cells."""
    stop = len(text) if end is None else min(end, len(text))
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl < 0 else nl
        yield Line(pos, line_end, text[pos:line_end], text)
        if nl < 0:
            break
        pos = nl + 1


# --------------------------------------------------------------------------- pattern data


@functools.cache
def _headers() -> dict[str, Any]:
    return patterns.load("headers")


@functools.cache
def motto_re() -> re.Pattern[str]:
    """The national motto lines of the header (``CỘNG HÒA XÃ HỘI …``, ``Độc lập - …``)."""
    return re.compile("|".join(loose(m) for m in _headers()["motto"]))


@functools.cache
def _party_re() -> re.Pattern[str]:
    return re.compile(loose(_headers()["party_marker"]))


@dataclass(frozen=True)
class Province:
    """A province or centrally-run city of provinces.json."""

    name: str
    kind: str  # "tỉnh" | "thành phố"


@functools.cache
def _provinces() -> dict[str, Province]:
    out: dict[str, Province] = {}
    for entry in patterns.load("provinces")["provinces"]:
        prov = Province(entry["name"], entry["kind"])
        for printed in [entry["name"], *entry.get("aliases", [])]:
            out.setdefault(key(printed), prov)
    return out


_LOCALITY_PREFIX = re.compile(r"^(?:thanh pho|tp|tinh)\s+")


def province(name: str | None) -> Province | None:
    """The province a printed place or locality names, or None.

    >>> province("TP. Hồ Chí Minh").name, province("Khánh Hoà").kind
    ('Hồ Chí Minh', 'tỉnh')
    """
    if not name:
        return None
    k = key(name)
    found = _provinces().get(k)
    if found is None:
        found = _provinces().get(_LOCALITY_PREFIX.sub("", k))
    return found


@dataclass(frozen=True)
class _Unit:
    name: str
    words: tuple[str, ...]  # folded words
    local: bool
    generic: bool
    bare_locality: bool


@functools.cache
def _units() -> tuple[_Unit, ...]:
    units = [
        _Unit(u["name"], tuple(key(u["name"]).split()), bool(u.get("local")),
              bool(u.get("generic")), bool(u.get("bare_locality")))
        for u in _headers()["unit_words"]["words"]
    ]
    return tuple(sorted(units, key=lambda u: -len(u.words)))


@dataclass(frozen=True)
class _Known:
    name: str
    central: bool


@functools.cache
def _known_names() -> dict[str, _Known]:
    out: dict[str, _Known] = {}
    for entry in _headers()["known_names"]["names"]:
        for printed in [entry["name"], *entry.get("aliases", [])]:
            out.setdefault(key(printed), _Known(entry["name"], bool(entry.get("central"))))
    for entry in patterns.load("issuers")["issuers"]:
        if entry["level"] in ("national", "party_central"):
            out.setdefault(key(entry["name"]), _Known(entry["name"], True))
    return out


@functools.cache
def _localities() -> tuple[tuple[str, ...], ...]:
    words = [tuple(key(x["name"]).split()) for x in _headers()["localities"]]
    return tuple(sorted(words, key=lambda w: -len(w)))


@functools.cache
def _proper_words_re() -> tuple[tuple[re.Pattern[str], str], ...]:
    words = list(_headers()["proper_words"])
    words += [e["name"] for e in patterns.load("provinces")["provinces"]]
    words.sort(key=len, reverse=True)
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(w.lower())}(?!\w)", re.IGNORECASE), w) for w in words)


# --------------------------------------------------------------------------- issuer names


@dataclass(frozen=True)
class Body:
    """One body of the header block, in readable form."""

    name: str  # readable full name, e.g. "Ủy ban nhân dân tỉnh Lào Cai"
    unit: str | None = None  # "Ủy ban nhân dân", "Sở", "Bộ"...
    local: bool = False  # the unit exists once per locality
    generic: bool = False  # the unit alone, without field or locality ("VĂN PHÒNG")
    bare_locality: bool = False  # "Tỉnh ủy Tây Ninh", not "Tỉnh ủy tỉnh Tây Ninh"
    known: bool = False  # a fixed name (central body)
    locality: str | None = None  # "tỉnh Lào Cai", "Tây Ninh" (bare after Tỉnh ủy)
    province: str | None = None


def _field_case(words: list[str]) -> str:
    """Readable form of a body's field: 'NÔNG NGHIỆP VÀ MÔI TRƯỜNG' -> 'Nông nghiệp và Môi trường'.

    Each coordinated field is capitalized (Nghị định 30/2020/NĐ-CP, Phụ lục II:
    the first letter of the words naming the body's type and its field).
    """
    text = " ".join(words).lower()
    out = []
    capitalize = True
    for token in re.split(r"(\s+)", text):
        if not token.strip():
            out.append(token)
            continue
        if capitalize and token[0].isalpha():
            token = token[0].upper() + token[1:]
            capitalize = False
        elif capitalize and token in ("-", "–"):
            pass
        else:
            capitalize = False
        if token in ("và", "-", "–") or token.endswith(","):
            capitalize = True
        out.append(token)
    result = "".join(out)
    for pattern, proper in _proper_words_re():
        result = pattern.sub(proper, result)
    return result


def _expand(words: list[str]) -> list[str]:
    abbreviations = {key(k): v for k, v in _headers()["abbreviations"].items()}
    out: list[str] = []
    for word in words:
        k = key(word)
        if k in abbreviations and (word.upper() == word):
            out.extend(abbreviations[k].split())
        elif re.fullmatch(r"TP\.\S+", word):
            out.extend(["thành", "phố", word[3:]])
        else:
            out.append(word)
    return out


def _match_words(words: list[str], at: int, pattern: tuple[str, ...]) -> bool:
    if at + len(pattern) > len(words):
        return False
    return all(key(words[at + i]) == p for i, p in enumerate(pattern))


def _unit_at_start(words: list[str]) -> _Unit | None:
    for unit in _units():
        if _match_words(words, 0, unit.words):
            return unit
    return None


def starts_with_unit(text: str) -> bool:
    """True when ``text`` begins with a body's unit word (``SỞ``, ``BỘ``, ``UBND``...)."""
    return _unit_at_start(_expand(text.split())) is not None


def _locality(words: list[str], at: int, any_level: bool) -> tuple[str, Province | None] | None:
    """A locality starting at word ``at``: ('tỉnh Lào Cai', province) or None.

    Provinces are recognized anywhere; a district or commune ("HUYỆN CHÂU THÀNH")
    only right after a local unit (``any_level``), since "xã" also ends "xã hội".
    """
    for loc in _localities():
        if not _match_words(words, at, loc):
            continue
        rest = words[at + len(loc):]
        if not rest:
            return None
        prov = province(" ".join(rest))
        kind = " ".join(words[at:at + len(loc)]).lower()
        if prov is not None and kind in ("tỉnh", "thành phố", "tp.", "tp"):
            return f"{prov.kind} {prov.name}", prov
        if any_level:
            name = " ".join(w[:1].upper() + w[1:].lower() for w in rest)
            return f"{kind} {name}", None
    return None


def body_name(printed: str) -> Body:
    """The readable form of one body printed in the header (usually in capitals).

    >>> body_name("UBND TỈNH LÀO CAI").name
    'Ủy ban nhân dân tỉnh Lào Cai'
    >>> body_name("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG").name
    'Sở Nông nghiệp và Môi trường'
    >>> body_name("BỘ CÔNG THƯƠNG").name
    'Bộ Công Thương'
    """
    words = _expand(squash(printed).split())
    k = key(" ".join(words))
    known = _known_names().get(k)
    unit = _unit_at_start(words)
    if known is not None:
        return Body(known.name, unit=unit.name if unit else None, known=True)
    rest_at = len(unit.words) if unit else 0
    local = bool(unit and unit.local)
    # the locality: "TỈNH LÀO CAI" anywhere at the end, or right after a local unit
    loc: tuple[str, Province | None] | None = None
    loc_at = len(words)
    for i in range(rest_at, len(words)):
        found = _locality(words, i, local and i == rest_at)
        if found is not None:
            loc, loc_at = found, i
            break
    if loc is None and local and rest_at < len(words):
        bare = province(" ".join(words[rest_at:]))
        if bare is not None:
            loc, loc_at = (bare.name, bare), rest_at
    field_words = words[rest_at:loc_at]
    parts = [unit.name] if unit else []
    if field_words:
        cased = _field_case(field_words)
        parts.append(cased if unit else cased[:1].upper() + cased[1:])
    if loc is not None:
        parts.append(loc[0])
    name = " ".join(parts) if parts else squash(printed)
    return Body(
        name=name,
        unit=unit.name if unit else None,
        local=local,
        generic=bool(unit and unit.generic and not field_words and loc is None),
        bare_locality=bool(unit and unit.bare_locality),
        locality=loc[0] if loc else None,
        province=loc[1].name if loc and loc[1] else None,
    )


def _with_locality(body: Body, prov: Province) -> Body:
    locality = prov.name if body.bare_locality else f"{prov.kind} {prov.name}"
    return Body(f"{body.name} {locality}", body.unit, True, False, body.bare_locality,
                body.known, locality, prov.name)


def compose_issuer(bodies: list[Body], place: str | None) -> Body:
    """The issuing body from the header's bodies (parent first) and the place line.

    >>> compose_issuer([body_name("ỦY BAN NHÂN DÂN")], "Tây Ninh").name
    'Ủy ban nhân dân tỉnh Tây Ninh'
    >>> compose_issuer([body_name("ĐẢNG ỦY CHÍNH PHỦ"), body_name("VĂN PHÒNG")], "Hà Nội").name
    'Văn phòng Đảng ủy Chính phủ'
    """
    body = bodies[-1]
    parent = compose_issuer(bodies[:-1], place) if len(bodies) > 1 else None
    place_prov = province(place)
    if parent is not None and parent.unit in ("Bộ", "Tổng cục") and not body.generic:
        # a department of a ministry: "Cục Hóa chất, Bộ Công Thương"
        sep = _headers()["subunit_separator"]
        return Body(f"{body.name}{sep}{parent.name}", body.unit, known=parent.known)
    if body.known:
        return body
    if body.generic and parent is not None:
        return Body(f"{body.name} {parent.name}", body.unit, body.local or parent.local,
                    False, body.bare_locality, parent.known, parent.locality, parent.province)
    if body.locality is None and (body.local or (parent is not None and parent.local)):
        prov_name = parent.province if parent is not None else None
        prov = province(prov_name) if prov_name else (place_prov if body.local else None)
        if prov is not None:
            return _with_locality(body, prov)
        return Body(body.name, body.unit, True, body.generic, body.bare_locality)
    return body


# --------------------------------------------------------------------------- header lines

_SYMBOL_LEAD = re.compile(r"(?:(?:Luật|LUẬT)\s+(?:số|Số|SỐ)|Số|SỐ)(?!\w)\s*[:.]?\s*")
_DRAFT_SYMBOL = re.compile(
    r"[.…_\s]*/[ \t]*(?P<codes>[A-ZĐa-zđ][A-Za-zĐđ0-9]*(?:[ \t]*-[ \t]*[A-ZĐa-zđ][A-Za-zĐđ0-9]*)*)")
# OCR confuses the vowels of "ngày", "tháng", "năm" ("ngảy 25 thảng 02 nãm 2026", "nărn")
# and splits them ("thá ng"): the date line is matched on any vowel of the family (issue 15).
_A = "[aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ]"
_PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ .\-]*(?:[ .\-]+[^\W\d_][^\W\d_.\-]*){0,5}?)\s*,\s*"
    rf"(?P<date>ng ?{_A} ?y\b(?:(?P<rest>[^|\n]{{0,40}}?)n ?{_A} ?(?:m|rn)"
    r"\s*(?P<y>(?:19|20)\d{2})"
    r"|\s*(?P<sd>\d{1,2})\s*([/.-])\s*(?P<sm>\d{1,2})\s*\6\s*(?P<sy>(?:19|20)\d{2})))",
    re.IGNORECASE,
)
_PLACE_DATE_NO_COMMA = re.compile(_PLACE_DATE.pattern.replace(r"\s*,\s*", r"[ \t]+", 1),
                                  re.IGNORECASE)
_DAY_MONTH = re.compile(
    rf"\s*(?P<d>[\dlO]{{1,2}})?[^\d]*?th ?{_A} ?ng[\s.…_]*(?P<m>[\dlO]{{1,2}})?", re.I)
_LETTER_TITLE = re.compile(r"V/[vV]\b")
_RECIPIENTS = re.compile(loose("Kính gửi") + r"\s*:?")
_OF = re.compile(r"(?:CỦA|Của)\s+(?P<who>.+)")
_TYPE_OF = re.compile(r"(?P<type>.+?)\s+CỦA\s+(?P<who>.+)")
_HEADING = re.compile(
    r"(?:[IVXL]+\s*[.\-–]\s|\d{1,2}\s*\.\s|(?:Điều|ĐIỀU|Chương|CHƯƠNG)\s+\w+)")


@dataclass(frozen=True)
class Found:
    """A header element: its offsets and text."""

    start: int
    end: int
    text: str
    line: int  # index in the header window


@dataclass
class HeaderParts:
    """Everything the header block gives, with where it was read."""

    symbol: Symbol | None = None
    symbol_at: Found | None = None
    place: Found | None = None
    date_at: Found | None = None
    date: str | None = None
    date_year: int | None = None
    type_name: str | None = None
    type_at: Found | None = None
    stated_issuer: Found | None = None  # "CỦA BỘ CHÍNH TRỊ" after the type line
    place_name: str | None = None  # the place, repaired when OCR dropped letters ("Hà Ni")
    # the consolidating body of a consolidated text's authentication block: where, and its name
    consolidator: Found | None = None
    consolidator_name: str | None = None
    consolidator_province: str | None = None
    title_lines: list[Found] = field(default_factory=list)
    issuer_cells: list[Found] = field(default_factory=list)
    recipients: Found | None = None
    party_marker: bool = False
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)


# A symbol cut after a hyphen at the end of its cell ("Số: 24 /HDLN-BCA-BQP-BYT-" with the
# date beside it): its codes go on at the start of the next line (corpus 050).
_CUT_AFTER_HYPHEN = re.compile(r"[ \t]*-(?=[ \t]*(?:\||$)|[ \t]{3})")
_CODES_LINE = re.compile(r"[A-ZĐ][A-Za-zĐđ0-9]*(?:[ \t]*-[ \t]*[A-ZĐ][A-Za-zĐđ0-9]*)*")


def _codes_continued(text: str, after: int, line_end: int) -> Cell | None:
    """The rest of a symbol cut after a hyphen at ``after``: the first cell of the next
    (non-blank) line when it holds nothing but codes, else None."""
    if _CUT_AFTER_HYPHEN.match(text, after, line_end) is None:
        return None
    pos = line_end + 1
    for _ in range(2):  # the next line, or the one after a blank line
        if pos >= len(text):
            return None
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        cells = _cells(text, pos, stop)
        if cells:
            first = cells[0]
            return first if _CODES_LINE.fullmatch(text, first.start, first.end) else None
        pos = stop + 1
    return None


def _symbol_in(text: str, cell: Cell, line_end: int, lead_re: re.Pattern[str] = _SYMBOL_LEAD,
               end: int | None = None) -> tuple[Symbol, int, int] | None:
    """The number and symbol after ``Số:`` at the start of ``cell``: (symbol, start, end).

    ``text`` should have its look-alike letters folded (:func:`latin_lookalikes`);
    the symbol may go on past ``line_end`` up to ``end`` (default: the line end).
    """
    lead = lead_re.match(text, cell.start, cell.end)
    if lead is None:
        return None
    # a draft's blank number leaves wide spacing: "Số:           /KH-UBND"
    pos = lead.end()
    while pos < line_end and text[pos] in " \t\u00a0":
        pos += 1
    m = symbols.SYMBOL_RE.match(text, pos, line_end if end is None else end)
    if m is not None:
        rest = _codes_continued(text, m.end(), line_end) if m.end() <= line_end else None
        if rest is not None:
            joined = symbols.parse_symbol(f"{m.group()}-{rest.text}")
            if joined is not None:
                return joined, m.start(), rest.end
        return symbols.from_match(m), m.start(), m.end()
    d = _DRAFT_SYMBOL.match(text, pos, line_end)
    if d is not None:
        sym = symbols.parse_symbol(text[d.start():d.end()])
        if sym is not None:
            s = d.start() + len(text[d.start():d.end()]) - len(text[d.start():d.end()].lstrip())
            return sym, s, d.end()
    return None


def _place_date_in(text: str, cell: Cell, line_end: int) -> re.Match[str] | None:
    """The place-and-date line starting at ``cell`` (a draft's blanks may span cells)."""
    m = _PLACE_DATE.match(text, cell.start, line_end)
    if m is None:
        # OCR and text layers lose the comma: "Lào Cai ngày 25 tháng 02 năm 2026"; then
        # every word of the place is capitalized ("Căn cứ Luật ngày …" is no place)
        m = _PLACE_DATE_NO_COMMA.match(text, cell.start, line_end)
        if m is None or not all(w[:1].isupper() for w in m.group("place").split()):
            return None
    place = m.group("place").strip()
    if not place[:1].isupper():
        return None
    return m


def type_name_of(line_text: str) -> tuple[str, str] | None:
    """(type name, printed words) when ``line_text`` is a type line such as ``KẾ HOẠCH``.

    >>> type_name_of("NGHỊ QUYẾT")
    ('Nghị quyết', 'NGHỊ QUYẾT')
    >>> type_name_of("Kế hoạch") is None
    True
    """
    text = squash(line_text)
    if not is_upper(text) or len(text) > 48:
        return None
    m = re.match(r"(?:DỰ\s+THẢO\s+)?(?P<t>.+)$", text)
    assert m is not None
    words = m.group("t").split()
    names = patterns.doctype_by_name()
    # the type name, possibly qualified: "KẾ HOẠCH HÀNH ĐỘNG", "QUY CHẾ PHỐI HỢP"
    for n in range(len(words), max(0, len(words) - 4), -1):
        entry = names.get(key(" ".join(words[:n])))
        if entry is None:
            continue
        extra = [key(w) for w in words[n:]]
        if extra and extra[0] in ("cua", "ve", "so", "v v"):
            return None
        return str(entry["name"]), " ".join(words[:n])
    return None


def header_like(line: Line) -> bool:
    """True when every cell of the line could belong to a header block."""
    for cell in line.cells:
        t = cell.text
        if is_upper(t) or SEPARATOR.fullmatch(t) or motto_re().match(t) or t == "*":
            continue
        return False
    return True


def _issuer_cell(text: str, cell: Cell) -> Cell | None:
    """The part of a header cell that names a body (the motto cut off), or None."""
    t = cell.text
    if SEPARATOR.fullmatch(t) or _party_re().fullmatch(t):
        return None
    m = motto_re().search(t)
    if m is not None:
        if m.start() == 0:
            return None
        t = t[: m.start()].rstrip()
    # a rule printed under the body's name: "ỦY BAN NHÂN DÂN TỈNH TÂY NINH --------"
    t = re.sub(r"\s*[-_=*~]{3,}.*$", "", t)
    if not is_upper(t) or re.match(r"DỰ\s+THẢO\b", t):
        return None
    return Cell(cell.start, cell.start + len(t), t)


def _collect_title(lines: list[Line], i: int, *, letter: bool) -> list[Found]:
    """The title lines starting at ``lines[i]``."""
    first = lines[i]
    out = [Found(first.cells[0].start, first.cells[-1].end if not letter else first.cells[0].end,
                 first.cells[0].text if letter else first.text.strip(), i)]
    upper = is_upper(first.text)
    stops = tuple(_headers()["title_stops"])
    for j in range(i + 1, min(i + 9, len(lines))):
        line = lines[j]
        if line.blank:
            break
        cell = line.cells[0]
        t = cell.text if letter else line.text.strip()
        if SEPARATOR.fullmatch(t) or _RECIPIENTS.match(t) or _HEADING.match(t):
            break
        if letter:
            if is_upper(t) or _PLACE_DATE.search(t):
                break
        elif upper:
            if not is_upper(t):
                break
        else:
            if is_upper(t) or t.startswith("(") or _PLACE_DATE.search(t):
                break
            if any(t.startswith(s + " ") or t == s for s in stops):
                break
        end = cell.end if letter else line.cells[-1].end
        out.append(Found(cell.start, end, t, j))
    return out


def _recipients_end(lines: list[Line], i: int) -> int:
    """Index of the last line of a ``Kính gửi:`` block starting at ``lines[i]``."""
    last = i
    seen_content = bool(_RECIPIENTS.sub("", lines[i].text.strip(), count=1).strip())
    prev_open = seen_content and not lines[i].text.rstrip().endswith((".", ";"))
    for j in range(i + 1, min(i + 30, len(lines))):
        line = lines[j]
        if line.blank:
            if seen_content:
                break
            continue
        t = line.cells[0].text
        if t[:1] in "-+•–":
            last, seen_content = j, True
            prev_open = not t.rstrip().endswith(".")
            continue
        if t[:1].islower() and prev_open:
            last = j
            prev_open = not t.rstrip().endswith(".")
            continue
        break
    return last


def _is_page_related(line: Line) -> bool:
    """A portal's related-documents entry: '- 3 Kế hoạch 939/KH-UBND năm 2020 ...'."""
    return bool(re.match(r"\s*-\s*\d{1,3}\s+\S", line.text)) and not is_upper(line.text)


def _window(text: str) -> list[Line]:
    lines: list[Line] = []
    for n, line in enumerate(iter_lines(text, 0, min(len(text), _WINDOW_CHARS))):
        if n >= _WINDOW_LINES:
            break
        lines.append(line)
    return lines


# "Số:" as OCR misreads it: a colon is required, so no word starting with "S" is taken
_OCR_LEAD = re.compile(r"S[ôồổỗộóòõọoơ06]?[ \t]*:[ \t]*")
_NO_SYMBOL = "header: no number and symbol found near the top (expected 'Số: 123/KH-UBND')"
_NO_DATE = "header: no place and date line found (expected '<place>, ngày … tháng … năm …')"


def _find_anchor(text: str, view: str, lines: list[Line], parts: HeaderParts) -> int | None:
    """The line of the number and symbol, else of the first date or type line.

    ``view`` is ``text`` with look-alike letters folded, where symbols are read.
    """
    for i, line in enumerate(lines):
        if _is_page_related(line):
            continue
        for cell in line.cells:
            found = _symbol_in(view, cell, line.end)
            if found is not None:
                sym, s, e = found
                parts.symbol, parts.symbol_at = sym, Found(s, e, text[s:e], i)
                return i
    for i, line in enumerate(lines[:40]):  # OCR: "Sô: 16/2026/QĐ-UBND", "S6: …" (issue 15)
        if _is_page_related(line):
            continue
        for cell in line.cells:
            found = _symbol_in(view, cell, line.end, _OCR_LEAD)
            if found is not None:
                sym, s, e = found
                parts.symbol, parts.symbol_at = sym, Found(s, e, text[s:e], i)
                return i
    parts.warnings.append(_NO_SYMBOL)
    for i, line in enumerate(lines[:60]):
        if _is_page_related(line):
            continue
        if any(_place_date_in(text, c, line.end) for c in line.cells) or (
                len(line.cells) == 1 and type_name_of(line.cells[0].text)):
            return i
    return None


def _read_issuer_cells(text: str, lines: list[Line], anchor: int, parts: HeaderParts) -> None:
    """The header block above the anchor: walk back over header-like lines."""
    first = anchor
    for i in range(anchor - 1, max(-1, anchor - 14), -1):
        if lines[i].blank or header_like(lines[i]) or _date_line(text, lines[i]):
            first = i  # the right column's date may be printed above "Số:" (issue 15)
            continue
        break
    for i in range(first, anchor + 1):
        for cell in lines[i].cells:
            if i == anchor and parts.symbol_at and cell.end > parts.symbol_at.start:
                break  # the cell of "Số: …" (or OCR's "S6: …") and what follows it
            if _party_re().match(cell.text):
                parts.party_marker = True
            piece = _issuer_cell(text, cell)
            if piece is not None and not type_name_of(piece.text):
                parts.issuer_cells.append(Found(piece.start, piece.end, piece.text, i))


def _read_type_line(line: Line, i: int, parts: HeaderParts) -> bool:
    """Record ``line`` as the type line (``KẾ HOẠCH``, ``NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ``)."""
    if len(line.cells) != 1:
        return False
    c0 = line.cells[0]
    t = type_name_of(c0.text)
    of = _TYPE_OF.fullmatch(c0.text) if t is None else None
    if of is not None and is_upper(c0.text):
        t = type_name_of(of.group("type"))
        if t is not None:
            parts.stated_issuer = Found(c0.start + of.start("who"), c0.end, of.group("who"), i)
    if t is None:
        return False
    parts.type_name = t[0]
    parts.type_at = Found(c0.start, c0.end, c0.text, i)
    return True


def _read_below(text: str, lines: list[Line], anchor: int,
                parts: HeaderParts) -> tuple[int, int | None, int | None]:
    """Place and date, the type line or a letter's ``V/v`` below (or on) the anchor.

    Returns (last header line used, type line, letter title line).
    """
    last_used = anchor
    type_line: int | None = None
    letter_title: int | None = None
    for i in range(anchor, min(len(lines), anchor + 24)):
        line = lines[i]
        c0 = line.cells[0].text if line.cells else ""
        if i > anchor and _RECIPIENTS.match(c0):
            break
        if i > anchor + 1 and re.match(r"(?:Căn cứ|CĂN CỨ)\b", c0):
            break
        for cell in line.cells:
            if _party_re().match(cell.text):
                parts.party_marker = True
            if parts.date_at is None:
                m = _place_date_in(text, cell, line.end)
                if m is not None:
                    _set_date(parts, m, i)
                    last_used = max(last_used, i)
        if i == anchor and parts.symbol_at is None and type_line is None and \
                _read_type_line(line, i, parts):
            type_line = i  # a draft without a number: the type line is the anchor
            continue
        if i == anchor or not line.cells:
            continue
        if type_line is not None:
            break
        if letter_title is None:
            if _LETTER_TITLE.match(c0):
                letter_title = i
            elif _read_type_line(line, i, parts):
                type_line = i
                last_used = max(last_used, i)
    return last_used, type_line, letter_title


def _read_title(lines: list[Line], type_line: int | None, letter_title: int | None,
                parts: HeaderParts) -> int | None:
    """The title (trích yếu) after the type line, or a letter's ``V/v`` lines.

    Returns the last line used, or None when there is no title.
    """
    if type_line is None:
        if letter_title is None:
            return None
        parts.title_lines = _collect_title(lines, letter_title, letter=True)
        return parts.title_lines[-1].line
    last = type_line
    j = type_line + 1
    while j < len(lines) and lines[j].blank and j < type_line + 4:
        j += 1
    if j < len(lines) and len(lines[j].cells) == 1:
        c0 = lines[j].cells[0]
        m = _OF.fullmatch(c0.text)
        if m is not None and is_upper(c0.text):  # "CỦA BỘ CHÍNH TRỊ" under "NGHỊ QUYẾT"
            parts.stated_issuer = Found(c0.start + m.start("who"), c0.end, m.group("who"), j)
            last = j
            j += 1
            while j < len(lines) and lines[j].blank and j < type_line + 6:
                j += 1
    if j < len(lines) and not lines[j].blank:
        t0 = lines[j].text.strip()
        if not (re.match(r"(?:Căn cứ|CĂN CỨ)\b", t0) or _HEADING.match(t0)
                or SEPARATOR.fullmatch(t0)):
            parts.title_lines = _collect_title(lines, j, letter=False)
            last = parts.title_lines[-1].line
    return last


def _read_recipients(text: str, lines: list[Line], after: int, parts: HeaderParts) -> int:
    """The ``Kính gửi:`` block of a letter or report; returns the last header line."""
    for i in range(after + 1, min(len(lines), after + 8)):
        line = lines[i]
        if line.blank or _party_re().fullmatch(line.cells[0].text) or header_like(line):
            continue
        if _RECIPIENTS.match(line.cells[0].text):
            end = _recipients_end(lines, i)
            s, e = line.cells[0].start, lines[end].cells[-1].end
            parts.recipients = Found(s, e, text[s:e], i)
            return end
        break
    return after


@functools.lru_cache(maxsize=16)
def read_header(text: str) -> HeaderParts:
    """Locate and read the header block of ``text``.

    Cached, since several callers ask for the same text: treat the result as read-only.
    """
    parts = HeaderParts()
    lines = _window(text)
    if not lines:
        parts.warnings.append("header: the text is empty")
        return parts
    view = latin_lookalikes(text)
    block = _consolidation_marker(text, view)
    if block is not None:
        # the closing block of a consolidated text is not its header, even in a short text
        lines = [line for line in lines if line.end <= block[0].start]
    anchor = _find_anchor(text, view, lines, parts)
    if anchor is not None:
        _read_from_anchor(text, lines, anchor, parts)
    if parts.symbol is None and block is not None:
        _read_consolidation(text, view, block, parts)
    return parts


def _read_from_anchor(text: str, lines: list[Line], anchor: int, parts: HeaderParts) -> None:
    """The header block around its anchor line: bodies above; date, type, title below."""
    _read_issuer_cells(text, lines, anchor, parts)
    last_used, type_line, letter_title = _read_below(text, lines, anchor, parts)
    title_end = _read_title(lines, type_line, letter_title, parts)
    if title_end is not None:
        last_used = max(last_used, title_end)
    if parts.date_at is None:
        # the date may follow a letter's "V/v" (columns flattened one after the other)
        for i in range(last_used + 1, min(len(lines), last_used + 6)):
            m = next((m for c in lines[i].cells
                      if (m := _place_date_in(text, c, lines[i].end)) is not None), None)
            if m is not None:
                _set_date(parts, m, i)
                last_used = i
                break
    if parts.date_at is None:
        # the right-hand column printed before the left one: the date above "Số:"
        for i in range(anchor - 1, max(-1, anchor - 14), -1):
            m = next((m for c in lines[i].cells
                      if (m := _place_date_in(text, c, lines[i].end)) is not None), None)
            if m is not None:
                _set_date(parts, m, i)
                break
            if not (lines[i].blank or header_like(lines[i])):
                break
    if parts.date_at is None:
        parts.warnings.append(_NO_DATE)
    else:
        last_used = max(last_used, parts.date_at.line)
    last_used = _read_recipients(text, lines, last_used, parts)

    nxt = last_used + 1
    while nxt < len(lines) and (lines[nxt].blank or all(
            SEPARATOR.fullmatch(c.text) for c in lines[nxt].cells)):
        nxt += 1
    parts.body_start = lines[nxt].start if nxt < len(lines) else lines[-1].end


def _date_line(text: str, line: Line) -> bool:
    """Whether a line of the header holds a place and date."""
    return any(_place_date_in(text, c, line.end) is not None for c in line.cells)


def _set_date(parts: HeaderParts, m: re.Match[str], line: int) -> None:
    parts.place = Found(m.start("place"), m.end("place"), m.group("place").strip(), line)
    parts.place_name = place_name(parts.place.text)
    parts.date_at = Found(m.start("date"), m.end("date"), m.group("date"), line)
    parts.date = None
    if m.group("sy"):  # "Tây Ninh, ngày 08/8/2023"
        parts.date_year = int(m.group("sy"))
        day, month = m.group("sd"), m.group("sm")
    else:
        parts.date_year = int(m.group("y"))
        dm = _DAY_MONTH.match(m.group("rest"))
        if not (dm and dm.group("d") and dm.group("m")):
            return  # a draft's blank day: the year only
        # OCR reads 1 and 0 as "l" and "O" ("ngày l5")
        day, month = (g.replace("l", "1").replace("O", "0") for g in (dm["d"], dm["m"]))
    parts.date = iso_date(day, month, str(parts.date_year))
    if parts.date is None:  # never guess a date: "ngày 0 tháng 5" keeps its year only
        parts.warnings.append(
            f"header: {m.group('date')!r} at offset {m.start('date')} is not a date "
            f"(day {day}, month {month}); only the year {parts.date_year} is kept")


@functools.cache
def _province_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((ocr_key_re(n), n) for n in sorted({p.name for p in _provinces().values()}))


def place_name(printed: str) -> str:
    """The place of a date line: as printed, or the province it names when OCR dropped
    letters of it.

    >>> place_name("Tây Ninh"), place_name("Hà Ni"), place_name("Châu Thành")
    ('Tây Ninh', 'Hà Nội', 'Châu Thành')
    """
    if province(printed) is not None:
        return printed
    printed_key = key(printed)
    hits = {name for pattern, name in _province_patterns() if pattern.fullmatch(printed_key)}
    return hits.pop() if len(hits) == 1 else printed


# --------------------------------------------------------------------------- consolidated texts


@functools.cache
def _consolidation_re() -> re.Pattern[str]:
    return re.compile(ocr_loose(_headers()["consolidation"]["marker"]))


@functools.cache
def _ocr_symbol_lead() -> re.Pattern[str]:
    # "Số:", and OCR's "Só:", "S:"
    return re.compile(ocr_loose("Số") + r"(?!\w)\s*[:.]?\s*")


@functools.cache
def _known_body_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    names = {k.name for k in _known_names().values()}
    names |= {str(e["name"]) for e in patterns.load("issuers")["issuers"]}
    return tuple((ocr_key_re(n), n) for n in sorted(names))


def _block_body(printed: str, place: str | None) -> Body | None:
    """The body a line of a closing block names (OCR's dropped letters tolerated), or None."""
    if not is_upper(printed):
        return None
    printed_key = key(printed)
    hits = {name for pattern, name in _known_body_patterns() if pattern.fullmatch(printed_key)}
    if len(hits) == 1:
        body = body_name(hits.pop())
        return body if body.known else compose_issuer([body], place)
    body = body_name(printed)
    if body.known or body.unit is not None:
        return body if body.known else compose_issuer([body], place)
    return None


def _line_at(text: str, pos: int) -> Line:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return Line(start, len(text) if end < 0 else end, text[start:len(text) if end < 0 else end],
                text)


def _consolidation_marker(text: str, view: str) -> tuple[Line, Cell] | None:
    """The line and cell of the last ``XÁC THỰC VĂN BẢN HỢP NHẤT`` printed as a cell of its
    own in capitals (the authentication block closing a consolidated text), or None."""
    found: tuple[Line, Cell] | None = None
    for m in _consolidation_re().finditer(view):
        line = _line_at(text, m.start())
        cell = next((c for c in line.cells if c.start == m.start() and c.end == m.end()), None)
        if cell is not None and is_upper(cell.text):
            found = line, cell
    return found


def _read_consolidation(text: str, view: str, block: tuple[Line, Cell],
                        parts: HeaderParts) -> None:
    """A consolidated text's number, date and consolidating body, from the authentication
    block at its end (``XÁC THỰC VĂN BẢN HỢP NHẤT``), when its top has no number."""
    marker, marker_cell = block
    below = list(itertools.islice(iter_lines(text, marker.start), 8))
    found: tuple[Symbol, int, int] | None = None
    after = 0
    for i, line in enumerate(below):
        end = below[min(i + 1, len(below) - 1)].end  # "Số: 46" / "/VBHN-BQP" on two lines
        for cell in line.cells:
            found = _symbol_in(view, cell, line.end, _ocr_symbol_lead(), end)
            if found is not None:
                after = i
                break
        if found is not None:
            break
    if found is None:
        return
    sym, s, e = found
    parts.symbol, parts.symbol_at = sym, Found(s, e, text[s:e], -1)
    # the type line at the top, if any, names the consolidated document, not this text
    parts.type_name, parts.type_at, parts.stated_issuer = None, None, None
    parts.warnings = [w for w in parts.warnings if w != _NO_SYMBOL]
    parts.warnings.append(
        f"header: no number and symbol at the top; {sym.canonical} read from the "
        f"authentication block '{marker_cell.text}' at offset {marker_cell.start} "
        f"(a consolidated text)")
    for line in below[after:after + 4]:
        dated = next((d for c in line.cells if (d := _place_date_in(text, c, line.end))), None)
        if dated is not None and dated.start() >= e:
            _set_date(parts, dated, -1)
            parts.warnings = [w for w in parts.warnings if w != _NO_DATE]
            break
    # the consolidating body: left of the marker, else on the line above it
    candidates = [c for c in marker.cells if c.end <= marker_cell.start]
    if marker.start > 0:
        above = _line_at(text, marker.start - 1)
        while above.blank and above.start > 0:
            above = _line_at(text, above.start - 1)
        candidates += list(above.cells)
    for cell in candidates:
        body = _block_body(cell.text, parts.place_name)
        if body is not None:
            parts.consolidator = Found(cell.start, cell.end, cell.text, -1)
            parts.consolidator_name, parts.consolidator_province = body.name, body.province
            break


# --------------------------------------------------------------------------- public API


def _group_bodies(cells: list[Found]) -> list[list[Found]]:
    """Header cells grouped into bodies: a body opens with a unit word ("SỞ", "BỘ"...);
    other cells continue the one above ("BỘ NÔNG NGHIỆP VÀ" / "MÔI TRƯỜNG")."""
    groups: list[list[Found]] = []
    for cell in cells:
        if not groups or starts_with_unit(cell.text):
            groups.append([cell])
        else:
            groups[-1].append(cell)
    return groups


def issuer_from_lines(lines: list[str], place: str | None) -> Body:
    """The issuing body named by the header's body lines (top first) and the place.

    >>> issuer_from_lines(["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"], "Lào Cai").name
    'Sở Công Thương tỉnh Lào Cai'
    """
    groups = _group_bodies([Found(0, 0, line, 0) for line in lines])
    return compose_issuer([body_name(" ".join(c.text for c in g)) for g in groups], place)


def _code_span(sym: Symbol, at: Found) -> tuple[int, int]:
    """Offsets of the issuer code inside the printed symbol."""
    printed = at.text
    folded = fold(printed).upper()
    idx = folded.rfind(fold(sym.issuer_code).upper())
    if idx < 0:
        return at.start, at.end
    return at.start + idx, at.start + idx + len(sym.issuer_code)


def _code_of(body: Body) -> str | None:
    """The issuer code of a body read from the header when no symbol gives it."""
    by_name = {key(str(i["name"])): str(i["code"]) for i in patterns.load("issuers")["issuers"]}
    for candidate in (body.name, body.unit or ""):
        code = by_name.get(key(candidate))
        if code is not None:
            return code
    if body.locality is not None:
        return by_name.get(key(body.name[: -len(body.locality)]))
    return None


def _joint_issuers(sym: Symbol) -> list[dict[str, Any]]:
    """The issuers of a joint document (``24/HDLN-BCA-BQP-...``, ``01/2015/TTLT-BKHCN-BTC``):
    every code after the type is a known issuer. Empty when the symbol is not joint
    (``9387/UBND-KT`` is a body and its unit)."""
    if sym.type_code is None or sym.party:
        return []
    entries = [patterns.issuer_by_code().get(fold(c).upper()) for c in sym.issuer.split("-")]
    if len(entries) < 2 or any(e is None for e in entries):
        return []
    return [e for e in entries if e is not None]


def _entry_body(entry: dict[str, Any], place: str | None) -> Body:
    """The body of an issuers.json entry; a local one takes the place's province."""
    body = body_name(str(entry["name"]))
    if entry["level"] in ("provincial", "party_local"):
        body = compose_issuer([Body(body.name, body.unit, True, False, body.bare_locality,
                                    False, body.locality, body.province)], place)
    return body


def _printed_above(text: str, name: str, before: int, lines: int = 30) -> tuple[int, int] | None:
    """Where ``name`` is printed (any case, with or without diacritics) in the ``lines``
    lines above offset ``before``: the first occurrence, as the header reads top down."""
    start = before
    for _ in range(lines):
        start = text.rfind("\n", 0, max(0, start - 1)) + 1
        if start == 0:
            break
    m = re.compile(rf"(?<!\w){loose(name)}(?!\w)").search(text, start, before)
    return (m.start(), m.end()) if m else None


def _issuer(text: str, parts: HeaderParts,
            warnings: list[str]) -> tuple[Issuer | None, Span | None]:
    place = parts.place_name
    sym = parts.symbol
    code = sym.issuer_code if sym else None
    if parts.consolidator is not None and parts.consolidator_name is not None:
        at = parts.consolidator
        return (Issuer(parts.consolidator_name, code, parts.consolidator_province, at.start,
                       at.end), Span(at.start, at.end, text[at.start:at.end]))
    if parts.stated_issuer is not None:
        body = body_name(parts.stated_issuer.text)
        if not (body.known or body.local):
            body = compose_issuer([body], place)
        at = parts.stated_issuer
        return (Issuer(body.name, code, body.province, at.start, at.end),
                Span(at.start, at.end, text[at.start:at.end]))
    joint = _joint_issuers(sym) if sym is not None else []
    if sym is not None and parts.symbol_at is not None and joint:
        # Several bodies issue the document; the model holds one issuer: the first of the
        # symbol, which is the lead body (cơ quan chủ trì) and is printed first in the
        # header. The symbol keeps every code.
        body = _entry_body(joint[0], place)
        printed = _printed_above(text, body.name, parts.symbol_at.start)
        s, e = printed if printed is not None else _code_span(sym, parts.symbol_at)
        others = ", ".join(str(entry["name"]) for entry in joint[1:])
        warnings.append(f"header: {sym.canonical} is issued jointly by {len(joint)} bodies; "
                        f"the issuer is the first, {body.name!r} (with {others})")
        return Issuer(body.name, code, body.province, s, e), Span(s, e, text[s:e])
    groups = _group_bodies(parts.issuer_cells)
    if groups:
        bodies = [body_name(" ".join(c.text for c in g)) for g in groups]
        body = compose_issuer(bodies, place)
        if body.local and body.province is None and body.locality is None:
            warnings.append(f"header: issuer {body.name!r} has no locality and the place "
                            f"{place!r} is not a known province")
        s, e = groups[0][0].start, groups[-1][-1].end
        return (Issuer(body.name, code or _code_of(body), body.province, s, e),
                Span(s, e, text[s:e]))
    if sym is None or parts.symbol_at is None:
        warnings.append("header: no issuing body found (no header block and no symbol)")
        return None, None
    entry = patterns.issuer_by_code().get(fold(sym.issuer_code).upper()) or \
        patterns.issuer_by_code().get(re.sub(r"\d+$", "", fold(sym.issuer_code).upper()))
    if entry is None:
        warnings.append(f"header: no header block, and the issuer code {sym.issuer_code!r} "
                        f"of {sym.canonical} is not in issuers.json")
        return None, None
    body = _entry_body(entry, place)
    s, e = _code_span(sym, parts.symbol_at)
    warnings.append(f"header: no header block; issuer {body.name!r} read from the symbol "
                    f"{sym.canonical} and the place {place!r}")
    return Issuer(body.name, code, body.province, s, e), Span(s, e, text[s:e])


def parse_header(text: str) -> tuple[DocumentInfo, list[str]]:
    """The document's own identity and header, and warnings about what was not found.

    ``text`` is the normalized (NFC) text of ``read``. Offsets in the spans index it.
    """
    parts = read_header(text)
    warnings = list(parts.warnings)
    spans: dict[str, Span] = {}
    sym = parts.symbol

    def span(found: Found | None) -> Span | None:
        return None if found is None else Span(found.start, found.end, text[found.start:found.end])

    if parts.symbol_at is not None:
        spans["symbol"] = span(parts.symbol_at)  # type: ignore[assignment]
    if parts.date_at is not None:
        spans["date"] = span(parts.date_at)  # type: ignore[assignment]
    if parts.place is not None:
        spans["place"] = span(parts.place)  # type: ignore[assignment]

    type_name = parts.type_name
    if parts.type_at is not None:
        spans["type"] = span(parts.type_at)  # type: ignore[assignment]
    if sym is not None:
        if type_name is None:
            type_name = sym.type
            if type_name is None and parts.title_lines and _LETTER_TITLE.match(
                    parts.title_lines[0].text):
                type_name = "Công văn"
            if type_name is not None and parts.symbol_at is not None:
                spans["type"] = span(parts.symbol_at)  # type: ignore[assignment]
        elif sym.type is not None and key(sym.type) != key(type_name) and not (
                sym.party and sym.type_code == "QĐ"):
            warnings.append(f"header: the type line says {type_name!r} but the symbol "
                            f"{sym.canonical} says {sym.type!r}")
    elif type_name is None and parts.title_lines and _LETTER_TITLE.match(parts.title_lines[0].text):
        type_name = "Công văn"

    title = None
    if parts.title_lines:
        first, last = parts.title_lines[0], parts.title_lines[-1]
        title = squash(" ".join(f.text for f in parts.title_lines))
        spans["title"] = Span(first.start, last.end, text[first.start:last.end])

    issuer, issuer_span = _issuer(text, parts, warnings)
    if issuer_span is not None:
        spans["issuer"] = issuer_span
    if parts.recipients is not None:
        spans["recipients"] = span(parts.recipients)  # type: ignore[assignment]

    year = sym.year if sym and sym.year else None
    if year is None and parts.date:
        year = int(parts.date[:4])
    if year is None:
        year = parts.date_year
    unnumbered = sym is not None and sym.number is None
    party = bool(sym and sym.party) or parts.party_marker
    info = DocumentInfo(
        symbol=sym.canonical if sym else None,
        number=sym.number if sym else None,
        year=year,
        type=type_name,
        type_code=sym.type_code if sym else None,
        date=parts.date,
        place=parts.place_name,
        issuer=issuer,
        title=title,
        unnumbered=unnumbered,
        party=party,
        normative=bool(sym and sym.normative),
        spans=spans,
    )
    return info, warnings


def body_start(text: str) -> int:
    """Offset where the body begins: the first line after the header, title and ``Kính gửi``."""
    return read_header(text).body_start


# --------------------------------------------------------------------------- signature block


@functools.cache
def _signature_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    sig = _headers()["signature"]
    marks = "|".join(re.escape(m) for m in sig["marks"])
    positions = "|".join(loose(p) for p in sorted(sig["positions"], key=len, reverse=True))
    mark_re = re.compile(rf"(?:{marks})\s*\S")
    position_re = re.compile(rf"(?:(?:PHÓ|Phó)\s+)?(?:{positions})")
    recipients_re = re.compile(loose(sig["recipients"]) + r"\s*:")
    return mark_re, position_re, recipients_re


def _signature_cell(t: str) -> bool:
    """True for a cell of the signature proper: authority mark, position, 'Đã ký', name."""
    mark_re, position_re, _ = _signature_res()
    t = t.strip("[]| ").strip()
    if not t:
        return False
    if mark_re.match(t) and is_upper(t):
        return True
    if is_upper(t) and position_re.fullmatch(t):
        return True
    low = fold(t)
    if t.startswith(("(", "[")) and ("da ky" in low or "dau" in low or "ky ten" in low):
        return True
    if low in ("da ky", "(da ky)"):
        return True
    words = t.split()
    return 2 <= len(words) <= 5 and all(
        w[:1].isupper() and (w[1:].islower() or len(w) == 1) and w.isalpha() for w in words)


def _signature_opens(line: Line) -> bool:
    mark_re, position_re, recipients_re = _signature_res()
    head = line.text.lstrip(" \t\u00a0|")
    if not head or not (recipients_re.match(head) or mark_re.match(head)
                        or position_re.match(head)):
        return False
    t = line.cells[0].text.lstrip("| ").strip()
    if recipients_re.match(t):
        return True
    return is_upper(t) and (bool(mark_re.match(t)) or bool(position_re.fullmatch(t)))


def signature_blocks(text: str, start: int | None = None) -> list[tuple[int, int]]:
    """Every recipients-and-signature block (``Nơi nhận:``, ``TM. …``, ``KT. CHỦ TỊCH``,
    the signer) after ``start`` (default: the body start), as (start, end) offsets.

    ``end`` is the start of the first line after the block, so that what follows
    (an appendix, a regulation issued with a decision) is not part of it.
    """
    begin = body_start(text) if start is None else start
    return list(_signature_blocks(text, begin))


# parse() and parse_structure() both ask for the blocks of a document: the last are kept.
@functools.lru_cache(maxsize=1)
def _signature_blocks(text: str, begin: int) -> tuple[tuple[int, int], ...]:
    _, _, recipients_re = _signature_res()
    blocks: list[tuple[int, int]] = []
    lines = lines_from(text, begin)
    opened: int | None = None
    prev_recipient_open = False
    for line in lines:
        if opened is None:
            if _signature_opens(line):
                opened = line.cells[0].start
                first = line.cells[0].text.lstrip("| ")
                prev_recipient_open = bool(recipients_re.match(first))
            continue
        # inside a block: is this line still part of it?
        if line.blank:
            continue
        c0 = line.cells[0].text.lstrip("| ").strip()
        ok = False
        if _signature_opens(line) or any(_signature_cell(c.text) for c in line.cells):
            ok = True
            if recipients_re.match(c0):
                prev_recipient_open = True
            elif c0[:1] in "-+•":
                prev_recipient_open = not c0.rstrip().endswith(".")
            else:
                prev_recipient_open = False
        elif not is_upper(c0) and (
                c0[:1] in "-+•" or (prev_recipient_open and not _HEADING.match(c0))):
            # a recipient, or the continuation of one broken over two lines
            ok = True
            prev_recipient_open = not c0.rstrip().endswith(".")
        if ok:
            continue
        blocks.append((opened, line.start))
        opened = None
        if _signature_opens(line):
            opened = line.cells[0].start
    if opened is not None:
        blocks.append((opened, len(text)))
    return tuple(blocks)


def signature_start(text: str) -> int | None:
    """Offset where the first ``Nơi nhận:`` / signature block begins, or None."""
    blocks = signature_blocks(text)
    return blocks[0][0] if blocks else None
