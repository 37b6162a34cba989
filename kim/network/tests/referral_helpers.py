"""What the referral tests share: a case of unit A with an action, two partner
organisations with a service each and a partner account each, and consents."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from kim.accounts.models import User
from kim.core.actor import get_actor
from kim.core.models import Organisation, Unit
from kim.network.models import Referral, Service
from kim.network.services.referral_links import (
    referral_link_create,
)
from kim.network.services.referrals import (
    Answer,
    referral_change_status,
    referral_create,
    referral_send,
)
from kim.people.models import Consent
from kim.people.services import consent_record
from kim.planning.models import Action
from kim.planning.services import action_create
from kim.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    member,
    open_case,
    register_person,
)

BASE = Consent.DataCategory.BASE_DATA
RESIDENCE = Consent.DataCategory.RESIDENCE
HEALTH = Consent.DataCategory.HEALTH
REFERRAL = Consent.PurposeCategory.REFERRAL


@dataclass
class Setting:
    world: object
    person: object
    case: object
    action: Action
    school: Organisation
    school_unit: Unit
    service: Service
    other_org: Organisation
    other_service: Service
    partner: User
    partner_other: User
    extra: dict = field(default_factory=dict)

    def actor(self, username="cm"):
        user = getattr(self.world, username, None) or getattr(self, username)
        return get_actor(user)

    def consent(self, *, categories=(BASE,), organisations=None, kinds=(), **kwargs) -> Consent:
        kwargs.setdefault("purpose", "Vermittlung in einen Sprachkurs")
        kwargs.setdefault("purpose_category", REFERRAL)
        kwargs.setdefault("given_on", timezone.localdate() - timedelta(days=30))
        kwargs.setdefault("form", Consent.Form.WRITTEN)
        return consent_record(
            actor=self.actor(),
            person=self.person,
            data_categories=list(categories),
            recipient_organisations=[self.school] if organisations is None else organisations,
            recipient_kinds=list(kinds),
            **kwargs,
        )

    def draft(self, *, categories=(BASE,), consent=None, mandate="", service=None, **kwargs):
        kwargs.setdefault("purpose", "Deutschkurs B1 für den Berufseinstieg")
        return referral_create(
            actor=self.actor(),
            case=self.case,
            service=service or self.service,
            action=kwargs.pop("action", self.action),
            data_categories=list(categories),
            consent=consent,
            legal_mandate=mandate,
            **kwargs,
        )

    def sent(self, **kwargs) -> Referral:
        """A referral sent with base data under a matching consent."""
        if "consent" not in kwargs and "mandate" not in kwargs:
            kwargs["consent"] = self.consent(categories=kwargs.get("categories", (BASE,)))
        referral = self.draft(**kwargs)
        return referral_send(actor=self.actor(), referral=referral, version=referral.version)

    def move(self, referral: Referral, to: str, **answer) -> Referral:
        referral.refresh_from_db()
        return referral_change_status(
            actor=self.actor(),
            referral=referral,
            version=referral.version,
            to=to,
            answer=Answer(**answer),
        )

    def link(self, referral: Referral, **kwargs):
        return referral_link_create(actor=self.actor(), referral=referral, **kwargs)


def build_setting(world) -> Setting:
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Lina",
        phone="0151 000000",
        town=world.town,
    )
    case = open_case(world.cm, person, world.unit_a, opened_on=date(2026, 1, 5))
    action = action_create(
        actor=get_actor(world.cm),
        case=case,
        what="Anmeldung zum Sprachkurs",
        who=Action.Who.PROVIDER,
        who_name="eine Sprachschule",
    )
    school = OrganisationFactory(
        tenant=world.tenant, name="Sprachschule Testland", kind=Organisation.Kind.OTHER
    )
    school_unit = UnitFactory(
        tenant=world.tenant, organisation=school, name="Sprachschule – Kurse", code="SPR"
    )
    service = Service.objects.create(
        tenant=world.tenant,
        organisation=school,
        name="Deutschkurs B1",
        description="Deutsch lernen bis B1.",
        accepts_referrals=True,
        referral_email="kurse@sprachschule.example",
    )
    other_org = OrganisationFactory(
        tenant=world.tenant, name="Beratung Anderswo", kind=Organisation.Kind.WELFARE_PROVIDER
    )
    other_unit = UnitFactory(
        tenant=world.tenant, organisation=other_org, name="Beratung – Team", code="BER"
    )
    other_service = Service.objects.create(
        tenant=world.tenant,
        organisation=other_org,
        name="Schuldnerberatung",
        description="Hilfe bei Schulden.",
    )
    partner = UserFactory(username="partner", tenant=world.tenant)
    member(partner, school_unit, "partner")
    partner_other = UserFactory(username="partner_other", tenant=world.tenant)
    member(partner_other, other_unit, "partner")
    return Setting(
        world=world,
        person=person,
        case=case,
        action=action,
        school=school,
        school_unit=school_unit,
        service=service,
        other_org=other_org,
        other_service=other_service,
        partner=partner,
        partner_other=partner_other,
    )
