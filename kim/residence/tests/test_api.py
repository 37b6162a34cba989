"""POST /api/v1/eligibility/check/: the worked examples in docs/einbuergerung.md are
answered exactly; who may ask; German errors per fact."""

import json
import re
from pathlib import Path

import pytest
from rest_framework.test import APIClient

DOC = Path(__file__).resolve().parents[3] / "docs" / "einbuergerung.md"
URL = "/api/v1/eligibility/check/"


def worked_examples():
    """(title, request, expected) from the doc: a ```json request after "Anfrage:" and
    the ```json answer after it."""
    text = DOC.read_text(encoding="utf-8")
    examples = []
    for section in text.split("\n### ")[1:]:
        title = section.splitlines()[0]
        blocks = re.findall(r"```json\n(.*?)\n```", section, flags=re.DOTALL)
        assert len(blocks) == 2, title
        examples.append((title, json.loads(blocks[0]), json.loads(blocks[1])))
    return examples


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_doc_has_worked_examples():
    assert len(worked_examples()) >= 5


@pytest.mark.parametrize(("title", "request_", "expected"), worked_examples())
def test_the_api_answers_the_worked_examples_exactly(world, title, request_, expected):
    response = api(world.cm).post(URL, request_, format="json")
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert len(results) == len(expected["results"])
    for got, wanted in zip(results, expected["results"], strict=True):
        assert got["check"] == wanted["check"]
        assert got["version"]["id"] == wanted["version"]
        assert got["status"] == wanted["status"]
        assert got["time_requirements_met_on"] == wanted["time_requirements_met_on"]
        criteria = [
            {key: c[key] for key in ("code", "status", "earliest", "deadline", "reason")}
            for c in got["criteria"]
        ]
        assert criteria == wanted["criteria"], title
        assert "keine Entscheidung" in got["disclaimer"]


@pytest.mark.parametrize(
    ("username", "expected"),
    [("cm", 200), ("lead", 200), ("authority", 200), ("coordination", 403), ("admin", 403)],
)
def test_who_may_run_a_pre_check(world, username, expected):
    response = api(getattr(world, username)).post(URL, {"facts": {}}, format="json")
    assert response.status_code == expected


def test_anonymous_requests_are_refused(world):
    assert APIClient().post(URL, {"facts": {}}, format="json").status_code in (401, 403)


def test_without_facts_everything_is_unknown_and_all_three_checks_run(world):
    answer = api(world.cm).post(URL, {"on": "2026-06-01", "facts": {}}, format="json").json()
    assert [r["check"] for r in answer["results"]] == ["aufenthg25a", "aufenthg25b", "stag10"]
    assert {r["status"] for r in answer["results"]} == {"unknown"}


def test_bad_facts_get_german_messages(world):
    response = api(world.cm).post(
        URL,
        {
            "on": "2000-01-01",
            "checks": ["paragraf99"],
            "facts": {"german_level": "D4", "receives_benefits": "vielleicht", "status": "asyl"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "checks": {"0": ['"paragraf99" ist keine gültige Option.']},
        "facts": {
            "german_level": ['"D4" ist keine gültige Option.'],
            "receives_benefits": ["Muss ein gültiger Wahrheitswert sein."],
            "status": ['"asyl" ist keine gültige Option.'],
        },
    }
    misspelt = api(world.cm).post(URL, {"facts": {"resident_since": "2020-01-01"}}, format="json")
    assert misspelt.status_code == 400
    assert misspelt.json() == {"facts": {"resident_since": ["Unbekannte Angabe."]}}
    dated = api(world.cm).post(URL, {"on": "2000-01-01", "facts": {}}, format="json")
    assert dated.status_code == 400
    assert "keine Fassung hinterlegt" in dated.json()["on"][0]
