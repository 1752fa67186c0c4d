"""Relations read from the words around a document's mention.

DOMAIN.md, "Words that carry relations".

The cue words live in ``loaders/patterns/relations.json``. A cue governs the
mentions that follow it in its clause (a line, a table cell, a sentence):

- the nearest cue before a mention, within the cue's reach, gives its relation
  (``Thực hiện Nghị quyết số 08-NQ/TU`` implements, ``thay thế Kế hoạch số 431/KH-UBND``
  replaces);
- a mention coordinated with the previous one (``A và B``, ``A; B``) shares its relation;
- a cue right after another document's mention is that document's verb, so the text
  states a relation between two *other* documents (``Kế hoạch số 348-KH/TU ... của Tỉnh
  ủy Đồng Nai triển khai thực hiện Kết luận số 69-KL/TW``: 348-KH/TU implements 69-KL/TW);
- a passive cue (``được sửa đổi, bổ sung bởi Luật số 87/2025/QH15``) names the subject
  after it and the object before it;
- every mention of a ``Căn cứ ...`` paragraph is the document's legal basis.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from luocdo.loaders import patterns
from luocdo.loaders.vietnamese import fold, nfc, strip_diacritics

_WORD = r"a-z0-9"


def shadow(text: str) -> str:
    """``text`` lower-cased without diacritics, character for character (same length).

    Offsets found in the shadow are offsets in ``text``; ``Đ`` folds to ``d``.
    """
    table = _SHADOW_TABLE
    for ch in set(text):
        if ord(ch) not in table:
            folded = strip_diacritics(ch).lower()
            if len(folded) != 1:
                folded = ch.lower() if len(ch.lower()) == 1 else " "
            table[ord(ch)] = folded
    return text.translate(table)


# Character -> its shadow character, grown as new characters are seen.
_SHADOW_TABLE: dict[int, str] = {}


# Old and new tone placement (hoá/hóa, thuỷ/thủy) compare equal: the mark moves to the first vowel.
_TONE_MOVES = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_MOVES))


@functools.lru_cache(maxsize=4096)
def tone_key(text: str) -> str:
    """Lower-case NFC text with single spaces and one tone placement (``hoá`` → ``hóa``)."""
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], re.sub(r"\s+", " ", nfc(text).lower()))


@functools.lru_cache(maxsize=4096)  # the same few cue phrases, thousands of times
def _key(phrase: str) -> str:
    """A cue phrase without diacritics, case, commas and extra spaces."""
    return " ".join(fold(phrase).replace(",", " ").split())


def _phrase_pattern(phrase: str) -> str:
    """A regex over the shadow for a folded phrase: any white space, optional commas."""
    words = [re.escape(w) for w in re.split(r"\s+", fold(phrase).replace(",", " , ")) if w]
    out = ""
    for w in words:
        if w == ",":
            out += r"\s*,?"
        else:
            out += (r"\s+" if out and not out.endswith(",?") else (r"\s*" if out else "")) + w
    return out


@dataclass(frozen=True)
class CueKind:
    """One relation's cue words and how far they reach (a relations.json entry)."""

    relation: str
    scope: str  # "clause" or "near"
    max_gap: int
    stated: bool


@dataclass(frozen=True)
class Cue:
    """A cue word found in the text."""

    start: int
    end: int
    kind: CueKind
    passive: bool = False
    after: bool = False  # applies to the mentions before it ("... hết hiệu lực")


@dataclass(frozen=True)
class CueData:
    """relations.json, compiled."""

    regex: re.Pattern[str]
    by_phrase: dict[str, tuple[CueKind, bool, str]]  # phrase key -> kind, after, printed
    group_fillers: frozenset[str]
    single_fillers: frozenset[str]
    passive_before: re.Pattern[str]
    agent: re.Pattern[str]
    coordinator: re.Pattern[str]
    basis_open: re.Pattern[str]
    basis_end: re.Pattern[str]
    near_filler: frozenset[str]


