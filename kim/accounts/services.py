"""Every write of the administration pages and of the profile page.

Administration functions check that the actor holds ADMIN_CONFIGURE in one of
their units and acts in their own tenant; profile functions that the object is
the actor's own. Each writes its row and its audit event in one transaction.
Administration is about configuration: no person_id is ever recorded here.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.models import ApiToken, Membership, Role, User
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.catalogues import Catalogue
from kim.core.errors import NotAllowed
from kim.core.models import District, Organisation, Town, Unit
from kim.core.permissions import ADMIN_CONFIGURE

TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def _require_admin(actor: Actor, tenant_id: int | None) -> None:
    if tenant_id is None or actor.tenant_id != tenant_id or not actor.has(ADMIN_CONFIGURE):
        raise NotAllowed


def _snapshot(obj, fields: list[str]) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _taken(queryset, field: str, value: str, *, exclude_pk=None) -> bool:
    """Whether another row has this value, ignoring case (in Python: SQLite folds ASCII only)."""
    wanted = value.casefold()
    others = queryset.exclude(pk=exclude_pk) if exclude_pk else queryset
    return any(v.casefold() == wanted for v in others.values_list(field, flat=True))


def _clean(obj, exclude: list[str], errors: dict) -> None:
    """Model validation without the tenant: its uniqueness is checked with a German message."""
    try:
        obj.full_clean(exclude=["tenant", *exclude], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)


# Users ----------------------------------------------------------------------

USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]


def _check_password(password: str, user: User, errors: dict, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
) -> User:
    """A new account in the actor's tenant; without a password it cannot log in yet."""
    _require_admin(actor, actor.tenant_id)
    user = User(
        tenant_id=actor.tenant_id,
        username=username.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=User.objects.normalize_email(email.strip()),
    )
    errors: dict = {}
    _clean(user, ["password"], errors)
    if user.username and User.objects.filter(username__iexact=user.username).exists():
        errors["username"] = [_("Diesen Benutzernamen gibt es bereits.")]
    if password:
        _check_password(password, user, errors)
    _raise_if(errors)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit(
        actor=actor,
        action="user.create",
        obj=user,
        changes=diff({}, _snapshot(user, USER_FIELDS))
        | {"password": [None, "set" if password else "unusable"]},
    )
    return user


@transaction.atomic
def user_update(
    *, actor: Actor, user: User, first_name: str, last_name: str, email: str, is_active: bool
) -> User:
    _require_admin(actor, user.tenant_id)
    current = User.objects.select_for_update().get(pk=user.pk)
    before = _snapshot(current, USER_FIELDS)
    current.first_name = first_name.strip()
    current.last_name = last_name.strip()
    current.email = User.objects.normalize_email(email.strip())
    current.is_active = is_active
    errors: dict = {}
    if current.pk == actor.user.pk and not is_active:
        errors["is_active"] = [_("Sie können Ihr eigenes Konto nicht deaktivieren.")]
    _clean(current, ["password", "username"], errors)
    _raise_if(errors)
    changes = diff(before, _snapshot(current, USER_FIELDS))
    if changes:
        current.save(update_fields=["first_name", "last_name", "email", "is_active"])
        audit(actor=actor, action="user.update", obj=current, changes=changes)
    return current


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str | None) -> User:
    """Reset by the administration: a new password, or none (the account cannot log in).

    Changing the password ends the user's other sessions (Django's session hash).
    """
    _require_admin(actor, user.tenant_id)
    current = User.objects.select_for_update().get(pk=user.pk)
    if password:
        errors: dict = {}
        _check_password(password, current, errors)
        _raise_if(errors)
        current.set_password(password)
    else:
        current.set_unusable_password()
    current.save(update_fields=["password"])
    audit(
        actor=actor,
        action="user.password_reset",
        obj=current,
        changes={"password": "set" if password else "unusable"},
    )
    return current


# Memberships ------------------------------------------------------------------


def _grants_admin(role: Role) -> bool:
    return ADMIN_CONFIGURE in (role.permissions or [])


