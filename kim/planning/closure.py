"""What planning asks before a case is closed: every goal is evaluated."""

from django.utils.translation import ngettext

from kim.planning.selectors import unevaluated_goals


def goals_not_evaluated(case) -> list[str]:
    """A closure check: German sentences naming the goals still to evaluate, or []."""
    missing = unevaluated_goals(case)
    if not missing:
        return []
    names = ", ".join(f"„{goal.wording}“" for goal in missing)
    return [
        ngettext(
            "Ein Ziel ist noch nicht bewertet: %(goals)s. Bewerten Sie es im Hilfeplan unter „Ziele bewerten“.",
            "%(count)s Ziele sind noch nicht bewertet: %(goals)s. Bewerten Sie sie im Hilfeplan unter „Ziele bewerten“.",
            len(missing),
        )
        % {"count": len(missing), "goals": names}
    ]
