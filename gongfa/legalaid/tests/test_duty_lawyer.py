"""Duty-lawyer help (值班律师法律帮助, rules.md §1.15, §5.4): the help log, its transitions and the
application forwarded within 24 hours (《法律援助法》第39条第2款)."""

import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.legalaid.choices import ApplicationStatus, DutyHelpKind, IntakeChannel
from gongfa.legalaid.models import DutyHelpLog, LegalAidApplication
from gongfa.legalaid.services.duty import (
    DUTY_HELP,
    close_duty_log,
    forward_application,
    is_duty_lawyer,
    log_duty_request,
    record_help,
    visible_duty_logs,
)
from gongfa.legalaid.tests.conftest import MONDAY
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, RegionSetting
from gongfa.testing.factories import CitizenFactory, make_id_number, staff

STATION = "示范县看守所"
DETAINEE_ID = make_id_number(birth=datetime.date(1990, 3, 1), seq=41)
FORM = {
    "matter_code": "criminal_defence",
    "facts": "涉嫌盗窃罪被刑事拘留，家庭困难，请求指派律师辩护。",
    "phone": "13900003333",
    "household_size": 3,
    "household_monthly_income": "1500",
}


@pytest.fixture
def duty_lawyer(lawyers):
    return lawyers[0]


@pytest.fixture
def requested(network, duty_lawyer, frozen):
    return log_duty_request(
        actor=duty_lawyer,
        agency=network.legal_aid_centre,
        station=STATION,
        duty_lawyer=duty_lawyer,
        person_name="孙某",
        id_number=DETAINEE_ID,
        requested_at=MONDAY - datetime.timedelta(hours=2),
    )


@pytest.fixture
def helped(requested, duty_lawyer):
    return record_help(
        log=requested,
        actor=duty_lawyer,
        kinds=[DutyHelpKind.CONSULTATION, DutyHelpKind.PROCEDURE_ADVICE],
        notes="告知诉讼权利，建议申请法律援助。",
    )


def test_the_transition_table_follows_rules_5_4():
    assert {t.action: (t.sources, t.target) for t in DUTY_HELP.transitions} == {
        "record_help": (("requested",), "help_given"),
        "close": (("help_given",), "closed"),
        "forward_application": (("help_given",), "application_forwarded"),
    }


@pytest.mark.django_db
def test_the_duty_lawyer_logs_a_request_and_the_help_given(requested, duty_lawyer, network):
    assert requested.status == DutyHelpLog.Status.REQUESTED and requested.id_number == DETAINEE_ID
    assert requested.created_by == duty_lawyer and requested.masked_id_number != DETAINEE_ID
    log = record_help(
        log=requested,
        actor=duty_lawyer,
        kinds=["case_opinion", "coercive_measure", "case_opinion"],
        notes="建议变更为取保候审；对罪名提出意见。",
        plea_presence=True,
    )
    assert log.status == DutyHelpLog.Status.HELP_GIVEN and log.helped_at == MONDAY
    assert log.help_kinds == ["coercive_measure", "case_opinion", "plea_presence"] and log.plea_presence
    verbs = list(Event.objects.filter(subject_id=str(log.pk)).order_by("pk").values_list("verb", "to_status"))
    assert verbs == [
        ("legalaid.dutyhelplog.log_request", "requested"),
        ("legalaid.dutyhelplog.record_help", "help_given"),
    ]
    closed = close_duty_log(log=log, actor=duty_lawyer, notes="无需转交申请。")
    assert closed.status == DutyHelpLog.Status.CLOSED and closed.notes.endswith("无需转交申请。")
    with pytest.raises(InvalidTransition):
        forward_application(log=closed, actor=duty_lawyer, region=network.villages[0], data=FORM)


@pytest.mark.django_db
def test_the_plea_kind_sets_the_presence_flag(requested, duty_lawyer):
    log = record_help(log=requested, actor=duty_lawyer, kinds="plea_presence")
    assert log.plea_presence and log.help_kinds == ["plea_presence"]


@pytest.mark.django_db
def test_agency_staff_may_log_for_a_duty_lawyer(network, reviewer, duty_lawyer, frozen):
    log = log_duty_request(
        actor=reviewer,
        agency=network.legal_aid_centre,
        station="示范县人民检察院",
        duty_lawyer=duty_lawyer,
        person_name="钱某",
        requested_at=MONDAY,
    )
    assert log.id_number == "" and log.created_by == reviewer
    assert list(visible_duty_logs(duty_lawyer)) == [log] and list(visible_duty_logs(reviewer)) == [log]
    assert not visible_duty_logs(CitizenFactory()).exists()


