"""Dates as the genre prints them: ``ngày 08 tháng 8 năm 2023``, ``ngày 11/5/2022``."""

from __future__ import annotations

import datetime as dt
import re

# "ngày 08 tháng 8 năm 2023", "ngày 2 tháng 5 năm 2024" (any spacing, line breaks).
LONG_DATE = re.compile(
    r"ng[àa]y\s+(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})\s+n[ăa]m\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
# "11/5/2022", "09/05/2024", "11-5-2022", "11.5.2022"
SHORT_DATE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*([/.-])\s*(?P<m>\d{1,2})"
                        r"\s*\2\s*(?P<y>(?:19|20)\d{2})(?!\d)")


def iso_date(day: int | str, month: int | str, year: int | str) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date, else None."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date printed in ``text`` as ``YYYY-MM-DD``, or None.

    >>> parse_date("Tây Ninh, ngày 08 tháng 8 năm 2023")
    '2023-08-08'
    >>> parse_date("ngày 11/5/2022 của Thủ tướng")
    '2022-05-11'
    >>> parse_date("Lào Cai, ngày       tháng      năm 2026") is None
    True
    """
    match = find_date(text)
    return match[0] if match else None


def find_date(text: str, pos: int = 0) -> tuple[str, int, int] | None:
    """The first real date at or after ``pos``: (iso, start, end), or None."""
    best: tuple[str, int, int] | None = None
    for pattern in (LONG_DATE, SHORT_DATE):
        for m in pattern.finditer(text, pos):
            iso = iso_date(m["d"], m["m"], m["y"])
            if iso is None:
                continue
            if best is None or m.start() < best[1]:
                best = (iso, m.start(), m.end())
            break
    return best
