from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernFormMixin

SURVIVOR, MERGED = "survivor", "merged"


class MergeForm(KernFormMixin, forms.Form):
    """Confirm a reviewed merge: which value survives where the records differ, and why.

    `choices` are the keys of the differing field groups with their default
    (SURVIVOR or MERGED); the review page renders their radios in the table of
    both records.
    """

    plan = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel „doppelt registriert, gleicher Pass“."),
        error_messages={"required": _("Bitte geben Sie eine Begründung an.")},
    )

    def __init__(self, *args, choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, default in choices.items():
            self.fields[f"take_{key}"] = forms.ChoiceField(
                choices=[(SURVIVOR, SURVIVOR), (MERGED, MERGED)],
                initial=default,
                widget=forms.RadioSelect,
                error_messages={"required": _("Bitte wählen Sie einen der beiden Werte.")},
            )

    def taken_from_merged(self) -> set[str]:
        return {
            name.removeprefix("take_")
            for name, value in self.cleaned_data.items()
            if name.startswith("take_") and value == MERGED
        }


class DismissForm(KernFormMixin, forms.Form):
    prefix = "verschieden"  # its reason shares the review page with the merge's
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel „Geschwister mit ähnlichem Namen“."),
    )
