"""What other apps plug into the ticket workflow: tickets publish, they listen.

``tickets`` never imports the apps above it. An app that measures or reacts to tickets (the
SLA engine, for one) registers here in its ``AppConfig.ready``:

- :func:`on_event` — a listener called after every ``TicketEvent`` a service writes, inside
  the event's transaction (a listener's failure rolls the step back);
- :func:`on_new_ticket` — called by ``ticket_create`` before anything is written: it may set
  columns on the unsaved ticket (they go out with the ticket's own INSERT) and returns unsaved
  rows that are inserted right after the ticket, one ``bulk_create`` per model;
- :func:`tickets.panels.register_panel` — a section of the ticket page;
- :func:`set_badge` — what a queue row shows of the ticket's urgency (HTML), e.g. the SLA
  countdown; nothing when no app sets one.
- :func:`set_row_clocks` — the running clocks of each row of a list (the dispatch board's
  2-hour arrangement and 4-hour supervisor check): label, due instant, urgent-from instant;
  nothing when no app sets one.
- :func:`set_customer_pages` — where a customer account's user is sent instead of the staff
  pages (the queue, phone intake, the staff ticket page): the customer portal's URL names.
- :func:`register_intake_hook` — what an app knows of the unit a new call is about: the
  warranty app links the registered unit with the call's serial number and stores its
  three-guarantees decision; ``ticket_create`` (and ``ticket_update`` for a corrected serial)
  asks every hook, in order, and takes the first answer. A hook is given the creator and
  answers only about units within the creator's scope: another dealer's unit is as unknown
  as a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Model

if TYPE_CHECKING:
    from accounts.models import User
    from tickets.models import Ticket, TicketEvent

EventListener = Callable[["Ticket", "TicketEvent"], None]
NewTicketHook = Callable[["Ticket", "TicketEvent"], Sequence[Model]]

_EVENT_LISTENERS: list[EventListener] = []
_NEW_TICKET_HOOKS: list[NewTicketHook] = []
_BADGE: list[Callable[[Ticket], str]] = []


def on_event(listener: EventListener) -> EventListener:
    """Register ``listener(ticket, event)``; registering twice is one registration."""
    if listener not in _EVENT_LISTENERS:
        _EVENT_LISTENERS.append(listener)
    return listener


def on_new_ticket(hook: NewTicketHook) -> NewTicketHook:
    """Register ``hook(ticket, event) -> unsaved rows`` for the creation path."""
    if hook not in _NEW_TICKET_HOOKS:
        _NEW_TICKET_HOOKS.append(hook)
    return hook


def set_badge(render: Callable[[Ticket], str]) -> None:
    _BADGE[:] = [render]


def badge(ticket: Ticket) -> str:
    """The queue badge of ``ticket`` (safe HTML), or "" when no app renders one."""
    return _BADGE[0](ticket) if _BADGE else ""


def event_recorded(ticket: Ticket, event: TicketEvent) -> None:
    """Tell every listener about ``event`` (call it inside the transaction that wrote it)."""
    for listener in _EVENT_LISTENERS:
        listener(ticket, event)


def new_ticket_rows(ticket: Ticket, event: TicketEvent) -> list[Model]:
    """The rows the hooks want written with a new ticket (nothing is written yet)."""
    rows: list[Model] = []
    for hook in _NEW_TICKET_HOOKS:
        rows.extend(hook(ticket, event))
    return rows


def save_new_rows(rows: Sequence[Model]) -> None:
    """Insert the rows of :func:`new_ticket_rows` after the ticket: one INSERT per model."""
    by_model: dict[type[Model], list[Model]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, group in by_model.items():
        model._default_manager.bulk_create(group)


@dataclass(frozen=True)
class IntakeFacts:
    """What a hook knows of the unit a call is about."""

    #: The registered unit (a ``warranty.Unit``, which tickets do not import).
    unit: Any
    #: The decision to store on the ticket (``Ticket.entitlement``), if any.
    entitlement: dict[str, Any] | None
    #: The unit's product model code, used when the caller named none.
    product_model: str


#: ``hook(creator or None for the system, serial_number, received_at)`` → the facts, or
#: ``None`` when it knows nothing (within the creator's scope).
IntakeHook = Callable[["User | None", str, datetime], IntakeFacts | None]
INTAKE_HOOKS: list[IntakeHook] = []


def register_intake_hook(hook: IntakeHook) -> None:
    if hook not in INTAKE_HOOKS:
        INTAKE_HOOKS.append(hook)


def intake_facts(by: User | None, serial_number: str, received_at: datetime) -> IntakeFacts | None:
    """The first registered hook's facts about the unit with ``serial_number`` that ``by``
    may see."""
    for hook in INTAKE_HOOKS:
        facts = hook(by, serial_number, received_at)
        if facts is not None:
            return facts
    return None


#: Staff page → URL name of the customer's own page ("queue", "intake", "detail" with the
#: ticket number as its one argument). Empty until a portal app sets it.
CUSTOMER_PAGES: dict[str, str] = {}


def set_customer_pages(*, queue: str, intake: str, detail: str) -> None:
    CUSTOMER_PAGES.update(queue=queue, intake=intake, detail=detail)


def customer_page(page: str) -> str | None:
    """The URL name a customer is sent to instead of staff page ``page``, if any."""
    return CUSTOMER_PAGES.get(page)


@dataclass(frozen=True)
class RowClock:
    """One clock of a ticket as a list row shows it. ``due_at`` is the wall-clock instant it
    falls due and ``urgent_at`` the instant from which it counts as urgent (both ``None`` for
    a paused clock, which shows no countdown)."""

    metric: str
    label: str
    state: str
    due_at: datetime | None
    urgent_at: datetime | None


#: ``source(tickets, metric codes, now)`` → ticket pk → its running or paused clocks of
#: those metrics, in the order of the codes.
RowClockSource = Callable[[Sequence["Ticket"], Sequence[str], datetime], dict[int, list[RowClock]]]
_ROW_CLOCKS: list[RowClockSource] = []


def set_row_clocks(source: RowClockSource) -> None:
    _ROW_CLOCKS[:] = [source]


def row_clocks(
    tickets: Sequence[Ticket], metrics: Sequence[str], now: datetime
) -> dict[int, list[RowClock]]:
    """The clocks of ``metrics`` of each ticket, as the registered source reads them."""
    if not _ROW_CLOCKS or not tickets:
        return {}
    return _ROW_CLOCKS[0](tickets, metrics, now)
