"""The hand-over in the browser: the case manager finds a client ready for
naturalisation on the potential list and refers her to the authority with her
consent; the authority finds her on its list, takes the referral up as a procedure
and the case manager then sees its stage. Every page passes axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kim.core.actor import get_actor
from kim.core.models import FieldOfAction
from kim.e2e.helpers import log_in
from kim.network.models import Responsibility
from kim.residence.person_check import facts_save
from kim.testing.handover import build_handover

pytestmark = pytest.mark.browser


def client_ready_for_naturalisation(world):
    h = build_handover(
        world,
        categories=["base", "residence", "education_work", "documents"],
        given_on=timezone.localdate(),
    )
    facts_save(
        actor=get_actor(world.cm),
        person=h.person,
        version=0,
        facts={"naturalisation_test_passed": True, "commitment": True, "receives_benefits": False},
        on=timezone.localdate(),
    )
    field = FieldOfAction.objects.create(
        tenant=world.tenant, code="aufenthalt", name="Aufenthalt", position=9
    )
    Responsibility.objects.create(
        tenant=world.tenant,
        field=field,
        legal_domain="stag",
        organisation=h.service.organisation,
        service=h.service,
    )
    return h.person


def test_a_client_is_handed_over_to_the_authority(new_page, world, check):
    client_ready_for_naturalisation(world)
    page = new_page()
    log_in(page, world.cm, check=check)
    page.goto(_root(page) + "/aufenthalt/potenzial/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Potenzial: Einbürgerung und Bleiberecht"
    )
    check(page, "Potenzialliste Case Management")
    page.get_by_role("link", name="An die Behörde vermitteln (Demir, Aylin)").first.click()
    expect(page.get_by_label("Zweck der Vermittlung")).to_have_value(
        f"Einbürgerung (§ 10 StAG): Beratung und Antrag (Vorprüfung vom {timezone.localdate():%d.%m.%Y})"
    )
    check(page, "Vermittlung an die Behörde")
    page.get_by_role("button", name="Speichern und senden").click()
    expect(page.get_by_text("gesendet").first).to_be_visible()

    authority = new_page()
    log_in(authority, world.authority, check=check)
    authority.goto(_root(authority) + "/aufenthalt/potenzial/")
    expect(authority.get_by_role("heading", level=1)).to_have_text(
        "Potenzial: an die Behörde vermittelte Personen"
    )
    expect(authority.get_by_role("rowheader")).to_contain_text("Demir, Aylin")
    check(authority, "Potenzialliste Behörde")
    authority.get_by_role("link", name="anlegen").first.click()
    check(authority, "Verfahren aus Vermittlung anlegen")
    authority.get_by_role("button", name="Verfahren anlegen").click()
    expect(authority.get_by_text("Bitte die Art des Verfahrens wählen.").first).to_be_visible()
    authority.get_by_label("Einbürgerung (§ 10 StAG)").check()
    authority.get_by_role("button", name="Verfahren anlegen").click()
    expect(authority.get_by_text("Das Verfahren ist angelegt").first).to_be_visible()
    check(authority, "Verfahren")

    page.goto(_root(page) + "/aufenthalt/potenzial/")
    expect(page.get_by_text("Verfahren: Beratung")).to_be_visible()
    check.assert_clean()


def _root(page) -> str:
    scheme, rest = page.url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"
