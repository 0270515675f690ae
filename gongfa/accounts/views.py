"""Login pages: staff password login, citizen phone + code login, logout.

Views check the form, call gongfa.accounts.services and show what they say; nothing else.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from gongfa.accounts import services
from gongfa.accounts.forms import CodeForm, PhoneForm, RealNameForm, ResendForm, StaffLoginForm
from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.http import client_ip, safe_next
from gongfa.core.masking import mask_phone

SESSION_PHONE = "accounts_login_phone"
STAFF_HOME = "workbench:home"  # each role's landing page (gongfa.core.navigation)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _current_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


@door(Audience.PUBLIC)
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def staff_login(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    current = _current_user(request)
    if request.method == "GET" and current is not None and current.is_platform_staff:
        return redirect(next_url or resolve_url(STAFF_HOME))
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.authenticate_staff(
                form.cleaned_data["username"], form.cleaned_data["password"], ip=client_ip(request)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, user, backend=services.STAFF_BACKEND)
            request.session.set_expiry(0)  # staff sessions end when the browser closes
            return redirect(next_url or resolve_url(STAFF_HOME))
    context = {"form": form, "next": next_url}
    return render(request, "accounts/staff_login.html", context, status=page_status(form))


@door(Audience.PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Step 1: the citizen types a phone number and gets a code by SMS."""
    next_url = safe_next(request)
    current = _current_user(request)
    if request.method == "GET" and current is not None and current.is_citizen:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = PhoneForm(request.POST or None, initial={"phone": request.session.get(SESSION_PHONE, "")})
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        verify_url = _with_next(reverse("accounts:citizen_verify"), next_url)
        try:
            services.request_login_code(phone, client_ip(request))
        except DomainError as exc:
            if exc.code == "resend_too_soon" and request.session.get(SESSION_PHONE) == phone:
                # Pressed "back" and sent again: the code already sent still works.
                messages.info(
                    request,
                    gettext("验证码刚刚已发送到 {mask_phone}，请查看短信。").format(mask_phone=mask_phone(phone)),
                )
                return redirect(verify_url)
            add_domain_error(form, exc)
        else:
            request.session[SESSION_PHONE] = phone
            return redirect(verify_url)
    context = {"form": form, "next": next_url}
    return render(request, "accounts/citizen_login.html", context, status=page_status(form))


@door(Audience.PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def citizen_verify(request: HttpRequest) -> HttpResponse:
    """Step 2: the citizen types the code; the phone is kept in the session, not the URL."""
    next_url = safe_next(request)
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        messages.info(request, gettext("请先输入手机号，获取验证码。"))
        return redirect(_with_next(reverse("accounts:citizen_login"), next_url))
    resending = request.method == "POST" and request.POST.get("action") == "resend"
    form = CodeForm(request.POST if request.method == "POST" and not resending else None)
    shown: forms.Form = form  # the form whose errors the page's summary shows
    if resending:
        resend = ResendForm(request.POST)
        try:
            services.request_login_code(phone, client_ip(request))
        except DomainError as exc:
            resend.is_valid()
            add_domain_error(resend, exc)
            shown = resend
        else:
            messages.success(
                request,
                gettext("新的验证码已发送到 {mask_phone}。以前的验证码不能再用了。").format(
                    mask_phone=mask_phone(phone)
                ),
            )
            return redirect(_with_next(reverse("accounts:citizen_verify"), next_url))
    elif request.method == "POST" and form.is_valid():
        try:
            user = services.verify_login_code(phone, form.cleaned_data["code"], client_ip(request))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, user, backend=services.CITIZEN_BACKEND)
            request.session.pop(SESSION_PHONE, None)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    context = {
        "form": shown,
        "code_form": form,
        "next": next_url,
        "masked_phone": mask_phone(phone),
        "show_console_hint": settings.DEBUG and settings.SMS_BACKEND.endswith("ConsoleSmsBackend"),
    }
    return render(request, "accounts/citizen_verify.html", context, status=page_status(shown))


@door(Audience.PUBLIC)
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """POST signs out; GET only shows the button (a link or prefetch must not sign anyone out)."""
    current = _current_user(request)
    is_staff = current is not None and current.is_platform_staff
    if request.method == "POST":
        logout(request)
        messages.success(request, gettext("您已安全退出。"))
        return redirect("accounts:staff_login" if is_staff else "portal:home")
    base_template = "workbench/base.html" if is_staff else "portal/base.html"
    return render(request, "accounts/logout.html", {"base_template": base_template})


@door(Audience.SIGNED_IN)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """我的资料: the citizen's real-name details. The ID number is shown masked, never in full."""
    user = _current_user(request)
    assert user is not None
    form = RealNameForm(request.POST or None, initial={"real_name": user.real_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_real_name(
                user=user, real_name=form.cleaned_data["real_name"], id_number=form.cleaned_data["id_number"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已保存您的实名信息。"))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "person": user}, status=page_status(form))
