"""Residence status history, the current status and the titles that are about to expire."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import StaleEdit
from kim.people.models import ResidenceStatus
from kim.people.selectors import (
    current_residence,
    residence_statuses,
    residence_titles_expiring,
)
from kim.people.services import residence_status_correct, residence_status_record
from kim.testing.factories import register_person

TODAY = date(2026, 6, 1)


def record(actor, person, kind="ae", valid_from=date(2024, 1, 1), **kw):
    return residence_status_record(
        actor=actor, person=person, kind=kind, valid_from=valid_from, **kw
    )


def test_the_current_status_is_the_latest_valid_one(actor, family):
    lina = family[0]
    record(
        actor, lina, kind="gestattung", valid_from=date(2022, 1, 1), valid_until=date(2023, 6, 30)
    )
    ae = record(
        actor,
        lina,
        kind="ae",
        valid_from=date(2023, 7, 1),
        valid_until=date(2026, 6, 30),
        legal_basis="§ 25 Abs. 2 AufenthG",
    )
    statuses = residence_statuses(actor, lina)
    assert current_residence(statuses, TODAY) == ae
    # After it expired, the latest one is still shown (the page says "abgelaufen").
    assert current_residence(statuses, date(2027, 1, 1)) == ae


def test_the_residence_page_marks_an_expired_status(client, world, actor, family):
    lina = family[0]
    yesterday = timezone.localdate() - timedelta(days=1)
    record(actor, lina, kind="duldung", valid_from=date(2024, 1, 1), valid_until=yesterday)
    client.force_login(world.cm)
    html = client.get(reverse("people:residence", args=[lina.pk])).content.decode()
    assert "Duldung" in html
    assert "abgelaufen" in html


def test_a_correction_adds_a_row_and_keeps_the_old_one(actor, family):
    lina = family[0]
    status = record(actor, lina, legal_basis="§ 24 AufenthG")
    with pytest.raises(ValidationError):
        residence_status_correct(actor=actor, status=status, reason="", legal_basis="x")
    corrected = residence_status_correct(
        actor=actor, status=status, reason="Tippfehler", legal_basis="§ 25 Abs. 2 AufenthG"
    )
    assert ResidenceStatus.objects.get(pk=status.pk).legal_basis == "§ 24 AufenthG"
    assert residence_statuses(actor, lina) == [corrected]
    with pytest.raises(StaleEdit):
        residence_status_correct(actor=actor, status=status, reason="alt", note="x")


def test_the_add_form_offers_legal_basis_suggestions_and_keeps_input_on_error(
    client, world, family
):
    lina = family[0]
    client.force_login(world.cm)
    url = reverse("people:residence_add", args=[lina.pk])
    assert "§ 60a AufenthG" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "ae",
            "legal_basis": "§ 24 AufenthG",
            "valid_from": "2024-03-01",
            "valid_until": "2024-02-01",
            "issuing_authority": "ABH Testhausen",
        },
    )
    html = response.content.decode()
    assert "Das Ende liegt vor dem Beginn" in html
    assert 'value="ABH Testhausen"' in html
    assert not ResidenceStatus.objects.exists()


# --- titles about to expire -------------------------------------------------


@pytest.fixture
def expiring(world, actor):
    """One person per end date, named after the offset from TODAY in days."""

    def person_ending(offset: int | None, unit=None, user=None):
        user = user or world.cm
        person = register_person(
            user, unit or world.unit_a, family_name=f"Ende{offset}", given_names="Test"
        )
        until = TODAY + timedelta(days=offset) if offset is not None else None
        record(get_actor(user), person, valid_from=date(2024, 1, 1), valid_until=until)
        return person

    return person_ending


def names(statuses):
    return sorted(s.person.family_name for s in statuses)


def test_titles_ending_today_or_on_the_last_day_of_the_window_are_included(actor, expiring):
    for offset in (-1, 0, 1, 27, 28, 29, None):
        expiring(offset)
    found = residence_titles_expiring(actor, 4, today=TODAY)
    assert names(found) == ["Ende0", "Ende1", "Ende27", "Ende28"]


def test_a_renewal_recorded_after_the_title_takes_it_off_the_list(actor, expiring):
    person = expiring(10)
    record(actor, person, valid_from=TODAY + timedelta(days=11), valid_until=date(2029, 1, 1))
    assert list(residence_titles_expiring(actor, 4, today=TODAY)) == []


def test_a_fiktionsbescheinigung_that_itself_expires_soon_is_listed_instead(actor, expiring):
    person = expiring(3)
    record(
        actor,
        person,
        kind="fiktion",
        valid_from=TODAY + timedelta(days=4),
        valid_until=TODAY + timedelta(days=20),
    )
    found = list(residence_titles_expiring(actor, 4, today=TODAY))
    assert [s.kind for s in found] == ["fiktion"]


def test_a_corrected_end_date_counts_not_the_superseded_one(actor, expiring):
    person = expiring(5)
    status = ResidenceStatus.objects.get(person=person)
    residence_status_correct(
        actor=actor, status=status, reason="Datum falsch", valid_until=TODAY + timedelta(days=400)
    )
    assert list(residence_titles_expiring(actor, 4, today=TODAY)) == []


def test_only_persons_the_actor_may_see_are_listed(world, actor, expiring):
    expiring(7)
    expiring(8, unit=world.unit_b, user=world.cm_b)
    assert names(residence_titles_expiring(actor, 4, today=TODAY)) == ["Ende7"]
    assert names(residence_titles_expiring(get_actor(world.cm_b), 4, today=TODAY)) == ["Ende8"]
    for name in ("outsider", "coordination", "admin", "data_protection"):
        assert (
            list(residence_titles_expiring(get_actor(getattr(world, name)), 4, today=TODAY)) == []
        )
