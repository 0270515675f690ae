"""The drafting API's request and response shapes (every name starts with Drafting: ninja names
OpenAPI components after the class, and other routers have templates and documents too)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Path

from gongfa.api.base import Schema
from gongfa.api.schemas import IDENTIFIER_PATTERN, PlainText, documented
from gongfa.core.choices import Channel
from gongfa.drafting.choices import DocumentKind, InterviewStatus
from gongfa.drafting.definitions import NAME
from gongfa.drafting.models import Interview

# The names of templates, steps and fields: lower-case letters, digits and _ (definitions.NAME).
NAME_PATTERN = NAME.pattern
NAME_MAX = 48
# What one saved step may carry: the most answers and the most items of a list (a group's items,
# a multiple choice's options; definitions.GROUP_ITEMS_LIMIT bounds every group).
ANSWERS_MAX = 200
NOTE_MAX = 500
REVIEW_NOTE_MAX = 1000

TemplateCodePath = Annotated[
    str, Path(..., max_length=NAME_MAX, pattern=NAME_PATTERN, description="模板代码，如 private_loan_complaint")
]
StepPath = Annotated[str, Path(..., max_length=NAME_MAX, pattern=NAME_PATTERN, description="步骤代码，如 plaintiff")]
VersionNumberPath = Annotated[int, Path(..., ge=1, le=10000, description="文书版本号（从 1 起）")]


# --- templates ----------------------------------------------------------------------------------


class DraftingTemplateOut(Schema):
    """A document template (文书模板): what it makes and on what basis. No personal data."""

    code: str
    version: int
    title: str
    kind: str
    kind_label: str
    official: bool = Field(..., description="是否为官方示范文本（要素式）；否则为平台自拟")
    basis: list[str] = Field(..., description="法律依据")
    case_type: str = Field(..., description="案由，如 民间借贷纠纷；没有时为空")


class DraftingConditionOut(Schema):
    """Shown only when an earlier answer matches: `operator` is equals / not_equals / in (value is
    a list) / filled (value true: answered; false: left empty)."""

    field: str
    operator: str
    value: Any


class DraftingChoiceOut(Schema):
    value: str
    label: str


class DraftingFieldOut(Schema):
    """One question. `type`: text, textarea, integer, money (yuan, two decimals), percent, date
    (YYYY-MM-DD), choice, multichoice (a list of values), yesno (true/false), id_number, phone,
    group (a list of items, each an object of `fields`)."""

    name: str
    label: str
    type: str
    required: bool = Field(..., description="生成文书时必须填写（保存某一步时可以先空着）")
    help: str
    statute: str = Field(..., description="这个问题依据的法条")
    placeholder: str
    when: DraftingConditionOut | None
    choices: list[DraftingChoiceOut]
    min: Decimal | None
    max: Decimal | None
    max_length: int | None = Field(..., description="文字最多几个字（未规定时为空）")
    min_items: int | None = Field(..., description="group：生成文书时至少几项")
    max_items: int | None = Field(..., description="group：最多几项")
    fields: list[DraftingFieldOut] = Field(..., description="group：每一项要填的问题")


class DraftingStepOut(Schema):
    key: str
    title: str
    intro: str
    when: DraftingConditionOut | None
    fields: list[DraftingFieldOut]


class DraftingTemplateDetailOut(DraftingTemplateOut):
    """The template with its interview: the steps in order, each with its questions, so a client
    can draw them. Answers are sent per step (PUT /interviews/{reference}/steps/{step})."""

    steps: list[DraftingStepOut]


class DraftingTemplateFilters(Schema):
    """`version`: a registered version of the template (the one an interview was started with)."""

    version: int | None = Field(
        None, ge=1, le=10000, description="已登记的历史版本（进行中的填写所用的版本）；不填为现行版本"
    )


# --- interviews ---------------------------------------------------------------------------------


class DraftingInterviewFilters(Schema):
    status: InterviewStatus | None = Field(None, description="只看某一状态")


class DraftingStartIn(Schema):
    template: PlainText = Field(
        ...,
        description="模板代码（GET /templates 列出）",
        # The service names an unknown code itself (400 unknown_template).
        json_schema_extra=documented(maxLength=NAME_MAX),
    )
    region_code: PlainText | None = Field(
        None,
        max_length=12,
        description="所在区划（12 位代码）：用于预填受诉法院、仲裁委，以及申请律师审核时安排当地律师",
    )
    work_order: PlainText | None = Field(
        None,
        max_length=20,
        pattern=IDENTIFIER_PATTERN,
        description="仅限工作人员：为该工单的群众代书（工单编号），按工单预填",
    )
    legal_aid_case: PlainText | None = Field(
        None,
        max_length=24,
        pattern=IDENTIFIER_PATTERN,
        description="仅限工作人员：为该法律援助案件的申请人代书（案件编号），按案件预填",
    )


class DraftingAnswersIn(Schema):
    answers: dict[str, Any] = Field(
        ...,
        max_length=ANSWERS_MAX,
        description=(
            "这一步的答案：问题 name → 值（文字、数字或 true/false；multichoice 为值的列表；"
            "group 为对象的列表）。本步未填的问题视为空。"
        ),
    )


class DraftingNoteIn(Schema):
    note: PlainText = Field("", max_length=NOTE_MAX, description="说明（如审核律师改了什么），≤500 字")


class DraftingReviewIn(Schema):
    note: PlainText = Field(
        "", description="给审核律师的补充说明（≤1000 字）", json_schema_extra=documented(maxLength=REVIEW_NOTE_MAX)
    )


class DraftingStepStateOut(Schema):
    key: str
    title: str
    visible: bool = Field(..., description="按已填答案，这一步是否需要填写")
    done: bool = Field(..., description="已经过这一步（或文书已生成过）")


class DraftingDocumentOut(Schema):
    """One version of the drafted document (文书版本). The files are downloaded from the URLs."""

    number: int
    reason: str
    reason_label: str
    kind: str
    kind_label: str
    template_version: int
    made_at: datetime.datetime
    note: str
    docx_url: str
    pdf_url: str


class DraftingInterviewBase(Schema):
    reference: str = Field(..., description="编号（UUID），用于其他接口的路径")
    template: str = Field(..., description="模板代码")
    template_version: int = Field(..., description="填写所用的模板版本（GET /templates/{code}?version=）")
    template_title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    channel: str
    channel_label: str
    current_step: str
    latest_version: int | None = Field(..., description="最新文书版本号；尚未生成时为空")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    completed_at: datetime.datetime | None


def _choice_label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class DraftingInterviewItemOut(DraftingInterviewBase):
    """An interview in a list: where it stands, never its answers. Read from a row of the list's
    query (its template joined, the latest version annotated)."""

    @staticmethod
    def resolve_reference(obj: Interview) -> str:
        return str(obj.reference)

    @staticmethod
    def resolve_template(obj: Interview) -> str:
        return obj.template.code

    @staticmethod
    def resolve_template_version(obj: Interview) -> int:
        return obj.template.version

    @staticmethod
    def resolve_template_title(obj: Interview) -> str:
        return obj.template.title

    @staticmethod
    def resolve_kind(obj: Interview) -> str:
        return obj.template.kind

    @staticmethod
    def resolve_kind_label(obj: Interview) -> str:
        return _choice_label(DocumentKind, obj.template.kind)

    @staticmethod
    def resolve_status_label(obj: Interview) -> str:
        return _choice_label(InterviewStatus, obj.status)

    @staticmethod
    def resolve_channel_label(obj: Interview) -> str:
        return _choice_label(Channel, obj.channel)

    @staticmethod
    def resolve_latest_version(obj: Interview) -> int | None:
        return getattr(obj, "latest_version", None)


class DraftingInterviewOut(DraftingInterviewBase):
    """An interview (代书填写): its answers and its steps. The answers are in full for the citizen
    and for staff who may edit it; for those who only read (supervisors) ID numbers and phones are
    masked (`masked`)."""

    answers: dict[str, Any]
    masked: bool
    editable: bool = Field(..., description="调用者是否有权修改（不论当前状态）")
    actions: list[str] = Field(
        ...,
        description="现在可以做的：save（保存一步）、complete（生成文书）、reopen（修改答案）、review（申请律师审核）",
    )
    steps: list[DraftingStepStateOut]
    work_order: str | None = Field(..., description="关联工单编号")
    legal_aid_case: str | None = Field(..., description="关联法律援助案件编号")
    review_order: str | None = Field(..., description="律师审核工单编号（申请审核后）")
    region_code: str | None
    region_name: str | None
