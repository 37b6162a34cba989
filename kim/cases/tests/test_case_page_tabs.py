"""The case page's tabs: server-rendered sub-pages, each loading only what it shows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core import slots
from kim.core.models import AuditEvent

TABS = {
    "cases:detail": "Überblick",
    "cases:plan": "Hilfeplan",
    "cases:network": "Netzwerk",
    "cases:file": "Akte",
}


def html_of(client, name, case) -> str:
    response = client.get(reverse(name, args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def tab_links(html: str) -> list[tuple[str, str, bool]]:
    nav = re.search(
        r'<nav class="case-tabs" aria-label="Bereiche des Falls">(.*?)</nav>', html, re.S
    )
    assert nav, "no tab navigation"
    return [
        (href, label, bool(current))
        for href, current, label in re.findall(
            r'<a class="kern-link" href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav.group(1)
        )
    ]


@pytest.mark.parametrize("current", TABS)
def test_every_tab_links_all_three_and_marks_itself(client, process, current):
    client.force_login(process.world.cm)
    html = html_of(client, current, process.case)
    expected = [
        (reverse(name, args=[process.case.pk]), label, name == current)
        for name, label in TABS.items()
    ]
    assert tab_links(html) == expected
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith(
        f"Fall {process.case.number}"
        if current == "cases:detail"
        else f"{TABS[current]} – Fall {process.case.number}"
    )


def test_each_tab_shows_its_own_sections_and_the_side_column(client, process):
    client.force_login(process.world.cm)
    overview = html_of(client, "cases:detail", process.case)
    plan = html_of(client, "cases:plan", process.case)
    network = html_of(client, "cases:network", process.case)
    file = html_of(client, "cases:file", process.case)
    assert 'id="verlauf"' in overview and 'id="verlauf"' not in plan + network + file
    assert 'id="assessment"' in plan and 'id="assessment"' not in overview + network + file
    assert 'id="hilfeplan"' in plan and 'id="huerden"' in plan
    assert 'id="zustaendige-stellen"' in network and 'id="fallkonferenzen"' in network
    assert 'id="vermittlungen"' in network and 'id="vermittlungen"' not in plan
    assert 'id="beteiligte"' in file and 'id="beteiligte"' not in overview + plan + network
    assert 'id="phasenverlauf"' in file and 'id="phasenverlauf"' not in overview + plan
    since = f"seit {timezone.localdate():%d.%m.%Y}"  # the case was opened today
    for html in (overview, plan, network, file):  # the side column is on every tab
        assert 'id="phase"' in html and 'id="falldaten"' in html and 'id="case-followups"' in html
        assert since in html


def test_the_contact_button_opens_inline_only_where_the_contact_history_is(client, process):
    client.force_login(process.world.cm)
    new = reverse("cases:contact_new", args=[process.case.pk])
    assert f'hx-get="{new}"' in html_of(client, "cases:detail", process.case)
    plan = html_of(client, "cases:plan", process.case)
    assert f'href="{new}"' in plan and f'hx-get="{new}"' not in plan


def test_each_read_is_audited_with_its_tab(client, process):
    client.force_login(process.world.cm)
    for name in TABS:
        html_of(client, name, process.case)
    events = AuditEvent.objects.filter(action="case.view", object_id=str(process.case.pk))
    assert [e.changes["tab"] for e in events.order_by("pk")] == [
        "overview",
        "plan",
        "network",
        "file",
    ]


def test_only_the_shown_tabs_providers_run(client, process, monkeypatch):
    ran = []
    spies = []
    for provider in slots._PROVIDERS[slots.CASE_DETAIL]:
        tab = slots.tab_of(provider)

        def spy(actor, case, provider=provider, tab=tab):
            ran.append(tab)
            return provider(actor, case)

        monkeypatch.setitem(slots._TABS, spy, tab)
        spies.append(spy)
    monkeypatch.setitem(slots._PROVIDERS, slots.CASE_DETAIL, spies)
    client.force_login(process.world.cm)
    for name, tab in zip(TABS, ("overview", "plan", "network", "file"), strict=True):
        ran.clear()
        html_of(client, name, process.case)
        assert ran and set(ran) == {tab}, (name, ran)


def test_a_provider_of_the_main_column_must_name_a_known_tab():
    with pytest.raises(ValueError):
        slots.register(slots.CASE_DETAIL)
    with pytest.raises(ValueError):
        slots.register(slots.CASE_DETAIL, tab="verlauf")
    with pytest.raises(ValueError):
        slots.register(slots.START, tab=slots.CASE_TAB_PLAN)


def test_the_tabs_breadcrumb_leads_back_to_the_overview(client, process):
    client.force_login(process.world.cm)
    plan = html_of(client, "cases:plan", process.case)
    assert (
        f'href="{reverse("cases:detail", args=[process.case.pk])}">{process.case.number}</a>'
        in plan
    )
