"""The case management's referral pages: from the action to a sent referral, the
consent explanations, the refusal without consent, drafts, recorded answers,
the case page section and the action row's link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core.models import AuditEvent
from kim.network.models import Referral
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import BASE, HEALTH, build_setting
from kim.people.models import Consent, Disclosure


@pytest.fixture
def s(world):
    return build_setting(world)


def login(client, user):
    client.force_login(user)
    return client


def new_url(s):
    return reverse("referrals:new", args=[s.case.pk, s.service.pk]) + f"?massnahme={s.action.pk}"


def form_data(**overrides):
    data = {
        "purpose": "Deutschkurs B1",
        "purpose_category": "referral",
        "data_categories": [BASE],
        "message": "Frau Haddad kann vormittags.",
        "consent": "",
        "legal_mandate": "",
    }
    data.update(overrides)
    return data


def test_the_action_row_offers_vermitteln_to_the_case_manager(client, s):
    login(client, s.world.cm)
    page = client.get(reverse("cases:plan", args=[s.case.pk])).content.decode()
    assert (
        reverse("referrals:choose_service", args=[s.case.pk]) + f"?massnahme={s.action.pk}" in page
    )
    assert "Vermitteln" in page


def test_choosing_a_service_lists_the_directory_for_the_case(client, s):
    login(client, s.world.cm)
    response = client.get(
        reverse("referrals:choose_service", args=[s.case.pk]) + f"?massnahme={s.action.pk}"
    )
    assert response.status_code == 200
    assert s.service.name in response.content.decode()
    assert new_url(s) in response.content.decode()


def test_the_form_preselects_the_covering_consent_and_explains_the_others(client, s):
    covering = s.consent()
    withdrawn_later = s.consent(purpose_category=Consent.PurposeCategory.BENEFITS)
    other = s.consent(organisations=[s.other_org])
    login(client, s.world.cm)
    page = client.get(new_url(s)).content.decode()
    assert f'value="{covering.pk}" id="einwilligung-{covering.pk}" checked' in page
    assert "nennt „Sprachschule Testland“ nicht als Empfänger" in page
    assert "gilt für den Zweck „Anträge auf Leistungen“" in page
    assert f'id="einwilligung-{other.pk}"' not in page
    assert f'id="einwilligung-{withdrawn_later.pk}"' not in page
    assert "Deutschkurs B1 für" not in page  # the purpose comes from the action
    assert "Anmeldung zum Sprachkurs" in page


def test_sending_with_a_matching_consent_makes_a_sent_referral_from_the_action(client, s):
    consent = s.consent()
    login(client, s.world.cm)
    response = client.post(new_url(s), form_data(consent=consent.pk, senden="1"))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == Status.SENT and referral.action == s.action
    assert referral.consent == consent
    assert Disclosure.objects.filter(source_id=referral.pk).count() == 1


def test_without_consent_sending_is_refused_and_nothing_is_saved(client, s):
    login(client, s.world.cm)
    response = client.post(new_url(s), form_data(senden="1", purpose="Mein getippter Zweck"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ohne passende Einwilligung kann die Vermittlung mit Daten nicht gesendet werden" in page
    assert "Mein getippter Zweck" in page  # what was typed stays
    assert not Referral.objects.exists()


def test_a_referral_without_data_is_sent_without_consent(client, s):
    login(client, s.world.cm)
    client.post(new_url(s), form_data(data_categories=[], senden="1"))
    referral = Referral.objects.get()
    assert referral.status == Status.SENT and referral.data_categories == []


def test_a_mandate_stated_on_the_form_lets_it_be_sent(client, s):
    login(client, s.world.cm)
    client.post(new_url(s), form_data(legal_mandate="§ 36 SGB VIII", senden="1"))
    assert Referral.objects.get().status == Status.SENT


def test_checking_again_explains_consents_for_the_new_choice_without_saving(client, s):
    s.consent(categories=[BASE])
    login(client, s.world.cm)
    response = client.post(new_url(s), form_data(data_categories=[BASE, HEALTH], pruefen="1"))
    assert "umfasst diese Daten nicht: Gesundheit" in response.content.decode()
    assert not Referral.objects.exists()


def test_saving_a_draft_then_editing_and_sending_it(client, s):
    login(client, s.world.cm)
    client.post(new_url(s), form_data(entwurf="1"))
    referral = Referral.objects.get()
    assert referral.status == Status.DRAFT
    consent = s.consent()
    edit = reverse("referrals:edit", args=[referral.pk])
    response = client.post(
        edit, form_data(consent=consent.pk, version=referral.version, senden="1")
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_stale_draft_edit_keeps_the_input_and_says_so(client, s):
    login(client, s.world.cm)
    referral = s.draft()
    edit = reverse("referrals:edit", args=[referral.pk])
    response = client.post(
        edit, form_data(purpose="Meine Fassung", version=referral.version - 1, entwurf="1")
    )
    page = response.content.decode()
    assert "inzwischen geändert" in page and "Meine Fassung" in page


def test_the_detail_page_shows_history_and_is_audited(client, s):
    referral = s.sent()
    login(client, s.world.cm)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Entwurf" in page and "gesendet" in page
    assert AuditEvent.objects.filter(
        action="referral.view", object_id=referral.pk, person_id=s.person.pk
    ).exists()


def test_the_case_manager_records_acceptance_first_appointment_and_outcome(client, s):
    referral = s.sent()
    login(client, s.world.cm)

    def url(to):
        return reverse("referrals:status", args=[referral.pk, to])

    client.post(url("accepted"), {"version": referral.version})
    referral.refresh_from_db()
    day = timezone.localdate() + timedelta(days=3)
    client.post(url("in_progress"), {"version": referral.version, "first_appointment_on": day})
    referral.refresh_from_db()
    client.post(
        url("completed"),
        {"version": referral.version, "outcome": "received", "outcome_note": "Kurs läuft gut."},
    )
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.outcome == "received" and referral.first_appointment_on == day
    page = client.get(reverse("cases:network", args=[s.case.pk])).content.decode()
    assert "Unterstützung erhalten" in page and "Kurs läuft gut." in page


def test_declining_without_a_reason_shows_a_german_error(client, s):
    referral = s.sent()
    login(client, s.world.cm)
    response = client.post(
        reverse("referrals:status", args=[referral.pk, "declined"]),
        {"version": referral.version, "reason": "  "},
    )
    assert response.status_code == 422
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_first_appointment_before_sending_is_refused(client, s):
    referral = s.move(s.sent(), "accepted")
    login(client, s.world.cm)
    response = client.post(
        reverse("referrals:status", args=[referral.pk, "in_progress"]),
        {"version": referral.version, "first_appointment_on": timezone.localdate() - timedelta(5)},
    )
    assert "vor dem Versand" in response.content.decode()


def test_the_case_section_lists_referrals_with_status_waiting_time_and_outcome(client, s):
    referral = s.move(s.sent(), "accepted", first_appointment_on=timezone.localdate())
    login(client, s.world.cm)
    page = client.get(reverse("cases:network", args=[s.case.pk])).content.decode()
    assert 'id="vermittlungen"' in page
    assert reverse("referrals:detail", args=[referral.pk]) in page
    assert "angenommen" in page and "0 Tage" in page


def test_the_case_section_warns_when_the_consent_of_an_open_referral_lapsed(client, s):
    from kim.people.services import consent_withdraw

    consent = s.consent()
    s.sent(consent=consent)
    consent_withdraw(actor=s.actor(), consent=consent, note="widerrufen")
    login(client, s.world.cm)
    page = client.get(reverse("cases:network", args=[s.case.pk])).content.decode()
    assert "Die Einwilligung deckt die geteilten Daten nicht mehr ab" in page


@pytest.mark.parametrize("username", ["cm_b", "outsider", "coordination", "partner"])
def test_others_get_404_for_the_referral_pages(client, s, username):
    referral = s.sent()
    user = getattr(s.world, username, None) or getattr(s, username)
    login(client, user)
    for url in [
        reverse("referrals:detail", args=[referral.pk]),
        reverse("referrals:choose_service", args=[s.case.pk]),
        new_url(s),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("referrals:status", args=[referral.pk, "cancelled"]),
            {"version": referral.version, "reason": "x"},
        ).status_code
        == 404
    )


def test_the_lead_of_the_unit_sees_and_steers_referrals(client, s):
    referral = s.sent()
    login(client, s.world.lead)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200


def test_a_closed_case_shows_its_referrals_read_only(client, s):
    referral = s.sent()
    from kim.cases.models import Case

    Case.objects.filter(pk=s.case.pk).update(status=Case.Status.CLOSED, phase="closed")
    login(client, s.world.cm)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Rückmeldung erfassen" not in page
    assert client.get(new_url(s)).status_code == 404


def test_choosing_a_service_shows_the_finders_answer_for_the_actions_field(client, s):
    from kim.network.models import Responsibility
    from kim.planning.models import Action, Goal

    goal = Goal.objects.create(
        tenant=s.world.tenant,
        case=s.case,
        field=s.world.fields[0],
        wording="Deutsch B1",
        target_date=timezone.localdate() + timedelta(days=90),
    )
    Action.objects.filter(pk=s.action.pk).update(goal=goal)
    Responsibility.objects.create(
        tenant=s.world.tenant, field=s.world.fields[0], organisation=s.school, service=s.service
    )
    login(client, s.world.cm)
    page = client.get(
        reverse("referrals:choose_service", args=[s.case.pk]) + f"?massnahme={s.action.pk}"
    ).content.decode()
    assert "Zuständig laut Zuständigkeitsfinder (Sprache)" in page
    assert "„Deutschkurs B1“ für die Vermittlung wählen" in page
    assert f'<option value="{s.world.fields[0].pk}" selected>' in page
