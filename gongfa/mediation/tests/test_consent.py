"""The other party's wish (《人民调解法》第17条): sought, answered by link or recorded by staff, only by
the party or its representative; a refusal ends the case with the other routes (第26条)."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import (
    CaseSource,
    CaseStatus,
    ConsentDecision,
    ConsentMethod,
    DocumentKind,
    Outcome,
    PartySide,
)
from gongfa.mediation.models import CaseParty, Consent, MediationCase
from gongfa.mediation.services.consent import answer_invitation, consent_complete, record_consent, seek_consent
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.network.models import RegionSetting
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def respondent(case: MediationCase) -> CaseParty:
    return case.parties.get(side=PartySide.RESPONDENT)


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def test_seeking_consent_invites_each_respondent_with_a_token_free_of_personal_data(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    invitations = seek_consent(actor=world.chair, case=case)
    assert fresh(case).status == CaseStatus.CONSENT_PENDING
    assert [i.consent.party for i in invitations] == [respondent(case)]
    assert invitations[0].consent.decision == ConsentDecision.PENDING
    token = invitations[0].token
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert json.loads(decoded) == {"c": invitations[0].consent.pk}
    party = respondent(case)
    for secret in (party.name, party.phone, party.id_number):
        assert secret not in token
    events = Event.objects.filter(subject_id=str(case.pk)).values_list("verb", flat=True)
    assert {"mediation.mediationcase.seek_consent", "mediation.mediationcase.consent_invited"} <= set(events)
    assert not any(token in json.dumps(e.data) for e in Event.objects.all())  # never logged


def test_own_initiative_asks_every_party(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    MediationCase.objects.filter(pk=case.pk).update(source=CaseSource.OWN_INITIATIVE)
    invitations = seek_consent(actor=world.chair, case=fresh(case))
    assert {i.consent.party.side for i in invitations} == {PartySide.APPLICANT, PartySide.RESPONDENT}


def test_seeking_consent_out_of_order_or_by_an_outsider_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    with pytest.raises(InvalidTransition):
        seek_consent(actor=world.chair, case=case)
    applied = make_case(world, "applied")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        seek_consent(actor=world.outsider.user, case=applied)
    assert not Consent.objects.exists()


def test_the_respondent_consents_by_link_without_logging_in(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    token = seek_consent(actor=world.chair, case=case)[0].token
    consent = answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申")
    assert (consent.decision, consent.method, consent.recorded_by) == ("consented", ConsentMethod.LINK, None)
    assert consent_complete(fresh(case))
    assert fresh(case).status == CaseStatus.CONSENT_PENDING
    event = Event.objects.get(verb="mediation.mediationcase.consent_answered")
    assert event.channel == "portal"
    with pytest.raises(DomainError, match="您已答复") as caught:
        answer_invitation(token=token, decision=ConsentDecision.REFUSED, answered_by_name="钱被申")
    assert caught.value.code == "already_answered"
    assert fresh(case).status == CaseStatus.CONSENT_PENDING


def test_a_refusal_by_link_ends_the_case_with_the_routes_notice(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    token = seek_consent(actor=world.chair, case=case)[0].token
    answer_invitation(token=token, decision=ConsentDecision.REFUSED, answered_by_name="钱被申")
    ended = fresh(case)
    assert (ended.status, ended.outcome) == (CaseStatus.NOT_MEDIATED, Outcome.REFUSED)
    assert ended.ended_at is not None
    assert ended.documents.filter(kind=DocumentKind.ROUTES_NOTICE, generated=True).count() == 1
    event = Event.objects.get(verb="mediation.mediationcase.record_refusal")
    assert event.to_status == CaseStatus.NOT_MEDIATED
    assert "向人民法院提起诉讼" in event.data["routes"]
    assert event.data["article"] == "《人民调解法》第二十六条"


def test_labour_routes_name_arbitration_first(world: MediationWorld) -> None:
    case = make_case(world, "applied", category_code="labour")
    token = seek_consent(actor=world.chair, case=case)[0].token
    answer_invitation(token=token, decision=ConsentDecision.REFUSED, answered_by_name="钱被申")
    routes = Event.objects.get(verb="mediation.mediationcase.record_refusal").data["routes"]
    assert routes[0] == "向劳动人事争议仲裁委员会申请仲裁"


def test_the_representative_may_answer(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    CaseParty.objects.filter(pk=respondent(case).pk).update(representative_name="钱代理")
    token = seek_consent(actor=world.chair, case=case)[0].token
    consent = answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱代理")
    assert consent.answered_by_name == "钱代理"


def test_consent_by_someone_who_is_not_the_party_or_representative_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    token = seek_consent(actor=world.chair, case=case)[0].token
    with pytest.raises(DomainError, match="既不是当事人本人，也不是其代理人") as caught:
        answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="隔壁老王")
    assert caught.value.code == "not_party_or_representative"
    assert Consent.objects.get().decision == ConsentDecision.PENDING
    with pytest.raises(DomainError, match="请填写答复人姓名"):
        answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name=" ")


def test_a_logged_in_citizen_must_be_the_party_account(world: MediationWorld) -> None:
    owner = CitizenFactory(real_name="钱被申")
    case = make_case(world, "applied", respondent_user=owner)
    token = seek_consent(actor=world.chair, case=case)[0].token
    stranger = CitizenFactory(real_name="钱被申")
    with pytest.raises(DomainError, match="您登录的账号既不是该当事人本人"):
        answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申", actor=stranger)
    consent = answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申", actor=owner)
    assert consent.recorded_by == owner


def test_bad_and_tampered_tokens(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    token = seek_consent(actor=world.chair, case=case)[0].token
    # Another consent's id under this token's signature (not id 1: on a fresh SQLite database this
    # very consent may be 1, and the "tampered" token would be the real one).
    other = base64.urlsafe_b64encode(json.dumps({"c": Consent.objects.get().pk + 1000}).encode()).decode().rstrip("=")
    for bad in ("", "nonsense", token[:-2] + "xx", token.replace(token.split(":")[0], other)):
        with pytest.raises(DomainError, match="邀请链接无效") as caught:
            answer_invitation(token=bad, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申")
        assert caught.value.code == "bad_token"
    with pytest.raises(DomainError, match="请选择同意调解或拒绝调解"):
        answer_invitation(token=token, decision="maybe", answered_by_name="钱被申")
    assert Consent.objects.get().decision == ConsentDecision.PENDING


def test_the_link_lapses_after_the_region_s_consent_days(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    with time_machine.travel(MONDAY, tick=False):
        token = seek_consent(actor=world.chair, case=case)[0].token
    with time_machine.travel(MONDAY + datetime.timedelta(days=7, minutes=1), tick=False):
        with pytest.raises(DomainError, match="邀请链接已过期") as caught:
            answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申")
        assert caught.value.code == "token_expired"
    RegionSetting.objects.create(
        region=world.net.province, key="mediation.consent_days", value=10, effective_from=datetime.date(2026, 1, 1)
    )
    with time_machine.travel(MONDAY + datetime.timedelta(days=9), tick=False):
        consent = answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申")
    assert consent.decision == ConsentDecision.CONSENTED


def test_staff_record_an_answer_given_in_person(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    seek_consent(actor=world.chair, case=case)
    consent = record_consent(
        actor=world.mediators[0].user,
        case=case,
        party=respondent(case),
        decision=ConsentDecision.CONSENTED,
        method=ConsentMethod.IN_PERSON,
        answered_by_name="钱被申",
    )
    assert (consent.method, consent.recorded_by) == (ConsentMethod.IN_PERSON, world.mediators[0].user)
    assert Event.objects.get(verb="mediation.mediationcase.consent_answered").channel == "workbench"


def test_staff_recording_checks_every_input_at_once(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    seek_consent(actor=world.chair, case=case)
    with pytest.raises(DomainError) as caught:
        record_consent(
            actor=world.chair,
            case=case,
            party=respondent(case),
            decision="shrug",
            method=ConsentMethod.LINK,
            answered_by_name="隔壁老王",
        )
    assert {p.code for p in caught.value.problems} == {
        "invalid_method",
        "invalid_decision",
        "not_party_or_representative",
    }
    assert Consent.objects.get().decision == ConsentDecision.PENDING


def test_a_party_of_another_case_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    other = make_case(world, "applied")
    seek_consent(actor=world.chair, case=case)
    with pytest.raises(DomainError, match="该当事人不属于本案"):
        record_consent(
            actor=world.chair,
            case=case,
            party=respondent(other),
            decision=ConsentDecision.CONSENTED,
            method=ConsentMethod.PHONE,
            answered_by_name="钱被申",
        )


def test_a_refusal_after_acceptance_still_ends_the_case(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    record_consent(
        actor=world.chair,
        case=case,
        party=respondent(case),
        decision=ConsentDecision.REFUSED,
        method=ConsentMethod.WRITTEN,
        answered_by_name="钱被申",
    )
    assert fresh(case).status == CaseStatus.NOT_MEDIATED
    accepted = make_case(world, "accepted")
    with pytest.raises(DomainError, match="案件已受理，无须再记录同意调解"):
        record_consent(
            actor=world.chair,
            case=accepted,
            party=respondent(accepted),
            decision=ConsentDecision.CONSENTED,
            method=ConsentMethod.PHONE,
            answered_by_name="钱被申",
        )


def test_no_answer_once_mediation_has_begun_or_ended(world: MediationWorld) -> None:
    for status in ("in_mediation", "not_mediated"):
        case = make_case(world, status)
        with pytest.raises(DomainError, match="不能再记录调解意愿"):
            record_consent(
                actor=world.chair,
                case=case,
                party=respondent(case),
                decision=ConsentDecision.REFUSED,
                method=ConsentMethod.PHONE,
                answered_by_name="钱被申",
            )
        assert fresh(case).status == status


def test_a_citizen_party_answers_for_themselves_only(world: MediationWorld) -> None:
    owner = CitizenFactory(real_name="钱被申")
    case = make_case(world, "applied", respondent_user=owner)
    seek_consent(actor=world.chair, case=case)
    consent = record_consent(
        actor=owner,
        case=case,
        party=respondent(case),
        decision=ConsentDecision.CONSENTED,
        method=ConsentMethod.LINK,
        answered_by_name="钱被申",
    )
    assert consent.decision == ConsentDecision.CONSENTED
    applicant = case.parties.get(side=PartySide.APPLICANT)
    assert applicant.user is not None
    with pytest.raises(NotPermitted):
        record_consent(
            actor=applicant.user,
            case=case,
            party=respondent(case),
            decision=ConsentDecision.REFUSED,
            method=ConsentMethod.LINK,
            answered_by_name="钱被申",
        )
    assert fresh(case).status == CaseStatus.CONSENT_PENDING


def test_an_unanswered_invitation_lapses_into_a_refusal(world: MediationWorld) -> None:
    from gongfa.mediation.services.consent import lapse_overdue_consents

    case = make_case(world, "applied")
    answered = make_case(world, "applied")
    with time_machine.travel(MONDAY, tick=False):
        seek_consent(actor=world.chair, case=case)
        token = seek_consent(actor=world.chair, case=answered)[0].token
        answer_invitation(token=token, decision=ConsentDecision.CONSENTED, answered_by_name="钱被申")
    with time_machine.travel(MONDAY + datetime.timedelta(days=6), tick=False):
        assert lapse_overdue_consents() == []
    with time_machine.travel(MONDAY + datetime.timedelta(days=7, hours=1), tick=False):
        assert lapse_overdue_consents() == [case.pk]
        assert lapse_overdue_consents() == []  # safe to run twice
    ended = fresh(case)
    assert (ended.status, ended.outcome) == (CaseStatus.NOT_MEDIATED, Outcome.REFUSED)
    assert ended.documents.filter(kind=DocumentKind.ROUTES_NOTICE).count() == 1
    assert Consent.objects.get(case=case).decision == ConsentDecision.REFUSED
    event = Event.objects.get(verb="mediation.mediationcase.record_refusal")
    assert (event.actor, event.channel) == (None, "system")
    assert fresh(answered).status == CaseStatus.CONSENT_PENDING


def test_a_link_answered_after_the_case_moved_on_is_refused(world: MediationWorld) -> None:
    from gongfa.mediation.services.acceptance import accept_case

    case = make_case(world, "applied")
    MediationCase.objects.filter(pk=case.pk).update(source=CaseSource.OWN_INITIATIVE)
    invitations = seek_consent(actor=world.chair, case=fresh(case))
    accept_case(actor=world.chair, case=case)  # own initiative: no party objected
    with pytest.raises(DomainError, match="案件当前状态为“已受理”，无须再答复") as caught:
        answer_invitation(token=invitations[0].token, decision=ConsentDecision.CONSENTED, answered_by_name="赵申请")
    assert caught.value.code == "consent_closed"
