"""The team lead's duplicate list: who sees which pairs, "not a duplicate"
decisions, the audit trail, and a query count that does not grow with the list.

Pairs: `own` (both records in unit A), `unit_b` (both in unit B), `mixed` (one
in A, one only in B) and `foreign` (both in the other tenant). Only `lead`
(team lead of unit A) holds person.merge; everybody else gets 404 for every
page and action, and the lead gets 404 for every pair but `own`.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import DuplicatePair, DuplicateScan, NotDuplicate, Person, PersonMerge
from kim.people.selectors.duplicates import duplicate_pairs, hidden_pair_count
from kim.people.services.duplicates import duplicates_scan
from kim.testing.factories import build_world, register_person

ALL_USERS = [
    "cm",
    "cm_b",
    "lead",
    "coordination",
    "authority",
    "data_protection",
    "admin",
    "outsider",
]
PAIRS = ["own", "unit_b", "mixed", "foreign"]


def twin(user, unit, family, given, birth, **fields):
    return register_person(
        user, unit, family_name=family, given_names=given, birth_date=birth, **fields
    )


@pytest.fixture
def pairs(world):
    a, b, other = world.unit_a, world.unit_b, world.unit_other
    found = {
        "own": (
            twin(world.cm, a, "Al-Hassan", "Mohammed", date(1987, 12, 3), nationalities=["SY"]),
            twin(world.cm, a, "Alhasan", "Muhammad", date(1987, 3, 12), nationalities=["SY"]),
        ),
        "unit_b": (
            twin(world.cm_b, b, "Kowalenko", "Olena", date(1979, 6, 15)),
            twin(world.cm_b, b, "Kovalenko", "Olena", date(1979, 6, 15)),
        ),
        "mixed": (
            twin(world.cm, a, "Popescu", "Ioana", date(2001, 7, 9)),
            twin(world.cm_b, b, "Popesku", "Ioana", date(2001, 7, 9)),
        ),
        "foreign": (
            twin(world.outsider, other, "Müller", "Anna", date(1975, 11, 2)),
            twin(world.outsider, other, "Mueller", "Anna", date(1975, 11, 2)),
        ),
    }
    duplicates_scan(tenant_id=world.tenant.pk)
    duplicates_scan(tenant_id=world.other_tenant.pk)
    return found


def test_the_scan_finds_each_planted_pair_once(world, pairs):
    found = {
        (p.first_id, p.second_id)
        for p in DuplicatePair.objects.filter(tenant__in=[world.tenant, world.other_tenant])
    }
    assert found == {tuple(sorted(p.pk for p in pair)) for pair in pairs.values()}


def test_lead_sees_only_pairs_with_both_records_in_their_units(world, pairs):
    actor = get_actor(world.lead)
    listed = [(p.first, p.second) for p in duplicate_pairs(actor)]
    assert listed == [pairs["own"]]
    assert hidden_pair_count(actor) == 1  # `mixed`: a number, nothing more


@pytest.mark.parametrize("username", ALL_USERS)
def test_duplicate_list_is_only_for_those_who_may_merge(client, world, pairs, username):
    client.force_login(getattr(world, username))
    response = client.get(reverse("people:duplicates"))
    if username != "lead":
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert "Al-Hassan, Mohammed" in html and "Alhasan, Muhammad" in html
    for hidden in ("Kowalenko", "Kovalenko", "Popescu", "Popesku", "Müller", "Mueller"):
        assert hidden not in html
    assert "Eine weitere mögliche Dublette betrifft eine Person, die nur andere Einheiten" in html
    assert "Tag und Monat vertauscht" in html and "Staatsangehörigkeit gleich" in html


@pytest.mark.parametrize("username", ALL_USERS)
def test_navigation_shows_duplicates_only_to_those_who_may_merge(client, world, username):
    client.force_login(getattr(world, username))
    html = client.get(reverse("core:start")).content.decode()
    assert (reverse("people:duplicates") in html) == (username == "lead")


def _url(action, pair):
    one, other = pair
    if action == "review":
        return reverse("people:merge_review", args=[one.pk, other.pk])
    if action == "merge":
        return reverse("people:merge_review", args=[one.pk, other.pk])
    return reverse("people:duplicate_dismiss", args=[one.pk, other.pk])


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("action", ["review", "dismiss", "merge"])
@pytest.mark.parametrize("where", PAIRS)
def test_pair_actions_only_for_a_lead_holding_both_records(
    client, world, pairs, username, action, where
):
    client.force_login(getattr(world, username))
    pair = pairs[where]
    url = _url(action, pair)
    if action == "review":
        response = client.get(url)
    elif action == "dismiss":
        response = client.post(url, {"verschieden-reason": "Geschwister"})
    else:
        keep = {f"take_{key}": "survivor" for key in ("family_name", "given_names", "birth_date")}
        response = client.post(url, {"plan": "x", "reason": "doppelt", **keep})
    allowed = username == "lead" and where == "own"
    if not allowed:
        assert response.status_code == 404
        assert not NotDuplicate.objects.exists()
        assert not PersonMerge.objects.exists()
        return
    if action == "review":
        assert response.status_code == 200
    elif action == "dismiss":
        assert response.status_code == 302
        assert NotDuplicate.objects.filter(withdrawn_at__isnull=True).count() == 1
    else:
        # A made-up plan is a stale plan: the review is shown again, nothing merged.
        assert response.status_code == 200
        assert "Die Datensätze haben sich inzwischen geändert" in response.content.decode()
        assert not PersonMerge.objects.exists()


def test_restoring_a_decision_is_only_for_a_lead_holding_both_records(client, world, pairs):
    client.force_login(world.lead)
    client.post(_url("dismiss", pairs["own"]))
    decision = NotDuplicate.objects.get()
    url = reverse("people:duplicate_restore", args=[decision.pk])
    for username in ALL_USERS:
        if username == "lead":
            continue
        client.force_login(getattr(world, username))
        assert client.post(url).status_code == 404
        assert client.get(reverse("people:duplicates_dismissed")).status_code == 404
    assert NotDuplicate.objects.get().withdrawn_at is None


def test_a_dismissed_pair_leaves_the_list_and_comes_back_when_restored(client, world, pairs):
    client.force_login(world.lead)
    one, other = pairs["own"]
    response = client.post(_url("dismiss", pairs["own"]), {"verschieden-reason": "Brüder"})
    assert response.status_code == 302
    decision = NotDuplicate.objects.get()
    assert (decision.decided_by, decision.reason) == (world.lead, "Brüder")
    assert "Al-Hassan, Mohammed" not in client.get(reverse("people:duplicates")).content.decode()
    # The nightly scan respects the decision.
    duplicates_scan(tenant_id=world.tenant.pk)
    assert not DuplicatePair.objects.of(one.pk, other.pk).exists()

    dismissed = client.get(reverse("people:duplicates_dismissed")).content.decode()
    assert "Al-Hassan, Mohammed" in dismissed and "Brüder" in dismissed
    response = client.post(reverse("people:duplicate_restore", args=[decision.pk]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_by == world.lead and decision.withdrawn_at is not None
    assert DuplicatePair.objects.of(one.pk, other.pk).exists()
    assert "Al-Hassan, Mohammed" in client.get(reverse("people:duplicates")).content.decode()


def test_decisions_and_list_reads_are_audited(client, world, pairs):
    client.force_login(world.lead)
    one, other = pairs["own"]
    client.get(reverse("people:duplicates"))
    listed = AuditEvent.objects.get(action="duplicate.list")
    assert sorted(listed.changes["ids"]) == sorted([one.pk, other.pk])
    client.post(_url("dismiss", pairs["own"]), {"verschieden-reason": "Brüder"})
    dismissed = AuditEvent.objects.get(action="duplicate.dismiss")
    assert dismissed.changes["person_ids"] == sorted([one.pk, other.pk])
    assert dismissed.reason == "Brüder"
    client.post(reverse("people:duplicate_restore", args=[NotDuplicate.objects.get().pk]))
    assert AuditEvent.objects.filter(action="duplicate.restore").count() == 1


def test_the_first_visit_of_a_tenant_runs_the_scan(client, world):
    twin(world.cm, world.unit_a, "Müller", "Anna", date(1975, 11, 2))
    twin(world.cm, world.unit_a, "Mueller", "Anna", date(1975, 11, 2))
    assert not DuplicateScan.objects.exists()
    client.force_login(world.lead)
    html = client.get(reverse("people:duplicates")).content.decode()
    assert "Müller, Anna" in html and "Mueller, Anna" in html
    assert DuplicateScan.objects.filter(tenant=world.tenant).count() == 1


def test_an_empty_list_says_so(client, world):
    client.force_login(world.lead)
    html = client.get(reverse("people:duplicates")).content.decode()
    assert "Zurzeit keine möglichen Dubletten in Ihren Einheiten." in html


def test_a_bad_page_number_shows_a_page_not_an_error(client, world, pairs):
    client.force_login(world.lead)
    for page in ("abc", "-1", "999999", "1e9"):
        assert client.get(reverse("people:duplicates"), {"seite": page}).status_code == 200


def _make_pairs(world, n, start=0):
    for i in range(start, start + n):
        birth = date(1950 + i % 50, 1 + i % 12, 1 + i % 27)
        twin(world.cm, world.unit_a, f"Testperson{i:03d}", "Amina", birth)
        twin(world.cm, world.unit_a, f"Testperson{i:03d}", "Amina", birth)


def test_the_list_needs_as_many_queries_for_many_pairs_as_for_few(client, world):
    client.force_login(world.lead)
    _make_pairs(world, 2)
    duplicates_scan(tenant_id=world.tenant.pk)
    client.get(reverse("people:duplicates"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:duplicates"))
    _make_pairs(world, 25, start=2)
    duplicates_scan(tenant_id=world.tenant.pk)
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("people:duplicates")).content.decode()
    assert DuplicatePair.objects.count() == 27
    assert "Nächste Seite" in html
    assert len(many) == len(few)


def test_another_tenant_is_scanned_on_its_own(db):
    world = build_world()
    twin(world.outsider, world.unit_other, "Müller", "Anna", date(1975, 11, 2))
    twin(world.cm, world.unit_a, "Mueller", "Anna", date(1975, 11, 2))
    scan = duplicates_scan(tenant_id=world.tenant.pk)
    assert (scan.persons, scan.pairs) == (1, 0)
    assert Person.objects.count() == 2
