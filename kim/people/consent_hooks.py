"""What other apps do when a consent is corrected.

A hook is `hook(*, actor, consent)` and runs in the correction's transaction,
after the consent was saved: e.g. cases ends the shares that rested on the
consent and are no longer covered by it. Apps register in their
AppConfig.ready(), so people does not import the apps that build on it.
Withdrawal needs no hook: every share and referral checks the consent's
validity whenever it is read.
"""

from collections.abc import Callable

ConsentHook = Callable[..., None]

_HOOKS: list[ConsentHook] = []


def register_consent_corrected(hook: ConsentHook) -> ConsentHook:
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def run_consent_corrected(*, actor, consent) -> None:
    for hook in _HOOKS:
        hook(actor=actor, consent=consent)