@transaction.atomic
def membership_add(*, actor: Actor, user: User, unit: Unit, role: Role) -> Membership:
    _require_admin(actor, user.tenant_id)
    if unit.tenant_id != user.tenant_id:
        raise NotAllowed
    User.objects.select_for_update().filter(pk=user.pk).first()
    errors: dict = {}
    if not unit.active:
        errors["unit"] = [_("Diese Einheit ist deaktiviert.")]
    if user.pk == actor.user.pk and set(role.permissions or []) - {ADMIN_CONFIGURE}:
        # Separation of duties: administration does not see case content, so it
        # cannot hand itself a role that does.
        errors["role"] = [
            _(
                "Diese Rolle kann Ihnen nur eine andere Person mit Administrationsrechten "
                "geben, weil sie Zugriff über die Administration hinaus gewährt."
            )
        ]
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        errors["role"] = [_("%(user)s hat diese Rolle in dieser Einheit bereits.") % {"user": user}]
    _raise_if(errors)
    membership = Membership.objects.create(
        tenant_id=user.tenant_id, user=user, unit=unit, role=role
    )
    audit(
        actor=actor,
        action="membership.add",
        obj=user,
        changes={
            "membership": membership.pk,
            "unit": [unit.pk, unit.name],
            "role": role.code,
        },
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    _require_admin(actor, membership.tenant_id)
    User.objects.select_for_update().filter(pk=membership.user_id).first()
    if membership.user_id == actor.user.pk and _grants_admin(membership.role):
        others = (
            Membership.objects.filter(user_id=membership.user_id, unit__active=True)
            .exclude(pk=membership.pk)
            .select_related("role")
        )
        if not any(_grants_admin(other.role) for other in others):
            raise ValidationError(
                _(
                    "Sie können Ihre letzte Mitgliedschaft mit Administrationsrechten nicht "
                    "entfernen. Bitten Sie eine andere Person mit Administrationsrechten darum."
                )
            )
    pk, unit, role = membership.pk, membership.unit, membership.role
    membership.delete()
    audit(
        actor=actor,
        action="membership.remove",
        obj=User(pk=membership.user_id),
        changes={"membership": pk, "unit": [unit.pk, unit.name], "role": role.code},
    )


# Organisations and units --------------------------------------------------------


def _organisation_write(actor, organisation: Organisation, *, name: str, kind: str, action: str):
    before = _snapshot(organisation, ["name", "kind"]) if organisation.pk else {}
    organisation.name = name.strip()
    organisation.kind = kind
    errors: dict = {}
    _clean(organisation, [], errors)
    same_tenant = Organisation.objects.filter(tenant_id=organisation.tenant_id)
    if _taken(same_tenant, "name", organisation.name, exclude_pk=organisation.pk):
        errors["name"] = [_("Eine Organisation mit diesem Namen gibt es bereits.")]
    _raise_if(errors)
    changes = diff(before, _snapshot(organisation, ["name", "kind"]))
    if changes:
        organisation.save()
        audit(actor=actor, action=action, obj=organisation, changes=changes)
    return organisation


@transaction.atomic
def organisation_create(*, actor: Actor, name: str, kind: str) -> Organisation:
    _require_admin(actor, actor.tenant_id)
    organisation = Organisation(tenant_id=actor.tenant_id)
    return _organisation_write(
        actor, organisation, name=name, kind=kind, action="organisation.create"
    )


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, name: str, kind: str
) -> Organisation:
    _require_admin(actor, organisation.tenant_id)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    return _organisation_write(actor, current, name=name, kind=kind, action="organisation.update")


UNIT_FIELDS = ["organisation_id", "name", "code", "town_id", "active"]


def _unit_write(actor, unit: Unit, *, organisation, name, code, town, active, action) -> Unit:
    if organisation.tenant_id != unit.tenant_id or (town and town.tenant_id != unit.tenant_id):
        raise NotAllowed
    before = _snapshot(unit, UNIT_FIELDS) if unit.pk else {}
    unit.organisation = organisation
    unit.name = name.strip()
    unit.code = code.strip().upper()
    unit.town = town
    unit.active = active
    errors: dict = {}
    _clean(unit, [], errors)
    same_tenant = Unit.objects.filter(tenant_id=unit.tenant_id)
    if _taken(same_tenant, "code", unit.code, exclude_pk=unit.pk):
        errors["code"] = [_("Dieses Kürzel hat bereits eine andere Einheit.")]
    if before.get("active") and not active and not actor.units(ADMIN_CONFIGURE) - {unit.pk}:
        errors["active"] = [
            _(
                "Sie können diese Einheit nicht deaktivieren: Ihre Administrationsrechte "
                "hängen allein an ihr."
            )
        ]
    _raise_if(errors)
    changes = diff(before, _snapshot(unit, UNIT_FIELDS))
    if changes:
        unit.save()
        audit(actor=actor, action=action, obj=unit, changes=changes)
    return unit


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    code: str,
    town: Town | None = None,
    active: bool = True,
) -> Unit:
    _require_admin(actor, actor.tenant_id)
    return _unit_write(
        actor,
        Unit(tenant_id=actor.tenant_id),
        organisation=organisation,
        name=name,
        code=code,
        town=town,
        active=active,
        action="unit.create",
    )


