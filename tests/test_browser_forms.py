"""Every form round-trips in both languages, in Chromium, on the demo data: the page is
opened, only its empty required fields are filled with valid values (everything prefilled is
left as it came), the form is submitted unchanged otherwise, and it must save: the answer
is a redirect to a page without an error, and the row it writes exists.

On every form page, every ``<input type=date>`` must carry ``YYYY-MM-DD`` and every
``datetime-local`` ``YYYY-MM-DDTHH:MM`` — and the browser must have accepted it (its value
equals the attribute): a localised value (``2026/12/03``) is silently dropped, and the
prefilled date comes up blank.

The pages are enumerated from the URL conf: every URL name is either a form page below or
listed in ``NOT_FORM_PAGES`` with the reason, so a new page cannot go untested unnoticed.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser import DESKTOP, LANGUAGES, browser, shot, signed_in

__all__ = ["browser"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: URL names without a form of their own to round-trip, and why.
NOT_FORM_PAGES = {
    "healthz": "health check (JSON)",
    "set_language": "the language switch (tested in tests/test_i18n.py)",
    "api-schema": "API", "api-docs": "API",
    "home": "redirects to the role's start page", "dashboard": "tiles only",
    "tokens": "list with revoke buttons",
    "login": "signing in (every browser test)", "logout": "signing out",
    "password_change": "needs the current password", "password_change_done": "message only",
    "token_revoke_all": "POST-only button", "token_revoke": "POST-only button",
    "tickets:queue": "GET filters", "tickets:lookup": "JSON for the intake form",
    "tickets:act": "POST target of the ticket page's forms",
    "tickets:voucher": "printout", "tickets:dispatch-clocks": "JSON for the board",
    "sla:overview": "GET filters", "sla:calendars": "list",
    "warranty:unit-list": "GET search", "warranty:unit-detail": "read-only",
    "warranty:unit-import": "needs a file", "warranty:unit-import-template": "download",
    "warranty:contract-list": "list", "warranty:contract-detail": "read-only",
    "dealers:arrange": "POST target of the dealer portal's arrangement forms",
    "dealers:record-list": "list", "dealers:record-detail": "photos need a file",
    "dealers:claim-list": "list", "dealers:claim-act": "POST target of the claim page",
    "dealers:claim-detail": "workflow steps (tested in dealers/tests/test_journey_pages.py)",
    "dealers:appraisal": "list", "dealers:shipment-act": "POST target of the shipment rows",
    "dealers:statement-list": "issues the quarter's notice once (tested in the journey)",
    "dealers:statement-detail": "printout", "dealers:statement-xlsx": "download",
    "dealers:assessment": "monthly computation (tested in the journey)",
    "dealers:grade-change": "POST target of the assessment page",
    "notifications:inbox": "list", "notifications:mark_read": "POST-only button",
    "notifications:mark_all_read": "POST-only button",
    "parts:stores": "list", "parts:store": "stock list", "parts:catalogue": "GET search",
    "parts:transfer-step": "POST target of the transfer rows", "parts:count": "stock count",
    "parts:ticket-parts": "POST target of the ticket page's parts panel",
    "workshop:register": "list (carry-ins are booked from the ticket page)",
    "workshop:standby": "list (loans are made from the ticket page)",
    "workshop:returns": "list", "workshop:return": "read-only",
    "reports:dashboard-list": "list",
    "workshop:entry": "workflow steps", "workshop:entry-print": "printout",
    "workshop:quote": "needs the customer's signature", "workshop:bill": "printout",
    "workshop:ticket-step": "POST target of the ticket page's workshop panel",
    "attachments:upload": "needs a file", "attachments:file": "download",
    "attachments:thumbnail": "download",
    "complaints:list": "GET filters", "complaints:report": "report",
    "complaints:report-xlsx": "download", "complaints:rates": "report",
    "complaints:visit-tasks": "list", "complaints:visit-task-done": "POST-only button",
    "complaints:duties": "list", "complaints:duty-done": "POST-only button",
    "complaints:quality-report": "report", "complaints:survey-link": "POST-only button",
    "complaints:act": "POST target of the complaint page",
    "survey:answer": "the customer's survey (tested in complaints/tests/test_surveys.py)",
    "portal:home": "list", "portal:request": "read-only",
    "portal:act": "POST target of the request page",
    "reports:dashboard": "GET filters", "reports:dashboard-export": "download",
    "reports:board": "live board", "reports:queue-export": "download",
    "reports:technician-daily": "GET filters", "reports:technician-daily-export": "download",
    "reports:costs": "list", "reports:cost-report": "report",
    "reports:cost-report-export": "download", "reports:dealer-league": "report",
    "reports:dealer-league-export": "download",
}  # fmt: skip


@dataclass(frozen=True)
class FormPage:
    """One form to round-trip: who opens it, where (a path from the demo data), which form
    (a CSS selector of the form, or of an element inside it), and a count that must grow."""

    name: str
    username: str
    path: Callable[[], str]
    form: str
    saved: Callable[[], int]
    #: Shown with the form when it sits in a closed <details>.
    opens: str = ""
    #: Values the demo data dictates where any valid-looking value would not do (a serial
    #: number among the dealer's sales, two different stores), set before the required
    #: fields are filled.
    values: Callable[[str], dict[str, str]] = lambda _language: {}  # noqa: E731


def _ticket(**filters: Any) -> Any:
    from tickets.models import Ticket

    ticket = Ticket.objects.filter(**filters).order_by("-pk").first()
    assert ticket is not None, filters
    return ticket


def _count(model_path: str, **filters: Any) -> Callable[[], int]:
    def count() -> int:
        from django.apps import apps

        return int(apps.get_model(model_path).objects.filter(**filters).count())

    return count


def _events(number_of: Callable[[], Any]) -> Callable[[], int]:
    def count() -> int:
        from tickets.models import TicketEvent

        return TicketEvent.objects.filter(ticket=number_of()).count()

    return count


def _first_visited_without_record() -> Any:
    from dealers.services.records import VISITED_STATUSES
    from tickets.models import Ticket

    ticket = (
        Ticket.objects.filter(
            status__in=VISITED_STATUSES,
            assigned_organisation__code="D-SH01",
            repair_records__isnull=True,
        )
        .order_by("-pk")
        .first()
    )
    assert ticket is not None
    return ticket


def _claim_values(_language: str) -> dict[str, str]:
    """A record the dealer can claim. The demo's unclaimed records are about unregistered
    units, so the newest one's ticket is linked with a unit the dealer sold (in warranty)."""
    from dealers.models import RepairRecord
    from tickets.models import Ticket
    from warranty.models import Unit

    records = RepairRecord.objects.filter(dealer__code="D-SH01", claim__isnull=True)
    record = records.filter(ticket__unit__isnull=False).order_by("-pk").first()
    if record is None:
        record = records.order_by("-pk").first()
        assert record is not None
        unit = Unit.objects.filter(selling_dealer__code="D-SH01").order_by("-sale_date").first()
        assert unit is not None
        Ticket.objects.filter(pk=record.ticket_id).update(unit=unit, serial_number=unit.serial)
    return {"records": str(record.pk)}


