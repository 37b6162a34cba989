"""Migration 0004 gives existing cases their phase and a first history row."""

import importlib

from django.apps import apps

from kim.cases.models import Case, CasePhaseChange, TargetGroup
from kim.testing.factories import open_case, register_person

migration = importlib.import_module("kim.cases.migrations.0004_phases_of_existing_cases")


def test_existing_cases_get_their_phase_history_and_tenants_their_target_groups(world):
    person = register_person(world.cm, world.unit_a)
    still_open, closed = (
        open_case(world.cm, person, world.unit_a),
        open_case(world.cm, person, world.unit_a),
    )
    # as before phases existed: no history, a closed case only by its status
    CasePhaseChange.objects.all().delete()
    Case.objects.filter(pk=closed.pk).update(status="closed")

    migration.forwards(apps, None)

    assert Case.objects.get(pk=still_open.pk).phase == "intake"
    assert Case.objects.get(pk=closed.pk).phase == "closed"
    rows = CasePhaseChange.objects.order_by("case_id").values_list(
        "case_id", "from_phase", "to_phase"
    )
    assert list(rows) == [(still_open.pk, "", "intake"), (closed.pk, "", "closed")]
    for tenant in (world.tenant, world.other_tenant):
        assert TargetGroup.objects.filter(tenant=tenant).count() == len(migration.TARGET_GROUPS)
