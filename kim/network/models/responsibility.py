"""Responsibilities (Zuständigkeiten): which office answers for what, maintained as data.

A row says: for this field of action (or any), this legal domain (or any) and
this town (or every town of the tenant), this organisation – optionally one of
its services – is responsible, between two dates. The finder
(`kim.network.finder`) takes the most specific row valid on the day.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kim.core.models import FieldOfAction, Organisation, TenantModel, Town
from kim.network.models.directory import Service
from kim.people.models import LegalDomain


class Responsibility(TenantModel):
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leer: für jedes Handlungsfeld."),
    )
    legal_domain = models.CharField(
        _("Rechtskreis"),
        max_length=10,
        choices=LegalDomain.choices,
        blank=True,
        help_text=_("Leer: für jeden Rechtskreis."),
    )
    town = models.ForeignKey(
        Town,
        verbose_name=_("Ort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leer: für alle Orte der Kommune."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Zuständige Stelle"),
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("Angebot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
    )
    note = models.CharField(_("Hinweis"), max_length=500, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["field__position", "legal_domain", "town__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="responsibility_period_order",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "field", "legal_domain"], name="responsibility_lookup"),
        ]

    def __str__(self):
        return f"{self.field or '*'} / {self.legal_domain or '*'} / {self.town or '*'}"
