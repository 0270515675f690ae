from django.urls import include, path

from gongfa.portal import answer_files, legalaid, mediation, notarization, transparency, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("qa/", views.qa, name="qa"),
    path("qa/<int:question_id>/handover/", views.qa_handover, name="qa_handover"),
    path("qa/<int:question_id>/feedback/", views.qa_feedback, name="qa_feedback"),
    path("ask/villages/", views.village_options, name="village_options"),
    path("my/", views.my_items, name="my_items"),
    path("my/<str:tracking_number>/", views.item_detail, name="item_detail"),
    path("my/<str:tracking_number>/rate/", views.rate_item, name="rate_item"),
    path("my/<str:tracking_number>/answer-file/", answer_files.answer_file, name="answer_file"),
    path("r/<str:token>/", views.rate_by_link, name="rate_by_link"),
    path("preferences/elder-mode/", views.elder_mode, name="elder_mode"),
    path("legal-aid/", legalaid.home, name="legal_aid"),
    path("legal-aid/apply/", legalaid.start, name="legal_aid_start"),
    path("legal-aid/apply/<int:pk>/<slug:step>/", legalaid.step, name="legal_aid_step"),
    path("legal-aid/cases/<int:pk>/", legalaid.case, name="legal_aid_case"),
    path("legal-aid/cases/<int:pk>/materials/", legalaid.upload, name="legal_aid_upload"),
    path("legal-aid/cases/<int:pk>/supplied/", legalaid.supplied, name="legal_aid_supplied"),
    path("legal-aid/cases/<int:pk>/objection/", legalaid.object_to_decision, name="legal_aid_objection"),
    path("legal-aid/cases/<int:pk>/withdraw/", legalaid.withdraw, name="legal_aid_withdraw"),
    path("legal-aid/notices/<int:notice_id>.pdf", legalaid.notice_pdf, name="legal_aid_notice"),
    path("legal-aid/materials/<int:material_id>/", legalaid.material_file, name="legal_aid_material"),
    path("notarization/matters/", notarization.matters, name="notarization_matters"),
    # appointments (issue #14): booking, notarization cases, directory
    path("notarization-cases/", include("gongfa.portal.notarization_cases")),
    path("directory/", include("gongfa.portal.directory_urls")),
    path("notarization/", include("gongfa.portal.notarization.urls")),
    path("mediation/", mediation.home, name="mediation"),
    path("mediation/apply/", mediation.apply, name="mediation_apply"),
    path("mediation/cases/<int:pk>/", mediation.case, name="mediation_case"),
    path("mediation/invite/<str:token>/", mediation.invite, name="mediation_invite"),
    path("mediation/agreement/<str:token>/", mediation.agreement, name="mediation_agreement"),
    path("transparency/", transparency.transparency, name="transparency"),
    path("outreach/", include("gongfa.portal.outreach.urls")),
    path("drafting/", include("gongfa.portal.drafting.urls")),
]
