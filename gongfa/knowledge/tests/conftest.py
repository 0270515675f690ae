import json

import pytest

from gongfa.knowledge.search import forget_loaded_index
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder

ARTICLES = [
    "用人单位应当按时足额支付劳动者的劳动报酬，不得克扣或者无故拖欠。",
    "劳动者可以向劳动争议仲裁委员会申请仲裁。",
    "机动车发生交通事故造成人身伤亡的，由保险公司在强制保险责任限额范围内予以赔偿。",
]
LABOUR_LAW = {
    "name": "中华人民共和国劳动报酬保障法",
    "status": "现行有效",
    "effective_date": "2020-01-01",
    "articles": [
        {"number": "第一条", "chapter": "第一章 总则", "text": ARTICLES[0]},
        {"number": "第二条", "chapter": "第一章 总则", "text": ARTICLES[1]},
        {"number": "第三条", "chapter": "第二章 交通", "text": ARTICLES[2]},
    ],
}


def write_law(folder, data=None, filename="law.json"):
    (folder / filename).write_text(json.dumps(data or LABOUR_LAW, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(autouse=True)
def index_home(settings, tmp_path_factory):
    """The search index under a throwaway VAR_DIR, and no index left loaded between tests."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    forget_loaded_index()
    yield settings.VAR_DIR
    forget_loaded_index()


@pytest.fixture
def small_corpus(db, tmp_path, index_home):
    folder = tmp_path / "laws"
    folder.mkdir()
    write_law(folder)
    import_statutes(read_folder(folder), source="test")
    return folder
