"""The SLA calculus stays pure: importing it loads no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_calculus_loads_no_django():
    # given a fresh interpreter with only the repository on its path
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(REPO_ROOT)!r})\n"
        "import sla.calculus.calendar, sla.calculus.business_time, sla.calculus.pauses\n"
        "import sla.calculus.due\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('django'))))\n"
    )
    # when the calculus modules are imported
    completed = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    # then no django module was loaded along the way
    assert json.loads(completed.stdout) == []
