"""Dependencies between the apps run one way: parse every app module's imports (with ``ast``,
nothing is imported) and fail on any cycle between apps.

What is counted: every ``import``/``from … import`` anywhere in a module (top level, inside
functions, under ``TYPE_CHECKING``) of the project's apps. What is left out, and why:
``tests/`` (fixtures may reach across apps), ``migrations/`` (history, frozen as written) and
the project's wiring, which by nature names every app (``aftersales.settings``, ``.urls``,
``.celery``, ``.wsgi`` and its management commands).
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Every app of the project: a top-level package with an ``apps.py`` (a new app is counted
#: without editing this test), and the project package.
APPS = sorted(
    {path.parent.name for path in REPO_ROOT.glob("*/apps.py")} | {"aftersales"},
)
#: What tickets may import: the project package and the accounts app, nothing built on it.
BELOW_TICKETS = {"aftersales", "accounts", "tickets"}
WIRING = {
    "aftersales/settings.py",
    "aftersales/urls.py",
    "aftersales/celery.py",
    "aftersales/wsgi.py",
}
SKIPPED_PARTS = {"tests", "migrations"}


def _modules(app: str) -> list[Path]:
    found = []
    for path in sorted((REPO_ROOT / app).rglob("*.py")):
        relative = path.relative_to(REPO_ROOT)
        if SKIPPED_PARTS & set(relative.parts):
            continue
        if relative.as_posix() in WIRING or relative.parts[:2] == ("aftersales", "management"):
            continue
        found.append(path)
    return found


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(APPS)


def app_graph() -> dict[str, dict[str, list[str]]]:
    """app → imported app → the modules that import it."""
    graph: dict[str, dict[str, list[str]]] = {app: defaultdict(list) for app in APPS}
    for app in APPS:
        for path in _modules(app):
            for other in _imported_apps(path) - {app}:
                graph[app][other].append(path.relative_to(REPO_ROOT).as_posix())
    return graph


def _cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    cycles: list[list[str]] = []

    def walk(app: str, path: list[str]) -> None:
        for other in sorted(graph[app]):
            if other == path[0]:
                cycles.append([*path, other])
            elif other not in path and other > path[0]:
                walk(other, [*path, other])

    for start in APPS:
        walk(start, [start])
    return cycles


def test_no_import_cycle_between_apps():
    graph = app_graph()

    cycles = _cycles(graph)

    described = [
        " → ".join(cycle)
        + "  ("
        + "; ".join(f"{a}→{b}: {', '.join(graph[a][b][:3])}" for a, b in itertools.pairwise(cycle))
        + ")"
        for cycle in cycles
    ]
    assert described == []


def test_tickets_imports_none_of_the_apps_built_on_it():
    graph = app_graph()

    assert sorted(set(graph["tickets"]) - BELOW_TICKETS) == []


def test_every_app_is_counted():
    assert {"tickets", "sla", "warranty", "dealers", "notifications", "parts"} <= set(APPS)
