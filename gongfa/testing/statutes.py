"""A few real articles (text as published) imported as a tiny corpus, for tests of the Q&A, its API
and its pages. The full corpus takes seconds to import; these take milliseconds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LAWS: list[dict[str, Any]] = [
    {
        "name": "中华人民共和国劳动合同法",
        "status": "现行有效",
        "effective_date": "2013-07-01",
        "articles": [
            {
                "number": "第三十条",
                "chapter": "第三章 劳动合同的履行和变更",
                "text": "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。\n"
                "用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令，"
                "人民法院应当依法发出支付令。",
            },
            {
                "number": "第八十二条",
                "chapter": "第七章 法律责任",
                "text": "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，"
                "应当向劳动者每月支付二倍的工资。",
            },
        ],
    },
    {
        "name": "中华人民共和国法律援助法",
        "status": "现行有效",
        "effective_date": "2022-01-01",
        "articles": [
            {
                "number": "第三十一条",
                "chapter": "第四章 形式和范围",
                "text": "下列事项的当事人，因经济困难没有委托代理人的，可以向法律援助机构申请法律援助：\n"
                "（一）依法请求国家赔偿；\n（五）请求确认劳动关系或者支付劳动报酬；",
            },
        ],
    },
    {
        "name": "中华人民共和国道路交通安全法",
        "status": "现行有效",
        "effective_date": "2021-04-29",
        "articles": [
            {
                "number": "第七十六条",
                "chapter": "第五章 交通事故处理",
                "text": "机动车发生交通事故造成人身伤亡、财产损失的，由保险公司在机动车第三者责任强制保险"
                "责任限额范围内予以赔偿。",
            },
        ],
    },
]


def import_small_corpus(folder: Path) -> None:
    """Write the laws above as JSON files under `folder` and import them (and build the index)."""
    from gongfa.knowledge.search import build_index, forget_loaded_index
    from gongfa.knowledge.services import import_statutes
    from gongfa.knowledge.sources import read_folder

    folder.mkdir(parents=True, exist_ok=True)
    for number, law in enumerate(LAWS):
        (folder / f"law{number}.json").write_text(json.dumps(law, ensure_ascii=False), encoding="utf-8")
    import_statutes(read_folder(folder), source="test")
    forget_loaded_index()
    build_index()
