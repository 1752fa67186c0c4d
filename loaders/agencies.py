"""Agencies: assignee phrases split into bodies, names expanded and scoped.

The genre names a body by a head word (``Sở``, ``Bộ``, ``Ban``, ``Đài``...)
followed by its field (``Khoa học và Công nghệ``), often abbreviated
(``Sở KH&CN``), and gives tasks to collectives (``Các sở, ban, ngành tỉnh``;
``UBND huyện, thị xã, thành phố``) that are kept whole, never split into
invented bodies. Head words, abbreviations, canonical fields and collective
words live in ``loaders/patterns/agencies.json`` (DOMAIN.md, "Agencies").

Choices:

- A bracketed unit after a body (``Sở Khoa học và Công nghệ (Trung tâm Khoa
  học và Công nghệ)``) is the lead's sub-unit: it becomes its own
  :class:`~luocdo.model.AgencyRef` whose ``text`` keeps the brackets, so a
  caller can tell it from a co-lead. A bracket that names no body
  (``(báo cáo)``, ``(Ecotech Village)``) is dropped.
- ``Các Sở: A; B, C`` distributes the head word: ``Sở A``, ``Sở B``, ``Sở C``
  (``text`` is the field as printed).
- ``Sở`` names carry no province in ``name``; the province is in ``province``.
  ``UBND tỉnh``, ``HĐND tỉnh`` and ``Tỉnh ủy`` are completed with the
  province (``Ủy ban nhân dân tỉnh Tây Ninh``), as the header names the issuer.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from luocdo import resources
from luocdo.loaders import patterns
from luocdo.loaders.vietnamese import fold, nfc, squash
from luocdo.model import Agency, AgencyRef, Task

_TRIM = " \t\r\n-–—+•*.,;:…/"
_WORD = re.compile(r"[^\s,;:()\-–—]+")
_PUNCT_KEY = re.compile(r"[\s,\-–—&]+")


@dataclass(frozen=True)
class Head:
    """A head word of body names: ``Sở`` (provincial department), ``Bộ``..."""

    head: str
    kind: str
    level: str  # "provincial", "national", "context"
    standalone: bool  # a full name by itself ("Chính phủ", "Tỉnh ủy")


@dataclass(frozen=True)
class Name:
    """What :func:`analyse` reads from one body name."""

    name: str  # canonical
    head: Head | None
    kind: str
    collective: bool
    province: str | None  # a province named inside the name, else None
    national: bool  # the name itself says it is central (Trung ương, Việt Nam...)


# ---------------------------------------------------------------- data


def _data() -> dict[str, Any]:
    return patterns.load("agencies")


@functools.cache
def provinces() -> tuple[tuple[str, str], ...]:
    """(printed form, province name) of every province in ``provinces.json``, longest first."""
    if not resources.path("loaders", "patterns/provinces.json").is_file():
        return ()
    forms: dict[str, str] = {}
    for item in patterns.load("provinces").get("provinces", []):
        name = item.get("name")
        if not isinstance(name, str):
            continue
        forms.setdefault(name, name)
        for alias in item.get("aliases", ()):
            if isinstance(alias, str):
                forms.setdefault(alias, name)
    return tuple(sorted(forms.items(), key=lambda f: len(f[0]), reverse=True))


def _ci(text: str) -> str:
    """A regex for ``text`` where Đ/D and đ/d are interchangeable."""
    out = []
    for ch in text:
        if ch in "Đđ":
            out.append("[ĐDđd]" if ch == "đ" else "[ĐD]")
        elif ch == " ":
            out.append(r"\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _initials(words: Iterable[str]) -> str:
    """A lookahead for the first letters of ``words`` as :func:`_ci` writes them.

    Put before an alternation of many words, it lets a search skip in one test the
    positions where no word can start (3 times faster over a document's text).
    """
    letters: set[str] = set()
    for word in words:
        first = word[:1]
        if not first or first.isspace():
            return ""  # _ci writes a space as \s*, which may match nothing
        letters.update("ĐDđd" if first == "đ" else "ĐD" if first == "Đ" else first)
    return "(?=[" + re.escape("".join(sorted(letters))) + "])"


@functools.cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every abbreviation, and folded abbreviation -> expansion."""
    table: dict[str, str] = {}
    for entry in _data()["abbreviations"]:
        table[entry["abbr"]] = entry["expansion"]
    for entry in _data()["bodies"]:
        table[entry["abbr"]] = entry["name"]
    alternatives = sorted(table, key=len, reverse=True)
    regex = re.compile(_initials(alternatives) + r"(?<![\wĐđ&])(?:"
                       + "|".join(_ci(a) for a in alternatives) + r")(?![\wĐđ&])")
    return regex, {_abbr_key(a): e for a, e in table.items()}


def _abbr_key(abbr: str) -> str:
    return fold(abbr).upper().replace(" ", "")


@functools.cache
def _heads() -> tuple[Head, ...]:
    heads = [
        Head(h["head"], h["kind"], h["level"], bool(h.get("standalone", False)))
        for h in _data()["heads"]
    ]
    return tuple(sorted(heads, key=lambda h: len(h.head), reverse=True))


@functools.cache
def _domains() -> dict[str, str]:
    """Punctuation-free folded field -> canonical field."""
    return {_key(d): d for d in _data()["domains"]}


@functools.cache
def _max_domain_words() -> int:
    return max(len(k.split()) for k in _domains())


@functools.lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return _PUNCT_KEY.sub(" ", fold(text)).strip()


# A name's words are tried as a field at every mention ("Khoa học và Công nghệ" after each
# "Sở"): half the calls repeat a phrase already keyed.
@functools.lru_cache(maxsize=1 << 14)
def _field_key(text: str) -> str:
    """The key of a field as printed, its abbreviations expanded (``KH&CN``)."""
    return _key(expand_abbreviations(text))


@functools.cache
def _synonyms() -> dict[str, str]:
    return {_key(e["name"]): e["same_as"] for e in _data().get("synonyms", [])}


@functools.cache
def _not_bodies() -> re.Pattern[str]:
    words = _data().get("not_bodies", []) or ["\x00"]
    return re.compile(_initials(words) + "(?:" + "|".join(_ci(w) for w in words) + ")")


@functools.cache
def _roles() -> tuple[str, ...]:
    return tuple(sorted(_data()["roles"], key=len, reverse=True))


@functools.cache
def _role_bodies() -> dict[str, str]:
    """A role printed alone in a list of assignees -> the collective it stands for."""
    return {_plain(k): v for k, v in _data().get("role_bodies", {}).items()}


@functools.cache
def _collective_starts() -> tuple[str, ...]:
    return tuple(_plain(w) for w in _data()["collective_starts"])


@functools.cache
def _collective_words() -> tuple[str, ...]:
    # generic nouns that name no one body even when capitalized (not "thành phố X")
    words = [w for w in _data()["collective_words"] if w in (
        "ngành", "bên", "cấp", "cơ quan", "đơn vị", "địa phương", "tổ chức", "doanh nghiệp",
        "hiệp hội", "đoàn thể", "chủ thể")]
    return tuple(_plain(w) for w in words)


@functools.cache
def _split_words() -> tuple[str, ...]:
    return tuple(_plain(w) for w in _data()["split_words"])


@functools.cache
def _local_units() -> tuple[str, ...]:
    return tuple(sorted((fold(u) for u in _data()["local_units"]), key=len, reverse=True))


@functools.cache
def _national_markers() -> tuple[str, ...]:
    return tuple(fold(m) for m in _data()["national_markers"])


# ---------------------------------------------------------------- names


def expand_abbreviations(text: str) -> str:
    """``text`` with every known abbreviation replaced by its expansion.

    >>> expand_abbreviations("Sở KH&CN")
    'Sở Khoa học và Công nghệ'
    """
    regex, table = _abbreviations()
    return regex.sub(lambda m: table.get(_abbr_key(m.group(0)), m.group(0)), text)


# Old and new tone placement (hoá/hóa, uỷ/ủy) compare equal; other marks stay:
# "Số liệu" is no "Sở", "Đối tượng" no "Đội".
_TONES = str.maketrans({"ỷ": "y", "ý": "y", "ỳ": "y", "ỹ": "y", "ỵ": "y",
                        "á": "a", "à": "a", "ả": "a", "ã": "a", "ạ": "a",
                        "é": "e", "è": "e", "ẻ": "e", "ẽ": "e", "ẹ": "e"})
_OLD_TONE = re.compile(r"([ou])([ỷýỳỹỵáàảãạéèẻẽẹ])(?![a-zđ\u00c0-\u1ef9])")
_MOVE = {"ỷ": "̉", "ý": "́", "ỳ": "̀", "ỹ": "̃", "ỵ": "̣", "á": "́", "à": "̀", "ả": "̉",
         "ã": "̃", "ạ": "̣", "é": "́", "è": "̀", "ẻ": "̉", "ẽ": "̃", "ẹ": "̣"}


def _new_tone(m: re.Match[str]) -> str:
    vowel, marked = m.group(1), m.group(2)
    return unicodedata.normalize("NFC", vowel + _MOVE[marked]) + marked.translate(_TONES)


# The same short strings (a cell's first words, a name's prefix) are compared again and
# again: 200,000 calls for 14,000 distinct strings over the corpus.
@functools.lru_cache(maxsize=1 << 15)
def _plain(text: str) -> str:
    """Lower case, tone marks in the new placement (``hoá`` -> ``hóa``), same length."""
    return _OLD_TONE.sub(_new_tone, text.lower())


def _starts_with(text: str, word: str) -> bool:
    """``text`` starts with ``word`` (case and tone placement aside) at a word boundary."""
    n = len(word)
    if len(text) < n or _plain(text[:n]) != _plain(word):
        return False
    return _word_ends(text, n)


def _word_ends(text: str, n: int) -> bool:
    """A word of ``text`` ends at ``n`` (``&`` joins words: ``KH&CN``)."""
    return len(text) == n or not (text[n].isalnum() or text[n] in "&")


@functools.cache
def _plain_heads() -> dict[str, tuple[tuple[str, Head], ...]]:
    """First letter -> (plain head word, head) of the heads starting with it, longest first."""
    by_letter: dict[str, list[tuple[str, Head]]] = {}
    for head in _heads():
        key = _plain(head.head)
        by_letter.setdefault(key[:1], []).append((key, head))
    return {letter: tuple(heads) for letter, heads in by_letter.items()}


def match_head(text: str, *, capitalized: bool = False) -> Head | None:
    """The longest head word ``text`` starts with (``capitalized``: as printed
    with its capital, so ``các sở`` and ``ban hành`` do not count)."""
    if capitalized and not text[:1].isupper():
        return None
    plain = _plain(text[:48])
    for key, head in _plain_heads().get(plain[:1], ()):
        n = len(key)
        if plain.startswith(key) and (len(plain) == n or not (plain[n].isalnum()
                                                             or plain[n] == "&")):
            return head
    return None


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _province_in(text: str, province: str | None) -> str | None:
    """A province named in ``text`` (the given one first)."""
    folded = f" {_key(text)} "
    candidates = ([(province, province)] if province else []) + list(provinces())
    for form, name in candidates:
        if f" {_key(form)} " in folded:
            return name
    return None


def _canonical_rest(rest: str, upper: bool) -> str:
    """The field part of a name: known fields in their canonical spelling."""
    words = list(_WORD.finditer(rest))
    for n in range(min(len(words), _max_domain_words()), 0, -1):
        span_end = words[n - 1].end()
        domain = _domains().get(_key(rest[:span_end]))
        if domain is None:
            continue
        tail = rest[span_end:].strip()
        if not tail:
            return domain
        return f"{domain} {_canonical_tail(tail, upper)}"
    if upper:
        rest = rest.lower()
    rest = _fix_proper(rest)
    if any(_starts_with(rest, unit)
           for unit in (*_local_units(), "tỉnh", "các", "cấp", "tối cao")):
        return rest  # "Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các huyện"
    return _capitalize(rest) if rest[:1].isalpha() else rest


def _canonical_tail(tail: str, upper: bool) -> str:
    """What follows a field: a parent body (``Tỉnh ủy``), a province, a level word."""
    head = match_head(tail)
    if head is not None and (upper or tail[:1].isupper()):
        return canonical_name(tail)
    if upper:
        tail = tail.lower()
    return _fix_proper(tail)


def _fix_proper(text: str) -> str:
    """Province names and ``Việt Nam`` in their printed capitals."""
    for name in (*(form for form, _ in provinces()), "Việt Nam", "Trung ương"):
        pattern = re.compile(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)")
        if name.lower() in text:
            text = pattern.sub(name, text)
    return text


def canonical_name(name: str) -> str:
    """The full canonical name: abbreviations expanded, capitals as the genre writes.

    >>> canonical_name("Sở KH&CN")
    'Sở Khoa học và Công nghệ'
    >>> canonical_name("Sở y tế")
    'Sở Y tế'
    """
    return analyse(name).name


@functools.lru_cache(maxsize=4096)
def analyse(name: str, province: str | None = None) -> Name:
    """Read one body name (or collective): canonical form, head, kind, scope."""
    text = squash(nfc(name)).strip(_TRIM)
    text = re.sub(r"\s*\([^()]*\)\s*", " ", text).strip() or text
    text = expand_abbreviations(text)
    text = re.sub(r"\s*,\s*", ", ", text)
    text = _strip_role(text)
    upper = _is_upper(text)
    folded = fold(text)
    in_name = _province_in(text, province)
    national = any(f" {m} " in f" {folded} " for m in _national_markers())
    if _collective(text):
        canonical = _capitalize(text.lower() if upper else text)
        if in_name is not None and _provinces_named(text) > 1:
            in_name = None  # "Các địa phương Bắc Ninh, Bình Dương, An Giang": no one province
        return Name(canonical, None, _collective_kind(text), True, in_name, national)
    head = match_head(text)
    if head is None:
        canonical = _capitalize(_fix_proper(text.lower()) if upper else text)
        return Name(canonical, None, "other", False, in_name, national)
    rest = text[len(head.head):].strip()
    if head.kind == "so" and in_name and rest:
        rest = _strip_province(rest, in_name)
    canonical = head.head + (" " + _canonical_rest(rest, upper) if rest else "")
    canonical = _synonyms().get(_key(canonical), canonical)
    return Name(canonical, head, head.kind, False, in_name, national)


def _strip_province(rest: str, province: str) -> str:
    """``Khoa học và Công nghệ Tây Ninh`` -> ``Khoa học và Công nghệ``."""
    pattern = re.compile(r"\s+(?:tỉnh\s+|thành phố\s+)?" + _ci(province) + r"$", re.IGNORECASE)
    stripped = pattern.sub("", rest)
    return stripped or rest


@functools.cache
def _plain_roles() -> tuple[tuple[str, str], ...]:
    return tuple((role, _plain(role)) for role in _roles())


# The tests below run on the same few phrases again and again (a cell's bodies, the text
# after each separator): 10,000 calls for 1,000 distinct phrases over the corpus.
@functools.lru_cache(maxsize=1 << 14)
def _strip_role(text: str) -> str:
    """``Thủ trưởng các sở`` -> ``các sở``; ``Chủ tịch nước`` stays (a head)."""
    # what _starts_with(text, role) compares, once per length rather than once per role
    prefixes: dict[int, str] = {}
    for role, key in _plain_roles():
        n = len(role)
        if len(text) < n:
            continue
        if n not in prefixes:
            prefixes[n] = _plain(text[:n])
        if prefixes[n] == key and _word_ends(text, n) and match_head(text) is None:
            rest = text[len(role):].lstrip()
            if rest and (match_head(rest) or _collective(rest) or _body_abbr(rest)):
                return rest
    return text


@functools.lru_cache(maxsize=1 << 14)
def _body_abbr(text: str) -> bool:
    regex, _ = _abbreviations()
    m = regex.match(text)
    return m is not None and _abbr_key(m.group(0)) in {
        _abbr_key(b["abbr"]) for b in _data()["bodies"]}


@functools.lru_cache(maxsize=1 << 14)
def _collective(text: str) -> bool:
    """A collective: ``các sở, ban, ngành``, ``Bộ, ngành``, ``UBND các huyện``..."""
    plain = _plain(" ".join(text[:40].split()))
    for start in _collective_starts():
        if plain == start or plain.startswith(start + " "):
            return True
    head = match_head(text)
    if head is not None:
        after = text[len(head.head):]
        if after.lstrip().startswith(","):
            return True
        if head.head in ("Bộ", "Sở", "Ban") and re.match(r"\s+(?:ngành|ban|sở|bộ)(?!\w)",
                                                        _plain(after)):
            return True  # "Bộ ngành liên quan" (no comma): ministries and sectors
        if head.kind in ("ubnd", "hdnd") or head.head in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
            rest = fold(after).strip()
            if rest.startswith("cac ") or rest.startswith("tinh,"):
                return True
            for unit in _local_units():
                if rest.startswith(unit):
                    tail = rest[len(unit):].strip()
                    # "huyện, thị xã, thành phố" or nothing after: every one of them;
                    # "huyện Tân Biên" names one.
                    if unit != "tinh" and (not tail or tail[0] in ",;" or tail.startswith("va ")):
                        return True
                    break
        return False
    if text[:1].islower():
        return True
    # "Địa phương được lựa chọn", "Cơ quan liên quan": a generic noun, capitalized in a cell
    return any(plain == w or plain.startswith(w + " ") for w in _collective_words())


def _collective_kind(text: str) -> str:
    # "các cơ sở giáo dục đại học thuộc UBND tỉnh": the kind of what comes before "thuộc"
    plain = re.split(r"\s(?:thuộc|trực thuộc|của)\s", _plain(text), maxsplit=1)[0]
    for word, kind in (("sở", "so"), ("bộ", "bo"), ("ủy ban nhân dân", "ubnd"),
                       ("hội đồng nhân dân", "hdnd")):
        if re.search(rf"(?<!\w)(?<!cơ )(?<!cán ){word}(?!\w)", plain):
            return kind
    return "other"


@functools.lru_cache(maxsize=4096)
def agency_key(name: str, province: str | None) -> str:
    """A folded identity key: the same body gives the same key.

    ``Sở KH&CN`` and ``Sở Khoa học và Công nghệ`` of Tây Ninh share a key;
    Tây Ninh's and Đồng Nai's differ. ``province`` is None for central bodies.
    """
    canonical = analyse(name, province).name
    key = _key(canonical)
    if province:
        prov = _key(province)
        key = re.sub(rf"(?: tinh| thanh pho)? {re.escape(prov)}$", "", key)
        key = re.sub(r" tinh$", "", key)  # "Liên hiệp các Hội ... tỉnh", "UBND tỉnh"
        return f"{prov}|{key}"
    return f"|{key}"


def scope(name: Name, province: str | None) -> str | None:
    """The province a body belongs to, or None for a central body."""
    if province and re.search(r"(?<!\w)(?:tỉnh|Tỉnh ủy)$", name.name):
        return name.province or province  # "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    if name.province and name.province != province and name.head is not None:
        return name.province
    if province is None:
        return name.province
    if name.head is None:
        return None if name.national or name.kind == "bo" else province
    if name.head.level == "national":
        return None
    if name.head.level == "provincial":
        return province
    return None if name.national and not name.province else province


# ---------------------------------------------------------------- assignees

_HARD = re.compile(r"[;\n|]")
_DISTRIBUTE = re.compile(r"^(?:các|Các|CÁC)\s+(Sở|Bộ|sở|bộ|SỞ|BỘ)\s*:\s*")


def _paren_mask(text: str) -> tuple[list[bool], list[tuple[int, int]]]:
    """Which positions sit inside brackets, and the outermost bracket groups."""
    mask = [False] * len(text)
    groups: list[tuple[int, int]] = []
    depth = 0
    open_at = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                open_at = i
            depth += 1
        if depth > 0:
            mask[i] = True
        if ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append((open_at, i + 1))
    if depth > 0:  # unbalanced: treat the tail as plain text
        for i in range(open_at, len(text)):
            mask[i] = False
    return mask, groups


def starts_agency(text: str) -> bool:
    """Whether ``text`` begins with a body or a collective (a role word aside)."""
    return _starts_agency(text, after_named=False)


@functools.lru_cache(maxsize=1 << 14)
def _starts_agency(text: str, *, after_named: bool) -> bool:
    """Whether ``text`` (what follows a separator) begins a new assignee."""
    text = _strip_role(text.lstrip())
    if not text:
        return False
    if match_head(text, capitalized=True) is not None:
        return True
    if _body_abbr(text):
        return True
    plain = _plain(" ".join(text[:40].split()))
    for word in _collective_starts():
        if plain.startswith(word + " "):
            return True
    if after_named:
        for word in _split_words():
            if plain.startswith(word + " ") or plain == word:
                return True
        if re.match(r"(?:sở|bộ|ban|ngành)\s*,", plain):
            return True  # "Bộ Tài chính, bộ, ngành liên quan"
    return False


def _complete(text: str) -> bool:
    """``Bộ Thông tin và Truyền thông`` is a whole name: a following ``Bộ`` starts another."""
    head = match_head(text)
    if head is None or head.head not in ("Bộ", "Sở"):
        return False
    rest = expand_abbreviations(text[len(head.head):]).strip()
    return _key(rest) in _domains()


_SOFT = re.compile(
    r",|\s+(?:và|với|cùng)\s+|\s+(?=(?:Bộ|Sở|UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân)\s)"
    r"|(?:(?<=\s)|^)[-–+•](?=\s*\S)")


def _split(text: str, mask: list[bool], lo: int, hi: int,
           distribute: bool) -> list[tuple[int, int]]:
    """Split ``text[lo:hi]`` (no hard separator inside) into pieces."""
    pieces: list[tuple[int, int]] = []
    cur = lo
    for m in _SOFT.finditer(text, lo, hi):
        if mask[m.start()]:
            continue
        sep = m.group(0)
        current = _strip_role(text[cur:m.start()].strip(_TRIM))
        following = text[m.end():hi]
        if not current:
            cur = m.end()
            continue
        bare_head = (head := match_head(current)) is not None and len(head.head) == len(current)
        named = not bare_head and not _collective(current) and not current[:1].islower()
        if _BINDS.search(current) and not sep.strip():
            continue  # "Các cơ sở giáo dục đại học thuộc UBND tỉnh": one collective
        if sep == "," and _generic_collective(current) and _generic_collective(following):
            continue  # "các cấp, các ngành": one collective
        if sep.strip() in ("-", "–", "+", "•"):
            split = _starts_agency(following, after_named=True)
        elif sep == ",":
            split = distribute or _starts_agency(following, after_named=named)
        elif not sep.strip():
            split = _complete(current) or ((_collective(current) and _body_abbr(following))
                                           or (_collective(current) and following.startswith("Ủy")))
        else:
            split = _starts_agency(following, after_named=named)
        if split:
            pieces.append((cur, m.start()))
            cur = m.end()
    pieces.append((cur, hi))
    return pieces


_BINDS = re.compile(r"(?:^|\s)(?:thuộc|trực thuộc|của|tại)$")


def _generic_collective(text: str) -> bool:
    """``các cấp``, ``các ngành``, ``các cơ quan``: a collective of generic nouns only."""
    plain = _plain(" ".join(text.strip()[:30].split()))
    for start in ("các ", "những "):
        if plain.startswith(start):
            rest = plain[len(start):]
            return any(rest == w or rest.startswith(w + " ") or rest.startswith(w + ",")
                       for w in _collective_words())
    return False


def _merge_domains(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin comma pieces of a distributed list that form one field
    (``Văn hóa, Thể thao và Du lịch``)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        best = i
        for j in range(min(len(pieces) - 1, i + 3), i, -1):
            if _field_key(text[pieces[i][0]:pieces[j][1]]) in _domains():
                best = j
                break
        out.append((pieces[i][0], pieces[best][1]))
        i = best + 1
    return out


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in _TRIM:
        lo += 1
    while hi > lo and text[hi - 1] in _TRIM:
        hi -= 1
    # a trailing "..." or ",..." is an open list, not part of a name
    return lo, hi


def parse_assignees(text: str, *, start: int, province: str | None) -> tuple[AgencyRef, ...]:
    """The assignees of a phrase (a table cell or a prose phrase), with absolute spans."""
    try:
        return tuple(_parse_assignees(text, start, province))
    except RecursionError:  # pragma: no cover - bounded by bracket depth
        return ()


def _parse_assignees(text: str, start: int, province: str | None) -> Iterable[AgencyRef]:
    if not text or not text.strip():
        return
    mask, groups = _paren_mask(text)
    hard = [m.start() for m in _HARD.finditer(text) if not mask[m.start()]]
    bounds = [-1, *hard, len(text)]
    distribute: str | None = None
    for a, b in itertools.pairwise(bounds):
        lo, hi = _trim(text, a + 1, b)
        if lo >= hi:
            continue
        seg = text[lo:hi]
        # bullets inside a cell ("- Các cơ quan liên quan - Các Sở: ...") end a distribution
        for sub_lo, sub_hi in _bullets(text, mask, lo, hi):
            sub = text[sub_lo:sub_hi]
            if sub_lo != lo or seg.lstrip().startswith(("-", "+", "•")):
                distribute = None
            if m := _DISTRIBUTE.match(sub):
                distribute = "Bộ" if fold(m.group(1)) == "bo" else "Sở"
                sub_lo += m.end()
            pieces = _split(text, mask, sub_lo, sub_hi, distribute is not None)
            if distribute is not None:
                pieces = _merge_domains(text, pieces)
            for p_lo, p_hi in pieces:
                yield from _piece(text, mask, groups, p_lo, p_hi, start, province, distribute)


def _bullets(text: str, mask: list[bool], lo: int, hi: int) -> list[tuple[int, int]]:
    """Sub-segments of a segment cut at bullet dashes that start an assignee."""
    cuts = [lo]
    for m in re.finditer(r"(?:(?<=\s)|^)[-–+•](?=\s*\S)", text[:hi]):
        if m.start() <= lo or mask[m.start()]:
            continue
        if _starts_agency(text[m.end():hi], after_named=False):
            cuts.append(m.start())
    cuts.append(hi)
    out = []
    for a, b in itertools.pairwise(cuts):
        a2, b2 = _trim(text, a, b)
        if a2 < b2:
            out.append((a2, b2))
    return out


def _piece(text: str, mask: list[bool], groups: Sequence[tuple[int, int]], lo: int, hi: int,
           start: int, province: str | None, distribute: str | None) -> Iterable[AgencyRef]:
    lo, hi = _trim(text, lo, hi)
    if lo >= hi:
        return
    inner = [g for g in groups if lo <= g[0] and g[1] <= hi]
    main_hi = hi
    # a bracket at the end of the piece is a sub-unit or a remark, not part of the name
    trailing = [g for g in inner if text[g[1]:hi].strip(_TRIM) == ""]
    if trailing:
        main_hi = trailing[0][0]
    main_lo, main_hi = _trim(text, lo, main_hi)
    # "Sở Nông nghiệp và Môi trường và" at a line end: the "và" joins the next body
    conj = _TRAILING_CONJUNCTION.search(text, main_lo, main_hi)
    if conj is not None and conj.start() > main_lo:
        main_lo, main_hi = _trim(text, main_lo, conj.start())
    if main_lo < main_hi:
        ref = _ref(text[main_lo:main_hi], start + main_lo, province, distribute)
        if ref is not None:
            yield ref
    for g_lo, g_hi in inner:
        content = text[g_lo + 1:g_hi - 1]
        if not _names_body(content):
            continue
        subs = list(_parse_assignees(content, start + g_lo + 1, province))
        if len(subs) == 1:
            sub = subs[0]
            yield AgencyRef(name=sub.name, text=text[g_lo:g_hi], collective=sub.collective,
                            province=sub.province, start=start + g_lo, end=start + g_hi)
        else:
            yield from subs


_TRAILING_CONJUNCTION = re.compile(r"\s+(?:và|hoặc|với|cùng)$")


def _names_body(content: str) -> bool:
    content = content.strip(_TRIM)
    if not content or (_is_upper(content) and len(content) < 12):
        return False  # "(KH&CN)" defines an abbreviation
    return _starts_agency(content, after_named=False)


def _ref(piece: str, abs_start: int, province: str | None,
         distribute: str | None) -> AgencyRef | None:
    standing = _role_bodies().get(_plain(piece.strip()))
    if standing is not None:
        # "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, ...": the ministers stand for the ministries
        return AgencyRef(name=standing, text=piece, collective=True, province=None,
                         start=abs_start, end=abs_start + len(piece))
    if not any(c.isalpha() for c in piece) or any(
            _plain(piece) == _plain(role) for role in _roles()):
        return None  # "Thủ trưởng" alone names a person, not a body
    body = _strip_role(piece)
    if body != piece and piece.endswith(body):
        # "Thủ trưởng các sở, ban, ngành": the span covers the bodies, not the title
        abs_start += len(piece) - len(body)
        piece = body
    printed = piece
    if distribute is not None and not _starts_agency(piece, after_named=False):
        name = analyse(f"{distribute} {piece}", province)
    else:
        name = analyse(piece, province)
    if not name.name or not any(c.isalpha() for c in name.name):
        return None
    if name.head is not None and not name.head.standalone and _plain(name.name) == _plain(
            name.head.head):
        return None  # "Bộ" alone (a cell cut short): no body
    canonical = _complete_local(name, province)
    return AgencyRef(name=canonical, text=printed, collective=name.collective,
                     province=scope(name, province), start=abs_start,
                     end=abs_start + len(printed))


def _complete_local(name: Name, province: str | None) -> str:
    """``Ủy ban nhân dân tỉnh`` -> ``Ủy ban nhân dân tỉnh Tây Ninh``; ``Tỉnh ủy`` likewise."""
    if name.collective or not province or name.province:
        return name.name
    folded = fold(name.name)
    if folded in ("uy ban nhan dan tinh", "hoi dong nhan dan tinh", "tinh uy",
                  "ban thuong vu tinh uy"):
        return f"{name.name} {province}"
    return name.name


# ---------------------------------------------------------------- the document's bodies


def collect_agencies(text: str, *, tasks: tuple[Task, ...], province: str | None,
                     exclude: list[tuple[int, int]]) -> tuple[Agency, ...]:
    """Every named body of the document once, with its printed aliases.

    Bodies come from the tasks' leads and coordinators (collectives included)
    and from prose mentions outside ``exclude`` and the ``Nơi nhận:`` block.
    """
    refs: list[AgencyRef] = []
    for task in tasks:
        refs.extend(task.lead)
        refs.extend(task.coordinators)
    skip = sorted([*exclude, *_recipient_blocks(text)])
    refs.extend(_mentions(text, province, skip))
    return _group(refs, province)


def _group(refs: Iterable[AgencyRef], province: str | None) -> tuple[Agency, ...]:
    by_key: dict[str, dict[str, Any]] = {}
    for ref in refs:
        key = agency_key(ref.name, ref.province)
        if ref.collective:
            # "UBND huyện, thị xã, thành phố" and "UBND các huyện, ..." are one collective
            key = "*" + re.sub(r"(?<=[| ])cac ", "", key)
        entry = by_key.get(key)
        first = ref.start if ref.start is not None else 1 << 62
        if entry is None:
            info = analyse(ref.name, ref.province)
            entry = by_key[key] = {
                "name": ref.name, "aliases": [], "kind": info.kind, "province": ref.province,
                "collective": ref.collective, "start": ref.start, "end": ref.end, "first": first,
            }
        elif first < entry["first"]:
            entry.update(start=ref.start, end=ref.end, first=first)
        printed = squash(ref.text.strip("()")) if ref.text else ""
        if not ref.collective and printed and not _starts_agency(printed, after_named=False):
            printed = ""  # "Khoa học và Công nghệ" after "Các Sở:" is no name by itself
        if printed and _capitalize(printed) != entry["name"] and printed not in entry["aliases"]:
            entry["aliases"].append(printed)
    ordered = sorted(by_key.values(), key=lambda e: (e["first"], e["name"]))
    return tuple(
        Agency(name=e["name"], aliases=tuple(e["aliases"]), kind=e["kind"],
               province=e["province"], collective=e["collective"], start=e["start"],
               end=e["end"])
        for e in ordered
    )


_RECIPIENTS = re.compile(r"^[ \t|]*Nơi\s+nhận\s*:?", re.MULTILINE | re.IGNORECASE)


def _recipient_blocks(text: str) -> list[tuple[int, int]]:
    """The ``Nơi nhận:`` lists (recipients, not bodies the text speaks of)."""
    out = []
    for m in _RECIPIENTS.finditer(text):
        end = m.end()
        pos = text.find("\n", m.end())
        while pos != -1:
            nxt = text.find("\n", pos + 1)
            line = text[pos + 1: nxt if nxt != -1 else len(text)]
            stripped = line.strip(" \t|")
            if stripped and not (stripped[0] in "-+•–" or line[:1] in " \t"):
                break
            end = nxt if nxt != -1 else len(text)
            pos = nxt
            if not stripped:
                break
        out.append((m.start(), end))
    return out


@functools.cache
def _mention_start() -> re.Pattern[str]:
    """Where a body's name may start in prose: a capitalized head word or a body code."""
    heads = {h.head for h in _heads()}
    heads |= {_OLD_STYLE.sub(lambda m: _OLD_FORMS[m.group(0)], h) for h in heads}
    words = sorted(heads | {b["abbr"] for b in _data()["bodies"]}, key=len, reverse=True)
    # not inside a symbol: "Số: 16/2026/QĐ-UBND   Lào Cai" names no "UBND Lào Cai"
    return re.compile(_initials(words) + r"(?<![\wĐđ&/-])(?:" + "|".join(_ci(w) for w in words)
                      + r")(?![\wĐđ&])")


# New -> old tone placement, so that prose printed "Uỷ ban", "Hoà" is found too.
_OLD_FORMS = {"Ủy": "Uỷ", "ủy": "uỷ", "óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã",
              "ọa": "oạ", "ủy,": "uỷ,", "Thủy": "Thuỷ", "thủy": "thuỷ"}
_OLD_STYLE = re.compile("|".join(sorted(map(re.escape, _OLD_FORMS), key=len, reverse=True)))

_LEVEL_WORDS = ("tỉnh", "huyện", "thành phố", "thị xã", "xã", "phường", "cấp tỉnh")


def mentions(text: str, *, start: int = 0, end: int | None = None,
             province: str | None = None, collectives: bool = False) -> tuple[AgencyRef, ...]:
    """Bodies named in the running text ``text[start:end]`` (collectives left out unless
    ``collectives``: ``Ủy ban nhân dân cấp tỉnh``, ``UBND các xã``)."""
    return tuple(_mentions(text, province, (), start, len(text) if end is None else end,
                           collectives=collectives))


def _mentions(text: str, province: str | None, skip: Sequence[tuple[int, int]],
              lo: int = 0, hi: int | None = None, *,
              collectives: bool = False) -> Iterable[AgencyRef]:
    """Bodies named in running text: ``Sở Khoa học và Công nghệ chủ trì``."""
    pos = lo
    hi = len(text) if hi is None else hi
    regex = _mention_start()
    while True:
        m = regex.search(text, pos, hi)
        if m is None:
            return
        pos = m.end()
        if not m.group(0)[:1].isupper() or (_is_upper(m.group(0)) and len(m.group(0)) > 4 \
                and not _body_abbr(m.group(0))):
            continue
        if any(a <= m.start() < b for a, b in skip) or any(
                n.start() <= m.start() < n.end()
                for n in _not_bodies().finditer(text, max(0, m.start() - 20), m.end() + 20)):
            continue
        end = _name_end(text, m.start())
        if end is None or end > hi:
            continue
        piece = text[m.start():end]
        name = analyse(piece, province)
        if name.collective and not collectives:
            continue
        pos = end
        yield AgencyRef(name=_complete_local(name, province), text=piece,
                        collective=name.collective,
                        province=scope(name, province), start=m.start(), end=end)


_TOKEN = re.compile(r"[\w&][^\s,;:()\"“”.!?/]*(?:\.[^\s,;:()\"“”.!?/]+)*")
_FIELD_GAP = re.compile(r"[ \t,\-–&]*\n?[ \t]*")
_HEAD_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_FUNCTION_WORDS = frozenset(["khóa", "khoá", "lần", "nhiệm", "làm", "giữ",
    "và", "với", "của", "cho", "tại", "về", "theo", "trong", "từ", "đến", "giữa", "là", "có",
    "được", "thuộc", "để", "do", "các", "những"])


def _head_at(window: str) -> tuple[Head | None, int]:
    """The head word (or body code, e.g. ``UBND``) ``window`` starts with, and its length."""
    regex, _ = _abbreviations()
    abbr = regex.match(window)
    head = match_head(window, capitalized=True)
    if head is not None and (abbr is None or len(head.head) >= abbr.end()):
        return head, len(head.head)
    if abbr is not None and _body_abbr(window):
        expanded = match_head(expand_abbreviations(abbr.group(0)))
        if expanded is not None:
            return expanded, abbr.end()
    return None, 0


@functools.cache
def _province_keys() -> tuple[frozenset[str], frozenset[str]]:
    """Folded province names, and the word prefixes (two words or more) of them."""
    names = {_key(form) for form, _ in provinces()}
    prefixes: set[str] = set()
    for key in names:
        words = key.split()
        prefixes.update(" ".join(words[:n]) for n in range(2, len(words) + 1))
    return frozenset(names), frozenset(prefixes)


def _province_goes_on(text: str) -> bool:
    """Whether ``text`` (two words across a line break) is the start of a province name."""
    return _key(text) in _province_keys()[1]


def _provinces_named(text: str) -> int:
    """How many different provinces ``text`` names."""
    folded = f" {_key(text)} "
    return len({name for form, name in provinces() if f" {_key(form)} " in folded})


def _province_in_start(text: str) -> str | None:
    """The province name ``text`` starts with, if any."""
    words = _key(text[:40]).split()
    names = _province_keys()[0]
    for n in range(min(4, len(words)), 0, -1):
        if " ".join(words[:n]) in names:
            return " ".join(words[:n])
    return None


def _name_end(text: str, at: int) -> int | None:
    """Where the body name starting at ``at`` ends, or None when it is no name."""
    window = text[at:at + 200]
    head, head_len = _head_at(window.replace("\n", " "))  # a head broken over a line
    if head is None:
        return None
    tokens = list(itertools.islice(_TOKEN.finditer(window, head_len), 24))
    end = head_len
    consumed = 0
    # a known field, in any case and with any abbreviation ("KH&CN", "y tế"): the longest
    # run of words joined only by spaces, one line break, "," "-" or "&"
    joined = 1 if tokens and _HEAD_GAP.fullmatch(window, head_len, tokens[0].start()) else 0
    while joined and joined < min(len(tokens), _max_domain_words()) and _FIELD_GAP.fullmatch(
            window, tokens[joined - 1].end(), tokens[joined].start()):
        joined += 1
    for n in range(joined, 0, -1):
        if _field_key(window[head_len:tokens[n - 1].end()]) in _domains():
            end = tokens[n - 1].end()
            consumed = n
            break
    safe_end = end  # the last end that closes a whole name
    run = 0  # length of the current run of capitalized words
    i = consumed
    while i < len(tokens):
        tok = tokens[i]
        gap = window[end:tok.start()]
        if not re.fullmatch(r"[ \t]+", gap) and not (
                re.fullmatch(r"[ \t]*\n[ \t]*", gap) and (tok.group(0)[:1].islower() or (
                    i > 0 and _province_goes_on(window[tokens[i - 1].start():tok.end()])))):
            # a line break goes on with the name before a lower-case word ("Ủy ban nhân dân\ncấp
            # tỉnh": a wrapped line) or inside a province ("Tỉnh ủy Lào\nCai"); a lone
            # capitalized word before it began the next words ("Bộ Công Thương Quy\nđịnh")
            if run == 1 and re.fullmatch(r"[ \t]*\n[ \t]*", gap):
                end = safe_end
            break
        word = tok.group(0)
        rest = window[tok.start():]
        sub_head, sub_len = _head_at(rest)
        qualifier = next((q for q in ("Trung ương", "Việt Nam") if _starts_with(rest, q)), None)
        if (sub_head is not None and sub_head.standalone) or qualifier:
            # a parent body or qualifier: "Ban Tuyên giáo Tỉnh ủy", "... Trung ương"
            end = tok.start() + (sub_len if sub_head is not None else len(qualifier or ""))
            run = 0
            safe_end = end
            while i < len(tokens) and tokens[i].start() < end:
                i += 1
            continue
        if sub_head is not None:
            if sub_head.head == head.head:
                break  # "Ủy ban nhân dân UBND cấp xã" (a typo): not a unit of itself
            if end == head_len:
                # the head names a unit of the body that follows: "Văn phòng UBND tỉnh"
                sub_end = _name_end(window, tok.start())
                if sub_end is not None:
                    end = sub_end
            break  # another body starts
        if word[:1].isupper() or _abbreviations()[0].fullmatch(word):
            end = tok.end()
            run += 1
            if run >= 2 or _abbreviations()[0].fullmatch(word):
                safe_end = end
            i += 1
            continue
        step = 2 if word in ("thành", "thị") and i + 1 < len(tokens) and tokens[
            i + 1].group(0) in ("phố", "xã") else 1
        if word == "cấp" and head.kind in ("ubnd", "hdnd") and i + 1 < len(tokens) and tokens[
                i + 1].group(0) in ("tỉnh", "huyện", "xã"):
            # "Ủy ban nhân dân cấp tỉnh": the level is part of the name
            end = tokens[i + 1].end()
            run = 0
            safe_end = end
            i += 2
            continue
        after = tokens[i + step] if i + step < len(tokens) else None
        if word == "tỉnh" or (word in ("huyện", "xã", "phường", "quận", "thành", "thị")
                              and after is not None and after.group(0)[:1].isupper()):
            # "UBND tỉnh", "UBND huyện Tân Biên", "UBND thành phố Biên Hòa"
            end = tokens[i + step - 1].end()
            run = 0
            safe_end = end
            i += step
            continue
        # one lowercase word bridging to a capitalized one: "Đại học Công nghiệp TP.HCM"
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if run == 1 and nxt is not None and word not in _FUNCTION_WORDS \
                and nxt.group(0)[:1].isupper() and _head_at(window[nxt.start():])[0] is None \
                and re.fullmatch(r"[ \t]+", window[tok.end():nxt.start()]):
            end = tok.end()
            run = 0
            i += 1
            continue
        if run == 1:
            # "Ban Chỉ đạo ...": a name in sentence case, its end unknown
            end = safe_end
        break
    if end == head_len and not head.standalone:
        return None
    return at + end
