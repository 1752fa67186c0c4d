"""References to other documents: by number and symbol, by name only, and the relations around them.

Three verbs for the lead's ``parse``:

- :func:`page_related` (from :mod:`luocdo.loaders.page_metadata`): a portal's
  related-documents list, kept apart;
- :func:`find_references`: every mention of another document, with its type, date,
  issuer, province scope, relation, section and table flag; the documents named
  without number; the relations the text states between other documents;
- :func:`document_implements`: what the document itself says it carries out.

A mention is the type word, the symbol, the date and the issuer as printed:
``Quyết định số 569/QĐ-TTg ngày 11/5/2022 của Thủ tướng Chính phủ``. The words the
genre uses around a mention live in ``loaders/patterns/named_documents.json``, the
relation cues in ``loaders/patterns/relations.json`` (read by
:mod:`luocdo.loaders.relations`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from luocdo.loaders import patterns, relations, symbols
from luocdo.loaders.dates import iso_date
from luocdo.loaders.page_metadata import page_related
from luocdo.loaders.symbols import Symbol
from luocdo.loaders.vietnamese import fold
from luocdo.model import DocumentInfo, Reference, Section, StatedRelation, UnnumberedReference

__all__ = ["document_implements", "find_references", "page_related"]

SectionAt = Callable[[tuple[Section, ...], int], "str | None"]


# --- the genre's words, compiled ---------------------------------------------------------------


def _alternation(phrases: Sequence[str]) -> str:
    """A shadow regex matching any of ``phrases`` (folded), longest first."""
    keys = sorted({" ".join(fold(p).split()) for p in phrases}, key=len, reverse=True)
    return relations.by_first_letter(r"\s+".join(re.escape(w) for w in k.split()) for k in keys)


def _initials(phrases: Sequence[str]) -> str:
    """A lookahead for the first letters of :func:`_alternation`'s keys: put before a
    lookbehind, it skips most positions of a text in one test (the same matches)."""
    keys = {" ".join(fold(p).split()) for p in phrases}
    if not keys or "" in keys:
        return ""
    return "(?=[" + re.escape("".join(sorted({k[0] for k in keys}))) + "])"


@dataclass(frozen=True)
class _Words:
    type_of: dict[str, str | None]  # folded type word -> Vietnamese type name
    abbreviations: frozenset[str]  # folded type words that count only in capitals ("qd")
    type_before: re.Pattern[str]  # type word (and "số") right before a symbol
    law_word: re.Pattern[str]  # "Luật" of "Luật <name> số" before a symbol
    law_rest: re.Pattern[str]  # "<name> số" up to the symbol
    type_any: re.Pattern[str]
    of: re.Pattern[str]  # "của" before an issuer
    head: re.Pattern[str]  # an issuer's first words
    issuer_stop: re.Pattern[str]  # a date or another document: the issuer has ended
    issuer_stop_words: frozenset[str]  # words that end an issuer (with diacritics)
    continue_words: frozenset[str]
    laws: re.Pattern[str]
    law_stop: frozenset[str]
    law_generic: frozenset[str]
    issuer_heads: frozenset[str]  # first words of issuers ("bộ", "ủy"...)
    amending_law: re.Pattern[str]
    named: tuple[tuple[str, re.Pattern[str]], ...]
    definition: re.Pattern[str]
    legislatures: tuple[tuple[str, int, int], ...]


@functools.cache
def _words() -> _Words:
    data: dict[str, Any] = patterns.load("named_documents")
    type_of: dict[str, str | None] = {}
    for key, entry in patterns.doctype_by_name().items():
        type_of[key] = str(entry["name"])
    for extra in data["type_words"]["extra"]:
        type_of[fold(extra["word"])] = extra["type"]
    abbreviations = {fold(k): v for k, v in data["type_words"]["abbreviations"]["words"].items()}
    for key, name in abbreviations.items():
        type_of.setdefault(key, name)
    types = _alternation(list(type_of))
    heads = data["issuer_heads"]
    cue_words = [c for e in patterns.load("relations")["relations"]
                 for c in [*e.get("cues", []), *e.get("after_cues", [])]]
    unnumbered = data["unnumbered"]
    return _Words(
        type_of=type_of,
        abbreviations=frozenset(k for k in abbreviations if k not in patterns.doctype_by_name()),
        type_before=re.compile(rf"(?<![a-z0-9])(?P<word>{types})\s*(?:so\s*:?\s*)?$"),
        law_word=re.compile(r"(?<![a-z0-9])(?P<word>bo\s+luat|luat|phap\s+lenh)\s+"),
        law_rest=re.compile(r"(?P<name>[^\d;:.()|\n\"“”]{1,120}?)\s+so\s*:?\s*$"),
        type_any=re.compile(rf"(?<![a-z0-9])(?:{types})(?![a-z0-9])"),
        of=re.compile(r"[ \t]*(?:\n[ \t]*)?(?:,[ \t]*)?cua(?:[ \t]+|[ \t]*\n[ \t]*)"),
        head=re.compile(rf"(?:{_alternation(heads['heads'])})(?![a-z0-9])"),
        issuer_stop=re.compile(
            rf"(?:(?:{types})\s+(?:so\b|\d)|nam\s+\d|so\s*:?\s*\d|ngay\s+\d)(?![a-z0-9])"),
        issuer_stop_words=frozenset(relations.tone_key(p) for p in [*cue_words, *heads["stop"]]),
        continue_words=frozenset(fold(w) for w in heads["continue"]),
        laws=re.compile(unnumbered["laws"]["pattern"]),
        law_stop=frozenset(relations.tone_key(w)
                           for w in [*unnumbered["laws"]["stop"], *cue_words]),
        law_generic=frozenset(relations.tone_key(w) for w in unnumbered["laws"]["generic"]),
        issuer_heads=frozenset(relations.tone_key(h.split()[0]) for h in heads["heads"]),
        amending_law=re.compile(unnumbered["amending_law"]["pattern"]),
        named=tuple((p["type"], re.compile(p["pattern"])) for p in unnumbered["patterns"]),
        definition=re.compile(data["short_names"]["definition"], re.IGNORECASE),
        legislatures=tuple((t["code"], int(t["years"][0]), int(t["years"][1]))
                           for t in data["legislatures"]["terms"]),
    )


# --- mentions -------------------------------------------------------------------------------


@dataclass
class _Mention:
    """A document's mention found in the text, before its relation is known."""

    start: int
    end: int
    kind: str  # "numbered", "short", "unnumbered"
    symbol: Symbol | None = None
    type: str | None = None  # from the type word
    type_word: str | None = None
    date: str | None = None
    issuer: str | None = None
    province: str | None = None
    name: str | None = None
    priority: int = 0
    core_start: int = -1  # where the symbol itself starts
    year: int | None = None  # a year printed after the symbol ("... năm 2023")


