"""Every page that shows a person's household, legal status or consents, and every write, is audited."""

from datetime import date

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.people.tests.test_records_permission_matrix import pages, records  # noqa: F401 - pytest fixtures shared with the matrix

READS = [
    ("household", "household.view", "person"),
    ("relation_edit", "relation.view", "personrelation"),
    ("relation_remove", "relation.view", "personrelation"),
    ("member_leave", "household.view", "householdmember"),
    ("legal_domains", "legal_domain.view", "person"),
    ("legal_domain_correct", "legal_domain.view", "legaldomainperiod"),
    ("residence", "residence.view", "person"),
    ("residence_correct", "residence.view", "residencestatus"),
    ("consents", "consent.view", "person"),
    ("consent_edit", "consent.view", "consent"),
    ("consent_withdraw", "consent.view", "consent"),
    ("consent_document", "consent.download", "consent"),
]


def last_event():
    return AuditEvent.objects.order_by("-id").first()


@pytest.mark.parametrize(("page", "action", "object_type"), READS)
def test_reading_pages_write_their_audit_event(client, world, records, page, action, object_type):  # noqa: F811
    client.force_login(world.cm)
    response = client.get(pages(records)[page])
    assert response.status_code == 200
    event = last_event()
    assert (event.action, event.object_type) == (action, object_type)
    assert event.person_id in (records["lina"].pk, records["omar"].pk)
    assert (event.actor, event.unit, event.channel) == (world.cm, world.unit_a, "web")


def test_the_household_page_records_whose_names_it_showed(client, world, records):  # noqa: F811
    client.force_login(world.cm)
    client.get(pages(records)["household"])
    assert last_event().changes == {"shown_person_ids": [records["omar"].pk]}


def test_the_person_page_records_the_relatives_it_named(client, world, records):  # noqa: F811
    client.force_login(world.cm)
    client.get(reverse("people:detail", args=[records["lina"].pk]))
    events = AuditEvent.objects.filter(action="household.view", person_id=records["lina"].pk)
    assert events.get().changes == {"shown_person_ids": [records["omar"].pk]}


def test_the_search_for_a_relative_is_audited_like_the_person_search(client, world, records):  # noqa: F811
    client.force_login(world.cm)
    client.get(pages(records)["relation_add"], {"q": "omar"})
    event = last_event()
    assert event.action == "person.search"
    assert event.changes == {"query": "omar", "ids": [records["omar"].pk]}


WRITES = [
    ("relation_edit", {"kind": "sibling", "note": "x", "version": 1}, "relation.update"),
    ("relation_remove", {"reason": "falsch"}, "relation.remove"),
    ("member_leave", {"valid_until": "2025-01-31", "version": 1}, "household.leave"),
    ("legal_domain_add", {"domain": "sgb8", "valid_from": "2024-01-01"}, "legal_domain.start"),
    ("legal_domain_end", {"valid_until": "2025-01-31"}, "legal_domain.end"),
    (
        "legal_domain_transition",
        {"new_domain": "sgb2", "on": "2025-03-01"},
        "legal_domain.transition",
    ),
    (
        "legal_domain_correct",
        {"domain": "asylblg", "valid_from": "2023-02-01", "reason": "Datum"},
        "legal_domain.correct",
    ),
    ("residence_add", {"kind": "ae", "valid_from": "2025-03-01"}, "residence.record"),
    (
        "residence_correct",
        {"kind": "gestattung", "valid_from": "2023-02-01", "reason": "Datum"},
        "residence.correct",
    ),
    ("consent_withdraw", {"on": "2026-02-01", "note": "mündlich"}, "consent.withdraw"),
]


@pytest.mark.parametrize(("page", "data", "action"), WRITES)
def test_writes_are_audited_with_the_person(client, world, records, page, data, action):  # noqa: F811
    client.force_login(world.cm)
    response = client.post(pages(records)[page], data)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action=action).order_by("-id").first()
    assert event is not None, action
    assert event.person_id in (records["lina"].pk, records["omar"].pk)
    assert event.unit == world.unit_a
    assert event.changes


def test_a_transition_is_audited_with_the_domain_it_came_from(client, world, records):  # noqa: F811
    client.force_login(world.cm)
    client.post(
        pages(records)["legal_domain_transition"],
        {"new_domain": "sgb2", "on": "2025-03-01", "reason": "Anerkennung"},
    )
    event = AuditEvent.objects.get(action="legal_domain.transition")
    assert event.changes["from_domain"] == "asylblg"
    assert event.changes["domain"] == [None, "sgb2"]
    assert event.reason == "Anerkennung"
    ended = AuditEvent.objects.filter(action="legal_domain.end")
    assert not ended.exists()  # one use case, one event; the ended row is named in it
    assert len(event.changes["ended"]) == 2


def test_a_withdrawal_is_audited_with_its_day_and_note(client, world, records):  # noqa: F811
    client.force_login(world.cm)
    client.post(pages(records)["consent_withdraw"], {"on": "2026-02-01", "note": "mündlich"})
    event = AuditEvent.objects.get(action="consent.withdraw")
    assert event.changes["withdrawn_on"] == [None, "2026-02-01"]
    assert event.reason == "mündlich"


def test_adding_a_household_member_is_audited(client, world, records):  # noqa: F811
    from kim.testing.factories import register_person

    newcomer = register_person(world.cm, world.unit_a, family_name="Neu", given_names="Nina")
    client.force_login(world.cm)
    client.post(
        pages(records)["member_add"],
        {"person": newcomer.pk, "valid_from": "2024-06-01", "q": "Neu"},
    )
    event = AuditEvent.objects.get(action="household.add_member", person_id=newcomer.pk)
    assert event.changes["valid_from"] == [None, str(date(2024, 6, 1))]


def test_outsiders_leave_no_read_event(client, world, records):  # noqa: F811
    client.force_login(world.cm_b)
    before = AuditEvent.objects.count()
    for page in ("household", "legal_domains", "residence", "consents", "consent_document"):
        assert client.get(pages(records)[page]).status_code == 404
    assert AuditEvent.objects.count() == before
