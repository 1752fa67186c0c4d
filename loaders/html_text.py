"""The text of an HTML page (a legal portal's page): the document body only.

Scripts, styles, hidden elements, navigation, page header/footer and menus are
not text. The document body is the element a portal marks as the content
(``content1``, ``toanvancontent``, ``vbContent``... in its id or class), else the
smallest block holding most of the text left once navigation, menus, page
header/footer and sidebars are removed. Block elements become lines, ``<br>`` a
line break; a table gives one ``| a | b |`` line per row
(:func:`~luocdo.loaders.formats.table_lines`), a cell spanning several columns
or rows written once with empty cells in the positions it covers. Header and
signature blocks, and narrow tables holding other tables (pages laid out in a
table), give their cells' lines one after the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from luocdo.errors import InputError
from luocdo.loaders.formats import table_lines
from luocdo.loaders.limits import ReadLimits, how_to_raise

# Never text.
_DROP = {
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "head", "link", "meta", "button", "select", "input", "textarea", "map", "audio", "video",
}
# Page furniture around the document body (dropped when no content element is known).
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "menu"}
_FURNITURE_NAMES = re.compile(
    r"(?:^|[-_])(?:menu|nav|navbar|navigation|breadcrumbs?|footer|sidebar|banner|advert|ads|"
    r"social|share|comments?|cookie|popup|modal|login|search|toolbar|topbar)(?:$|[-_])",
    re.IGNORECASE,
)
# ids/classes legal portals give the element holding a document's full text
# (thuvienphapluat.vn: content1; vbpl.vn: toanvancontent; luatvietnam.vn: vbContent...).
_CONTENT_NAMES = {
    "content1", "toanvancontent", "vbcontent", "vb-content", "noidung", "noi-dung",
    "fulltext", "full-text", "divcontentdoc", "contentdoc", "doc-content", "document-content",
    "the-document-body", "vanban", "van-ban", "content-vb", "vbnoidung",
}
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "main", "address", "center", "hr", "figure",
    "figcaption", "form", "fieldset", "caption", "tr", "tbody", "thead", "tfoot", "body",
    "html", "header", "footer", "nav", "aside", "legend", "details", "summary",
}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The strings get_text() counts (not comments, doctypes...).
_TEXT_TYPES = (NavigableString, CData)
_MAX_COLSPAN = 64
_MAX_ROWSPAN = 500
_MAX_TABLE_DEPTH = 16
# A table this narrow that holds other tables lays out the page.
_MAX_LAYOUT_COLUMNS = 3
# Share of the page's text the document body is expected to hold.
_MAIN_SHARE = 0.8


def html_text(data: bytes, source: str,
              limits: ReadLimits | None = None) -> tuple[str, list[str]]:
    """The reading text of the document body of an HTML page, and warnings.

    The work is linear in the page: each step is one walk of the tree (issue 11:
    BeautifulSoup's ``tag.decomposed`` and ``find_parent`` walk a subtree or the
    ancestors on every call, which made a page nested 10,000 deep take minutes).
    """
    limits = limits or ReadLimits()
    warnings: list[str] = []
    markup = _markup(data, source, warnings)
    if isinstance(markup, str) and len(markup) > limits.max_chars:
        raise InputError(f"page of {len(markup)} characters is longer than the limit of "
                         f"{limits.max_chars}; not read ({how_to_raise('max_chars')})",
                         source=source)
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:  # the parser's failures on broken bytes are not ours
        raise InputError(f"not a readable HTML page ({type(exc).__name__}: {exc})",
                         source=source) from None
    for tag in _never_text(soup, limits.max_depth, source):
        tag.decompose()
    root = _content_element(soup, _sizes(soup))
    if root is None:
        for tag in _furniture(soup):
            tag.decompose()
        root = _main_block(soup, _sizes(soup))
    return "\n".join(_lines(root, 0, _Grid(source, limits.max_chars))), warnings


def _markup(data: bytes, source: str, warnings: list[str]) -> str | bytes:
    """The page as text when it is valid UTF-8, else the bytes for the parser to decode.

    Valid UTF-8 wins over a page's own charset declaration: pages that declare
    windows-1252 and are served in UTF-8 are common, the reverse is not (legacy
    Vietnamese bytes are practically never valid UTF-8). A page cut off in the
    middle of its last character is read without it, with a warning.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            try:
                text = data[: exc.start].decode("utf-8-sig")
            except UnicodeDecodeError:
                return data
            warnings.append(f"{source}: the page ends in the middle of a UTF-8 character "
                            f"(bytes {data[exc.start:].hex(' ')} at byte {exc.start}); "
                            "it was left out -- the file may be truncated")
            return text
        return data


