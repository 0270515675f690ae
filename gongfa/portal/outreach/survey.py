"""The satisfaction survey of a publicity event (普法活动满意度调查), /outreach/survey/<token>/:
public and anonymous, reached by the QR code or link shown at the event; phone-first and
elder-friendly (large radio buttons, three questions, works without JavaScript).

Open only while the event is held or evaluated and its survey is on (outreach.services.publicity
decides). One answer per browser session and event: a repeat submit is told it was already
counted and changes nothing. Scripts without cookies are held back per address: at most
ADDRESS_LIMIT answers to one event per hour from one address (a village hall's shared Wi-Fi
still fits)."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import Form, add_domain_error
from gongfa.core.http import client_ip
from gongfa.outreach.models import PublicityEvent
from gongfa.outreach.services import publicity as svc

SESSION_KEY = "outreach_surveys_answered"
SESSION_LIMIT = 50
ADDRESS_LIMIT = 60
ADDRESS_WINDOW_SECONDS = 3600
RATINGS = [(5, "5 分 非常满意"), (4, "4 分 满意"), (3, "3 分 一般"), (2, "2 分 不满意"), (1, "1 分 非常不满意")]


class SurveyForm(Form):
    rating = forms.TypedChoiceField(
        label=_("您对这次普法活动满意吗？"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度。"), "invalid_choice": _("请选择 1–5 分之间的满意程度。")},
    )
    learned = forms.TypedChoiceField(
        label=_("您学到有用的法律知识了吗？"),
        choices=[("yes", _("有收获")), ("no", _("没什么收获"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择是否有收获。"), "invalid_choice": _("请选择是否有收获。")},
    )
    comment = forms.CharField(
        label=_("意见和建议"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("意见和建议不能超过 500 个字。")},
    )


def _address_allows(request: HttpRequest, event: PublicityEvent) -> bool:
    """Count this answer against the address's hourly allowance for the event."""
    key = f"outreach-survey:{event.pk}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=ADDRESS_WINDOW_SECONDS)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=ADDRESS_WINDOW_SECONDS)
        used = 1
    return used <= ADDRESS_LIMIT


def _answered(request: HttpRequest) -> list[int]:
    value = request.session.get(SESSION_KEY, []) if hasattr(request, "session") else []
    return [int(pk) for pk in value if isinstance(pk, int)]


@door(Audience.PUBLIC)  # the token in the QR code is the key; answers are anonymous
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    problem = ""
    event: PublicityEvent | None = None
    try:
        event = svc.survey_event(token)
    except DomainError as exc:
        problem = exc.message
    form: SurveyForm | None = None
    done = event is not None and event.pk in _answered(request)
    if event is not None and not done:
        form = SurveyForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            answered = _answered(request)
            if len(answered) >= SESSION_LIMIT or not _address_allows(request, event):
                form.add_error(None, gettext("提交次数过多，请稍后再试。"))
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    svc.submit_survey(
                        token=token, rating=data["rating"], learned=data["learned"], comment=data["comment"]
                    )
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    request.session[SESSION_KEY] = [*answered, event.pk]
                    return redirect("portal:outreach_survey", token=token)
    status = 200
    if problem:
        status = 404
    elif form is not None and form.errors:
        status = 400
    context = {"event": event, "form": form, "problem": problem, "done": done, "token": token}
    return render(request, "portal/outreach/survey.html", context, status=status)


urlpatterns = [path("<str:token>/", survey, name="outreach_survey")]
