"""PDF notices (法律援助文书): the numbered notices and decisions of a legal-aid case, rendered with
WeasyPrint from the templates in ``templates/legalaid/pdf/``.

Every notice (``LegalAidNotice``) is printed on A4 as an official document (公文样式, after
GB/T 9704-2012): the issuing agency (发文机关) at the top, the title (文书名称, e.g. 补充材料通知书),
the document number (文号, e.g. 法援补〔2026〕1号) right-aligned, the addressee (主送: the applicant
申请人 / 受援人, for an assignment notice the law firm 承办机构, for a notified case also the notifying
organ 通知机关), the body written from ``notice.body``, the signature (落款) with the issue date
(成文日期) and the seal placeholder (印章), and the copy line (抄送) where the law asks for it.

Fonts: Noto Serif CJK SC (Debian ``fonts-noto-cjk``), subset by HarfBuzz (``libharfbuzz-subset0``);
without the subsetter WeasyPrint falls back to fontTools and a notice takes seconds. Rendering
never reaches the network: the templates need no outside resources and the URL fetcher refuses
every URL.

``notice_pdf()`` is what a download view or a task calls: it renders once, stores the file in
``notice.pdf`` and returns the stored bytes afterwards.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, NoReturn

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gongfa.core.i18n import in_site_language
from gongfa.legalaid.choices import ProposalOutcome, Route
from gongfa.legalaid.eligibility import ReasonCode
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "legalaid" / "pdf"

# Short law names as the services store them → the full titles an official document uses.
FULL_LAW_NAMES = {
    "《法律援助法》": "《中华人民共和国法律援助法》",
    "《行政复议法》": "《中华人民共和国行政复议法》",
    "《行政诉讼法》": "《中华人民共和国行政诉讼法》",
    "《刑事诉讼法》": "《中华人民共和国刑事诉讼法》",
    "《律师法》": "《中华人民共和国律师法》",
}

# 落款 seal placeholder: the agency's seal, or the justice bureau's on an objection decision.
AGENCY_SEAL = "（法律援助机构印章）"
BUREAU_SEAL = "（司法行政部门印章）"

# Engine reasons addressed to the reviewer, not to the applicant: never printed on a decision.
REVIEWER_ONLY_REASONS = frozenset({ReasonCode.STANDARD_UNVERIFIED, ReasonCode.NO_STANDARD})
# A decision prints the engine's reasons only where they support it (a reviewer may overrule the
# proposal; the decision then rests on the reviewer's own reasons alone).
CONTRADICTING_PROPOSAL = {
    LegalAidNotice.Kind.GRANT: ProposalOutcome.NOT_ELIGIBLE,
    LegalAidNotice.Kind.REFUSAL: ProposalOutcome.ELIGIBLE,
}

_CN_DIGITS = "〇一二三四五六七八九"
_SENTENCE_END = "。！？；.!?;"


class NetworkRefused(ValueError):
    """WeasyPrint asked for a URL while rendering a notice; notices are self-contained."""


def refuse_url(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """URL fetcher for WeasyPrint: a notice needs nothing from outside, so every URL is refused
    (WeasyPrint logs the refusal and leaves the resource out)."""
    raise NetworkRefused(f"PDF 文书不加载外部资源：{url[:80]}")


def full_law_names(text: str) -> str:
    """《法律援助法》第四十三条 → 《中华人民共和国法律援助法》第四十三条 (and the other statutes cited)."""
    for short, full in FULL_LAW_NAMES.items():
        text = text.replace(short, full)
    return text


def chinese_date(value: datetime.date) -> str:
    """2026年11月24日: the 成文日期 style of GB/T 9704-2012 (Arabic numerals, no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_numeral(number: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (1–99, for the （一）（二） items of a decision)."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_CN_DIGITS[tens]}十")
    return head + ("" if units == 0 else _CN_DIGITS[units])


def _iso_date(value: Any) -> str:
    """An ISO date from a notice body as 2026年12月7日; '' when absent or unreadable."""
    try:
        return chinese_date(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return ""


def _sentence(value: Any) -> str:
    """User or service text as one sentence that ends with 。 (unless it already ends a sentence)."""
    text = str(value or "").strip()
    if text and text[-1] not in _SENTENCE_END:
        text += "。"
    return text


def _clause(value: Any) -> str:
    """Text with its closing punctuation removed, to be continued by a citation."""
    return str(value or "").strip().rstrip(_SENTENCE_END + "，,")


def _finding(value: Any) -> str:
    """A decision's reasons without a leading 经审查， (the template says it), as one sentence."""
    return _sentence(re.sub(r"^\s*经审查[，,：:]?", "", str(value or "")))


def _articles_in_words(text: str) -> str:
    """（第48条第六项） → （第四十八条第六项）: article numbers in the document's own style."""
    return re.sub(r"第([0-9]{1,2})条", lambda match: f"第{chinese_numeral(int(match[1]))}条", text)


def _reasons(proposal: Any) -> list[dict[str, str]]:
    """The engine's proposal reasons (审查理由: code, text, article) as （一）…（article）。 items."""
    printable = [
        reason
        for reason in (proposal if isinstance(proposal, list) else [])
        if isinstance(reason, dict) and reason.get("text") and reason.get("code") not in REVIEWER_ONLY_REASONS
    ]
    items = []
    for number, reason in enumerate(printable, start=1):
        items.append(
            {
                "ordinal": f"（{chinese_numeral(number)}）",
                "text": _clause(reason["text"]),
                "article": full_law_names(str(reason.get("article") or "")),
            }
        )
    return items


def self_reference(agency_name: str) -> str:
    """How the document names its issuer in the text: 本中心 for a 法律援助中心, else 本机构."""
    return "本中心" if agency_name.endswith("中心") else "本机构"


def justice_bureau_name(application: LegalAidApplication) -> str:
    """The justice bureau that set up the case's agency (设立法律援助机构的司法行政部门, 第49条),
    which decides objections: an active bureau agency of the same region, else «region»司法局."""
    region = application.agency.region
    bureau = (
        Agency.objects.filter(kind=AgencyKind.JUSTICE_BUREAU, region=region, is_active=True)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return bureau or f"{region.name}司法局"


def _remedies(body: dict[str, Any], application: LegalAidApplication) -> dict[str, Any]:
    """The remedies paragraph of a refusal, termination or upheld-objection decision: the
    objection route (异议, 第49条) and the reconsideration (行政复议) / lawsuit (行政诉讼) periods."""
    return {
        "objection": full_law_names(_sentence(body.get("objection"))),
        "reconsideration_days": body.get("reconsideration_days") or 60,
        "litigation_months": body.get("litigation_months") or 6,
        "government": f"{application.agency.region.name}人民政府",
    }


@in_site_language
def notice_context(notice: LegalAidNotice) -> dict[str, Any]:
    """Everything the templates print, formatted here so that the templates only place text.
    Values stay plain strings: the templates escape them (autoescape)."""
    application = notice.application
    body: dict[str, Any] = notice.body if isinstance(notice.body, dict) else {}
    kind = LegalAidNotice.Kind(notice.kind)
    agency = application.agency.name
    applicant = str(body.get("applicant") or application.applicant_name)
    organ = str(body.get("organ") or (application.notifying_organ_name if application.route == Route.NOTIFIED else ""))
    is_objection = kind == LegalAidNotice.Kind.OBJECTION
    issuer = justice_bureau_name(application) if is_objection else agency
    issued_on = timezone.localdate(notice.issued_at)

    addressees = [applicant]
    copies: list[str] = []
    if kind == LegalAidNotice.Kind.ASSIGNMENT:
        addressees = [str(body.get("provider_agency") or "承办机构")]
        copies = [applicant] + ([organ] if organ else [])
    elif kind == LegalAidNotice.Kind.TERMINATION and organ:
        addressees = [applicant, organ]

    context: dict[str, Any] = {
        "notice": notice,
        "kind": kind.value,
        "title": kind.label,
        "number": notice.number,
        "issuer": issuer,
        "agency": agency,
        "self": "本机关" if is_objection else self_reference(agency),
        "seal": BUREAU_SEAL if is_objection else AGENCY_SEAL,
        "issued_on": chinese_date(issued_on),
        "issued_iso": notice.issued_at.isoformat(),
        "addressee": "、".join(a for a in addressees if a),
        "copies": "、".join(c for c in copies if c),
        "applicant": applicant,
        "case_number": str(body.get("case_number") or application.number or ""),
        "matter": str(body.get("matter") or application.matter_name or ""),
        "notified": application.route == Route.NOTIFIED,
        "organ": organ,
        "basis": full_law_names(str(body.get("basis") or "")),
        "reasons": _finding(body.get("reasons")),
        "proposal": []
        if application.proposal_outcome == CONTRADICTING_PROPOSAL.get(kind)
        else _reasons(body.get("proposal")),
    }
    representative = body.get("representative")
    if isinstance(representative, dict) and representative.get("name"):
        # 代为申请 (第40条): who applied for the applicant, and in what capacity (ID number masked).
        context["representative"] = {
            key: str(representative.get(key) or "") for key in ("name", "relation", "id_number", "capacity")
        }
    if kind == LegalAidNotice.Kind.SUPPLEMENT:
        context["due"] = _iso_date(body.get("due"))
        context["items"] = [
            {"label": str(item.get("label") or item.get("kind") or ""), "note": _clause(item.get("note"))}
            for item in body.get("items") or []
            if isinstance(item, dict)
        ]
    elif kind == LegalAidNotice.Kind.DEEMED_WITHDRAWAL:
        context["due"] = _iso_date(body.get("due"))
    elif kind == LegalAidNotice.Kind.ASSIGNMENT:
        context["provider"] = str(body.get("provider") or "")
        context["provider_agency"] = str(body.get("provider_agency") or "")
        context["engagement_due"] = _iso_date(body.get("engagement_due"))
    elif kind == LegalAidNotice.Kind.TERMINATION:
        context["ground"] = _articles_in_words(_clause(body.get("ground")))
    elif kind == LegalAidNotice.Kind.OBJECTION:
        context["outcome"] = str(body.get("outcome") or "")
        context["upheld"] = "reconsideration_days" in body or context["outcome"] == "维持原决定"
        context["decision"] = _sentence(body.get("decision"))
    elif kind == LegalAidNotice.Kind.ADVANCE_AID:
        context["reason"] = _clause(body.get("reason"))
    if kind in (LegalAidNotice.Kind.REFUSAL, LegalAidNotice.Kind.TERMINATION) or (is_objection and context["upheld"]):
        context["remedies"] = _remedies(body, application)
    return context


@in_site_language
def render_notice_html(notice: LegalAidNotice) -> str:
    """The notice as HTML (the template of its kind, extending ``legalaid/pdf/base.html``)."""
    return render_to_string(f"legalaid/pdf/{notice.kind}.html", notice_context(notice))


@in_site_language
def render_notice_pdf(notice: LegalAidNotice) -> bytes:
    """Render a notice (文书) as an A4 PDF with the CJK fonts embedded as subsets.

    The output depends only on the notice (the PDF's creation date is the issue time), so
    rendering the same notice twice gives the same bytes."""
    from weasyprint import HTML  # imported here: importing WeasyPrint (pango, fontTools) takes ~1 s

    document = HTML(string=render_notice_html(notice), base_url=str(TEMPLATE_DIR), url_fetcher=refuse_url)
    pdf = document.write_pdf()
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return bytes(pdf)


@in_site_language
def notice_file_name(notice: LegalAidNotice) -> str:
    """An ASCII file name for the stored PDF: 法援补〔2026〕1号 (pk 7) → notice-7-supplement-2026-1.pdf."""
    digits = "-".join(re.findall(r"[0-9]+", notice.number))
    kind = re.sub(r"[^a-z_]", "", notice.kind) or "notice"
    return f"notice-{notice.pk}-{kind}{'-' + digits if digits else ''}.pdf"


def _read(notice: LegalAidNotice) -> bytes | None:
    """The stored PDF's bytes, or None when none is stored (or the file has gone missing)."""
    if not notice.pdf:
        return None
    try:
        with notice.pdf.open("rb") as stored:
            return stored.read()
    except OSError:  # FileNotFoundError included: re-render rather than fail the download
        return None


def notice_pdf(notice: LegalAidNotice) -> bytes:
    """The notice's PDF: the stored file when there is one, else rendered once, stored in
    ``notice.pdf`` (``legalaid/notices/notice-<pk>-<kind>-<year>-<n>.pdf``) and returned.

    Two concurrent first calls may both render, but only the first to lock the row stores its
    file; the other returns that stored file, so a notice never has two PDFs."""
    stored = _read(notice)
    if stored is not None:
        return stored
    rendered = render_notice_pdf(notice)
    with transaction.atomic():
        locked = LegalAidNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.pdf and locked.pdf.name != notice.pdf.name:
            theirs = _read(locked)
            if theirs is not None:
                notice.pdf = locked.pdf
                return theirs
        locked.pdf.save(notice_file_name(locked), ContentFile(rendered), save=False)
        locked.save(update_fields=["pdf"])
    notice.pdf = locked.pdf
    return rendered