_DATE_AFTER = re.compile(
    r"[ \t]*(?:\n[ \t]*)?,?[ \t]*ngay[ \t]+"
    r"(?:(?P<d>\d{1,2})[ \t]+thang[ \t]+(?P<m>\d{1,2})[ \t]+nam[ \t]+"
    r"(?P<y>\d{4})|(?P<d2>\d{1,2})[ \t]*(?P<sep>[/.-])[ \t]*(?P<m2>\d{1,2})[ \t]*(?P=sep)[ \t]*"
    r"(?P<y2>\d{4}))(?!\d)")
_YEAR_AFTER = re.compile(r"[ \t]+(?:nam[ \t]+)?(?P<y>(?:19|20)\d{2})(?![\d/])")
_TOKEN = re.compile(r"[ \t]*(?:\n[ \t]*)?(\([^()\n]{1,24}\)|[^\s,;:()\"“”|]+)")
_PROVINCE_AFTER = re.compile(r"(?:tinh\s+uy|thanh\s+uy|tinh|thanh\s+pho)\s+")
_ROMAN_GROUP = re.compile(r"\((?:khóa|khoá|KHÓA|KHOÁ)\s+[IVXLC]+\)")
# The look-behind comes after the first digit ("not after [\w/.-]", as (?<![\w/.-])\d would
# say): a pattern that opens with a character class is scanned for in one fast loop.
_TRUNCATED_LAW = re.compile(
    r"(?P<number>\d(?<![\w/.-]\d)\d{0,3})/(?P<year>(?:19|20)\d{2})(?![\w/]|-\w)")
