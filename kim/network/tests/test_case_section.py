"""The case page's "Zuständige Stellen": per field of action with needs, the office for the
person's town and legal domains – in two queries however much there is."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.models import FieldOfAction
from kim.network.models import Responsibility
from kim.network.sections import case_responsibilities_section
from kim.people.services import legal_domain_start
from kim.planning.services import assessment_record
from kim.testing.factories import open_case, register_person


def assess(world, case, needs: dict, number=0):
    items = [
        {"field": field, "situation": "", "needs": text, "resources": "", "urgency": "medium"}
        for field, text in needs.items()
    ]
    return assessment_record(
        actor=get_actor(world.cm),
        case=case,
        based_on=number,
        assessed_on=timezone.localdate(),
        items=items,
    )


@pytest.fixture
def case(world, directory):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", town=directory.town)
    return open_case(world.cm, person, world.unit_a, fields=world.fields)


PLAN_HEADING = "hilfeplan"


def answers(world, case) -> dict:
    case = Case.objects.select_related("person", "person__town").get(pk=case.pk)
    section = case_responsibilities_section(get_actor(world.cm), case)
    return {
        answer.field_name: [m.responsibility.organisation.name for m in answer.matches]
        for answer in section.context["answers"]
    }


def test_each_field_with_needs_gets_the_office_for_the_persons_domains(world, directory, case):
    sprache, arbeit = world.fields
    legal_domain_start(
        actor=get_actor(world.cm), person=case.person, domain="sgb2", valid_from=date(2025, 1, 1)
    )
    assess(world, case, {sprache: "Deutschkurs finden", arbeit: "Arbeit suchen"})
    # Arbeit: SGB II → Jobcenter. Sprache: the row is for Feldberg, the person lives in
    # Testhausen → nobody.
    assert answers(world, case) == {"Sprache": [], "Arbeit": ["Jobcenter Testland"]}


def test_each_legal_domain_of_the_person_may_bring_its_own_office(world, directory, case):
    sprache, arbeit = world.fields
    actor = get_actor(world.cm)
    legal_domain_start(actor=actor, person=case.person, domain="sgb2", valid_from=date(2025, 1, 1))
    legal_domain_start(
        actor=actor, person=case.person, domain="aufenthg", valid_from=date(2024, 1, 1)
    )
    assess(world, case, {arbeit: "Arbeit suchen"})
    # SGB II: the Jobcenter's row (field and domain). AufenthG: the rows "Arbeit, any
    # domain" (AWO) and "any field, AufenthG" (authority) have one criterion each; the
    # field of action counts first.
    assert answers(world, case) == {"Arbeit": ["Jobcenter Testland", "AWO Testland"]}


def test_fields_without_needs_and_ended_domains_do_not_count(world, directory, case):
    sprache, arbeit = world.fields
    actor = get_actor(world.cm)
    legal_domain_start(
        actor=actor,
        person=case.person,
        domain="sgb2",
        valid_from=date(2024, 1, 1),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    assess(world, case, {sprache: "   ", arbeit: "Bewerbung schreiben"})
    # SGB II ended yesterday: the row for every legal domain answers.
    assert answers(world, case) == {"Arbeit": ["AWO Testland"]}


def test_only_the_newest_assessment_counts(world, directory, case):
    sprache, arbeit = world.fields
    assess(world, case, {arbeit: "Arbeit suchen"})
    assess(world, case, {sprache: "Deutsch lernen"}, number=1)
    assert list(answers(world, case)) == ["Sprache"]


def test_without_needs_the_section_says_so(client, world, directory, case):
    client.force_login(world.cm)
    page = client.get(reverse("cases:network", args=[case.pk])).content.decode()
    assert "Zuständige Stellen" in page
    assert "Im aktuellen Assessment ist für kein Handlungsfeld ein Bedarf beschrieben." in page


def test_the_case_page_names_the_office_and_why(client, world, directory, case):
    arbeit = world.fields[1]
    legal_domain_start(
        actor=get_actor(world.cm), person=case.person, domain="sgb2", valid_from=date(2025, 1, 1)
    )
    assess(world, case, {arbeit: "Arbeit suchen"})
    client.force_login(world.cm)
    page = client.get(reverse("cases:network", args=[case.pk])).content.decode()
    assert "Jobcenter Testland" in page
    assert "Handlungsfeld „Arbeit“ · Rechtskreis SGB II · für alle Orte" in page
    assert reverse("network:service", args=[directory.job_coaching.pk]) in page
    assert "Für den Wohnort Testhausen" in page


def test_the_section_opens_the_tab_netzwerk_before_referrals_and_conferences(
    client, world, directory, case
):
    client.force_login(world.cm)
    page = client.get(reverse("cases:network", args=[case.pk])).content.decode()
    assert page.index('id="zustaendige-stellen"') < page.index('id="vermittlungen"')
    assert page.index('id="vermittlungen"') < page.index('id="fallkonferenzen"')
    # the assessment it reads and the plan are on the tab "Hilfeplan"
    assert 'id="assessment"' not in page and f'id="{PLAN_HEADING}"' not in page


def test_others_do_not_get_the_section(world, directory, case):
    for user in (world.cm_b, world.coordination, world.outsider):
        assert case_responsibilities_section(get_actor(user), case) is None


def _grow(world, directory, case, n):
    """n more fields of action with needs, n more legal domains and many more rows."""
    fields = []
    for i in range(n):
        field = FieldOfAction.objects.create(
            tenant=world.tenant, code=f"feld{case.pk}x{i}", name=f"Feld {i}", position=20 + i
        )
        fields.append(field)
        for domain in ("sgb2", "sgb3", "sgb12", ""):
            Responsibility.objects.create(
                tenant=world.tenant,
                field=field,
                legal_domain=domain,
                town=directory.town if domain == "sgb3" else None,
                organisation=directory.awo,
                service=directory.housing if domain == "sgb12" else None,
            )
    return fields


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_section_costs_two_queries_whatever_the_data(world, directory, case):
    actor = get_actor(world.cm)
    case = Case.objects.select_related("person", "person__town").get(pk=case.pk)
    legal_domain_start(actor=actor, person=case.person, domain="sgb2", valid_from=date(2025, 1, 1))
    assess(world, case, {world.fields[1]: "Arbeit"})
    with CaptureQueriesContext(connection) as small:
        case_responsibilities_section(actor, case)
    more = _grow(world, directory, case, 6)
    for domain in ("sgb12", "aufenthg", "stag"):
        legal_domain_start(
            actor=actor, person=case.person, domain=domain, valid_from=date(2025, 1, 1)
        )
    assess(world, case, dict.fromkeys([*world.fields, *more], "Bedarf"), number=1)
    with CaptureQueriesContext(connection) as large:
        section = case_responsibilities_section(actor, case)
    assert len(section.context["answers"]) == 8
    assert len(small.captured_queries) == len(large.captured_queries) == 2


def test_the_case_page_does_not_grow_with_fields_rows_and_domains(client, world, directory, case):
    actor = get_actor(world.cm)
    legal_domain_start(actor=actor, person=case.person, domain="sgb2", valid_from=date(2025, 1, 1))
    assess(world, case, {world.fields[1]: "Arbeit"})
    client.force_login(world.cm)
    url = reverse("cases:network", args=[case.pk])
    small = count(client, url)
    more = _grow(world, directory, case, 8)
    legal_domain_start(actor=actor, person=case.person, domain="sgb12", valid_from=date(2025, 1, 1))
    assess(world, case, dict.fromkeys([*world.fields, *more], "Bedarf"), number=1)
    assert count(client, url) == small
