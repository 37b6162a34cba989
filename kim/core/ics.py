"""Calendar files (iCalendar, RFC 5545) with one event, times in UTC: meeting invitations
of the steering bodies and appointments at the authority share the format."""

from datetime import UTC, datetime

from django.utils import timezone


def ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines of at most 75 octets, continued with a leading space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def ics_event(
    *,
    product: str,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str,
    description: str,
    cancelled: bool,
    sequence: int,
) -> str:
    """The calendar file of one event; a cancelled event keeps its UID so that a calendar
    that has it marks it cancelled."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//KIM-Plattform//{product}//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{ics_time(timezone.now())}",
        f"DTSTART:{ics_time(starts_at)}",
        f"DTEND:{ics_time(ends_at)}",
        f"SUMMARY:{ics_text(summary)}",
        f"LOCATION:{ics_text(location)}",
        f"DESCRIPTION:{ics_text(description)}",
        "STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED"),
        f"SEQUENCE:{sequence}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
