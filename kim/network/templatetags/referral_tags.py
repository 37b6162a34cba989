"""`{% referral_rollup service %}`: the referral figures of a service, for the
directory's service page (anonymous counts, small numbers suppressed)."""

from django import template

from kim.network.referral_statistics import service_rollup

register = template.Library()


@register.inclusion_tag("network/referrals/_service_rollup.html")
def referral_rollup(service):
    return {"rollup": service_rollup(service), "service": service}