def form_pages() -> list[FormPage]:
    registered = lambda: _ticket(status="registered")  # noqa: E731
    forwarded_hq = lambda: _ticket(  # noqa: E731
        status="forwarded", assigned_organisation__kind="service_centre"
    )
    return [
        FormPage("tickets:intake", "agent", lambda: "/tickets/intake/", "form#intake-form",
                 _count("tickets.Ticket")),
        FormPage("tickets:detail", "agent", lambda: f"/tickets/{registered().number}/",
                 "details[data-action=add_note] form", _events(registered),
                 opens="details[data-action=add_note] summary"),
        FormPage("tickets:detail", "supervisor", lambda: f"/tickets/{forwarded_hq().number}/",
                 "details[data-action=arrange] form", _count("tickets.Ticket", status="arranged"),
                 opens="details[data-action=arrange] summary"),
        FormPage("tickets:dispatch", "supervisor", lambda: "/tickets/dispatch/",
                 ".dispatch-group:not([data-organisation=D-SH01]) "
                 ".dispatch-form:has(input[name=action][value=arrange])",
                 _count("tickets.Ticket", status="arranged"),
                 values=lambda _language: {"customer_told": "on"}),  # required by the server
        FormPage("tickets:my_jobs", "technician", lambda: "/tickets/my-jobs/",
                 "form:has(input[name=action][value=add_labour])",
                 _count("tickets.LabourEntry"), opens="details[data-action=add_labour] summary"),
        FormPage("warranty:unit-register", "agent", lambda: "/warranty/units/new/", "main form",
                 _count("warranty.Unit")),
        FormPage("warranty:card-list", "dealer", lambda: "/warranty/cards/",
                 "main form[method=post]",
                 _count("warranty.WarrantyCard"), values=_card_values),
        FormPage("warranty:contract-create", "manager", lambda: "/warranty/contracts/new/",
                 "main form[method=post]", _count("warranty.MaintenanceContract"),
                 values=_contract_values),
        FormPage("warranty:contract-renew", "manager", _contract_renew_path,
                 "main form[method=post]", _count("warranty.MaintenanceContract")),
        FormPage("dealers:portal", "dealer", lambda: "/dealers/", "main form[action$='/arrange/']",
                 _count("tickets.Ticket", status="arranged")),
        FormPage("dealers:record-new", "dealer",
                 lambda: f"/dealers/records/new/{_first_visited_without_record().number}/",
                 "main form[method=post]", _count("dealers.RepairRecord")),
        FormPage("dealers:claim-new", "dealer", lambda: "/dealers/claims/new/",
                 "main form[method=post]", _count("dealers.WarrantyClaim"),
                 values=_claim_values),
        FormPage("dealers:technician-list", "dealer", lambda: "/dealers/technicians/",
                 "main form[method=post]", _count("dealers.TechnicianCertificate")),
        FormPage("dealers:shipment-list", "dealer", lambda: "/dealers/shipments/",
                 "main section.card form[method=post]", _count("dealers.PartsShipment")),
        FormPage("dealers:finance", "finance", lambda: "/dealers/finance/",
                 "main form[method=post]", _count("dealers.FalsifiedCardFinding"),
                 values=_finding_values),
        FormPage("complaints:intake", "agent", lambda: "/complaints/new/",
                 "main form[method=post]", _count("complaints.Complaint"),
                 values=lambda _language: {"customer_name": "王女士", "phone": "13900139000"}),
        FormPage("complaints:detail", "supervisor", _complaint_path,
                 "main form:has(input[name=action][value=note])",
                 _count("complaints.ComplaintEvent")),
        FormPage("parts:transfers", "storekeeper", lambda: "/parts/transfers/",
                 "main form[method=post]", _count("parts.Transfer"), values=_transfer_values),
        FormPage("sla:calendar-schedule", "manager", _calendar_path, "main form[method=post]",
                 _count("sla.CalendarEvent"), values=_schedule_values),
        FormPage("portal:report", "customer", lambda: "/portal/report/",
                 "main form[method=post]", _count("tickets.Ticket"), values=_portal_values),
    ]  # fmt: skip


