"""The agenda: its items, their order, the run of show, and templates."""
from typing import Literal

from . import Command, Id, field

ACTIONS = ("start", "start_item", "next", "back", "pause", "resume", "end")  # the run of show

TEXT_LIMITS = {"title": 200, "presenter": 120, "description": 5000}
PLANNED_MINUTES = (0, 600)
DEFAULT_MINUTES = 10
MAX_ITEMS = 100  # in one agenda


class AgendaItemInput(Command):
    """POST /api/events/{code}/agenda/items (title required), PATCH .../items/{id} (only what is sent
    changes); also each item of a template being applied."""

    title: str | None = field(None, description=f"One line, at most {TEXT_LIMITS['title']} characters.")
    description: str | None = field(None, description=f"At most {TEXT_LIMITS['description']} characters.")
    presenter: str | None = field(None, description=f"One line, at most {TEXT_LIMITS['presenter']} characters.")
    planned_minutes: int = field(None, ge=PLANNED_MINUTES[0], le=PLANNED_MINUTES[1],
                                 message="planned_minutes must be a whole number from {} to {}.".format(
                                     *PLANNED_MINUTES),
                                 description="Minutes planned for it (10 when left out).")


class Reorder(Command):
    """PUT /api/events/{code}/agenda/order."""

    item_ids: list[Id] = field(None, code="invalid_order",
                               message="item_ids must list every item of this agenda exactly once.",
                               description="Every item of the agenda, each once, in the new order.")


class RunStep(Command):
    """POST /api/events/{code}/agenda/run/{action} (an optional body)."""

    item_id: Id | None = field(None, message="item_id must be an integer.",
                               description="With start_item only: the item to start.")


class TemplateName(Command):
    """POST /api/events/{code}/agenda/template."""

    name: str | None = field(None, description="The template's name: one line, at most 120 characters.")


class Apply(Command):
    """POST /api/events/{code}/agenda/apply: either template_id or from_event."""

    template_id: Id | None = field(None, message="template_id must be an integer.",
                                   description="One of your agenda templates.")
    from_event: str | None = field(None, message="from_event must be an event's join code.",
                                   description="The join code of an event whose agenda you may see.")


class Run(RunStep):
    """Socket `agenda:run`."""

    action: Literal[ACTIONS] = field(None, code="unknown_action",  # type: ignore[valid-type]
                                     message="Unknown action {value!r}.")
