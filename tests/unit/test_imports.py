"""What a command imports before it works: the readers and the heavy libraries only when
a command needs them (issue 13: `--help` and a trace start in well under a second)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY_FOR_A_TRACE = ("docx", "pdfminer", "bs4", "pyshacl", "owlready2", "fastapi",
                     "openpyxl", "networkx", "luocdo.loaders.parse", "luocdo.loaders.read")


def _imported(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_command_line_and_a_trace_do_not_import_the_readers_or_the_validator() -> None:
    modules = _imported("import luocdo.cli, luocdo.trace, luocdo.cli.trace, luocdo.identity")
    assert "luocdo.cli.trace" in modules and "luocdo.identity" in modules
    assert not modules & set(HEAVY_FOR_A_TRACE), sorted(modules & set(HEAVY_FOR_A_TRACE))


def test_the_verbs_of_the_readers_survive_an_import_of_their_modules() -> None:
    # `import luocdo.loaders.read` binds the name `read` on the package: the package keeps
    # the function there, whichever is imported first.
    out = subprocess.run([sys.executable, "-c",
                          "import luocdo.loaders.read, luocdo.loaders.parse\n"
                          "from luocdo import loaders\n"
                          "print(callable(loaders.read), callable(loaders.parse), "
                          "callable(loaders.read_bytes), loaders.read.__module__)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "luocdo.loaders.read"]


def test_a_graph_export_does_not_import_the_spreadsheet_writer() -> None:
    # openpyxl is 0.13 s of a `luocdo export --format graphml` of about 1 s: it is
    # imported when a workbook is written, not with the export package.
    modules = _imported("import luocdo.cli.export, luocdo.export, luocdo.export.sheets")
    assert "luocdo.export.sheets" in modules
    assert "openpyxl" not in modules
    assert "networkx" in modules  # the graph formats are networkx's writers


def test_labels_of_relations_come_without_building_the_ontology_graph() -> None:
    out = subprocess.run([sys.executable, "-c",
                          "import sys\nfrom luocdo.trace import relation_label\n"
                          "print(relation_label('implements'))\n"
                          "import luocdo.terms as t\n"
                          "print(t.ontology.cache_info().currsize)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["thực hiện", "0"]


def test_the_command_line_alone_does_not_import_rdflib() -> None:
    # `luocdo stats` reads counts the store keeps (17 ms): its time is the start-up, of
    # which rdflib (the 2025 succession data, read by tasks and succession) was 65 ms.
    modules = _imported("import luocdo.cli, luocdo.cli.stats, luocdo.cli.tasks")
    assert "rdflib" not in modules and "luocdo.succession" not in modules
