"""Parts other apps add to the contact form, e.g. planning's "Hürde melden".

An extension gives a form factory, the template that renders it (with the form
under `context_name`) and a save function called in the same transaction as
the contact, after it was recorded; it returns whether it wrote something
(e.g. a barrier) that other sections of the case page show. Cases does not
import the apps that extend it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ContactExtension:
    key: str
    form: Callable  # (data | None, *, tenant_id) -> Form
    template: str
    context_name: str
    # (*, actor, case, contact, form) -> bool: whether it wrote something that
    # another part of the case page shows (then an inline save reloads the page).
    save: Callable


_EXTENSIONS: dict[str, ContactExtension] = {}


def register_contact_extension(extension: ContactExtension) -> ContactExtension:
    _EXTENSIONS[extension.key] = extension
    return extension


def contact_extensions() -> list[ContactExtension]:
    return list(_EXTENSIONS.values())
