from django.urls import include, path

from gongfa.workbench import views
from gongfa.workbench.views import verification
from gongfa.workbench.views.hotline import desk, receipt, redirect, ring, targets

app_name = "workbench"
urlpatterns = [
    path("", views.landing.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("overview/", views.landing.overview, name="overview"),
    path("my-cases/", views.landing.my_legal_aid, name="my_legal_aid"),
    path("hotline/", views.hotline, name="hotline"),
    path("hotline/caller/", views.hotline_caller, name="hotline_caller"),
    # the CTI opens this when a call rings (?caller=&call_id=&queue=): see views/hotline/ring.py
    path("hotline/ring/", ring.ring, name="hotline_ring"),
    path("hotline/recipient/", desk.hotline_recipient, name="hotline_recipient"),
    path("hotline/targets/", targets.target_search, name="target_search"),
    path("intake/", views.window, name="intake"),
    path("supervision/", views.supervision, name="supervision"),
    path("qa/", views.qa_panel, name="qa_panel"),
    path("qa/demand/", views.qa_demand, name="qa_demand"),
    path("qa/verify/", verification.verification_list, name="qa_verification"),
    path("qa/verify/<int:pk>/", verification.verify_question, name="qa_verify"),
    path("qa/verified/", verification.verified_list, name="qa_verified"),
    path("qa/verified/<int:pk>/retire/", verification.retire_verified, name="qa_verified_retire"),
    path("notifications/", views.notifications, name="notifications"),
    path("notices/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge_notice"),
    path("return-visits/<int:pk>/complete/", views.complete_visit, name="complete_visit"),
    path("rectifications/<int:pk>/complete/", views.complete_rectification, name="complete_rectification"),
    path("legal-aid/", views.legalaid.queue, name="legal_aid_queue"),
    path("legal-aid/new/", views.legalaid.new_application, name="legal_aid_new"),
    path("legal-aid/drafts/<int:pk>/", views.legalaid.complete_draft, name="legal_aid_draft"),
    path("legal-aid/notice/", views.legalaid.new_notice, name="legal_aid_notice"),
    path("legal-aid/stats/", views.legalaid.stats, name="legal_aid_stats"),
    path("legal-aid/peer-review/", views.legalaid.peer_review, name="legal_aid_peer_review"),
    path("legal-aid/duty/", views.legalaid.duty_logs, name="legal_aid_duty_logs"),
    path("legal-aid/duty/<int:pk>/", views.legalaid.duty_log, name="legal_aid_duty_log"),
    path("legal-aid/<str:number>/", views.legalaid.case, name="legal_aid_case"),
    path("legal-aid/<str:number>/<slug:action>/", views.legalaid.case_action, name="legal_aid_action"),
    path("performance/", include("gongfa.workbench.performance_urls")),
    path("mediation/", include("gongfa.workbench.mediation_urls")),
    # appointments (issue #14): booking, notarization, appraisal
    path("notary/", include("gongfa.workbench.notarization_urls")),
    path("appraisal/", include("gongfa.workbench.appraisal_urls")),
    path("bookings/", include("gongfa.workbench.booking_urls")),
    # outreach (issue #15): advisers, publicity, public good, volunteers and experts, typical cases
    path("outreach/", include("gongfa.workbench.outreach_urls")),
    path("drafting/", include("gongfa.workbench.views.drafting")),
    # the hotline desk (issue #16): call records and quality inspection; the answer phrase library
    path("calls/", include("gongfa.workbench.calls_urls")),
    path("answer-templates/", include("gongfa.workbench.answer_urls")),
    path("orders/<str:tracking_number>/receipt/", receipt.receipt, name="order_receipt"),
    path("orders/<str:tracking_number>/receipt.pdf", receipt.receipt_pdf, name="order_receipt_pdf"),
    path("orders/<str:tracking_number>/redirect/", redirect.order_redirect, name="order_redirect"),
    path("orders/<str:tracking_number>/", views.order_detail, name="order_detail"),
    path("orders/<str:tracking_number>/reveal/", views.reveal_requester, name="reveal_requester"),
    path("orders/<str:tracking_number>/<slug:action>/", views.order_action, name="order_action"),
]
