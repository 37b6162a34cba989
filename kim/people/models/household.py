"""Family ties between persons and the households they live in."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import TenantModel
from kim.people.models.person import Person


class PersonRelation(TenantModel):
    """A tie between two persons, stored once: `related` is the `kind` of `person`.

    The other side is derived through `INVERSE` (the child's page shows the
    parent), so the two directions can never disagree.
    """

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner*in")
        CHILD = "child", _("Kind")
        PARENT = "parent", _("Elternteil")
        SIBLING = "sibling", _("Geschwister")
        OTHER = "other", _("andere Beziehung")

    INVERSE = {
        Kind.PARTNER: Kind.PARTNER,
        Kind.CHILD: Kind.PARENT,
        Kind.PARENT: Kind.CHILD,
        Kind.SIBLING: Kind.SIBLING,
        Kind.OTHER: Kind.OTHER,
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_from")
    related = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(_("Beziehung"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("Anmerkung"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Beziehung")
        verbose_name_plural = _("Beziehungen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=F("related")), name="relation_not_to_oneself"
            ),
            models.UniqueConstraint(fields=["person", "related"], name="relation_unique_pair"),
        ]
        indexes = [
            models.Index(fields=["tenant", "person"], name="relation_person"),
            models.Index(fields=["tenant", "related"], name="relation_related"),
        ]

    def __str__(self):
        return f"{self.related} ({self.get_kind_display()}) – {self.person}"

    def kind_seen_from(self, person_id: int) -> str:
        """What the other person is to `person_id`."""
        return self.kind if person_id == self.person_id else self.INVERSE[self.kind]

    def other_id(self, person_id: int) -> int:
        return self.related_id if person_id == self.person_id else self.person_id


class Household(TenantModel):
    """Persons living together (Haushalt / Bedarfsgemeinschaft in the wider sense)."""

    name = models.CharField(
        _("Bezeichnung"),
        max_length=150,
        blank=True,
        help_text=_("Zum Beispiel „Familie Haddad“. Ohne Angabe: Haushalt mit Nummer."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Haushalt")
        verbose_name_plural = _("Haushalte")

    def __str__(self):
        return self.name or str(_("Haushalt Nr. %(id)s") % {"id": self.pk})


class HouseholdMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships that hold on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class HouseholdMember(TenantModel):
    """A person's stay in a household, from moving in until moving out."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="household_memberships"
    )
    valid_from = models.DateField(_("im Haushalt seit"))
    valid_until = models.DateField(_("im Haushalt bis"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Haushaltsmitglied")
        verbose_name_plural = _("Haushaltsmitglieder")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="householdmember_period_order",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "person"], name="householdmember_person"),
            models.Index(fields=["household", "valid_from"], name="householdmember_household"),
        ]

    def __str__(self):
        return f"{self.person} in {self.household}"