_NAME_TOKEN = re.compile(r"(,?)[ \t]*(?:\n[ \t]*)?([^\s,;:.()\"“”|/…]+)")
# "số" ends a law's name only before a number ("Luật ... số 54/2024/QH15"); otherwise it is
# a word of the name ("Luật Công nghiệp công nghệ số").
_NUMBER_NEXT = re.compile(r"[ \t]*:?[ \t]*\d")


def _word_start(text: str, pos: int) -> bool:
    """True when ``pos`` begins a word (the patterns leave this check out to stay fast)."""
    return pos == 0 or not text[pos - 1].isalnum()


def _plausible(sym: Symbol) -> bool:
    """A symbol whose codes look like codes (``3/Khu`` in running text is not one)."""
    segments = [s for s in re.split(r"[-/\s]+", sym.issuer) if s]
    if not segments:
        return False
    for seg in segments:
        if fold(seg).upper() in patterns.issuer_by_code() or re.fullmatch(r"QH\d{1,2}", seg):
            continue
        letters = [c for c in seg if c.isalpha()]
        if len(seg) < 2 or not letters or sum(c.isupper() for c in letters) * 2 < len(letters):
            return False
    return True


def _date_after(folded: str, pos: int) -> tuple[str | None, int]:
    m = _DATE_AFTER.match(folded, pos)
    if m is None:
        return None, pos
    if m.group("d"):
        iso = iso_date(m.group("d"), m.group("m"), m.group("y"))
    else:
        iso = iso_date(m.group("d2"), m.group("m2"), m.group("y2"))
    return (iso, m.end()) if iso else (None, pos)


def _issuer_after(text: str, folded: str, pos: int) -> tuple[str | None, int]:
    """The issuer after ``của`` at ``pos``: (printed name, end), or (None, pos)."""
    w = _words()
    of = w.of.match(folded, pos)
    if of is None:
        return None, pos
    head = w.head.match(folded, of.end())
    if head is None:
        return None, pos
    end = head.end()
    cursor = end
    prev_word = folded[head.start():head.end()].split()[-1]
    # Lower-case words run on a capitalized name ("Bộ Giáo dục và Đào tạo"), two at most.
    lower_run = 0 if text[head.start():head.end()].split()[-1][:1].isupper() else 2
    for _ in range(14):
        tm = _TOKEN.match(text, cursor)
        if tm is None:
            break
        tok = tm.group(1)
        t_start, t_end = tm.span(1)
        ftok = folded[t_start:t_end]
        if _stops_issuer(text, folded, t_start):
            break
        if tok.startswith("("):
            if not _ROMAN_GROUP.fullmatch(tok):
                break
        elif ftok == "va":
            nxt = _TOKEN.match(text, t_end)
            if (nxt is None or not nxt.group(1)[:1].isupper()
                    or _stops_issuer(text, folded, nxt.start(1))
                    or w.type_any.match(folded, nxt.start(1))):
                break
        elif tok[:1].isupper() or (tok.isdigit() and len(tok) <= 2):
            lower_run = 0
        elif ftok.rstrip(".") in w.continue_words or prev_word == "thu":
            pass
        elif lower_run < 2:
            lower_run += 1
        else:
            break
        if tok.endswith(".") and not re.search(r"\.\w", tok):
            end = t_end - 1
            break
        end = t_end
        cursor = t_end
        prev_word = ftok
    return " ".join(text[head.start():end].split()), end


def _stops_issuer(text: str, folded: str, pos: int) -> bool:
    """True when the words at ``pos`` end an issuer: a cue ("triển khai thực hiện"), a
    stop word ("về", "ban hành"), a date or another document ("Kết luận số ...")."""
    w = _words()
    if w.issuer_stop.match(folded, pos):
        return True
    words = [x.strip(",;:.()") for x in text[pos:pos + 80].split()[:5]]
    return any(relations.tone_key(" ".join(words[:n])) in w.issuer_stop_words
               for n in range(1, len(words) + 1))


