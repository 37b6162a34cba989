"""Helpers of the report tests (not a test module)."""

from datetime import date

from kim.core.actor import get_actor
from kim.steering import report as svc


def create(world, **overrides):
    actor = get_actor(world.coordination)
    values = svc.proposed(actor, today=date(2026, 7, 20))
    values.pop("year"), values.pop("half")
    values |= {"document_number": "VO/0001/26", "meeting_on": date(2026, 9, 17)} | overrides
    return svc.report_create(actor=actor, year=2026, half=1, **values)
