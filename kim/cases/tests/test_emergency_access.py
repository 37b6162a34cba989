"""Break the glass: a team lead opens a case outside their units by its number and a
reason, read-only, for `EMERGENCY_ACCESS_HOURS`; every read is marked in the audit
trail, and data protection lists every emergency access."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.cases.abilities import case_parts_visible
from kim.cases.models import EmergencyAccess
from kim.cases.parts import ALL_PARTS
from kim.cases.selectors import visible_cases
from kim.cases.services import emergency_access_open
from kim.cases.tests.clock import Clock
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.people.models import Disclosure
from kim.testing.factories import UserFactory, member, open_case, register_person

REASON = "Klientin in akuter Krise am Empfang, zuständige Einheit nicht erreichbar"


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def lead_b(world):
    """A team lead of unit B (Süd)."""
    user = UserFactory(username="lead_b", tenant=world.tenant, first_name="Tara", last_name="Süd")
    member(user, world.unit_b, "team_lead")
    return user


@pytest.fixture
def case(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    return open_case(world.cm, person, world.unit_a, case_manager=world.cm, reason="ANLASS-Nord")


def open_glass(user, case, reason=REASON):
    return emergency_access_open(actor=get_actor(user), number=case.number, reason=reason)


def sees(user, case) -> bool:
    return visible_cases(get_actor(user), shared=True).filter(pk=case.pk).exists()


def test_a_team_lead_opens_a_foreign_case_for_the_configured_hours(world, lead_b, case, settings):
    settings.EMERGENCY_ACCESS_HOURS = 2
    assert not sees(lead_b, case)
    access = open_glass(lead_b, case)
    assert access.ends_at - access.started_at == timedelta(hours=2)
    assert access.unit == world.unit_b
    assert sees(lead_b, case)
    assert case_parts_visible(get_actor(lead_b), case) == ALL_PARTS
    # still not in the lead's lists: only the case page opens it
    assert not visible_cases(get_actor(lead_b)).filter(pk=case.pk).exists()


def test_the_access_ends_after_its_hours(world, lead_b, case, clock, client):
    open_glass(lead_b, case)
    url = reverse("cases:detail", args=[case.pk])
    clock.move(timedelta(hours=3, minutes=59))
    client.force_login(lead_b)  # a fresh session: the idle timeout would end the old one
    assert client.get(url).status_code == 200
    clock.move(timedelta(hours=4, minutes=1))
    client.force_login(lead_b)
    assert not sees(lead_b, case)
    assert client.get(url).status_code == 404


def test_the_start_is_its_own_audit_action_with_the_reason(world, lead_b, case):
    access = open_glass(lead_b, case)
    event = AuditEvent.objects.get(action="case.emergency_access")
    assert event.actor == lead_b
    assert event.reason == REASON
    assert event.person_id == case.person_id
    assert event.object_id == case.pk
    assert event.unit_id == world.unit_b.pk
    assert event.changes["emergency_access"] == access.pk


def test_every_read_during_the_access_is_marked(world, lead_b, case, client):
    access = open_glass(lead_b, case)
    client.force_login(lead_b)
    for _ in range(2):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    reads = AuditEvent.objects.filter(action="case.view", actor=lead_b)
    assert reads.count() == 2
    for event in reads:
        assert event.changes["via"] == "emergency_access"
        assert event.changes["emergency_access"] == access.pk
        assert event.reason == REASON


def test_the_case_page_shows_a_banner_with_the_end_and_nothing_to_change(
    world, lead_b, case, client
):
    access = open_glass(lead_b, case)
    client.force_login(lead_b)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    until = timezone.localtime(access.ends_at).strftime("%d.%m.%Y %H:%M")
    assert f"Notfallzugriff bis {until} Uhr" in html
    assert "ANLASS-Nord" in html  # read everything …
    for name in ("edit", "contact_new", "handover_new", "share_new", "close"):
        assert reverse(f"cases:{name}", args=[case.pk]) not in html  # … change nothing
    for name in ("edit", "contact_new", "handover_new", "share_new", "phase"):
        assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404


def test_every_emergency_access_is_a_disclosure(world, lead_b, case):
    access = open_glass(lead_b, case)
    row = Disclosure.objects.get(source_type="cases.emergencyaccess", source_id=access.pk)
    assert row.kind == Disclosure.Kind.EMERGENCY_ACCESS
    assert row.recipient_unit == world.unit_b
    assert row.purpose == REASON
    assert row.case_number == case.number
    assert "Notfallzugriff" in row.legal_mandate


@pytest.mark.parametrize("username", ["cm", "cm_b", "authority", "data_protection", "admin"])
def test_only_team_leads_may_break_the_glass(world, case, username, client):
    with pytest.raises(NotAllowed):
        open_glass(getattr(world, username), case)
    client.force_login(getattr(world, username))
    assert client.get(reverse("cases:emergency")).status_code == 404


def test_a_lead_of_another_tenant_finds_no_case(world, case):
    lead_other = UserFactory(username="lead_other", tenant=world.other_tenant)
    member(lead_other, world.unit_other, "team_lead")
    with pytest.raises(ValidationError) as error:
        open_glass(lead_other, case)
    assert "number" in error.value.message_dict
    assert not EmergencyAccess.objects.exists()


def test_the_number_and_a_real_reason_are_required(world, lead_b, case):
    with pytest.raises(ValidationError) as error:
        emergency_access_open(actor=get_actor(lead_b), number="  ", reason="eilt")
    assert set(error.value.message_dict) == {"number", "reason"}
    with pytest.raises(ValidationError) as error:
        emergency_access_open(actor=get_actor(lead_b), number="NORD-1999-0001", reason=REASON)
    assert "NORD-1999-0001" in error.value.message_dict["number"][0]


def test_the_own_units_cases_need_no_emergency_access(world, case):
    with pytest.raises(ValidationError) as error:
        open_glass(world.lead, case)
    assert "ohne Notfallzugriff" in error.value.message_dict["number"][0]


def test_the_page_keeps_the_input_and_explains_errors(world, lead_b, case, client):
    client.force_login(lead_b)
    url = reverse("cases:emergency")
    response = client.post(url, {"number": "NORD-1999-0001", "reason": "kurz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "NORD-1999-0001" in html
    assert "mindestens 10 Zeichen" in html
    response = client.post(url, {"number": case.number.lower(), "reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])


# --- the data-protection list -------------------------------------------------------------


def test_data_protection_lists_every_emergency_access_with_filters(
    world, lead_b, case, client, clock
):
    open_glass(lead_b, case)
    other_case = open_case(world.cm, case.person, world.unit_a)
    clock.move(timedelta(days=-3))
    open_glass(lead_b, other_case, reason="Frühere Krise, Einheit Nord war geschlossen")
    clock.move(timedelta(0))
    client.force_login(world.data_protection)
    url = reverse("cases:emergency_list")
    html = client.get(url).content.decode()
    assert case.number in html and other_case.number in html
    assert REASON in html
    assert "2 Notfallzugriffe" in html
    html = client.get(url, {"number": other_case.number}).content.decode()
    assert "1 Notfallzugriff" in html and REASON not in html
    today = timezone.localdate().isoformat()
    html = client.get(url, {"date_from": today, "user": lead_b.pk}).content.decode()
    assert "1 Notfallzugriff" in html and REASON in html
    response = client.get(url, {"date_from": today, "date_to": "2000-01-01"})
    assert "Das Ende liegt vor dem Anfang." in response.content.decode()
    event = AuditEvent.objects.filter(action="emergency_access.list").first()
    assert event.actor == world.data_protection


@pytest.mark.parametrize("username", ["cm", "lead", "authority", "admin", "outsider"])
def test_only_data_protection_sees_the_list(world, username, client):
    client.force_login(getattr(world, username))
    assert client.get(reverse("cases:emergency_list")).status_code == 404


def test_the_list_shows_another_tenants_accesses_to_no_one(world, lead_b, case, client):
    open_glass(lead_b, case)
    dp_other = UserFactory(username="dp_other", tenant=world.other_tenant)
    member(dp_other, world.unit_other, "data_protection")
    client.force_login(dp_other)
    html = client.get(reverse("cases:emergency_list")).content.decode()
    assert case.number not in html
    assert "0 Notfallzugriffe" in html


def test_the_list_has_a_bounded_number_of_queries(world, lead_b, case, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_glass(lead_b, case)
    client.force_login(world.data_protection)
    url = reverse("cases:emergency_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        open_glass(lead_b, open_case(world.cm, case.person, world.unit_a))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
