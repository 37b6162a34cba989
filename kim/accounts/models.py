"""Users, roles (data) and memberships in units."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import Tenant, Unit
from kim.core.permissions import DEFAULT_ROLES, PERMISSIONS


class User(AbstractUser):
    """A person who logs in. Belongs to exactly one tenant (none: platform operator)."""

    tenant = models.ForeignKey(
        Tenant, verbose_name=_("Kommune"), on_delete=models.PROTECT, null=True, blank=True
    )
    followup_reminders = models.BooleanField(
        _("E-Mail-Erinnerung an fällige Wiedervorlagen"), default=True
    )
    is_demo = models.BooleanField(
        default=False, help_text=_("Demo-Konto; meldet sich nur im Demo-Modus an.")
    )

    class Meta:
        verbose_name = _("Benutzer*in")
        verbose_name_plural = _("Benutzer*innen")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.Model):
    """A role is data: a name and the permission codes it grants."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    permissions = models.JSONField(_("Berechtigungen"), default=list)

    class Meta:
        verbose_name = _("Rolle")
        verbose_name_plural = _("Rollen")
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the user's language: the seeded roles have translated labels."""
        default = DEFAULT_ROLES.get(self.code)
        return str(default[0]) if default else self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = sorted(set(self.permissions) - set(PERMISSIONS))
        if unknown:
            raise ValidationError(
                {"permissions": _("Unbekannte Berechtigung: %s") % ", ".join(unknown)}
            )


class Membership(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, verbose_name=_("Einheit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("Rolle"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.unit} ({self.role})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token; only its hash is stored. Shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, name, expires_at=None):
        raw = "kim_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[4:12],
            token_hash=hash_token(raw),
            expires_at=expires_at,
        )
        return token, raw

    @property
    def is_valid(self):
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
