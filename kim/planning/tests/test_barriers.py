"""Barriers: flagged in a case (own form, or inline in a contact or assessment),
listed per case, counted per tenant without names and with small numbers suppressed."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.planning.catalogues import DEFAULT_BARRIER_CATEGORIES, seed_barrier_categories
from kim.planning.forms import BarrierInlineForm
from kim.planning.models import Barrier, BarrierCategory, LegalDomain
from kim.planning.services import barrier_flag
from kim.planning.statistics import suppressed_table
from kim.testing.factories import TenantFactory


def barrier_form(setting, **changes):
    return {
        "field": setting.world.fields[0].pk,
        "category": setting.categories[1].pk,
        "legal_domain": "sgb2",
        "description": "Termin beim Jobcenter erst in 10 Wochen",
        "flagged_on": "2026-02-10",
    } | changes


def test_flagging_a_barrier_from_the_case_page_records_and_audits_it(client, setting):
    client.force_login(setting.world.cm)
    response = client.post(
        reverse("planning:barrier_new", args=[setting.case.pk]), barrier_form(setting)
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#huerden")
    barrier = Barrier.objects.get()
    assert (barrier.category.name, barrier.legal_domain, barrier.source, barrier.flagged_on) == (
        "Wartezeit",
        "sgb2",
        "other",
        date(2026, 2, 10),
    )
    assert barrier.tenant == setting.world.tenant
    assert barrier.created_by == setting.world.cm
    event = AuditEvent.objects.get(action="barrier.flag")
    assert (event.object_id, event.person_id) == (barrier.pk, setting.person.pk)
    assert event.changes["category"] == [None, "Wartezeit"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": ""}, "zwingend erforderlich"),
        ({"field": ""}, "zwingend erforderlich"),
        ({"legal_domain": "SGB 99"}, "gültige Auswahl"),
        ({"flagged_on": "2999-01-01"}, "nicht in der Zukunft"),
        ({"flagged_on": "morgen"}, "gültiges Datum"),
        ({"category": "FOREIGN"}, "gültige Auswahl"),
    ],
)
def test_bad_barrier_input_gets_a_german_message_and_keeps_the_description(
    client, setting, changes, message
):
    foreign = BarrierCategory.objects.filter(tenant=setting.world.other_tenant).first()
    changes = {k: foreign.pk if v == "FOREIGN" else v for k, v in changes.items()}
    client.force_login(setting.world.cm)
    response = client.post(
        reverse("planning:barrier_new", args=[setting.case.pk]), barrier_form(setting, **changes)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Termin beim Jobcenter erst in 10 Wochen" in html
    assert not Barrier.objects.exists()


def test_an_inactive_category_is_no_longer_offered(client, setting):
    BarrierCategory.objects.filter(pk=setting.categories[0].pk).update(active=False)
    client.force_login(setting.world.cm)
    html = client.get(reverse("planning:barrier_new", args=[setting.case.pk])).content.decode()
    assert setting.categories[0].name not in html
    assert setting.categories[1].name in html


def test_the_case_page_lists_the_cases_barriers(client, setting):
    barrier_flag(
        actor=setting.actor(),
        case=setting.case,
        field=setting.world.fields[1],
        legal_domain=LegalDomain.AUFENTHG,
        category=setting.categories[3],
        description="ABH verweist an Sozialamt",
        flagged_on=date(2026, 2, 3),
    )
    client.force_login(setting.world.cm)
    html = client.get(reverse("cases:plan", args=[setting.case.pk])).content.decode()
    section = html[html.index('id="huerden"') :]
    assert "03.02.2026" in section
    assert "Stelle nicht zuständig" in section
    assert "AufenthG (Ausländerbehörde)" in section
    assert "ABH verweist an Sozialamt" in section


# --- the inline form for contacts ---------------------------------------------------


def inline(setting, **data):
    return BarrierInlineForm(
        {f"huerde-{k}": v for k, v in data.items()}, tenant_id=setting.world.tenant.pk
    )


def test_the_inline_form_gives_nothing_when_no_barrier_is_flagged(setting):
    form = inline(setting, field=setting.world.fields[0].pk)
    assert form.is_valid()
    assert form.barrier_data() is None


def test_the_inline_form_requires_field_category_and_legal_domain_once_flagged(setting):
    form = inline(setting, flag="on", description="x")
    assert not form.is_valid()
    assert set(form.errors) == {"field", "category", "legal_domain"}


def test_the_inline_form_feeds_barrier_flag_for_a_contact(setting):
    form = inline(
        setting,
        flag="on",
        field=setting.world.fields[0].pk,
        category=setting.categories[2].pk,
        legal_domain="sgb8",
        description="kein Dolmetscher im Jugendamt",
    )
    assert form.is_valid(), form.errors
    barrier = barrier_flag(
        actor=setting.actor(),
        case=setting.case,
        flagged_on=date(2026, 2, 1),
        source_id=4711,
        **form.barrier_data(),
    )
    assert (barrier.source, barrier.source_id) == ("contact", 4711)
    assert barrier.category.name == "keine Sprachmittlung"


# --- catalogue ----------------------------------------------------------------------


def test_a_tenant_gets_the_default_categories_once(db):
    tenant = TenantFactory()
    seed_barrier_categories(tenant)
    seed_barrier_categories(tenant)
    names = list(BarrierCategory.objects.filter(tenant=tenant).values_list("name", flat=True))
    assert names == [name for _code, name in DEFAULT_BARRIER_CATEGORIES]
    assert "kein Zugang zur Krankenversicherung" in names and "sonstiges" in names


def test_the_data_migration_seeds_existing_tenants_like_the_function(db):
    tenant = TenantFactory()
    migration = importlib.import_module("kim.planning.migrations.0002_default_barrier_categories")
    migration.seed(apps, None)
    seeded = list(
        BarrierCategory.objects.filter(tenant=tenant).values_list("code", "name", "position")
    )
    assert seeded == [
        (code, name, position)
        for position, (code, name) in enumerate(DEFAULT_BARRIER_CATEGORIES, start=1)
    ]


# --- counts ---------------------------------------------------------------------------


def test_suppression_hides_small_cells_and_a_lone_one_cannot_be_recomputed():
    table = suppressed_table([("a", 3), ("b", 0), ("c", 12), ("d", 7)], threshold=5)
    assert table["rows"] == [("a", "< 5"), ("b", "0"), ("c", "12"), ("d", "gesperrt")]
    assert table["total"] == "22"
    assert table["withheld"]


def test_suppression_needs_no_second_cell_when_two_are_small():
    table = suppressed_table([("a", 3), ("b", 1), ("c", 12)], threshold=5)
    assert table["rows"] == [("a", "< 5"), ("b", "< 5"), ("c", "12")]
    assert not table["withheld"]


def test_suppression_of_a_small_total():
    table = suppressed_table([("a", 2), ("b", 0)], threshold=5)
    assert table == {"rows": [("a", "< 5"), ("b", "0")], "total": "< 5", "withheld": False}


def test_the_old_counts_address_leads_to_the_coordinations_overview(client, setting):
    client.force_login(setting.world.coordination)
    response = client.get("/planung/huerden/")
    assert response.status_code == 301
    assert response["Location"] == reverse("steering:barriers")