@pytest.mark.django_db
def test_others_may_not_write(requested, lawyers, network, frozen):
    window = staff(Role.WINDOW_STAFF, at=network.centre)
    for outsider in (lawyers[1], window, CitizenFactory()):
        with pytest.raises(NotPermitted):
            record_help(log=requested, actor=outsider, kinds=["consultation"])
        with pytest.raises(NotPermitted):
            log_duty_request(
                actor=outsider,
                agency=network.legal_aid_centre,
                station=STATION,
                duty_lawyer=requested.duty_lawyer,
                person_name="周某",
                requested_at=MONDAY,
            )
    requested.refresh_from_db()
    assert requested.status == DutyHelpLog.Status.REQUESTED
    assert DutyHelpLog.objects.count() == 1


@pytest.mark.django_db
def test_the_duty_lawyer_must_be_a_lawyer_and_the_agency_a_legal_aid_centre(network, reviewer, law_firm, frozen):
    clerk = staff(Role.WINDOW_STAFF, at=network.legal_aid_centre)
    assert not is_duty_lawyer(clerk)
    with pytest.raises(DomainError) as error:
        log_duty_request(
            actor=reviewer,
            agency=network.legal_aid_centre,
            station=STATION,
            duty_lawyer=clerk,
            person_name="周某",
            requested_at=MONDAY,
        )
    assert (error.value.code, error.value.field) == ("invalid_duty_lawyer", "duty_lawyer")
    posted_lawyer = staff(Role.LAWYER, at=law_firm)  # posted as a lawyer, not on the aid roster
    assert is_duty_lawyer(posted_lawyer)
    with pytest.raises(DomainError) as error:
        log_duty_request(
            actor=posted_lawyer,
            agency=law_firm,
            station=STATION,
            duty_lawyer=posted_lawyer,
            person_name="周某",
            requested_at=MONDAY,
        )
    assert (error.value.code, error.value.field) == ("invalid_agency", "agency")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"station": "  "}, "required", "station"),
        ({"station": "所" * 129}, "too_long", "station"),
        ({"person_name": ""}, "required", "person_name"),
        ({"id_number": "330102199003010412"}, "invalid_id_number", "id_number"),
        ({"id_number": "12345"}, "invalid_id_number", "id_number"),
        ({"requested_at": None}, "required", "requested_at"),
        ({"requested_at": "2026-11-23 08:00"}, "invalid_time", "requested_at"),
        ({"requested_at": MONDAY + datetime.timedelta(minutes=1)}, "future_time", "requested_at"),
        ({"notes": "记" * 2001}, "too_long", "notes"),
    ],
)
def test_bad_request_input_is_refused(network, duty_lawyer, frozen, kwargs, code, field):
    arguments = {
        "station": STATION,
        "person_name": "孙某",
        "id_number": DETAINEE_ID,
        "requested_at": MONDAY,
        **kwargs,
    }
    with pytest.raises(DomainError) as error:
        log_duty_request(actor=duty_lawyer, agency=network.legal_aid_centre, duty_lawyer=duty_lawyer, **arguments)
    assert (error.value.code, error.value.field) == (code, field)
    assert not DutyHelpLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"kinds": []}, "required", "help_kinds"),
        ({"kinds": ["consultation", "bail_money"]}, "invalid_help_kind", "help_kinds"),
        ({"kinds": ["case_opinion"], "notes": ""}, "required", "notes"),
        ({"helped_at": MONDAY + datetime.timedelta(hours=1)}, "future_time", "helped_at"),
        ({"helped_at": MONDAY - datetime.timedelta(hours=3)}, "before_request", "helped_at"),
    ],
)
def test_bad_help_input_is_refused(requested, duty_lawyer, kwargs, code, field):
    arguments = {"kinds": ["consultation"], **kwargs}
    with pytest.raises(DomainError) as error:
        record_help(log=requested, actor=duty_lawyer, **arguments)
    assert (error.value.code, error.value.field) == (code, field)
    requested.refresh_from_db()
    assert requested.status == DutyHelpLog.Status.REQUESTED and requested.help_kinds == []


@pytest.mark.django_db
def test_help_is_recorded_once_and_a_request_cannot_be_closed_before_help(requested, duty_lawyer):
    with pytest.raises(InvalidTransition):
        close_duty_log(log=requested, actor=duty_lawyer)
    record_help(log=requested, actor=duty_lawyer, kinds=["consultation"])
    with pytest.raises(InvalidTransition):
        record_help(log=requested, actor=duty_lawyer, kinds=["consultation"])


