"""HTML to PDF with WeasyPrint, in the platform's typeface, fetching nothing from outside.

WeasyPrint needs Pango and HarfBuzz from the system (Debian: libpango-1.0-0,
libpangoft2-1.0-0, libharfbuzz-subset0). Without them its import fails; the
platform keeps running and the PDF pages say so (`unavailable_reason`).
"""

import functools
import logging
import re
from io import BytesIO
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

STYLESHEET = "reports/summary.css"
# The KERN typeface (Fira Sans) as built by scripts/build_assets.sh. Only the
# faces the document uses: each one is installed for every PDF.
FONT_FACES = [
    ("FiraSans-Regular.woff2", 400, "normal"),
    ("FiraSans-Italic.woff2", 400, "italic"),
    ("FiraSans-SemiBold.woff2", 600, "normal"),
]
FONT_DIR = "vendor/kern/fonts/fira-sans"


@functools.cache
def _weasyprint():
    """The weasyprint module, or the reason it cannot be loaded (once per process)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: a system library is missing
        logger.warning("WeasyPrint nicht verfügbar: %s", error)
        return None, str(error)
    # One INFO line per page and per font otherwise: noise in the server log.
    for name in ("weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return weasyprint, ""


def unavailable_reason() -> str:
    """Empty when PDFs can be made; else why not (for the log and the tests)."""
    return _weasyprint()[1]


@functools.cache
def _fonts() -> dict[str, bytes]:
    """The Fira Sans faces as TrueType, by the file URL the stylesheet names.

    Decompressing WOFF2 takes about a second per face: done once per process,
    not for every PDF. Without built assets there are none, and the
    stylesheet's fallback fonts apply.
    """
    from fontTools.ttLib import woff2

    fonts = {}
    for name, _weight, _style in FONT_FACES:
        found = finders.find(f"{FONT_DIR}/{name}")
        if not found:
            logger.warning("Schrift %s fehlt (make assets): PDF mit Ersatzschrift.", name)
            continue
        out = BytesIO()
        with open(found, "rb") as woff:
            woff2.decompress(woff, out)
        fonts[Path(found).resolve().as_uri()] = out.getvalue()
    return fonts


def _font_css(fonts: dict[str, bytes]) -> str:
    by_name = {url.rsplit("/", 1)[-1]: url for url in fonts}
    return "\n".join(
        "@font-face { font-family: 'Fira Sans'; "
        f"src: url('{by_name[name]}'); font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FONT_FACES
        if name in by_name
    )


def _css_string(text: str) -> str:
    """A CSS string literal; every character but ASCII letters, digits and spaces escaped.

    The space after each escape ends it and is not part of the text.
    """
    return (
        '"'
        + "".join(
            c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in text
        )
        + '"'
    )


def _css_lines(lines: list[str]) -> str:
    return ' "\\A " '.join(_css_string(line) for line in lines if line)


def margin_boxes(*, top_left: list[str], top_right: list[str], bottom_left: str) -> str:
    """Page header and footer of every page, with "Seite x von y" at the bottom right.

    Margin boxes hold text only; they cost far less layout time than running
    elements on a document of many pages.
    """
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    numbering = " ".join(
        counters.get(part) or _css_string(part)
        for part in re.split(r"(\{page\}|\{pages\})", _("Seite {page} von {pages}"))
        if part
    )
    return (
        "@page {"
        f" @top-left {{ content: {_css_lines(top_left)}; }}"
        f" @top-right {{ content: {_css_lines(top_right)}; }}"
        f" @bottom-left {{ content: {_css_string(bottom_left)}; }}"
        f" @bottom-right {{ content: {numbering}; }}"
        " }"
    )


def render_pdf(html: str, *, page_css: str = "") -> bytes:
    """The PDF of a document rendered from a template of ours.

    The fetcher allows only the stylesheet and font files: a document never
    loads anything else (no images, no links to other hosts), whatever its
    text contains.
    """
    weasyprint, reason = _weasyprint()
    if weasyprint is None:
        raise RuntimeError(reason)
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    stylesheet = Path(finders.find(STYLESHEET)).resolve()
    fonts = _fonts()

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url in fonts:
                return URLFetcherResponse(url, body=fonts[url])
            if url != stylesheet.as_uri():
                raise ValueError(f"Nicht erlaubte Adresse im PDF: {url[:80]}")
            return super().fetch(url, headers)

    fetcher = LocalFilesOnly(allowed_protocols={"file"})
    font_config = FontConfiguration()
    stylesheets = [
        weasyprint.CSS(string=_font_css(fonts), font_config=font_config, url_fetcher=fetcher),
        weasyprint.CSS(filename=str(stylesheet), font_config=font_config, url_fetcher=fetcher),
        weasyprint.CSS(string=page_css, font_config=font_config, url_fetcher=fetcher),
    ]
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)
