"""Case reconstructions (Fallrekonstruktionen): the coordination asks for them on a
theme; a case manager picks one of their own cases, gets a draft built from the case
without names or dates, writes the account and their comments, reviews the anonymised
text and releases it. The coordination sees released accounts only – never the case,
the person or the author. Every read of the case and every write is audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import District, Town
from kim.core.permissions import CASE_DOCUMENT
from kim.people.models import HouseholdMember, Person, PersonAlias
from kim.planning.models import Barrier
from kim.steering.anonymise import Secrets, anonymise, relative
from kim.steering.models import CaseReconstruction, ReconstructionRequest, StructuralIssue

# --- who -----------------------------------------------------------------------------------


def may_request(actor: Actor) -> bool:
    from kim.steering.abilities import may_manage_issues

    return may_manage_issues(actor)


def may_reconstruct(actor: Actor) -> bool:
    """Case managers: whoever documents in cases."""
    return actor.tenant_id is not None and actor.user is not None and actor.has(CASE_DOCUMENT)


# --- reads ---------------------------------------------------------------------------------


def visible_requests(actor: Actor) -> QuerySet[ReconstructionRequest]:
    if not (may_request(actor) or may_reconstruct(actor)):
        return ReconstructionRequest.objects.none()
    return ReconstructionRequest.objects.filter(tenant_id=actor.tenant_id)


def released_of(actor: Actor, request: ReconstructionRequest) -> list[CaseReconstruction]:
    """What the coordination reads: released accounts, without case or author."""
    if not may_request(actor) or request.tenant_id != actor.tenant_id:
        return []
    return list(
        CaseReconstruction.objects.filter(
            request=request, status=CaseReconstruction.Status.RELEASED
        )
        .only("id", "account", "comments", "released_at")
        .order_by("released_at", "id")
    )


# All the coordination may read of a reconstruction: no case, person or author.
RELEASED_COLUMNS = (
    "id",
    "account",
    "comments",
    "released_at",
    "request",
    "request__theme",
    "request__issue",
)


def released_reconstructions(actor: Actor) -> QuerySet[CaseReconstruction]:
    """The tenant's released accounts for the coordination (the API's list), loading
    only `RELEASED_COLUMNS`, newest release first."""
    if not may_request(actor):
        return CaseReconstruction.objects.none()
    return (
        CaseReconstruction.objects.filter(
            tenant_id=actor.tenant_id, status=CaseReconstruction.Status.RELEASED
        )
        .select_related("request")
        .only(*RELEASED_COLUMNS)
        .order_by("-released_at", "-id")
    )


def own_reconstructions(actor: Actor) -> QuerySet[CaseReconstruction]:
    if not may_reconstruct(actor):
        return CaseReconstruction.objects.none()
    return CaseReconstruction.objects.filter(tenant_id=actor.tenant_id, author_id=actor.user.pk)


def own_cases(actor: Actor) -> QuerySet[Case]:
    """The cases the actor is responsible for, in units where they document."""
    if not may_reconstruct(actor):
        return Case.objects.none()
    return Case.objects.filter(
        tenant_id=actor.tenant_id,
        case_manager_id=actor.user.pk,
        unit_id__in=actor.units(CASE_DOCUMENT),
    )


# --- what must not appear ------------------------------------------------------------------


def secrets_of(case: Case) -> Secrets:
    """The names of the person, their aliases, household and case members – and of
    every other person the tenant's units serve, since an account may mention a
    neighbour or another client –, and the tenant's places; dates count from the
    case's opening."""
    person = case.person
    names = [f"{person.given_names} {person.family_name}"]
    names += [
        f"{given} {family}"
        for given, family in Person.objects.filter(tenant_id=case.tenant_id).values_list(
            "given_names", "family_name"
        )
    ]
    names += [
        f"{given} {family}"
        for given, family in PersonAlias.objects.filter(
            person__tenant_id=case.tenant_id
        ).values_list("given_names", "family_name")
    ]
    names += [f"{a.given_names} {a.family_name}" for a in PersonAlias.objects.filter(person=person)]
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    names += [
        f"{m.person.given_names} {m.person.family_name}"
        for m in HouseholdMember.objects.filter(household_id__in=households).select_related(
            "person"
        )
    ]
    names += [
        f"{m.person.given_names} {m.person.family_name}"
        for m in case.members.select_related("person")
    ]
    places = list(Town.objects.filter(tenant_id=case.tenant_id).values_list("name", flat=True))
    places += list(District.objects.filter(tenant_id=case.tenant_id).values_list("name", flat=True))
    if getattr(person, "street", ""):
        places.append(person.street)
    return Secrets(start=case.opened_on, names=names, places=places)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def draft_from_case(case: Case) -> str:
    """A first account from the case's structured data: fields of action, the course
    of its phases and its barriers, every date relative to the opening."""
    start = case.opened_on
    lines = [_("Fallbeginn: Erstkontakt, Case Management eröffnet.")]
    fields = ", ".join(f.name for f in case.fields.all())
    if fields:
        lines.append(_("Handlungsfelder: %(fields)s.") % {"fields": fields})
    for change in case.phase_changes.order_by("changed_at", "id"):
        day = timezone.localtime(change.changed_at).date()
        lines.append(
            _("%(when)s: Phase „%(phase)s“.")
            % {"when": _upper_first(relative(day, start)), "phase": change.get_to_phase_display()}
        )
    for barrier in Barrier.objects.filter(case=case).select_related("category", "field"):
        lines.append(
            _("%(when)s: Hürde „%(category)s“ (%(field)s).")
            % {
                "when": _upper_first(relative(barrier.flagged_on, start)),
                "category": barrier.category.name,
                "field": barrier.field.name,
            }
        )
    lines.append("")
    lines.append(_("Was geschah, was hätte geholfen? (Bitte ohne Namen ergänzen.)"))
    return "\n".join(lines)


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *, actor: Actor, theme: str, description: str, issue: StructuralIssue | None = None, due_on=None
) -> ReconstructionRequest:
    if not may_request(actor):
        raise NotAllowed
    theme, description = (theme or "").strip(), (description or "").strip()
    errors = {}
    if not theme:
        errors["theme"] = _("Bitte das Thema angeben.")
    if not description:
        errors["description"] = _("Bitte beschreiben, worauf es ankommt.")
    if issue is not None and issue.tenant_id != actor.tenant_id:
        errors["issue"] = _("Bitte nur Strukturthemen dieser Kommune wählen.")
    if errors:
        raise ValidationError(errors)
    request = ReconstructionRequest.objects.create(
        tenant_id=actor.tenant_id,
        theme=theme,
        description=description,
        issue=issue,
        due_on=due_on,
        created_by=actor.user,
    )
    audit(actor=actor, action="reconstruction.request", obj=request)
    return request


