"""Limits of the read stage: the largest file, text, line and nesting read.

Every reader does work linear in its input; the limits keep that work, and the
memory it takes, in proportion to a real document, and turn a hostile or
broken file into a clear :class:`~luocdo.errors.InputError` (naming the file,
the place and the limit) instead of a stall (issue 11). The defaults leave a
wide margin over the genre: the largest document of the corpus is 0.5 MB of
text and its longest line 3,433 characters; a real plan is well under 5 MB.

Each limit can be changed for one call (``read(path, limits=ReadLimits(...))``)
or for a process through its environment variable (read when ``read`` is
called without ``limits``)::

    LUOCDO_READ_MAX_BYTES=134217728 luocdo ingest big.pdf
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from luocdo.errors import InputError

# A file larger than this is refused, whatever its format: a .docx or .pdf can
# carry images and fonts, so its size is several times its text.
MAX_BYTES = 64 * 1024 * 1024
# The characters of a document's text (a plain-text file decoded, an HTML page
# with its markup, the text drawn from a .docx or .pdf): 8 million characters
# are about 10 MB of Vietnamese UTF-8, twice a large real plan.
MAX_CHARS = 8_000_000
# One line of the read text: a paragraph or a table row. 100,000 characters
# are about 30 pages in one line, 30 times the longest line of the corpus.
MAX_LINE_CHARS = 100_000
# How deep HTML elements may nest. Browsers stop there too: Blink's HTML tree
# builder nests no deeper than 512 elements (kMaximumHTMLParserDOMTreeDepth).
MAX_DEPTH = 512

# Environment variable of each limit (the field of ReadLimits it sets).
ENVIRONMENT: dict[str, str] = {
    "max_bytes": "LUOCDO_READ_MAX_BYTES",
    "max_chars": "LUOCDO_READ_MAX_CHARS",
    "max_line_chars": "LUOCDO_READ_MAX_LINE_CHARS",
    "max_depth": "LUOCDO_READ_MAX_DEPTH",
}


@dataclass(frozen=True)
class ReadLimits:
    """The limits one read works under (see the module docstring for each)."""

    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    max_line_chars: int = MAX_LINE_CHARS
    max_depth: int = MAX_DEPTH

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"ReadLimits.{field.name}: expected a positive whole number, "
                                 f"got {value!r}")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ReadLimits:
        """The defaults, each replaced by its ``LUOCDO_READ_*`` variable when that is set."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, variable in ENVIRONMENT.items():
            raw = env.get(variable, "").strip()
            if not raw:
                continue
            try:
                value = int(raw.replace("_", ""))
            except ValueError:
                value = 0
            if value < 1:
                raise InputError(f"expected a positive whole number, got {raw!r}",
                                 source=variable)
            values[name] = value
        return cls(**values)



def how_to_raise(name: str) -> str:
    """What to do when the limit ``name`` (a field of ReadLimits) refuses a real document."""
    return f"if this is a real document, raise the limit with {ENVIRONMENT[name]}"
