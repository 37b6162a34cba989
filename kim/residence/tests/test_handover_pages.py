"""The hand-over as users meet it: the case manager's way from the potential list to
a referral (form filled in), the authority's potential list and taking up a
referral as a procedure, the procedure's state on the case manager's referral
page – and who gets 404."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.models import AuditEvent, FieldOfAction
from kim.network.models import Referral, Responsibility
from kim.people.services import consent_withdraw
from kim.residence import procedures as svc
from kim.residence.handover import procedure_from_referral
from kim.residence.models import Procedure
from kim.testing.factories import UserFactory, member

Status = Referral.Status


def naturalisation_facts(h):
    """What makes Frau Demir's naturalisation time requirements met (entered for the check)."""
    from kim.residence.person_check import facts_save

    facts_save(
        actor=get_actor(h.world.cm),
        person=h.person,
        version=0,
        facts={"naturalisation_test_passed": True, "commitment": True},
        on=timezone.localdate(),
    )


def responsible(h):
    field = FieldOfAction.objects.get_or_create(
        tenant=h.world.tenant, code="aufenthalt", defaults={"name": "Aufenthalt", "position": 9}
    )[0]
    return Responsibility.objects.create(
        tenant=h.world.tenant,
        legal_domain="stag",
        field=field,
        organisation=h.service.organisation,
        service=h.service,
    )


def test_the_case_manager_is_led_to_the_referral_form_filled_in(client, h):
    naturalisation_facts(h)
    responsible(h)
    client.force_login(h.world.cm)
    page = client.get(reverse("residence:potential"))
    assert page.status_code == 200
    link = next(
        url
        for url in _links(page)
        if url.startswith(reverse("referrals:new", args=[h.case.pk, h.service.pk]))
    )
    query = parse_qs(urlsplit(link).query)
    assert query["zweckart"] == ["residence"]
    assert query["daten"] == ["base", "residence", "education_work"]
    form = client.get(link)
    assert form.status_code == 200
    body = form.content.decode()
    assert "Einbürgerung (§ 10 StAG): Beratung und Antrag" in body
    chosen = form.context["form"].initial
    assert chosen["purpose_category"] == "residence"
    assert chosen["data_categories"] == ["base", "residence", "education_work"]


def test_without_a_responsible_service_the_case_manager_chooses_one(client, h):
    naturalisation_facts(h)
    client.force_login(h.world.cm)
    page = client.get(reverse("residence:potential"))
    assert reverse("referrals:choose_service", args=[h.case.pk]) in _links(page)


def test_unknown_suggestions_are_ignored_by_the_referral_form(client, h):
    client.force_login(h.world.cm)
    url = reverse("referrals:new", args=[h.case.pk, h.service.pk])
    form = client.get(url + "?zweckart=erfunden&daten=erfunden&daten=health")
    assert form.context["form"].initial["purpose_category"] == "referral"
    assert form.context["form"].initial["data_categories"] == ["health"]


def test_the_case_managers_list_shows_the_referral_and_the_procedure(client, h):
    naturalisation_facts(h)
    referral = h.refer()
    procedure = procedure_from_referral(
        actor=get_actor(h.world.authority), referral=referral, kind=Procedure.Kind.NATURALISATION
    )
    svc.procedure_move(
        actor=get_actor(h.world.authority),
        procedure=procedure,
        version=procedure.version,
        to=Procedure.Stage.RECEIVED,
    )
    client.force_login(h.world.cm)
    body = client.get(reverse("residence:potential")).content.decode()
    assert f"Vermittlung {referral.reference}: läuft" in body
    assert "Verfahren: Antrag eingegangen" in body
    assert "An die Behörde vermitteln" not in body
    listed = AuditEvent.objects.filter(action="eligibility.potential_list", actor=h.world.cm)
    assert listed.get().changes["persons"] == [h.person.pk]


