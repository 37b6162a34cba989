"""Writing the directory: validation, versions, archive, review, audit, permissions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent, District, Organisation
from kim.network.models import OrganisationProfile, Service
from kim.network.services.directory import (
    organisation_archive,
    organisation_create,
    organisation_restore,
    organisation_update,
    service_archive,
    service_create,
    service_mark_reviewed,
    service_restore,
    service_update,
)
from kim.testing.factories import TownFactory


def events(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_service_is_created_with_its_lists_and_audited(world, directory):
    service = directory.language_cafe
    assert service.languages == ["ar", "uk", "de"]  # in the order of the language list
    assert list(service.fields.all()) == [world.fields[0]]
    assert list(service.towns.all()) == [directory.town_b]
    assert service.reviewed_by == world.coordination
    event = AuditEvent.objects.get(object_type="service", object_id=service.pk)
    assert event.action == "service.create"
    assert event.actor == world.coordination
    assert event.person_id is None
    assert event.changes["name"] == [None, "Sprachcafé"]
    assert event.changes["towns"] == [None, [directory.town_b.pk]]


def test_every_problem_of_a_service_is_reported_by_field(world, directory):
    other_town = TownFactory(tenant=world.other_tenant, name="Fremdstadt")
    with pytest.raises(ValidationError) as error:
        service_create(
            actor=get_actor(world.coordination),
            organisation=directory.awo,
            name="  ",
            description="",
            legal_domains=["sgb99"],
            languages=["xx"],
            accepts_referrals=True,
            referral_email="",
            contact_email="keine-adresse",
            postcode="123",
            reviewed_on=timezone.localdate() + timedelta(days=3),
            towns=[other_town],
        )
    assert set(error.value.message_dict) == {
        "name",
        "description",
        "legal_domains",
        "languages",
        "referral_email",
        "contact_email",
        "postcode",
        "reviewed_on",
        "towns",
    }
    assert error.value.message_dict["referral_email"] == [
        "Wer Vermittlungen annimmt, braucht eine E-Mail-Adresse dafür."
    ]
    assert not Service.objects.filter(name="").exists()


def test_an_organisation_has_each_service_name_once_ignoring_case(world, directory):
    with pytest.raises(ValidationError) as error:
        service_create(
            actor=get_actor(world.coordination),
            organisation=directory.awo,
            name="SPRACHCAFÉ",
            description="Noch einmal.",
        )
    assert error.value.message_dict["name"] == [
        "Diese Organisation hat schon ein Angebot mit diesem Namen."
    ]
    # Another organisation may use the name.
    service_create(
        actor=get_actor(world.coordination),
        organisation=directory.jobcenter,
        name="Sprachcafé",
        description="Im Jobcenter.",
    )


def test_districts_must_lie_in_the_chosen_towns(world, directory):
    with pytest.raises(ValidationError) as error:
        service_update(
            actor=get_actor(world.coordination),
            service=directory.housing,
            version=1,
            towns=[directory.town_b],
        )
    assert "Testhausen" in error.value.message_dict["districts"][0]


def test_an_update_changes_only_what_is_given_and_records_the_difference(world, directory):
    actor = get_actor(world.coordination)
    service = service_update(
        actor=actor, service=directory.job_coaching, version=1, waiting_weeks=5, languages=["de"]
    )
    assert service.version == 2
    assert service.waiting_weeks == 5
    assert service.name == "Jobcoaching"
    assert service.legal_domains == ["sgb2"]
    event = AuditEvent.objects.filter(action="service.update", object_id=service.pk).get()
    assert event.changes == {
        "waiting_weeks": [3, 5],
        "languages": [["tr", "de"], ["de"]],
        "version": [1, 2],
    }
    # Saving the same values again changes nothing, not even the version.
    again = service_update(actor=actor, service=service, version=2, waiting_weeks=5)
    assert again.version == 2
    assert AuditEvent.objects.filter(action="service.update").count() == 1


def test_a_save_based_on_an_older_version_is_refused(world, directory):
    actor = get_actor(world.coordination)
    service_update(actor=actor, service=directory.housing, version=1, waiting_weeks=1)
    with pytest.raises(StaleEdit) as stale:
        service_update(actor=actor, service=directory.housing, version=1, waiting_weeks=9)
    assert stale.value.current.waiting_weeks == 1
    assert Service.objects.get(pk=directory.housing.pk).waiting_weeks == 1


def test_changing_the_review_date_records_who_reviewed(world, directory):
    actor = get_actor(world.coordination)
    service = service_update(
        actor=actor, service=directory.housing, version=1, reviewed_on=date(2026, 1, 5)
    )
    assert service.reviewed_by == world.coordination
    service = service_update(actor=actor, service=service, version=2, reviewed_on=None)
    assert service.reviewed_by is None


def test_marking_as_reviewed_sets_today_and_the_reviewer(world, directory):
    service = service_mark_reviewed(
        actor=get_actor(world.coordination), service=directory.language_cafe, version=1
    )
    assert service.reviewed_on == timezone.localdate()
    assert service.reviewed_by == world.coordination
    assert events(service)[-1] == "service.review"


def test_archive_and_restore_a_service(world, directory):
    actor = get_actor(world.coordination)
    service = service_archive(
        actor=actor, service=directory.housing, version=1, reason="eingestellt"
    )
    assert service.archived_at is not None
    with pytest.raises(ValidationError):
        service_update(actor=actor, service=service, version=service.version, waiting_weeks=2)
    with pytest.raises(ValidationError):
        service_archive(actor=actor, service=service, version=service.version)
    service = service_restore(actor=actor, service=service, version=service.version)
    assert service.archived_at is None
    assert events(service) == ["service.create", "service.archive", "service.restore"]
    assert AuditEvent.objects.get(action="service.archive").reason == "eingestellt"


def test_archiving_an_organisation_archives_its_services_and_restoring_it_does_not_restore_them(
    world, directory
):
    actor = get_actor(world.coordination)
    organisation = organisation_archive(
        actor=actor, organisation=directory.awo, version=1, reason="aufgelöst"
    )
    assert organisation.profile.archived_at is not None
    archived = Service.objects.filter(organisation=directory.awo, archived_at__isnull=False)
    assert archived.count() == 3
    assert not Service.objects.filter(organisation=directory.jobcenter, archived_at__isnull=False)
    # Its services cannot come back while it is archived; nor can it get new ones.
    with pytest.raises(ValidationError):
        service_restore(actor=actor, service=archived.first(), version=archived.first().version)
    with pytest.raises(ValidationError):
        service_create(actor=actor, organisation=directory.awo, name="Neu", description="Neu.")
    organisation_restore(actor=actor, organisation=directory.awo, version=2)
    assert archived.count() == 3
    assert events(directory.awo) == [
        "organisation.create",
        "organisation.archive",
        "organisation.restore",
    ]


def test_an_organisation_is_created_with_its_directory_details(world, directory):
    organisation = organisation_create(
        actor=get_actor(world.coordination),
        name=" Tafel Testland ",
        kind=Organisation.Kind.VOLUNTEER,
        website="https://tafel.example",
    )
    assert organisation.name == "Tafel Testland"
    assert organisation.profile.website == "https://tafel.example"
    with pytest.raises(ValidationError) as error:
        organisation_create(
            actor=get_actor(world.coordination),
            name="tafel testland",
            kind="",
            email="nein",
            postcode="1234x",
        )
    assert set(error.value.message_dict) == {"name", "kind", "email", "postcode"}


def test_an_organisation_of_the_units_gets_its_details_on_first_edit(world, directory):
    abh = directory.abh
    assert not OrganisationProfile.objects.filter(organisation=abh).exists()
    updated = organisation_update(
        actor=get_actor(world.coordination), organisation=abh, version=1, phone="02331 5000"
    )
    assert updated.profile.phone == "02331 5000"
    assert updated.profile.version == 2
    assert updated.kind == Organisation.Kind.FOREIGNERS_AUTHORITY
    with pytest.raises(StaleEdit):
        organisation_update(
            actor=get_actor(world.coordination), organisation=abh, version=1, phone="1"
        )


@pytest.mark.parametrize("username", ["cm", "lead", "authority", "admin", "data_protection"])
def test_only_the_directory_managers_write(world, directory, username):
    actor = get_actor(getattr(world, username))
    writes = [
        lambda: service_create(actor=actor, organisation=directory.awo, name="X", description="Y"),
        lambda: service_update(actor=actor, service=directory.housing, version=1, name="X"),
        lambda: service_archive(actor=actor, service=directory.housing, version=1),
        lambda: service_mark_reviewed(actor=actor, service=directory.housing, version=1),
        lambda: organisation_create(actor=actor, name="X", kind="other"),
        lambda: organisation_update(actor=actor, organisation=directory.awo, version=1, name="X"),
        lambda: organisation_archive(actor=actor, organisation=directory.awo, version=1),
    ]
    for write in writes:
        with pytest.raises(NotAllowed):
            write()


def test_the_coordination_of_another_tenant_cannot_write_here(world, directory):
    from kim.testing.factories import UnitFactory, UserFactory, member

    unit = UnitFactory(tenant=world.other_tenant, name="KI Anderswo", code="KIA")
    coordinator = UserFactory(username="koordination.anderswo", tenant=world.other_tenant)
    member(coordinator, unit, "coordination")
    actor = get_actor(coordinator)
    with pytest.raises(NotAllowed):
        service_update(actor=actor, service=directory.housing, version=1, name="X")
    with pytest.raises(NotAllowed):
        organisation_archive(actor=actor, organisation=directory.awo, version=1)
    district = District.objects.get(pk=directory.district.pk)
    with pytest.raises(ValidationError):
        # Their own organisation cannot serve a district of this tenant.
        own = organisation_create(actor=actor, name="Eigene", kind="other")
        service_create(
            actor=actor, organisation=own, name="A", description="B", districts=[district]
        )
