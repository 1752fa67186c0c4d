"""Reading time of hostile and large inputs: the read stage is linear (issue 11).

    .venv/bin/python bench/bench_read_limits.py [--shared ../shared] [--parse]

Prints wall and CPU seconds of ``read_bytes`` on HTML nested 1,000 and 10,000
deep, a 5 MB one-line file and a 5 MB real text (corpus files concatenated):
under the default limits (a deep page or a long line is refused at once) and
with the limits raised out of the way (the reader's own work: ten times the
input, about ten times the time). ``--parse`` also times the parse stage on
the inputs that read (slow on a 5 MB line with raised limits: references.py
looks for the line of each mention with rfind, a scan back to the line start;
the line limit keeps that small). Asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from pathlib import Path

from luocdo.errors import InputError
from luocdo.loaders import parse, read_bytes
from luocdo.loaders.limits import ReadLimits

RAISED = ReadLimits(max_bytes=10**9, max_chars=10**9, max_line_chars=10**9, max_depth=10**6)


def _nested(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "Điều 1." + "</div>" * depth
            + "</body></html>").encode()


def _nested_tables(depth: int) -> bytes:
    return ("<html><body>" + "<table><tr><td>" * depth + "Điều 1."
            + "</td></tr></table>" * depth + "</body></html>").encode()


def _timed(run: Callable[[], object]) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        run()
        outcome = "read"
    except InputError as exc:
        outcome = "refused: " + str(exc).split(": ", 2)[-1][:80]
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--parse", action="store_true", help="time the parse stage as well")
    args = parser.parse_args()

    corpus = b"\n".join(p.read_bytes() for p in sorted((args.shared / "corpus").glob("*.txt")))
    real = corpus
    while len(real) < 5_000_000:
        real += b"\n" + corpus
    real = real[:5_000_000].rsplit(b"\n", 1)[0]
    inputs: list[tuple[str, str, bytes]] = [
        ("HTML nested 1,000 deep", "a.html", _nested(1_000)),
        ("HTML nested 10,000 deep", "a.html", _nested(10_000)),
        ("HTML table nested 500 deep", "a.html", _nested_tables(500)),
        ("HTML table nested 5,000 deep", "a.html", _nested_tables(5_000)),
        ("5 MB one line of symbols", "a.txt", "§|<>*".encode() * 1_000_000),
        ("5 MB one line of doc. symbols", "a.txt", b"348/KH-UBND, " * 384_615),
        ("5 MB one line: blanks then x", "a.txt", b" " * 5_000_000 + b"x"),
        ("5 MB real text (corpus x N)", "a.txt", real),
    ]
    print(f"{'input':32} {'bytes':>10} {'limits':8} {'wall s':>7} {'cpu s':>7}  outcome")
    for label, name, data in inputs:
        for limits_name, limits in (("default", ReadLimits()), ("raised", RAISED)):
            wall, cpu, outcome = _timed(functools.partial(read_bytes, data, name, limits=limits))
            print(f"{label:32} {len(data):>10,} {limits_name:8} {wall:7.2f} {cpu:7.2f}  "
                  f"{outcome}")
            if args.parse and outcome == "read":
                text = read_bytes(data, name, limits=limits)
                wall, cpu, outcome = _timed(functools.partial(parse, text))
                print(f"{'  then parse':32} {'':>10} {limits_name:8} {wall:7.2f} {cpu:7.2f}  "
                      f"{outcome}")


if __name__ == "__main__":
    main()
