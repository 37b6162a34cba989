import json

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def query_replace(request, **kwargs):
    """The current query string with some parameters replaced."""
    params = request.GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.filter
def as_json(value):
    return json.dumps(value, ensure_ascii=False, default=str)
