"""Demo data for the Q&A's demand analysis and staff verification (issue #19), made through the
services: citizens' questions asked on the portal, the hotline and the API at the county's
villages (each logged by `qa.ask` with the confidence it really has), two answers rated unhelpful,
and two verified by the county's supervisor (one confirmed,
one marked "not a legal question"), so 需求研判 → 问题核实 has a queue and the question memory a
verified entry on `make run`.

The questions are written for the demo (none comes from the evaluation data). Needs the statutes
imported (prepare_demo does that first); without them this step says so and skips. A second run
finds the first question and skips.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.knowledge import qa
from gongfa.knowledge.choices import QuestionVerdict
from gongfa.knowledge.models import Article, Law, QuestionLog
from gongfa.knowledge.verification import do_verify_question, proposed_text, record_feedback
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.network.selectors import supervisors_covering

Progress = Callable[[str], None]

# (question, channel); the first one marks the run (a second run finds it and skips).
QUESTIONS: list[tuple[str, str]] = [
    (
        "我在镇上的砖厂干了八个月，老板一直说月底结工资，到现在一分没给，我叫王建国，电话13900001234，该怎么办？",
        Channel.PORTAL,
    ),
    ("楼上邻居装修砸墙，把我家客厅的墙震出好几道裂缝，他们不认账，我能要求赔偿吗", Channel.HOTLINE),
    ("我七十三了，三个儿子都说没钱，谁也不给生活费，我能去告他们吗", Channel.HOTLINE),
    ("村里要把我家承包的地收回去给别人种，说我户口迁走了，这样合法吗", Channel.PORTAL),
    ("借给表哥五万块钱，写了借条，现在他说没钱还，已经过去两年了还能要吗", Channel.API),
    ("网上买的电饭锅用了三天就坏了，商家说不给退，我该找谁", Channel.PORTAL),
    ("骑电动车被小轿车撞了，腿骨折住院，交警还没出认定书，医药费谁先垫付", Channel.HOTLINE),
    ("丈夫喝了酒就动手打我，孩子也害怕，我不敢回家，能申请什么保护", Channel.HOTLINE),
    ("我家的狗把邻居小孩咬伤了，要赔多少钱", Channel.PORTAL),
    ("单位让我签自愿放弃社保的协议，签了以后还能要求补缴吗", Channel.API),
    ("请问明天县城到市里的班车几点发车", Channel.PORTAL),
    ("孙子在学校被同学打了，学校说不归他们管，对吗", Channel.PORTAL),
]
UNHELPFUL = (3, 9)  # rated unhelpful by the asker
CONFIRMED = 1  # the supervisor confirms the neighbour's-wall question
NOT_LEGAL = 10  # and marks the bus timetable question "not a legal question"
WALL_ARTICLE = ("中华人民共和国民法典", "第二百九十五条")


@dataclass
class QuestionsResult:
    asked: int = 0
    verified: int = 0
    skipped: bool = False


def seed_questions(
    seed: int, county_code: str, start: datetime.date, progress: Progress | None = None
) -> QuestionsResult:
    say = progress or (lambda _message: None)
    if not Law.objects.exists():
        say("问题核实演示数据：法规库尚未导入，跳过。")
        return QuestionsResult(skipped=True)
    if QuestionLog.objects.filter(question=QUESTIONS[0][0]).exists():
        say("问题核实演示数据已存在，跳过。")
        return QuestionsResult(skipped=True)
    county = Region.objects.filter(code=county_code).first()
    if county is None:
        return QuestionsResult(skipped=True)
    low, high = county.subtree_bounds()
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE, code__range=(low, high)).order_by("code")[:6])
    supervisor = next((user for region, user in supervisors_covering(county) if region.pk == county.pk), None)
    rng = random.Random(f"{seed}/questions")
    result = QuestionsResult()
    with transaction.atomic():
        logs = []
        for position, (question, channel) in enumerate(QUESTIONS):
            region = villages[position % len(villages)] if villages and channel != Channel.API else None
            log = qa.ask(question, channel=channel, region=region).log
            asked_at = timezone.now() - datetime.timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600))
            QuestionLog.objects.filter(pk=log.pk).update(created_at=asked_at)
            logs.append(log)
            result.asked += 1
        for position in UNHELPFUL:
            record_feedback(logs[position], helpful=False)
        wall = (
            Article.objects.current()
            .filter(version__law__name=WALL_ARTICLE[0], label=WALL_ARTICLE[1])
            .values_list("pk", flat=True)
            .first()
        )
        if supervisor is not None and wall is not None:
            confirmed = logs[CONFIRMED]
            do_verify_question(
                log=confirmed,
                actor=supervisor,
                text=proposed_text(confirmed),
                verdict=QuestionVerdict.LEGAL,
                article_ids=[wall],
            )
            not_legal = logs[NOT_LEGAL]
            do_verify_question(
                log=not_legal, actor=supervisor, text=proposed_text(not_legal), verdict=QuestionVerdict.NOT_LEGAL
            )
            result.verified = 2
    say(f"问题核实：提问 {result.asked} 条（其中 {len(UNHELPFUL)} 条群众反馈没帮助），已核实 {result.verified} 条")
    return result
