"""Page slots filled by the apps.

A page that shows parts owned by other apps (the start page, the person page)
asks its slot for sections. Each app registers providers
`provider(actor, obj) -> Section | None` in its AppConfig.ready(), so that
core and people need not import the apps that build on them.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

START = "start"
PERSON_DETAIL = "person_detail"
CASE_DETAIL = "case_detail"  # main column of the case page
CASE_ASIDE = "case_aside"  # side column of the case page


@dataclass
class Section:
    template: str
    order: int
    context: dict = field(default_factory=dict)


_PROVIDERS: dict[str, list[Callable]] = defaultdict(list)


def register(slot: str):
    def decorator(provider: Callable) -> Callable:
        _PROVIDERS[slot].append(provider)
        return provider

    return decorator


def sections(slot: str, actor, obj=None) -> list[Section]:
    found = [s for provider in _PROVIDERS[slot] if (s := provider(actor, obj)) is not None]
    return sorted(found, key=lambda s: s.order)
