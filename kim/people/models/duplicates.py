"""Duplicate records: the pairs the scan found, leads' decisions, and merges."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kim.core.models import TenantModel
from kim.people.models.person import Person


class PairQuerySet(models.QuerySet):
    def of(self, a_id: int, b_id: int):
        first, second = sorted((a_id, b_id))
        return self.filter(first_id=first, second_id=second)

    def involving(self, person_id: int):
        return self.filter(Q(first_id=person_id) | Q(second_id=person_id))


class PersonPair(TenantModel):
    """Two person records, stored once with the lower id first."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    objects = PairQuerySet.as_manager()

    class Meta:
        abstract = True

    def other(self, person_id: int) -> Person:
        return self.second if person_id == self.first_id else self.first


class DuplicatePair(PersonPair):
    """A probable duplicate found by the scan (`kim.people.services.duplicates`)."""

    score = models.PositiveSmallIntegerField(_("Übereinstimmung"))
    name_similarity = models.PositiveSmallIntegerField(default=0)
    factors = models.JSONField(default=list)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mögliche Dublette")
        verbose_name_plural = _("mögliche Dubletten")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicatepair_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="duplicatepair_order"),
        ]
        indexes = [
            models.Index(fields=["tenant", "-score", "id"], name="duplicatepair_score"),
            models.Index(fields=["second"], name="duplicatepair_second"),
        ]


class DuplicateScan(TenantModel):
    """One run of the scan over a tenant: when, how many, how long."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    persons = models.PositiveIntegerField(default=0)
    compared = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["tenant", "-finished_at"], name="duplicatescan_latest")]


class NotDuplicate(PersonPair):
    """A team lead's decision: these two records are different persons.

    Withdrawing keeps the row (who decided, who withdrew): the pair may then
    be found again.
    """

    reason = models.CharField(_("Begründung"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Entscheidung „kein Duplikat“")
        verbose_name_plural = _("Entscheidungen „kein Duplikat“")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=Q(withdrawn_at__isnull=True),
                name="notduplicate_unique_active",
            ),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="notduplicate_order"),
        ]
        indexes = [models.Index(fields=["tenant", "-decided_at"], name="notduplicate_decided")]


class PersonMerge(TenantModel):
    """`merged` was merged into `survivor`: who, when, why, and what moved.

    The merged record stays (invisible: no unit holds it any more), so its old
    address and the audit trail still lead somewhere.
    """

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("Begründung"), max_length=500)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    # {"moved": {Move.key: n}, "combined": {Move.key: n}, "aliases_added": n}
    moved = models.JSONField(default=dict)
    merged_data = models.JSONField(default=dict)  # the merged record's data and aliases
    taken_from_merged = models.JSONField(default=list)  # fields whose value came from it

    class Meta:
        verbose_name = _("Zusammenführung")
        verbose_name_plural = _("Zusammenführungen")
        indexes = [models.Index(fields=["tenant", "survivor"], name="personmerge_survivor")]

    @property
    def merged_record(self) -> Person:
        """The merged record's name and date of birth as the merge kept them (not saved):
        what it shows stays as it was when the lead merged, whatever happens later."""
        data = self.merged_data
        birth_date = data.get("birth_date")
        return Person(
            family_name=data.get("family_name", ""),
            given_names=data.get("given_names", ""),
            birth_date=date.fromisoformat(birth_date) if birth_date else None,
            birth_date_precision=data.get("birth_date_precision") or Person.DatePrecision.DAY,
        )
