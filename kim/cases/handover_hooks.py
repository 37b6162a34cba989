"""What other apps do when a case changes hands (an accepted handover).

A hook is `hook(*, actor, case, from_unit_id, old_manager_id, new_manager)` and
runs in the handover's transaction, after the case moved; e.g. follow-ups
pass the case's open follow-ups on to the new case manager. Apps register in
their AppConfig.ready(), so cases does not import them.
"""

from collections.abc import Callable

HandoverHook = Callable[..., None]

_HOOKS: list[HandoverHook] = []


def register_handover_hook(hook: HandoverHook) -> HandoverHook:
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def run_handover_hooks(**kwargs) -> None:
    for hook in _HOOKS:
        hook(**kwargs)