@transaction.atomic
def unit_update(
    *,
    actor: Actor,
    unit: Unit,
    organisation: Organisation,
    name: str,
    code: str,
    town: Town | None,
    active: bool,
) -> Unit:
    _require_admin(actor, unit.tenant_id)
    return _unit_write(
        actor,
        Unit.objects.select_for_update().get(pk=unit.pk),
        organisation=organisation,
        name=name,
        code=code,
        town=town,
        active=active,
        action="unit.update",
    )


# Towns and districts ------------------------------------------------------------------


def normalise_postcodes(value: str) -> str:
    """'58452,58453 58454' -> '58452, 58453, 58454'; ValueError if one is not five digits."""
    codes = [code for code in re.split(r"[\s,;]+", value or "") if code]
    if any(not re.fullmatch(r"\d{5}", code) for code in codes):
        raise ValueError(value)
    return ", ".join(dict.fromkeys(codes))


def _town_write(actor, town: Town, *, name: str, postcodes: str, action: str) -> Town:
    before = _snapshot(town, ["name", "postcodes"]) if town.pk else {}
    town.name = name.strip()
    errors: dict = {}
    try:
        town.postcodes = normalise_postcodes(postcodes)
    except ValueError:
        errors["postcodes"] = [
            _("Bitte fünfstellige Postleitzahlen eingeben, getrennt durch Komma.")
        ]
    _clean(town, [], errors)
    if _taken(Town.objects.filter(tenant_id=town.tenant_id), "name", town.name, exclude_pk=town.pk):
        errors["name"] = [_("Einen Ort mit diesem Namen gibt es bereits.")]
    _raise_if(errors)
    changes = diff(before, _snapshot(town, ["name", "postcodes"]))
    if changes:
        town.save()
        audit(actor=actor, action=action, obj=town, changes=changes)
    return town


@transaction.atomic
def town_create(*, actor: Actor, name: str, postcodes: str = "") -> Town:
    _require_admin(actor, actor.tenant_id)
    return _town_write(
        actor, Town(tenant_id=actor.tenant_id), name=name, postcodes=postcodes, action="town.create"
    )


@transaction.atomic
def town_update(*, actor: Actor, town: Town, name: str, postcodes: str) -> Town:
    _require_admin(actor, town.tenant_id)
    current = Town.objects.select_for_update().get(pk=town.pk)
    return _town_write(actor, current, name=name, postcodes=postcodes, action="town.update")


def _district_write(actor, district: District, *, town: Town, name: str, action: str):
    if town.tenant_id != district.tenant_id:
        raise NotAllowed
    before = _snapshot(district, ["town_id", "name"]) if district.pk else {}
    district.town = town
    district.name = name.strip()
    errors: dict = {}
    _clean(district, [], errors)
    same_town = District.objects.filter(town=town)
    if _taken(same_town, "name", district.name, exclude_pk=district.pk):
        errors["name"] = [_("Diesen Stadtteil gibt es in diesem Ort bereits.")]
    _raise_if(errors)
    changes = diff(before, _snapshot(district, ["town_id", "name"]))
    if changes:
        district.save()
        audit(actor=actor, action=action, obj=district, changes=changes)
    return district


@transaction.atomic
def district_create(*, actor: Actor, town: Town, name: str) -> District:
    _require_admin(actor, actor.tenant_id)
    return _district_write(
        actor, District(tenant_id=actor.tenant_id), town=town, name=name, action="district.create"
    )


@transaction.atomic
def district_update(*, actor: Actor, district: District, town: Town, name: str) -> District:
    _require_admin(actor, district.tenant_id)
    current = District.objects.select_for_update().get(pk=district.pk)
    return _district_write(actor, current, town=town, name=name, action="district.update")


# Catalogues (fields of action, target groups, …: kim.core.catalogues) ------------------


def _catalogue_fields(catalogue: Catalogue) -> list[str]:
    return ["name", "active", *([catalogue.text_field] if catalogue.text_field else [])]


@transaction.atomic
def catalogue_create(
    *, actor: Actor, catalogue: Catalogue, code: str, name: str, active: bool = True, text: str = ""
):
    """A new catalogue entry at the end of the list. Its code is fixed: the API uses it."""
    _require_admin(actor, actor.tenant_id)
    rows = catalogue.model.objects.select_for_update().filter(tenant_id=actor.tenant_id)
    last = rows.aggregate(last=Max("position"))["last"] or 0
    entry = catalogue.model(
        tenant_id=actor.tenant_id,
        code=code.strip().lower(),
        name=name.strip(),
        active=active,
        position=last + 1,
    )
    if catalogue.text_field:
        setattr(entry, catalogue.text_field, text.replace("\r\n", "\n").strip())
    errors: dict = {}
    _clean(entry, [], errors)
    if entry.code and rows.filter(code=entry.code).exists():
        errors["code"] = [str(catalogue.code_taken)]
    _raise_if(errors)
    entry.save()
    audit(
        actor=actor,
        action=f"{catalogue.audit_prefix}.create",
        obj=entry,
        changes=diff({}, _snapshot(entry, ["code", *_catalogue_fields(catalogue), "position"])),
    )
    return entry


