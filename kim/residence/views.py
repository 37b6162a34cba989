"""The pre-check as a page: enter the facts (any may stay unknown), choose the day,
read per check and criterion what is met, what is missing and when."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.permissions import CASE_VIEW
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
            "show_potential": get_actor(request.user).has(CASE_VIEW),
            "disclaimer": eligibility.DISCLAIMER,
            "nav_active": NAV,
            "breadcrumbs": crumbs((title, None)),
        },
        status=422 if request.method == "POST" and results is None else 200,
    )


@login_required
def person_precheck(request, pk):
    """The pre-check of one person: the record's facts (with their source) and what was
    entered for the check; saving keeps what was entered."""
    from datetime import date as date_type

    from django.contrib import messages
    from django.shortcuts import get_object_or_404, redirect
    from django.urls import reverse

    from kim.core.errors import NotAllowed, StaleEdit
    from kim.residence import person_check as svc

    actor = get_actor(request.user)
    person = get_object_or_404(svc.checkable_persons(actor), pk=pk)
    try:
        on = date_type.fromisoformat(request.GET.get("tag", ""))
    except ValueError:
        on = timezone.localdate()
    try:
        state = svc.person_check(actor, person, on)
    except NotAllowed as exc:
        raise Http404 from exc
    status = 200
    if request.method == "POST":
        form = PrecheckForm(request.POST)
        if form.is_valid():
            on = form.cleaned_data["on"]
            try:
                svc.facts_save(
                    actor=actor,
                    person=person,
                    version=int(request.POST.get("version") or 0),
                    facts=form.facts(),
                    on=on,
                )
            except StaleEdit:
                messages.info(
                    request,
                    _(
                        "Die Angaben wurden inzwischen von jemand anderem gespeichert. Ihre "
                        "Eingaben stehen unten; prüfen Sie sie und speichern Sie erneut."
                    ),
                )
                state = svc.person_check(actor, person, on)
                status = 409
            else:
                messages.success(request, _("Die Angaben für die Vorprüfung sind gespeichert."))
                return redirect(
                    reverse("residence:person_precheck", args=[person.pk]) + f"?tag={on:%Y-%m-%d}"
                )
        else:
            status = 422
    else:
        initial = {name: _initial(value) for name, value in state.facts.items()}
        form = PrecheckForm(initial=initial | {"on": on})
    for name, recorded in state.recorded.items():
        form.fields[name].help_text = _("Aus der Akte: %(source)s") % {"source": recorded.source}
    title = _("Vorprüfung: Einbürgerung und Bleiberecht")
    return render(
        request,
        "residence/person_precheck.html",
        {
            "person": person,
            "form": form,
            "version": state.version,
            "stored": state.stored,
            "results": state.results() if status == 200 else None,
            "title": title,
            "disclaimer": eligibility.DISCLAIMER,
            "nav_active": "people",
            "breadcrumbs": crumbs(
                (_("Personen"), reverse("people:search")),
                (person.full_name, reverse("people:detail", args=[person.pk])),
                (title, None),
            ),
        },
        status=status,
    )


def _initial(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


@login_required
def potential_list(request):
    """For a case manager: their own clients who meet, or will within three months
    meet, the time requirements of a pre-check, with what is missing and the way to
    the authority. For the authority: the persons referred or shared to it with
    consent. Listing is audited with the persons shown."""
    from kim.residence import handover
    from kim.residence.potential import HORIZON_DAYS, may_see_potential, potential_of

    actor = get_actor(request.user)
    today = timezone.localdate()
    if handover.may_see_handed_over(actor):
        rows = handover.handed_over(actor, today)
        audit(
            actor=actor,
            action="eligibility.potential_list",
            changes={"persons": [row.person.pk for row in rows], "handed_over": True},
        )
        title = _("Potenzial: an die Behörde vermittelte Personen")
        return render(
            request,
            "residence/potential_authority.html",
            {
                "rows": rows,
                "today": today,
                "title": title,
                "nav_active": NAV,
                "breadcrumbs": crumbs((title, None)),
            },
        )
    if not may_see_potential(actor):
        raise Http404
    rows = potential_of(actor, today)
    referrals = handover.authority_referrals(actor.tenant_id, {row.case.pk for row in rows})
    services: dict[str, object] = {}
    entries = []
    for row in rows:
        code = row.result.check
        if code not in services:
            services[code] = handover.authority_service(actor, code, today)
        referral = referrals.get(row.case.pk)
        entries.append(
            {
                "row": row,
                "referral": referral,
                "procedure": handover.status_for_referral(referral, today) if referral else None,
                "refer_url": _refer_url(row, services[code]),
            }
        )
    audit(
        actor=actor,
        action="eligibility.potential_list",
        changes={"persons": sorted({row.person.pk for row in rows})},
    )
    title = _("Potenzial: Einbürgerung und Bleiberecht")
    return render(
        request,
        "residence/potential.html",
        {
            "entries": entries,
            "today": today,
            "horizon": HORIZON_DAYS,
            "title": title,
            "nav_active": NAV,
            "breadcrumbs": crumbs((title, None)),
        },
    )


def _refer_url(row, service) -> str:
    """The referral form for the row's case: to the responsible service of the authority
    with purpose and data suggested, or – when the directory names none – the choice
    of a service."""
    from django.http import QueryDict
    from django.urls import reverse

    from kim.residence.handover import SUGGESTED_DATA

    if service is None:
        return reverse("referrals:choose_service", args=[row.case.pk])
    query = QueryDict(mutable=True)
    query["zweck"] = _("%(check)s: Beratung und Antrag (Vorprüfung vom %(day)s)") % {
        "check": row.result.title,
        "day": f"{timezone.localdate():%d.%m.%Y}",
    }
    query["zweckart"] = "residence"
    query.setlist("daten", [str(c) for c in SUGGESTED_DATA])
    return reverse("referrals:new", args=[row.case.pk, service.pk]) + "?" + query.urlencode()
