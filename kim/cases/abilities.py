from dataclasses import dataclass

from kim.cases.models import Case, CaseHandover, CaseShare, Contact, EmergencyAccess
from kim.cases.parts import ALL_PARTS, NO_PARTS, SHAREABLE
from kim.core.abilities import register, register_parts
from kim.core.actor import Actor
from kim.core.permissions import CASE_DOCUMENT, CASE_MANAGE, CASE_VIEW


@register(Case)
def case_abilities(actor: Actor, case: Case) -> dict[str, bool]:
    view = actor.can_in_unit(CASE_VIEW, case.unit_id)
    is_open = case.status == Case.Status.OPEN
    manage = view and actor.can_in_unit(CASE_MANAGE, case.unit_id)
    responsible = actor.user is not None and case.case_manager_id == actor.user.pk
    document = view and is_open and actor.can_in_unit(CASE_DOCUMENT, case.unit_id)
    return {
        "view": view,
        "document": document,
        "change": document and (responsible or manage),
        "assign": manage and is_open,
    }


def case_process_abilities(actor: Actor, case: Case) -> dict[str, bool]:
    """What the actor may do with the process of a case: phases, intake, members,
    handover, closing and reopening.

    Kept apart from `abilities(actor, case)` so that the API's case abilities
    keep their documented shape until the API offers these actions too; views
    and templates merge both dicts. The responsible case manager and the
    team lead steer an open case; only the team lead reopens a closed one.
    """
    if actor.tenant_id is None or case.tenant_id != actor.tenant_id:
        return dict.fromkeys(PROCESS_ACTIONS, False)
    steer = case_abilities(actor, case)["change"]
    manage = actor.can_in_unit(CASE_VIEW, case.unit_id) and actor.can_in_unit(
        CASE_MANAGE, case.unit_id
    )
    return {
        "change_phase": steer,
        "record_intake": steer,
        "manage_members": steer,
        "hand_over": steer,
        "close": steer,
        "reopen": manage and case.status == Case.Status.CLOSED,
    }


PROCESS_ACTIONS = (
    "change_phase",
    "record_intake",
    "manage_members",
    "hand_over",
    "close",
    "reopen",
)


def is_handover_receiver(actor: Actor, handover: CaseHandover) -> bool:
    """The addressed case manager, or a team lead of the receiving unit."""
    if actor.user is None or actor.tenant_id != handover.tenant_id:
        return False
    if actor.can_in_unit(CASE_MANAGE, handover.to_unit_id):
        return True
    return handover.to_user_id == actor.user.pk and actor.can_in_unit(
        CASE_DOCUMENT, handover.to_unit_id
    )


@register(CaseHandover)
def handover_abilities(actor: Actor, handover: CaseHandover) -> dict[str, bool]:
    receives = handover.is_pending and is_handover_receiver(actor, handover)
    on_case = case_abilities(actor, handover.case)
    return {
        "view": receives or on_case["view"],
        "accept": receives,
        "decline": receives,
        "withdraw": handover.is_pending and on_case["change"],
    }


@register(Contact)
def contact_abilities(actor: Actor, contact: Contact) -> dict[str, bool]:
    on_case = case_abilities(actor, contact.case)
    own = actor.user is not None and contact.created_by_id == actor.user.pk
    return {
        "view": on_case["view"],
        "change": on_case["document"]
        and (own or actor.can_in_unit(CASE_MANAGE, contact.case.unit_id)),
    }


# --- access from outside the case's unit: shares and emergency access ------------------


@dataclass(frozen=True)
class CaseAccess:
    """How the actor reads a case: through their unit (every part), through shares to
    their units (exactly the shared parts) or an emergency access (every part,
    read-only); `parts` is empty when none applies."""

    parts: frozenset[str]
    shares: tuple[CaseShare, ...] = ()
    emergency: EmergencyAccess | None = None

    @property
    def via(self) -> str:
        if self.emergency is not None:
            return "emergency_access"
        if self.shares:
            return "share"
        return "unit" if self.parts else ""

    @property
    def is_outside(self) -> bool:
        """Read from outside the case's unit: nothing can be changed."""
        return self.via in ("share", "emergency_access")

    def audit_changes(self) -> dict:
        """What every read event on the case says about how it was read."""
        if self.emergency is not None:
            return {"via": "emergency_access", "emergency_access": self.emergency.pk}
        if self.shares:
            return {
                "via": "share",
                "shares": [s.pk for s in self.shares],
                "parts": sorted(self.parts),
            }
        return {}


_UNIT_ACCESS = CaseAccess(parts=ALL_PARTS)
_NO_ACCESS = CaseAccess(parts=NO_PARTS)


def case_access(actor: Actor, case: Case) -> CaseAccess:
    """The actor's access to the case; at most two queries, none for the case's own
    unit, computed once per case object (every section of the case page asks)."""
    key = (actor.tenant_id, actor.user.pk if actor.user is not None else None)
    cached = case.__dict__.get("_kim_access")
    if cached is not None and cached[0] == key:
        return cached[1]
    if actor.tenant_id is None or case.tenant_id != actor.tenant_id:
        access = _NO_ACCESS
    elif actor.can_in_unit(CASE_VIEW, case.unit_id):
        access = _UNIT_ACCESS
    else:
        from kim.cases.selectors import active_shares_to, running_emergency_access

        emergency = running_emergency_access(actor, case)
        shares = tuple(active_shares_to(actor, case))
        if emergency is not None:
            access = CaseAccess(parts=ALL_PARTS, shares=shares, emergency=emergency)
        elif shares:
            parts = frozenset(p for share in shares for p in share.parts) & SHAREABLE
            access = CaseAccess(parts=parts, shares=shares)
        else:
            access = _NO_ACCESS
    case.__dict__["_kim_access"] = (key, access)
    return access


@register_parts(Case)
def case_parts_visible(actor: Actor, case: Case) -> frozenset[str]:
    """The parts of the case the actor may read (`kim.cases.parts`). Every section of
    the case page asks this, in every app (through `kim.core.abilities.visible_parts`
    where the app may not import cases)."""
    return case_access(actor, case).parts


def share_abilities(actor: Actor, case: Case) -> dict[str, bool]:
    """Sharing from the case's unit: the responsible case manager or the team lead
    shares an open case; whoever documents or steers in the unit may end a share
    (ending only narrows access, so closed cases too)."""
    in_unit = actor.tenant_id == case.tenant_id and actor.can_in_unit(CASE_VIEW, case.unit_id)
    return {
        "view": in_unit,
        "share": in_unit and case_abilities(actor, case)["change"],
        "end": in_unit
        and (
            actor.can_in_unit(CASE_DOCUMENT, case.unit_id)
            or actor.can_in_unit(CASE_MANAGE, case.unit_id)
        ),
    }


@register(CaseShare)
def case_share_abilities(actor: Actor, share: CaseShare) -> dict[str, bool]:
    on_case = share_abilities(actor, share.case)
    return {"view": on_case["view"], "end": on_case["end"] and share.is_running}
