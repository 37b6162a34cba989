"""'Hürde melden' inside the contact form (kim.cases.contact_extensions)."""


def register_barrier_on_contact() -> None:
    from kim.cases.contact_extensions import ContactExtension, register_contact_extension
    from kim.planning.forms import BarrierInlineForm
    from kim.planning.services import barrier_flag

    def save(*, actor, case, contact, form):
        data = form.barrier_data()
        if not data:
            return False
        barrier_flag(
            actor=actor,
            case=case,
            flagged_on=contact.date,
            source="contact",
            source_id=contact.pk,
            **data,
        )
        return True

    register_contact_extension(
        ContactExtension(
            key="barrier",
            form=lambda data, *, tenant_id: BarrierInlineForm(data, tenant_id=tenant_id),
            template="planning/_barrier_inline.html",
            context_name="barrier_form",
            save=save,
        )
    )
