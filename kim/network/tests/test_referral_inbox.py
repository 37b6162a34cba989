"""The partner inbox: partners see and answer the referrals to their organisation and
nothing else; everyone else gets 404. Query counts of the inbox and the case
page section do not grow with the number of referrals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.network.referral_sections import case_referrals_section
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import build_setting
from kim.testing.factories import UserFactory, member


@pytest.fixture
def s(world):
    return build_setting(world)


def as_user(client, user):
    client.force_login(user)
    return client


def users(s):
    return {
        "partner": s.partner,
        "partner_other": s.partner_other,
        "cm": s.world.cm,
        "lead": s.world.lead,
        "cm_b": s.world.cm_b,
        "coordination": s.world.coordination,
        "outsider": s.world.outsider,
    }


# Who may open the inbox, a referral in it and answer it: only a partner of the
# receiving organisation. The case side reads referrals on the case's pages, never here.
MATRIX = {
    "partner": (200, 200, 302),
    "partner_other": (200, 404, 404),
    "cm": (404, 404, 404),
    "lead": (404, 404, 404),
    "cm_b": (404, 404, 404),
    "coordination": (404, 404, 404),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_inbox_permission_matrix(client, s, who):
    referral = s.sent()
    as_user(client, users(s)[who])
    inbox = client.get(reverse("referrals:inbox"))
    detail = client.get(reverse("referrals:inbox_detail", args=[referral.pk]))
    answer = client.post(
        reverse("referrals:inbox_answer", args=[referral.pk, "accepted"]),
        {"version": referral.version},
    )
    assert (inbox.status_code, detail.status_code, answer.status_code) == MATRIX[who]
    referral.refresh_from_db()
    assert referral.status == (Status.ACCEPTED if who == "partner" else Status.SENT)
    if who == "partner_other":
        assert referral.reference not in inbox.content.decode()


def test_a_partner_of_another_tenant_sees_nothing(client, s, world):
    referral = s.sent()
    from kim.testing.factories import OrganisationFactory, UnitFactory

    org = OrganisationFactory(tenant=world.other_tenant, name="Sprachschule Testland")
    unit = UnitFactory(tenant=world.other_tenant, organisation=org, code="X")
    stranger = UserFactory(username="fremd", tenant=world.other_tenant)
    member(stranger, unit, "partner")
    as_user(client, stranger)
    assert referral.reference not in client.get(reverse("referrals:inbox")).content.decode()
    assert client.get(reverse("referrals:inbox_detail", args=[referral.pk])).status_code == 404


def test_drafts_never_reach_the_partner(client, s):
    draft = s.draft()
    as_user(client, s.partner)
    assert (
        draft.reference not in client.get(reverse("referrals:inbox") + "?alle=1").content.decode()
    )
    assert client.get(reverse("referrals:inbox_detail", args=[draft.pk])).status_code == 404


def test_the_partner_sees_what_was_shared_and_no_more(client, s):
    referral = s.sent(message="Bitte vormittags.")
    as_user(client, s.partner)
    page = client.get(reverse("referrals:inbox_detail", args=[referral.pk])).content.decode()
    assert "Lina Haddad" in page and "Bitte vormittags." in page
    assert s.case.number not in page
    assert reverse("cases:detail", args=[s.case.pk]) not in page
    event = AuditEvent.objects.get(action="referral.partner_view", object_id=referral.pk)
    assert event.actor == s.partner and event.changes["shown"] == ["base"]


def test_the_inbox_hides_names_of_closed_referrals_and_lists_open_ones_first(client, s):
    open_one = s.sent()
    closed = s.move(s.sent(), "cancelled", reason="umgezogen")
    as_user(client, s.partner)
    page = client.get(reverse("referrals:inbox")).content.decode()
    assert open_one.reference in page and closed.reference not in page
    everything = client.get(reverse("referrals:inbox") + "?alle=1").content.decode()
    assert closed.reference in everything
    assert everything.count("Lina Haddad") == 1  # only the open one shows the name


def test_the_partner_reports_back_and_the_case_shows_the_outcome(client, s):
    referral = s.sent()
    as_user(client, s.partner)

    def url(to):
        return reverse("referrals:inbox_answer", args=[referral.pk, to])

    client.post(url("accepted"), {"version": referral.version})
    referral.refresh_from_db()
    client.post(url("completed"), {"version": referral.version, "outcome": "not_taken_up"})
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.status_history.last().changed_by == s.partner
    as_user(client, s.world.cm)
    page = client.get(reverse("cases:network", args=[s.case.pk])).content.decode()
    assert "nicht wahrgenommen" in page


def test_the_start_page_tells_the_partner_what_waits(client, s):
    s.sent()
    s.move(s.sent(), "accepted")
    as_user(client, s.partner)
    page = client.get(reverse("core:start")).content.decode()
    assert "1 Vermittlung wartet auf Ihre Antwort." in page
    assert reverse("referrals:inbox") in page


def count(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_inbox_and_case_section_do_not_grow_with_the_number_of_referrals(client, s):
    from kim.cases.models import Case

    s.sent()

    def measure():
        as_user(client, s.partner)
        inbox = count(lambda: client.get(reverse("referrals:inbox")))
        actor = get_actor(type(s.world.cm).objects.get(pk=s.world.cm.pk))
        case = Case.objects.select_related("person").get(pk=s.case.pk)
        section = count(lambda: case_referrals_section(actor, case))
        as_user(client, s.world.cm)
        page = count(lambda: client.get(reverse("cases:network", args=[s.case.pk])))
        return inbox, section, page

    few = measure()
    for _ in range(4):
        s.move(s.sent(), "accepted")
    s.draft()
    many = measure()
    assert many == few
    assert few[1] <= 2  # the referrals, and the recipients their consents name


def test_the_navigation_leads_partners_and_only_them_to_the_inbox(client, s):
    link = f'href="{reverse("referrals:inbox")}"'
    as_user(client, s.partner)
    assert link in client.get(reverse("core:start")).content.decode()
    as_user(client, s.world.cm)
    assert link not in client.get(reverse("core:start")).content.decode()


def test_the_audit_log_names_referral_events(client, s):
    from kim.core.views import AUDIT_ACTIONS

    labels = dict(AUDIT_ACTIONS)
    for action in ("referral.send", "referral.partner_view", "referral.link_unknown"):
        assert action in labels


def test_the_action_links_cost_one_query_for_the_whole_table_and_none_without_actions(s):
    from kim.network.referral_sections import referral_action_links
    from kim.planning.models import Action
    from kim.planning.services import action_create

    actor = get_actor(s.world.cm)
    assert count(lambda: referral_action_links(actor, s.case, [])) == 0
    for n in range(3):
        action_create(actor=actor, case=s.case, what=f"Schritt {n}", who=Action.Who.PERSON)
    s.sent()
    actions = list(Action.objects.filter(case=s.case))
    with CaptureQueriesContext(connection) as ctx:
        links = referral_action_links(actor, s.case, actions)
    assert len(ctx.captured_queries) == 1
    assert len(links[s.action.pk]) == 2  # the referral made from it, and "Vermitteln"
