"""Where the referral part of the network app hooks into the others (called from
`NetworkConfig.ready`): its abilities, the case page and start page sections,
the "Vermitteln" link on the support plan's actions, the follow-up source and the
closure check (no case closed with open referrals)."""

from django.apps import apps


def register_referrals() -> None:
    from kim.cases.checks import register_closure_check
    from kim.network import referral_abilities, referral_sections  # noqa: F401 - registers
    from kim.network.referral_closure import open_referrals
    from kim.planning.action_links import register_action_links

    register_action_links(referral_sections.referral_action_links)
    register_closure_check(open_referrals)
    if apps.is_installed("kim.followups"):
        from kim.network.referral_followups import register_followup_source

        register_followup_source()
