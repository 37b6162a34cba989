from django.utils import timezone

from kim.cases.abilities import case_parts_visible
from kim.cases.parts import INTERNAL
from kim.core.actor import Actor
from kim.core.permissions import CASE_MANAGE, CASE_VIEW
from kim.core.slots import CASE_ASIDE, START, Section, register
from kim.followups.selectors import case_open_followups, my_open_followups, unit_followup_overview


@register(START)
def my_followups_section(actor: Actor, obj=None) -> Section | None:
    if not actor.has(CASE_VIEW) or actor.user is None:
        return None
    today = timezone.localdate()
    due = list(my_open_followups(actor, until=today)[:10])
    context = {"due": due, "today": today}
    if actor.has(CASE_MANAGE):
        context["overview"] = unit_followup_overview(actor, today=today)
    return Section("followups/start.html", 8, context)


@register(CASE_ASIDE)
def case_followups_section(actor: Actor, case) -> Section | None:
    from kim.core.abilities import abilities

    if INTERNAL not in case_parts_visible(actor, case):
        return None
    return Section(
        "followups/case_section.html",
        10,
        {
            "followups": list(case_open_followups(actor, case)),
            "can_add": abilities(actor, case)["document"],
            "today": timezone.localdate(),
            "case": case,
        },
    )