def test_the_authoritys_potential_list(client, h):
    referral = h.refer()
    client.force_login(h.world.authority)
    page = client.get(reverse("residence:potential"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Demir, Aylin" in body
    assert f"Vermittlung {referral.reference} von Case Management Nord" in body
    assert "Geteilt: Stammdaten, Aufenthalt" in body
    assert reverse("residence:procedure_from_referral", args=[referral.pk]) in body
    event = AuditEvent.objects.get(action="eligibility.potential_list", actor=h.world.authority)
    assert event.changes == {"persons": [h.person.pk], "handed_over": True}


@pytest.mark.parametrize("who", ["coordination", "data_protection", "admin"])
def test_others_get_no_potential_list(client, h, who):
    h.refer()
    client.force_login(getattr(h.world, who))
    assert client.get(reverse("residence:potential")).status_code == 404


def test_the_authority_takes_up_the_referral(client, h):
    referral = h.refer()
    client.force_login(h.world.authority)
    url = reverse("residence:procedure_from_referral", args=[referral.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Einbürgerung: Beratung und Antrag" in page.content.decode()
    refused = client.post(url, {"opened_on": "01.01.2020x"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Bitte die Art des Verfahrens wählen." in body
    assert "01.01.2020x" in body  # what was typed stays
    done = client.post(
        url,
        {"kind": Procedure.Kind.NATURALISATION, "opened_on": f"{timezone.localdate():%Y-%m-%d}"},
    )
    procedure = Procedure.objects.get(referral=referral)
    assert done.status_code == 302
    assert done["Location"] == reverse("residence:procedure", args=[procedure.pk])
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    # once taken up, the page leads to the procedure
    assert client.get(url)["Location"] == reverse("residence:procedure", args=[procedure.pk])


@pytest.mark.parametrize("who", ["cm", "lead", "coordination", "outsider", "partner"])
def test_nobody_else_takes_up_a_referral(client, h, world, who):
    referral = h.refer()
    if who == "partner":
        user = UserFactory(username="partner_x", tenant=world.tenant)
        member(user, world.unit_b, "partner")
    else:
        user = getattr(world, who)
    client.force_login(user)
    url = reverse("residence:procedure_from_referral", args=[referral.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "stag10", "opened_on": "2026-01-01"}).status_code == 404
    assert not Procedure.objects.exists()


def test_the_inbox_offers_the_procedure(client, h):
    referral = h.refer()
    client.force_login(h.world.authority)
    page = client.get(reverse("referrals:inbox_detail", args=[referral.pk]))
    assert page.status_code == 200
    assert reverse("residence:procedure_from_referral", args=[referral.pk]) in (
        page.content.decode()
    )


def test_the_case_manager_sees_the_state_on_the_referral_page(client, h):
    referral = h.refer()
    procedure_from_referral(
        actor=get_actor(h.world.authority), referral=referral, kind=Procedure.Kind.NATURALISATION
    )
    client.force_login(h.world.cm)
    url = reverse("referrals:detail", args=[referral.pk])
    body = client.get(url).content.decode()
    assert "Verfahren bei der Behörde" in body
    assert "Beratung (seit" in body
    assert "Geburtsurkunde" in body  # the consent covers documents
    consent_withdraw(actor=get_actor(h.world.cm), consent=h.consent)
    body = client.get(url).content.decode()
    assert "Beratung (seit" not in body
    assert "keine gültige Einwilligung" in body


def test_a_referral_without_procedure_has_no_section(client, h):
    referral = h.refer()
    client.force_login(h.world.cm)
    body = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Verfahren bei der Behörde" not in body


def test_an_ended_referral_cannot_be_taken_up(client, h):
    referral = h.refer()
    Referral.objects.filter(pk=referral.pk).update(
        status=Status.DECLINED, closed_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(h.world.authority)
    page = client.get(reverse("referrals:inbox_detail", args=[referral.pk]))
    assert "ein Verfahren kann nicht mehr daraus entstehen" in page.content.decode()


def _links(response) -> list[str]:
    import re
    from html import unescape

    return [unescape(href) for href in re.findall(r'href="([^"]+)"', response.content.decode())]
