"""Ingest: files and folders, one transaction per file, failures reported, idempotent."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from luocdo.errors import ExtractionError
from luocdo.ingest import Converted, collect, ingest_paths
from luocdo.model import Document, DocumentInfo
from luocdo.store import Store
from tests.conftest import SEED_TAY_NINH

LO = rdflib.Namespace("https://w3id.org/luocdo/ontology#")
ID = "https://w3id.org/luocdo/id/eli/vn-test/kh/2024/"


def fake_converter(path: Path) -> Converted:
    """A stand-in for read -> parse -> to_graph over tiny files "number tasks [cites]"."""
    text = path.read_text(encoding="utf-8").strip()
    parts = text.split()
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
        raise ExtractionError("expected 'number tasks [cited-number]'", source=str(path),
                              where="line 1")
    number, tasks = parts[0], int(parts[1])
    doc_iri = URIRef(ID + number + "/ubnd")
    g = rdflib.Graph()
    g.add((doc_iri, RDF.type, LO.Plan))
    g.add((doc_iri, LO.symbol, Literal(f"{number}/KH-UBND")))
    g.add((doc_iri, LO.sourceText, URIRef(f"{doc_iri}/source")))
    for n in range(1, tasks + 1):
        g.add((doc_iri, LO.hasTask, URIRef(f"{doc_iri}/task/{n}")))
        g.add((URIRef(f"{doc_iri}/task/{n}"), RDF.type, LO.Task))
    if len(parts) > 2:
        cited = URIRef(ID + parts[2] + "/ubnd")
        g.add((doc_iri, LO.implements, cited))
        g.add((cited, LO.symbol, Literal(f"{parts[2]}/KH-UBND")))  # stub fact
    info = DocumentInfo(symbol=f"{number}/KH-UBND", number=number, year=2024, type="Kế hoạch",
                        type_code="KH", date=None, place=None, issuer=None, title=None)
    doc = Document(source=str(path), text_length=len(text), text_sha256="", document=info)
    return Converted(document=doc, document_iri=str(doc_iri), graph_iri=f"{doc_iri}/graph",
                     graph=g)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("1 3", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("2 2 1", encoding="utf-8")
    (folder / "c.txt").write_text("not a document", encoding="utf-8")
    (folder / "d.txt").write_text("4 1 2", encoding="utf-8")
    (folder / "INDEX.md").write_text("# index", encoding="utf-8")
    (folder / ".hidden.txt").write_text("9 9", encoding="utf-8")
    return folder


def test_collect_walks_folders_and_skips_non_documents(files: Path) -> None:
    found, problems = collect([files, files / "a.txt", files / "INDEX.md", files / "missing.txt"])
    assert [p.relative_to(files).as_posix() for p in found] == [
        "a.txt", "c.txt", "d.txt", "sub/b.html"]
    assert [Path(p.path).name for p in problems] == ["INDEX.md", "missing.txt"]
    assert "not a document format" in (problems[0].error or "")
    assert "no such file" in (problems[1].error or "")


def test_a_failing_file_is_reported_and_the_others_are_stored(files: Path) -> None:
    store = Store.memory()
    seen: list[tuple[int, int, str]] = []
    report = ingest_paths([files], store, converter=fake_converter,
                          on_progress=lambda done, total, r: seen.append((done, total, r.status)))
    assert [(Path(f.path).name, f.status) for f in report.files] == [
        ("a.txt", "added"), ("c.txt", "failed"), ("d.txt", "added"), ("b.html", "added")]
    failure = report.failed[0]
    assert failure.error is not None and "c.txt: line 1: expected" in failure.error
    assert failure.error_kind == "extraction_failed"
    assert [s[:2] for s in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert store.stats().documents == 3
    assert store.stats().tasks == 6
    assert store.read_log() == report.to_json()


def test_a_failure_loses_nothing_already_stored(files: Path) -> None:
    store = Store.memory()
    ingest_paths([files / "a.txt"], store, converter=fake_converter)
    before = store.quads()
    (files / "a.txt").write_text("garbage", encoding="utf-8")
    report = ingest_paths([files / "a.txt"], store, converter=fake_converter)
    assert not report.ok
    assert store.quads() == before


def test_an_unexpected_error_in_a_stage_is_reported_not_raised(files: Path) -> None:
    def broken(path: Path) -> Converted:
        raise ZeroDivisionError("division by zero")

    report = ingest_paths([files / "a.txt"], Store.memory(), converter=broken)
    assert report.files[0].error_kind == "internal"
    assert "ZeroDivisionError" in (report.files[0].error or "")


def test_ingesting_twice_changes_nothing(files: Path) -> None:
    store = Store.memory()
    ingest_paths([files], store, converter=fake_converter)
    before = store.quads()
    again = ingest_paths([files], store, converter=fake_converter)
    assert store.quads() == before
    assert {f.status for f in again.files if not f.failed} == {"unchanged"}


def test_order_does_not_matter(files: Path) -> None:
    paths = [files / "a.txt", files / "sub" / "b.html", files / "d.txt"]
    forward, backward = Store.memory(), Store.memory()
    for p in paths:
        ingest_paths([p], forward, converter=fake_converter)
    for p in reversed(paths):
        ingest_paths([p], backward, converter=fake_converter)
    assert forward.quads() == backward.quads()


def test_a_changed_file_replaces_its_document(files: Path) -> None:
    store = Store.memory()
    ingest_paths([files / "a.txt"], store, converter=fake_converter)
    (files / "a.txt").write_text("1 1", encoding="utf-8")
    report = ingest_paths([files / "a.txt"], store, converter=fake_converter)
    assert report.files[0].status == "replaced"
    assert store.stats().tasks == 1


def test_two_files_of_one_document_in_a_run_keep_the_first_and_report_the_other(
        tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("7 1", encoding="utf-8")
    (tmp_path / "y.txt").write_text("7 2", encoding="utf-8")
    store = Store.memory()
    report = ingest_paths([tmp_path], store, converter=fake_converter)
    assert [f.status for f in report.files] == ["added", "duplicate"]
    assert report.ok  # a duplicate does not fail the run
    second = report.files[1]
    assert second.kept == str(tmp_path / "x.txt")
    assert second.note == ("same document as x.txt (7/KH-UBND), kept x.txt: first in the run; "
                           "its content differs and is not stored")
    assert store.stats().tasks == 1  # x.txt's version, not y.txt's two tasks


def test_the_first_file_in_the_order_given_is_kept(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("7 1", encoding="utf-8")
    (tmp_path / "y.txt").write_text("7 2", encoding="utf-8")
    store = Store.memory()
    report = ingest_paths([tmp_path / "y.txt", tmp_path / "x.txt"], store,
                          converter=fake_converter)
    assert [(Path(f.path).name, f.status) for f in report.files] == [
        ("y.txt", "added"), ("x.txt", "duplicate")]
    assert store.stats().tasks == 2


def test_a_duplicate_with_the_same_content_says_so_and_is_not_validated(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "plan.txt").write_text("7 1", encoding="utf-8")
    (tmp_path / "b" / "plan.txt").write_text("7 1", encoding="utf-8")
    report = ingest_paths([tmp_path], Store.memory(), converter=fake_converter, validate=True)
    first, second = report.files
    assert (first.status, second.status) == ("added", "duplicate")
    # one name in two folders: the note gives the kept file's path
    kept = str(tmp_path / "a" / "plan.txt")
    assert second.note == (f"same document as {kept} (7/KH-UBND), kept {kept}: first in the "
                           "run; same content")
    assert first.validation is not None and second.validation is None


def test_a_duplicate_of_a_file_that_failed_is_stored(tmp_path: Path) -> None:
    def flaky(path: Path) -> Converted:
        if path.name == "x.txt":
            raise ExtractionError("unreadable", source=str(path))
        return fake_converter(path)

    (tmp_path / "x.txt").write_text("7 1", encoding="utf-8")
    (tmp_path / "y.txt").write_text("7 2", encoding="utf-8")
    report = ingest_paths([tmp_path], Store.memory(), converter=flaky)
    assert [f.status for f in report.files] == ["failed", "added"]


def test_a_copy_under_another_name_is_unchanged_and_the_store_keeps_its_version(
        files: Path) -> None:
    store = Store.memory()
    ingest_paths([files / "a.txt"], store, converter=nameful(fake_converter))
    before = store.quads()
    (files / "copy.txt").write_text("1 3", encoding="utf-8")
    report = ingest_paths([files / "copy.txt"], store, converter=nameful(fake_converter))
    assert report.files[0].status == "unchanged"
    assert report.files[0].note == ("same content as the stored version, read from a.txt; "
                                    "that version is kept")
    assert store.quads() == before


def nameful(converter: Callable[[Path], Converted]) -> Callable[[Path], Converted]:
    """``converter`` whose graphs also name the file, as the graph mapping does."""
    def convert(path: Path) -> Converted:
        out = converter(path)
        source = URIRef(out.document_iri + "/source")
        out.graph.add((source, LO.fileName, Literal(path.name)))
        return out
    return convert


# ---------------------------------------------------------------- the real pipeline


@pytest.fixture(scope="module")
def real_files(seed_files: list[Path], corpus_files: list[Path]) -> list[Path]:
    """The seeds and the NQ 57 family of the corpus (they cite each other)."""
    return [*seed_files, *(p for p in corpus_files if p.name[:3] in ("001", "002", "003", "004"))]


@pytest.fixture(scope="module")
def converted(real_files: list[Path]) -> dict[Path, Converted]:
    """Each real file through read -> parse -> to_graph, once."""
    from luocdo.ingest import convert

    return {p: convert(p) for p in real_files}


def test_real_documents_twice_give_the_same_store(converted: dict[Path, Converted]) -> None:
    store = Store.memory()
    first = ingest_paths(list(converted), store, converter=converted.__getitem__)
    assert first.ok, first.failed
    before = store.quads()
    again = ingest_paths(list(converted), store, converter=converted.__getitem__)
    assert [f.status for f in again.files] == ["unchanged"] * len(converted)
    assert store.quads() == before


def test_real_documents_in_any_order_give_the_same_store(
        converted: dict[Path, Converted]) -> None:
    forward, backward = Store.memory(), Store.memory()
    files = list(converted)
    for path in files:
        ingest_paths([path], forward, converter=converted.__getitem__)
    for path in reversed(files):
        ingest_paths([path], backward, converter=converted.__getitem__)
    assert forward.quads() == backward.quads()
    # The cited 569/QĐ-TTg is one node for both seeds.
    rows = forward.select("SELECT DISTINCT ?key ?d WHERE { ?d lo:symbolKey ?key }",
                          bindings={"key": "569/qd-ttg"})
    assert len(rows) == 1


def test_an_nfd_copy_of_a_real_document_is_unchanged(tmp_path: Path) -> None:
    from luocdo.ingest import convert

    original = SEED_TAY_NINH.read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", original)
    assert nfd != original  # the copy really is in another form: the test means something
    same_name = tmp_path / "nfd" / SEED_TAY_NINH.name
    same_name.parent.mkdir()
    same_name.write_text(nfd, encoding="utf-8")
    other_name = tmp_path / "kế-hoạch-2502-nfd.txt"  # the name itself in NFD too
    other_name = other_name.with_name(unicodedata.normalize("NFD", other_name.name))
    other_name.write_text(nfd, encoding="utf-8")

    store = Store.memory()
    first = ingest_paths([SEED_TAY_NINH], store, converter=convert)
    assert [f.status for f in first.files] == ["added"]
    before = store.quads()
    again = ingest_paths([same_name], store, converter=convert)
    assert [(f.status, f.symbol, f.note) for f in again.files] == [
        ("unchanged", "2502/KH-UBND", None)]
    copy = ingest_paths([other_name], store, converter=convert)
    assert [(f.status, f.note) for f in copy.files] == [
        ("unchanged", f"same content as the stored version, read from {SEED_TAY_NINH.name}; "
                      "that version is kept")]
    assert store.quads() == before


def test_a_real_document_whose_text_changed_is_replaced(tmp_path: Path) -> None:
    from luocdo.ingest import convert

    lines = SEED_TAY_NINH.read_text(encoding="utf-8").splitlines(keepends=True)
    shorter = tmp_path / SEED_TAY_NINH.name
    shorter.write_text("".join(lines[:120]), encoding="utf-8")  # header kept, end cut off
    store = Store.memory()
    ingest_paths([SEED_TAY_NINH], store, converter=convert)
    report = ingest_paths([shorter], store, converter=convert)
    assert [(f.status, f.symbol) for f in report.files] == [("replaced", "2502/KH-UBND")]