def _province(issuer: str | None) -> str | None:
    """The province an issuer names: "Tỉnh ủy Tây Ninh" -> "Tây Ninh"."""
    if not issuer:
        return None
    folded = relations.shadow(issuer)
    found: str | None = None
    for m in _PROVINCE_AFTER.finditer(folded):
        words = []
        for word in issuer[m.end():].split():
            if not word[:1].isupper():
                break
            words.append(word.strip(".,;"))
        if words:
            found = " ".join(words)
    if found and found.isupper():
        found = " ".join(w.capitalize() for w in found.split())
    return found


def _type_before(text: str, folded: str, start: int) -> tuple[int, str | None, str | None]:
    """Where the mention starts before its symbol, its type word and the type it names."""
    w = _words()
    window = folded[max(0, start - 60):start]
    m = w.type_before.search(window)
    if m is not None:
        word = " ".join(m.group("word").split())
        begin = start - len(window) + m.start()
        # "luật" is a type word only as a title ("Luật số ..."), not in "pháp luật số ...";
        # an abbreviation ("QĐ số ...") only in capitals.
        printed = text[begin:begin + len(m.group("word"))]
        if word in w.abbreviations and not printed.isupper():
            pass
        elif word != "luat" or (printed[:1].isupper() and not window[:m.start()].endswith("phap ")):
            return begin, word, w.type_of.get(word)
    # "Luật Địa chất và khoáng sản số 54/2024/QH15": the nearest law word before "số".
    window = folded[max(0, start - 160):start]
    offset = start - len(window)
    for m in reversed(list(w.law_word.finditer(window))):
        rest = w.law_rest.match(window, m.end())
        if rest is None:
            continue
        name = rest.group("name")
        if (text[offset + m.start()].isupper()
                and not re.search(r"(?<!phap )\bluat\b|\bso\b", name)
                and not re.search(r"[;:.()|\n]", name)):
            word = " ".join(m.group("word").split())
            return offset + m.start(), word, w.type_of.get(word)
        break
    return start, None, None


def _extend(text: str, folded: str, mention: _Mention, core_end: int) -> None:
    """Add the date and the issuer printed after a symbol to the mention."""
    date, end = _date_after(folded, core_end)
    issuer, end2 = _issuer_after(text, folded, end)
    if date is None and issuer is None:
        # "Quyết định số 12/QĐ-TTg năm 2023": the year, not a date.
        y = _YEAR_AFTER.match(folded, core_end)
        if y is not None and "nam" in folded[core_end:y.start("y")]:
            mention.year = int(y.group("y"))
            end = end2 = y.end()
    mention.date = date
    mention.issuer = issuer
    mention.end = max(end, end2)
    mention.province = _province(issuer)


def _numbered(text: str, folded: str) -> list[_Mention]:
    found: list[_Mention] = []
    for m in symbols.SYMBOL_RE.finditer(text):
        sym = symbols.from_match(m)
        if not _plausible(sym):
            continue
        start, word, type_name = _type_before(text, folded, m.start())
        mention = _Mention(start, m.end(), "numbered", symbol=sym, type=type_name, type_word=word,
                           core_start=m.start())
        _extend(text, folded, mention, m.end())
        found.append(mention)
    w = _words()
    for m in _TRUNCATED_LAW.finditer(text):
        start, word, type_name = _type_before(text, folded, m.start())
        if word not in ("luat", "bo luat") or start == m.start():
            continue
        year = int(m.group("year"))
        code = next((c for c, first, last in w.legislatures if first <= year <= last), None)
        sym = symbols.parse_symbol(f"{m.group('number')}/{year}/{code}") if code else None
        if sym is None:
            continue
        mention = _Mention(start, m.end(), "numbered", symbol=sym, type=type_name, type_word=word,
                           core_start=m.start())
        _extend(text, folded, mention, m.end())
        found.append(mention)
    return found


