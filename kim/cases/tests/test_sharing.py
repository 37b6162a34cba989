"""Shares of a case with another unit: the consent gate, the legal mandate, visibility
through `visible_cases`, ending, and the disclosure log."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.cases.abilities import case_parts_visible
from kim.cases.models import CaseShare
from kim.cases.selectors import visible_cases
from kim.cases.services import share_create, share_end
from kim.cases.tests.clock import Clock
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record, consent_withdraw
from kim.testing.factories import open_case, register_person


@dataclass
class Sharing:
    world: object
    person: object
    case: object

    def consent(self, **overrides):
        values = {
            "data_categories": ["base", "residence", "benefits"],
            "purpose": "Sicherung des Aufenthalts",
            "purpose_category": Consent.PurposeCategory.RESIDENCE,
            "given_on": timezone.localdate() - timedelta(days=30),
            "form": Consent.Form.WRITTEN,
            "recipient_organisations": [self.world.unit_authority.organisation],
        }
        values.update(overrides)
        return consent_record(actor=get_actor(self.world.cm), person=self.person, **values)

    def share(self, user=None, **overrides):
        values = {
            "to_unit": self.world.unit_authority,
            "parts": ["base", "residence"],
            "purpose": "Prüfung § 25b AufenthG",
            "purpose_category": Consent.PurposeCategory.RESIDENCE,
            "valid_until": timezone.localdate() + timedelta(days=60),
        }
        values.update(overrides)
        return share_create(actor=get_actor(user or self.world.cm), case=self.case, **values)


@pytest.fixture
def sharing(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a, case_manager=world.cm)
    return Sharing(world=world, person=person, case=case)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def receiver_sees(sharing) -> bool:
    actor = get_actor(sharing.world.authority)
    return visible_cases(actor, shared=True).filter(pk=sharing.case.pk).exists()


# --- the consent gate ---------------------------------------------------------------


def test_a_share_within_a_covering_consent_rests_on_that_consent(sharing):
    consent = sharing.consent()
    share = sharing.share()
    assert share.consent == consent
    assert share.legal_mandate == ""
    assert receiver_sees(sharing)


def test_without_any_consent_the_share_needs_the_recipients_legal_mandate(sharing):
    with pytest.raises(ValidationError) as error:
        sharing.share()
    message = " ".join(error.value.message_dict["legal_mandate"])
    assert "keine gültige Einwilligung" in message
    assert "gesetzlichen Auftrag" in message
    assert not CaseShare.objects.exists()
    share = sharing.share(legal_mandate="§ 87 Abs. 1 AufenthG")
    assert share.consent is None
    assert share.legal_mandate == "§ 87 Abs. 1 AufenthG"
    assert receiver_sees(sharing)


def test_an_expired_consent_does_not_cover_a_share(sharing):
    today = timezone.localdate()
    sharing.consent(given_on=today - timedelta(days=400), valid_until=today - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        sharing.share()
    assert "keine gültige Einwilligung" in error.value.message_dict["legal_mandate"][0]


def test_a_consent_for_another_recipient_does_not_cover_a_share(sharing):
    sharing.consent(recipient_organisations=[sharing.world.unit_b.organisation])
    with pytest.raises(ValidationError) as error:
        sharing.share()
    message = error.value.message_dict["legal_mandate"][0]
    assert sharing.world.unit_authority.organisation.name in message
    assert "als Empfänger" in message


def test_a_consent_that_names_the_kind_of_office_covers_a_share(sharing):
    consent = sharing.consent(recipient_organisations=[], recipient_kinds=["abh"])
    assert sharing.share().consent == consent


def test_a_consent_for_another_purpose_does_not_cover_a_share(sharing):
    sharing.consent(purpose_category=Consent.PurposeCategory.REFERRAL)
    with pytest.raises(ValidationError) as error:
        sharing.share()
    assert "Aufenthaltssicherung" in error.value.message_dict["legal_mandate"][0]


def test_a_consent_without_the_data_of_a_part_does_not_cover_it(sharing):
    sharing.consent()
    with pytest.raises(ValidationError) as error:
        sharing.share(parts=["base", "residence", "documents"])
    message = error.value.message_dict["legal_mandate"][0]
    assert "Dokumente" in message
    assert "Stammdaten" not in message


def test_a_consent_withdrawn_after_sharing_ends_the_receivers_access_at_once(sharing, client):
    consent = sharing.consent()
    share = sharing.share()
    client.force_login(sharing.world.authority)
    url = reverse("cases:detail", args=[sharing.case.pk])
    assert client.get(url).status_code == 200
    consent_withdraw(actor=get_actor(sharing.world.cm), consent=consent, note="mündlich")
    assert not receiver_sees(sharing)
    assert client.get(url).status_code == 404
    share.refresh_from_db()
    assert share.state() == "consent_invalid"


def test_a_consent_that_expires_ends_the_receivers_access_the_day_after(sharing, client):
    today = timezone.localdate()
    sharing.consent(valid_until=today + timedelta(days=10))
    sharing.share(valid_until=today + timedelta(days=60))
    actor = get_actor(sharing.world.authority)
    in_force = CaseShare.objects.active(today + timedelta(days=10))
    assert in_force.filter(case=sharing.case, to_unit_id__in=actor.unit_ids).exists()
    assert not CaseShare.objects.active(today + timedelta(days=11)).exists()


def test_the_receiver_loses_access_when_the_share_period_ends(sharing, clock):
    sharing.share(legal_mandate="§ 87 AufenthG", valid_until=timezone.localdate() + timedelta(1))
    assert receiver_sees(sharing)
    clock.move(timedelta(days=1))
    assert receiver_sees(sharing)
    clock.move(timedelta(days=2))
    assert not receiver_sees(sharing)


def test_a_share_that_begins_later_gives_no_access_before(sharing):
    today = timezone.localdate()
    sharing.share(
        legal_mandate="§ 87 AufenthG",
        valid_from=today + timedelta(days=3),
        valid_until=today + timedelta(days=10),
    )
    assert not receiver_sees(sharing)
    assert CaseShare.objects.active(today + timedelta(days=3)).exists()


# --- input, permissions ---------------------------------------------------------------


def test_bad_input_gets_one_message_per_field(sharing):
    with pytest.raises(ValidationError) as error:
        sharing.share(
            to_unit=sharing.world.unit_a,
            parts=[],
            purpose=" ",
            purpose_category="gossip",
            valid_from=timezone.localdate() - timedelta(days=1),
            valid_until=timezone.localdate() - timedelta(days=2),
        )
    assert set(error.value.message_dict) == {
        "to_unit",
        "parts",
        "purpose",
        "purpose_category",
        "valid_from",
        "valid_until",
    }


def test_unknown_parts_are_refused(sharing):
    with pytest.raises(ValidationError) as error:
        sharing.share(parts=["base", "internal"], legal_mandate="x")
    assert "parts" in error.value.message_dict


def test_units_of_another_tenant_or_without_staff_cannot_receive(sharing):
    for unit in (sharing.world.unit_other,):
        with pytest.raises(ValidationError) as error:
            sharing.share(to_unit=unit, legal_mandate="x")
        assert "to_unit" in error.value.message_dict


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("cm", True),  # responsible case manager
        ("lead", True),  # team lead of the unit
        ("cm_b", False),  # other unit
        ("authority", False),  # the receiving unit
        ("coordination", False),
        ("data_protection", False),
        ("admin", False),
        ("outsider", False),  # other tenant
    ],
)
def test_who_may_share_a_case(sharing, username, allowed):
    user = getattr(sharing.world, username)
    if allowed:
        assert sharing.share(user=user, legal_mandate="§ 87 AufenthG").pk
    else:
        with pytest.raises(NotAllowed):
            sharing.share(user=user, legal_mandate="§ 87 AufenthG")


def test_a_case_manager_of_the_unit_who_is_not_responsible_may_not_share(sharing):
    from kim.testing.factories import UserFactory, member

    colleague = UserFactory(username="colleague", tenant=sharing.world.tenant)
    member(colleague, sharing.world.unit_a, "case_manager")
    with pytest.raises(NotAllowed):
        sharing.share(user=colleague, legal_mandate="x")


# --- ending ----------------------------------------------------------------------------


def test_ending_a_share_ends_access_and_the_disclosure(sharing):
    share = sharing.share(legal_mandate="§ 87 AufenthG")
    with pytest.raises(ValidationError) as error:
        share_end(actor=get_actor(sharing.world.cm), share=share, reason=" ")
    assert "reason" in error.value.message_dict
    share_end(actor=get_actor(sharing.world.lead), share=share, reason="Verfahren abgeschlossen")
    share.refresh_from_db()
    assert share.state() == "ended"
    assert share.ended_by == sharing.world.lead
    assert not receiver_sees(sharing)
    row = Disclosure.objects.get(source_type="cases.caseshare", source_id=share.pk)
    assert row.ended_on == timezone.localdate()
    assert row.ended_reason == "Verfahren abgeschlossen"
    with pytest.raises(ValidationError):
        share_end(actor=get_actor(sharing.world.cm), share=share, reason="noch einmal")
    event = AuditEvent.objects.get(action="case.share_end")
    assert event.reason == "Verfahren abgeschlossen"
    assert event.changes["share"] == share.pk


@pytest.mark.parametrize("username", ["cm_b", "authority", "outsider", "data_protection"])
def test_only_the_sharing_unit_ends_a_share(sharing, username):
    share = sharing.share(legal_mandate="§ 87 AufenthG")
    with pytest.raises(NotAllowed):
        share_end(actor=get_actor(getattr(sharing.world, username)), share=share, reason="x")


# --- disclosure log and audit -----------------------------------------------------------


def test_every_share_writes_a_disclosure_and_an_audit_event(sharing):
    consent = sharing.consent()
    share = sharing.share()
    row = Disclosure.objects.get(source_type="cases.caseshare", source_id=share.pk)
    assert row.person == sharing.person
    assert row.kind == Disclosure.Kind.CASE_SHARE
    assert row.case_id == sharing.case.pk
    assert row.case_number == sharing.case.number
    assert row.recipient_unit == sharing.world.unit_authority
    assert row.recipient_organisation == sharing.world.unit_authority.organisation
    assert row.consent == consent
    assert row.data_categories == ["base", "residence", "benefits"]
    assert row.purpose == "Prüfung § 25b AufenthG"
    assert row.ends_on == share.valid_until
    assert row.disclosed_by == sharing.world.cm
    event = AuditEvent.objects.get(action="case.share")
    assert event.person_id == sharing.person.pk
    assert event.changes["parts"] == ["base", "residence"]
    assert event.changes["consent"] == consent.pk


def test_the_receiver_reads_exactly_the_shared_parts(sharing):
    sharing.share(legal_mandate="§ 87 AufenthG", parts=["residence"])
    sharing.share(legal_mandate="§ 87 AufenthG", parts=["documents"])
    receiver = get_actor(sharing.world.authority)
    assert case_parts_visible(receiver, sharing.case) == {"residence", "documents"}
    assert case_parts_visible(get_actor(sharing.world.cm_b), sharing.case) == set()
    assert "internal" in case_parts_visible(get_actor(sharing.world.cm), sharing.case)


def test_shares_reach_members_who_work_with_personal_data_only(sharing):
    """The coordination unit's administration and data protection members read nothing
    shared with their unit; a case manager placed there would."""
    from kim.testing.factories import UserFactory, member

    world = sharing.world
    reader = UserFactory(username="reader", tenant=world.tenant)
    member(reader, world.unit_coordination, "case_manager")
    sharing.share(to_unit=world.unit_coordination, legal_mandate="§ 4 TIntG", parts=["base"])
    for username in ("admin", "data_protection", "coordination"):
        actor = get_actor(getattr(world, username))
        assert not visible_cases(actor, shared=True).filter(pk=sharing.case.pk).exists()
    assert visible_cases(get_actor(reader), shared=True).filter(pk=sharing.case.pk).exists()


def test_shared_cases_stay_out_of_the_receivers_case_lists(sharing):
    from kim.cases.selectors import case_list

    sharing.share(to_unit=sharing.world.unit_b, legal_mandate="§ 4 TIntG", parts=["base"])
    actor = get_actor(sharing.world.cm_b)
    assert not case_list(actor).filter(pk=sharing.case.pk).exists()
    assert not visible_cases(actor).filter(pk=sharing.case.pk).exists()
    assert visible_cases(actor, shared=True).filter(pk=sharing.case.pk).exists()
