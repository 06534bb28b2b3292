"""The house: imports run downwards only (the floors in pyproject.toml), and no two apps
import each other in a circle (docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parent.parent


def _floors() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [
        name.strip() for floor in contract["layers"] for name in floor.replace("|", ":").split(":")
    ]


def _app_graph(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Return which top-level packages and modules of dateline import which others."""
    tops = sorted(graph.find_children("dateline"))
    edges: dict[str, set[str]] = {top: set() for top in tops}
    for importer in tops:
        for imported in tops:
            if importer != imported and graph.direct_import_exists(
                importer=importer, imported=imported, as_packages=True
            ):
                edges[importer].add(imported)
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the groups of apps that import each other in a circle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return groups


def test_imports_run_downwards_floor_by_floor():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_app_and_module_has_a_floor():
    graph = grimp.build_graph("dateline", exclude_type_checking_imports=True)
    placed = set(_floors())
    unplaced = {top for top in graph.find_children("dateline")} - placed
    assert unplaced == set(), f"add these to the floors in pyproject.toml: {sorted(unplaced)}"


def test_no_two_apps_import_each_other_in_a_circle():
    graph = grimp.build_graph("dateline", exclude_type_checking_imports=True)
    assert _circles(_app_graph(graph)) == []


def test_a_circle_is_found_when_one_is_made():
    graph = grimp.build_graph("dateline", exclude_type_checking_imports=True)
    # The first round's house: the articles' models imported the reader site.
    graph.add_import(importer="dateline.articles.models", imported="dateline.public.views")
    (group,) = _circles(_app_graph(graph))
    assert {"dateline.articles", "dateline.public"} <= set(group)


def test_the_ground_floor_imports_no_app_above_it():
    graph = grimp.build_graph("dateline", exclude_type_checking_imports=True)
    ground = ["dateline.articles", "dateline.taxonomy", "dateline.stories"]
    above = set(_floors()[: _floors().index("dateline.people")])
    for app in ground:
        imported = {
            ".".join(module.split(".")[:2])
            for member in graph.find_descendants(app) | {app}
            for module in graph.find_modules_directly_imported_by(member)
            if module.startswith("dateline.")
        }
        assert imported & above == set(), app
