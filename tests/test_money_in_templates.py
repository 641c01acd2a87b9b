"""Every amount of money a page prints goes through the ``money`` filter (¥, two decimals,
thousands grouped): a template that prints ``{{ claim.claimed_total }}`` shows "640.6" or
"1234.50" where the reader expects "¥1,234.50". Values written into form inputs
(``value="{{ line.amount }}"``) stay plain numbers, as the browser's number input needs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONEY_NAMES = {
    "amount",
    "approved_amount",
    "approved_total",
    "claimed_total",
    "labour_total",
    "parts_total",
    "price",
    "refund",
    "refund_amount",
    "sale_price",
    "travel_total",
    "unit_cost",
    "unit_price",
}
# Whole expressions that are money although their last name is not (a statement's total).
MONEY_EXPRESSIONS = {"statement.total", "s.total", "p.total", "balance"}
VARIABLE = re.compile(r"(?<![=\"'])\{\{\s*([\w.]+)\s*((?:\|[^}]*)?)\}\}")


def _templates() -> list[Path]:
    skip = {".venv", "node_modules", "staticfiles", ".git"}
    return [
        path
        for path in ROOT.rglob("*.html")
        if not skip.intersection(path.relative_to(ROOT).parts) and "templates" in path.parts
    ]


def _unformatted(text: str) -> list[str]:
    found = []
    for match in VARIABLE.finditer(text):
        expression, filters = match.group(1), match.group(2)
        name = expression.rsplit(".", 1)[-1]
        is_money = name in MONEY_NAMES or expression in MONEY_EXPRESSIONS
        if is_money and "money" not in filters:
            found.append(match.group(0))
    return found


def test_the_check_sees_a_bare_amount_and_passes_a_formatted_one():
    assert _unformatted("<td>{{ claim.claimed_total }}</td>") == ["{{ claim.claimed_total }}"]
    assert _unformatted("<td>{{ claim.claimed_total|money }}</td>") == []
    assert _unformatted('<input value="{{ line.amount }}">') == []
    assert _unformatted("<td>{{ hours_total }}</td>") == []


def test_every_amount_on_a_page_is_formatted_as_money():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _templates()
        if (found := _unformatted(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"amounts printed without |money: {offenders}"