@transaction.atomic
def reconstruction_start(
    *, actor: Actor, request: ReconstructionRequest, case: Case
) -> CaseReconstruction:
    """A draft for one of the author's own cases, built from the case and anonymised."""
    if request.tenant_id != actor.tenant_id or not own_cases(actor).filter(pk=case.pk).exists():
        raise NotAllowed
    secrets = secrets_of(case)
    try:
        with transaction.atomic():
            reconstruction = CaseReconstruction.objects.create(
                tenant_id=case.tenant_id,
                request=request,
                case=case,
                author=actor.user,
                account=anonymise(draft_from_case(case), secrets),
            )
    except IntegrityError as error:
        raise ValidationError(
            {"case": _("Zu diesem Fall gibt es für dieses Thema schon eine Rekonstruktion.")}
        ) from error
    audit(
        actor=actor,
        action="reconstruction.start",
        obj=case,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes={"reconstruction": reconstruction.pk, "request": request.pk},
    )
    return reconstruction


def _own_draft(actor: Actor, reconstruction: CaseReconstruction, version: int):
    if actor.user is None or reconstruction.author_id != actor.user.pk:
        raise NotAllowed
    current = CaseReconstruction.objects.select_for_update().get(pk=reconstruction.pk)
    if current.status != CaseReconstruction.Status.DRAFT:
        raise ValidationError(_("Eine freigegebene Rekonstruktion wird nicht mehr geändert."))
    if current.version != version:
        raise StaleEdit(current)
    return current


@transaction.atomic
def reconstruction_save(
    *, actor: Actor, reconstruction: CaseReconstruction, version: int, account: str, comments: str
) -> CaseReconstruction:
    """Save the author's text, anonymised: they see and review exactly what would be
    released."""
    current = _own_draft(actor, reconstruction, version)
    if not (account or "").strip():
        raise ValidationError({"account": _("Bitte den Fallverlauf beschreiben.")})
    secrets = secrets_of(current.case)
    current.account = anonymise(account.strip(), secrets)
    current.comments = anonymise((comments or "").strip(), secrets)
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="reconstruction.save",
        obj=current.case,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes={"reconstruction": current.pk},
    )
    return current


@transaction.atomic
def reconstruction_release(
    *, actor: Actor, reconstruction: CaseReconstruction, version: int
) -> CaseReconstruction:
    current = _own_draft(actor, reconstruction, version)
    secrets = secrets_of(current.case)
    # Once more: the case's data may have changed since the last save.
    current.account = anonymise(current.account, secrets)
    current.comments = anonymise(current.comments, secrets)
    current.status = CaseReconstruction.Status.RELEASED
    current.released_at = timezone.now()
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="reconstruction.release",
        obj=current.request,
        changes={"reconstruction": current.pk},
    )
    return current
