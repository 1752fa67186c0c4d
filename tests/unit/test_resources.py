"""Data folders are found from a checkout and from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from luocdo import resources

REPO = Path(__file__).resolve().parents[2]


def test_checkout_folders_are_the_repository_folders() -> None:
    assert resources.folder("ontology") == REPO / "ontology"
    assert resources.files("queries", "*.rq")
    assert resources.path("loaders", "patterns/doctypes.json").is_file()


def test_unknown_folder_is_refused() -> None:
    with pytest.raises(KeyError):
        resources.folder("nowhere")


@pytest.mark.slow
def test_installed_wheel_carries_and_finds_the_data(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(REPO)],
        check=True, capture_output=True)
    (wheel,) = wheels.glob("luocdo-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("luocdo/ontology/luocdo.ttl", "luocdo/loaders/patterns/doctypes.json",
                     "luocdo/loaders/schema/extract.schema.json", "luocdo/queries/trace_down.rq",
                     "luocdo/api/app.py"):
        assert expected in names, expected
    assert any(n.startswith("luocdo/shapes/") and n.endswith(".ttl") for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    probe = (
        "from luocdo import resources; from pathlib import Path; import sys\n"
        "f = resources.folder('ontology'); assert (f / 'luocdo.ttl').is_file(), f\n"
        "assert resources.files('queries', '*.rq'); print(f)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    # -S: no site-packages, so the editable install of the checkout cannot answer instead.
    out = subprocess.run([sys.executable, "-S", "-c", probe], env=env, cwd=tmp_path,
                         check=True, capture_output=True, text=True).stdout.strip()
    assert Path(out).is_relative_to(target), out
