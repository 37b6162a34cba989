"""Organisations, units, towns, districts, fields of action, roles and the start section."""

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent, District, FieldOfAction, Organisation, Town, Unit
from kim.core.permissions import PERMISSIONS


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def actions():
    return [e.action for e in AuditEvent.objects.order_by("id")]


# Organisations and units --------------------------------------------------------------------


def test_the_units_page_lists_organisations_with_their_units(admin_client, world):
    html = admin_client.get(reverse("accounts:admin_units")).content.decode()
    assert world.unit_authority.organisation.name in html
    assert "Ausländerbehörde" in html
    assert "Case Management Anderswo" not in html


def test_the_admin_creates_an_organisation_and_a_unit(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_organisation_create"),
        {"name": "AWO Witten", "kind": Organisation.Kind.WELFARE_PROVIDER},
    )
    assert response.status_code == 302
    awo = Organisation.objects.get(name="AWO Witten")
    assert awo.tenant_id == world.tenant.pk
    response = admin_client.post(
        reverse("accounts:admin_unit_create"),
        {
            "organisation": awo.pk,
            "name": "AWO Witten Migrationsberatung",
            "code": "awo",
            "town": world.town.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="AWO Witten Migrationsberatung")
    assert (unit.code, unit.town, unit.active, unit.tenant_id) == (
        "AWO",
        world.town,
        True,
        world.tenant.pk,
    )
    assert actions() == ["organisation.create", "unit.create"]
    assert AuditEvent.objects.filter(person_id__isnull=False).count() == 0


def test_the_unit_form_preselects_the_organisation_from_the_link(admin_client, world):
    org = world.unit_a.organisation
    response = admin_client.get(reverse("accounts:admin_unit_create"), {"organisation": org.pk})
    assert response.context["form"]["organisation"].value() == str(org.pk)
    bad = admin_client.get(reverse("accounts:admin_unit_create"), {"organisation": "x'"})
    assert bad.status_code == 200


def test_a_duplicate_unit_code_is_refused_in_german_and_the_input_kept(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_unit_create"),
        {"organisation": world.unit_a.organisation_id, "name": "Zweites Nord", "code": "nord"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Kürzel hat bereits eine andere Einheit." in html
    assert 'value="Zweites Nord"' in html
    assert not Unit.objects.filter(name="Zweites Nord").exists()


def test_a_duplicate_organisation_name_is_refused_in_german(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_organisation_create"),
        {"name": world.unit_a.organisation.name.upper(), "kind": "other"},
    )
    assert "Eine Organisation mit diesem Namen gibt es bereits." in response.content.decode()


def test_an_unknown_organisation_kind_is_refused_not_a_500(admin_client):
    response = admin_client.post(
        reverse("accounts:admin_organisation_create"), {"name": "Neu", "kind": "erfunden"}
    )
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def test_the_admin_edits_and_deactivates_a_unit(admin_client, world):
    url = reverse("accounts:admin_unit_edit", args=[world.unit_b.pk])
    response = admin_client.post(
        url,
        {
            "organisation": world.unit_b.organisation_id,
            "name": "Case Management Süd-West",
            "code": "SUED",
        },
    )
    assert response.status_code == 302
    world.unit_b.refresh_from_db()
    assert world.unit_b.name == "Case Management Süd-West"
    assert not world.unit_b.active
    event = AuditEvent.objects.get(action="unit.update")
    assert event.changes["active"] == [True, False]
    assert event.changes["name"] == ["Case Management Süd", "Case Management Süd-West"]


def test_the_admin_cannot_deactivate_the_unit_that_carries_their_admin_rights(admin_client, world):
    unit = world.unit_coordination
    response = admin_client.post(
        reverse("accounts:admin_unit_edit", args=[unit.pk]),
        {"organisation": unit.organisation_id, "name": unit.name, "code": unit.code},
    )
    assert response.status_code == 200
    assert "Ihre Administrationsrechte hängen allein an ihr" in response.content.decode()
    unit.refresh_from_db()
    assert unit.active


def test_an_organisation_of_the_other_tenant_cannot_be_chosen_for_a_unit(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_unit_edit", args=[world.unit_a.pk]),
        {"organisation": world.unit_other.organisation_id, "name": "X", "code": "NORD"},
    )
    assert response.status_code == 200
    world.unit_a.refresh_from_db()
    assert world.unit_a.organisation.tenant_id == world.tenant.pk


# Towns and districts ---------------------------------------------------------------------------


def test_the_admin_creates_a_town_and_a_district(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_town_create"),
        {"name": "Wetter (Ruhr)", "postcodes": "58300,58300 58301"},
    )
    assert response.status_code == 302
    town = Town.objects.get(name="Wetter (Ruhr)")
    assert town.postcodes == "58300, 58301"
    response = admin_client.post(
        reverse("accounts:admin_district_create"), {"town": town.pk, "name": "Alt-Wetter"}
    )
    assert response.status_code == 302
    district = District.objects.get(name="Alt-Wetter")
    assert (district.town, district.tenant_id) == (town, world.tenant.pk)
    html = admin_client.get(reverse("accounts:admin_towns")).content.decode()
    assert "Alt-Wetter" in html
    assert actions() == ["town.create", "district.create"]


def test_bad_postcodes_are_refused_in_german_and_the_input_kept(admin_client):
    response = admin_client.post(
        reverse("accounts:admin_town_create"), {"name": "Neustadt", "postcodes": "1234, abc"}
    )
    html = response.content.decode()
    assert "Bitte fünfstellige Postleitzahlen eingeben" in html
    assert 'value="1234, abc"' in html
    assert not Town.objects.filter(name="Neustadt").exists()


def test_a_duplicate_town_or_district_is_refused_in_german(admin_client, world):
    response = admin_client.post(reverse("accounts:admin_town_create"), {"name": "testhausen"})
    assert "Einen Ort mit diesem Namen gibt es bereits." in response.content.decode()
    District.objects.create(tenant=world.tenant, town=world.town, name="Mitte")
    response = admin_client.post(
        reverse("accounts:admin_district_create"), {"town": world.town.pk, "name": "Mitte"}
    )
    assert "Diesen Stadtteil gibt es in diesem Ort bereits." in response.content.decode()


def test_the_admin_renames_a_town(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_town_edit", args=[world.town.pk]),
        {"name": "Testhausen an der Ruhr", "postcodes": "58452"},
    )
    assert response.status_code == 302
    world.town.refresh_from_db()
    assert world.town.name == "Testhausen an der Ruhr"
    assert AuditEvent.objects.get(action="town.update").changes["postcodes"] == ["", "58452"]


def test_a_district_cannot_be_moved_to_a_town_of_the_other_tenant(admin_client, world):
    district = District.objects.create(tenant=world.tenant, town=world.town, name="Mitte")
    other = Town.objects.create(tenant=world.other_tenant, name="Fremdstadt")
    response = admin_client.post(
        reverse("accounts:admin_district_edit", args=[district.pk]),
        {"town": other.pk, "name": "Mitte"},
    )
    assert response.status_code == 200
    district.refresh_from_db()
    assert district.town == world.town


# Fields of action -------------------------------------------------------------------------------


def codes(world):
    return list(
        FieldOfAction.objects.filter(tenant=world.tenant)
        .order_by("position", "name")
        .values_list("code", flat=True)
    )


def test_the_admin_adds_a_field_at_the_end(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_field_create"),
        {"name": "Wohnen", "code": "wohnen", "active": "on"},
    )
    assert response.status_code == 302
    assert codes(world) == ["sprache", "arbeit", "wohnen"]
    assert AuditEvent.objects.get(action="field.create").changes["code"] == [None, "wohnen"]


def test_a_field_code_must_be_a_slug_and_unique(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_field_create"), {"name": "Wohnen", "code": "wohnen und so"}
    )
    assert response.status_code == 200
    assert 'value="Wohnen"' in response.content.decode()
    response = admin_client.post(
        reverse("accounts:admin_field_create"), {"name": "Sprache 2", "code": "sprache"}
    )
    assert "Dieses Kürzel hat bereits ein anderes Handlungsfeld." in response.content.decode()
    assert codes(world) == ["sprache", "arbeit"]


def test_the_admin_renames_and_deactivates_a_field_but_keeps_its_code(admin_client, world):
    field = world.fields[0]
    response = admin_client.post(
        reverse("accounts:admin_field_edit", args=[field.pk]),
        {"name": "Sprache / Deutscherwerb", "code": "anders"},
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.name, field.code, field.active) == ("Sprache / Deutscherwerb", "sprache", False)
    assert AuditEvent.objects.get(action="field.update").changes["active"] == [True, False]


def test_the_admin_reorders_fields(admin_client, world):
    FieldOfAction.objects.create(tenant=world.tenant, code="wohnen", name="Wohnen", position=3)
    wohnen = FieldOfAction.objects.get(code="wohnen")
    url = reverse("accounts:admin_field_move", args=[wohnen.pk])
    assert admin_client.post(url, {"direction": "up"}).status_code == 302
    assert codes(world) == ["sprache", "wohnen", "arbeit"]
    admin_client.post(url, {"direction": "up"})
    assert codes(world) == ["wohnen", "sprache", "arbeit"]
    admin_client.post(url, {"direction": "up"})  # already first: nothing happens
    assert codes(world) == ["wohnen", "sprache", "arbeit"]
    admin_client.post(url, {"direction": "seitwärts"})  # ignored, no 500
    assert codes(world) == ["wohnen", "sprache", "arbeit"]
    positions = FieldOfAction.objects.filter(tenant=world.tenant).values_list("position", flat=True)
    assert sorted(positions) == [1, 2, 3]
    assert [e.changes["direction"] for e in AuditEvent.objects.filter(action="field.move")] == [
        "up",
        "up",
    ]


def test_reordering_is_a_post_only(admin_client, world):
    url = reverse("accounts:admin_field_move", args=[world.fields[1].pk])
    assert admin_client.get(url).status_code == 405


# Roles --------------------------------------------------------------------------------------


def test_the_roles_page_lists_roles_with_german_permissions_read_only(admin_client, world):
    response = admin_client.get(reverse("accounts:admin_roles"))
    html = response.content.decode()
    assert "Änderungen an Rollen nimmt der Betrieb vor" in html
    assert "Teamleitung / Fachaufsicht" in html
    assert str(PERMISSIONS["case.manage"]) in html
    assert "<form" not in html.split('id="inhalt"')[1]
    counts = {row["role"].code: row["role"].member_count for row in response.context["rows"]}
    assert counts["case_manager"] == 2  # cm and cm_b; the outsider is in the other tenant
    assert counts["administration"] == 1


# Start page -------------------------------------------------------------------------------------


def test_the_start_page_shows_the_admin_section_only_to_the_admin(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("core:start")).content.decode()
    assert 'id="start-admin"' in html
    assert reverse("accounts:admin_users") in html
    assert reverse("accounts:admin_fields") in html
    section = next(
        s for s in client.get(reverse("core:start")).context["sections"] if "admin" in s.template
    )
    assert section.context["users"] == {"active_count": 7, "inactive_count": 0}
    assert section.context["units"] == {"active_count": 4, "inactive_count": 0}
    client.force_login(world.lead)
    assert 'id="start-admin"' not in client.get(reverse("core:start")).content.decode()
