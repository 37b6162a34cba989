"""The directory pages: search, upkeep with its errors and conflicts, the helplist, the finder."""

from django.urls import reverse

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.network.models import Responsibility, Service
from kim.network.services.directory import service_update
from kim.network.views import helplist as helplist_views


def text(response) -> str:
    return response.content.decode()


# --- search ------------------------------------------------------------------------------------


def test_the_search_lists_the_key_facts(client, world, directory):
    client.force_login(world.cm)
    page = text(client.get(reverse("network:directory"), {"sprache": "ar"}))
    assert "2 Angebote" in page
    assert "Sprachcafé" in page and "Aufenthaltsberatung" in page
    assert "Wohnraumberatung" not in page
    assert "Arabisch, Ukrainisch, Deutsch" in page
    assert "AWO Testland · Wohlfahrtsverband / Träger" in page


def test_htmx_gets_the_results_alone(client, world, directory):
    client.force_login(world.cm)
    response = client.get(reverse("network:directory"), {"q": "sprach"}, HTTP_HX_REQUEST="true")
    page = text(response)
    assert "<html" not in page
    assert "1 Angebot" in page and "Sprachcafé" in page


def test_a_district_of_another_town_is_explained_and_the_input_kept(client, world, directory):
    client.force_login(world.cm)
    page = text(
        client.get(
            reverse("network:directory"),
            {"ort": directory.town_b.pk, "stadtteil": directory.district.pk, "q": "beratung"},
        )
    )
    assert "Der Stadtteil Mitte liegt nicht in Feldberg." in page
    assert 'value="beratung"' in page
    assert "(gefiltert)" in page


def test_unknown_filter_values_do_not_break_the_page(client, world, directory):
    client.force_login(world.cm)
    response = client.get(
        reverse("network:directory"),
        {"feld": "gibtsnicht", "ort": "abc", "wartezeit": "99", "seite": "x"},
    )
    assert response.status_code == 200


def test_the_coordination_sees_archived_services_on_request(client, world, directory):
    Service.objects.filter(pk=directory.housing.pk).update(archived_at="2026-01-01T00:00Z")
    client.force_login(world.coordination)
    assert "Wohnraumberatung" not in text(client.get(reverse("network:directory")))
    page = text(client.get(reverse("network:directory"), {"status": "archived"}))
    assert "Wohnraumberatung" in page and "archiviert" in page
    # For others the filter does not exist: the list stays the current one.
    client.force_login(world.cm)
    assert "Wohnraumberatung" not in text(
        client.get(reverse("network:directory"), {"status": "archived"})
    )


# --- upkeep --------------------------------------------------------------------------------------


