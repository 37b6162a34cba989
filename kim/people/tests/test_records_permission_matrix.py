"""Who may see and change a person's household, legal status and consents.

The person belongs to unit A: `cm` (case manager) and `lead` (team lead) of
unit A may see and change everything; everybody else, including unit B, the
authority (its own unit only), and the other tenant, gets 404 — for pages,
for writes and for the document download.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.people.models import (
    Consent,
    Household,
    HouseholdMember,
    LegalDomainPeriod,
    PersonRelation,
    ResidenceStatus,
)
from kim.people.services import (
    consent_record,
    household_create,
    legal_domain_start,
    person_relation_add,
    residence_status_record,
)
from kim.people.tests.conftest import PDF
from kim.testing.factories import register_person

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
CAN = {"cm", "lead"}


@pytest.fixture
def records(world, family):
    lina, omar, _karim = family
    actor = get_actor(world.cm)
    relation = person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    household = household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    period = legal_domain_start(
        actor=actor, person=lina, domain="asylblg", valid_from=date(2023, 1, 1)
    )
    status = residence_status_record(
        actor=actor, person=lina, kind="gestattung", valid_from=date(2023, 1, 1)
    )
    consent = consent_record(
        actor=actor,
        person=lina,
        data_categories=["base"],
        recipient_kinds=["jobcenter"],
        purpose="Antrag",
        purpose_category="benefits",
        given_on=date(2026, 1, 10),
        form="written",
        document=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
    )
    return {
        "lina": lina,
        "omar": omar,
        "relation": relation,
        "household": household,
        "member": HouseholdMember.objects.get(person=omar),
        "period": period,
        "status": status,
        "consent": consent,
    }


def pages(r):
    p = r["lina"].pk
    return {
        "household": reverse("people:household", args=[p]),
        "relation_add": reverse("people:relation_add", args=[p]),
        "relation_edit": reverse("people:relation_edit", args=[p, r["relation"].pk]),
        "relation_remove": reverse("people:relation_remove", args=[p, r["relation"].pk]),
        "member_add": reverse("people:member_add", args=[p]),
        "member_leave": reverse("people:member_leave", args=[p, r["member"].pk]),
        "legal_domains": reverse("people:legal_domains", args=[p]),
        "legal_domain_add": reverse("people:legal_domain_add", args=[p]),
        "legal_domain_transition": reverse(
            "people:legal_domain_transition", args=[p, r["period"].pk]
        ),
        "legal_domain_end": reverse("people:legal_domain_end", args=[p, r["period"].pk]),
        "legal_domain_correct": reverse("people:legal_domain_correct", args=[p, r["period"].pk]),
        "residence": reverse("people:residence", args=[p]),
        "residence_add": reverse("people:residence_add", args=[p]),
        "residence_correct": reverse("people:residence_correct", args=[p, r["status"].pk]),
        "consents": reverse("people:consents", args=[p]),
        "consent_add": reverse("people:consent_add", args=[p]),
        "consent_edit": reverse("people:consent_edit", args=[p, r["consent"].pk]),
        "consent_withdraw": reverse("people:consent_withdraw", args=[p, r["consent"].pk]),
        "consent_document": reverse("people:consent_document", args=[p, r["consent"].pk]),
    }


PAGE_NAMES = [
    "household",
    "relation_add",
    "relation_edit",
    "relation_remove",
    "member_add",
    "member_leave",
    "legal_domains",
    "legal_domain_add",
    "legal_domain_transition",
    "legal_domain_end",
    "legal_domain_correct",
    "residence",
    "residence_add",
    "residence_correct",
    "consents",
    "consent_add",
    "consent_edit",
    "consent_withdraw",
    "consent_document",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("username", ALL_USERS)
def test_page_access(client, world, records, username, page):
    client.force_login(getattr(world, username))
    response = client.get(pages(records)[page])
    assert response.status_code == (200 if username in CAN else 404), f"{username} {page}"


def posts(r):
    """(page, data, how to see that nothing happened)."""
    omar = r["omar"]
    consent_form = {
        "data_categories": ["base"],
        "recipient_kinds": ["jobcenter"],
        "purpose_category": "benefits",
        "purpose": "geändert",
        "given_on": "2026-01-10",
        "form": "written",
    }
    return {
        "relation_add": (
            {"related": omar.pk, "kind": "sibling", "q": "omar"},
            lambda: PersonRelation.objects.count(),
        ),
        "relation_edit": (
            {"kind": "sibling", "note": "", "version": r["relation"].version},
            lambda: PersonRelation.objects.get().kind,
        ),
        "relation_remove": ({"reason": "falsch"}, lambda: PersonRelation.objects.count()),
        "member_leave": (
            {"valid_until": "2025-01-31", "version": r["member"].version},
            lambda: HouseholdMember.objects.get(person=omar).valid_until,
        ),
        "legal_domain_add": (
            {"domain": "sgb8", "valid_from": "2024-01-01"},
            lambda: LegalDomainPeriod.objects.count(),
        ),
        "legal_domain_transition": (
            {"new_domain": "sgb2", "on": "2025-03-01"},
            lambda: LegalDomainPeriod.objects.count(),
        ),
        "legal_domain_end": (
            {"valid_until": "2025-01-31"},
            lambda: LegalDomainPeriod.objects.count(),
        ),
        "legal_domain_correct": (
            {"domain": "asylblg", "valid_from": "2023-02-01", "reason": "Datum"},
            lambda: LegalDomainPeriod.objects.count(),
        ),
        "residence_add": (
            {"kind": "ae", "valid_from": "2025-03-01", "legal_basis": "§ 25 Abs. 2 AufenthG"},
            lambda: ResidenceStatus.objects.count(),
        ),
        "residence_correct": (
            {"kind": "gestattung", "valid_from": "2023-02-01", "reason": "Datum"},
            lambda: ResidenceStatus.objects.count(),
        ),
        "consent_add": (consent_form, lambda: Consent.objects.count()),
        "consent_edit": (
            consent_form | {"version": r["consent"].version},
            lambda: Consent.objects.get().purpose,
        ),
        "consent_withdraw": ({"on": "2026-02-01"}, lambda: Consent.objects.get().withdrawn_on),
        "member_add": (
            {"person": None, "valid_from": "2024-06-01", "q": "Neu"},
            lambda: HouseholdMember.objects.count(),
        ),
    }


ACTIONS = [
    "relation_add",
    "relation_edit",
    "relation_remove",
    "member_add",
    "member_leave",
    "legal_domain_add",
    "legal_domain_transition",
    "legal_domain_end",
    "legal_domain_correct",
    "residence_add",
    "residence_correct",
    "consent_add",
    "consent_edit",
    "consent_withdraw",
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("username", ALL_USERS)
def test_writes_by_post(client, world, records, username, action):
    if action == "relation_add":
        PersonRelation.objects.all().delete()
    newcomer = register_person(world.cm, world.unit_a, family_name="Neu", given_names="Nina")
    data, state = posts(records)[action]
    if action == "member_add":
        data = data | {"person": newcomer.pk}
    before = state()
    client.force_login(getattr(world, username))
    response = client.post(pages(records)[action], data)
    if username in CAN:
        assert response.status_code == 302, f"{username} {action}: {response.content[:3000]!r}"
        assert state() != before
    else:
        assert response.status_code == 404, f"{username} {action}"
        assert state() == before


def test_a_person_of_another_tenant_is_404_even_by_id(client, world):
    stranger = register_person(world.outsider, world.unit_other, family_name="Fremd")
    client.force_login(world.cm)
    for name in ("people:household", "people:legal_domains", "people:residence", "people:consents"):
        assert client.get(reverse(name, args=[stranger.pk])).status_code == 404


def test_a_record_of_another_person_cannot_be_reached_through_this_persons_url(
    client, world, records
):
    other = register_person(world.cm, world.unit_a, family_name="Andere", given_names="Anna")
    client.force_login(world.cm)
    consent_pk, period_pk = records["consent"].pk, records["period"].pk
    assert (
        client.get(reverse("people:consent_document", args=[other.pk, consent_pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("people:legal_domain_end", args=[other.pk, period_pk])).status_code
        == 404
    )


FULL = {
    "relation": {"view": True, "change": True},
    "household": {"view": True, "add_member": True},
    "member": {"view": True, "leave": True},
    "period": {"view": True, "correct": True, "end": True, "transition": True},
    "status": {"view": True, "correct": True},
    "consent": {"view": True, "change": True, "withdraw": True, "download": True},
}


@pytest.mark.parametrize("username", ALL_USERS)
def test_abilities_whole(world, records, username):
    user = getattr(world, username)
    records["household"] = Household.objects.get(pk=records["household"].pk)
    for key, expected in FULL.items():
        obj = records[key]
        got = abilities(user, obj)
        if username in CAN:
            assert got == expected, f"{username} {key}"
        else:
            assert got == dict.fromkeys(expected, False), f"{username} {key}"


def test_history_rows_that_were_superseded_can_no_longer_be_acted_on(world, records):
    from kim.people.services import legal_domain_end

    actor = get_actor(world.cm)
    ended = legal_domain_end(actor=actor, period=records["period"], valid_until=date(2025, 1, 31))
    old = LegalDomainPeriod.objects.get(pk=records["period"].pk)
    assert abilities(world.cm, old) == {
        "view": True,
        "correct": False,
        "end": False,
        "transition": False,
    }
    assert abilities(world.cm, ended) == {
        "view": True,
        "correct": True,
        "end": False,
        "transition": False,
    }


def test_a_withdrawn_consent_can_be_seen_and_downloaded_but_not_changed(world, records):
    from kim.people.services import consent_withdraw

    consent = consent_withdraw(actor=get_actor(world.cm), consent=records["consent"])
    assert abilities(world.cm, consent) == {
        "view": True,
        "change": False,
        "withdraw": False,
        "download": True,
    }
