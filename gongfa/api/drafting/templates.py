"""The template library (文书模板): public, like the portal's page that lists it. A template holds
no personal data: what a document is, its legal basis and the questions it asks."""

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query

from gongfa.api.drafting.common import router
from gongfa.api.drafting.schemas import (
    DraftingChoiceOut,
    DraftingConditionOut,
    DraftingFieldOut,
    DraftingStepOut,
    DraftingTemplateDetailOut,
    DraftingTemplateFilters,
    DraftingTemplateOut,
    TemplateCodePath,
)
from gongfa.api.lookups import NotFound
from gongfa.api.schemas import ErrorOut
from gongfa.core.access import Audience, api_door
from gongfa.drafting.choices import DocumentKind
from gongfa.drafting.definitions import Condition, Definition, FieldSpec, Step
from gongfa.drafting.models import TemplateVersion
from gongfa.drafting.services import definition_of, library

# Public reads: an unknown template (404) or a bad parameter (422).
ERRORS = {404: ErrorOut, 422: ErrorOut}


def kind_label(kind: str) -> str:
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return kind


def template_out(definition: Definition) -> DraftingTemplateOut:
    return DraftingTemplateOut(
        code=definition.code,
        version=definition.version,
        title=definition.title,
        kind=definition.kind,
        kind_label=kind_label(definition.kind),
        official=definition.official,
        basis=list(definition.basis),
        case_type=definition.case_type,
    )


def condition_out(condition: Condition | None) -> DraftingConditionOut | None:
    if condition is None:
        return None
    return DraftingConditionOut(field=condition.field, operator=condition.operator, value=condition.value)


def field_out(spec: FieldSpec) -> DraftingFieldOut:
    return DraftingFieldOut(
        name=spec.name,
        label=spec.label,
        type=spec.type,
        required=spec.required,
        help=spec.help,
        statute=spec.statute,
        placeholder=spec.placeholder,
        when=condition_out(spec.when),
        choices=[DraftingChoiceOut(value=value, label=label) for value, label in spec.choices],
        min=spec.minimum,
        max=spec.maximum,
        max_length=spec.max_length or None,
        min_items=spec.min_items if spec.is_group else None,
        max_items=spec.max_items if spec.is_group else None,
        fields=[field_out(inner) for inner in spec.fields],
    )


def step_out(step: Step) -> DraftingStepOut:
    return DraftingStepOut(
        key=step.key,
        title=step.title,
        intro=step.intro,
        when=condition_out(step.when),
        fields=[field_out(spec) for spec in step.fields],
    )


def template_detail_out(definition: Definition) -> DraftingTemplateDetailOut:
    return DraftingTemplateDetailOut(
        **template_out(definition).model_dump(), steps=[step_out(step) for step in definition.steps]
    )


@router.get("/templates", auth=None, response={200: list[DraftingTemplateOut], **ERRORS}, summary="文书模板列表")
@api_door(Audience.PUBLIC)
def list_drafting_templates(request: HttpRequest) -> list[DraftingTemplateOut]:
    """Every template a citizen may draft, official element-style forms first (the portal's order)."""
    return [template_out(definition) for definition in library()]


@router.get(
    "/templates/{code}", auth=None, response={200: DraftingTemplateDetailOut, **ERRORS}, summary="文书模板的填写步骤"
)
@api_door(Audience.PUBLIC)
def get_drafting_template(
    request: HttpRequest, code: TemplateCodePath, filters: Query[DraftingTemplateFilters]
) -> DraftingTemplateDetailOut:
    """The template's steps and questions (type, limits, help in plain words, the statute behind a
    question, the condition on earlier answers, a group's own questions), so a client can draw the
    interview. Without `version`, the current template; with it, that registered version (an
    interview keeps the version it was started with: its `template_version`). Unknown: 404."""
    current = next((definition for definition in library() if definition.code == code), None)
    if current is not None and filters.version in (None, current.version):
        return template_detail_out(current)
    if filters.version is not None:
        # The latest registration of that version (a file changed without raising it: the last one).
        version = TemplateVersion.objects.filter(code=code, version=filters.version).order_by("-pk").first()
        if version is not None:
            return template_detail_out(definition_of(version))
    raise NotFound(gettext("没有这个文书模板。"), code="unknown_template", field="code")