def _contract_renew_path() -> str:
    from warranty.models import MaintenanceContract

    contract = MaintenanceContract.objects.order_by("-pk").first()
    assert contract is not None
    return f"/warranty/contracts/{contract.pk}/renew/"


def _card_values(_language: str) -> dict[str, str]:
    from warranty.models import Unit

    unit = Unit.objects.filter(selling_dealer__code="D-SH01", card__isnull=True).first()
    assert unit is not None
    return {"serial": unit.serial}


def _contract_values(_language: str) -> dict[str, str]:
    from tickets.models import Customer
    from warranty.models import Unit

    for unit in Unit.objects.filter(contracts__isnull=True, customer__isnull=False).order_by("pk"):
        if Customer.objects.filter(phone=unit.customer.phone).count() == 1:
            return {"units": unit.serial, "customer_phone": unit.customer.phone}
    raise AssertionError("no unit of a customer with a phone of their own")


def _finding_values(_language: str) -> dict[str, str]:
    from warranty.models import WarrantyCard

    card = WarrantyCard.objects.exclude(falsified_findings__isnull=False).order_by("-pk").first()
    assert card is not None
    return {"serial": card.unit.serial}


def _transfer_values(_language: str) -> dict[str, str]:
    from parts.models import StockLevel, Store

    level = StockLevel.objects.filter(on_hand__gt=1, store__is_active=True).order_by("pk").first()
    assert level is not None
    other = Store.objects.filter(is_active=True).exclude(pk=level.store_id).order_by("pk").first()
    assert other is not None
    return {
        "from_store": str(level.store_id),
        "to_store": str(other.pk),
        "part": str(level.part_id),
    }


