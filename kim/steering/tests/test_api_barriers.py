"""/api/v1/steering/barriers/: the page's table of a year, entry for entry, with the same
suppression; whole years only."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

URL = "/api/v1/steering/barriers/"
PAGE = reverse("steering:barriers")
COMBINATIONS = [
    (rows, cols)
    for rows in ("category", "field", "legal_domain")
    for cols in ("quarter", "field", "legal_domain", "town", "unit")
    if rows != cols
]


@pytest.fixture
def coordination(counted):
    client = APIClient()
    client.force_authenticate(counted.world.coordination)
    return client


def entry(shown) -> dict:
    return {"value": shown.value, "text": shown.text, "hidden": shown.hidden}


@pytest.mark.parametrize(("rows", "cols"), COMBINATIONS)
def test_the_api_table_is_the_pages_table(counted, client, coordination, rows, cols):
    client.force_login(counted.world.coordination)
    grid = client.get(PAGE, {"jahr": 2026, "zeilen": rows, "spalten": cols}).context["grid"]

    table = coordination.get(URL, {"year": 2026, "rows": rows, "cols": cols}).json()

    assert [c["label"] for c in table["columns"]] == grid["columns"]
    assert [r["label"] for r in table["rows"]] == [r["label"] for r in grid["rows"]]
    for ours, theirs in zip(table["rows"], grid["rows"], strict=True):
        assert ours["cells"] == [entry(cell) for cell in theirs["cells"]], ours["label"]
        assert ours["total"] == entry(theirs["total"])
    assert table["totals"] == [entry(cell) for cell in grid["totals"]]
    assert table["total"] == entry(grid["total"])
    assert table["complement"] == grid["complement"]
    assert (table["row_dimension"], table["column_dimension"]) == (rows, cols)


def test_small_numbers_show_as_below_the_threshold_and_one_more_is_withheld(coordination):
    table = coordination.get(URL, {"year": 2026}).json()

    waiting = next(r for r in table["rows"] if r["key"] == "wartezeit")
    # 4 in the first quarter, 1 in the second; threshold 3.
    assert waiting["cells"][1] == {"value": None, "text": "< 3", "hidden": "small"}
    withheld = [e for e in (*waiting["cells"], waiting["total"]) if e["hidden"] == "complement"]
    assert withheld and all(
        e == {"value": None, "text": "", "hidden": "complement"} for e in withheld
    )
    assert table["complement"] is True
    assert (table["threshold"], table["year"], table["years"][:2]) == (3, 2026, [2026, 2025])
    assert (table["row_dimension"], table["column_dimension"]) == ("category", "quarter")
    assert [c["key"] for c in table["columns"]] == ["1", "2", "3", "4"]


def test_no_shown_number_is_small_in_any_table(coordination):
    for rows, cols in COMBINATIONS:
        table = coordination.get(URL, {"year": 2026, "rows": rows, "cols": cols}).json()
        for row in table["rows"]:
            for shown in (*row["cells"], row["total"]):
                assert shown["value"] is None or shown["value"] == 0 or shown["value"] >= 3


def test_keys_are_codes_and_ids(counted, coordination):
    by_field = coordination.get(URL, {"rows": "field", "cols": "unit"}).json()
    by_domain = coordination.get(URL, {"rows": "legal_domain", "cols": "town"}).json()

    assert [r["key"] for r in by_field["rows"]] == ["sprache", "arbeit"]
    assert {c["key"] for c in by_field["columns"]} == {
        str(counted.world.unit_a.pk),
        str(counted.world.unit_b.pk),
    }
    assert "sgb2" in [r["key"] for r in by_domain["rows"]]
    assert "none" in [c["key"] for c in by_domain["columns"]]  # barriers without a town


def test_each_year_is_its_own_table(coordination):
    table = coordination.get(URL, {"year": 2025}).json()

    assert table["year"] == 2025
    assert table["total"] == {"value": None, "text": "< 3", "hidden": "small"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "1999"}, "year", "Für 1999 gibt es keine Auswertung. Wählbar: 2026, 2025."),
        ({"year": "letztes"}, "year", "Bitte ein Jahr als Zahl angeben"),
        ({"rows": "quarter"}, "rows", "keine gültige Option"),
        ({"rows": "field", "cols": "field"}, "cols", "zwei verschiedene Merkmale"),
        ({"since": "2026-01-01"}, "since", "Nur ganze Jahre"),
        ({"until": "2026-06-30", "year": "2026"}, "until", "zurückrechnen"),
    ],
)
def test_bad_choices_are_400_with_a_german_message(coordination, params, field, message):
    response = coordination.get(URL, params)

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_the_table_names_no_case_and_no_person(counted, coordination):
    for rows, cols in COMBINATIONS:
        text = coordination.get(URL, {"rows": rows, "cols": cols}).content.decode()
        for secret in ("Haddad", "Nowak", "Lina", counted.case.number, counted.case_b.number):
            assert secret not in text


@pytest.mark.parametrize("more", [0, 20])
def test_the_table_costs_a_bounded_number_of_queries(
    counted, coordination, django_assert_max_num_queries, more
):
    from datetime import date

    for day in range(1, more + 1):
        counted.flag(
            counted.case_b,
            counted.world.cm_b,
            counted.categories["wohnraum"],
            counted.work,
            "sgb12",
            date(2026, 10, 1 + day % 28),
        )
    with django_assert_max_num_queries(12):
        response = coordination.get(URL, {"rows": "category", "cols": "field"})

    assert response.status_code == 200
