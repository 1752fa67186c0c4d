"""Precision and recall of prose tasks and targets on hand-annotated corpus documents.

Run: ``.venv/bin/python tests/golden/eval_prose_targets.py`` (prints one line per document
and the micro-averaged figures). The annotations are in ``eval_annotations.json``; a
predicted task counts when it starts on an annotated line with one of the annotated leads,
a target when it sits on an annotated line with the annotated value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from luocdo.loaders import read
from luocdo.loaders.parse import parse
from luocdo.loaders.vietnamese import fold

HERE = Path(__file__).parent
SHARED = HERE.parents[2] / "shared"


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _file_line(raw: str, body: str, pos: int) -> int:
    """The line of the file (as annotated) where ``body[pos:]`` starts: the reader may join
    or drop lines (page numbers, footnotes), so the text is looked up in the file."""
    line_start = body.rfind("\n", 0, pos) + 1
    snippet = body[line_start:body.find("\n", pos) if "\n" in body[pos:] else len(body)]
    snippet = snippet.strip()[:40]
    near = _line(body, pos)
    if not snippet:
        return near
    lines = [_line(raw, m.start()) for m in re.finditer(re.escape(snippet), raw)]
    # a line printed twice: the occurrence nearest to where the reader has it
    return min(lines, key=lambda n: abs(n - near)) if lines else near


def main() -> None:
    data = json.loads((HERE / "eval_annotations.json").read_text(encoding="utf-8"))
    totals = {"task": [0, 0, 0], "target": [0, 0, 0], "due": [0, 0], "year": [0, 0]}
    for entry in data["documents"]:
        text = read(SHARED / entry["file"])
        doc = parse(text)
        body = text.text
        raw = unicodedata.normalize("NFC", (SHARED / entry["file"]).read_text(encoding="utf-8"))
        ignore = set(entry.get("ignore", []))
        name = entry["file"].split("/")[-1][:12]
        first, last = entry.get("lines", [1, body.count("\n") + 1])
        if entry["tasks"] is not None:
            gold = {(line, i): (leads, due) for i, (line, leads, due) in enumerate(entry["tasks"])}
            predicted = [t for t in doc.tasks if t.source == "prose"
                         and first <= _file_line(raw, body, t.start) <= last]
            matched: set[tuple[int, int]] = set()
            tp = fp = 0
            for task in predicted:
                line = _file_line(raw, body, task.start)
                names = [fold(a.name) for a in task.lead]
                hit = next((key for key, (leads, _due) in gold.items() if key[0] == line
                            and key not in matched
                            and any(n.startswith(g) for n in names for g in leads)), None)
                if hit is not None:
                    matched.add(hit)
                    tp += 1
                    due = gold[hit][1]
                    if due is not None:
                        totals["due"][1] += 1
                        totals["due"][0] += int(task.due == due)
                elif line not in ignore:
                    fp += 1
            fn = len(gold) - len(matched)
            for i, v in enumerate((tp, fp, fn)):
                totals["task"][i] += v
            held = " (held out)" if entry.get("held_out") else ""
            print(f"{name} tasks  tp={tp} fp={fp} fn={fn}{held}")
        gold_t = [(t[0], t[1]) for t in entry["targets"]]
        years = {(t[0], t[1]): t[2] for t in entry["targets"] if len(t) > 2}
        if gold_t:
            left = list(gold_t)
            tp = fp = 0
            for target in doc.targets:
                line = _file_line(raw, body, target.start)
                if not first <= line <= last:
                    continue
                key = (line, (target.value or "").strip())
                if key in left:
                    left.remove(key)
                    tp += 1
                    if key in years:
                        totals["year"][1] += 1
                        totals["year"][0] += int(target.year == years[key])
                else:
                    fp += 1
            totals["target"][0] += tp
            totals["target"][1] += fp
            totals["target"][2] += len(left)
            held = " (held out)" if entry.get("held_out") else ""
            print(f"{name} targets tp={tp} fp={fp} fn={len(left)}{held}")
    for kind in ("task", "target"):
        tp, fp, fn = totals[kind]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind}: precision {p:.2f} recall {r:.2f} F1 {f:.2f} (tp={tp} fp={fp} fn={fn})")
    print(f"task deadlines right: {totals['due'][0]}/{totals['due'][1]}")
    print(f"target years right: {totals['year'][0]}/{totals['year'][1]}")


if __name__ == "__main__":
    main()
