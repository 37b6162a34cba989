"""Links that other apps add to the rows of the support plan's action table.

Planning does not know who builds on it: an app (the network's referrals, for
example: "Vermitteln") registers a provider `provider(actor, case, actions) ->
{action_id: [ActionLink, …]}` in its AppConfig.ready(). A provider answers for
all rows of the table at once, so it can stay within one query.
"""

from collections.abc import Callable
from dataclasses import dataclass

_PROVIDERS: list[Callable] = []


@dataclass(frozen=True)
class ActionLink:
    label: str
    url: str


def register_action_links(provider: Callable) -> Callable:
    _PROVIDERS.append(provider)
    return provider


def attach_action_links(actor, case, actions: list) -> None:
    """Sets `action.extra_links` on every action of the table."""
    for action in actions:
        action.extra_links = []
    if not actions:
        return
    by_id = {action.pk: action for action in actions}
    for provider in _PROVIDERS:
        for action_id, links in provider(actor, case, actions).items():
            if action_id in by_id:
                by_id[action_id].extra_links.extend(links)
