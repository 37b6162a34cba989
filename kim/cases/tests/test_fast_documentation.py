"""Fast documentation of a contact: sensible defaults, text templates, saving inline
on the case page without a full reload (htmx), and the keyboard shortcuts' hooks."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Contact, TextTemplate
from kim.cases.services import contact_record
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.testing.factories import open_case, register_person

from .conftest import close

HTMX = {"HTTP_HX_REQUEST": "true"}


def record(user, case, **fields):
    data = {
        "date": timezone.localdate() - timedelta(days=3),
        "duration_minutes": 30,
        "mode": Contact.Mode.IN_PERSON,
    } | fields
    return contact_record(actor=get_actor(user), case=case, **data)


def form_data(**changes):
    return {
        "date": timezone.localdate().strftime("%d.%m.%Y"),
        "duration_minutes": "45",
        "mode": "in_person",
        "language": "",
        "note": "Antrag auf Wohngeld besprochen.",
    } | changes


@pytest.fixture
def cm_client(client, process):
    client.force_login(process.world.cm)
    return client


# Defaults --------------------------------------------------------------------------------


def initial_of(response, name):
    return response.context["form"][name].value()


def test_a_new_contact_starts_today_with_45_minutes_in_person(cm_client, process):
    response = cm_client.get(reverse("cases:contact_new", args=[process.case.pk]))
    assert initial_of(response, "date") == timezone.localdate()
    assert initial_of(response, "duration_minutes") == 45
    assert initial_of(response, "mode") == Contact.Mode.IN_PERSON
    assert initial_of(response, "interpreter_used") is False


def test_the_mode_defaults_to_the_case_managers_usual_one(cm_client, process):
    other_person = register_person(process.world.cm, process.world.unit_a, family_name="Nowak")
    other_case = open_case(process.world.cm, other_person, process.world.unit_a)
    for _ in range(3):
        record(process.world.cm, other_case, mode=Contact.Mode.PHONE)
    record(process.world.cm, other_case, mode=Contact.Mode.VIDEO)
    # A colleague's habits do not count.
    for _ in range(5):
        record(process.colleague, process.case, mode=Contact.Mode.OUTREACH)
    response = cm_client.get(reverse("cases:contact_new", args=[process.case.pk]))
    assert initial_of(response, "mode") == Contact.Mode.PHONE


def test_language_and_interpretation_follow_the_last_contact_of_the_case(cm_client, process):
    record(process.world.cm, process.case, date=date(2026, 1, 5), language="fa")
    record(process.world.cm, process.case, language="ar", interpreter_used=True)
    response = cm_client.get(reverse("cases:contact_new", args=[process.case.pk]))
    assert initial_of(response, "language") == "ar"
    assert initial_of(response, "interpreter_used") is True


def test_without_contacts_an_interpreter_need_of_the_person_is_the_default(cm_client, world):
    person = register_person(
        world.cm, world.unit_a, family_name="Rahimi", languages=["fa"], interpreter_needed=True
    )
    case = open_case(world.cm, person, world.unit_a)
    response = cm_client.get(reverse("cases:contact_new", args=[case.pk]))
    assert initial_of(response, "language") == "fa"
    assert initial_of(response, "interpreter_used") is True


# Text templates --------------------------------------------------------------------------


def test_the_form_offers_the_active_text_templates_of_the_tenant(cm_client, process):
    world = process.world
    TextTemplate.objects.filter(tenant=world.tenant, code="telefonat").update(active=False)
    TextTemplate.objects.create(
        tenant=world.other_tenant, code="fremd", name="Fremder Baustein", body="x"
    )
    html = cm_client.get(reverse("cases:contact_new", args=[process.case.pk])).content.decode()
    assert "Erstgespräch" in html
    assert "Telefonat" not in html
    assert "Fremder Baustein" not in html
    first = TextTemplate.objects.get(tenant=world.tenant, code="erstgespraech")
    assert f'<template id="textbaustein-{first.pk}">Anliegen: [ ]' in html
    assert 'aria-keyshortcuts="Alt+Shift+T"' in html


def test_inserting_a_template_without_javascript_keeps_everything_typed(cm_client, process):
    template = TextTemplate.objects.get(tenant=process.world.tenant, code="telefonat")
    response = cm_client.post(
        reverse("cases:contact_new", args=[process.case.pk]),
        form_data(
            duration_minutes="20", note="Rückruf wegen Kita-Platz.", text_template=template.pk
        )
        | {"insert_template": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not process.case.contacts.exists()
    assert response.context["form"]["note"].value() == (
        "Rückruf wegen Kita-Platz.\n\nAnlass des Anrufs: [ ]\nBesprochen: [ ]\nVereinbart: [ ]"
    )
    assert response.context["form"]["duration_minutes"].value() == "20"
    assert "Textbaustein „Telefonat“ am Ende der Notiz eingefügt." in html
    assert "Bitte prüfen Sie Ihre Eingaben" not in html


def test_a_template_of_another_tenant_cannot_be_inserted(cm_client, process):
    foreign = TextTemplate.objects.filter(tenant=process.world.other_tenant).first()
    response = cm_client.post(
        reverse("cases:contact_new", args=[process.case.pk]),
        form_data(note="Eigene Notiz", text_template=foreign.pk) | {"insert_template": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"]["note"].value() == "Eigene Notiz"


def test_inserting_works_when_editing_a_contact_too(cm_client, process):
    contact = record(process.world.cm, process.case, note="Alt")
    template = TextTemplate.objects.get(tenant=process.world.tenant, code="begleitung")
    response = cm_client.post(
        reverse("cases:contact_edit", args=[process.case.pk, contact.pk]),
        form_data(note="Alt", text_template=template.pk, version=contact.version)
        | {"insert_template": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"]["note"].value().startswith("Alt\n\nBegleitung zu: [ ]")
    contact.refresh_from_db()
    assert contact.note == "Alt"


# Saving inline on the case page (htmx) ------------------------------------------------------


def test_the_case_page_opens_the_form_inline_with_a_shortcut(cm_client, process):
    html = cm_client.get(reverse("cases:detail", args=[process.case.pk])).content.decode()
    url = reverse("cases:contact_new", args=[process.case.pk])
    assert f'hx-get="{url}"' in html
    assert 'hx-target="#kontakt-erfassen"' in html
    assert 'aria-keyshortcuts="Alt+Shift+N"' in html
    assert '<div id="kontakt-erfassen"' in html
    assert '<div id="kontaktverlauf">' in html


def test_the_inline_form_is_a_fragment_that_posts_back_with_htmx(cm_client, process):
    url = reverse("cases:contact_new", args=[process.case.pk])
    response = cm_client.get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'hx-post="{url}"' in html
    assert "data-kim-submit-shortcut" in html
    assert "Strg+Eingabe speichert" in html


def test_saving_inline_answers_with_a_confirmation_and_the_new_history(cm_client, process):
    record(process.world.cm, process.case, note="Frühere Beratung")
    response = cm_client.post(
        reverse("cases:contact_new", args=[process.case.pk]),
        form_data(note="Kita-Anmeldung ausgefüllt."),
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    contact = process.case.contacts.order_by("-id").first()
    assert contact.note == "Kita-Anmeldung ausgefüllt."
    assert contact.created_by == process.world.cm
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Der Kontakt vom {today} wurde gespeichert." in html
    assert '<div id="kontaktverlauf" hx-swap-oob="true">' in html
    assert html.index("Kita-Anmeldung ausgefüllt.") < html.index("Frühere Beratung")
    assert AuditEvent.objects.filter(action="contact.create", object_id=str(contact.pk)).exists()


def test_invalid_input_inline_shows_the_errors_and_keeps_the_note(cm_client, process):
    response = cm_client.post(
        reverse("cases:contact_new", args=[process.case.pk]),
        form_data(duration_minutes="0", note="Das darf nicht verloren gehen."),
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Bitte eine Dauer zwischen 1 und 600 Minuten angeben." in html
    assert "Das darf nicht verloren gehen." in html
    assert not process.case.contacts.exists()


@pytest.mark.parametrize("username", ["cm_b", "outsider", "coordination", "authority", "admin"])
def test_others_cannot_open_or_post_the_inline_form(client, process, username):
    client.force_login(getattr(process.world, username))
    url = reverse("cases:contact_new", args=[process.case.pk])
    assert client.get(url, **HTMX).status_code == 404
    assert client.post(url, form_data(), **HTMX).status_code == 404
    assert not process.case.contacts.exists()


def test_a_closed_case_offers_no_inline_form(cm_client, process):
    close(process.world.cm, process.case)
    html = cm_client.get(reverse("cases:detail", args=[process.case.pk])).content.decode()
    assert "data-kim-shortcut" not in html
    url = reverse("cases:contact_new", args=[process.case.pk])
    assert cm_client.get(url, **HTMX).status_code == 404


def test_a_barrier_flagged_inline_reloads_the_case_page_so_its_section_shows_it(cm_client, process):
    from kim.planning.catalogues import seed_barrier_categories
    from kim.planning.models import Barrier

    categories = seed_barrier_categories(process.world.tenant)
    response = cm_client.post(
        reverse("cases:contact_new", args=[process.case.pk]),
        form_data()
        | {
            "huerde-flag": "on",
            "huerde-field": process.world.fields[0].pk,
            "huerde-category": categories[0].pk,
            "huerde-legal_domain": "sgb2",
            "huerde-description": "Kein Kursplatz.",
        },
        **HTMX,
        HTTP_HX_CURRENT_URL="http://testserver" + reverse("cases:detail", args=[process.case.pk]),
    )
    assert response.status_code == 200
    # Another address than the current one, or the browser would only scroll.
    detail = reverse("cases:detail", args=[process.case.pk])
    assert response["HX-Redirect"] == detail + "?kontakte=1#verlauf"
    assert Barrier.objects.filter(case=process.case, source=Barrier.Source.CONTACT).count() == 1
    assert process.case.contacts.count() == 1
