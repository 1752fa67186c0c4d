"""Golden files: real document text -> expected model JSON.

Each golden file was written with ``pytest tests/golden --update-golden`` and
reviewed against the document before it was committed. A missing golden fails.

So that the repository holds no copy of a document's text, long strings are
stored as their first 60 characters, the length and a short hash of the whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from luocdo import loaders
from luocdo.model import to_json

GOLDEN = Path(__file__).parent

# (golden name, path under ../shared) -- chosen to cover the formats and layouts:
# both seeds, a docx-derived text, PDF text layers, the OCR file, the 140-task appendix.
CASES = [
    ("seed_000_tay_ninh_2502", "seeds/000_d593de9037b50973.txt"),
    ("seed_002_dong_nai_386", "seeds/002_562158e10022e258.txt"),
    ("corpus_001_nq_57_tw", "corpus/001_nq-57-ntw-2024-bo-chinh-tri-khcn-dmst-cds.txt"),
    ("corpus_002_nq_03_cp_appendix", "corpus/002_nq-03-nqcp-2025-chuong-trinh-hanh-dong-nq57-phu-luc.txt"),
    ("corpus_011_kh_lao_cai_draft", "corpus/011_kh-du-thao-ubnd-lao-cai-2026-trien-khai-ct-11-ct-tu-khoang-san.txt"),
    ("corpus_012_cv_5973_lao_cai", "corpus/012_cv-5973-ubnd-kt-2026-lao-cai-thanh-kiem-tra-khoang-san.txt"),
    ("corpus_016_luat_147_2025", "corpus/016_luat-147-2025-qh15-sua-doi-luat-dia-chat-khoang-san.txt"),
    ("corpus_019_qd_16_2026_ocr", "corpus/019_qd-16-2026-qd-ubnd-lao-cai-quy-che-cum-cong-nghiep-ocr.txt"),
    ("corpus_020_ct_07_ttg", "corpus/020_ct-07-2012-cttg-chan-chinh-kkt-kcn-ccn.txt"),
    ("corpus_021_tt_14_2024_bct", "corpus/021_tt-14-2024-tt-bct-che-do-bao-cao-cum-cong-nghiep.txt"),
    # task tables of issue 15: groups restarting the numbering and merged rows (040), two
    # schedules numbered from 1 (041)
    ("corpus_040_kh_lam_dong_cchc", "corpus/040_kh-du-thao-ubnd-lam-dong-2026-cai-cach-hanh-chinh-2026-2030.txt"),
    ("corpus_041_kh_lam_dong_tuyen_truyen", "corpus/041_kh-du-thao-ubnd-lam-dong-2026-tuyen-truyen-cchc.txt"),
]

_LONG = 80


def project(value: Any) -> Any:
    """The golden form of a JSON value: long strings shortened to prefix, length and hash."""
    if isinstance(value, dict):
        return {k: project(v) for k, v in value.items()}
    if isinstance(value, list):
        return [project(v) for v in value]
    if isinstance(value, str) and len(value) > _LONG:
        digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]
        return f"{value[:60]}…[{len(value)} chars, sha1 {digest}]"
    return value


@pytest.mark.parametrize(("name", "relative"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, relative: str, shared_dir: Path, update_golden: bool) -> None:
    doc = loaders.parse(loaders.read(shared_dir / relative))
    # The source path depends on where the checkout sits; everything else is compared.
    actual = project({k: v for k, v in to_json(doc).items() if k != "source"})
    golden = GOLDEN / f"{name}.json"
    if update_golden:
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                          encoding="utf-8")
    assert golden.exists(), f"missing golden {golden.name}: run pytest --update-golden and review it"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected
