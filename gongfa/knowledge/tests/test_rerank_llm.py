"""The LLM re-ranker against a real HTTP server on 127.0.0.1 speaking the chat completions protocol.

Anything but a clean {"ranking": [...]} of candidate numbers is refused whole; each refusal keeps
the fused order, logs why, and never logs the question.
"""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongfa.knowledge.health import check_reranker
from gongfa.knowledge.rerank import Candidate, forget_rerankers, rerank

QUESTION = "我叫李四，电话13912345678，公司两个月没发工资，能不能辞职并要经济补偿？"
CANDIDATES = [
    Candidate(11, "《劳动合同法》第三十条", "用人单位应当按照劳动合同约定和国家规定，及时足额支付劳动报酬。"),
    Candidate(12, "《劳动合同法》第三十八条", "用人单位未及时足额支付劳动报酬的，劳动者可以解除劳动合同。"),
    Candidate(13, "《劳动合同法》第四十六条", "劳动者依照本法第三十八条规定解除劳动合同的，用人单位应当支付经济补偿。"),
    Candidate(14, "《道路交通安全法》第七十六条", "机动车发生交通事故造成人身伤亡、财产损失的，由保险公司赔偿。"),
    Candidate(15, "《劳动争议调解仲裁法》第五条", "发生劳动争议，当事人可以向劳动争议仲裁委员会申请仲裁。"),
]
FUSED = [11, 12, 13, 14, 15]


class ChatServer(BaseHTTPRequestHandler):
    """Plays an OpenAI-compatible server; the test sets what it answers through `state`."""

    state: dict = {}

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.state["requests"].append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "body": json.loads(self.rfile.read(length)),
            }
        )
        time.sleep(self.state["delay"])
        reply = self.state["reply"]
        if isinstance(reply, bytes):
            body = reply
        else:
            body = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        try:
            self.send_response(self.state["status"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the slow case)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def llm(settings):
    forget_rerankers()
    ChatServer.state = {"requests": [], "reply": '{"ranking": [3, 2]}', "status": 200, "delay": 0.0}
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatServer)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    settings.QA_RERANKER = "llm"
    settings.LLM_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1/"
    settings.LLM_MODEL = "qwen-test"
    settings.LLM_API_KEY = "sk-test"
    settings.QA_RERANKER_BUDGET_MS = 10_000
    yield ChatServer.state
    server.shutdown()
    server.server_close()
    forget_rerankers()


def test_the_ranking_is_applied_and_the_left_out_follow_in_fused_order(llm):
    outcome = rerank(QUESTION, CANDIDATES)

    assert outcome.reranker == "llm" and outcome.fallback_reason == ""
    assert outcome.article_ids == [13, 12, 11, 14, 15]


def test_the_request_follows_the_chat_completions_protocol(llm):
    rerank(QUESTION, CANDIDATES)

    [sent] = llm["requests"]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["authorization"] == "Bearer sk-test"
    body = sent["body"]
    assert body["model"] == "qwen-test"
    assert body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system" and '{"ranking": [3, 1, 7]}' in system["content"]
    assert "编号" in system["content"]
    assert user["role"] == "user" and QUESTION in user["content"]
    for number, candidate in enumerate(CANDIDATES, start=1):
        assert f"[{number}] {candidate.citation}：{candidate.text}" in user["content"]


def test_without_a_key_no_authorization_is_sent(llm, settings):
    settings.LLM_API_KEY = ""
    assert rerank(QUESTION, CANDIDATES).fallback_reason == ""
    assert llm["requests"][0]["authorization"] is None


@pytest.mark.parametrize(
    ("status", "reply", "reason"),
    [
        (200, "排序如下：3、2、1", "LLM 的回答不是 JSON"),
        (200, '```json\n{"ranking": [3, 2]}\n```', "LLM 的回答不是 JSON"),
        (200, '{"order": [3, 2]}', 'LLM 的回答不是 {"ranking": [...]} 形式'),
        (200, "[3, 2]", 'LLM 的回答不是 {"ranking": [...]} 形式'),
        (200, '{"ranking": []}', "LLM 的排序为空"),
        (200, '{"ranking": ["3", 2]}', "LLM 的排序中有非整数的编号"),
        (200, '{"ranking": [3, true]}', "LLM 的排序中有非整数的编号"),
        (200, '{"ranking": [3, 6]}', "LLM 的排序中有候选范围（1–5）之外的编号：6"),
        (200, '{"ranking": [0, 1]}', "LLM 的排序中有候选范围（1–5）之外的编号：0"),
        (200, '{"ranking": [3, 2, 3]}', "LLM 的排序中编号 3 重复"),
        (500, '{"ranking": [3, 2]}', "LLM 服务返回 HTTP 500"),
        (200, b"<html>bad gateway</html>", "LLM 服务的回复不是 chat completions 格式"),
        (200, b'{"choices": []}', "LLM 服务的回复不是 chat completions 格式"),
    ],
    ids=[
        "not-json",
        "fenced-json",
        "wrong-key",
        "bare-list",
        "empty",
        "string-number",
        "boolean",
        "number-outside",
        "number-zero",
        "duplicate",
        "http-500",
        "not-chat-completions",
        "no-choices",
    ],
)
def test_a_bad_answer_keeps_the_fused_order_and_logs_why(llm, caplog, status, reply, reason):
    llm["status"], llm["reply"] = status, reply
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES)

    assert outcome.article_ids == FUSED and outcome.reranker == "llm"
    assert outcome.fallback_reason.startswith(reason)
    assert reason in caplog.text
    assert "李四" not in caplog.text and "13912345678" not in caplog.text and "经济补偿" not in caplog.text


def test_a_server_slower_than_the_budget_is_not_waited_for(llm, caplog, settings):
    llm["delay"] = 2.0
    settings.QA_RERANKER_BUDGET_MS = 300
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES)

    assert time.monotonic() - started < 1.5
    assert outcome.article_ids == FUSED
    assert outcome.fallback_reason.startswith("超时（预算 300 毫秒）")
    assert "超时" in caplog.text and "李四" not in caplog.text


def test_an_unreachable_server_keeps_the_fused_order(settings, caplog):
    forget_rerankers()
    settings.QA_RERANKER = "llm"
    settings.LLM_BASE_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    settings.LLM_MODEL = "qwen-test"
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES, budget_s=2.0)

    assert outcome.article_ids == FUSED and outcome.fallback_reason.startswith("无法连接 LLM 服务")
    forget_rerankers()


def test_readiness_does_not_call_the_server(llm):
    assert check_reranker() == "llm"
    assert llm["requests"] == []
