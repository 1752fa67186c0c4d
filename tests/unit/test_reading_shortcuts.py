"""The shortcuts that make reading faster (issue 13) give what the plain definitions give.

Each fast path below skips work on the common case (a mark in the Combining Diacritical
Marks block, text with no invisible character, a regex alternation grouped by first
letter); these tests hold it to the definition it replaces, on the inputs where the
shortcut and the definition could part.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from luocdo.loaders import normalize, relations, vietnamese


def _strip_by_definition(text: str) -> str:
    """NFD, then every combining character dropped; Đ/đ (and Ð/ð) folded by hand."""
    text = text.translate(str.maketrans({"Đ": "D", "đ": "d", "\u00d0": "D", "\u00f0": "d"}))
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_strip_diacritics_of_every_character():
    # U+034F (combining grapheme joiner) sits in the marks block but is no combining
    # character; Cyrillic, Hebrew and Devanagari marks sit outside it.
    for start in range(0, sys.maxunicode + 1, 4096):
        chars = [chr(c) for c in range(start, min(start + 4096, sys.maxunicode + 1))
                 if not 0xD800 <= c < 0xE000]
        # _strip, not strip_diacritics: a million characters would only churn its cache
        assert [vietnamese._strip(ch) for ch in chars] == [
            _strip_by_definition(ch) for ch in chars], hex(start)


@pytest.mark.parametrize("text", [
    "Quyết định số 569/QĐ-TTg “về việc” – Ðiều 1…",
    "Sở Khoa học\u034f và Công nghệ",  # the grapheme joiner stays
    "Москва\u0483 и שָׁלוֹם",  # marks of other scripts go
    "hoá đơn\u0301\u0302 " * 300,  # longer than what is cached
])
def test_strip_diacritics_of_mixed_text(text):
    assert vietnamese.strip_diacritics(text) == _strip_by_definition(text)


@pytest.mark.parametrize("text", ["  a\t\n b\u00a0c\u3000d\u2028e \x1c", "", " \n "])
def test_squash_splits_where_the_regex_did(text):
    assert vietnamese.squash(text) == re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("text", [
    "Điều 1.\r\nSở Y tế\u200b chủ trì\r",
    "a\u2028b\u2029c\x85d\ve",
    "UBND tỉnh\u00ad\ufeff\x00\x07",
    "Kế hoạch\n\tsố 12\n",
])
def test_normalize_characters_replaces_only_what_is_there(text):
    by_regex = normalize._INVISIBLE.sub("", normalize._LINE_BREAKS.sub("\n", text))
    by_regex = normalize._SPACES.sub(" ", vietnamese.nfc(by_regex))
    expected = "\n".join(line.rstrip(" \t") for line in by_regex.split("\n"))
    assert normalize.normalize_characters(text) == expected


def test_alternation_grouped_by_first_letter_matches_the_plain_one():
    # "thực hiện" before "thi hành" and "triển khai": the order inside a letter is kept
    alternatives = ["tiep tuc thuc hien", "trien khai", "thuc hien", "thi hanh", "thuc",
                    "can cu", "cu the hoa", "ban hanh", "thay the"]
    text = ("can cu luat; tiep tuc thuc hien va trien khai thuc hien, thi hanh; "
            "cu the hoa thuc te; ban hanh thay the thuc")
    plain = re.compile(r"(?<![a-z])(?:" + "|".join(alternatives) + r")(?![a-z])")
    grouped = re.compile(
        r"(?<![a-z])(?:" + relations.by_first_letter(alternatives) + r")(?![a-z])")
    assert grouped.pattern != plain.pattern
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.group() for m in grouped.finditer(text)][:4] == [
        "can cu", "tiep tuc thuc hien", "trien khai", "thuc hien"]


def test_alternation_not_opening_with_a_letter_stays_plain():
    assert relations.by_first_letter(["ab", r"\s*c"]) == r"(?:ab)|(?:\s*c)"
