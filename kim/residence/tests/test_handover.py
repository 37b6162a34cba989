"""The hand-over between case management and the authority: the authority's
potential list (only persons referred or shared with consent, only the shared
facts), opening a procedure from a referral, the referral following the
procedure, and what the case manager sees of it as far as the consent allows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.cases.services import share_create
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.network.models import Referral
from kim.network.services.referrals import (
    Answer,
    referral_change_status,
)
from kim.people.models import Consent
from kim.people.services import consent_record, consent_withdraw
from kim.residence import handover
from kim.residence import procedures as svc
from kim.residence.models import Procedure
from kim.testing.factories import UserFactory, member, open_case, register_person

Category = Consent.DataCategory
Stage = Procedure.Stage
Status = Referral.Status


def listed(user, on=None) -> list:
    return [row.person for row in handover.handed_over(get_actor(user), on)]


def test_every_fact_of_a_check_has_a_data_category():
    from kim.residence.eligibility import FACTS

    assert set(handover.FACT_CATEGORY) == set(FACTS)
    assert set(handover.FACT_CATEGORY.values()) <= set(Category.values)


def test_the_authority_sees_a_person_referred_with_consent(h):
    referral = h.refer()
    rows = handover.handed_over(get_actor(h.world.authority))
    assert [row.person for row in rows] == [h.person]
    row = rows[0]
    assert row.shows_name
    assert [s.referral for s in row.sources] == [referral]
    assert row.categories == [Category.BASE_DATA, Category.RESIDENCE]


def test_only_the_shared_facts_are_used(h):
    """German level B1 is recorded but belongs to "Bildung/Arbeit", which was not
    shared: for the authority it is unknown, for the case manager it is met."""
    h.refer()
    row = handover.handed_over(get_actor(h.world.authority))[0]
    stag = next(r for r in row.results if r.check == "stag10")
    language = next(c for c in stag.criteria if c.code == "language")
    residence = next(c for c in stag.criteria if c.code == "residence")
    assert language.status == "unknown"
    assert residence.status == "met"


@pytest.mark.parametrize("who", ["cm", "cm_b", "lead", "coordination", "data_protection", "admin", "outsider"])  # fmt: skip
def test_nobody_else_sees_the_authoritys_list(h, who):
    h.refer()
    assert listed(getattr(h.world, who)) == []


def test_a_partner_of_another_organisation_does_not_see_it(h, world):
    h.refer()
    partner = UserFactory(username="jc", tenant=world.tenant)
    member(partner, world.unit_b, "partner")
    assert listed(partner) == []


def test_an_authority_unit_of_another_organisation_does_not_see_it(h, world):
    from kim.testing.factories import OrganisationFactory, UnitFactory

    other = UnitFactory(
        tenant=world.tenant, code="ABH2", organisation=OrganisationFactory(tenant=world.tenant)
    )
    staff = UserFactory(username="abh_other", tenant=world.tenant)
    member(staff, other, "authority")
    h.refer()
    assert listed(staff) == []
    assert listed(h.world.authority) == [h.person]


def test_without_consent_or_after_its_withdrawal_nobody_is_listed(h):
    h.refer(categories=(), consent=None)
    assert listed(h.world.authority) == []
    h.refer()
    assert listed(h.world.authority) == [h.person]
    consent_withdraw(actor=get_actor(h.world.cm), consent=h.consent)
    assert listed(h.world.authority) == []


def test_a_cancelled_referral_no_longer_counts(h):
    referral = h.refer()
    referral_change_status(
        actor=get_actor(h.world.cm),
        referral=referral,
        version=referral.version,
        to=Status.CANCELLED,
        answer=Answer(reason="Frau Demir möchte später kommen."),
    )
    assert listed(h.world.authority) == []


def test_a_case_shared_with_the_authoritys_unit_on_a_consent(h):
    share_create(
        actor=get_actor(h.world.cm),
        case=h.case,
        to_unit=h.world.unit_authority,
        parts=["base", "residence"],
        purpose="Einbürgerungsverfahren",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        valid_until=timezone.localdate() + timedelta(days=90),
    )
    rows = handover.handed_over(get_actor(h.world.authority))
    assert [row.person for row in rows] == [h.person]
    assert rows[0].sources[0].kind == "share"
    # the part "Aufenthalt und Rechtskreise" discloses residence and benefits
    assert rows[0].categories == [Category.BASE_DATA, Category.RESIDENCE, Category.BENEFITS]


def test_a_share_on_a_legal_mandate_is_not_a_hand_over_with_consent(h):
    share_create(
        actor=get_actor(h.world.cm),
        case=h.case,
        to_unit=h.world.unit_authority,
        parts=["base"],
        purpose="Auskunft",
        purpose_category=Consent.PurposeCategory.OTHER,
        valid_until=timezone.localdate() + timedelta(days=30),
        legal_mandate="§ 87 AufenthG",
    )
    assert listed(h.world.authority) == []


def test_the_list_needs_a_fixed_number_of_queries(h, world, django_assert_max_num_queries):
    for index in range(4):
        person = register_person(world.cm, world.unit_a, family_name=f"Weitere{index}")
        h.person, h.case = person, open_case(world.cm, person, world.unit_a)
        h.consent = consent_record(
            actor=get_actor(world.cm),
            person=person,
            data_categories=[Category.BASE_DATA, Category.RESIDENCE],
            purpose="Einbürgerung",
            purpose_category=Consent.PurposeCategory.RESIDENCE,
            given_on=timezone.localdate(),
            form=Consent.Form.WRITTEN,
            recipient_organisations=[world.unit_authority.organisation],
        )
        h.refer()
    actor = get_actor(world.authority)
    with django_assert_max_num_queries(12):
        rows = handover.handed_over(actor)
    assert len(rows) == 4


# --- procedures from referrals -------------------------------------------------------------


def opened(h, referral, kind=Procedure.Kind.NATURALISATION) -> Procedure:
    return handover.procedure_from_referral(
        actor=get_actor(h.world.authority), referral=referral, kind=kind
    )


def move(h, procedure, to, **kwargs):
    procedure.refresh_from_db()
    return svc.procedure_move(
        actor=get_actor(h.world.authority),
        procedure=procedure,
        version=procedure.version,
        to=to,
        **kwargs,
    )


def test_the_authority_opens_a_procedure_from_the_referral(h):
    referral = h.refer()
    procedure = opened(h, referral)
    assert procedure.referral == referral
    assert procedure.person == h.person
    assert procedure.unit == h.world.unit_authority
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert handover.handed_over(get_actor(h.world.authority))[0].procedures == [procedure]
    with pytest.raises(ValidationError) as error:
        opened(h, referral)
    assert "schon ein Verfahren" in error.value.message_dict["kind"][0]


@pytest.mark.parametrize("who", ["cm", "lead", "coordination", "outsider"])
def test_only_the_authority_opens_procedures_from_referrals(h, who):
    referral = h.refer()
    with pytest.raises(NotAllowed):
        handover.procedure_from_referral(
            actor=get_actor(getattr(h.world, who)),
            referral=referral,
            kind=Procedure.Kind.NATURALISATION,
        )


def test_no_procedure_once_the_consent_is_withdrawn(h):
    referral = h.refer()
    consent_withdraw(actor=get_actor(h.world.cm), consent=h.consent)
    with pytest.raises(ValidationError) as error:
        opened(h, referral)
    assert "Einwilligung" in error.value.message_dict["kind"][0]


def test_the_referral_follows_the_procedure_to_its_end(h):
    referral = h.refer()
    procedure = opened(h, referral)
    move(h, procedure, Stage.RECEIVED)
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS
    assert referral.first_appointment_on == timezone.localdate()
    move(h, procedure, Stage.REJECTED, note="Lebensunterhalt nicht gesichert")
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.outcome == Referral.Outcome.NOT_POSSIBLE
    assert referral.outcome_note == "abgelehnt: Lebensunterhalt nicht gesichert"


def test_a_withdrawal_completes_the_referral_as_not_taken_up(h):
    referral = h.refer()
    procedure = opened(h, referral)
    move(h, procedure, Stage.WITHDRAWN, note="Umzug nach Hamburg")
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.outcome == Referral.Outcome.NOT_TAKEN_UP


# --- what the case manager sees -------------------------------------------------------------


def test_the_case_manager_sees_the_stage_and_the_missing_documents(h):
    referral = h.refer()
    assert handover.status_for_referral(referral) is None
    procedure = opened(h, referral)
    svc.document_mark(
        actor=get_actor(h.world.authority),
        procedure=procedure,
        code="passport",
        received_on=timezone.localdate(),
    )
    status = handover.status_for_referral(Referral.objects.get(pk=referral.pk))
    assert status.shown
    assert status.stage_label == "Beratung"
    assert "Gültiger Pass oder Passersatz" not in status.missing
    assert "Geburtsurkunde" in status.missing


def test_without_documents_in_the_consent_the_documents_stay_with_the_authority(h):
    h.consent = consent_record(
        actor=get_actor(h.world.cm),
        person=h.person,
        data_categories=[Category.BASE_DATA, Category.RESIDENCE],
        purpose="Einbürgerung",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=timezone.localdate(),
        form=Consent.Form.WRITTEN,
        recipient_organisations=[h.world.unit_authority.organisation],
    )
    referral = h.refer()
    opened(h, referral)
    status = handover.status_for_referral(Referral.objects.get(pk=referral.pk))
    assert status.shown
    assert status.missing is None


def test_after_the_withdrawal_the_state_is_no_longer_shown(h):
    referral = h.refer()
    opened(h, referral)
    consent_withdraw(actor=get_actor(h.world.cm), consent=h.consent)
    status = handover.status_for_referral(Referral.objects.get(pk=referral.pk))
    assert not status.shown
    assert status.hidden_because == "consent"
    assert status.procedure is None
