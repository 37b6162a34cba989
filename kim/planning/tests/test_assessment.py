"""Assessment per field of action: versions, never edited; compare; stale saves."""

from datetime import date

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent, FieldOfAction
from kim.planning.models import Assessment, AssessmentItem, Barrier
from kim.planning.tests.conftest import assess, item


@pytest.fixture
def cm_client(client, setting):
    client.force_login(setting.world.cm)
    return client


def url(setting, name="assessment_new"):
    return reverse(f"planning:{name}", args=[setting.case.pk])


def post_data(setting, based_on=0, **per_field):
    """Form data; per_field maps a field index to its aspects, e.g. {0: {"needs": "x"}}."""
    data = {"based_on": based_on, "assessed_on": "2026-03-01", "note": ""}
    for index, aspects in per_field.items():
        field = setting.world.fields[int(index.removeprefix("f"))]
        for aspect, value in aspects.items():
            data[f"feld-{field.pk}-{aspect}"] = value
    return data


def test_the_first_assessment_is_version_one_with_one_item_per_filled_field(cm_client, setting):
    response = cm_client.post(
        url(setting),
        post_data(setting, f0={"situation": "kaum Deutsch", "needs": "Kurs", "urgency": "high"}),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#assessment")
    assessment = Assessment.objects.get(case=setting.case)
    assert assessment.number == 1
    assert assessment.created_by == setting.world.cm
    assert [(i.field, i.needs, i.urgency) for i in assessment.items.all()] == [
        (setting.world.fields[0], "Kurs", "high")
    ]


def test_a_reassessment_is_a_new_version_and_leaves_the_old_one_unchanged(cm_client, setting):
    fields = setting.world.fields
    first = assess(setting, item(fields[0], needs="Kurs A1", urgency="high"))
    response = cm_client.post(
        url(setting),
        post_data(
            setting,
            based_on=1,
            f0={"needs": "Kurs B1", "urgency": "medium"},
            f1={"situation": "sucht Arbeit", "urgency": "low"},
        ),
    )
    assert response.status_code == 302
    assert list(Assessment.objects.filter(case=setting.case).values_list("number", flat=True)) == [
        2,
        1,
    ]
    first.refresh_from_db()
    old = AssessmentItem.objects.get(assessment=first)
    assert (old.needs, old.urgency) == ("Kurs A1", "high")
    new = Assessment.objects.get(case=setting.case, number=2)
    assert new.items.count() == 2


def test_the_reassessment_form_is_prefilled_from_the_latest_version(cm_client, setting):
    fields = setting.world.fields
    assess(setting, item(fields[0], needs="alter Bedarf"))
    assess(setting, item(fields[0], needs="neuester Bedarf", urgency="acute"))
    html = cm_client.get(url(setting)).content.decode()
    assert "neuester Bedarf" in html
    assert "alter Bedarf" not in html
    assert 'name="based_on" value="2"' in html
    assert "Fassung 2" in html


def test_an_inactive_field_of_the_latest_version_stays_in_the_form(cm_client, setting):
    old_field = FieldOfAction.objects.create(
        tenant=setting.world.tenant, code="alt", name="Altes Feld", position=9, active=False
    )
    assess(setting, item(old_field, needs="noch offen"))
    html = cm_client.get(url(setting)).content.decode()
    assert "Altes Feld" in html and "noch offen" in html


def test_fields_left_empty_are_not_part_of_the_assessment(cm_client, setting):
    cm_client.post(url(setting), post_data(setting, f0={"needs": "x", "urgency": "low"}))
    assert AssessmentItem.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"f0": {"needs": "Wohnung"}}, "Bitte die Dringlichkeit einschätzen."),
        ({}, "Bitte schätzen Sie mindestens ein Handlungsfeld ein."),
        (
            {"f0": {"needs": "x", "urgency": "low"}, "assessed_on": "2999-01-01"},
            "nicht in der Zukunft",
        ),
        ({"f0": {"needs": "x", "urgency": "low"}, "assessed_on": "gestern"}, "gültiges Datum"),
        ({"f0": {"needs": "x", "urgency": "sehr"}}, "gültige Auswahl"),
    ],
)
def test_bad_assessment_input_gets_a_german_message_and_keeps_the_text(
    cm_client, setting, data, message
):
    assessed_on = data.pop("assessed_on", "2026-03-01")
    form = post_data(setting, **data) | {"assessed_on": assessed_on}
    form[f"feld-{setting.world.fields[1].pk}-situation"] = ""
    form["note"] = "Notiz, die bleiben muss"
    response = cm_client.post(url(setting), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert message in html
    assert "Notiz, die bleiben muss" in html
    assert not Assessment.objects.exists()


def test_a_stale_reassessment_is_refused_shows_the_differences_and_keeps_the_input(
    cm_client, setting
):
    fields = setting.world.fields
    assess(setting, item(fields[0], needs="Kurs A1"))
    mine = post_data(setting, based_on=1, f0={"needs": "meine Fassung", "urgency": "high"})
    # Someone else records version 2 first.
    assess(setting, item(fields[0], needs="Fassung der Kollegin", urgency="low"))

    response = cm_client.post(url(setting), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "inzwischen geändert" in html
    assert "Fassung der Kollegin" in html  # what is saved now
    assert "meine Fassung" in html  # what I typed, still in the form
    assert response.context["form"]["based_on"].value() == 2
    assert Assessment.objects.filter(case=setting.case).count() == 2
    # Saving again after seeing the difference is deliberate and makes version 3.
    again = cm_client.post(url(setting), mine | {"based_on": 2})
    assert again.status_code == 302
    latest = Assessment.objects.get(case=setting.case, number=3)
    assert latest.items.get().needs == "meine Fassung"


def test_recording_an_assessment_audits_what_changed(cm_client, setting):
    fields = setting.world.fields
    assess(setting, item(fields[0], needs="Kurs A1", urgency="high"))
    cm_client.post(
        url(setting), post_data(setting, based_on=1, f0={"needs": "Kurs B1", "urgency": "high"})
    )
    event = AuditEvent.objects.filter(action="assessment.create").order_by("-id").first()
    assert event.person_id == setting.person.pk
    assert event.actor == setting.world.cm
    assert event.changes["number"] == [1, 2]
    assert event.changes["Sprache.needs"] == ["Kurs A1", "Kurs B1"]
    assert "Sprache.urgency" not in event.changes  # unchanged


def test_the_reassessment_form_audits_the_read_of_the_latest_version(cm_client, setting):
    latest = assess(setting, item(setting.world.fields[0], needs="x"))
    cm_client.get(url(setting))
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.person_id) == (
        "assessment.view",
        latest.pk,
        setting.person.pk,
    )


# --- barrier inside the assessment form ------------------------------------------


def barrier_fields(setting, **changes):
    return {
        "huerde-flag": "on",
        "huerde-field": setting.world.fields[0].pk,
        "huerde-category": setting.categories[2].pk,
        "huerde-legal_domain": "asylblg",
        "huerde-description": "kein Dolmetscher beim Sozialamt",
    } | changes


def test_a_barrier_can_be_flagged_in_the_assessment_form(cm_client, setting):
    data = post_data(setting, f0={"needs": "x", "urgency": "low"}) | barrier_fields(setting)
    assert cm_client.post(url(setting), data).status_code == 302
    barrier = Barrier.objects.get()
    assessment = Assessment.objects.get()
    assert (barrier.source, barrier.source_id) == ("assessment", assessment.pk)
    assert barrier.flagged_on == date(2026, 3, 1)
    assert barrier.category == setting.categories[2]
    assert AuditEvent.objects.filter(action="barrier.flag", person_id=setting.person.pk).exists()


def test_barrier_fields_count_only_when_the_barrier_is_flagged(cm_client, setting):
    data = post_data(setting, f0={"needs": "x", "urgency": "low"}) | barrier_fields(setting)
    del data["huerde-flag"]
    assert cm_client.post(url(setting), data).status_code == 302
    assert not Barrier.objects.exists()


def test_a_flagged_barrier_needs_its_category_and_nothing_is_saved_without_it(cm_client, setting):
    data = post_data(setting, f0={"needs": "x", "urgency": "low"}) | barrier_fields(
        setting, **{"huerde-category": ""}
    )
    response = cm_client.post(url(setting), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hürde – Art der Hürde: Dieses Feld ist zwingend erforderlich." in html
    assert "kein Dolmetscher beim Sozialamt" in html
    assert not Assessment.objects.exists() and not Barrier.objects.exists()


# --- compare ---------------------------------------------------------------------


def test_compare_shows_two_versions_side_by_side_and_marks_changes_in_words(cm_client, setting):
    fields = setting.world.fields
    assess(setting, item(fields[0], needs="Kurs A1", situation="neu in DE", urgency="high"))
    assess(
        setting,
        item(fields[0], needs="Kurs B1", situation="neu in DE", urgency="high"),
        item(fields[1], needs="Bewerbung", urgency="low"),
        note="Kurs A1 bestanden",
    )
    response = cm_client.get(url(setting, "assessment_compare"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fassung 1 und Fassung 2 im Vergleich" in html
    assert "Kurs A1" in html and "Kurs B1" in html
    groups = {g["field"].name: g for g in response.context["groups"]}
    assert str(groups["Sprache"]["state"]) == "geändert"
    assert str(groups["Arbeit"]["state"]) == "neu"
    changed = {str(r["label"]): r["changed"] for r in groups["Sprache"]["rows"]}
    assert changed == {
        "Situation": False,
        "Bedarfe": True,
        "Ressourcen": False,
        "Dringlichkeit": False,
    }
    # Changed rows carry the word, not only a colour.
    assert (
        html.count("<strong>geändert</strong>") == 1 + 1 + 2
    )  # note, Bedarfe, Arbeit: needs + urgency


def test_compare_can_pick_any_two_versions(cm_client, setting):
    field = setting.world.fields[0]
    for needs in ("eins", "zwei", "drei"):
        assess(setting, item(field, needs=needs))
    response = cm_client.get(url(setting, "assessment_compare"), {"a": 3, "b": 1})
    assert (response.context["a"].number, response.context["b"].number) == (1, 3)
    html = response.content.decode()
    assert "eins" in html and "drei" in html and "zwei" not in html


@pytest.mark.parametrize("params", [{"a": "x", "b": "2"}, {"a": "99", "b": "1"}, {"a": ""}])
def test_compare_survives_bad_parameters(cm_client, setting, params):
    field = setting.world.fields[0]
    assess(setting, item(field, needs="eins"))
    assess(setting, item(field, needs="zwei"))
    response = cm_client.get(url(setting, "assessment_compare"), params)
    assert response.status_code == 200
    assert (response.context["a"].number, response.context["b"].number) == (1, 2)


def test_compare_with_a_single_version_shows_that_version(cm_client, setting):
    assess(setting, item(setting.world.fields[0], needs="einzige Fassung"))
    response = cm_client.get(url(setting, "assessment_compare"))
    assert response.context["same"]
    assert "einzige Fassung" in response.content.decode()


def test_compare_without_any_assessment_says_so(cm_client, setting):
    response = cm_client.get(url(setting, "assessment_compare"))
    assert response.status_code == 200
    assert "Noch kein Assessment erfasst." in response.content.decode()


def test_compare_audits_which_versions_were_read(cm_client, setting):
    field = setting.world.fields[0]
    assess(setting, item(field, needs="eins"))
    second = assess(setting, item(field, needs="zwei"))
    cm_client.get(url(setting, "assessment_compare"))
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "assessment.view"
    assert (event.object_id, event.person_id) == (second.pk, setting.person.pk)
    assert event.changes == {"versions": [1, 2]}


def test_the_case_page_shows_the_latest_assessment_compactly(cm_client, setting):
    field = setting.world.fields[0]
    assess(setting, item(field, needs="alter Bedarf"))
    assess(setting, item(field, needs="aktueller Bedarf", urgency="acute"))
    html = cm_client.get(reverse("cases:plan", args=[setting.case.pk])).content.decode()
    assert "aktueller Bedarf" in html and "alter Bedarf" not in html
    assert "Fassung 2 vom 01.02.2026" in html
    assert "akut" in html
    assert "mit früheren Fassungen vergleichen" in html
