"""The light markup of the report's text fields, read into blocks that the page, the
PDF and the DOCX lay out alike.

Plain text stays plain text: a blank line ends a paragraph, a line starting with
"## " is a heading, "- " (or "* ") a bullet and "1. " a numbered item. Nothing else
is interpreted, so whatever a user types shows as typed – no HTML, no links.
"""

import re
from dataclasses import dataclass, field

NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")
BULLET = re.compile(r"^[-*•]\s+")


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "bullets" or "numbers"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """The blocks of a text field, in order; empty lines and stray spaces dropped."""
    result: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph():
        if paragraph:
            result.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            end_paragraph()
            continue
        if line.startswith("#"):
            end_paragraph()
            heading = line.lstrip("#").strip()
            if heading:
                result.append(Block("heading", heading))
            continue
        kind, item = _list_item(line)
        if kind:
            end_paragraph()
            if result and result[-1].kind == kind and not paragraph:
                result[-1].items.append(item)
            else:
                result.append(Block(kind, items=[item]))
            continue
        if (
            result
            and result[-1].kind in ("bullets", "numbers")
            and not paragraph
            and raw[:1] == " "
        ):
            # An indented line continues the list item above it.
            result[-1].items[-1] += " " + line
            continue
        paragraph.append(line)
    end_paragraph()
    return result


def _list_item(line: str) -> tuple[str, str]:
    if match := BULLET.match(line):
        return "bullets", line[match.end() :].strip()
    if match := NUMBERED.match(line):
        return "numbers", line[match.end() :].strip()
    return "", ""
