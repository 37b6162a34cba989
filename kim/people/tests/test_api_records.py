"""The API of a person's records: consents, legal domains, residence status,
household and relations. Lina belongs to unit A: `cm` and `lead` see and
change; everybody else (unit B, authority, coordination, other tenant) gets 404."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import (
    Consent,
    HouseholdMember,
    LegalDomainPeriod,
    PersonRelation,
    ResidenceStatus,
)
from kim.people.services import (
    consent_record,
    household_create,
    legal_domain_end,
    legal_domain_start,
    person_relation_add,
    residence_status_record,
)

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
CAN = {"cm", "lead"}
TODAY = timezone.localdate()


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def a_consent(world, person, **kwargs) -> Consent:
    values = {
        "data_categories": ["base"],
        "recipient_kinds": ["jobcenter"],
        "purpose": "Antrag auf Bürgergeld",
        "purpose_category": "benefits",
        "given_on": date(2026, 1, 10),
        "form": "written",
    } | kwargs
    return consent_record(actor=get_actor(world.cm), person=person, **values)


CONSENT_BODY = {
    "data_categories": ["base", "residence"],
    "recipient_kinds": ["jobcenter"],
    "purpose": "Abstimmung mit dem Jobcenter",
    "purpose_category": "coordination",
    "given_on": "2026-02-01",
    "form": "written",
}


# --- consents ---------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_consents_matrix(world, family, api, username):
    lina = family[0]
    consent = a_consent(world, lina)
    client = api(getattr(world, username))
    base = f"/api/v1/persons/{lina.pk}/consents/"

    listed = client.get(base)
    one = client.get(f"{base}{consent.pk}/")
    created = client.post(base, CONSENT_BODY, format="json")
    withdrawn = client.post(f"{base}{consent.pk}/withdraw/", {"note": "mündlich"}, format="json")

    codes = (listed.status_code, one.status_code, created.status_code, withdrawn.status_code)
    if username in CAN:
        assert codes == (200, 200, 201, 200), created.content
        assert [c["id"] for c in listed.json()["results"]] == [consent.pk]
        assert listed.json()["results"][0]["state"] == "valid"
        assert created.json()["data_categories"] == ["base", "residence"]
        assert withdrawn.json()["state"] == "withdrawn"
        assert withdrawn.json()["abilities"]["withdraw"] is False
    else:
        assert codes == (404, 404, 404, 404)
    assert Consent.objects.count() == (2 if username in CAN else 1)


def test_consent_of_a_person_seen_elsewhere_is_not_found_through_another_person(world, family, api):
    lina, omar, _karim = family
    consent = a_consent(world, lina)

    response = api(world.cm).get(f"/api/v1/persons/{omar.pk}/consents/{consent.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"data_categories": []}, "data_categories", "pauschale Einwilligung"),
        ({"recipient_kinds": []}, "recipient_organisations", "ohne Empfänger"),
        ({"given_on": "gestern"}, "given_on", "Kein gültiges Datum"),
        ({"given_on": "2099-01-01"}, "given_on", "in der Zukunft"),
        ({"valid_until": "2025-01-01"}, "valid_until", "vor dem Datum"),
        ({"form": "fax"}, "form", "keine gültige Option"),
        ({"purpose": "  "}, "purpose", "Zweck"),
    ],
)
def test_consents_are_validated_in_german(world, family, api, body, field, message):
    response = api(world.cm).post(
        f"/api/v1/persons/{family[0].pk}/consents/", CONSENT_BODY | body, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_organisations_of_another_tenant_are_refused(world, family, api):
    from kim.testing.factories import OrganisationFactory

    foreign = OrganisationFactory(tenant=world.other_tenant)
    own = OrganisationFactory(tenant=world.tenant)
    base = f"/api/v1/persons/{family[0].pk}/consents/"

    refused = api(world.cm).post(
        base, CONSENT_BODY | {"recipient_organisations": [foreign.pk]}, format="json"
    )
    accepted = api(world.cm).post(
        base,
        CONSENT_BODY | {"recipient_organisations": [own.pk], "recipient_kinds": []},
        format="json",
    )

    assert refused.status_code == 400
    assert "Unbekannte Organisation" in str(refused.json()["recipient_organisations"])
    assert accepted.status_code == 201
    assert accepted.json()["recipient_organisations"] == [own.pk]


def test_withdrawal_rules(world, family, api):
    lina = family[0]
    consent = a_consent(world, lina)
    url = f"/api/v1/persons/{lina.pk}/consents/{consent.pk}/withdraw/"
    client = api(world.cm)

    too_early = client.post(url, {"on": "2025-12-01"}, format="json")
    future = client.post(url, {"on": (TODAY + timedelta(days=3)).isoformat()}, format="json")
    done = client.post(url, {"on": "2026-01-20", "note": "per Telefon"}, format="json")
    again = client.post(url, format="json")

    assert (too_early.status_code, future.status_code, done.status_code) == (400, 400, 200)
    assert "vor dem Datum der Einwilligung" in str(too_early.json()["on"])
    assert (done.json()["withdrawn_on"], done.json()["withdrawal_note"]) == (
        "2026-01-20",
        "per Telefon",
    )
    assert again.status_code == 400
    assert "bereits am 20.01.2026 widerrufen" in str(again.json()["on"])


def test_consents_are_audited_with_the_page_actions(world, family, api):
    lina = family[0]
    consent = a_consent(world, lina)
    client = api(world.cm)
    base = f"/api/v1/persons/{lina.pk}/consents/"

    client.get(base)
    client.get(f"{base}{consent.pk}/")
    client.post(base, CONSENT_BODY, format="json")
    client.post(f"{base}{consent.pk}/withdraw/", format="json")

    views = AuditEvent.objects.filter(action="consent.view", channel="api").order_by("id")
    assert [e.changes.get("ids") for e in views] == [[consent.pk], None]
    assert all(e.person_id == lina.pk for e in views)
    assert AuditEvent.objects.filter(action="consent.record", channel="api").count() == 1
    assert AuditEvent.objects.filter(action="consent.withdraw", channel="api").count() == 1


# --- legal domains and residence ------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_legal_domains_matrix(world, family, api, username):
    lina = family[0]
    period = legal_domain_start(
        actor=get_actor(world.cm), person=lina, domain="asylblg", valid_from=date(2023, 1, 1)
    )
    client = api(getattr(world, username))
    base = f"/api/v1/persons/{lina.pk}/legal-domains/"

    listed = client.get(base)
    one = client.get(f"{base}{period.pk}/")
    started = client.post(base, {"domain": "sgb8", "valid_from": "2024-01-01"}, format="json")
    moved = client.post(
        f"{base}{period.pk}/transition/",
        {"new_domain": "sgb2", "on": "2025-03-01", "reason": "Anerkennung"},
        format="json",
    )

    codes = (listed.status_code, one.status_code, started.status_code, moved.status_code)
    if username in CAN:
        assert codes == (200, 200, 201, 201), (started.content, moved.content)
        assert [r["id"] for r in listed.json()["results"]] == [period.pk]
        assert moved.json()["domain"] == "sgb2"
        assert moved.json()["change"] == "transition"
        rows = client.get(base).json()["results"]
        assert [(r["domain"], r["change"], r["current"]) for r in rows] == [
            ("asylblg", "new", False),
            ("sgb8", "new", True),
            ("asylblg", "end", True),
            ("sgb2", "transition", True),
        ]
    else:
        assert codes == (404, 404, 404, 404)
        assert LegalDomainPeriod.objects.count() == 1


def test_legal_domain_end_correct_and_stale(world, family, api):
    lina = family[0]
    period = legal_domain_start(
        actor=get_actor(world.cm), person=lina, domain="sgb2", valid_from=date(2023, 1, 1)
    )
    base = f"/api/v1/persons/{lina.pk}/legal-domains/{period.pk}"
    client = api(world.cm)

    no_reason = client.post(f"{base}/correction/", {"office": "Jobcenter Nord"}, format="json")
    corrected = client.post(
        f"{base}/correction/",
        {"office": "Jobcenter Nord", "reason": "Tippfehler"},
        format="json",
    )
    stale = client.post(f"{base}/end/", {"valid_until": "2024-12-31"}, format="json")
    new_pk = corrected.json()["id"]
    bad = client.post(
        f"/api/v1/persons/{lina.pk}/legal-domains/{new_pk}/end/",
        {"valid_until": "2022-01-01"},
        format="json",
    )
    ended = client.post(
        f"/api/v1/persons/{lina.pk}/legal-domains/{new_pk}/end/",
        {"valid_until": "2024-12-31"},
        format="json",
    )

    assert no_reason.status_code == 400
    assert "begründen" in str(no_reason.json()["reason"])
    assert corrected.status_code == 201
    assert corrected.json()["supersedes"] == period.pk
    assert stale.status_code == 409
    assert stale.json()["current"]["id"] == new_pk
    assert bad.status_code == 400
    assert ended.status_code == 201
    assert ended.json()["valid_until"] == "2024-12-31"


def test_overlapping_legal_domain_is_refused_in_german(world, family, api):
    lina = family[0]
    legal_domain_start(
        actor=get_actor(world.cm), person=lina, domain="sgb2", valid_from=date(2023, 1, 1)
    )

    response = api(world.cm).post(
        f"/api/v1/persons/{lina.pk}/legal-domains/",
        {"domain": "sgb2", "valid_from": "2024-01-01"},
        format="json",
    )
    bad_domain = api(world.cm).post(
        f"/api/v1/persons/{lina.pk}/legal-domains/",
        {"domain": "sgb99", "valid_from": "2024-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "überschneidet" in str(response.json()["valid_from"])
    assert "keine gültige Option" in str(bad_domain.json()["domain"])


@pytest.mark.parametrize("username", USERS)
def test_residence_matrix(world, family, api, username):
    lina = family[0]
    row = residence_status_record(
        actor=get_actor(world.cm), person=lina, kind="gestattung", valid_from=date(2023, 1, 1)
    )
    client = api(getattr(world, username))
    base = f"/api/v1/persons/{lina.pk}/residence-statuses/"

    listed = client.get(base)
    recorded = client.post(
        base,
        {"kind": "ae", "valid_from": "2025-01-01", "valid_until": "2027-12-31"},
        format="json",
    )
    corrected = client.post(
        f"{base}{row.pk}/correction/",
        {"valid_from": "2023-02-01", "reason": "Datum aus dem Bescheid"},
        format="json",
    )

    codes = (listed.status_code, recorded.status_code, corrected.status_code)
    if username in CAN:
        assert codes == (200, 201, 201), corrected.content
        assert [r["id"] for r in listed.json()["results"]] == [row.pk]
        assert corrected.json()["change"] == "correction"
        assert ResidenceStatus.objects.count() == 3
    else:
        assert codes == (404, 404, 404)
        assert ResidenceStatus.objects.count() == 1


def test_residence_period_in_order(world, family, api):
    response = api(world.cm).post(
        f"/api/v1/persons/{family[0].pk}/residence-statuses/",
        {"kind": "ae", "valid_from": "2025-01-01", "valid_until": "2024-12-31"},
        format="json",
    )

    assert response.status_code == 400
    assert "vor dem Beginn" in str(response.json()["valid_until"])


def test_legal_reads_and_writes_are_audited(world, family, api):
    lina = family[0]
    period = legal_domain_start(
        actor=get_actor(world.cm), person=lina, domain="sgb2", valid_from=date(2023, 1, 1)
    )
    client = api(world.cm)

    client.get(f"/api/v1/persons/{lina.pk}/legal-domains/")
    client.get(f"/api/v1/persons/{lina.pk}/residence-statuses/")
    client.post(
        f"/api/v1/persons/{lina.pk}/legal-domains/{period.pk}/end/",
        {"valid_until": "2024-01-31"},
        format="json",
    )
    client.post(
        f"/api/v1/persons/{lina.pk}/residence-statuses/",
        {"kind": "duldung", "valid_from": "2024-01-01"},
        format="json",
    )

    api_events = AuditEvent.objects.filter(channel="api", person_id=lina.pk)
    actions = list(api_events.order_by("id").values_list("action", flat=True))
    assert actions == [
        "legal_domain.view",
        "residence.view",
        "legal_domain.end",
        "residence.record",
    ]
    assert api_events.get(action="legal_domain.view").changes["ids"] == [period.pk]


# --- household and relations -----------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_household_and_relations_matrix(world, family, api, username):
    lina, omar, karim = family
    actor = get_actor(world.cm)
    relation = person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    client = api(getattr(world, username))
    base = f"/api/v1/persons/{lina.pk}"

    household = client.get(f"{base}/household/")
    listed = client.get(f"{base}/relations/")
    updated = client.patch(
        f"{base}/relations/{relation.pk}/", {"version": 1, "kind": "other"}, format="json"
    )
    removed = client.delete(f"{base}/relations/{relation.pk}/")
    added = client.post(f"{base}/relations/", {"related": omar.pk, "kind": "child"}, format="json")

    codes = tuple(r.status_code for r in (household, listed, updated, removed, added))
    if username in CAN:
        assert codes == (200, 200, 200, 204, 201), (updated.content, added.content)
        current = household.json()["household"]["current"]
        assert [(m["person"], m["name"]) for m in current] == [
            (lina.pk, lina.full_name),
            (omar.pk, omar.full_name),
        ]
        assert [(t["other"], t["kind"]) for t in listed.json()["results"]] == [(omar.pk, "child")]
        assert updated.json()["kind"] == "other"
        assert added.json()["kind"] == "child"
    else:
        assert codes == (404, 404, 404, 404, 404)
        assert PersonRelation.objects.get().pk == relation.pk


def test_relations_speak_from_the_person_in_the_url(world, family, api):
    lina, omar, _karim = family
    relation = person_relation_add(
        actor=get_actor(world.cm), person=lina, related=omar, kind="child"
    )

    from_omar = api(world.cm).get(f"/api/v1/persons/{omar.pk}/relations/").json()["results"]
    changed = api(world.cm).patch(
        f"/api/v1/persons/{omar.pk}/relations/{relation.pk}/",
        {"version": 1, "kind": "sibling", "note": "Halbbruder"},
        format="json",
    )
    stale = api(world.cm).patch(
        f"/api/v1/persons/{omar.pk}/relations/{relation.pk}/",
        {"version": 1, "kind": "parent"},
        format="json",
    )

    assert [(t["other"], t["kind"]) for t in from_omar] == [(lina.pk, "parent")]
    assert changed.status_code == 200
    assert (changed.json()["kind"], changed.json()["note"]) == ("sibling", "Halbbruder")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2


def test_persons_of_other_units_appear_without_name_and_cannot_be_tied(world, family, api):
    lina, _omar, karim = family
    # Nobody in the world sees both Lina (unit A) and Karim (unit B): record the tie directly.
    PersonRelation.objects.create(
        tenant_id=lina.tenant_id, person=lina, related=karim, kind="partner"
    )

    ties = api(world.cm).get(f"/api/v1/persons/{lina.pk}/relations/").json()["results"]
    refused = api(world.cm).post(
        f"/api/v1/persons/{lina.pk}/relations/",
        {"related": karim.pk, "kind": "partner"},
        format="json",
    )
    missing_version = api(world.cm).patch(
        f"/api/v1/persons/{lina.pk}/relations/{ties[0]['id']}/", {"kind": "other"}, format="json"
    )

    assert [(t["other"], t["other_name"], t["visible"]) for t in ties] == [(karim.pk, "", False)]
    assert ties[0]["abilities"]["change"] is False
    assert refused.status_code == 400
    assert "nicht sehen" in str(refused.json()["related"])
    assert missing_version.status_code == 403  # a tie to someone unseen cannot be changed


def test_relation_to_oneself_is_refused(world, family, api):
    lina = family[0]

    response = api(world.cm).post(
        f"/api/v1/persons/{lina.pk}/relations/",
        {"related": lina.pk, "kind": "other"},
        format="json",
    )

    assert response.status_code == 400
    assert "mit sich selbst" in str(response.json()["related"])


def test_household_and_relations_are_audited(world, family, api):
    lina, omar, _karim = family
    actor = get_actor(world.cm)
    relation = person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    client = api(world.cm)

    client.get(f"/api/v1/persons/{lina.pk}/household/")
    client.get(f"/api/v1/persons/{lina.pk}/relations/")
    client.delete(f"/api/v1/persons/{lina.pk}/relations/{relation.pk}/")

    views = AuditEvent.objects.filter(action="household.view", channel="api").order_by("id")
    assert [e.changes["shown_person_ids"] for e in views] == [[omar.pk], [omar.pk]]
    assert AuditEvent.objects.filter(action="relation.remove", channel="api").exists()


@pytest.mark.parametrize("username", USERS)
def test_household_members_are_added_and_move_out(world, family, api, username):
    lina, omar, _karim = family
    client = api(getattr(world, username))
    base = f"/api/v1/persons/{lina.pk}/household/members/"

    created = client.post(
        base, {"person": omar.pk, "valid_from": "2024-01-01", "name": "Haddad"}, format="json"
    )

    if username not in CAN:
        assert created.status_code == 404
        assert not HouseholdMember.objects.exists()
        return
    assert created.status_code == 201, created.content
    members = created.json()["household"]["current"]
    assert [m["person"] for m in members] == [lina.pk, omar.pk]
    omar_member = members[1]
    left = client.post(
        f"{base}{omar_member['id']}/leave/",
        {"version": omar_member["version"], "valid_until": "2025-06-30"},
        format="json",
    )
    stale = client.post(
        f"{base}{omar_member['id']}/leave/",
        {"version": omar_member["version"], "valid_until": "2025-07-31"},
        format="json",
    )
    assert left.status_code == 200, left.content
    assert [m["person"] for m in left.json()["household"]["current"]] == [lina.pk]
    assert [m["person"] for m in left.json()["household"]["former"]] == [omar.pk]
    assert stale.status_code == 409
    assert stale.json()["current"]["valid_until"] == "2025-06-30"


def test_household_member_rules_in_german(world, family, api):
    lina, omar, karim = family
    client = api(world.cm)
    base = f"/api/v1/persons/{lina.pk}/household/members/"

    unseen = client.post(base, {"person": karim.pk, "valid_from": "2024-01-01"}, format="json")
    future = client.post(base, {"person": omar.pk, "valid_from": "2099-01-01"}, format="json")
    client.post(base, {"person": omar.pk, "valid_from": "2024-01-01"}, format="json")
    twice = client.post(base, {"person": omar.pk, "valid_from": "2024-02-01"}, format="json")

    assert (unseen.status_code, future.status_code, twice.status_code) == (400, 400, 400)
    assert "nicht sehen" in str(unseen.json()["person"])
    assert "Zukunft" in str(future.json()["valid_from"])
    assert "person" in twice.json()
    assert AuditEvent.objects.filter(action="household.create", channel="api").count() == 1


# --- query bounds ---------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 12])
def test_lists_need_a_bounded_number_of_queries(
    world, family, api, django_assert_max_num_queries, rows
):
    lina = family[0]
    actor = get_actor(world.cm)
    others = [family[1]]
    from kim.testing.factories import register_person

    for n in range(rows):
        a_consent(world, lina, purpose=f"Zweck {n}")
        residence_status_record(
            actor=actor, person=lina, kind="ae", valid_from=date(2020, 1, 1) + timedelta(days=n)
        )
        period = legal_domain_start(
            actor=actor,
            person=lina,
            domain="sgb2",
            valid_from=date(2000 + n, 1, 1),
            valid_until=None if n % 2 else date(2000 + n, 6, 30),
        )
        if n % 2:
            legal_domain_end(actor=actor, period=period, valid_until=date(2000 + n, 3, 31))
        if n:
            others.append(register_person(world.cm, world.unit_a, family_name=f"Verwandt{n}"))
    for other in others:
        person_relation_add(actor=actor, person=lina, related=other, kind="sibling")
    household_create(actor=actor, persons=[lina, *others], valid_from=date(2024, 1, 1))
    client = api(world.cm)

    for path in ("consents", "legal-domains", "residence-statuses", "relations", "household"):
        with django_assert_max_num_queries(8):
            response = client.get(f"/api/v1/persons/{lina.pk}/{path}/")
        assert response.status_code == 200, path