def _schedule_values(language: str) -> dict[str, str]:
    from django.utils import timezone

    year = timezone.localdate().year + 1 + LANGUAGES.index(language)
    return {"year": str(year), "holidays": f"{year}-10-01 {year}-10-07 国庆节"}


def _portal_values(_language: str) -> dict[str, str]:
    return {"unit": FIRST}


def _complaint_path() -> str:
    from complaints.models import Complaint

    complaint = Complaint.objects.exclude(status="closed").order_by("-pk").first()
    assert complaint is not None
    return f"/complaints/{complaint.number}/"


def _calendar_path() -> str:
    from sla.models import BusinessCalendar

    calendar = BusinessCalendar.objects.order_by("pk").first()
    assert calendar is not None
    return f"/sla/calendars/{calendar.code}/schedule/"


#: A value meaning "the first choice offered" (a select's first option, the first checkbox).
FIRST = "__first__"

#: Every date and time input of the page: [name, type, value attribute, value shown].
DATE_INPUTS = """Array.from(document.querySelectorAll(
  "input[type=date], input[type=datetime-local]")).map(
  i => [i.name, i.type, i.getAttribute("value") || "", i.value])"""
ISO = {"date": r"\d{4}-\d{2}-\d{2}", "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?"}

#: Sets the given values, then fills only the empty required fields of the form with valid
#: values; returns the names it filled.
FILL = """([form, tag, today, values]) => {
  const filled = [];
  for (const [name, value] of Object.entries(values)) {
    const fields = form.querySelectorAll(`[name="${name}"]`);
    fields.forEach((el, n) => {
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = value === "__first__" ? n === 0 : el.value === value;
      } else if (value === "__first__" && el.tagName === "SELECT") {
        const option = Array.from(el.options).find(o => o.value);
        if (option) { el.value = option.value; }
      } else { el.value = value; } });
    filled.push(name);
  }
  const radios = {};
  for (const el of form.elements) {
    if (!el.required || el.disabled || el.type === "hidden") { continue; }
    if (el.type === "radio") { radios[el.name] = radios[el.name] || [];
      radios[el.name].push(el); continue; }
    if (el.type === "checkbox") { if (!el.checked) { el.checked = true; filled.push(el.name); }
      continue; }
    if (el.value) { continue; }
    if (el.tagName === "SELECT") {
      const option = Array.from(el.options).find(o => o.value);
      if (option) { el.value = option.value; }
    } else if (el.type === "date") { el.value = today;
    } else if (el.type === "datetime-local") { el.value = today + "T10:00";
    } else if (el.type === "number") { el.value = el.min && Number(el.min) > 0 ? el.min : "1";
    } else if (el.type === "tel") { el.value = "13800138000";
    } else if (el.type === "email") { el.value = "round.trip@example.com";
    } else {
      let text = "RT-" + tag + "-" + el.name;
      if (el.maxLength > 0) { text = text.slice(0, el.maxLength); }
      el.value = text;
    }
    filled.push(el.name);
  }
  for (const name in radios) {
    if (!radios[name].some(r => r.checked)) { radios[name][0].checked = true; filled.push(name); }
  }
  return filled;
}"""
ERRORS = """Array.from(document.querySelectorAll(
  "main .errorlist li, main .messages .msg-error, #claim-errors li"))
  .map(e => e.textContent.trim())"""


