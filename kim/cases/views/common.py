from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.cases.selectors import visible_cases
from kim.core.views import crumbs


def get_case(actor, pk) -> Case:
    """A case the actor may see, with what every case page shows; else 404."""
    return get_object_or_404(
        visible_cases(actor).select_related("person", "person__town", "unit", "case_manager"), pk=pk
    )


def case_crumbs(case: Case, label: str) -> list[dict]:
    return crumbs(
        (_("Fälle"), reverse("cases:list")),
        (case.number, reverse("cases:detail", args=[case.pk])),
        (label, None),
    )