def _short(text: str, folded: str, numbered: Sequence[_Mention]
           ) -> tuple[list[_Mention], list[tuple[int, int]]]:
    """Short names of documents cited in full elsewhere: "Chỉ thị 11", "Kế hoạch số 348"."""
    w = _words()
    by_type_number: dict[tuple[str, str], Symbol] = {}
    for mention in numbered:
        sym = mention.symbol
        if sym is None or sym.number is None:
            continue
        for type_name in (sym.type, mention.type):
            if type_name:
                by_type_number.setdefault((fold(type_name), sym.number), sym)
    found: list[_Mention] = []
    definitions: list[tuple[int, int]] = []
    starts = [m.start for m in numbered]
    for d in w.definition.finditer(text):
        name = d.group("name").strip()
        definitions.append(d.span())
        if not re.search(r"\d", name) or symbols.SYMBOL_RE.search(name):
            continue
        i = bisect.bisect_right(starts, d.start()) - 1
        if i < 0 or d.start() - numbered[i].end > 300 or numbered[i].symbol is None:
            continue
        sym = numbered[i].symbol
        key = r"\s+".join(re.escape(x) for x in fold(name).split())
        for occ in re.finditer(rf"(?<![a-z0-9])({key})(?![\w/-])", folded[d.end():]):
            start = d.end() + occ.start()
            found.append(_Mention(start, d.end() + occ.end(), "short", symbol=sym, priority=1))
    if by_type_number:
        # Only the types and numbers cited in full can have a short form: a small regex.
        words = [k for k, v in w.type_of.items() if v and fold(v) in {t for t, _ in by_type_number}]
        numbers = sorted({n for _, n in by_type_number}, key=len, reverse=True)
        short_re = re.compile(
            rf"{_initials(words)}(?<![a-z0-9])(?P<word>{_alternation(words)})\s+(?:so\s+)?"
            rf"(?P<number>{'|'.join(re.escape(n) for n in numbers)})"
            r"(?!\.\d|[\w/-]|\s*[/-]\s*[a-z0-9])")
        for m in short_re.finditer(folded):
            word = " ".join(m.group("word").split())
            if word in w.abbreviations and not text[m.start("word"):m.end("word")].isupper():
                continue
            type_name = w.type_of.get(word)
            sym = by_type_number.get((fold(type_name), m.group("number"))) if type_name else None
            if sym is None:
                continue
            found.append(_Mention(m.start(), m.end(), "short", symbol=sym, type=type_name,
                                  type_word=word, priority=1))
    for mention in found:
        _extend(text, folded, mention, mention.end)
    return found, definitions


