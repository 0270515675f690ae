"""Workbench URLs for the answer phrase library (答复模板)."""

from django.urls import URLPattern, URLResolver, path

from gongfa.workbench.views import answers

urlpatterns: list[URLPattern | URLResolver] = [
    path("", answers.template_list, name="answer_templates"),
    path("new/", answers.template_create, name="answer_template_create"),
    path("<int:pk>/", answers.template_edit, name="answer_template_edit"),
    path("<int:pk>/toggle/", answers.template_toggle, name="answer_template_toggle"),
    path("<int:pk>/file/", answers.template_file, name="answer_template_file"),
    path("orders/<str:tracking_number>/file/", answers.order_answer_file, name="order_answer_file"),
]
