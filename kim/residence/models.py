"""What the pre-check of a person works with beyond the person record: facts entered
only for the check (test passed, commitment, benefits …), kept for the next check and
for the potential lists."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import TenantModel


class CheckFacts(TenantModel):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="check_facts"
    )
    # {fact: JSON value}; dates as ISO strings. Only what was entered for the check:
    # facts read from the person record are read again at every check.
    facts = models.JSONField(_("Angaben für die Vorprüfung"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Angaben für die Vorprüfung")
        verbose_name_plural = _("Angaben für Vorprüfungen")
