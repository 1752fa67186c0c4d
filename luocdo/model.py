"""The document model: what extraction produces and the graph mapping consumes.

Frozen dataclasses, no RDF. Every extracted item carries ``start``/``end``
character offsets into the normalized text returned by
:func:`luocdo.loaders.read` and the exact ``text`` of that span, so that each
fact in the graph can point back to where it was read.

The JSON form (``luocdo extract --format json``) is :func:`to_json`; its
schema is ``loaders/schema/extract.schema.json``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# Relations a text can state between two documents (or a task and a document).
# Names follow the issue text; the ontology declares one property for each
# (``lo:implements``, ``lo:alignsWith``, ...).
Relation = Literal[
    "implements",  # thực hiện, triển khai, cụ thể hóa, tiếp tục thực hiện
    "aligns_with",  # gắn với, phù hợp với, theo định hướng của
    "based_on",  # Căn cứ ...
    "replaces",  # thay thế
    "amends",  # sửa đổi, bổ sung
    "repeals",  # bãi bỏ
    "guides",  # hướng dẫn, quy định chi tiết
    "corrects",  # đính chính
    "consolidates",  # hợp nhất
    "cites",  # anything else
]
RELATIONS: tuple[str, ...] = (
    "implements",
    "aligns_with",
    "based_on",
    "replaces",
    "amends",
    "repeals",
    "guides",
    "corrects",
    "consolidates",
    "cites",
)

TaskSource = Literal["table", "prose"]


@dataclass(frozen=True)
class Span:
    """A character range of the normalized text and the exact text in it."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Text:
    """The output of ``read``: NFC text with tables rebuilt, plus where it came from."""

    text: str
    source: str  # the path as given, or "<string>"
    format: str  # "txt", "docx", "html", "pdf"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issuer:
    """The body that issued a document (or that a reference names)."""

    name: str  # full name, e.g. "Ủy ban nhân dân tỉnh Tây Ninh"
    code: str | None = None  # issuer code of the symbol: "UBND", "TTg", "TU", "BKHCN"
    province: str | None = None  # "Tây Ninh" for local bodies, None for central ones
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """The document itself: identity and header."""

    symbol: str | None  # canonical: "2502/KH-UBND", "16/2021/NQ-HĐND", "08-NQ/TU"
    number: str | None  # "2502", "66.19"; None for unnumbered drafts
    year: int | None  # from the symbol, else the date
    type: str | None  # Vietnamese type name: "Kế hoạch", "Nghị quyết", ...
    type_code: str | None  # "KH", "NQ", ...
    date: str | None  # YYYY-MM-DD
    place: str | None  # "Tây Ninh"
    issuer: Issuer | None
    title: str | None
    implements: tuple[str, ...] = ()  # canonical symbols this document carries out
    unnumbered: bool = False  # a draft with a blank number ("…/KH-UBND")
    party: bool = False  # a Party document (symbol "number-TYPE/ISSUER")
    normative: bool = False  # văn bản quy phạm pháp luật ("number/year/TYPE-ISSUER")
    # Where each field was read: field name -> span.
    spans: Mapping[str, Span] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """A structural unit: part, item, point, article, clause, appendix..."""

    # "part", "item", "point", "bullet", "appendix", "chapter", "section", "article", "clause"
    kind: str
    label: str  # "I", "1.1", "a", "Điều 5", "PHỤ LỤC I"
    title: str
    start: int
    end: int
    parent: int | None = None  # index of the parent in Document.structure
    path: str = ""  # "III/1/b" -- how references and tasks name the unit they sit in


@dataclass(frozen=True)
class Reference:
    """A mention of another document by number and symbol."""

    text: str
    start: int
    end: int
    symbol: str  # canonical
    number: str | None
    year: int | None
    type: str | None  # Vietnamese type name
    type_code: str | None
    issuer_code: str | None  # "TTg", "HĐND", "TU"...
    date: str | None  # YYYY-MM-DD
    issuer: str | None  # issuer as stated ("Thủ tướng Chính phủ"), else None
    relation: str  # one of RELATIONS
    province: str | None = None  # scope of a local symbol, from context
    section: str | None = None  # Section.path of the unit it sits in
    in_table: bool = False
    party: bool = False


@dataclass(frozen=True)
class UnnumberedReference:
    """A document named without a number: "Luật Ngân sách nhà nước"."""

    text: str
    start: int
    end: int
    type: str | None = None
    name: str | None = None
    relation: str = "cites"
    section: str | None = None


