"""The catalogues the administration maintains besides the fields of action:
target groups, barrier categories and text templates (kim.core.catalogues)."""

import pytest
from django.urls import reverse

from kim.cases.models import TargetGroup, TextTemplate
from kim.core.models import AuditEvent
from kim.planning.models import BarrierCategory


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def codes(model, tenant):
    return list(
        model.objects.filter(tenant=tenant)
        .order_by("position", "name")
        .values_list("code", flat=True)
    )


def test_the_sub_navigation_lists_every_catalogue(admin_client):
    html = admin_client.get(reverse("accounts:admin_users")).content.decode()
    for label, url in [
        ("Handlungsfelder", reverse("accounts:admin_fields")),
        ("Zielgruppen", reverse("accounts:admin_catalogue", args=["zielgruppen"])),
        ("Hürdenkategorien", reverse("accounts:admin_catalogue", args=["huerdenkategorien"])),
        ("Textbausteine", reverse("accounts:admin_catalogue", args=["textbausteine"])),
    ]:
        assert f'href="{url}"' in html, label
        assert label in html


def test_the_fields_of_action_keep_their_address(world):
    assert reverse("accounts:admin_fields") == "/konto/verwaltung/handlungsfelder/"
    assert reverse("accounts:admin_catalogue", args=["handlungsfelder"]) == reverse(
        "accounts:admin_fields"
    )


def test_an_unknown_catalogue_is_not_found(admin_client):
    assert admin_client.get("/konto/verwaltung/gibtsnicht/").status_code == 404
    assert admin_client.get("/konto/verwaltung/gibtsnicht/neu/").status_code == 404


def test_the_list_shows_the_tenants_target_groups_in_order(admin_client, world):
    html = admin_client.get(reverse("accounts:admin_catalogue", args=["zielgruppen"])).content
    html = html.decode()
    assert "Geflüchtete" in html
    assert html.index("Neuzugewanderte") < html.index("Geflüchtete")
    assert "10 Einträge" in html


def test_the_admin_adds_a_target_group_at_the_end(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_catalogue_create", args=["zielgruppen"]),
        {"name": "Spätaussiedler*innen", "code": "spaetaussiedler", "active": "on"},
    )
    assert response.status_code == 302
    assert codes(TargetGroup, world.tenant)[-1] == "spaetaussiedler"
    assert "spaetaussiedler" not in codes(TargetGroup, world.other_tenant)
    event = AuditEvent.objects.get(action="targetgroup.create")
    assert event.changes["code"] == [None, "spaetaussiedler"]


def test_a_taken_code_gets_a_german_message_and_keeps_the_input(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_catalogue_create", args=["huerdenkategorien"]),
        {"name": "Wartezeit beim Amt", "code": BarrierCategory.objects.first().code},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Kürzel hat bereits eine andere Hürdenkategorie." in html
    assert 'value="Wartezeit beim Amt"' in html


def test_the_admin_renames_and_deactivates_a_barrier_category(admin_client, world):
    category = BarrierCategory.objects.filter(tenant=world.tenant).first()
    response = admin_client.post(
        reverse("accounts:admin_catalogue_edit", args=["huerdenkategorien", category.pk]),
        {"name": "Anders benannt", "code": "nicht-aenderbar"},
    )
    assert response.status_code == 302
    old_code = category.code
    category.refresh_from_db()
    assert (category.name, category.code, category.active) == ("Anders benannt", old_code, False)
    assert AuditEvent.objects.get(action="barriercategory.update").changes["active"] == [
        True,
        False,
    ]


def test_text_templates_carry_their_text(admin_client, world):
    url = reverse("accounts:admin_catalogue_create", args=["textbausteine"])
    form = admin_client.get(url).content.decode()
    assert 'name="text"' in form
    response = admin_client.post(
        url,
        {"name": "Hausbesuch", "code": "hausbesuch", "text": "Besucht am: [ ]\r\nEindruck: [ ]"},
    )
    assert response.status_code == 302
    template = TextTemplate.objects.get(tenant=world.tenant, code="hausbesuch")
    assert template.body == "Besucht am: [ ]\nEindruck: [ ]"
    edit = reverse("accounts:admin_catalogue_edit", args=["textbausteine", template.pk])
    assert "Besucht am: [ ]" in admin_client.get(edit).content.decode()
    response = admin_client.post(edit, {"name": "Hausbesuch", "text": "", "active": "on"})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_the_admin_reorders_text_templates(admin_client, world):
    first, second = TextTemplate.objects.filter(tenant=world.tenant).order_by("position")[:2]
    url = reverse("accounts:admin_catalogue_move", args=["textbausteine", second.pk])
    assert admin_client.post(url, {"direction": "up"}).status_code == 302
    assert codes(TextTemplate, world.tenant)[:2] == [second.code, first.code]
    assert AuditEvent.objects.get(action="texttemplate.move").changes["direction"] == "up"


def test_new_tenants_get_the_default_text_templates(world):
    assert codes(TextTemplate, world.tenant)[:2] == ["erstgespraech", "begleitung"]
    assert TextTemplate.objects.filter(tenant=world.other_tenant).count() == 4


def test_every_catalogue_action_has_a_label_in_the_audit_log():
    from kim.core.catalogues import catalogues
    from kim.core.views import AUDIT_ACTIONS

    labels = dict(AUDIT_ACTIONS)
    for catalogue in catalogues():
        for step in ("create", "update", "move"):
            assert f"{catalogue.audit_prefix}.{step}" in labels


def test_the_text_template_list_shows_the_beginning_of_each_text(admin_client):
    html = admin_client.get(reverse("accounts:admin_catalogue", args=["textbausteine"]))
    assert "Anliegen: [ ]" in html.content.decode()
    fields = admin_client.get(reverse("accounts:admin_fields")).content.decode()
    assert '<th class="kern-table__header" scope="col">Text</th>' not in fields
