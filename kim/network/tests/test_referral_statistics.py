"""Referral figures per service: counts by status and outcome, the median waiting time,
small numbers suppressed; on the service's directory page and for the coordination."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core.models import Tenant
from kim.network.models import Referral
from kim.network.referral_statistics import build_rollup, rollup_by_service, service_rollup
from kim.network.tests.referral_helpers import build_setting


@pytest.fixture
def s(world):
    return build_setting(world)


def rows(table):
    return dict(table["rows"])


def test_counts_below_the_threshold_show_as_less_than_and_a_lone_one_takes_another_along():
    rollup = build_rollup(
        {"sent": 7, "accepted": 2, "completed": 12, "declined": 0}, {"received": 12}, [], 5
    )
    shown = rows(rollup.statuses)
    assert shown["gesendet, noch ohne Antwort"] == "gesperrt"  # the next smallest
    assert shown["angenommen"] == "< 5"
    assert shown["abgeschlossen"] == "12"
    assert shown["abgelehnt"] == "0"
    assert rollup.total == "21"


def test_the_median_waiting_time_needs_threshold_many_values():
    assert build_rollup({}, {}, [3, 10, 20, 40], 5).waiting_shown == "zu wenige Angaben"
    assert build_rollup({}, {}, [3, 10, 20, 40, 7], 5).waiting_shown == "10 Tage"
    assert build_rollup({}, {}, [3, 10, 20, 40, 7, 8], 5).waiting_shown == "9 Tage"
    assert build_rollup({}, {}, [3, 10, 20, 40, 7, 9], 5).waiting_shown == "9,5 Tage"
    assert build_rollup({}, {}, [], 5).waiting_shown == "–"


def test_a_service_rolls_up_its_sent_referrals_without_drafts(s):
    Tenant.objects.filter(pk=s.world.tenant.pk).update(disclosure_threshold=2)
    today = timezone.localdate()
    for days in (4, 6, 20):
        referral = s.move(s.sent(), "accepted", first_appointment_on=today + timedelta(days))
        s.move(referral, "in_progress", first_appointment_on=today + timedelta(days))
        s.move(referral, "completed", outcome="received")
    s.move(s.sent(), "declined", reason="voll")
    s.move(s.sent(), "declined", reason="voll")
    s.draft()
    s.sent(service=s.other_service, categories=[], mandate="")
    rollup = service_rollup(s.service)
    assert rows(rollup.statuses)["abgeschlossen"] == "3"
    assert rows(rollup.statuses)["abgelehnt"] == "2"
    assert rows(rollup.outcomes)["Unterstützung erhalten"] == "3"
    assert rollup.total == "5"
    assert rollup.median_waiting_days == 6
    by_service = {row.name: row.rollup for row in rollup_by_service(s.world.tenant.pk)}
    assert by_service["Deutschkurs B1"].total == "5"
    assert by_service["Schuldnerberatung"].total == "< 2"


def test_the_service_page_shows_the_figures(client, s):
    s.sent()
    client.force_login(s.world.cm)
    page = client.get(reverse("network:service", args=[s.service.pk])).content.decode()
    assert "Vermittlungen über die Plattform" in page
    assert "gesendet, noch ohne Antwort" in page and "&lt; 5" in page
    assert "Haddad" not in page


def test_the_figures_page_is_for_the_coordination_and_team_leads_only(client, s):
    s.sent()
    for user, status in [
        (s.world.coordination, 200),
        (s.world.lead, 200),
        (s.world.cm, 404),
        (s.partner, 404),
        (s.world.outsider, 404),
    ]:
        client.force_login(user)
        assert client.get(reverse("referrals:statistics")).status_code == status, user.username
    client.force_login(s.world.coordination)
    page = client.get(reverse("referrals:statistics")).content.decode()
    assert "Deutschkurs B1" in page and "Haddad" not in page
    assert Referral.objects.count() == 1
