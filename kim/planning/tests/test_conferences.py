"""Case conferences: the consent gate for participants outside the case's unit, the
disclosure log, agreed actions as support-plan actions, edits with their version, the
pages and who may use them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.cases.services import emergency_access_open, share_create
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record
from kim.planning.models import Action, ConferenceParticipant
from kim.planning.services import action_create, conference_create, conference_update
from kim.testing.factories import OrganisationFactory, UserFactory, member

Kind = ConferenceParticipant.Kind
TODAY = timezone.localdate


@pytest.fixture
def youth_office(setting):
    return OrganisationFactory(
        tenant=setting.world.tenant, name="Jugendamt Testland", kind="jugendamt"
    )


def give_consent(setting, organisations, **overrides):
    values = {
        "data_categories": ["base", "family", "case"],
        "purpose": "Fallkonferenz zur Familiensituation",
        "purpose_category": Consent.PurposeCategory.CASE_CONFERENCE,
        "given_on": TODAY() - timedelta(days=10),
        "form": Consent.Form.WRITTEN,
        "recipient_organisations": organisations,
    }
    values.update(overrides)
    return consent_record(actor=setting.actor(), person=setting.person, **values)


def hold(setting, participants, user="cm", **overrides):
    values = {
        "held_on": TODAY(),
        "agenda": "1. Wohnsituation\n2. Kita-Platz",
        "data_categories": ["base", "family"],
        "participants": participants,
    }
    values.update(overrides)
    return conference_create(actor=setting.actor(user), case=setting.case, **values)


def own_unit(setting):
    return {"kind": Kind.UNIT, "unit": setting.world.unit_a, "name": "", "role": ""}


def disclosures(conference):
    return list(
        Disclosure.objects.filter(
            source_type="planning.caseconference", source_id=conference.pk
        ).order_by("id")
    )


def test_a_conference_within_the_own_unit_discloses_nothing(setting):
    conference = hold(
        setting,
        [own_unit(setting), {"kind": Kind.PERSON, "name": "Lina Haddad", "role": "Klientin"}],
    )
    assert conference.participants.count() == 2
    assert disclosures(conference) == []
    event = AuditEvent.objects.get(action="conference.create")
    assert event.person_id == setting.person.pk
    assert event.changes["disclosures"] == []


def test_an_external_organisation_covered_by_a_consent_gets_a_disclosure(setting, youth_office):
    consent = give_consent(setting, [youth_office])
    conference = hold(
        setting,
        [
            own_unit(setting),
            {"kind": Kind.ORGANISATION, "organisation": youth_office, "name": "Frau Beispiel"},
        ],
    )
    [row] = disclosures(conference)
    assert row.kind == Disclosure.Kind.CASE_CONFERENCE
    assert row.recipient_organisation == youth_office
    assert row.recipient_label == "Frau Beispiel"
    assert row.consent == consent
    assert row.purpose_category == Consent.PurposeCategory.CASE_CONFERENCE
    assert row.data_categories == ["base", "family"]
    assert row.case_id == setting.case.pk
    assert conference.participants.get(kind=Kind.ORGANISATION).consent == consent


def test_another_unit_of_the_tenant_is_a_recipient_too(setting):
    consent = give_consent(setting, [setting.world.unit_b.organisation])
    conference = hold(
        setting, [own_unit(setting), {"kind": Kind.UNIT, "unit": setting.world.unit_b}]
    )
    [row] = disclosures(conference)
    assert row.recipient_unit == setting.world.unit_b
    assert row.consent == consent


def test_without_consent_the_conference_needs_a_legal_mandate(setting, youth_office):
    participants = [{"kind": Kind.ORGANISATION, "organisation": youth_office}]
    with pytest.raises(ValidationError) as error:
        hold(setting, participants)
    messages = error.value.message_dict["legal_mandate"]
    assert any("Jugendamt Testland" in m and "keine gültige Einwilligung" in m for m in messages)
    conference = hold(setting, participants, legal_mandate="§ 36 SGB VIII")
    [row] = disclosures(conference)
    assert row.consent is None
    assert row.legal_mandate == "§ 36 SGB VIII"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"purpose_category": Consent.PurposeCategory.REFERRAL}, "Fallkonferenz"),
        ({"data_categories": ["base"]}, "Familie"),
        (
            {"given_on": TODAY() - timedelta(days=400), "valid_until": TODAY() - timedelta(1)},
            "keine gültige Einwilligung",
        ),
        ({"recipient_organisations": "other"}, "als Empfänger"),
    ],
    ids=["wrong purpose", "missing data category", "expired", "wrong recipient"],
)
def test_a_consent_that_does_not_fit_does_not_cover_a_participant(
    setting, youth_office, overrides, expected
):
    if overrides.get("recipient_organisations") == "other":
        overrides["recipient_organisations"] = [setting.world.unit_b.organisation]
    give_consent(setting, [youth_office], **overrides)
    with pytest.raises(ValidationError) as error:
        hold(setting, [{"kind": Kind.ORGANISATION, "organisation": youth_office}])
    assert expected in " ".join(error.value.message_dict["legal_mandate"])


def test_named_participants_without_organisation_need_the_mandate(setting, youth_office):
    give_consent(setting, [youth_office])
    participants = [{"kind": Kind.OTHER, "name": "Herr Muster", "role": "Schulsozialarbeit"}]
    with pytest.raises(ValidationError) as error:
        hold(setting, participants)
    assert "keine einzelnen Personen" in " ".join(error.value.message_dict["legal_mandate"])
    conference = hold(setting, participants, legal_mandate="§ 4 TIntG")
    [row] = disclosures(conference)
    assert row.recipient_label == "Herr Muster, Schulsozialarbeit"


def test_incomplete_rows_are_named(setting):
    with pytest.raises(ValidationError) as error:
        hold(
            setting,
            [{"kind": Kind.UNIT}, {"kind": Kind.PERSON, "name": " "}, {"kind": ""}],
            agenda=" ",
            data_categories=[],
        )
    messages = error.value.message_dict
    assert set(messages) >= {"agenda", "data_categories"}
    with pytest.raises(ValidationError) as error:
        hold(setting, [{"kind": Kind.UNIT}, {"kind": Kind.PERSON, "name": " "}])
    assert error.value.message_dict["participants"] == [
        "Teilnehmende 1: Bitte die Einheit wählen.",
        "Teilnehmende 2: Bitte den Namen angeben.",
    ]
    with pytest.raises(ValidationError) as error:
        hold(setting, [])
    assert "participants" in error.value.message_dict


def test_a_conference_in_the_future_is_refused(setting):
    with pytest.raises(ValidationError) as error:
        hold(setting, [own_unit(setting)], held_on=TODAY() + timedelta(days=2))
    assert "held_on" in error.value.message_dict


def test_an_edit_discloses_only_what_is_new(setting, youth_office):
    give_consent(setting, [youth_office, setting.world.unit_b.organisation])
    jugendamt = {"kind": Kind.ORGANISATION, "organisation": youth_office}
    conference = hold(setting, [own_unit(setting), jugendamt])
    assert len(disclosures(conference)) == 1
    conference = conference_update(
        actor=setting.actor(),
        conference=conference,
        version=conference.version,
        held_on=conference.held_on,
        agenda=conference.agenda,
        minutes="Kita-Platz ab März; Wohnungsamt informiert",
        data_categories=["base", "family", "case"],
        participants=[
            own_unit(setting),
            jugendamt,
            {"kind": Kind.UNIT, "unit": setting.world.unit_b},
        ],
    )
    rows = disclosures(conference)
    assert [(r.recipient_organisation_id, r.data_categories) for r in rows] == [
        (youth_office.pk, ["base", "family"]),
        (youth_office.pk, ["case"]),
        (setting.world.unit_b.organisation_id, ["base", "family", "case"]),
    ]
    assert conference.version == 2
    with pytest.raises(StaleEdit):
        conference_update(
            actor=setting.actor(),
            conference=conference,
            version=1,
            held_on=conference.held_on,
            agenda="alt",
            data_categories=["base"],
            participants=[own_unit(setting)],
        )


def test_agreed_actions_are_support_plan_actions_linked_to_the_conference(setting):
    conference = hold(setting, [own_unit(setting)])
    action = action_create(
        actor=setting.actor(),
        case=setting.case,
        what="Kita-Anmeldung begleiten",
        who=Action.Who.CASE_MANAGER,
        due_date=TODAY() + timedelta(days=14),
        conference=conference,
    )
    assert action.conference == conference
    assert list(conference.actions.all()) == [action]
    event = AuditEvent.objects.get(action="action.create")
    assert event.changes["conference"] == conference.pk
    other = hold(setting, [own_unit(setting)])
    other.case_id = -1  # a conference of another case is refused
    with pytest.raises(ValidationError):
        action_create(
            actor=setting.actor(), case=setting.case, what="x", who="person", conference=other
        )


@pytest.mark.parametrize("username", ["cm_b", "authority", "data_protection", "outsider"])
def test_only_who_documents_in_the_case_holds_a_conference(setting, username):
    with pytest.raises(NotAllowed):
        hold(setting, [own_unit(setting)], user=username)


# --- pages ------------------------------------------------------------------------------


def test_documenting_a_conference_on_its_page(client, setting, youth_office):
    give_consent(setting, [youth_office])
    client.force_login(setting.world.cm)
    url = reverse("planning:conference_new", args=[setting.case.pk])
    page = client.get(url).content.decode()
    assert "Teilnehmende 3" in page and "Teilnehmende 4" not in page
    more = client.post(url, {"teilnehmende-anzahl": "3", "weitere-zeilen": "1", "agenda": "TOP 1"})
    html = more.content.decode()
    assert "Teilnehmende 6" in html and "TOP 1" in html
    data = {
        "teilnehmende-anzahl": "3",
        "held_on": TODAY().isoformat(),
        "agenda": "Wohnsituation",
        "data_categories": ["base", "family"],
        "teilnehmende-1-kind": "unit",
        "teilnehmende-1-unit": setting.world.unit_a.pk,
        "teilnehmende-2-kind": "organisation",
        "teilnehmende-2-organisation": youth_office.pk,
        "teilnehmende-2-name": "Frau Beispiel",
        "teilnehmende-3-kind": "unit",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Teilnehmende 3: Bitte die Einheit wählen." in html
    assert "Frau Beispiel" in html  # kept as typed
    data.pop("teilnehmende-3-kind")
    response = client.post(url, data)
    assert response.status_code == 302
    conference = setting.case.conferences.get()
    assert response["Location"] == reverse(
        "planning:conference", args=[setting.case.pk, conference.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Jugendamt Testland (Frau Beispiel)" in detail
    assert "Vereinbarte Maßnahme erfassen" in detail
    case_page = client.get(reverse("cases:network", args=[setting.case.pk])).content.decode()
    assert reverse("planning:conference", args=[setting.case.pk, conference.pk]) in case_page


def test_an_agreed_action_is_added_from_the_conference_page(client, setting):
    conference = hold(setting, [own_unit(setting)])
    client.force_login(setting.world.cm)
    url = reverse("planning:action_new", args=[setting.case.pk]) + f"?konferenz={conference.pk}"
    assert "Fallkonferenz am" in client.get(url).content.decode()
    response = client.post(
        reverse("planning:action_new", args=[setting.case.pk]),
        {"konferenz": conference.pk, "what": "Kita anmelden", "who": "person", "status": "open"},
    )
    assert response["Location"] == reverse(
        "planning:conference", args=[setting.case.pk, conference.pk]
    )
    assert conference.actions.get().what == "Kita anmelden"
    detail = client.get(response["Location"]).content.decode()
    assert "Kita anmelden" in detail


def test_editing_keeps_the_participants_and_refuses_a_stale_version(client, setting):
    conference = hold(setting, [own_unit(setting), {"kind": Kind.PERSON, "name": "Lina H."}])
    client.force_login(setting.world.cm)
    url = reverse("planning:conference_edit", args=[setting.case.pk, conference.pk])
    html = client.get(url).content.decode()
    assert "Lina H." in html
    conference_update(
        actor=setting.actor(),
        conference=conference,
        version=1,
        held_on=conference.held_on,
        agenda="geändert",
        data_categories=["base"],
        participants=[own_unit(setting)],
    )
    response = client.post(
        url,
        {
            "version": "1",
            "teilnehmende-anzahl": "1",
            "held_on": TODAY().isoformat(),
            "agenda": "meine Fassung",
            "data_categories": ["base"],
            "teilnehmende-1-kind": "unit",
            "teilnehmende-1-unit": setting.world.unit_a.pk,
        },
    )
    html = response.content.decode()
    assert "inzwischen geändert" in html
    assert "meine Fassung" in html and "geändert" in html


def _pages(setting, conference):
    case = setting.case.pk
    return {
        "detail": reverse("planning:conference", args=[case, conference.pk]),
        "edit": reverse("planning:conference_edit", args=[case, conference.pk]),
        "new": reverse("planning:conference_new", args=[case]),
    }


@pytest.mark.parametrize(
    ("username", "where", "allowed"),
    [
        ("cm", "own unit", {"detail", "edit", "new"}),
        ("lead", "own unit", {"detail", "edit", "new"}),
        ("authority", "receiving unit of a share", set()),
        ("cm_b", "other unit", set()),
        ("data_protection", "other unit", set()),
        ("outsider", "other tenant", set()),
    ],
)
def test_permission_matrix_of_conference_pages(client, setting, username, where, allowed):
    conference = hold(setting, [own_unit(setting)])
    share_create(
        actor=setting.actor(),
        case=setting.case,
        to_unit=setting.world.unit_authority,
        parts=["base", "plan", "contacts", "assessment", "documents", "residence"],
        purpose="Abstimmung",
        purpose_category="coordination",
        valid_until=TODAY() + timedelta(days=5),
        legal_mandate="§ 87 AufenthG",
    )
    client.force_login(getattr(setting.world, username))
    for name, url in _pages(setting, conference).items():
        status = client.get(url).status_code
        assert status == (200 if name in allowed else 404), (username, where, name)
    case_page = client.get(reverse("cases:network", args=[setting.case.pk]))
    if case_page.status_code == 200:
        assert ("Fallkonferenzen" in case_page.content.decode()) == bool(allowed)


def test_an_emergency_access_reads_the_conference_but_does_not_edit(client, setting):
    conference = hold(setting, [own_unit(setting)])
    lead_b = UserFactory(username="lead_b", tenant=setting.world.tenant)
    member(lead_b, setting.world.unit_b, "team_lead")
    emergency_access_open(
        actor=get_actor(lead_b), number=setting.case.number, reason="Krise, Einheit geschlossen"
    )
    client.force_login(lead_b)
    pages = _pages(setting, conference)
    assert client.get(pages["detail"]).status_code == 200
    assert client.get(pages["edit"]).status_code == 404
    assert client.get(pages["new"]).status_code == 404
    event = AuditEvent.objects.filter(action="conference.view", actor=lead_b).get()
    assert event.changes["via"] == "emergency_access"


def test_the_case_page_lists_conferences_with_bounded_queries(client, setting):
    first = hold(setting, [own_unit(setting)])
    action_create(
        actor=setting.actor(), case=setting.case, what="y", who="person", conference=first
    )
    client.force_login(setting.world.cm)
    url = reverse("cases:network", args=[setting.case.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        conference = hold(setting, [own_unit(setting), {"kind": Kind.PERSON, "name": "X"}])
        action_create(
            actor=setting.actor(), case=setting.case, what="y", who="person", conference=conference
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