def _law_name(text: str, folded: str,
              pos: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The name of a law after its type word: (name, word spans), or None when it is generic.

    The name runs on until a stop word (compared with diacritics: "tư" in "Luật Đầu tư"
    is not the stop word "từ"), a number, punctuation, or a comma before another
    document or body ("Luật Đất đai, Luật Xây dựng").
    """
    w = _words()
    key = relations.tone_key
    words: list[tuple[int, int]] = []
    last_comma = -1  # index in words of the first word after the last comma
    cursor = pos
    while len(words) < 14:
        tm = _NAME_TOKEN.match(text, cursor)
        if tm is None:
            break
        comma, word = tm.group(1), tm.group(2)
        ws, we = tm.span(2)
        kw = key(word)
        nxt = _NAME_TOKEN.match(text, we)
        two = f"{kw} {key(nxt.group(2))}" if nxt is not None and not nxt.group(1) else kw
        digital = kw == "số" and words and not _NUMBER_NEXT.match(text, we)
        if (kw in w.law_stop and not digital) or two in w.law_stop or word[0].isdigit():
            break
        if comma and (not words or w.type_any.match(folded, ws) or kw in w.issuer_heads):
            break
        if kw in ("và", "của"):
            if not words:
                break
            if nxt is None or nxt.group(1):
                break
            nw = nxt.group(2)
            if (w.type_any.match(folded, nxt.start(2)) or key(nw) in w.law_stop
                    or (kw == "của" and nw[:1].isupper())):
                break
        if comma:
            # a capital after the comma goes on with the title ("Luật Khoa học, Công nghệ
            # và Đổi mới sáng tạo"); a lower-case run may be the sentence going on
            last_comma = -1 if word[:1].isupper() else len(words)
        elif last_comma >= 0 and len(words) - last_comma >= 6 and not any(
                text[a:a + 1].isupper() for a, _ in words[last_comma:]) and not word[:1].isupper():
            # A long run after a comma is the sentence going on, not the name.
            words = words[:last_comma]
            break
        words.append((ws, we))
        cursor = we
    while words and key(text[words[-1][0]:words[-1][1]]) in ("và", "của", "các", "hoặc"):
        words.pop()  # "Luật Trồng trọt và sửa đổi ...": the name ended before "và"
    if not words:
        return None
    name = " ".join(text[words[0][0]:words[-1][1]].split())
    if key(name) in w.law_generic:
        return None
    return name, words


_AND_LAW = re.compile(r"[ \t]+và[ \t]+(?:Luật|Bộ luật|Pháp lệnh|Nghị định)[ \t]+")


def _unnumbered(text: str, folded: str) -> list[_Mention]:
    w = _words()
    found: list[_Mention] = []
    for m in w.amending_law.finditer(text):
        if not _word_start(text, m.start()):
            continue
        # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B": the names of A and B.
        end = m.end()
        if m.group("count"):
            tail = re.match(r"[^;:.()|\n]{0,120}?(?=\s+(?:ngày|số|năm)\s|[;:.()|\n]|$)", text[end:])
            end += tail.end() if tail else 0
        else:
            parsed = _law_name(text, folded, end)
            if parsed is None:
                continue
            end = parsed[1][-1][1]
            while more := _AND_LAW.match(text, end):
                parsed = _law_name(text, folded, more.end())
                if parsed is None:
                    break
                end = parsed[1][-1][1]
        found.append(_Mention(m.start(), end, "unnumbered", type=m.group("type"),
                              name=" ".join(text[m.start("name"):end].split()), priority=2))
    for type_name, pattern in w.named:
        for m in pattern.finditer(text):
            if not _word_start(text, m.start()):
                continue
            name = " ".join(m.group("name").split()) or None
            found.append(_Mention(m.start(), m.end(), "unnumbered", type=type_name, name=name,
                                  priority=3))
    laws: list[tuple[_Mention, list[tuple[int, int]]]] = []
    for m in w.laws.finditer(text):
        if not _word_start(text, m.start()):
            continue
        before = folded[max(0, m.start() - 8):m.start()].split()
        if before and before[-1] in ("cac", "nhung", "moi"):
            continue
        parsed = _law_name(text, folded, m.end())
        if parsed is None:
            continue
        name, spans = parsed
        type_name = " ".join(m.group("type").split()).capitalize()  # "Bộ Luật" -> "Bộ luật"
        laws.append((_Mention(m.start(), spans[-1][1], "unnumbered", type=type_name, name=name,
                              priority=4), spans))
    found += _trim_to_known_names(text, laws)
    for mention in found:
        date, end = _date_after(folded, mention.end)
        if date is None:
            y = _YEAR_AFTER.match(folded, mention.end)
            end = y.end() if y else mention.end
        mention.date = date
        mention.end = end
    return found


def _trim_to_known_names(text: str, laws: list[tuple[_Mention, list[tuple[int, int]]]]
                         ) -> list[_Mention]:
    """Cut a law's name back to a name the document uses more than once.

    "Luật Địa chất và khoáng sản lập hồ sơ ..." ran on into the sentence when the same
    text also says "Luật Địa chất và khoáng sản" on its own elsewhere.
    """
    key = relations.tone_key
    counts: dict[tuple[str | None, str], int] = {}
    for mention, _ in laws:
        k = (mention.type, key(mention.name or ""))
        counts[k] = counts.get(k, 0) + 1
    for mention, spans in laws:
        words = [key(text[a:b]) for a, b in spans]
        for n in range(len(words) - 1, 0, -1):
            # a capitalized word after the shorter name ("Luật Khoa học và Công nghệ") goes on
            # with the title: that is not the sentence running on
            nxt = n + 1 if words[n] in ("và", "hoặc") and n + 1 < len(words) else n
            if text[spans[nxt][0]:spans[nxt][0] + 1].isupper():
                continue
            shorter = " ".join(words[:n])
            if counts.get((mention.type, shorter), 0) >= 2:
                mention.end = spans[n - 1][1]
                mention.name = " ".join(text[spans[0][0]:mention.end].split())
                break
    return [mention for mention, _ in laws]


def _recipients(text: str) -> list[tuple[int, int]]:
    """The ``Nơi nhận:`` blocks: recipients are not references."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"^[ \t|]*N[ơo]i nh[ậa]n[ \t]*:", text, re.MULTILINE):
        end = m.end()
        items = 0
        pos = text.find("\n", m.end())
        while pos >= 0 and items < 40:
            nxt = text.find("\n", pos + 1)
            line = text[pos + 1: nxt if nxt >= 0 else len(text)]
            stripped = line.strip()
            if not stripped:
                if items:
                    break
            elif re.match(r"\|?\s*[-+•]", stripped) or items == 0 or not stripped[0].isupper():
                items += 1
                end = pos + 1 + len(line)
                if re.match(r"\|?\s*[-+•]?\s*L[ưu]u\b", stripped):
                    break
            else:
                break
            if nxt < 0:
                break
            pos = nxt
        spans.append((m.start(), end))
    return spans


# The header's number line: "Số: 2502/KH-UBND", "Số 57-NQ/TW", "Luật số: 147/2025/QH15".
_HEADER_NUMBER = re.compile(r"^[ \t|]*(?:Luật |LUẬT )?(?:Số|SỐ|số)[ \t]*:?[ \t]*$")


def _header_symbol(text: str, numbered: Sequence[_Mention]) -> str | None:
    """The document's own symbol from its header line (first lines only), for when the
    caller does not know it."""
    for mention in sorted(numbered, key=lambda m: m.start):
        if mention.core_start > 3000 or mention.symbol is None:
            break
        line_start = text.rfind("\n", 0, mention.core_start) + 1
        before = text[line_start:mention.core_start]
        if _HEADER_NUMBER.match(before) and (before.lstrip(" \t|")[:1] in "SL"):
            return mention.symbol.canonical
    return None


def _select(candidates: list[_Mention], blocked: Sequence[tuple[int, int]]) -> list[_Mention]:
    """Non-overlapping mentions, numbered before short before named; none in ``blocked``."""
    taken: list[tuple[int, int]] = sorted(blocked)
    chosen: list[_Mention] = []
    for cand in sorted(candidates, key=lambda c: (c.priority, c.start, -(c.end - c.start))):
        i = bisect.bisect_right(taken, (cand.start, float("inf")))
        if i > 0 and taken[i - 1][1] > cand.start:
            continue
        if i < len(taken) and taken[i][0] < cand.end:
            continue
        taken.insert(i, (cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# --- the public verbs -----------------------------------------------------------------------


def _reference_type(mention: _Mention) -> tuple[str | None, str | None]:
    sym = mention.symbol
    assert sym is not None
    if sym.type_code is None and mention.type:
        entry = patterns.doctype_by_name().get(fold(mention.type))
        code = entry.get("code") if entry else None
        return mention.type, str(code) if code else None
    if sym.type is None and sym.issuer_code.startswith("QH"):
        return "Luật", None
    return sym.type, sym.type_code


def find_references(
    text: str,
    *,
    info: DocumentInfo | None,
    structure: tuple[Section, ...] = (),
    exclude: Sequence[tuple[int, int]] = (),
    section_at: SectionAt | None = None,
) -> tuple[tuple[Reference, ...], tuple[UnnumberedReference, ...], tuple[StatedRelation, ...]]:
    """Mentions of other documents in ``text``, by number and by name, and stated relations.

    ``info`` is the citing document (its own symbol is not a reference; its province
    scopes local symbols that state none); ``exclude`` are ranges to skip (page
    metadata); ``section_at(structure, offset)`` names the structural unit of a mention.
    Mentions in the ``Nơi nhận:`` block are skipped.
    """
    folded = relations.shadow(text)
    numbered = _numbered(text, folded)
    short, definitions = _short(text, folded, numbered)
    blocked = [*exclude, *_recipients(text)]
    short = [s for s in short if not any(a <= s.start < b for a, b in definitions)]
    mentions = _select([*numbered, *short, *_unnumbered(text, folded)], blocked)

    own = info.symbol if info is not None else None
    if own is None:
        own = _header_symbol(text, numbered)
    own_province = info.issuer.province if info is not None and info.issuer is not None else None
    # inside the header's own symbol is the document itself, even when it is read there in
    # part ("24 /HDLN-BCA-BQP-BYT-" cut at a line end, corpus 050)
    own_at = info.spans.get("symbol") if info is not None else None
    engine = [relations.Mention(m.start, m.end, m.symbol.canonical if m.symbol else None,
                                own=bool(own and m.symbol and m.symbol.canonical == own) or (
                                    own_at is not None and own_at.start <= m.start
                                    and m.end <= own_at.end))
              for m in mentions]
    paras = relations.paragraphs(text)
    bounds = relations.clause_bounds(text, paras)
    # A mention running over a line break ("của Bộ\nNông nghiệp và Môi trường") keeps its
    # clause going: the break is a wrapped line, not a new paragraph.
    inside = {b for m in mentions for b in bounds[bisect.bisect_right(bounds, m.start):
                                                   bisect.bisect_left(bounds, m.end)]}
    bounds = [b for b in bounds if b not in inside]
    basis = relations.basis_spans(text, folded, paras)
    cues = relations.find_cues(text, folded)
    rels, stated = relations.assign(text, folded, engine, cues, bounds, basis)

    def section(offset: int) -> str | None:
        return section_at(structure, offset) if section_at is not None else None

    refs: list[Reference] = []
    unnumbered: list[UnnumberedReference] = []
    for mention, em, relation in zip(mentions, engine, rels, strict=True):
        if em.own:
            continue
        if mention.symbol is None:
            unnumbered.append(UnnumberedReference(
                text=text[mention.start:mention.end], start=mention.start, end=mention.end,
                type=mention.type, name=mention.name, relation=relation,
                section=section(mention.start)))
            continue
        sym = mention.symbol
        type_name, type_code = _reference_type(mention)
        year = sym.year or (int(mention.date[:4]) if mention.date else mention.year)
        province = (mention.province or own_province) if sym.local else None
        line_start = text.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.start)
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        refs.append(Reference(
            text=text[mention.start:mention.end], start=mention.start, end=mention.end,
            symbol=sym.canonical, number=sym.number, year=year, type=type_name,
            type_code=type_code, issuer_code=sym.issuer_code or None, date=mention.date,
            issuer=mention.issuer, relation=relation, province=province,
            section=section(mention.start), in_table="|" in line, party=sym.party))

    seen: set[tuple[str, str, str]] = set()
    out_stated: list[StatedRelation] = []
    for st in stated:
        s, o = engine[st.subject], engine[st.object]
        assert s.symbol is not None and o.symbol is not None
        key = (s.symbol, st.relation, o.symbol)
        if key in seen:
            continue
        seen.add(key)
        start, end = min(s.start, o.start), max(s.end, o.end)
        out_stated.append(StatedRelation(subject=s.symbol, relation=st.relation, object=o.symbol,
                                         start=start, end=end, text=text[start:end]))
    return tuple(refs), tuple(unnumbered), tuple(out_stated)


def document_implements(references: Sequence[Reference], info: DocumentInfo | None,
                        body_start: int) -> tuple[str, ...]:
    """Canonical symbols the document itself carries out, from its title and opening.

    The references before ``body_start`` (the body's first part) whose relation is
    ``implements``, in order, without repeats and without the document itself.
    """
    own = info.symbol if info is not None else None
    out: list[str] = []
    for ref in references:
        if (ref.start < body_start and ref.relation == "implements" and ref.symbol != own
                and ref.symbol not in out):
            out.append(ref.symbol)
    return tuple(out)
