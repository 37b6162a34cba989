"""Administration pages: users and memberships, units, places, fields of action, roles.

Administration sees configuration, not case content: nothing here reads persons
or cases. Without ADMIN_CONFIGURE every page is a 404, and objects of other
tenants are not found.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kim.accounts import admin_forms as f
from kim.accounts import selectors, services
from kim.accounts.models import Membership
from kim.core.actor import Actor, get_actor
from kim.core.catalogues import catalogues, get_catalogue
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.permissions import ADMIN_CONFIGURE, PERMISSIONS
from kim.core.views import crumbs, paginate, require

SECTIONS = {
    "users": ("accounts:admin_users", gettext_lazy("Benutzer*innen")),
    "units": ("accounts:admin_units", gettext_lazy("Organisationen und Einheiten")),
    "towns": ("accounts:admin_towns", gettext_lazy("Orte und Stadtteile")),
}
ROLES_SECTION = ("accounts:admin_roles", gettext_lazy("Rollen"))


def _sections() -> list[tuple[str, str, str]]:
    """(key, url, label) of the sub-navigation: fixed pages, the catalogues, the roles."""
    items = [(key, reverse(url), label) for key, (url, label) in SECTIONS.items()]
    items += [
        (c.key, reverse("accounts:admin_catalogue", args=[c.key]), c.title) for c in catalogues()
    ]
    items.append(("roles", reverse(ROLES_SECTION[0]), ROLES_SECTION[1]))
    return items


def _admin(request) -> Actor:
    actor = get_actor(request.user)
    require(actor, ADMIN_CONFIGURE)
    if actor.tenant_id is None:
        raise Http404
    return actor


def _page(request, template: str, section: str, context: dict, *trail: tuple[str, str | None]):
    """Render an administration page with the sub-navigation and breadcrumbs."""
    sections = _sections()
    url, label = next((u, lab) for key, u, lab in sections if key == section)
    items = [(_("Verwaltung"), reverse("accounts:admin_users"))]
    items.append((str(label), url if trail else None))
    return render(
        request,
        template,
        {
            "nav_active": "admin",
            "admin_section": section,
            "admin_sections": sections,
            "breadcrumbs": crumbs(*items, *trail),
            **context,
        },
    )


def _form_page(request, section: str, form, *, title: str, back: str, submit: str = "", **extra):
    return _page(
        request,
        "accounts/admin/form.html",
        section,
        {"form": form, "title": title, "back_url": back, "submit_label": submit, **extra},
        (title, None),
    )


def _bound(request, form_class, **kwargs):
    data = request.POST if request.method == "POST" else None
    return form_class(data, **kwargs)


def _saved(form, write) -> bool:
    """Validate the form, then let the service write; its errors land on the form."""
    if not form.is_bound or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    except NotAllowed as exc:
        raise Http404 from exc
    return True


def _pk_param(request, name: str) -> str | None:
    value = request.GET.get(name, "")
    return value if value.isdigit() else None


# Users ------------------------------------------------------------------------------


@login_required
def users(request):
    actor = _admin(request)
    units = selectors.tenant_units(actor).order_by("name")
    form = f.UserFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.user_list(
        actor,
        unit_id=filters["unit"].pk if filters.get("unit") else None,
        role_id=filters["role"].pk if filters.get("role") else None,
        query=filters.get("q") or "",
        active=form.active() if filters else None,
    )
    return _page(
        request,
        "accounts/admin/users.html",
        "users",
        {"form": form, "page": paginate(request, found)},
    )


def _user_or_404(actor, pk) -> object:
    user = selectors.user_detail(actor, pk)
    if user is None:
        raise Http404
    return user


def _user_crumbs(user):
    return (str(user), reverse("accounts:admin_user", args=[user.pk]))


@login_required
def user_create(request):
    actor = _admin(request)
    form = _bound(request, f.UserCreateForm)
    created = {}

    def write(data):
        data = {k: v for k, v in data.items() if k != "password_confirm"}
        created["user"] = services.user_create(actor=actor, **data)

    if _saved(form, write):
        user = created["user"]
        messages.success(request, _("Das Konto %(name)s wurde angelegt.") % {"name": user})
        return redirect("accounts:admin_user", pk=user.pk)
    return _form_page(
        request,
        "users",
        form,
        title=_("Konto anlegen"),
        back=reverse("accounts:admin_users"),
        intro=_("Rollen und Einheiten vergeben Sie im nächsten Schritt."),
    )


def _user_page(request, actor, user, membership_form=None):
    return _page(
        request,
        "accounts/admin/user_detail.html",
        "users",
        {
            "account": user,
            "memberships": list(user.memberships.all()),
            "membership_form": membership_form
            or f.MembershipForm(units=selectors.tenant_units(actor).filter(active=True)),
            "is_self": user.pk == actor.user.pk,
        },
        (str(user), None),
    )


@login_required
def user_detail(request, pk):
    actor = _admin(request)
    return _user_page(request, actor, _user_or_404(actor, pk))


@login_required
def user_edit(request, pk):
    actor = _admin(request)
    user = _user_or_404(actor, pk)
    form = _bound(request, f.UserEditForm, initial=f.user_initial(user))
    if _saved(form, lambda data: services.user_update(actor=actor, user=user, **data)):
        messages.success(request, _("Die Änderungen wurden gespeichert."))
        return redirect("accounts:admin_user", pk=user.pk)
    title = _("Konto bearbeiten")
    return _page(
        request,
        "accounts/admin/form.html",
        "users",
        {"form": form, "title": title, "back_url": reverse("accounts:admin_user", args=[pk])},
        _user_crumbs(user),
        (title, None),
    )


@login_required
def user_password(request, pk):
    actor = _admin(request)
    user = _user_or_404(actor, pk)
    form = _bound(request, f.PasswordResetForm)

    def write(data):
        services.user_set_password(actor=actor, user=user, password=data["password"] or None)

    if _saved(form, write):
        if user.pk == request.user.pk:
            # Resetting one's own password here must not log oneself out.
            user.refresh_from_db(fields=["password"])
            update_session_auth_hash(request, user)
        if form.cleaned_data["password"]:
            done = _("Das Passwort von %(name)s wurde neu gesetzt.")
        else:
            done = _("%(name)s kann sich nicht mehr mit einem Passwort anmelden.")
        messages.success(request, done % {"name": user})
        return redirect("accounts:admin_user", pk=user.pk)
    title = _("Passwort zurücksetzen")
    return _page(
        request,
        "accounts/admin/form.html",
        "users",
        {
            "form": form,
            "title": title,
            "back_url": reverse("accounts:admin_user", args=[pk]),
            "submit_label": _("Passwort setzen"),
            "intro": _(
                "Geben Sie das neue Passwort der Person auf sicherem Weg weiter. Ihre "
                "übrigen Anmeldungen werden beendet."
            ),
        },
        _user_crumbs(user),
        (title, None),
    )


@login_required
@require_POST
def membership_add(request, pk):
    actor = _admin(request)
    user = _user_or_404(actor, pk)
    units = selectors.tenant_units(actor).filter(active=True)
    form = f.MembershipForm(request.POST, units=units)
    if _saved(form, lambda data: services.membership_add(actor=actor, user=user, **data)):
        messages.success(
            request,
            _("%(name)s hat jetzt die Rolle %(role)s in %(unit)s.")
            % {"name": user, "role": form.cleaned_data["role"], "unit": form.cleaned_data["unit"]},
        )
        return redirect("accounts:admin_user", pk=user.pk)
    return _user_page(request, actor, user, membership_form=form)


@login_required
@require_POST
def membership_remove(request, pk, membership_pk):
    actor = _admin(request)
    user = _user_or_404(actor, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("unit", "role"), pk=membership_pk, user=user
    )
    try:
        services.membership_remove(actor=actor, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except NotAllowed as exc:
        raise Http404 from exc
    else:
        messages.success(
            request,
            _("Die Rolle %(role)s in %(unit)s wurde entfernt.")
            % {"role": membership.role, "unit": membership.unit},
        )
    return redirect("accounts:admin_user", pk=user.pk)


# Organisations and units ----------------------------------------------------------------


@login_required
def units(request):
    actor = _admin(request)
    return _page(
        request,
        "accounts/admin/units.html",
        "units",
        {"organisations": selectors.organisations_with_units(actor)},
    )


@login_required
def organisation_edit(request, pk=None):
    actor = _admin(request)
    organisation = None
    if pk is not None:
        organisation = get_object_or_404(selectors.tenant_organisations(actor), pk=pk)
    initial = {"name": organisation.name, "kind": organisation.kind} if organisation else {}
    form = _bound(request, f.OrganisationForm, initial=initial)

    def write(data):
        if organisation is None:
            services.organisation_create(actor=actor, **data)
        else:
            services.organisation_update(actor=actor, organisation=organisation, **data)

    if _saved(form, write):
        messages.success(request, _("Die Organisation wurde gespeichert."))
        return redirect("accounts:admin_units")
    title = _("Organisation anlegen") if organisation is None else organisation.name
    return _form_page(request, "units", form, title=title, back=reverse("accounts:admin_units"))


@login_required
def unit_edit(request, pk=None):
    actor = _admin(request)
    unit = None
    if pk is not None:
        unit = get_object_or_404(selectors.tenant_units(actor), pk=pk)
        initial = {
            "organisation": unit.organisation_id,
            "name": unit.name,
            "code": unit.code,
            "town": unit.town_id,
            "active": unit.active,
        }
    else:
        initial = {"organisation": _pk_param(request, "organisation"), "active": True}
    form = _bound(
        request,
        f.UnitForm,
        initial=initial,
        organisations=selectors.tenant_organisations(actor),
        towns=selectors.tenant_towns(actor),
    )

    def write(data):
        if unit is None:
            services.unit_create(actor=actor, **data)
        else:
            services.unit_update(actor=actor, unit=unit, **data)

    if _saved(form, write):
        messages.success(request, _("Die Einheit wurde gespeichert."))
        return redirect("accounts:admin_units")
    title = _("Einheit anlegen") if unit is None else unit.name
    return _form_page(request, "units", form, title=title, back=reverse("accounts:admin_units"))


# Towns and districts ------------------------------------------------------------------------


@login_required
def towns(request):
    actor = _admin(request)
    return _page(
        request,
        "accounts/admin/towns.html",
        "towns",
        {"towns": selectors.towns_with_districts(actor)},
    )


@login_required
def town_edit(request, pk=None):
    actor = _admin(request)
    town = get_object_or_404(selectors.tenant_towns(actor), pk=pk) if pk is not None else None
    initial = {"name": town.name, "postcodes": town.postcodes} if town else {}
    form = _bound(request, f.TownForm, initial=initial)

    def write(data):
        if town is None:
            services.town_create(actor=actor, **data)
        else:
            services.town_update(actor=actor, town=town, **data)

    if _saved(form, write):
        messages.success(request, _("Der Ort wurde gespeichert."))
        return redirect("accounts:admin_towns")
    title = _("Ort anlegen") if town is None else town.name
    return _form_page(request, "towns", form, title=title, back=reverse("accounts:admin_towns"))


@login_required
def district_edit(request, pk=None):
    actor = _admin(request)
    district = None
    if pk is not None:
        district = get_object_or_404(selectors.tenant_districts(actor), pk=pk)
    initial = (
        {"town": district.town_id, "name": district.name}
        if district
        else {"town": _pk_param(request, "ort")}
    )
    form = _bound(request, f.DistrictForm, initial=initial, towns=selectors.tenant_towns(actor))

    def write(data):
        if district is None:
            services.district_create(actor=actor, **data)
        else:
            services.district_update(actor=actor, district=district, **data)

    if _saved(form, write):
        messages.success(request, _("Der Stadtteil wurde gespeichert."))
        return redirect("accounts:admin_towns")
    title = _("Stadtteil anlegen") if district is None else str(district)
    return _form_page(request, "towns", form, title=title, back=reverse("accounts:admin_towns"))


# Catalogues (kim.core.catalogues) ---------------------------------------------------------


def _catalogue(key: str):
    catalogue = get_catalogue(key)
    if catalogue is None:
        raise Http404
    return catalogue


@login_required
def catalogue(request, key):
    actor = _admin(request)
    cat = _catalogue(key)
    entries = list(selectors.catalogue_entries(actor, cat))
    for entry in entries:
        entry.text = getattr(entry, cat.text_field) if cat.text_field else ""
    return _page(
        request,
        "accounts/admin/catalogue.html",
        cat.key,
        {"catalogue": cat, "entries": entries},
    )


@login_required
def catalogue_edit(request, key, pk=None):
    actor = _admin(request)
    cat = _catalogue(key)
    entries = selectors.catalogue_entries(actor, cat)
    entry = get_object_or_404(entries, pk=pk) if pk is not None else None
    initial = {"active": True}
    if entry is not None:
        initial = {"name": entry.name, "active": entry.active}
        if cat.text_field:
            initial["text"] = getattr(entry, cat.text_field)
    form = _bound(
        request, f.CatalogueEntryForm, catalogue=cat, creating=entry is None, initial=initial
    )

    def write(data):
        values = {"name": data["name"], "active": data["active"], "text": data.get("text", "")}
        if entry is None:
            services.catalogue_create(actor=actor, catalogue=cat, code=data["code"], **values)
        else:
            services.catalogue_update(actor=actor, catalogue=cat, entry=entry, **values)

    if _saved(form, write):
        messages.success(request, str(cat.saved_message))
        return redirect("accounts:admin_catalogue", cat.key)
    return _form_page(
        request,
        cat.key,
        form,
        title=str(cat.create_label) if entry is None else entry.name,
        back=reverse("accounts:admin_catalogue", args=[cat.key]),
        intro=_("Kürzel: %(code)s") % {"code": entry.code} if entry else "",
    )


@login_required
@require_POST
def catalogue_move(request, key, pk):
    actor = _admin(request)
    cat = _catalogue(key)
    entry = get_object_or_404(selectors.catalogue_entries(actor, cat), pk=pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.catalogue_move(actor=actor, catalogue=cat, entry=entry, direction=direction)
    return redirect(reverse("accounts:admin_catalogue", args=[cat.key]) + f"#eintrag-{entry.pk}")


# Roles --------------------------------------------------------------------------------------


@login_required
def roles(request):
    actor = _admin(request)
    rows = [
        {
            "role": role,
            "permissions": [PERMISSIONS.get(code, code) for code in role.permissions or []],
        }
        for role in selectors.roles_with_member_counts(actor)
    ]
    return _page(request, "accounts/admin/roles.html", "roles", {"rows": rows})