def _never_text(soup: BeautifulSoup, max_depth: int, source: str) -> list[Tag]:
    """The outermost elements that are never text; refuses nesting over ``max_depth``."""
    found: list[Tag] = []
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in tag.children:
            if not isinstance(child, Tag):
                continue
            if depth + 1 > max_depth:
                raise InputError(
                    f"elements nested more than {max_depth} deep (a <{child.name}> inside "
                    f"{_ancestry(child)}); not read ({how_to_raise('max_depth')})",
                    source=source, where=f"element nesting depth {depth + 1}")
            if _is_never_text(child):
                found.append(child)
            else:
                stack.append((child, depth + 1))
    return found


def _ancestry(tag: Tag) -> str:
    """Where ``tag`` sits: its outermost ancestors, for an error message."""
    names: list[str] = []
    for parent in tag.parents:
        if parent.name != "[document]":
            names.append(f"<{parent.name}>")
    names.reverse()
    if len(names) > 4:
        names = [*names[:3], f"... {len(names) - 3} more"]
    return " ".join(names) or "the page"


def _is_never_text(tag: Tag) -> bool:
    """Elements that are never text: scripts, styles, form controls, hidden elements."""
    if tag.name in _DROP:
        return True
    style = tag.get("style")
    hidden_style = isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))
    return hidden_style or tag.has_attr("hidden")


def _names(tag: Tag) -> list[str]:
    """The id and class names of ``tag``."""
    names: list[str] = []
    ident = tag.get("id")
    if isinstance(ident, str):
        names.append(ident)
    classes = tag.get("class")
    if isinstance(classes, list):
        names.extend(str(c) for c in classes)
    elif isinstance(classes, str):
        names.extend(classes.split())
    return names


class _Size:
    """How much text an element holds."""

    __slots__ = ("blank_free", "chars")

    def __init__(self) -> None:
        self.chars = 0  # len(tag.get_text())
        self.blank_free = 0  # characters of that text other than HTML blanks


def _sizes(soup: BeautifulSoup) -> dict[int, _Size]:
    """The :class:`_Size` of every element (by ``id``), from one post-order walk."""
    sizes: dict[int, _Size] = {}
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        tag, done = stack.pop()
        if not done:
            stack.append((tag, True))
            stack.extend((child, False) for child in tag.children if isinstance(child, Tag))
            continue
        size = _Size()
        for child in tag.children:
            if isinstance(child, Tag):
                inner = sizes[id(child)]
                size.chars += inner.chars
                size.blank_free += inner.blank_free
            elif isinstance(child, NavigableString) and type(child) in _TEXT_TYPES:
                size.chars += len(child)
                size.blank_free += len(_HTML_SPACE.sub("", child))
        sizes[id(tag)] = size
    return sizes


def _content_element(soup: BeautifulSoup, sizes: dict[int, _Size]) -> Tag | None:
    """The element a portal marks as the document's content (the one with most text)."""
    found = [
        tag for tag in soup.find_all(True)
        if any(name.lower() in _CONTENT_NAMES for name in _names(tag))
    ]
    if not found:
        return None
    best = max(found, key=lambda t: sizes[id(t)].chars)
    return best if best.get_text().strip() else None


def _furniture(soup: BeautifulSoup) -> list[Tag]:
    """The outermost navigation, page header/footer, menus and sidebars."""
    found: list[Tag] = []
    stack: list[tuple[Tag, bool]] = [(soup, False)]  # (element, inside <article>/<main>)
    while stack:
        tag, in_article = stack.pop()
        for child in tag.children:
            if not isinstance(child, Tag):
                continue
            # The header/footer of the article itself holds its title, its signature.
            own = child.name in ("header", "footer") and in_article
            if not own and (child.name in _FURNITURE_TAGS
                            or any(_FURNITURE_NAMES.search(n) for n in _names(child))):
                found.append(child)
            else:
                stack.append((child, in_article or child.name in ("article", "main")))
    return found


def _main_block(soup: BeautifulSoup, sizes: dict[int, _Size]) -> Tag | BeautifulSoup:
    """The smallest block that holds most (80 %) of the page's remaining text."""
    root = soup.body or soup
    total = sizes[id(root)].blank_free
    best: Tag | BeautifulSoup = root
    best_length = total
    for tag in root.find_all(["div", "article", "main", "section", "td", "form"]):
        length = sizes[id(tag)].blank_free
        if _MAIN_SHARE * total <= length < best_length:
            best, best_length = tag, length
    return best


