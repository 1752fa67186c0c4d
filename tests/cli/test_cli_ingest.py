"""``luocdo ingest`` and ``luocdo stats`` on the real documents, with broken files in the middle."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.store import Store
from tests.cli.stores import Ingested, corpus_store

runner = CliRunner()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Ingested:
    return corpus_store(tmp_path_factory, shared_dir)


def test_a_broken_file_fails_the_run_but_every_document_is_stored(
        ingested: Ingested, corpus_files: list[Path], seed_files: list[Path]) -> None:
    assert ingested.exit_code == 1, ingested.output
    lines = ingested.output.splitlines()
    failed = [line for line in lines if " failed " in line]
    assert len(failed) == 2
    assert any("010_empty.docx" in line for line in failed)
    assert any("011_not-a-pdf.pdf" in line for line in failed)
    added = [line for line in lines if line.startswith("+ added")]
    assert len(added) == len(corpus_files) + len(seed_files)
    # One summary line per file: symbol, tasks, references.
    plan = next(line for line in added if "000_d593de9037b50973.txt" in line)
    assert "2502/KH-UBND" in plan and " tasks " in plan and " references " in plan
    assert (f"{len(added) + 2} files: {len(added)} added, 0 replaced, 0 unchanged, 0 duplicate, "
            "2 failed") in ingested.output
    with Store.open(ingested.store, read_only=True) as store:
        assert store.stats().documents == len(added)


def test_stats_reports_counts_and_what_failed_last(
        ingested: Ingested, corpus_files: list[Path], seed_files: list[Path]) -> None:
    # every real file is one document of its own (INDEX.md names one per file)
    documents = len(corpus_files) + len(seed_files)
    result = runner.invoke(app, ["stats", "--store", str(ingested.store)])
    assert result.exit_code == 0, result.output
    assert f"documents ingested    {documents}" in result.output
    assert "010_empty.docx" in result.output and "011_not-a-pdf.pdf" in result.output
    data = json.loads(runner.invoke(app, ["stats", "--store", str(ingested.store),
                                          "--format", "json"]).output)
    assert data["documents"] == documents and data["tasks"] > 300 and data["cited_only"] > 50
    # documents repeat facts about what they share (569/QĐ-TTg's number, agencies' names):
    # the named graphs hold more quads than the merged default graph holds triples
    assert data["quads"] > data["triples"] > 0
    assert "quads (named graphs)" in result.output
    failures = [f for f in data["last_ingest"]["files"] if f["status"] == "failed"]
    assert {Path(f["path"]).name for f in failures} == {"010_empty.docx", "011_not-a-pdf.pdf"}
    assert all(f["error"] for f in failures)


def test_stats_on_a_missing_store_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no store here" in result.output


def test_a_path_that_does_not_exist_fails_the_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"),
                                 "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_the_installed_script_ingests_and_traces(tmp_path: Path, seed_files: list[Path]) -> None:
    script = Path(sys.executable).parent / "luocdo"
    store = tmp_path / "store"
    ingest = subprocess.run([str(script), "ingest", *map(str, seed_files), "--store", str(store)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert ingest.returncode == 0, ingest.stderr
    assert "2 files: 2 added" in ingest.stdout
    again = subprocess.run([str(script), "ingest", *map(str, seed_files)],
                           capture_output=True, text=True, timeout=300, check=False,
                           env={"LUOCDO_STORE": str(store), "PATH": ""})
    assert again.returncode == 0, again.stderr
    assert "2 files: 0 added, 0 replaced, 2 unchanged, 0 duplicate, 0 failed" in again.stdout
    trace = subprocess.run([str(script), "trace", "down", "08-NQ/TU", "--store", str(store)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert trace.returncode == 0, trace.stderr
    assert "Kế hoạch 2502/KH-UBND" in trace.stdout


def test_a_copy_of_a_document_in_the_same_run_is_a_duplicate_not_a_failure(
        tmp_path: Path, seed_files: list[Path]) -> None:
    plan = seed_files[0]  # 000_…: Kế hoạch 2502/KH-UBND of Tây Ninh
    copy = tmp_path / "copy.txt"
    copy.write_bytes(plan.read_bytes())
    result = runner.invoke(app, ["ingest", str(plan), str(copy), "--no-validate",
                                 "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert (f"≡ duplicate copy.txt: same document as {plan.name} (2502/KH-UBND), kept "
            f"{plan.name}: first in the run; same content") in result.output
    assert "2 files: 1 added, 0 replaced, 0 unchanged, 1 duplicate, 0 failed" in result.output


def test_the_report_names_what_the_reader_could_not_read(tmp_path: Path,
                                                         shared_dir: Path) -> None:
    # corpus/040's appendix: four rows where a cell merged across two columns leaves 6 cells
    # under the 7 columns of the header (STT ¦ Nhiệm vụ ¦ Sản phẩm ¦ Thời gian hoàn thành ¦
    # Chủ trì ¦ Phối hợp ¦ Theo dõi); the reader says so, with the place
    plan = next((shared_dir / "corpus").glob("040_*.txt"))
    result = runner.invoke(app, ["ingest", str(plan), "--store", str(tmp_path / "s"),
                                 "--no-validate"])
    assert result.exit_code == 0, result.output
    warnings = [line.strip() for line in result.output.splitlines()
                if line.strip().startswith("⚠")]
    assert len(warnings) == 4
    assert all(re.match(r"⚠ table row at \d+: 6 cells under a header of 7 columns", w)
               for w in warnings), warnings
    log = json.loads(runner.invoke(app, ["stats", "--store", str(tmp_path / "s"),
                                         "--format", "json"]).output)["last_ingest"]
    assert len(log["files"][0]["warnings"]) == 4
