"""The pre-check as a page: enter the facts (any may stay unknown), choose the day,
read per check and criterion what is met, what is missing and when."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.views import crumbs
from kim.residence import eligibility
from kim.residence.abilities import may_precheck
from kim.residence.forms import PrecheckForm
from kim.residence.rule_data import CHECKS

NAV = "precheck"


def run_checks(facts: dict, on) -> list[eligibility.CheckResult]:
    return [eligibility.check(code, facts, on) for code in ("stag10", "aufenthg25b", "aufenthg25a")]


@login_required
def precheck(request):
    """Nothing typed here is stored: the form posts to itself and the page shows the
    result (POST so that the facts never stand in a URL or a server log)."""
    if not may_precheck(get_actor(request.user)):
        raise Http404
    results = None
    if request.method == "POST":
        form = PrecheckForm(request.POST)
        if form.is_valid():
            results = run_checks(form.facts(), form.cleaned_data["on"])
    else:
        form = PrecheckForm(initial={"on": timezone.localdate()})
    title = _("Vorprüfung: Einbürgerung und Bleiberecht")
    return render(
        request,
        "residence/precheck.html",
        {
            "form": form,
            "results": results,
            "title": title,
            "checks": CHECKS,
            "disclaimer": eligibility.DISCLAIMER,
            "nav_active": NAV,
            "breadcrumbs": crumbs((title, None)),
        },
        status=422 if request.method == "POST" and results is None else 200,
    )
