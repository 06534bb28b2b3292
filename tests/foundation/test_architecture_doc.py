"""docs/architecture.md stays true: every file it names exists, its floors are the contract
that tests/test_layers.py enforces, and its event order is the one the code declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from dateline import events

REPO = Path(__file__).resolve().parent.parent.parent
DOC = (REPO / "docs" / "architecture.md").read_text()


def test_every_file_the_doc_names_exists():
    named = set(re.findall(r"\b[a-z_]+(?:/[a-z_0-9]+)*/[a-z_0-9]+\.py\b", DOC))
    missing = {
        path
        for path in named
        if not (REPO / path).exists() and not (REPO / "dateline" / path).exists()
    }
    assert named and missing == set()


def test_the_floors_are_the_import_contract():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    enforced = [
        {name.strip().removeprefix("dateline.") for name in floor.split(":")}
        for floor in contract["layers"]
    ]
    rows = re.findall(r"^\| (\d+) [^|]+\| ([^|]+) \|", DOC, re.MULTILINE)
    documented = [set(re.findall(r"`([a-z_]+)`", packages)) for _number, packages in rows]
    # The doc folds settings, logconfig and conf into one floor, and __main__ into the first.
    enforced_flat = [floor - {"__main__"} for floor in enforced]
    enforced_flat[-2:] = [enforced_flat[-2] | enforced_flat[-1]]
    assert documented == enforced_flat


def test_the_event_order_is_the_declared_one():
    section = DOC.split("## The path of a publish", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\s+\d\. `([a-z]+)` \(", section, re.MULTILINE)
    assert tuple(listed) == events.ORDER
