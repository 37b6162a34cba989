"""The responsibility finder: which row wins, why, and where the town comes from."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent, FieldOfAction, Organisation, Town
from kim.network.finder import Question, find_responsible, pick, towns_for_address
from kim.network.models import Responsibility
from kim.network.services.responsibility import (
    responsibility_create,
    responsibility_delete,
    responsibility_update,
)

TODAY = date(2026, 11, 21)
WORK, HOUSING, HEALTH, LANGUAGE = 1, 2, 3, 4
NAMES = {WORK: "Arbeit", HOUSING: "Wohnen", HEALTH: "Gesundheit", LANGUAGE: "Sprache"}
NORD, SUED = 10, 11


def row(pk, office, *, field=None, domain="", town=None, since=None, until=None):
    r = Responsibility(
        pk=pk,
        field_id=field,
        legal_domain=domain,
        town_id=town,
        valid_from=since,
        valid_until=until,
        organisation=Organisation(name=office),
    )
    if field:
        r.field = FieldOfAction(pk=field, name=NAMES[field])
    if town:
        r.town = Town(pk=town, name={NORD: "Nordheim", SUED: "Südhausen"}[town])
    return r


ROWS = [
    row(1, "Bürgerbüro"),
    row(2, "Agentur für Arbeit", field=WORK),
    row(3, "Jobcenter Arbeit", field=WORK, domain="sgb2"),
    row(4, "Jobcenter", domain="sgb2"),
    row(5, "Rathaus Nordheim", town=NORD),
    row(6, "Agentur Nordheim", field=WORK, town=NORD),
    row(7, "Wohnungsamt Nordheim", field=HOUSING, domain="sgb2", town=NORD),
    row(8, "Sprachkurs alt", field=LANGUAGE, until=TODAY - timedelta(days=1)),
    row(9, "Sprachkurs neu", field=LANGUAGE, since=TODAY + timedelta(days=1)),
    row(10, "Ausländerbehörde", domain="aufenthg"),
]


@pytest.mark.parametrize(
    ("field", "domain", "town", "expected", "why"),
    [
        # Field and legal domain (2 criteria) beat field and town (2): the domain counts first.
        (WORK, "sgb2", NORD, "Jobcenter Arbeit", "Handlungsfeld „Arbeit“ · Rechtskreis SGB II · für alle Orte"),
        # No row for SGB III: field and town (2) beat field alone (1).
        (WORK, "sgb3", NORD, "Agentur Nordheim", "Handlungsfeld „Arbeit“ · für jeden Rechtskreis · Ort Nordheim"),
        (WORK, "", None, "Agentur für Arbeit", "Handlungsfeld „Arbeit“ · für jeden Rechtskreis · für alle Orte"),
        # One criterion each: the legal domain beats the town.
        (HEALTH, "sgb2", NORD, "Jobcenter", "für jedes Handlungsfeld · Rechtskreis SGB II · für alle Orte"),
        (HEALTH, "", NORD, "Rathaus Nordheim", "für jedes Handlungsfeld · für jeden Rechtskreis · Ort Nordheim"),
        (HEALTH, "", SUED, "Bürgerbüro", "für jedes Handlungsfeld · für jeden Rechtskreis · für alle Orte"),
        # All three criteria.
        (HOUSING, "sgb2", NORD, "Wohnungsamt Nordheim", "Handlungsfeld „Wohnen“ · Rechtskreis SGB II · Ort Nordheim"),
        # The three-criteria row is for Nordheim only.
        (HOUSING, "sgb2", SUED, "Jobcenter", "für jedes Handlungsfeld · Rechtskreis SGB II · für alle Orte"),
        # A field matches only its own rows: field "Arbeit" + the question "Wohnen".
        (HOUSING, "", SUED, "Bürgerbüro", "für jedes Handlungsfeld · für jeden Rechtskreis · für alle Orte"),
        # Ended yesterday, starts tomorrow: neither is valid today.
        (LANGUAGE, "", None, "Bürgerbüro", "für jedes Handlungsfeld · für jeden Rechtskreis · für alle Orte"),
        # A question without legal domain matches only rows for every legal domain.
        (HEALTH, "", None, "Bürgerbüro", "für jedes Handlungsfeld · für jeden Rechtskreis · für alle Orte"),
        (LANGUAGE, "aufenthg", SUED, "Ausländerbehörde", "für jedes Handlungsfeld · Rechtskreis AufenthG · für alle Orte"),
    ],
)  # fmt: skip
def test_the_most_specific_valid_row_wins_and_says_why(field, domain, town, expected, why):
    match = pick(ROWS, Question(field, domain, town, TODAY))
    assert match.responsibility.organisation.name == expected
    assert match.why == why


def test_with_as_many_criteria_the_newer_arrangement_wins():
    rows = [
        row(1, "alte Regel", field=WORK, since=date(2020, 1, 1)),
        row(2, "neue Regel", field=WORK, since=date(2025, 1, 1)),
        row(3, "ohne Beginn", field=WORK),
    ]
    match = pick(rows, Question(WORK, "", None, TODAY))
    assert match.responsibility.organisation.name == "neue Regel"
    assert match.alternatives == 2


def test_a_row_starting_today_and_one_ending_today_both_count():
    rows = [row(1, "endet heute", field=WORK, until=TODAY), row(2, "beginnt heute", since=TODAY)]
    assert pick(rows, Question(WORK, "", None, TODAY)).responsibility.pk == 1
    assert pick(rows, Question(HEALTH, "", None, TODAY)).responsibility.pk == 2


def test_no_matching_row_gives_no_answer():
    assert pick([row(1, "nur Arbeit", field=WORK)], Question(HEALTH, "", None, TODAY)) is None
    assert pick([], Question(WORK, "sgb2", NORD, TODAY)) is None


# --- with the database ---------------------------------------------------------------------


def test_the_finder_answers_from_the_tenants_rows_in_one_query(
    world, directory, django_assert_num_queries
):
    arbeit = world.fields[1]
    actor = get_actor(world.cm)
    with django_assert_num_queries(1):
        match = find_responsible(actor, field=arbeit, legal_domain="sgb2", town=directory.town)
    assert match.responsibility.organisation == directory.jobcenter
    assert match.responsibility.service == directory.job_coaching
    match = find_responsible(get_actor(world.cm), field=arbeit, legal_domain="sgb3")
    assert match.responsibility.organisation == directory.awo


def test_another_tenants_rows_never_answer(world, directory):
    Responsibility.objects.all().delete()
    other_org = Organisation.objects.create(
        tenant=world.other_tenant, name="Fremd", kind=Organisation.Kind.OTHER
    )
    Responsibility.objects.create(tenant=world.other_tenant, organisation=other_org)
    assert find_responsible(get_actor(world.cm), field=world.fields[0]) is None
    assert find_responsible(get_actor(world.outsider), field=world.fields[0]) is not None


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("12345", ["Testhausen"]),
        ("Hauptstraße 3, 12350 Feldberg", ["Feldberg"]),
        ("12346", ["Testhausen"]),
        ("Am Markt 1, Feldberg", ["Feldberg"]),
        ("99999", []),
        ("123", []),
        ("Irgendwo", []),
    ],
)
def test_a_postcode_or_address_leads_to_the_town(world, directory, address, expected):
    assert [t.name for t in towns_for_address(get_actor(world.cm), address)] == expected


# --- upkeep ------------------------------------------------------------------------------------


def test_the_coordination_enters_changes_and_deletes_responsibilities_audited(world, directory):
    actor = get_actor(world.coordination)
    created = responsibility_create(
        actor=actor,
        field=world.fields[0],
        legal_domain="sgb12",
        organisation=directory.awo,
        note="  Termin vorher vereinbaren ",
    )
    assert created.note == "Termin vorher vereinbaren"
    updated = responsibility_update(
        actor=actor, responsibility=created, version=1, town=directory.town
    )
    assert updated.version == 2
    responsibility_delete(actor=actor, responsibility=updated, version=2)
    assert not Responsibility.objects.filter(pk=created.pk).exists()
    events = list(
        AuditEvent.objects.filter(object_type="responsibility", object_id=created.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert events == ["responsibility.create", "responsibility.update", "responsibility.delete"]


def test_overlapping_rows_for_the_same_criteria_are_refused(world, directory):
    actor = get_actor(world.coordination)
    arbeit = world.fields[1]
    with pytest.raises(ValidationError) as error:
        responsibility_create(
            actor=actor, field=arbeit, legal_domain="sgb2", organisation=directory.awo
        )
    assert "Jobcenter Testland" in str(error.value)
    # Once the old row ends, a new one may follow it.
    responsibility_update(
        actor=actor,
        responsibility=directory.responsibilities[0],
        version=1,
        valid_until=TODAY,
    )
    responsibility_create(
        actor=actor,
        field=arbeit,
        legal_domain="sgb2",
        organisation=directory.awo,
        valid_from=TODAY + timedelta(days=1),
    )


def test_a_service_must_belong_to_the_office_and_the_end_follow_the_start(world, directory):
    actor = get_actor(world.coordination)
    with pytest.raises(ValidationError) as error:
        responsibility_create(
            actor=actor,
            field=world.fields[0],
            legal_domain="stag",
            organisation=directory.jobcenter,
            service=directory.language_cafe,
            valid_from=TODAY,
            valid_until=TODAY - timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"service", "valid_until"}


def test_only_the_coordination_of_the_tenant_maintains_responsibilities(world, directory):
    for user in (world.cm, world.lead, world.admin, world.outsider):
        with pytest.raises(NotAllowed):
            responsibility_create(actor=get_actor(user), organisation=directory.awo)
        with pytest.raises(NotAllowed):
            responsibility_delete(
                actor=get_actor(user),
                responsibility=directory.responsibilities[1],
                version=1,
            )
