"""The English locale is complete: every message in locale/en has a translation."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str]]:
    entries, msgid, msgstr, current = [], None, None, None
    for line in [*text.splitlines(), ""]:
        if line.startswith("msgid "):
            if msgid is not None:
                entries.append((msgid, msgstr or ""))
            msgid, msgstr, current = line[7:-1], None, "id"
        elif line.startswith("msgstr "):
            msgstr, current = line[8:-1], "str"
        elif line.startswith("msgstr["):  # plural forms: every form must be filled
            form = line.split(" ", 1)[1][1:-1]
            msgstr = form if (msgstr is None or msgstr) and form else ""
            current = "str"
        elif line.startswith('"') and current == "id":
            msgid = (msgid or "") + line[1:-1]
        elif line.startswith('"') and current == "str":
            msgstr = (msgstr or "") + line[1:-1]
    if msgid is not None:
        entries.append((msgid, msgstr or ""))
    return [(i, s) for i, s in entries if i]


def test_every_message_has_an_english_translation():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 50
    assert [msgid for msgid, msgstr in entries if not msgstr] == []


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("我要咨询") == "Ask a question"
        assert translation.gettext("跳到主要内容") == "Skip to main content"
