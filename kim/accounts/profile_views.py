"""The profile page of every logged-in user: own units and roles, password, API tokens."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kim.accounts import selectors, services
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.forms import KernFormMixin, add_service_errors
from kim.core.views import crumbs


class KernPasswordChangeForm(KernFormMixin, PasswordChangeForm):
    """Django's form (checks the old password and the validators), with KERN markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = gettext_lazy("Bisheriges Passwort")
        self.fields["new_password1"].label = gettext_lazy("Neues Passwort")
        self.fields["new_password2"].label = gettext_lazy("Neues Passwort wiederholen")
        # Django's help text is an HTML list; ours is one plain sentence.
        self.fields["new_password1"].help_text = gettext_lazy(
            "Mindestens 12 Zeichen, nicht nur Ziffern, kein gängiges Passwort und nicht "
            "ähnlich zu Ihrem Namen."
        )


class TokenForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Bezeichnung"),
        max_length=100,
        help_text=gettext_lazy("Wofür das Token dient, z. B. „Statistik-Export“."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Gültigkeit in Tagen"),
        min_value=1,
        max_value=services.TOKEN_MAX_DAYS,
        initial=services.TOKEN_DEFAULT_DAYS,
        help_text=gettext_lazy("1 bis 365 Tage."),
    )


def _may_create_tokens(user) -> bool:
    return user.is_active and (not user.is_demo or settings.DEMO_MODE)


def _profile_page(request, *, token_form=None, new_token=None):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": list(selectors.own_memberships(user)),
            "tokens": list(selectors.own_tokens(user)),
            "token_form": token_form or TokenForm(),
            "may_create_tokens": _may_create_tokens(user),
            "new_token": new_token,
            "reminders_form": RemindersForm(
                initial={"followup_reminders": user.followup_reminders}
            ),
            "nav_active": "profile",
            "breadcrumbs": crumbs((_("Mein Profil"), None)),
        },
    )


@login_required
def profile(request):
    return _profile_page(request)


@login_required
def password_change(request):
    actor = get_actor(request.user)
    if request.method == "POST":
        form = KernPasswordChangeForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.password_change_own(
                    actor=actor, password=form.cleaned_data["new_password1"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, _("Ihr Passwort wurde geändert."))
                return redirect("accounts:profile")
    else:
        form = KernPasswordChangeForm(request.user)
    return render(
        request,
        "accounts/profile_password.html",
        {
            "form": form,
            "nav_active": "profile",
            "breadcrumbs": crumbs(
                (_("Mein Profil"), reverse("accounts:profile")), (_("Passwort ändern"), None)
            ),
        },
    )


@never_cache
@login_required
@require_POST
def token_create(request):
    """Shows the new token in this response only; it is never stored or shown again."""
    actor = get_actor(request.user)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.api_token_create(
                actor=actor, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            return _profile_page(request, new_token={"token": token, "raw": raw})
    return _profile_page(request, token_form=form)


@login_required
@require_POST
def token_revoke(request, pk):
    actor = get_actor(request.user)
    token = get_object_or_404(selectors.own_tokens(request.user), pk=pk)
    services.api_token_revoke(actor=actor, token=token)
    messages.success(request, _("Das Token „%(name)s“ wurde widerrufen.") % {"name": token.name})
    return redirect(reverse("accounts:profile") + "#tokens")


class RemindersForm(KernFormMixin, forms.Form):
    followup_reminders = forms.BooleanField(
        label=gettext_lazy(
            "E-Mail-Erinnerung an fällige Wiedervorlagen (ohne Namen, nur Anzahl und Link)"
        ),
        required=False,
    )


@login_required
@require_POST
def reminders(request):
    form = RemindersForm(request.POST)
    form.is_valid()  # a checkbox cannot be invalid
    enabled = form.cleaned_data.get("followup_reminders", False)
    services.own_reminders_set(actor=get_actor(request.user), enabled=enabled)
    messages.success(
        request,
        _("E-Mail-Erinnerungen sind eingeschaltet.")
        if enabled
        else _("E-Mail-Erinnerungen sind ausgeschaltet."),
    )
    return redirect("accounts:profile")