def by_first_letter(alternatives: Iterable[str]) -> str:
    """The alternation of the regexes ``alternatives``, grouped by their first letter: at a
    position only the group of its letter is tried, in their order, so the regex matches
    what the plain alternation would (30% faster over a text). The plain alternation when
    one does not open with a letter or digit."""
    regexes = list(alternatives)
    if not all(r[:1].isalnum() for r in regexes):
        return "|".join(f"(?:{r})" for r in regexes)
    groups: dict[str, list[str]] = {}
    for regex in regexes:
        groups.setdefault(regex[0], []).append(regex[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


@functools.cache
def cue_data() -> CueData:
    """The compiled cue words of ``loaders/patterns/relations.json``."""
    data: dict[str, Any] = patterns.load("relations")
    by_phrase: dict[str, tuple[CueKind, bool, str]] = {}
    printed: list[str] = []
    for entry in data["relations"]:
        kind = CueKind(entry["relation"], entry.get("scope", "near"), int(entry.get("max_gap", 60)),
                       bool(entry.get("stated", False)))
        for cue in entry.get("cues", []):
            by_phrase[_key(cue)] = (kind, False, cue)
            printed.append(cue)
        for cue in entry.get("after_cues", []):
            by_phrase[_key(cue)] = (kind, True, cue)
            printed.append(cue)
    alternatives = sorted(printed, key=len, reverse=True)
    regex = re.compile(rf"(?<![{_WORD}])(?:{by_first_letter(map(_phrase_pattern, alternatives))})"
                       rf"(?![{_WORD}])")
    attach = data["attachment"]
    passive = data["passive"]
    agents = "|".join(_phrase_pattern(p) for p in passive["agent"])
    coordinators = "|".join(
        re.escape(fold(c)) for c in sorted(data["coordinators"], key=len, reverse=True))
    basis = data["based_on"]
    return CueData(
        regex=regex,
        by_phrase=by_phrase,
        group_fillers=frozenset(fold(f) for f in attach["group"]),
        single_fillers=frozenset(fold(f) for f in attach["single"]),
        passive_before=re.compile(
            rf"(?<![{_WORD}])(?:{'|'.join(_phrase_pattern(p) for p in passive['before'])})\s*$"),
        agent=re.compile(rf"(?<![{_WORD}])(?:{agents})(?![{_WORD}])"),
        coordinator=re.compile(rf"^(?:\s*(?:{coordinators}))*\s*$"),
        basis_open=re.compile(
            r"^[ \t]*(?:" + "|".join(re.escape(w) for w in basis["opens"]) + r")(?![\w])",
            re.MULTILINE),
        basis_end=re.compile(
            r";\s*(?:" + "|".join(_phrase_pattern(w) for w in basis["ends"]) + r")(?![a-z])"),
        near_filler=frozenset(w for phrase in data["near_filler"]["words"]
                              for w in tone_key(phrase).split()),
    )


def find_cues(text: str, folded: str) -> list[Cue]:
    """Every cue word of ``text`` (``folded`` is its :func:`shadow`)."""
    data = cue_data()
    found: list[Cue] = []
    for m in data.regex.finditer(folded):
        entry = data.by_phrase.get(_key(m.group(0)))
        if entry is None:
            continue
        kind, after, printed = entry
        printed_slice = text[m.start():m.end()]
        # Diacritics must agree ("gần với" is not "gắn với"), unless the text has none.
        if printed_slice.lower() != printed and (tone_key(printed_slice).replace(",", " ").split()
                != tone_key(printed).replace(",", " ").split()
                and strip_diacritics(printed_slice) != printed_slice):
            continue
        before = folded[max(0, m.start() - 12):m.start()]
        passive = not after and data.passive_before.search(before) is not None
        if not after and kind.relation != "cites" and _DOCUMENTS_BEFORE.search(
                folded, max(0, m.start() - 20), m.start()):
            # "các văn bản quy định chi tiết một số điều của Luật ...": the verb of documents
            # the text does not number, not of the citing document
            kind = CueKind("cites", "near", kind.max_gap, False)
        found.append(Cue(m.start(), m.end(), kind, passive=passive, after=after))
    return found


_DOCUMENTS_BEFORE = re.compile(r"(?<![a-z])van\s+ban\s*$")


# --- clauses ---------------------------------------------------------------------------------

_POINT = re.compile(r"[a-zđ]\)|[a-zđ]\.\s|[-+•]")
# Matched from the start of a run of stops only (the lookbehind), taken whole (++):
# tried from every stop of a long run, the pattern was quadratic (issue 11).
# The look-behind comes after the first stop (the same as before it: "." stands for the stop
# just read), so that the regex opens with a character class, which is scanned for in one
# fast loop.
_SENTENCE_END = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*+[\"”]?(?=[ \t]+\S)")


_HEADING_START = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,5})[.)/]\s|Điều\s+\d")


