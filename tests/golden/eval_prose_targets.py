"""Precision and recall of prose tasks and targets on hand-annotated corpus documents.

Run: ``.venv/bin/python tests/golden/eval_prose_targets.py`` (prints one line per document
and the micro-averaged figures). The annotations are in ``eval_annotations.json``; a
predicted task counts when it starts on an annotated line with one of the annotated leads,
a target when it sits on an annotated line with the annotated value.
"""

from __future__ import annotations

import json
from pathlib import Path

from luocdo.loaders import read
from luocdo.loaders.parse import parse
from luocdo.loaders.vietnamese import fold

HERE = Path(__file__).parent
SHARED = HERE.parents[2] / "shared"


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def main() -> None:
    data = json.loads((HERE / "eval_annotations.json").read_text(encoding="utf-8"))
    totals = {"task": [0, 0, 0], "target": [0, 0, 0], "due": [0, 0]}
    for entry in data["documents"]:
        text = read(SHARED / entry["file"])
        doc = parse(text)
        body = text.text
        ignore = set(entry.get("ignore", []))
        name = entry["file"].split("/")[-1][:12]
        if entry["tasks"] is not None:
            gold = {(line, i): (leads, due) for i, (line, leads, due) in enumerate(entry["tasks"])}
            predicted = [t for t in doc.tasks if t.source == "prose"]
            matched: set[tuple[int, int]] = set()
            tp = fp = 0
            for task in predicted:
                line = _line(body, task.start)
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
            print(f"{name} tasks  tp={tp} fp={fp} fn={fn}")
        gold_t = [(line, value) for line, value in entry["targets"]]
        if gold_t:
            left = list(gold_t)
            tp = fp = 0
            for target in doc.targets:
                key = (_line(body, target.start), (target.value or "").strip())
                if key in left:
                    left.remove(key)
                    tp += 1
                else:
                    fp += 1
            totals["target"][0] += tp
            totals["target"][1] += fp
            totals["target"][2] += len(left)
            print(f"{name} targets tp={tp} fp={fp} fn={len(left)}")
    for kind in ("task", "target"):
        tp, fp, fn = totals[kind]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind}: precision {p:.2f} recall {r:.2f} F1 {f:.2f} (tp={tp} fp={fp} fn={fn})")
    print(f"task deadlines right: {totals['due'][0]}/{totals['due'][1]}")


if __name__ == "__main__":
    main()
