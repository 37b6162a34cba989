"""Addresses of the case page's tabs, for every app that leads back to a case."""

from django.urls import reverse

from kim.core.slots import CASE_TAB_FILE, CASE_TAB_NETWORK, CASE_TAB_OVERVIEW, CASE_TAB_PLAN

URL_NAMES = {
    CASE_TAB_OVERVIEW: "cases:detail",
    CASE_TAB_PLAN: "cases:plan",
    CASE_TAB_NETWORK: "cases:network",
    CASE_TAB_FILE: "cases:file",
}


def case_page_url(case, tab: str = CASE_TAB_OVERVIEW, anchor: str = "") -> str:
    """The case page's `tab` (a case or its primary key), optionally at `anchor`."""
    pk = getattr(case, "pk", case)
    url = reverse(URL_NAMES[tab], args=[pk])
    return f"{url}#{anchor}" if anchor else url
