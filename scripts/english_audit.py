#!/usr/bin/env python
"""How much of the interface is still Chinese on English pages (a measure for the i18n work).

Signs in as each demo role, opens that role's pages with the language set to English, and counts
the interface elements (labels, buttons, table headers, legends, headings, menu links, hints,
placeholders) whose text still contains Han characters. Data (names, statutes, the citizen's own
words) sits in other elements and is not counted, so the figure is close to "untranslated chrome".

    DEBUG=1 DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python scripts/english_audit.py [--show N]

Run it on a database that `manage.py prepare_demo` filled."""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HAN = re.compile(r"[\u3400-\u9fff]")
LINK = re.compile(r'href="(/[^"?#]*)"')
# Downloads, sign-out and the admin are not pages of the interface to audit.
SKIP = ("/static/", "/media/", "/accounts/", "/admin/", "/api/")
# Options are left out: most are data (places, people), and choice labels show up again elsewhere.
CHROME = {"label", "button", "th", "legend", "h1", "h2", "h3", "summary", "caption", "dt"}
LANGUAGE_NAMES = {"中文"}  # the language switch names each language in itself
HINT_CLASSES = ("hint", "help", "error", "tag", "badge", "nav")


class ChromeText(HTMLParser):
    """Collects the text of interface elements and the placeholder/aria-label/value of inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.found: list[str] = []
        self.buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        chrome = tag in CHROME or (tag == "a" and "nav" in classes) or any(c in classes for c in HINT_CLASSES)
        for name in ("placeholder", "aria-label", "title"):
            if attributes.get(name) and HAN.search(attributes[name] or ""):
                self.found.append(f"@{name}: {attributes[name]}")
        if (
            tag == "input"
            and attributes.get("type") in {"submit", "button"}
            and HAN.search(attributes.get("value") or "")
        ):
            self.found.append(f"@value: {attributes['value']}")
        if tag in {"input", "br", "img", "meta", "link", "hr"}:
            return
        self.stack.append(chrome)
        if chrome and len([c for c in self.stack if c]) == 1:
            self.buffer = []

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        chrome = self.stack.pop()
        if chrome and not any(self.stack):
            text = " ".join("".join(self.buffer).split())
            if HAN.search(text) and text not in LANGUAGE_NAMES:
                self.found.append(text[:80])

    def handle_data(self, data: str) -> None:
        if any(self.stack):
            self.buffer.append(data)


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from gongfa.accounts.models import User

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="list the first N untranslated texts of each page")
    parser.add_argument("--crawl", type=int, default=0, help="also open up to N pages each role's pages link to")
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    pages = {
        None: ["portal:home", "catalog:list", "portal:qa"],
        "window_staff": ["workbench:queue", "workbench:intake", "workbench:supervision"],
        "hotline_agent": ["workbench:hotline"],
        "supervisor": ["workbench:overview", "workbench:supervision", "workbench:queue", "workbench:outreach_home"],
        "legal_aid_reviewer": ["workbench:legal_aid_queue", "workbench:legal_aid_new"],
        "mediator": ["workbench:mediation"],
        "village_advisor": ["workbench:home"],
        "lawyer": ["workbench:home"],
        "notary_clerk": ["workbench:home"],
        "notary": ["workbench:home"],
        "appraiser": ["workbench:home"],
        "citizen": ["portal:home", "portal:my_items"],
    }
    totals: collections.Counter[str] = collections.Counter()
    for role, names in pages.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if role is not None:
            user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
            if user is None:
                print(f"(no {role} in this database)")
                continue
            client.force_login(user)
        urls: list[str] = []
        for name in names:
            try:
                urls.append(reverse(name))
            except Exception as exc:
                print(f"{name}: {exc}")
        crawled = 0
        seen = set(urls)
        while urls:
            url = urls.pop(0)
            response = client.get(url, follow=True)
            if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
                continue  # a download
            html = response.content.decode(errors="replace")
            if crawled < options.crawl:
                for link in LINK.findall(html):
                    if link not in seen and not link.startswith(SKIP) and crawled < options.crawl:
                        seen.add(link)
                        urls.append(link)
                        crawled += 1
            chrome = ChromeText()
            chrome.feed(html)
            totals[f"{role or 'anonymous'} {url}"] = len(chrome.found)
            print(f"{len(chrome.found):5d}  {role or 'anonymous':<20} {url} ({response.status_code})")
            for text in chrome.found[: options.show]:
                print(f"         {text}")
    print(f"{sum(totals.values()):5d}  interface texts still in Chinese on {len(totals)} English pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
