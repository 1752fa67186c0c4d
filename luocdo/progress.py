"""The status of a task as of a day, derived from reports and due dates (issue 16).

A status is never typed by hand and never stored: ``queries/task_status.rq`` derives it
for every task of a document from the task's due date and the progress statements of
the reports on it (:mod:`luocdo.loaders.progress`), one row per report; this module
keeps the deciding row of each task and says it in words. Every status points to its
evidence: the report's row or sentence, or, for a due date passed without a report, the
task's own place in its document.

The deciding row: a report that says the task is done (the newest such); else the
newest report by the day; else the due date alone.

A report on a document that is ingested too names the task as the report words it,
under the document (a task known from the report, ``lo:knownFrom``). The document's own
task takes that task's reports when they are the same task: the same wording once
folded (case, diacritics, punctuation), or the same number and the same first words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from luocdo.loaders.vietnamese import fold

STATUSES = ("done", "in_progress", "overdue", "not_yet_due", "no_information")
# What the CLI and the pages print (vi), beside the code.
STATUS_LABELS: dict[str, str] = {
    "done": "hoàn thành",
    "in_progress": "đang thực hiện",
    "overdue": "quá hạn",
    "not_yet_due": "chưa đến hạn",
    "no_information": "chưa có thông tin",
}


@dataclass(frozen=True)
class TaskStatus:
    """A task's status on a day and what says so."""

    task: str  # IRI
    status: str  # one of STATUSES
    as_of: str  # YYYY-MM-DD
    due: str | None = None  # the due date as a day (a month or year counts as its last day)
    reported_status: str | None = None  # what the report says: done, in_progress, ...
    status_text: str | None = None  # the report's words: "Hoàn thành"
    statement: str | None = None  # IRI of the progress statement, None: the due date alone
    report: str | None = None  # IRI of the report
    report_symbol: str | None = None
    statement_date: str | None = None
    reported_number: str | None = None  # the row's number in the report
    products: tuple[str, ...] = ()  # symbols of the documents the report says were issued
    known_from: str | None = None  # the report a task is known from (its document not read)
    same_as: str | None = None  # the task known from a report whose reports this one took
    evidence_document: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    evidence_text: str | None = None

    @property
    def label(self) -> str:
        """The status in Vietnamese: ``hoàn thành``, ``quá hạn``..."""
        return STATUS_LABELS[self.status]


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _status(row: Mapping[str, Any], as_of: str) -> TaskStatus:
    return TaskStatus(
        task=str(row["task"]), status=str(row["status"]), as_of=as_of,
        due=_str(row.get("dueBy")), reported_status=_str(row.get("reportedStatus")),
        status_text=_str(row.get("statusText")), statement=_str(row.get("statement")),
        report=_str(row.get("report")), report_symbol=_str(row.get("reportSymbol")),
        statement_date=_str(row.get("statementDate")),
        reported_number=_str(row.get("reportedNumber")),
        products=tuple(p for p in str(row.get("products") or "").split("; ") if p),
        known_from=_str(row.get("knownFrom")) if row.get("task") == row.get("ownTask") else None,
        same_as=None if row.get("task") == row.get("ownTask") else _str(row.get("ownTask")),
        evidence_document=_str(row.get("evidenceDocument")),
        evidence_start=_int(row.get("evidenceStart")), evidence_end=_int(row.get("evidenceEnd")),
        evidence_text=_str(row.get("evidenceText")))


# How many first words of two tasks with the same number must agree to be one task.
_OPENING_WORDS = 6


def _wording(content: Any) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(str(content or ""))).split())


def same_task(own: Mapping[str, Any], known: Mapping[str, Any]) -> bool:
    """Whether a task known from a report is the document's own task ``own``: the same
    wording, or the same number and the same first words.

    >>> same_task({"content": "Xây dựng Kế hoạch."}, {"content": "xây dựng kế hoạch"})
    True
    >>> same_task({"taskNumber": "3", "content": "Tổ chức tuyên truyền, quán triệt"},
    ...           {"reportedNumber": "3", "content": "Tổ chức tuyên truyền quán triệt Nghị"})
    True
    """
    mine, theirs = _wording(own.get("content")), _wording(known.get("content"))
    if mine and mine == theirs:
        return True
    number = own.get("taskNumber")
    opening = mine.split()[:_OPENING_WORDS]
    return bool(number) and number == known.get("reportedNumber") \
        and len(opening) >= 3 and theirs.split()[:len(opening)] == opening


def decide(rows: Iterable[Mapping[str, Any]], as_of: str) -> dict[str, TaskStatus]:
    """Task IRI -> its deciding row of ``task_status`` (see the module's docstring)."""
    by_task: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_task.setdefault(str(row["task"]), []).append({**row, "ownTask": row["task"]})
    # A task known from a report lends its reports to the document's own same task.
    known = [r for found in by_task.values() for r in found
             if r.get("knownFrom") and r.get("statement")]
    for task, found in by_task.items():
        if any(r.get("knownFrom") for r in found):
            continue
        own = found[0]
        for twin in known:
            if same_task(own, twin):
                passed = own.get("status") == "overdue" and not own.get("statement")
                status = twin["status"] if twin["status"] == "done" or not passed \
                    else "overdue"
                found.append({**twin, "task": task, "taskNumber": own.get("taskNumber"),
                              "dueBy": own.get("dueBy"), "status": status})

    def rank(row: Mapping[str, Any]) -> int:
        stated = row.get("statement") is not None
        return 0 if row.get("status") == "done" and stated else 1 if stated else 2

    out: dict[str, TaskStatus] = {}
    for task, found in by_task.items():
        # newest first, so that the first row of the best rank is the newest of it
        found = sorted(found, key=lambda r: str(r.get("statementDate") or ""), reverse=True)
        best = min(found, key=rank)
        out[task] = _status(best, as_of)
    return out


def today() -> str:
    """Today's date as ``YYYY-MM-DD`` (the default day of a status)."""
    return dt.date.today().isoformat()


def task_statuses(store: Any, document: str, *, as_of: str | None = None
                  ) -> dict[str, TaskStatus]:
    """The status of every task of ``document`` (an IRI or a number and symbol) on
    ``as_of`` (``YYYY-MM-DD``; today when None), by ``queries/task_status.rq``."""
    from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/

    day = as_of or today()
    result = queries.run(store, "task_status", document=document, as_of=day)
    return decide(result.rows, day)
