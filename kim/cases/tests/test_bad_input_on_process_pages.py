"""Nonsense sent to the process pages gets a form message, never an error page."""

import pytest
from django.urls import reverse

from kim.cases.models import CaseHandover
from kim.cases.services import handover_request
from kim.core.actor import get_actor


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cases:phase", {"version": "neu", "to_phase": "ganz woanders", "reason": "x" * 3000}),
        (
            "cases:intake",
            {"version": "1", "access_route": "taxi", "target_groups": ["abc", "999999"]},
        ),
        ("cases:close", {"version": "", "reason": "keiner", "closed_on": "31.02.2026"}),
        ("cases:member_add", {"person": "abc", "role_in_case": "chef"}),
        ("cases:handover_new", {"to_unit": "x", "to_user": "999999", "note": ""}),
    ],
)
def test_steering_forms_answer_nonsense_with_a_message(client, process, name, data):
    client.force_login(process.world.cm)
    response = client.post(reverse(name, args=[process.case.pk]), data)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()


def test_the_reopen_form_answers_nonsense_with_a_message(client, process):
    from kim.cases.tests.conftest import close

    close(process.world.cm, process.case)
    client.force_login(process.world.lead)
    response = client.post(
        reverse("cases:reopen", args=[process.case.pk]), {"version": "x", "to_phase": "closed"}
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()


def test_answering_a_handover_with_nonsense_keeps_it_pending(client, process):
    handover = handover_request(
        actor=get_actor(process.world.cm),
        case=process.case,
        to_unit=process.world.unit_b,
        to_user=None,
        note="Umzug",
    )
    client.force_login(process.lead_b)
    response = client.post(
        reverse("cases:handover_accept", args=[handover.pk]), {"case_manager": "niemand"}
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    response = client.post(
        reverse("cases:handover_accept", args=[handover.pk]), {"case_manager": process.world.cm.pk}
    )
    assert response.status_code == 200  # a case manager of another unit is not a valid choice
    assert CaseHandover.objects.get(pk=handover.pk).state == "pending"
