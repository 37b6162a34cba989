"""Background work of the steering level: writing the half-year report."""

from django_tasks import task

from kim.steering.report import generate


@task()
def build_steering_report(report_id: int, what: str) -> str:
    """Write the report's draft or figures; the report page shows the progress."""
    return generate(report_id, what)
