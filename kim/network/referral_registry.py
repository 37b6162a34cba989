"""Where the referral part of the network app hooks into the others (called from
`NetworkConfig.ready`): its abilities, the case page and start page sections,
the "Vermitteln" link on the support plan's actions and the follow-up source."""

from django.apps import apps


def register_referrals() -> None:
    from kim.network import referral_abilities, referral_sections  # noqa: F401 - registers
    from kim.planning.action_links import register_action_links

    register_action_links(referral_sections.referral_action_links)
    if apps.is_installed("kim.followups"):
        from kim.network.referral_followups import register_followup_source

        register_followup_source()
