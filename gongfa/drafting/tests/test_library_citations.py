"""Every article a shipped template shows (its basis, a question's statute, a computed value's rule)
passes the citation check against the statute corpus: it exists and is in force."""

from __future__ import annotations

import datetime

import pytest

from gongfa.drafting.compute import FUNCTIONS
from gongfa.drafting.definitions import load_definitions
from gongfa.drafting.library import FOLDER

# Judicial interpretations are not in the national-law corpus (378 laws): the citation check cannot
# vouch for them, so each is named here, with its source, and reviewed by hand.
NOT_IN_CORPUS = {
    # 法释〔2020〕17号, 2020年12月29日修正, 第二十五条: 四倍LPR.
    "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条",
}


@pytest.fixture
def corpus(db, time_machine):
    from gongfa.knowledge.services import import_statutes
    from gongfa.knowledge.sources import bundled_database, read_sqlite

    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC))
    path, source = bundled_database()
    import_statutes(read_sqlite(path), source=source, today=datetime.date(2026, 11, 24))


def test_every_article_a_template_shows_is_in_force(corpus):
    from gongfa.knowledge.citations import check_citations

    cited = sorted({c for d in load_definitions(FOLDER, FUNCTIONS) for c in d.statutes()} - NOT_IN_CORPUS)
    assert len(cited) >= 12
    wrong = {}
    for citation in cited:
        checks = check_citations(citation)
        if len(checks) != 1 or not checks[0].is_valid:
            wrong[citation] = [str(check.verdict) for check in checks]
    assert wrong == {}
