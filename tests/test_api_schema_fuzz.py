"""Property-based test over the API schema, against the live test server.

For every operation of ``/api/schema/`` and for two roles (a service agent and a dealer), and
for a manager on the reports and complaints (the unscoped figures, the rates), the schema's
own strategies generate requests — valid ones, and (``negative``) ones that break
it — sent over HTTP to the running app on the demo data. Every answer must be below 500 and,
where the schema describes the status, match it (body schema and content type). Path
parameters are drawn both at random and from the objects the role can list, so the
operations on real tickets, units, claims … are reached, not only their 404.

Bounded so it runs in a few minutes: ``API_FUZZ_EXAMPLES`` examples per operation, role and
mode (default 1), no shrinking, derandomized (the same requests on every run; set
``API_FUZZ_SEED`` to explore others). The request count and the failures are printed.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from accounts.demo import DEMO_PASSWORD

# Transactional: the live server's thread sees the demo data; the seeded rules come back first.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "1"))
SEED = int(os.environ.get("API_FUZZ_SEED", "0"))
#: Only the operations whose path starts with this (default: all of them).
ONLY = os.environ.get("API_FUZZ_PATHS", "/api/")
#: Each role and the paths it is fuzzed on (the manager: where it sees more than the others).
ROLES: dict[str, tuple[str, ...]] = {
    "agent": ("/api/",),
    "dealer": ("/api/",),
    "manager": ("/api/v1/reports/", "/api/v1/complaints/"),
}
#: Not fuzzed: the sign-in (its throttle and lock-out are tested in accounts), revoking a
#: token (it would revoke the run's own), and the import of a file (a multipart upload,
#: tested with real files in warranty).
SKIPPED = {
    ("POST", "/api/v1/auth/token/"),
    ("DELETE", "/api/v1/auth/tokens/{token_id}/"),
    ("POST", "/api/v1/warranty/units/import/"),
}
PARAM = re.compile(r"\{(\w+)\}")


@dataclass
class Run:
    base: str
    session: requests.Session
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)


def _sign_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(
        f"{base}/api/v1/auth/token/",
        json={"username": username, "password": DEMO_PASSWORD},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    session.headers["Authorization"] = f"Token {answer.json()['token']}"
    return session


def _real_values(run: Run, path: str) -> dict[str, list[Any]]:
    """For ``/x/{id}/…``: identifiers of objects the role sees in ``/x/`` (its first page)."""
    match = PARAM.search(path)
    if match is None or PARAM.search(path, match.end()):
        return {}
    name = match.group(1)
    listing = path[: match.start()]
    answer = run.session.get(f"{run.base}{listing}", timeout=30)
    if answer.status_code != 200:
        return {}
    body = answer.json()
    rows = body.get("results", []) if isinstance(body, dict) else body
    values = [row[name] for row in rows if isinstance(row, dict) and row.get(name) is not None]
    key = "id" if name in {"pk"} else name
    return {key: values[:3]} if values else {}


def _strategy(operation: Any, real: dict[str, list[Any]], mode: Any) -> st.SearchStrategy:
    strategies = [operation.as_strategy(generation_mode=mode)]
    for name, values in real.items():
        for value in values:
            strategies.append(
                operation.as_strategy(generation_mode=mode, path_parameters={name: value})
            )
    return st.one_of(strategies)


def _exercise(run: Run, operation: Any, mode: Any) -> None:
    real = _real_values(run, operation.path)

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED == 0,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, real, mode))
    def one(case: Any) -> None:
        response = case.call(base_url=run.base, session=run.session, timeout=60)
        run.requests += 1
        run.statuses[response.status_code] = run.statuses.get(response.status_code, 0) + 1
        label = f"{case.method} {case.formatted_path} ({mode.value})"
        if response.status_code >= 500:
            run.failures.append(f"{label}: {response.status_code} server error")
            run.details.append(case.as_curl_command())
            return
        try:
            case.validate_response(
                response, checks=[response_schema_conformance, content_type_conformance]
            )
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - all are reported
            title = str(error).split("\n- ", 1)[-1].split("\n", 1)[0]
            run.failures.append(f"{label}: {response.status_code} {title}")
            run.details.append(str(error))

    # Unsatisfiable: nothing to break in this mode (no parameters and no body to make invalid).
    with contextlib.suppress(Unsatisfiable):
        one()


def _operations(schema: Any, paths: tuple[str, ...]) -> Iterator[Any]:
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if key in SKIPPED or not operation.path.startswith(ONLY):
            continue
        if operation.path.startswith(paths):
            yield operation


def _fuzz(base: str, role: str, paths: tuple[str, ...]) -> Run:
    started = time.monotonic()
    session = _sign_in(base, role)
    raw = session.get(
        f"{base}/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}, timeout=60
    ).json()
    schema = schemathesis.openapi.from_dict(raw)
    run = Run(base=base, session=session)
    # closed at the end: a kept-alive connection holds a server thread and its database session
    with session:
        for operation in _operations(schema, paths):
            for mode in (
                schemathesis.GenerationMode.POSITIVE,
                schemathesis.GenerationMode.NEGATIVE,
            ):
                _exercise(run, operation, mode)
    print(
        f"\n{role}: {run.requests} requests in {time.monotonic() - started:.0f} s, "
        f"statuses {dict(sorted(run.statuses.items()))}, {len(run.failures)} failures"
    )
    return run


def test_no_request_makes_a_5xx_or_breaks_the_schema(live_server):
    # The demo data: every role's login, tickets in every status, units, claims, stock …
    call_command("seed_demo", stdout=io.StringIO())

    runs = {role: _fuzz(live_server.url, role, paths) for role, paths in ROLES.items()}

    failures = [f"[{role}] {failure}" for role, run in runs.items() for failure in run.failures]
    details = [detail for run in runs.values() for detail in run.details]
    total = sum(run.requests for run in runs.values())
    if ONLY == "/api/":
        assert all(run.requests > 20 for run in runs.values()), total
        assert total > 300
    else:  # narrowed to one prefix: a role whose paths lie elsewhere sends nothing
        assert total > 0
    assert not failures, (
        f"{len(failures)} failures:\n"
        + "\n".join(failures)
        + "\n\nThe first ones:\n\n"
        + "\n\n".join(details[:8])
    )
