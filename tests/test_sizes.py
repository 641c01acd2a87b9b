"""The size limits of the layout: no file over 500 lines outside migrations and tests, no
function over 60 lines outside migrations, tests, demo loaders and benchmarks.

The measuring is ``scripts/check_sizes.py`` (run it for the largest files and functions);
a file near the limit becomes a package by topic, a long function reads as its named steps.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[1]


def _check_sizes() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_sizes", REPO_ROOT / "scripts" / "check_sizes.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _listing(rows: list[tuple[int, str]]) -> str:
    return "\n".join(f"  {lines:5d}  {where}" for lines, where in rows)


def test_no_file_is_over_500_lines():
    # given every Python file of the project outside migrations and tests
    # when their lines are counted
    big_files, _ = _check_sizes().offenders(max_file_lines=500)
    # then none is over the limit
    assert not big_files, "files over 500 lines (split them by topic):\n" + _listing(big_files)


def test_no_function_is_over_60_lines():
    # given every function outside migrations, tests, demo loaders and benchmarks
    # when each is measured from its def line to its last line
    _, long_functions = _check_sizes().offenders(max_function_lines=60)
    # then none is over the limit
    assert not long_functions, "functions over 60 lines (name their steps):\n" + _listing(
        long_functions
    )


def test_the_check_counts_what_it_should():
    # given the measuring of the project
    files, functions = _check_sizes().measure()
    counted = {where for _, where in files}
    # then product code is counted, migrations and tests are not
    assert "tickets/services.py" in counted
    assert not any("/migrations/" in where or "/tests/" in where for where in counted)
    # and the functions of a module are found with their place
    assert any(where.startswith("tickets/services.py:") for _, where in functions)
