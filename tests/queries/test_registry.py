"""The query registry: headers, parameter binding, injection, folding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from luocdo import queries
from luocdo.errors import LuocdoError, NotFoundError, QueryError
from luocdo.loaders.vietnamese import fold

GOOD = """#+ summary: A test query.
#+ param document: document -- the document
#+ param when?: date = 2025 -- a date
#+   spread over two lines
#+ returns: rows
#+ view: table
SELECT ?document ?when WHERE { }
"""


def _header(tmp_path: Path, text: str) -> queries.NamedQuery:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return queries.parse_header(path, text)


def test_header_is_read(tmp_path: Path) -> None:
    q = _header(tmp_path, GOOD)
    assert q.summary == "A test query."
    assert [p.name for p in q.params] == ["document", "when"]
    assert q.params[0].required and not q.params[1].required
    assert q.params[1].default == "2025"
    assert q.params[1].description == "a date spread over two lines"


@pytest.mark.parametrize(
    ("bad", "line", "expected"),
    [
        ("#+ param document: thing -- x\n", 2, "unknown type 'thing'"),
        ("#+ colour: red\n", 2, "unknown key 'colour'"),
        ("#+ view: pie\n", 2, "view 'pie'"),
        ("#+ param x: integer -- no range\n", 2, "integer(MIN..MAX)"),
        ("#+ param document: string\n", 3, "declared twice"),
        ("#+ param d: string = 1\n", 2, "mark it optional"),
        ("#+ just words\n", 2, "expected '#+ key: value'"),
    ],
)
def test_bad_header_names_path_and_line(tmp_path: Path, bad: str, line: int, expected: str) -> None:
    lines = GOOD.splitlines(keepends=True)
    if "declared twice" in expected:  # after the first declaration
        text = "".join(lines[:2]) + bad + "".join(lines[2:])
    else:
        text = lines[0] + bad + "".join(lines[1:])
    if "view: pie" in bad:
        text = text.replace("#+ view: table\n", "")
    with pytest.raises(QueryError) as err:
        _header(tmp_path, text)
    assert f"q.rq:{line}:" in str(err.value)
    assert expected in str(err.value)


def test_missing_summary_fails(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"q\.rq:1: header lacks '#\+ summary"):
        _header(tmp_path, GOOD.replace("#+ summary: A test query.\n", ""))


def test_every_rq_file_parses_and_is_a_select() -> None:
    reg = queries.registry()
    assert {"trace_down", "trace_up", "document", "tasks", "gaps", "search", "coverage"} <= set(reg)
    for q in reg.values():
        body = "\n".join(line for line in q.text.splitlines() if not line.startswith("#"))
        assert "SELECT" in body, q.name
        for p in q.params:  # pyoxigraph substitutes projected variables only
            for var in p.variables:
                assert f"?{var}" in body.split("WHERE", 1)[0], (q.name, var)


def test_unknown_and_missing_parameters(plans_store: ox.Store) -> None:
    with pytest.raises(QueryError, match="unknown parameter"):
        queries.run(plans_store, "tasks", colour="red")
    with pytest.raises(QueryError, match="'document' is required"):
        queries.run(plans_store, "trace_down")
    with pytest.raises(NotFoundError, match="no named query 'nope'"):
        queries.run(plans_store, "nope")


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("tasks", {"due_before": "2025-13-01"}, "not a valid date"),
        ("tasks", {"due_before": "soon"}, "not a date"),
        ("trace_down", {"document": "08-NQ/TU", "relations": "owns"}, "unknown relation"),
        ("search", {"text": "a b c d e f g h i"}, "at most 8 words"),
        ("search", {"text": " , ;"}, "no words"),
        ("tasks", {"agency": "x" * 600}, "longer than"),
    ],
)
def test_bad_values_are_refused(plans_store: ox.Store, name: str, params: dict[str, str],
                                message: str) -> None:
    with pytest.raises(QueryError, match=message):
        queries.run(plans_store, name, **params)


def test_unknown_symbol_is_not_found(plans_store: ox.Store) -> None:
    with pytest.raises(NotFoundError, match="no document with number and symbol '999/QĐ-TTg'"):
        queries.run(plans_store, "trace_down", document="999/QĐ-TTg")


def test_symbol_keys_follow_identity() -> None:
    assert queries.symbol_keys("08-NQ/TU")[0] == "8-nq/tu"
    assert queries.symbol_keys("709/QĐ-TTG")[0] == "709/qd-ttg"
    assert queries.symbol_keys("348/KH-TU")[0] == "348-kh/tu"


HOSTILE = [
    '" } UNION { ?s ?p ?o } #',
    "'); DROP ALL; #",
    "<http://example.org/x> } ; CLEAR ALL ; SELECT * { ?s ?p ?o",
    "?s ?p ?o",
    "\\\"\n}\n",
    "http://example.org/a> <http://example.org/b",
]


class _Recorder:
    """Wraps a store and records the query texts it is given."""

    def __init__(self, inner: ox.Store):
        self.inner = inner
        self.texts: list[str] = []

    def query(self, text: str, **kwargs: Any) -> Any:
        self.texts.append(text)
        return self.inner.query(text, **kwargs)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_injection_through_every_parameter(plans_store: ox.Store, hostile: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    size = len(plans_store)
    for q in queries.registry().values():
        if not q.public:
            continue
        for p in q.params:
            values = {x.name: "08-NQ/TU" for x in q.params if x.required}
            values[p.name] = hostile
            recorder = _Recorder(plans_store)
            monkeypatch.setattr(queries, "_oxigraph", lambda store, r=recorder: r)
            try:
                result = queries.execute(plans_store, q, values)
            except LuocdoError:
                continue  # refused: fine
            finally:
                monkeypatch.undo()
            # the query texts sent are the files' own, never edited
            registry_texts = {x.text for x in queries.registry().values()}
            assert all(t in registry_texts for t in recorder.texts), (q.name, p.name)
            # a hostile text matches nothing rather than everything
            if p.type in ("string", "folded", "words"):
                assert result.rows == (), (q.name, p.name, hostile)
    assert len(plans_store) == size


ALPHABET = (
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
)


def test_sparql_folding_agrees_with_python_fold(plans_store: ox.Store) -> None:
    """The folding written in search.rq/tasks.rq gives the same key as loaders' fold()."""
    text = queries.get("search").text
    start = text.index("BIND(REPLACE(")
    expr = text[start + len("BIND("): text.index(" AS ?key)", start)]
    expr = expr.replace("STR(?label_)", "?label_")
    samples = (ALPHABET, ALPHABET.upper(), "Sở  KHOA HỌC\tvà Công nghệ", "569/QĐ-TTg", "Thuỷ lợi")
    for sample in samples:
        store = ox.Store()
        rows = list(store.query(f"SELECT ({expr} AS ?k) WHERE {{ BIND(?label_in AS ?label_) }}"
                                .replace("?label_in", ox.Literal(sample).__str__())))
        assert rows[0]["k"].value == fold(sample), sample
