"""The person page lists the records merged into it: when, by whom, why, the merged
record's name and date of birth as the merge stored them, and what moved. Only
for those who may see the surviving record, for one query however many merges."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import Person
from kim.people.sections import merge_history_section
from kim.people.selectors.duplicates import merges_into
from kim.people.services.merge import merge_plan, move_label, person_merge
from kim.testing.factories import member, open_case, register_person

HEADING = "Zusammengeführte Datensätze"


@pytest.fixture
def survivor(world):
    return register_person(
        world.cm,
        world.unit_a,
        family_name="Ghebremedhin",
        given_names="Tesfay",
        birth_date=date(1995, 1, 1),
        birth_date_precision="year",
        nationalities=["ER"],
    )


@pytest.fixture
def duplicate(world):
    gone = register_person(
        world.cm,
        world.unit_a,
        family_name="Gebremedhin",
        given_names="Tesfai",
        birth_date=date(1995, 3, 14),
        nationalities=["ER"],
        phone="0171 5550199",
    )
    open_case(world.cm, gone, world.unit_a)
    return gone


def merge(user, survivor, gone, *, take=(), reason="doppelt registriert, gleicher Pass"):
    survivor.refresh_from_db()  # an earlier merge raised its version
    return person_merge(
        actor=get_actor(user),
        survivor=survivor,
        merged=gone,
        reason=reason,
        expected=merge_plan(survivor, gone).digest,
        take_from_merged=set(take),
    )


def page(client, user, person):
    client.force_login(user)
    return client.get(reverse("people:detail", args=[person.pk]))


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_survivors_page_tells_when_who_why_what_was_merged_and_what_moved(
    client, world, survivor, duplicate
):
    record = merge(world.lead, survivor, duplicate, take={"birth_date"})
    html = page(client, world.cm, survivor).content.decode()
    at = timezone.localtime(record.merged_at).strftime("%d.%m.%Y, %H:%M")
    for text in (
        HEADING,
        f"Tesfai Gebremedhin (Datensatz Nr. {duplicate.pk})",
        "14.03.1995",
        at,
        f"von {world.lead.get_full_name()}",
        "doppelt registriert, gleicher Pass",
        "Fälle: 1",
        "Einheiten, die die Person führen: 0 (dazu 1 schon vorhanden, zusammengelegt)",
        "1 Name als Namensvariante gespeichert",
    ):
        assert text in html, text
    assert "Angaben aus diesem Datensatz</dt>" in html and ">Geburtsdatum</dd>" in html


def test_the_merged_records_data_show_as_the_merge_stored_them_and_no_more(
    client, world, survivor, duplicate
):
    merge(world.lead, survivor, duplicate)
    # The merged row itself is not what the history reads.
    Person.objects.filter(pk=duplicate.pk).update(family_name="Später geändert")
    html = page(client, world.cm, survivor).content.decode()
    assert "Tesfai Gebremedhin" in html
    assert "Später geändert" not in html
    assert "0171 5550199" not in html  # stored with the merge, not shown


def test_a_person_without_merges_has_no_such_section(client, world, survivor):
    response = page(client, world.lead, survivor)
    assert response.status_code == 200
    assert HEADING not in response.content.decode()


def test_several_merges_are_listed_newest_first(client, world, survivor, duplicate):
    merge(world.lead, survivor, duplicate)
    later = register_person(world.cm, world.unit_a, family_name="Ghebremedin", given_names="Tesfay")
    merge(world.lead, survivor, later, reason="Schreibfehler")
    html = page(client, world.lead, survivor).content.decode()
    assert html.index(f"Nr. {later.pk}") < html.index(f"Nr. {duplicate.pk}")
    assert [m.merged_id for m in merges_into(get_actor(world.lead), survivor)] == [
        later.pk,
        duplicate.pk,
    ]


# Who sees the history of a record merged in unit A: those who may see the record.
# "404" where the page itself is not there for them.
VISIBILITY = {
    "lead": True,  # team lead of the unit holding the record
    "cm": True,  # case manager of that unit
    "cm_b": "404",  # case manager of the other unit
    "authority": "404",
    "coordination": "404",
    "data_protection": "404",
    "admin": "404",
    "outsider": "404",  # case manager in another tenant
}


def test_who_sees_the_merge_history(client, world, survivor, duplicate):
    merge(world.lead, survivor, duplicate)
    seen = {}
    for username, user in world.users().items():
        response = page(client, user, survivor)
        if response.status_code == 404:
            seen[username] = "404"
        else:
            seen[username] = HEADING in response.content.decode()
    assert seen == VISIBILITY
    for username, shown in VISIBILITY.items():
        actor = get_actor(getattr(world, username))
        section = merge_history_section(actor, survivor)
        assert (section is not None) == (shown is True), username
        # The selector refuses on its own, not only the section.
        assert bool(merges_into(actor, survivor)) == (shown is True), username


def test_a_lead_over_both_units_merges_across_them_and_both_teams_see_the_history(
    client, world, survivor
):
    member(world.lead, world.unit_b, "team_lead")
    gone = register_person(
        world.cm_b,
        world.unit_b,
        family_name="Gebremedhin",
        given_names="Tesfai",
        birth_date=date(1995, 1, 1),
        birth_date_precision="year",
    )
    open_case(world.cm_b, gone, world.unit_b)
    merge(world.lead, survivor, gone)
    for user in (world.cm, world.cm_b, world.lead):
        html = page(client, user, survivor).content.decode()
        assert HEADING in html and "Tesfai Gebremedhin" in html, user.username
        assert "1995 (nur Jahr)" in html
        assert "Einheiten, die die Person führen: 1" in html


def test_reading_the_history_is_part_of_the_person_page_read(client, world, survivor, duplicate):
    merge(world.lead, survivor, duplicate)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    page(client, world.cm, survivor)
    events = AuditEvent.objects.filter(id__gt=before)
    assert [(e.action, e.person_id, e.actor) for e in events] == [
        ("person.view", survivor.pk, world.cm)
    ]


@pytest.mark.parametrize("username", ["cm", "lead"])
def test_the_history_costs_the_person_page_the_same_queries_for_none_or_three_merges(
    client, world, survivor, username
):
    client.force_login(getattr(world, username))
    url = reverse("people:detail", args=[survivor.pk])
    without = count_queries(client, url)
    for i in range(3):
        gone = register_person(
            world.cm, world.unit_a, family_name=f"Ghebremedhin{i}", given_names="Tesfay"
        )
        open_case(world.cm, gone, world.unit_a)
        merge(world.lead, survivor, gone)
    assert count_queries(client, url) == without


def test_the_section_itself_is_one_query(django_assert_num_queries, world, survivor, duplicate):
    merge(world.lead, survivor, duplicate)
    actor = get_actor(world.cm)
    abilities(actor, survivor)  # the page has read the holding units before
    with django_assert_num_queries(1):
        section = merge_history_section(actor, survivor)
    assert [m.merged_id for m in section.context["merges"]] == [duplicate.pk]


def test_moved_rows_keep_the_labels_of_the_review_page():
    assert move_label("people.personunit") == "Einheiten, die die Person führen"
    assert move_label("cases.case.person") == "Fälle"
    assert move_label("people.personrelation") == "Beziehungen"
    assert move_label("gone.model.person") == "gone.model.person"
    assert move_label("people") == "people"
