"""Where the referral part of the network app hooks into the others (called from
`NetworkConfig.ready`): its abilities, the case page and start page sections and
the "Vermitteln" link on the support plan's actions."""


def register_referrals() -> None:
    from kim.network import referral_abilities, referral_sections  # noqa: F401 - registers
    from kim.planning.action_links import register_action_links

    register_action_links(referral_sections.referral_action_links)