def _text(node: NavigableString) -> str:
    """A text node's text, or "" for comments, doctypes and processing instructions."""
    if isinstance(node, (Comment, Doctype, Declaration, ProcessingInstruction)):
        return ""
    return str(node)


class _Grid:
    """The grid positions the tables of a page may still fill.

    A data table writes at least `` | `` (3 characters) for each position of its
    grid, so a page whose row and column spans ask for more than a third of
    ``max_chars`` positions cannot be a document; it is refused before the spans
    are spelled out (500 rows by 64 columns for one small cell).
    """

    def __init__(self, source: str, max_chars: int) -> None:
        self.source = source
        self.max_chars = max_chars
        self.left = max_chars // 3

    def take(self, positions: int, where: str) -> None:
        """Count ``positions`` more grid positions; refuse when over the budget."""
        self.left -= positions
        if self.left < 0:
            raise InputError(
                f"the tables' row and column spans make more than {self.max_chars // 3} "
                f"cells, more than the text limit of {self.max_chars} characters can hold; "
                f"not read ({how_to_raise('max_chars')})",
                source=self.source, where=where)


def _lines(root: Tag | BeautifulSoup, depth: int, grid: _Grid) -> list[str]:
    """The lines of an element: blocks and ``<br>`` break lines, tables become rows."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _HTML_SPACE.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    for event, node in _walk(root):
        if isinstance(node, NavigableString):
            current.append(_text(node))
        elif event == "pre":
            flush()
            lines.extend(ln.rstrip() for ln in node.get_text().split("\n") if ln.strip())
        elif event == "table":
            flush()
            if depth < _MAX_TABLE_DEPTH:
                rows = _table_rows(node, depth + 1, grid)
                nested = node.find("table") is not None
                narrow = max((len(row) for row in rows), default=0) <= _MAX_LAYOUT_COLUMNS
                lines.extend(table_lines(rows, layout=nested and narrow))
            else:
                lines.append(_HTML_SPACE.sub(" ", node.get_text(" ")).strip())
        else:  # a block boundary or <br>
            flush()
    flush()
    return lines


def _walk(root: Tag | BeautifulSoup) -> Iterator[tuple[str, Tag | NavigableString]]:
    """Events in document order: ("text", node), ("break", tag), ("table", tag), ("pre", tag)."""
    stack: list[tuple[bool, object]] = [(False, child) for child in reversed(list(root.children))]
    while stack:
        closing, node = stack.pop()
        if closing and isinstance(node, Tag):
            yield "break", node
            continue
        if isinstance(node, NavigableString):
            yield "text", node
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name in ("br", "hr"):
            yield "break", node
        elif name == "table":
            yield "table", node
        elif name == "pre":
            yield "pre", node
        elif name in _BLOCKS or name in ("td", "th"):
            yield "break", node
            stack.append((True, node))
            stack.extend((False, child) for child in reversed(list(node.children)))
        else:
            stack.extend((False, child) for child in reversed(list(node.children)))


def _rows_of(table: Tag) -> Iterator[Tag]:
    """The rows of ``table`` itself (not of tables nested in its cells)."""
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            yield child
        elif child.name in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.children if isinstance(tr, Tag) and tr.name == "tr")


def _span(cell: Tag, attribute: str, limit: int) -> int:
    """A cell's colspan/rowspan, 1 when missing or unreadable, at most ``limit``."""
    value = cell.get(attribute)
    try:
        return min(limit, max(1, int(str(value).strip()))) if value is not None else 1
    except ValueError:
        return 1


def _table_rows(table: Tag, depth: int, grid: _Grid) -> list[list[str]]:
    """The cell texts of ``table`` on a grid: spanned positions are empty cells."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for number, tr in enumerate(_rows_of(table), start=1):
        row: list[str] = []

        def fill_pending(row: list[str] = row) -> None:
            while pending.get(len(row), 0) > 0:
                pending[len(row)] -= 1
                row.append("")

        for cell in tr.children:
            if not isinstance(cell, Tag) or cell.name not in ("td", "th"):
                continue
            fill_pending()
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
            start = len(row)
            grid.take(colspan, f"table row {number}")
            row.append("\n".join(_lines(cell, depth, grid)))
            row.extend([""] * (colspan - 1))
            if rowspan > 1:
                for col in range(start, start + colspan):
                    pending[col] = rowspan - 1
        fill_pending()
        grid.take(len(row) + len(pending), f"table row {number}")
        for col in pending:  # rowspans past the end of this (short) row
            if col >= len(row) and pending[col] > 0:
                pending[col] -= 1
        for col in [col for col, left in pending.items() if left <= 0]:
            del pending[col]  # so that rows after a span's end do not walk it
        rows.append(row)
    return rows
