"""parse(text) -> Document: run the extraction stages in order.

Each stage is a pure function of the normalized text and of what earlier
stages found:

1. page metadata (a legal portal's related-documents list) is set apart;
2. the header gives the document's identity, the structure its units;
3. references, unnumbered references and relations stated between other documents;
4. tasks (tables and prose), then agencies, targets and reporting duties;
5. statements of progress (a report's progress tables and prose, issue 16).
"""

from __future__ import annotations

import dataclasses
import hashlib

from luocdo.errors import ExtractionError
from luocdo.loaders import (
    agencies,
    header,
    page_metadata,
    progress,
    references,
    reporting,
    structure,
    targets,
    task_tables,
    tasks,
    timeframes,
)
from luocdo.loaders.read import normalize
from luocdo.model import Document, Text

_OPENING_ENDS = frozenset({"part", "chapter", "section", "article", "item", "appendix"})


def parse(text: Text | str, *, source: str | None = None) -> Document:
    """Extract the document model from normalized text (a :class:`Text` or a string).

    A plain string is normalized first, so offsets always point into the
    normalized text. Raises :class:`~luocdo.errors.ExtractionError` when the text
    is empty.
    """
    if isinstance(text, Text):
        body, src, warnings = text.text, source or text.source, list(text.warnings)
    else:
        body, src, warnings = normalize(text), source or "<string>", []
    if not body.strip():
        raise ExtractionError("the text is empty; expected a Vietnamese legal document",
                              source=src)

    related, exclude = page_metadata.page_related(body)
    info, header_warnings = header.parse_header(body)
    warnings += header_warnings
    start = header.body_start(body)
    units = structure.parse_structure(body, body_start=start)
    # Recipients and signatures are neither references nor tasks; what follows them
    # (an appendix, a regulation issued with a decision) is document text again.
    exclude = [*exclude, *header.signature_blocks(body, start)]
    province = info.issuer.province if info.issuer else None

    refs, unnumbered, stated = references.find_references(
        body, info=info, structure=units, exclude=exclude, section_at=structure.section_at)
    # The document's own "implements" are read from its title and opening, before the
    # first numbered unit of the body (I., 1., Chương, Điều, PHỤ LỤC).
    first_unit = min((u.start for u in units if u.kind in _OPENING_ENDS), default=len(body))
    implements = references.document_implements(refs, info, max(first_unit, start))
    info = dataclasses.replace(info, implements=implements)

    found_tasks, task_warnings = tasks.find_tasks(
        body, structure=units, province=province, exclude=exclude,
        section_at=structure.section_at, references=refs)
    warnings += task_warnings
    found_tasks, timeframe_warnings = timeframes.date_tasks(found_tasks, info.date)
    warnings += timeframe_warnings
    found_agencies = agencies.collect_agencies(
        body, tasks=found_tasks, province=province, exclude=exclude)
    found_targets = targets.find_targets(
        body, structure=units, exclude=exclude, section_at=structure.section_at)
    warnings += task_tables.unread_indicator_tables(body, [(t.start, t.end) for t in found_targets])
    duties = reporting.find_reporting(body, structure=units, exclude=exclude, province=province)
    duties = timeframes.date_duties(duties, info.date)

    # the rows of a progress table on another document are no tasks of this one
    found_progress, found_tasks = progress.find_progress(
        body, info=info, tasks=found_tasks, references=refs, structure=units, exclude=exclude,
        body_start=start, section_at=structure.section_at)

    if info.symbol is None and not info.unnumbered:
        warnings.append("no number and symbol (Số: …) found in the header")
    return Document(
        source=src,
        text_length=len(body),
        text_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        document=info,
        structure=units,
        references=refs,
        unnumbered_references=unnumbered,
        stated_relations=stated,
        tasks=found_tasks,
        targets=found_targets,
        agencies=found_agencies,
        reporting=duties,
        page_related=related,
        warnings=tuple(warnings),
        progress=found_progress,
    )
