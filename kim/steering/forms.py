from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernFormMixin
from kim.steering.selectors import DIMENSIONS, ROW_DIMENSIONS


class BarrierOverviewForm(KernFormMixin, forms.Form):
    """What the overview shows: one year (whole years only – free date ranges would let
    two overlapping views be subtracted), the rows and the columns."""

    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int)
    zeilen = forms.ChoiceField(
        label=_("Zeilen"), choices=[(key, DIMENSIONS[key]) for key in ROW_DIMENSIONS]
    )
    spalten = forms.ChoiceField(
        label=_("Spalten"), choices=[(key, label) for key, label in DIMENSIONS.items()]
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(year, str(year)) for year in years]

    def clean(self):
        data = super().clean()
        if data.get("zeilen") and data.get("zeilen") == data.get("spalten"):
            self.add_error("spalten", _("Zeilen und Spalten brauchen zwei verschiedene Merkmale."))
        return data