@pytest.mark.django_db
def test_forwarding_within_24_hours_spawns_a_received_application(helped, duty_lawyer, network):
    application = forward_application(log=helped, actor=duty_lawyer, region=network.villages[0], data=FORM)

    assert application.status == ApplicationStatus.RECEIVED
    assert application.intake_channel == IntakeChannel.DUTY_LAWYER_FORWARD
    assert application.forwarded_by == STATION and application.forward_requested_at == helped.requested_at
    assert application.applicant_name == "孙某" and application.id_number == DETAINEE_ID
    assert application.agency == network.legal_aid_centre and application.work_order_id is not None
    assert application.forward_overdue is False
    log = DutyHelpLog.objects.get(pk=helped.pk)
    assert log.status == DutyHelpLog.Status.APPLICATION_FORWARDED and log.forwarded_application == application
    assert log.forwarded_at == MONDAY and log.forward_overdue is False
    event = Event.objects.get(subject_id=str(log.pk), verb="legalaid.dutyhelplog.forward_application")
    assert event.data == {"application": application.number, "forward_overdue": False}


@pytest.mark.django_db
def test_forwarding_after_24_hours_is_flagged_not_refused(helped, duty_lawyer, network, frozen):
    frozen.shift(datetime.timedelta(hours=22, minutes=1))  # 24 h 1 min after the request
    application = forward_application(log=helped, actor=duty_lawyer, region=network.villages[0], data=FORM)

    assert application.status == ApplicationStatus.RECEIVED and application.forward_overdue is True
    log = DutyHelpLog.objects.get(pk=helped.pk)
    assert log.status == DutyHelpLog.Status.APPLICATION_FORWARDED and log.forward_overdue is True
    assert Event.objects.filter(subject_id=str(application.pk), verb="legalaid.forward_overdue").exists()


@pytest.mark.django_db
def test_exactly_24_hours_is_still_on_time_and_the_limit_is_a_region_setting(helped, duty_lawyer, network, frozen):
    frozen.shift(datetime.timedelta(hours=22))  # exactly 24 h after the request
    application = forward_application(log=helped, actor=duty_lawyer, region=network.villages[0], data=FORM)
    assert application.forward_overdue is False
    assert DutyHelpLog.objects.get(pk=helped.pk).forward_overdue is False

    RegionSetting.objects.create(region=network.county, key="la.duty_lawyer_forward_hours", value=12)
    second = log_duty_request(
        actor=duty_lawyer,
        agency=network.legal_aid_centre,
        station=STATION,
        duty_lawyer=duty_lawyer,
        person_name="李某",
        id_number=make_id_number(birth=datetime.date(1992, 6, 1), seq=42),
        requested_at=MONDAY,  # 13 h ago once the clock below moves
    )
    record_help(log=second, actor=duty_lawyer, kinds=["consultation"])
    frozen.shift(datetime.timedelta(hours=13))
    late = forward_application(
        log=second, actor=duty_lawyer, region=network.villages[0], data={**FORM, "applicant_name": "李某"}
    )
    assert late.forward_overdue is True and DutyHelpLog.objects.get(pk=second.pk).forward_overdue is True


@pytest.mark.django_db
def test_agency_staff_may_forward_too(helped, reviewer, network):
    application = forward_application(log=helped, actor=reviewer, region=network.villages[0], data=FORM)
    assert application.forwarded_by == STATION


@pytest.mark.django_db
def test_a_bad_application_form_changes_nothing(helped, duty_lawyer, network):
    with pytest.raises(DomainError) as error:
        forward_application(
            log=helped, actor=duty_lawyer, region=network.villages[0], data={**FORM, "matter_code": "unknown"}
        )
    assert (error.value.code, error.value.field) == ("unknown_matter", "matter_code")
    with pytest.raises(DomainError) as error:
        forward_application(log=helped, actor=duty_lawyer, region=network.villages[0], data={**FORM, "phone": ""})
    assert (error.value.code, error.value.field) == ("required", "phone")
    with pytest.raises(DomainError) as error:
        forward_application(log=helped, actor=duty_lawyer, region=None, data=FORM)  # type: ignore[arg-type]
    assert (error.value.code, error.value.field) == ("required", "region")
    helped.refresh_from_db()
    assert helped.status == DutyHelpLog.Status.HELP_GIVEN and helped.forwarded_application is None
    assert not LegalAidApplication.objects.exists()


@pytest.mark.django_db
def test_no_forward_before_help_and_not_by_an_outsider(requested, duty_lawyer, lawyers, network):
    with pytest.raises(InvalidTransition):
        forward_application(log=requested, actor=duty_lawyer, region=network.villages[0], data=FORM)
    record_help(log=requested, actor=duty_lawyer, kinds=["consultation"])
    with pytest.raises(NotPermitted):
        forward_application(log=requested, actor=lawyers[1], region=network.villages[0], data=FORM)
    other_centre = Agency.objects.create(
        name="他县法律援助中心", kind=AgencyKind.LEGAL_AID_CENTRE, region=network.province
    )
    with pytest.raises(NotPermitted):
        forward_application(
            log=requested,
            actor=staff(Role.LEGAL_AID_REVIEWER, at=other_centre),
            region=network.villages[0],
            data=FORM,
        )
    assert not LegalAidApplication.objects.exists()