def _wrap_width(text: str) -> int | None:
    """The usual line width of a text whose lines are wrapped (a PDF text layer), else None.

    A text from .docx or HTML prints a paragraph on one line: some lines are long. A PDF
    text layer wraps every paragraph at about the same width.
    """
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    if len(lengths) < 10 or sum(1 for n in lengths if n > 130) > 0.03 * len(lengths):
        return None
    return lengths[int(len(lengths) * 0.9) - 1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: lines, joined when a line wraps (the next one starts in lower case;
    in a PDF text layer, also a full-width line without a final stop before a line that
    opens no item: "... của Chính phủ ban hành\nChương trình hành động ...")."""
    return list(_paragraphs(text))


# References and reporting both read a document's paragraphs: the last text's are kept.
@functools.lru_cache(maxsize=1)
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    pos = 0
    n = len(text)
    width = _wrap_width(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            spans.append((start, n))
            break
        line = text[pos:nl].rstrip()
        nxt_end = text.find("\n", nl + 1)
        nxt = text[nl + 1: nxt_end if nxt_end >= 0 else n].lstrip()
        open_end = bool(line) and bool(nxt) and line[-1] not in ".;:!?|" and "|" not in nxt \
            and not _POINT.match(nxt)
        wraps = open_end and (nxt[0].islower() or (
            width is not None and len(line) >= 0.7 * width and not _HEADING_START.match(nxt)))
        if not wraps:
            spans.append((start, nl))
            start = nl + 1
        pos = nl + 1
    return tuple(spans)


def clause_bounds(text: str, paras: Sequence[tuple[int, int]]) -> list[int]:
    """Sorted positions where a clause begins: paragraph starts, table cells, sentences."""
    bounds = {start for start, _ in paras}
    bounds.update(m.start() + 1 for m in re.finditer(r"\|", text))
    for m in _SENTENCE_END.finditer(text):
        after = text[m.end():m.end() + 3].lstrip()
        if after and (after[0].isupper() or after[0].isdigit()):
            bounds.add(m.end())
    bounds.add(0)
    return sorted(bounds)


def basis_spans(text: str, folded: str,
                paras: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the legal-basis paragraphs (``Căn cứ ...``), up to ``; Theo đề nghị``."""
    data = cue_data()
    spans: list[tuple[int, int]] = []
    for start, end in paras:
        m = data.basis_open.match(text, start, end)
        if m is None:
            continue
        stop = data.basis_end.search(folded, start, end)
        spans.append((m.start(), stop.start() if stop else end))
    return spans


# --- the relation of each mention --------------------------------------------------------------


@dataclass
class Mention:
    """What the relation engine needs to know of a document's mention."""

    start: int
    end: int  # after its date and issuer
    symbol: str | None  # canonical; None for a document named without number
    own: bool = False  # the citing document itself


@dataclass
class Stated:
    """A relation between two other documents, by mention index."""

    subject: int
    relation: str
    object: int


@dataclass
class _Result:
    relation: str = "cites"
    attached: tuple[tuple[int, ...], str] | None = None  # (subjects, relation) when an object
    passive_object: tuple[int, str] | None = None  # (object, relation) when a passive agent
    group: list[int] = field(default_factory=list)


def _reaches(cue: Cue, gap: str) -> bool:
    """True when ``cue`` governs the document ``gap`` characters after it."""
    if len(gap) > cue.kind.max_gap:
        return False
    if cue.kind.scope == "clause" or cue.passive:
        return True
    words = tone_key(gap).replace(",", " ").split()
    allowed = cue_data().near_filler
    return all(w in allowed or w.isdigit() or (len(w) == 1 and w.isalpha())
               or re.fullmatch(r"[ivxlc]+", w) for w in words)


def _filler(text: str) -> str:
    return fold(text).strip(" ,")


_OF_ISSUER = re.compile(r"\s+cua\s+[^,;]{1,40}$")
# A list item: "a) ...", "1. ...", "- ..."
_LIST_ITEM = re.compile(r"[ \t]*(?:[a-zđ]\)|\d{1,2}[.)]|[-+•–])[ \t]*")
_LIST_LEAD_WORDS = 10  # words between a cue and the ':' that opens its list
_LIST_ITEM_REACH = 40  # the document an item names comes first in it
_LIST_MAX_LINES = 80


def _list_governed(text: str, mentions: Sequence[Mention], cues: Sequence[Cue]
                   ) -> dict[int, str]:
    """Mentions governed by a cue whose line opens a list (``2. Bãi bỏ toàn bộ các quyết
    định sau:`` then ``a) Quyết định số 03/2025/QĐ-UBND ...``, ``b) ...``): index -> relation.

    Each item's first document, when it comes first in the item, takes the cue's relation.
    """
    out: dict[int, str] = {}
    starts = [m.start for m in mentions]
    for cue in cues:
        if cue.after or cue.passive or cue.kind.relation == "cites":
            continue
        line_end = text.find("\n", cue.end)
        line_end = len(text) if line_end < 0 else line_end
        head = text[cue.end:line_end].rstrip()
        if not head.endswith(":") or len(head.split()) > _LIST_LEAD_WORDS:
            continue
        if bisect.bisect_left(starts, cue.end) < bisect.bisect_left(starts, line_end):
            continue  # the cue has its own object on its line
        pos = line_end + 1
        for _ in range(_LIST_MAX_LINES):
            if pos >= len(text):
                break
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            line = text[pos:end]
            item = _LIST_ITEM.match(line)
            if item is not None:
                i = bisect.bisect_left(starts, pos + item.end())
                if i < len(mentions) and mentions[i].start < pos + item.end() + _LIST_ITEM_REACH \
                        and mentions[i].start < end:
                    out[i] = cue.kind.relation
            elif line.strip() and not line.lstrip()[:1].islower():
                break  # a line that neither opens an item nor wraps one: the list has ended
            pos = end + 1
    return out


def assign(text: str, folded: str, mentions: Sequence[Mention], cues: Sequence[Cue],
           bounds: Sequence[int], basis: Sequence[tuple[int, int]]
           ) -> tuple[list[str], list[Stated]]:
    """The relation of every mention (in order) and the relations stated between mentions.

    ``mentions`` must be sorted by start and must not overlap.
    """
    data = cue_data()
    results = [_Result() for _ in mentions]
    stated: list[Stated] = []
    mention_starts = [m.start for m in mentions]
    # Cues inside a mention ("Hướng dẫn số 05-HD/TU") are its type word, not a cue.
    free_cues = []
    for cue in cues:
        i = bisect.bisect_right(mention_starts, cue.start) - 1
        if i >= 0 and mentions[i].end > cue.start:
            continue
        free_cues.append(cue)
    events: list[tuple[int, int, int]] = [(c.start, 0, i) for i, c in enumerate(free_cues)]
    events += [(m.start, 1, i) for i, m in enumerate(mentions)]
    events.sort()

    clause = -1
    prev: int | None = None
    self_rel: str | None = None
    pending: tuple[Cue, str, tuple[int, ...]] | None = None
    clause_mentions: list[int] = []

    def state(s: int, relation: str, o: int) -> None:
        if mentions[s].own or mentions[o].own:
            return
        if mentions[s].symbol and mentions[o].symbol and mentions[s].symbol != mentions[o].symbol:
            stated.append(Stated(s, relation, o))

    for pos, is_mention, idx in events:
        c = bisect.bisect_right(bounds, pos) - 1
        if c != clause:
            clause, prev, self_rel, pending, clause_mentions = c, None, None, None, []
        if not is_mention:
            cue = free_cues[idx]
            if cue.after:
                if prev is not None and len(_filler(text[mentions[prev].end:cue.start])) <= 12:
                    for i in results[prev].group:
                        results[i].relation = cue.kind.relation
                continue
            if cue.passive:
                obj = next((i for i in reversed(clause_mentions) if mentions[i].symbol), None)
                pending = (cue, "passive", (obj,) if obj is not None else ())
                continue
            mode = "self"
            subjects: tuple[int, ...] = ()
            if prev is not None and cue.kind.stated:
                filler = _filler(text[mentions[prev].end:cue.start])
                if filler not in data.group_fillers and filler not in data.single_fillers:
                    # "ban hành Chương trình hành động của Chính phủ thực hiện ...": the
                    # issuer of what the document issues does not change whose verb it is
                    filler = _OF_ISSUER.sub("", filler)
                if filler in data.group_fillers:
                    mode, subjects = "attached", tuple(results[prev].group)
                elif filler in data.single_fillers:
                    mode, subjects = "attached", (prev,)
            if mode == "attached" and any(mentions[s].own for s in subjects):
                mode, subjects = "self", ()
            pending = (cue, mode, subjects)
            continue

        m = mentions[idx]
        res = results[idx]
        gap = text[mentions[prev].end:m.start] if prev is not None else None
        governed = pending is not None and _reaches(pending[0], text[pending[0].end:m.start])
        if governed and pending is not None:
            cue, mode, subjects = pending
            rel = cue.kind.relation
            if mode == "passive":
                res.relation = self_rel or "cites"
                if subjects and data.agent.search(folded, cue.end, m.start):
                    res.passive_object = (subjects[0], rel)
                    state(idx, rel, subjects[0])
            elif mode == "attached":
                res.relation = "cites"
                res.attached = (subjects, rel)
                for s in subjects:
                    state(s, rel, idx)
            else:
                res.relation = rel
                if cue.kind.scope == "clause" or rel == "cites":
                    self_rel = rel
            res.group = [idx]
        elif prev is not None and gap is not None and data.coordinator.match(fold(gap)):
            before = results[prev]
            if ";" in gap and (before.attached or before.passive_object):
                # "A thực hiện B; C": C is the next item of the list, not A's object.
                before = _Result(relation=self_rel or "cites", group=[])
            res.relation = before.relation
            res.attached = before.attached
            res.passive_object = before.passive_object
            if before.attached:
                for s in before.attached[0]:
                    state(s, before.attached[1], idx)
            if before.passive_object:
                state(idx, before.passive_object[1], before.passive_object[0])
            # One list shared by the whole group, extended in place: copying it to
            # every member was quadratic in a long run of coordinated symbols (issue 11).
            before.group.append(idx)
            res.group = before.group
        else:
            # A verb that takes its own object ("theo hướng dẫn của Sở ... tại văn bản số ...")
            # stands between the clause's verb and this document: only a citation.
            blocked = pending is not None and pending[0].kind.scope == "near"
            res.relation = "cites" if blocked else (self_rel or "cites")
            res.group = [idx]
        pending = None
        prev = idx
        clause_mentions.append(idx)

    for i, relation in _list_governed(text, mentions, free_cues).items():
        for j in results[i].group or [i]:
            if results[j].relation == "cites" and not results[j].attached:
                results[j].relation = relation

    starts = [s for s, _ in basis]
    for i, m in enumerate(mentions):
        b = bisect.bisect_right(starts, m.start) - 1
        if b >= 0 and m.start < basis[b][1]:
            results[i].relation = "based_on"
    return [r.relation for r in results], stated
