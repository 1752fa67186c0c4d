"""The status of a task as of a day, derived from reports and due dates (issue 16).

A status is never typed by hand and never stored: ``queries/task_status.rq`` derives it
for every task of a document from the task's due date and the progress statements of
the reports on it (:mod:`luocdo.loaders.progress`), one row per report; this module
keeps the deciding row of each task and says it in words. Every status points to its
evidence: the report's row or sentence, or, for a due date passed without a report, the
task's own place in its document.

The deciding row: a report that says the task is done (the newest such); else the
newest report by the day; else the due date alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
        evidence_document=_str(row.get("evidenceDocument")),
        evidence_start=_int(row.get("evidenceStart")), evidence_end=_int(row.get("evidenceEnd")),
        evidence_text=_str(row.get("evidenceText")))


def decide(rows: Iterable[Mapping[str, Any]], as_of: str) -> dict[str, TaskStatus]:
    """Task IRI -> its deciding row of ``task_status`` (see the module's docstring)."""
    by_task: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_task.setdefault(str(row["task"]), []).append(row)

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
