"""Loads the data files of ``loaders/patterns/`` (type codes, issuer codes, ...)."""

from __future__ import annotations

import functools
import json
from typing import Any

from luocdo import resources
from luocdo.loaders.vietnamese import fold


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON data file ``loaders/patterns/<name>.json``."""
    path = resources.path("loaders", f"patterns/{name}.json")
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@functools.cache
def doctype_by_code() -> dict[str, dict[str, Any]]:
    """Type-code entries keyed by the folded upper-case code ("QD" for "QĐ")."""
    return {fold(t["code"]).upper(): t for t in load("doctypes")["types"]}


@functools.cache
def doctype_by_name() -> dict[str, dict[str, Any]]:
    """Type entries keyed by the folded Vietnamese name ("nghi quyet")."""
    out: dict[str, dict[str, Any]] = {}
    for t in load("doctypes")["types"]:
        out.setdefault(fold(t["name"]), t)
        if "party_name" in t:
            out.setdefault(fold(t["party_name"]), {**t, "name": t["party_name"],
                                                    "class": t.get("party_class", t["class"])})
    for t in load("doctypes")["names_without_code"]:
        out.setdefault(fold(t["name"]), {"code": None, **t})
    return out


@functools.cache
def issuer_by_code() -> dict[str, dict[str, Any]]:
    """Issuer-code entries keyed by the folded upper-case code ("HDND" for "HĐND")."""
    return {fold(i["code"]).upper(): i for i in load("issuers")["issuers"]}
