"""Form helpers: KERN markup for every widget, German error summaries."""

from django import forms
from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    form_template_name = "kim/forms/form.html"
    field_template_name = "kim/forms/field.html"


def _widget_class(widget) -> str:
    # CheckboxSelectMultiple subclasses RadioSelect: test it first.
    if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "kern-form-check__radio"
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        return "kern-form-input__select"
    return "kern-form-input__input"


class KernBoundField(forms.BoundField):
    """Adds the KERN class and its error variant to the widget.

    Django links help text and error message through aria-describedby
    (ids `<id>_helptext` and `<id>_error`, as the field template uses).
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = _widget_class(widget or self.field.widget)
        classes = [css, attrs.get("class", "")]
        if self.errors:
            classes.append(f"{css}--error")
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs


class KernFormMixin:
    bound_field_class = KernBoundField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form, error) -> None:
    """Show a ValidationError raised by a service on the form, next to its field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)