def url_names() -> set[str]:
    """Every named page of the site outside the admin and the API."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith(("admin", "api/v1")):
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}{entry.name}")

    walk(get_resolver(), "")
    return names


def round_trip(page: Any, base: str, spec: FormPage, language: str) -> list[str]:
    """Open, fill the required, submit; what went wrong (empty when it saved)."""
    from django.utils import timezone

    problems: list[str] = []
    values = spec.values(language)  # before the page: the data it needs is then on it
    path = spec.path()
    where = f"{spec.name} ({spec.username}, {language}) {path}"
    page.goto(base + path, wait_until="load")
    for name, kind, attribute, shown in page.evaluate(DATE_INPUTS):
        if attribute and not re.fullmatch(ISO[kind], attribute):
            problems.append(f"{where}: {name} renders {attribute!r}, not ISO")
        elif attribute and shown != attribute:
            problems.append(f"{where}: the browser dropped {name}={attribute!r}")
    form = page.locator(spec.form).first
    if form.count() == 0:
        return [*problems, f"{where}: no form {spec.form!r}"]
    if spec.opens and page.locator(spec.opens).count():
        page.locator(spec.opens).first.click()
    handle = form.element_handle()
    if handle.evaluate("f => f.tagName") != "FORM":
        handle = handle.evaluate_handle("e => e.closest('form')")
    page.evaluate(
        FILL,
        [
            handle,
            f"{language}-{time.monotonic_ns() % 10**6}",
            timezone.localdate().isoformat(),
            values,
        ],
    )
    before = spec.saved()
    with page.expect_navigation(wait_until="load") as navigation:
        handle.evaluate("f => f.requestSubmit()")
    response = navigation.value
    errors = page.evaluate(ERRORS)
    if response is None or response.status >= 400:
        problems.append(f"{where}: answered {response and response.status}")
    elif response.request.redirected_from is None:
        problems.append(f"{where}: no redirect after saving; errors {errors}")
    elif errors:
        problems.append(f"{where}: errors after saving {errors}")
    if spec.saved() <= before:
        problems.append(f"{where}: nothing saved; errors {errors}")
    if problems:
        shot(page, f"form-failed-{spec.name.replace(':', '-')}-{language}")
    return problems


def test_every_url_name_is_a_form_page_or_says_why_not():
    pages = {spec.name for spec in form_pages()}
    unclassified = url_names() - pages - set(NOT_FORM_PAGES)

    assert unclassified == set(), "add each to form_pages() or NOT_FORM_PAGES with the reason"
    assert pages & set(NOT_FORM_PAGES) == set()


def test_every_form_saves_unchanged_in_both_languages(live_server, browser):
    call_command("seed_demo", stdout=io.StringIO())
    problems: list[str] = []
    for language in LANGUAGES:
        pages: dict[str, Any] = {}
        for spec in form_pages():
            if spec.username not in pages:
                pages[spec.username] = signed_in(
                    browser, live_server.url, spec.username, language, DESKTOP
                )
            problems += round_trip(pages[spec.username], live_server.url, spec, language)
        for page in pages.values():
            page.context.close()

    assert problems == []
