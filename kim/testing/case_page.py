"""Reading the whole case page in tests: its tabs are sub-pages."""

from django.urls import reverse

TAB_URL_NAMES = ("cases:detail", "cases:plan", "cases:network", "cases:file")


class AllTabs:
    """The case page's tabs as one response-like object: `status_code` is the
    overview's, `content` the HTML of every tab the reader may open, in tab order.

    Checks on the way that a tab is linked exactly when it opens (200) and that a
    tab not linked answers 404."""

    def __init__(self, client, case_pk: int):
        overview = client.get(reverse(TAB_URL_NAMES[0], args=[case_pk]))
        self.status_code = overview.status_code
        self.tabs = {}
        if overview.status_code != 200:
            self.content = overview.content
            return
        first = overview.content.decode()
        parts = [first]
        self.tabs[TAB_URL_NAMES[0]] = first
        for name in TAB_URL_NAMES[1:]:
            url = reverse(name, args=[case_pk])
            response = client.get(url)
            linked = f'href="{url}"' in first
            assert response.status_code == (200 if linked else 404), (name, response.status_code)
            if response.status_code == 200:
                html = response.content.decode()
                self.tabs[name] = html
                parts.append(html)
        self.content = "\n".join(parts).encode()


def all_tabs(client, case) -> AllTabs:
    return AllTabs(client, getattr(case, "pk", case))