@transaction.atomic
def catalogue_update(
    *, actor: Actor, catalogue: Catalogue, entry, name: str, active: bool, text: str = ""
):
    _require_admin(actor, entry.tenant_id)
    current = catalogue.model.objects.select_for_update().get(pk=entry.pk)
    fields = _catalogue_fields(catalogue)
    before = _snapshot(current, fields)
    current.name = name.strip()
    current.active = active
    if catalogue.text_field:
        setattr(current, catalogue.text_field, text.replace("\r\n", "\n").strip())
    errors: dict = {}
    _clean(current, [], errors)
    _raise_if(errors)
    changes = diff(before, _snapshot(current, fields))
    if changes:
        current.save(update_fields=fields)
        audit(actor=actor, action=f"{catalogue.audit_prefix}.update", obj=current, changes=changes)
    return current


@transaction.atomic
def catalogue_move(*, actor: Actor, catalogue: Catalogue, entry, direction: str) -> None:
    """Swap an entry with its neighbour ("up" or "down") and number all 1..n again."""
    _require_admin(actor, entry.tenant_id)
    if direction not in ("up", "down"):
        raise ValueError(direction)
    model = catalogue.model
    ordered = list(
        model.objects.select_for_update()
        .filter(tenant_id=entry.tenant_id)
        .order_by("position", "name", "id")
    )
    index = next(i for i, e in enumerate(ordered) if e.pk == entry.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    before = {e.pk: e.position for e in ordered}
    for position, item in enumerate(ordered, start=1):
        item.position = position
    model.objects.bulk_update(ordered, ["position"])
    audit(
        actor=actor,
        action=f"{catalogue.audit_prefix}.move",
        obj=entry,
        changes={"position": [before[entry.pk], ordered[other].position], "direction": direction},
    )


# Own account: password and API tokens ---------------------------------------------------


@transaction.atomic
def password_change_own(*, actor: Actor, password: str) -> User:
    """The user's own new password; the form has checked the old one."""
    user = actor.user
    if user is None or not user.is_authenticated:
        raise NotAllowed
    errors: dict = {}
    _check_password(password, user, errors, field="new_password1")
    _raise_if(errors)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(actor=actor, action="user.password_change", obj=user)
    return user


@transaction.atomic
def api_token_create(
    *, actor: Actor, name: str, days: int = TOKEN_DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """A token for the actor's own account; the raw token is returned once, never stored."""
    user = actor.user
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed
    if user.is_demo and not settings.DEMO_MODE:
        raise ValidationError(_("Demo-Konten können API-Tokens nur im Demo-Modus erzeugen."))
    errors: dict = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Bitte geben Sie dem Token eine Bezeichnung.")]
    elif len(name) > 100:
        errors["name"] = [_("Höchstens 100 Zeichen.")]
    if not isinstance(days, int) or not 1 <= days <= TOKEN_MAX_DAYS:
        errors["days"] = [
            _("Die Gültigkeit liegt zwischen 1 und %(max)d Tagen.") % {"max": TOKEN_MAX_DAYS}
        ]
    _raise_if(errors)
    expires_at = timezone.now() + timedelta(days=days)
    token, raw = ApiToken.issue(user=user, name=name, expires_at=expires_at)
    audit(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={"name": name, "prefix": token.prefix, "expires_at": expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    user = actor.user
    if user is None or token.user_id != user.pk:
        raise NotAllowed
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit(
            actor=actor,
            action="api_token.revoke",
            obj=current,
            changes={"name": current.name, "prefix": current.prefix},
        )
    return current


@transaction.atomic
def own_reminders_set(*, actor: Actor, enabled: bool) -> None:
    """A user switches the e-mail reminders about due follow-ups on or off."""
    user = actor.user
    if user.followup_reminders == enabled:
        return
    User.objects.filter(pk=user.pk).update(followup_reminders=enabled)
    user.followup_reminders = enabled
    audit(
        actor=actor,
        action="user.update",
        obj=user,
        changes={"followup_reminders": [not enabled, enabled]},
    )