@dataclass(frozen=True)
class StatedRelation:
    """A relation between two *other* documents, stated by this text."""

    subject: str  # canonical symbol
    relation: str
    object: str  # canonical symbol
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class AgencyRef:
    """An assignee as printed in a task: one body or a collective."""

    name: str  # the full (expanded) name
    text: str = ""  # as printed
    collective: bool = False
    province: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Task:
    """A task (nhiệm vụ) assigned by the document, from a table row or from prose."""

    number: str | None  # "3", "3.1"; None for an unnumbered prose task
    parent: str | None  # "3" for "3.1"
    group: str | None  # "I", "II" heading rows of the table
    group_title: str | None
    content: str
    lead: tuple[AgencyRef, ...]
    coordinators: tuple[AgencyRef, ...]
    timeframe: str | None  # as printed
    due: str | None  # YYYY-MM-DD, YYYY-MM or YYYY: the latest date it must be done by
    start_date: str | None  # normalized start of the time frame
    end_date: str | None  # normalized end of the time frame
    recurrence: str | None  # "annual", "quarterly", "monthly"
    product: str | None
    implements: tuple[str, ...]  # canonical symbols the task says it carries out
    source: TaskSource
    start: int
    end: int
    section: str | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)  # "lead", "product", ...
    # The time frame as time (issue 16; luocdo.loaders.timeframes.schedule): "deadline",
    # "interval", "recurring", "ongoing", "after_event", or None when nothing is printed.
    timeframe_kind: str | None = None
    rrule: str | None = None  # iCalendar RRULE value of a recurring task's due dates
    rrule_start: str | None = None  # YYYY-MM-DD: its DTSTART (the document's date)


@dataclass(frozen=True)
class Target:
    """A target (chỉ tiêu): what is measured, its value, unit and year."""

    text: str
    start: int
    end: int
    indicator: str | None
    value: str | None  # as printed, e.g. "1,5", "10 - 20", "39.000"
    unit: str | None  # "%", "doanh nghiệp", "người/vạn dân"
    year: int | None
    value_min: float | None = None
    value_max: float | None = None
    section: str | None = None


@dataclass(frozen=True)
class Agency:
    """A named body, once per document, with its printed aliases."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # "so", "bo", "ubnd", "hdnd", "party", "media", "other"
    province: str | None = None
    collective: bool = False
    start: int | None = None  # first mention
    end: int | None = None


@dataclass(frozen=True)
class ReportingDuty:
    """Who reports what, to whom, by when."""

    text: str
    start: int
    end: int
    what: str | None
    to: str | None
    due: str | None  # as printed: "trước ngày 05/12 hằng năm"
    reporter: str | None = None
    recurrence: str | None = None
    day_month: str | None = None  # "12-05" (MM-DD) when a day is stated
    rrule: str | None = None  # iCalendar RRULE value of its due dates (issue 16)
    rrule_start: str | None = None  # YYYY-MM-DD: its DTSTART (the document's date)


# What a report says became of a task (issue 16; luocdo.loaders.progress).
ProgressStatus = Literal["done", "in_progress", "not_started", "late"]
PROGRESS_STATUSES: tuple[str, ...] = ("done", "in_progress", "not_started", "late")


@dataclass(frozen=True)
class Progress:
    """A statement of progress: a report's row or sentence saying what became of a task."""

    status: str  # one of PROGRESS_STATUSES
    status_text: str  # the words the status was read from, as printed: "Hoàn thành"
    start: int  # the evidence: the table row or the sentence
    end: int
    source: TaskSource  # "table" (a progress table's row) or "prose"
    reported_document: str | None  # canonical symbol of the document whose task it reports on
    task_index: int | None = None  # index in Document.tasks of the row's task (tables)
    task_number: str | None = None  # the row's number as the report prints it
    task_content: str | None = None  # the task as the report words it
    # the row read as a task of the reported document, when it is no task of the report
    # itself (a progress table on another document, issue 15); else None
    task: Task | None = None
    result: str | None = None  # the result text ("Kết quả hiện nay"), as printed
    products: tuple[str, ...] = ()  # canonical symbols of documents it says were issued
    date: str | None = None  # YYYY-MM-DD: the report's date
    section: str | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)  # "status", "result"


@dataclass(frozen=True)
class PageRelated:
    """An entry of a legal portal's related-documents list (page metadata)."""

    text: str
    start: int
    end: int
    symbol: str | None = None


@dataclass(frozen=True)
class Document:
    """Everything extracted from one source text."""

    source: str
    text_length: int
    text_sha256: str
    document: DocumentInfo
    structure: tuple[Section, ...] = ()
    references: tuple[Reference, ...] = ()
    unnumbered_references: tuple[UnnumberedReference, ...] = ()
    stated_relations: tuple[StatedRelation, ...] = ()
    tasks: tuple[Task, ...] = ()
    targets: tuple[Target, ...] = ()
    agencies: tuple[Agency, ...] = ()
    reporting: tuple[ReportingDuty, ...] = ()
    page_related: tuple[PageRelated, ...] = ()
    warnings: tuple[str, ...] = ()
    progress: tuple[Progress, ...] = ()  # statements of progress, when it is a report


def to_json(obj: Any) -> Any:
    """The JSON-ready form of a model object (dicts, lists, str, int, None)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj
