"""Citation check (引用核验): find every 《某法》第N条 in a text and say whether it exists and is in force.

Numbers may be written in any style (第一千一百六十五条, 第1165条, 第十七条之一), and one law
may be followed by several articles (《民法典》第一千零四十二条、第一千零四十三条). Used by the
citation-check endpoint and to vet generated answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils import timezone

from gongfa.core.errors import DomainError
from gongfa.knowledge.choices import CitationVerdict, LawStatus
from gongfa.knowledge.models import Article, Law, LawVersion
from gongfa.knowledge.numerals import CHINESE_NUMERAL, article_label, parse_article_number

NUMBER = rf"第\s*(?:[0-9０-９]+|[{CHINESE_NUMERAL}]+)\s*条(?:\s*之\s*(?:[0-9]+|[{CHINESE_NUMERAL}]+))?"
CITATION = re.compile(rf"《([^《》\n]{{1,80}})》\s*((?:{NUMBER})(?:\s*(?:[、，,]|和|及|与|以及)\s*(?:{NUMBER}))*)")
ONE_NUMBER = re.compile(NUMBER)
# Documents (an answer, a draft, a judgment excerpt) are longer than questions; this bounds the work.
CHECK_MAX_CHARS = 20_000


def clean_check_text(text: str | None) -> str:
    """The text to check, or a DomainError saying what is wrong with it."""
    text = (text or "").strip()
    if not text:
        raise DomainError("请输入要核验的文字。", code="text_required", field="text")
    if len(text) > CHECK_MAX_CHARS:
        raise DomainError(
            f"一次最多核验 {CHECK_MAX_CHARS} 个字，当前 {len(text)} 个字，请分段核验。",
            code="text_too_long",
            field="text",
        )
    return text


@dataclass(frozen=True)
class CitationCheck:
    cited: str  # as written: 《民法典》第1165条
    law_as_written: str
    label: str  # 第一千一百六十五条
    verdict: CitationVerdict
    law_name: str = ""  # the full name matched
    text: str = ""
    version_date: str = ""
    start: int = 0  # the whole 《…》第N条、第M条 this number was written in
    end: int = 0
    article: Article | None = field(default=None, compare=False, repr=False)  # the article found

    @property
    def verdict_label(self) -> str:
        return str(self.verdict.label)

    @property
    def is_valid(self) -> bool:
        return self.verdict == CitationVerdict.CURRENT


def law_index() -> dict[str, Law]:
    """Every law under each of its names (full, short, aliases), for find_law."""
    index: dict[str, Law] = {}
    for law in Law.objects.select_related("current_version"):
        for name in law.names():
            index.setdefault(name, law)
    return index


def _normalise(name: str) -> str:
    name = re.sub(r"[（(][^）)]*[）)]$", "", name.strip())  # 《民法典（2020年）》
    return name.replace(" ", "")


def find_law(written: str, laws: dict[str, Law]) -> Law | None:
    """The law a name as written in 《》 means: any of its names, with or without 中华人民共和国."""
    name = _normalise(written)
    return laws.get(name) or laws.get("中华人民共和国" + name)


def article_verdict(law: Law, number: int, suffix: int) -> tuple[CitationVerdict, Article | None]:
    """Whether article `number` (之`suffix`) of `law` is in force, and the article found."""
    current = law.current_version
    if current is not None:
        found = current.articles.filter(number=number, number_suffix=suffix).first()
        if found is not None:
            return CitationVerdict.CURRENT, found
    others = (
        Article.objects.filter(version__law=law, number=number, number_suffix=suffix)
        .select_related("version")
        .order_by("-version__version_date", "-pk")
    )
    if current is not None:
        older = others.exclude(version=current).first()
        return (CitationVerdict.HISTORICAL, older) if older else (CitationVerdict.ARTICLE_NOT_FOUND, None)
    if LawVersion.objects.filter(law=law, published_status=LawStatus.REPEALED).exists():
        return CitationVerdict.REPEALED, others.first()
    article = others.first()
    start = article.version.in_force_from if article is not None else None
    if start is not None and start > timezone.localdate():
        return CitationVerdict.NOT_YET_EFFECTIVE, article
    return (CitationVerdict.HISTORICAL, article) if article else (CitationVerdict.ARTICLE_NOT_FOUND, None)


def check_citations(text: str, laws: dict[str, Law] | None = None) -> list[CitationCheck]:
    """Every 《…》第N条 in `text`, in order, with its verdict and the article where found. `laws`
    (law_index()) may be passed in when checking many texts."""
    laws = law_index() if laws is None else laws
    results: list[CitationCheck] = []
    for match in CITATION.finditer(text or ""):
        written = match.group(1)
        law = find_law(written, laws)
        for number_match in ONE_NUMBER.finditer(match.group(2)):
            number, suffix = parse_article_number(number_match.group(0).replace(" ", ""))
            label = article_label(number, suffix)
            cited = f"《{written}》{number_match.group(0)}"
            if law is None:
                results.append(
                    CitationCheck(
                        cited, written, label, CitationVerdict.LAW_NOT_FOUND, start=match.start(), end=match.end()
                    )
                )
                continue
            verdict, article = article_verdict(law, number, suffix)
            results.append(
                CitationCheck(
                    cited,
                    written,
                    label,
                    verdict,
                    law_name=law.name,
                    text=article.text if article else "",
                    version_date=str(article.version.version_date or "") if article else "",
                    start=match.start(),
                    end=match.end(),
                    article=article,
                )
            )
    return results
