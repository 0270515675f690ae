"""Optional drafts from an OpenAI-compatible server: only vetted citations survive; any failure
falls back to the articles. The server here is a local stand-in speaking the protocol."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongfa.knowledge import qa
from gongfa.knowledge.choices import AnswerSource
from gongfa.knowledge.generation import vet
from gongfa.knowledge.models import QuestionLog

DRAFT = (
    "根据《劳动合同法》第30条，用人单位应当及时足额支付劳动报酬。"
    "依照《劳动合同法》第九百九十九条，您还可以要求双倍赔偿。"
    "《虚构法》第一条也有规定。"
)

pytestmark = pytest.mark.django_db


class StandIn(BaseHTTPRequestHandler):
    requests: list[dict] = []
    reply: object = {"choices": [{"message": {"role": "assistant", "content": DRAFT}}]}
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        StandIn.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": json.loads(self.rfile.read(length))}
        )
        body = json.dumps(StandIn.reply).encode() if not isinstance(StandIn.reply, bytes) else StandIn.reply
        self.send_response(StandIn.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def llm(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StandIn.requests = []
    StandIn.reply = {"choices": [{"message": {"role": "assistant", "content": DRAFT}}]}
    StandIn.status = 200
    settings.LLM_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.LLM_MODEL = "qwen-test"
    settings.LLM_API_KEY = "sk-test"
    settings.LLM_TIMEOUT = 5
    yield StandIn
    server.shutdown()
    server.server_close()


def test_the_draft_keeps_current_citations_and_drops_the_rest(statute_corpus, llm):
    answer = qa.ask("老板拖欠工资怎么办")
    assert answer.source == AnswerSource.GENERATED
    assert "《劳动合同法》第30条" in answer.short_answer
    assert "第九百九十九条" not in answer.short_answer and "《虚构法》" not in answer.short_answer
    assert answer.short_answer.count("［引用已删除］") == 2
    assert answer.removed_citations == ["《劳动合同法》第九百九十九条（条文不存在）", "《虚构法》第一条（法律不存在）"]
    assert QuestionLog.objects.get().answer_source == AnswerSource.GENERATED
    # The model saw the question and the retrieved articles only, through the chat protocol.
    sent = llm.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sk-test"
    assert sent["body"]["model"] == "qwen-test"
    user_message = sent["body"]["messages"][-1]["content"]
    assert "老板拖欠工资怎么办" in user_message and "《劳动合同法》第三十条：用人单位应当" in user_message


@pytest.mark.parametrize(
    ("status", "reply"),
    [(500, {"error": "overloaded"}), (200, b"not json"), (200, {"choices": []}), (200, {"choices": [{"message": {}}]})],
)
def test_a_failing_server_falls_back_to_the_articles(statute_corpus, llm, status, reply):
    llm.status, llm.reply = status, reply
    answer = qa.ask("老板拖欠工资怎么办")
    assert answer.source == AnswerSource.ARTICLES
    assert "《劳动合同法》第三十条" in answer.short_answer


def test_an_unreachable_server_falls_back(statute_corpus, settings):
    settings.LLM_BASE_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    settings.LLM_TIMEOUT = 1
    assert qa.ask("老板拖欠工资怎么办").source == AnswerSource.ARTICLES


def test_without_a_server_no_request_is_made(statute_corpus, settings):
    settings.LLM_BASE_URL = ""
    assert qa.ask("老板拖欠工资怎么办").source == AnswerSource.ARTICLES


def test_vet_leaves_a_clean_draft_alone(statute_corpus):
    draft = vet("依照《劳动合同法》第三十条，单位应当足额支付。")
    assert draft.removed == [] and draft.text == "依照《劳动合同法》第三十条，单位应当足额支付。"


def test_vet_keeps_the_valid_numbers_of_a_list_after_one_law_name(statute_corpus):
    draft = vet("依照《劳动合同法》第三十条、第九百九十九条、第八十二条，可以要求支付。")
    assert draft.text == "依照《劳动合同法》第三十条、《劳动合同法》第八十二条［引用已删除］，可以要求支付。"
    assert draft.removed == ["《劳动合同法》第九百九十九条（条文不存在）"]
