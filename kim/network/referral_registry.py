"""Where the referral part of the network app hooks into the others (called from
`NetworkConfig.ready`): its abilities."""


def register_referrals() -> None:
    from kim.network import referral_abilities  # noqa: F401 - imported to register
