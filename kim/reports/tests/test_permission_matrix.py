"""Who may get the case summary: exactly those who may see the case page.

Role × page × own unit / other unit / other tenant. Outsiders get 404, never 403.
"""

import pytest
from django.urls import reverse

from kim.testing.factories import open_case, register_person

ALL_USERS = [
    "cm",
    "cm_b",
    "lead",
    "coordination",
    "authority",
    "data_protection",
    "admin",
    "outsider",
]
PAGES = ["reports:case_summary", "reports:case_summary_pdf", "reports:case_summary_print"]


@pytest.fixture
def cases(world):
    """A case in unit A, one in unit B (same tenant) and one in the other tenant."""

    def case_in(user, unit, name):
        return open_case(user, register_person(user, unit, family_name=name), unit)

    return {
        "unit_a": case_in(world.cm, world.unit_a, "Haddad"),
        "unit_b": case_in(world.cm_b, world.unit_b, "Popescu"),
        "other_tenant": case_in(world.outsider, world.unit_other, "Kowalski"),
    }


SEES = {
    "unit_a": {"cm", "lead"},
    "unit_b": {"cm_b"},
    "other_tenant": {"outsider"},
}


@pytest.mark.parametrize("where", list(SEES))
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ALL_USERS)
def test_the_summary_is_shown_exactly_to_those_who_see_the_case(
    client, world, cases, request, where, page, username
):
    case = cases[where]
    allowed = username in SEES[where]
    if allowed and page == "reports:case_summary_pdf":
        request.getfixturevalue("needs_weasyprint")
    client.force_login(getattr(world, username))
    summary = client.get(reverse(page, args=[case.pk]))
    case_page = client.get(reverse("cases:detail", args=[case.pk]))
    assert summary.status_code == (200 if allowed else 404), f"{username} {page} {where}"
    assert case_page.status_code == summary.status_code, "same visibility as the case page"


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, cases, page):
    response = client.get(reverse(page, args=[cases["unit_a"].pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_case_that_does_not_exist_gives_404(client, world):
    client.force_login(world.cm)
    assert client.get(reverse("reports:case_summary_pdf", args=[999999])).status_code == 404


@pytest.mark.parametrize("username", ["cm", "lead"])
def test_the_case_page_links_to_the_summary(client, world, cases, username):
    case = cases["unit_a"]
    client.force_login(getattr(world, username))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("reports:case_summary_pdf", args=[case.pk]) in page
    assert reverse("reports:case_summary", args=[case.pk]) in page
