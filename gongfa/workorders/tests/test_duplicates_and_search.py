import datetime

import time_machine

from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.search import search_orders, segment
from gongfa.workorders.services import create_work_order
from gongfa.workorders.services.duplicates import possible_duplicates, similarity

T0 = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)


def _ask(citizen, region, text, when=T0):
    with time_machine.travel(when, tick=False):
        return create_work_order(channel=Channel.PORTAL, region=region, text=text, requester=citizen).order


def test_similar_text_from_the_same_person_is_flagged(network, citizen):
    first = _ask(citizen, network.villages[0], "包工头拖欠我三个月工资不给，怎么办")
    second = _ask(
        citizen, network.villages[0], "包工头拖欠我三个月的工资，一直不给怎么办？", T0 + datetime.timedelta(days=2)
    )
    unrelated = _ask(citizen, network.villages[0], "离婚时孩子归谁抚养", T0 + datetime.timedelta(days=2))
    other_person = _ask(CitizenFactory(), network.villages[0], "包工头拖欠我三个月工资不给，怎么办")
    found = possible_duplicates(second)
    assert [order for order, _ in found] == [first]
    assert found[0][1] >= 0.35
    assert unrelated not in [o for o, _ in found] and other_person not in [o for o, _ in found]


def test_outside_the_window_is_not_a_duplicate(network, citizen):
    _ask(citizen, network.villages[0], "包工头拖欠我三个月工资不给")
    late = _ask(citizen, network.villages[0], "包工头拖欠我三个月工资不给", T0 + datetime.timedelta(days=30))
    assert possible_duplicates(late) == []


def test_similarity_is_bigram_jaccard():
    assert similarity("拖欠工资", "拖欠工资") == 1.0
    assert similarity("拖欠工资", "离婚财产") == 0.0
    assert similarity("", "拖欠") == 0.0


def test_segmented_search_finds_words_inside_sentences(network, citizen):
    wage = _ask(citizen, network.villages[0], "工地老板拖欠农民工工资")
    divorce = _ask(citizen, network.villages[0], "协议离婚后房产怎么分")
    assert "工资" in segment("拖欠农民工工资")
    everything = WorkOrder.objects.all()
    assert list(search_orders(everything, "工资")) == [wage]
    assert list(search_orders(everything, "离婚 房产")) == [divorce]
    assert list(search_orders(everything, wage.tracking_number)) == [wage]
    assert set(search_orders(everything, "   ")) == {wage, divorce}  # an empty query filters nothing
