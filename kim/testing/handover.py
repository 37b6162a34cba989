"""A client of case management unit A ready for the hand-over to the authority: a
recorded residence of six years, an open case, the authority's service
"Einbürgerung" and a consent for it. Shared by the residence tests and the
browser test of the hand-over."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from kim.core.actor import get_actor
from kim.network.models import Service
from kim.network.services.referrals import referral_create, referral_send
from kim.people.models import Consent
from kim.people.services import consent_record, residence_status_record
from kim.testing.factories import open_case, register_person

Category = Consent.DataCategory
CONSENTED = [Category.BASE_DATA, Category.RESIDENCE, Category.BENEFITS, Category.DOCUMENTS]


@dataclass
class Handover:
    world: object
    person: object
    case: object
    service: Service
    consent: Consent

    def refer(self, categories=(Category.BASE_DATA, Category.RESIDENCE), consent=...):
        referral = referral_create(
            actor=get_actor(self.world.cm),
            case=self.case,
            service=self.service,
            action=None,
            purpose="Einbürgerung: Beratung und Antrag",
            purpose_category=Consent.PurposeCategory.RESIDENCE,
            data_categories=list(categories),
            consent=self.consent if consent is ... else consent,
        )
        return referral_send(
            actor=get_actor(self.world.cm), referral=referral, version=referral.version
        )


def build_handover(world, *, categories=CONSENTED, given_on: date | None = None) -> Handover:
    today = timezone.localdate()
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Demir",
        given_names="Aylin",
        birth_date=date(1990, 3, 1),
        german_level="B1",
    )
    residence_status_record(
        actor=get_actor(world.cm),
        person=person,
        kind="ae",
        valid_from=today - timedelta(days=6 * 366),
        legal_basis="§ 25 Abs. 2 AufenthG",
    )
    case = open_case(world.cm, person, world.unit_a)
    authority = world.unit_authority.organisation
    service = Service.objects.create(
        tenant=world.tenant,
        organisation=authority,
        name="Einbürgerung",
        description="Beratung und Antrag.",
        accepts_referrals=True,
        referral_email="einbuergerung@kreis-testland.example",
    )
    consent = consent_record(
        actor=get_actor(world.cm),
        person=person,
        data_categories=list(categories),
        purpose="Prüfung und Antrag auf Einbürgerung",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=given_on or today - timedelta(days=3),
        form=Consent.Form.WRITTEN,
        recipient_organisations=[authority],
    )
    return Handover(world, person, case, service, consent)
