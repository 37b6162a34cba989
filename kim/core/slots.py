"""Page slots filled by the apps.

A page that shows parts owned by other apps (the start page, the person page)
asks its slot for sections. Each app registers providers
`provider(actor, obj) -> Section | None` in its AppConfig.ready(), so that
core and people need not import the apps that build on them.

The case page is cut into tabs (server-rendered sub-pages): a provider of its
main column names the tab it belongs to, and only the providers of the tab
being shown run, so a tab costs what it shows.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

START = "start"
PERSON_DETAIL = "person_detail"
CASE_DETAIL = "case_detail"  # main column of the case page
CASE_ASIDE = "case_aside"  # side column of the case page, on every tab
REFERRAL_DETAIL = "referral_detail"  # the case management's page of a referral
PARTNER_REFERRAL = "partner_referral"  # a referral in the receiving partner's inbox

# The case page's tabs, in the order they are shown.
CASE_TAB_OVERVIEW = "overview"  # intake, contact history
CASE_TAB_PLAN = "plan"  # assessment, goals and actions, barriers
CASE_TAB_NETWORK = "network"  # responsible offices, referrals, case conferences
CASE_TAB_FILE = "file"  # documents, members, shares, hand-overs, phase history
CASE_TABS = (CASE_TAB_OVERVIEW, CASE_TAB_PLAN, CASE_TAB_NETWORK, CASE_TAB_FILE)


@dataclass
class Section:
    template: str
    order: int
    context: dict = field(default_factory=dict)


_PROVIDERS: dict[str, list[Callable]] = defaultdict(list)
_TABS: dict[Callable, str] = {}


def register(slot: str, *, tab: str | None = None):
    """Register a provider for `slot`; `tab` (one of CASE_TABS) only for the case
    page's main column, where every provider belongs to exactly one tab."""
    if (slot == CASE_DETAIL) != (tab is not None):
        raise ValueError("A provider of the case page's main column names its tab; others do not.")
    if tab is not None and tab not in CASE_TABS:
        raise ValueError(f"Unknown case page tab: {tab}")

    def decorator(provider: Callable) -> Callable:
        _PROVIDERS[slot].append(provider)
        if tab is not None:
            _TABS[provider] = tab
        return provider

    return decorator


def sections(slot: str, actor, obj=None, *, tab: str | None = None) -> list[Section]:
    """The sections of `slot` for `obj`, in order; with `tab`, only that tab's."""
    providers = _PROVIDERS[slot]
    if tab is not None:
        providers = [p for p in providers if _TABS.get(p) == tab]
    found = [s for provider in providers if (s := provider(actor, obj)) is not None]
    return sorted(found, key=lambda s: s.order)


def tab_of(provider: Callable) -> str | None:
    return _TABS.get(provider)
