"""The coordination's barrier overview: counts of one year by any two dimensions, small
numbers suppressed across the year's tables, never a person or a case."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

URL = reverse("steering:barriers")

WHO_SEES = {
    "coordination": 200,
    "lead": 200,
    "cm": 404,
    "cm_b": 404,
    "authority": 404,
    "data_protection": 404,
    "admin": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("username", sorted(WHO_SEES))
def test_who_may_open_the_barrier_overview(client, counted, username):
    client.force_login(getattr(counted.world, username))
    assert client.get(URL).status_code == WHO_SEES[username]


def test_without_login_the_overview_asks_for_one(client, counted):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


def grid_of(response) -> dict:
    grid = response.context["grid"]
    return {
        row["label"]: [cell.text or "gesperrt" for cell in row["cells"]] + [row["total"].text]
        for row in grid["rows"]
    } | {"insgesamt": [cell.text or "gesperrt" for cell in grid["totals"]] + [grid["total"].text]}


def test_the_coordination_sees_the_years_barriers_by_category_and_field(client, counted):
    from datetime import date

    for day in range(1, 11):
        counted.flag(
            counted.case_b,
            counted.world.cm_b,
            counted.categories["wohnraum"],
            counted.work,
            "sgb12",
            date(2026, 10, day),
        )
    client.force_login(counted.world.coordination)
    response = client.get(URL, {"jahr": 2026, "zeilen": "category", "spalten": "field"})
    grid = grid_of(response)
    # Fields in catalogue order: Sprache, Arbeit. Threshold 3.
    assert grid["Wohnraum fehlt"][2] == "10"
    assert grid["Wartezeit"][0] == "< 3"
    assert grid["Kita-/Schulplatz fehlt"] == ["0", "0", "0"]
    assert grid["keine Sprachmittlung"][2] == "< 3"
    # The other tenant's barrier and the one of 2025 are not counted.
    assert grid["insgesamt"][-1] == "17"


def test_every_shown_number_is_true_and_none_is_small(client, counted):
    client.force_login(counted.world.coordination)
    for columns in ("quarter", "field", "legal_domain", "town", "unit"):
        response = client.get(URL, {"jahr": 2026, "zeilen": "category", "spalten": columns})
        for row in response.context["grid"]["rows"]:
            for cell in (*row["cells"], row["total"]):
                assert cell.value is None or cell.value == 0 or cell.value >= 3


def test_a_lone_small_count_is_not_given_away_by_the_totals(client, counted):
    client.force_login(counted.world.coordination)
    response = client.get(URL, {"jahr": 2026, "zeilen": "category", "spalten": "quarter"})
    grid = grid_of(response)
    # Wartezeit: 4 in Q1 and 1 in Q2; with the row total 5 shown, Q1 would give Q2 away.
    assert grid["Wartezeit"][1] == "< 3"
    assert "4" not in grid["Wartezeit"][:4] or grid["Wartezeit"][4] != "5"
    assert "„gesperrt“" in response.content.decode()


def test_each_year_has_its_own_overview(client, counted):
    client.force_login(counted.world.coordination)
    response = client.get(URL, {"jahr": 2025, "zeilen": "category", "spalten": "quarter"})
    assert grid_of(response)["insgesamt"][-1] == "< 3"
    assert [year for year, _label in response.context["form"].fields["jahr"].choices][:2] == [
        2026,
        2025,
    ]


def test_the_overview_names_no_case_and_no_person(client, counted):
    client.force_login(counted.world.coordination)
    for columns in ("quarter", "town", "unit"):
        html = client.get(URL, {"jahr": 2026, "spalten": columns, "zeilen": "field"}).content
        html = html.decode()
        for secret in ("Haddad", "Nowak", "Lina", counted.case.number, counted.case_b.number):
            assert secret not in html
        assert "/faelle/" not in html and "/personen/" not in html


def test_bad_choices_get_a_german_message_and_the_default_view(client, counted):
    client.force_login(counted.world.coordination)
    response = client.get(URL, {"jahr": "gestern", "zeilen": "category", "spalten": "category"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zeilen und Spalten brauchen zwei verschiedene Merkmale." in html
    assert "Bitte eine gültige Auswahl treffen." in html
    assert grid_of(response)["insgesamt"][-1] == "7"


def test_the_trend_chart_plots_only_the_numbers_the_table_shows(client, counted):
    client.force_login(counted.world.coordination)
    response = client.get(URL, {"jahr": 2026, "zeilen": "category", "spalten": "quarter"})
    html = response.content.decode()
    start = html.index('id="huerden-verlauf-daten"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    shown = {
        row["label"]: [cell.value for cell in row["cells"]]
        for row in response.context["grid"]["rows"]
    }
    for dataset in data["datasets"]:
        assert dataset["data"] == shown[dataset["label"]]
        assert all(value is None or value == 0 or value >= 3 for value in dataset["data"])
    assert 'role="img"' in html
    other = client.get(URL, {"jahr": 2026, "zeilen": "category", "spalten": "town"})
    assert "huerden-verlauf-daten" not in other.content.decode()


def test_the_overview_costs_the_same_queries_for_more_barriers(client, counted):
    from datetime import date

    client.force_login(counted.world.coordination)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"jahr": 2026, "spalten": "unit"}).status_code == 200
        return len(captured)

    few = queries()
    for day in range(1, 20):
        counted.flag(
            counted.case_b,
            counted.world.cm_b,
            counted.categories["wohnraum"],
            counted.work,
            "sgb12",
            date(2026, 10, day),
        )
    assert queries() == few


def test_the_navigation_leads_the_coordination_to_the_overview(client, counted):
    client.force_login(counted.world.coordination)
    html = client.get(reverse("core:start")).content.decode()
    assert f'href="{URL}"' in html


@pytest.mark.parametrize(
    ("username", "shown"), [("coordination", True), ("lead", True), ("cm", False), ("admin", False)]
)
def test_the_start_page_links_the_overview_for_coordination_and_team_lead(
    client, counted, username, shown
):
    client.force_login(getattr(counted.world, username))
    html = client.get(reverse("core:start")).content.decode()
    assert ("Hürden in der Kommune" in html) is shown
