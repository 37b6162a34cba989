"""Planning sections and pages issue a bounded number of queries, however much
the case holds (goals, actions, assessment versions, barriers)."""

from datetime import date
from unittest.mock import patch

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.planning.services import action_create, barrier_flag, goal_create, goal_evaluate
from kim.planning.tests.conftest import assess, item


def populate(setting, n):
    """n more assessment versions, goals with two actions each, loose actions, barriers."""
    actor = setting.actor()
    fields = setting.world.fields
    for i in range(n):
        assess(setting, item(fields[0], needs=f"Bedarf {i}"), item(fields[1], situation=f"S {i}"))
        goal = goal_create(
            actor=actor,
            case=setting.case,
            field=fields[i % 2],
            wording=f"Ziel {i}",
            target_date=date(2026, 6, 1),
        )
        for j in range(2):
            action_create(
                actor=actor,
                case=setting.case,
                goal=goal,
                what=f"Maßnahme {i}.{j}",
                who="provider",
                organisation=setting.organisation,
                due_date=date(2026, 1, 10 + j),
            )
        action_create(actor=actor, case=setting.case, what=f"lose {i}", who="case_manager")
        barrier_flag(
            actor=actor,
            case=setting.case,
            field=fields[0],
            legal_domain="sgb2",
            category=setting.categories[i % 5],
            flagged_on=date(2026, 1, 5),
        )
        if i % 2:
            goal_evaluate(actor=actor, goal=goal, version=1, result="achieved", reason="gut")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = {
    "case page": lambda case: reverse("cases:detail", args=[case.pk]),
    "assessment form": lambda case: reverse("planning:assessment_new", args=[case.pk]),
    "assessment compare": lambda case: reverse("planning:assessment_compare", args=[case.pk]),
    "goal evaluation": lambda case: reverse("planning:goal_evaluation", args=[case.pk]),
    "new action": lambda case: reverse("planning:action_new", args=[case.pk]),
}
BOUNDS = {
    # The whole case page grows with other apps' sections; its bound lives in
    # kim/cases/tests. Planning's share is pinned below: four queries.
    "case page": None,
    "assessment form": 16,
    "assessment compare": 12,
    "goal evaluation": 12,
    "new action": 12,
}


@pytest.fixture
def setting_with_org(setting):
    from kim.testing.factories import OrganisationFactory

    setting.organisation = OrganisationFactory(tenant=setting.world.tenant, name="AWO")
    return setting


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ["cm", "lead"])
def test_queries_do_not_grow_with_the_plan(client, setting_with_org, page, username):
    if page == "barrier counts" and username == "cm":
        username = "coordination"  # counts are not for case managers
    setting = setting_with_org
    populate(setting, 2)
    client.force_login(getattr(setting.world, username))
    small = count(client, PAGES[page](setting.case))
    populate(setting, 10)
    large = count(client, PAGES[page](setting.case))
    assert large == small, f"{page}: {small} queries with 2 of each, {large} with 12"
    if BOUNDS[page] is not None:
        assert large <= BOUNDS[page], f"{page}: {large}"


def test_the_planning_sections_add_four_queries_to_the_case_page(client, setting_with_org):
    from kim.core import slots
    from kim.planning import action_links

    setting = setting_with_org
    populate(setting, 3)
    planning = [
        p
        for p in slots._PROVIDERS[slots.CASE_DETAIL]
        if p.__module__ == "kim.planning.sections" and p.__name__ != "conferences_section"
    ]
    assert len(planning) == 3
    # Links other apps add to the action rows count as theirs (the network's: one query).
    with (
        CaptureQueriesContext(connection) as ctx,
        patch.object(action_links, "_PROVIDERS", []),
    ):
        for provider in planning:
            provider(setting.actor(), setting.case)
    assert len(ctx.captured_queries) == 4


def test_the_conference_section_costs_one_query_without_and_three_with_conferences(
    setting_with_org,
):
    from kim.planning.models import ConferenceParticipant
    from kim.planning.sections import conferences_section
    from kim.planning.services import conference_create

    setting = setting_with_org
    with CaptureQueriesContext(connection) as ctx:
        assert conferences_section(setting.actor(), setting.case).context["conferences"] == []
    assert len(ctx.captured_queries) == 1
    for _ in range(3):
        conference_create(
            actor=setting.actor(),
            case=setting.case,
            held_on=setting.case.opened_on,
            agenda="TOP 1",
            data_categories=["base"],
            participants=[
                {"kind": ConferenceParticipant.Kind.UNIT, "unit": setting.world.unit_a},
                {"kind": ConferenceParticipant.Kind.PERSON, "name": "Lina"},
            ],
        )
    with CaptureQueriesContext(connection) as ctx:
        section = conferences_section(setting.actor(), setting.case)
        labels = [p.label for c in section.context["conferences"] for p in c.participants.all()]
    assert len(ctx.captured_queries) == 3
    assert len(labels) == 6