def test_a_service_form_with_errors_keeps_everything_typed(client, world, directory):
    client.force_login(world.coordination)
    response = client.post(
        reverse("network:service_new"),
        {
            "organisation": directory.awo.pk,
            "name": "Nähcafé",
            "description": "",
            "languages": ["ar", "tr"],
            "accepts_referrals": "on",
            "referral_email": "",
            "waiting_weeks": "drei",
            "opening_hours": "Mittwoch 10 bis 12 Uhr",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert "Bitte in einfachen Worten beschreiben, was es hier gibt." in page
    assert "Bitte eine ganze Zahl von Wochen angeben." in page
    assert 'value="Nähcafé"' in page
    assert "Mittwoch 10 bis 12 Uhr" in page
    assert 'value="tr" checked' in page or 'value="tr"\n' not in page
    assert not Service.objects.filter(name="Nähcafé").exists()


def test_the_service_layer_messages_reach_the_form(client, world, directory):
    client.force_login(world.coordination)
    page = text(
        client.post(
            reverse("network:service_new"),
            {
                "organisation": directory.awo.pk,
                "name": "Nähcafé",
                "description": "Nähen lernen.",
                "accepts_referrals": "on",
            },
        )
    )
    assert "Wer Vermittlungen annimmt, braucht eine E-Mail-Adresse dafür." in page


def test_a_service_is_created_and_edited(client, world, directory):
    client.force_login(world.coordination)
    response = client.post(
        reverse("network:service_new"),
        {
            "organisation": directory.awo.pk,
            "name": "Nähcafé",
            "description": "Nähen lernen.",
            "fields_of_action": [world.fields[0].pk],
            "languages": ["ar"],
            "towns": [directory.town.pk],
        },
    )
    service = Service.objects.get(name="Nähcafé")
    assert response["Location"] == reverse("network:service", args=[service.pk])
    assert list(service.fields.all()) == [world.fields[0]]
    edit = reverse("network:service_edit", args=[service.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [], "")}
    data["organisation"] = directory.awo.pk
    data["fields_of_action"] = [f.pk for f in form.initial["fields_of_action"]]
    data["towns"] = [t.pk for t in form.initial["towns"]]
    data["waiting_weeks"] = 2
    response = client.post(edit, data)
    assert response.status_code == 302, text(response)
    service.refresh_from_db()
    assert service.waiting_weeks == 2
    assert service.version == 2
    assert list(service.towns.all()) == [directory.town]


def test_a_stale_edit_shows_what_changed_and_keeps_the_input(client, world, directory):
    client.force_login(world.coordination)
    edit = reverse("network:service_edit", args=[directory.job_coaching.pk])
    client.get(edit)
    service_update(
        actor=get_actor(world.coordination),
        service=directory.job_coaching,
        version=1,
        waiting_weeks=10,
    )
    response = client.post(
        edit,
        {
            "version": 1,
            "organisation": directory.jobcenter.pk,
            "name": "Jobcoaching",
            "description": "Meine neue Beschreibung.",
            "legal_domains": ["sgb2"],
            "languages": ["tr", "de"],
            "accepts_referrals": "on",
            "referral_email": "vermittlung@jobcenter.example",
            "waiting_weeks": 3,
            "fields_of_action": [world.fields[1].pk],
        },
    )
    page = text(response)
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert" in page
    assert "Meine neue Beschreibung." in page
    assert "Wartezeit in Wochen" in page  # the difference is listed
    assert "Meine Eingaben trotzdem speichern" in page
    assert Service.objects.get(pk=directory.job_coaching.pk).waiting_weeks == 10
    # Saving again deliberately overwrites (the form now carries the current version).
    data = response.context["form"].data.copy()
    assert client.post(edit, data).status_code == 302
    assert Service.objects.get(pk=directory.job_coaching.pk).waiting_weeks == 3


def test_archive_and_restore_through_the_pages(client, world, directory):
    client.force_login(world.coordination)
    url = reverse("network:service_archive", args=[directory.housing.pk])
    assert client.post(url, {"version": 1, "reason": "eingestellt"}).status_code == 302
    page = text(client.get(reverse("network:service", args=[directory.housing.pk])))
    assert "archiviert am" in page and "Wiederherstellen" in page
    client.post(reverse("network:service_restore", args=[directory.housing.pk]), {"version": 2})
    assert Service.objects.get(pk=directory.housing.pk).archived_at is None
    # A stale restore button says so instead of failing.
    response = client.post(
        reverse("network:service_restore", args=[directory.housing.pk]), {"version": 1}, follow=True
    )
    assert "inzwischen geändert" in text(response)


def test_review_due_and_marking_reviewed(client, world, directory):
    client.force_login(world.coordination)
    page = text(client.get(reverse("network:review_due")))
    assert "3 Angebote zu prüfen" in page
    assert "Jobcoaching" not in page
    client.post(
        reverse("network:service_review", args=[directory.housing.pk]),
        {"version": 1, "next": reverse("network:review_due")},
    )
    assert "2 Angebote zu prüfen" in text(client.get(reverse("network:review_due")))
    assert AuditEvent.objects.filter(action="service.review").count() == 1


def test_an_organisation_is_created_edited_and_archived(client, world, directory):
    client.force_login(world.coordination)
    response = client.post(
        reverse("network:organisation_new"),
        {"name": "Tafel Testland", "kind": "volunteer", "website": "tafel.example"},
    )
    assert response.status_code == 302
    from kim.core.models import Organisation

    tafel = Organisation.objects.get(name="Tafel Testland")
    assert tafel.profile.website == "https://tafel.example"
    taken = text(
        client.post(
            reverse("network:organisation_new"), {"name": "tafel testland", "kind": "other"}
        )
    )
    assert "Eine Organisation mit diesem Namen gibt es bereits." in taken
    edit = reverse("network:organisation_edit", args=[tafel.pk])
    client.post(
        edit, {"version": 1, "name": "Tafel Testland", "kind": "volunteer", "city": "Feldberg"}
    )
    stale = text(client.post(edit, {"version": 1, "name": "Tafel", "kind": "volunteer"}))
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert" in stale
    archive = reverse("network:organisation_archive", args=[tafel.pk])
    assert client.post(archive, {"version": 2}).status_code == 302
    assert "archiviert am" in text(client.get(reverse("network:organisation", args=[tafel.pk])))


# --- the helplist ---------------------------------------------------------------------------------


def test_services_are_collected_removed_and_printed_in_simple_german(client, world, directory):
    client.force_login(world.cm)
    add = reverse("network:helplist_add")
    client.post(add, {"angebot": directory.language_cafe.pk})
    client.post(add, {"angebot": directory.residence_advice.pk})
    client.post(add, {"angebot": directory.language_cafe.pk})  # once only
    client.post(add, {"angebot": directory.other_tenant_service.pk})  # not ours
    assert client.session[helplist_views.SESSION_KEY] == [
        directory.language_cafe.pk,
        directory.residence_advice.pk,
    ]
    page = text(client.get(reverse("network:helplist_print")))
    assert page.index("Sprachcafé") < page.index("Aufenthaltsberatung")
    assert "Diese Stellen können Ihnen helfen." in page
    assert '<span lang="ar" dir="rtl">العربية</span> (Arabisch)' in page
    assert '<span lang="uk" dir="ltr">Українська</span> (Ukrainisch)' in page
    assert "Lindenweg 4" in page  # the organisation's address: the service has none
    assert "Bus 5 bis Lindenweg" in page
    assert "Sie müssen nicht warten." in page
    assert "Sie warten etwa 2 Wochen auf einen Termin." in page
    assert world.cm.get_full_name() not in page  # no personal data, not even the author
    client.post(reverse("network:helplist_remove"), {"angebot": directory.language_cafe.pk})
    assert "Sprachcafé" not in text(client.get(reverse("network:helplist_print")))


def test_the_helplist_toggle_answers_htmx_with_the_button_and_the_count(client, world, directory):
    client.force_login(world.cm)
    page = text(
        client.post(
            reverse("network:helplist_add"),
            {"angebot": directory.housing.pk},
            HTTP_HX_REQUEST="true",
        )
    )
    assert "Auf der Hilfeliste" in page
    assert 'id="hilfeliste-link"' in page and 'hx-swap-oob="true"' in page
    assert "Hilfeliste (1 Angebot)" in page
    page = text(
        client.post(
            reverse("network:helplist_remove"),
            {"angebot": directory.housing.pk, "from": "search"},
            HTTP_HX_REQUEST="true",
        )
    )
    assert "Zur Hilfeliste" in page and "Hilfeliste (0 Angebote)" in page


def test_the_helplist_goes_back_only_to_local_addresses(client, world, directory):
    client.force_login(world.cm)
    response = client.post(
        reverse("network:helplist_add"),
        {"angebot": directory.housing.pk, "next": "https://example.org/"},
    )
    assert response["Location"] == reverse("network:helplist")
    response = client.post(
        reverse("network:helplist_add"),
        {"angebot": directory.housing.pk, "next": "/netzwerk/?sprache=ar"},
    )
    assert response["Location"] == "/netzwerk/?sprache=ar"


def test_the_helplist_pdf(client, world, directory):
    from kim.testing.weasyprint import require_weasyprint

    require_weasyprint()
    client.force_login(world.cm)
    client.post(reverse("network:helplist_add"), {"angebot": directory.language_cafe.pk})
    response = client.get(reverse("network:helplist_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Wo-finde-ich-Hilfe-" in response["Content-Disposition"]


def test_without_weasyprint_the_pdf_link_explains_in_german(client, world, directory, monkeypatch):
    from kim.reports import pdf

    monkeypatch.setattr(pdf, "unavailable_reason", lambda: "libpango fehlt")
    client.force_login(world.cm)
    client.post(reverse("network:helplist_add"), {"angebot": directory.language_cafe.pk})
    response = client.get(reverse("network:helplist_pdf"))
    assert response.status_code == 503
    assert "PDF-Erzeugung nicht verfügbar" in text(response)
    assert reverse("network:helplist_print") in text(response)
    assert "Als PDF herunterladen" not in text(client.get(reverse("network:helplist")))


def test_an_empty_helplist_sends_back_to_the_search(client, world, directory):
    client.force_login(world.cm)
    response = client.get(reverse("network:helplist_print"))
    assert response["Location"] == reverse("network:directory")


# --- finder and responsibilities ------------------------------------------------------------


def test_the_finder_names_the_office_and_why(client, world, directory):
    client.force_login(world.cm)
    page = text(
        client.get(
            reverse("network:finder"), {"feld": "arbeit", "rechtskreis": "sgb2", "adresse": "12345"}
        )
    )
    assert "Zuständig:" in page and "Jobcenter Testland" in page
    assert "Handlungsfeld „Arbeit“ · Rechtskreis SGB II · für alle Orte" in page
    assert "Die genaueste von 2 passenden Regeln" in page
    assert "Ort Testhausen" in page


def test_the_finder_explains_addresses_it_cannot_place_and_missing_rows(client, world, directory):
    client.force_login(world.cm)
    page = text(client.get(reverse("network:finder"), {"feld": "arbeit", "adresse": "99999"}))
    assert "Zu dieser Postleitzahl oder Anschrift kennen wir keinen Ort der Kommune." in page
    assert 'value="99999"' in page
    page = text(client.get(reverse("network:finder"), {"feld": ""}))
    assert "Bitte das Handlungsfeld auswählen." in page
    Responsibility.objects.all().delete()
    page = text(client.get(reverse("network:finder"), {"feld": "sprache"}))
    assert "Keine Zuständigkeit hinterlegt" in page
    assert "?feld=sprache" in page


def test_responsibilities_are_maintained_through_the_pages(client, world, directory):
    client.force_login(world.coordination)
    new = reverse("network:responsibility_new")
    response = client.post(
        new,
        {"field": world.fields[1].pk, "legal_domain": "sgb2", "organisation": directory.awo.pk},
    )
    page = text(response)
    assert "im selben Zeitraum schon „Jobcenter Testland“ eingetragen" in page
    response = client.post(
        new,
        {"field": world.fields[1].pk, "legal_domain": "sgb3", "organisation": directory.awo.pk},
    )
    assert response.status_code == 302
    row = Responsibility.objects.get(legal_domain="sgb3")
    page = text(client.get(reverse("network:responsibilities")))
    assert "SGB III – Arbeitsförderung" in page
    delete = reverse("network:responsibility_delete", args=[row.pk])
    assert client.post(delete, {"version": 1}).status_code == 302
    assert not Responsibility.objects.filter(pk=row.pk).exists()


def test_the_directorys_own_navigation_shows_upkeep_to_the_coordination_only(client, world):
    for user, shown in ((world.coordination, True), (world.cm, False)):
        client.force_login(user)
        for url in ("network:directory", "network:organisations", "network:helplist"):
            page = text(client.get(reverse(url)))
            assert (reverse("network:review_due") in page) is shown, (user.username, url)
            assert (reverse("network:import") in page) is shown, (user.username, url)
