"""List the files over 500 lines and the functions over 60 lines (issue 10's limits).

    .venv/bin/python scripts/check_sizes.py [--files N] [--functions N] [--top K]

Files: every ``.py`` file of the project outside migrations and tests. Functions: every
function and method outside migrations, tests, demo loaders (``demo.py``, ``seed_demo``)
and benchmarks (``bench/``), measured from its ``def`` line (decorators excluded) to its
last line. Prints the offenders, largest first, then the ``--top`` largest files and
functions; exits 1 when there is an offender. ``tests/test_sizes.py`` runs the same check in
the test suite.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "migrations", "node_modules", "static", "staticfiles", "var", ".git"}


def _is_test(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or path.name.startswith("test_") or path.name == "conftest.py"


def _is_demo_or_bench(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return parts[0] == "bench" or path.name == "demo.py" or path.stem == "seed_demo"


def python_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts) and not _is_test(p)
    )


def functions(path: Path) -> list[tuple[int, str, int]]:
    """``(length, qualified name, line)`` of every function in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                out.append((length, name, child.lineno))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return out


def measure() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """``(lines, file)`` of every counted file and ``(lines, "file:line name")`` of every
    counted function, largest first."""
    files = []
    funcs = []
    for path in python_files():
        rel = str(path.relative_to(ROOT))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        files.append((lines, rel))
        if not _is_demo_or_bench(path):
            funcs += [(n, f"{rel}:{line} {name}") for n, name, line in functions(path)]
    files.sort(reverse=True)
    funcs.sort(reverse=True)
    return files, funcs


def offenders(
    max_file_lines: int = 500, max_function_lines: int = 60
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The files over ``max_file_lines`` and the functions over ``max_function_lines``."""
    files, funcs = measure()
    return (
        [(n, f) for n, f in files if n > max_file_lines],
        [(n, f) for n, f in funcs if n > max_function_lines],
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--functions", type=int, default=60)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()

    files, funcs = measure()
    big_files, long_funcs = offenders(args.files, args.functions)
    print(f"files over {args.files} lines: {len(big_files)}")
    for n, f in big_files:
        print(f"  {n:5d}  {f}")
    print(f"functions over {args.functions} lines: {len(long_funcs)}")
    for n, f in long_funcs:
        print(f"  {n:5d}  {f}")
    print(f"largest files: {', '.join(f'{f} ({n})' for n, f in files[: args.top])}")
    print(f"longest functions: {', '.join(f'{f} ({n})' for n, f in funcs[: args.top])}")
    return 1 if big_files or long_funcs else 0


if __name__ == "__main__":
    sys.exit(main())
