"""Number-and-symbol (số, ký hiệu) parsing and canonical forms.

The forms of the genre (DOMAIN.md):

- state documents          ``569/QĐ-TTg``, ``2502/KH-UBND``
- state official letters   ``9387/UBND-KT`` (no type code)
- normative documents      ``16/2021/NQ-HĐND``, ``66.19/2026/NQ-CP``
- laws                     ``147/2025/QH15``
- Party documents          ``57-NQ/TW``, ``348-KH/TU`` (often miswritten ``348/KH-TU``)

Codes are matched without regard to case or diacritics and printed in their
canonical case (``709/QĐ-TTG`` is ``709/QĐ-TTg``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luocdo.loaders import patterns
from luocdo.loaders.vietnamese import fold, nfc

# White space that may sit inside a printed symbol (only around its "/" and "-"): a
# line break, or a page break of PDF text, which leaves a blank line
# ("Nghị quyết số 10-\n\nNQ/TW" in corpus 012's footnote).
_WS = r"[ \t]*(?:\n[ \t]*){0,2}"
_SEG = r"[A-ZĐa-zđ][A-Za-zĐđ0-9]*"
_NUMBER = r"\d{1,5}(?:\.\d{1,3})?"

# A symbol in running text. Group names: party_* for number-TYPE/ISSUER, else state.
SYMBOL_RE = re.compile(
    rf"""
    (?=\d)  # both forms start with the number: skips most positions in one test
    (?<![\w/.-])
    (?:
        (?P<party_number>\d{{1,5}}){_WS}-{_WS}(?P<party_type>{_SEG}){_WS}/{_WS}
        (?P<party_issuer>{_SEG}(?:-{_SEG})?)
      |
        (?P<number>{_NUMBER}){_WS}/{_WS}(?:(?P<year>(?:19|20)\d{{2}}){_WS}/{_WS})?
        (?P<codes>{_SEG}(?:{_WS}-{_WS}{_SEG})*)
    )
    (?![\w])
    """,
    re.VERBOSE,
)

_QH = re.compile(r"^(?:QH|UBTVQH)(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Symbol:
    """A parsed number-and-symbol."""

    canonical: str  # "569/QĐ-TTg", "348-KH/TU", "/KH-UBND" for a blank draft number
    number: str | None
    year: int | None  # only when the symbol itself carries it
    type_code: str | None  # "QĐ"
    type: str | None  # Vietnamese type name, "Quyết định"
    issuer: str  # issuer part in canonical case: "TTg", "BKHCN-BTTTT", "UBND-KT"
    issuer_code: str  # first issuer segment: "TTg", "UBND", "QH"
    party: bool
    normative: bool  # number/year/TYPE-ISSUER or a law
    level: str | None  # from issuers.json: national, provincial, party_central, party_local

    @property
    def local(self) -> bool:
        """True when the issuer exists once per province (HĐND, UBND, TU, Sở...)."""
        return self.level in ("provincial", "party_local")


def canonical_code(segment: str) -> str:
    """A type or issuer code in its canonical case: ``TTG``→``TTg``, ``qđ``→``QĐ``."""
    key = fold(segment).upper()
    if m := _QH.match(key):
        return key[: -len(m.group(1))] + m.group(1)
    if key in patterns.doctype_by_code():
        return str(patterns.doctype_by_code()[key]["code"])
    entry = patterns.issuer_by_code().get(key)
    if entry is not None:
        return str(entry.get("canonical", entry["code"]))
    return segment


def _issuer_entry(code: str) -> dict[str, object] | None:
    key = fold(code).upper()
    if _QH.match(key):
        return patterns.issuer_by_code().get(re.sub(r"\d+$", "", key))
    return patterns.issuer_by_code().get(key)


def _type_name(type_code: str | None, party: bool) -> str | None:
    if type_code is None:
        return None
    entry = patterns.doctype_by_code().get(fold(type_code).upper())
    if entry is None:
        return None
    if party and "party_name" in entry:
        return str(entry["party_name"])
    return str(entry["name"])


def _is_type_code(segment: str) -> bool:
    return fold(segment).upper() in patterns.doctype_by_code()


def _build(number: str | None, year: int | None, type_code: str | None,
           issuer_segments: list[str], party: bool) -> Symbol:
    issuer_segments = [canonical_code(s) for s in issuer_segments]
    issuer = "-".join(issuer_segments)
    issuer_code = issuer_segments[0] if issuer_segments else ""
    entry = _issuer_entry(issuer_code) if issuer_code else None
    if entry is not None and entry.get("party"):
        party = True
    level = str(entry["level"]) if entry is not None else None
    tcode = canonical_code(type_code) if type_code else None
    num = number or ""
    if party and tcode:
        canonical = f"{num}-{tcode}/{issuer}"
    else:
        parts = [num]
        if year is not None:
            parts.append(str(year))
        parts.append(f"{tcode}-{issuer}" if tcode else issuer)
        canonical = "/".join(parts)
    is_law = bool(_QH.match(fold(issuer_code).upper())) if issuer_code else False
    type_name = _type_name(tcode, party)
    if tcode is None and not party and entry is not None and not is_law:
        type_name = "Công văn"  # number/ISSUER-UNIT: an official letter of a state body
    return Symbol(
        canonical=canonical,
        number=number,
        year=year,
        type_code=tcode,
        type=type_name,
        issuer=issuer,
        issuer_code=issuer_code,
        party=party,
        normative=year is not None or is_law,
        level=level,
    )


def from_match(m: re.Match[str]) -> Symbol:
    """The symbol found by :data:`SYMBOL_RE`."""
    if m.group("party_number"):
        issuer = re.sub(r"\s+", "", m.group("party_issuer")).split("-")
        return _build(m.group("party_number"), None, m.group("party_type"), issuer, party=True)
    codes = [c for c in re.split(r"\s*-\s*", re.sub(r"\s+", " ", m.group("codes"))) if c]
    year = int(m.group("year")) if m.group("year") else None
    if len(codes) == 1 and (split := _split_glued(codes[0])) is not None:
        codes = list(split)  # "1626/QĐTTg", "08/2022/NĐCP": the hyphen left out
    if len(codes) >= 2 and _is_type_code(codes[0]):
        return _build(m.group("number"), year, codes[0], codes[1:], party=False)
    return _build(m.group("number"), year, None, codes, party=False)


def _split_glued(code: str) -> tuple[str, str] | None:
    """A type code glued to a known issuer code (``QĐTTg`` -> ``QĐ``, ``TTg``), else None."""
    key = fold(code).upper()
    if _issuer_entry(code) is not None or key in patterns.doctype_by_code():
        return None
    for type_key in sorted(patterns.doctype_by_code(), key=len, reverse=True):
        if key.startswith(type_key) and len(key) > len(type_key):
            rest = code[len(type_key):]
            if _issuer_entry(rest) is not None:
                return code[:len(type_key)], rest
    return None


_DRAFT = re.compile(rf"^[\s.…_]*/{_WS}(?P<codes>{_SEG}(?:-{_SEG})*)$")


def parse_symbol(text: str) -> Symbol | None:
    """Parse one printed symbol, or None when ``text`` is not one.

    >>> parse_symbol("709/QĐ-TTG").canonical
    '709/QĐ-TTg'
    >>> parse_symbol("348/KH-TU").canonical
    '348-KH/TU'
    >>> s = parse_symbol("16/2021/NQ-HĐND"); (s.number, s.year, s.type, s.issuer_code, s.local)
    ('16', 2021, 'Nghị quyết', 'HĐND', True)
    >>> parse_symbol("…/KH-UBND").canonical
    '/KH-UBND'
    """
    text = nfc(text).strip()
    m = SYMBOL_RE.fullmatch(text)
    if m is not None:
        return from_match(m)
    d = _DRAFT.match(text)
    if d is not None:
        codes = d.group("codes").split("-")
        if len(codes) >= 2 and _is_type_code(codes[0]):
            return _build(None, None, codes[0], codes[1:], party=False)
        return _build(None, None, None, codes, party=False)
    return None


def canonical(text: str) -> str | None:
    """The canonical form of a printed symbol, or None when it is not one."""
    sym = parse_symbol(text)
    return sym.canonical if sym else None
