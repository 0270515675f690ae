"""The English locale is complete: every message in locale/en has a translation, and the reader
behind this check and `make messages-check` (scripts/check_messages.py) reads catalogues right."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from gongfa.core.pofile import read_po

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    entries = read_po(PO.read_text(encoding="utf-8"))
    assert len(entries) > 50
    assert [entry.msgid for entry in entries if not entry.is_translated] == []


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("我要咨询") == "Ask a question"
        assert translation.gettext("跳到主要内容") == "Skip to main content"


SAMPLE = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: a.py:1
msgid "已办结"
msgstr "Closed"

#, fuzzy
msgid "办理中"
msgstr "Handling"

msgctxt "rating"
msgid "满意"
msgstr ""

msgid "%(n)s 件"
msgid_plural "%(n)s 件"
msgstr[0] "%(n)s case"
msgstr[1] ""

msgid ""
"很长的"
"一句话"
msgstr ""
"A long "
"sentence"

#~ msgid "废弃"
#~ msgstr ""
"""


def test_the_reader_finds_untranslated_fuzzy_and_half_translated_plural_entries():
    entries = {(entry.context, entry.msgid): entry for entry in read_po(SAMPLE)}
    assert set(entries) == {("", "已办结"), ("", "办理中"), ("rating", "满意"), ("", "%(n)s 件"), ("", "很长的一句话")}
    assert entries[("", "已办结")].is_translated
    assert entries[("", "很长的一句话")].translations == ["A long sentence"]
    assert entries[("", "办理中")].fuzzy and not entries[("", "办理中")].is_translated
    assert not entries[("rating", "满意")].is_translated
    assert entries[("", "%(n)s 件")].plural == "%(n)s 件"
    assert not entries[("", "%(n)s 件")].is_translated
