"""The triage topic classifier (咨询类别分类), plugged in through settings.TOPIC_CLASSIFIER.

Three sources of evidence, each a score per topic code, added with fixed weights:

- rules: the keywords staff keep on each Topic row plus a shipped table of cue words
  (data/topic_rules.tsv) — 离婚 → 婚姻家庭, 工伤 → 劳动纠纷 …;
- retrieval: the statute search's best articles vote for the topic of their law or chapter
  (data/topic_laws.tsv: 劳动合同法 → 劳动纠纷, 民法典婚姻家庭编 → 婚姻家庭 …);
- a model: multinomial naive Bayes over words and character pairs, trained by
  `manage.py train_topic_classifier` from staff-labelled work orders, published FAQ entries and
  the statute corpus itself (articles labelled through the same law table), saved under
  VAR_DIR/models/ and reloaded when the file changes.

A text with no Chinese, or with nothing pointing anywhere, goes to 其他 with confidence 0.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings

from gongfa.core.segment import segment
from gongfa.knowledge.memory import QuestionMemory
from gongfa.workorders.classify import FALLBACK_TOPIC_CODE, TopicGuess, active_topics, fallback_topic
from gongfa.workorders.models import Topic

DATA = Path(__file__).resolve().parent / "data"
RULES_FILE = "topic_rules.tsv"
LAWS_FILE = "topic_laws.tsv"
MODEL_NAME = "topic_classifier.npz"
MODEL_FORMAT = 1

MAX_CHARS = 1000  # a long order is classified by its beginning
KEYWORD_WEIGHT = 1.0  # each Topic.keywords word found
RULE_WEIGHT = 1.0  # multiplier of the rules' total
RETRIEVAL_K = 10
RETRIEVAL_WEIGHT = 1.5  # the retrieval vote sums to at most this
MODEL_WEIGHT = 0.2  # multiplier of the model's (centred) log-likelihoods
MODEL_ALONE = 0.5  # the model alone decides only when its top topic has at least this probability
CONFIDENCE_TEMPERATURE = 2.0  # score units per e-fold in the confidence's softmax
SINGLE_CHARACTER_FACTOR = 0.5  # a one-character cue (借, 车) is weak evidence
MIN_SCORE = 0.5  # below this nothing points anywhere: 其他

_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


# ---------------------------------------------------------------- shipped tables


def _data_lines(name: str) -> Iterable[list[str]]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@cache
def shipped_rules() -> dict[str, list[tuple[str, float]]]:
    """cue → [(topic code, weight)] from data/topic_rules.tsv."""
    rules: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for columns in _data_lines(RULES_FILE):
        code, weight, cues = columns[0].strip(), float(columns[1]), columns[2]
        for cue in dict.fromkeys(cues.split()):
            rules[cue].append((code, weight * SINGLE_CHARACTER_FACTOR if len(cue) == 1 else weight))
    return dict(rules)


@dataclass(frozen=True)
class LawRule:
    law: str
    first: int  # article numbers, inclusive; 0 … big for all
    last: int
    chapter: str  # "" for any
    code: str
    weight: float

    @property
    def specificity(self) -> tuple[int, int]:
        return (1 if self.chapter else 0, -(self.last - self.first))


@cache
def law_rules() -> dict[str, list[LawRule]]:
    """law key (name without 中华人民共和国) → its rows of data/topic_laws.tsv."""
    found: dict[str, list[LawRule]] = defaultdict(list)
    for columns in _data_lines(LAWS_FILE):
        law, span, chapter, code, weight = (c.strip() for c in columns[:5])
        first, last = (0, 10**6) if span == "*" else (int(n) for n in span.split("-"))
        found[law].append(LawRule(law, first, last, "" if chapter == "*" else chapter, code, float(weight)))
    return dict(found)


def law_key(name: str) -> str | None:
    """Which key of the law table a law's name falls under: the name itself without the
    中华人民共和国 prefix, the law an amendment (修正案) or an interpretation (关于《…》) is of."""
    rules = law_rules()
    quoted = re.search(r"《(?:中华人民共和国)?([^》]+)》", name)
    base = quoted.group(1) if quoted else name.removeprefix("中华人民共和国")
    if base in rules:
        return base
    for key in sorted(rules, key=len, reverse=True):
        if base.startswith(key) and base[len(key) :].startswith("修正案"):
            return key
    return None


def article_topics(law_name: str, number: int | None, chapter: str, section: str) -> dict[str, float]:
    """The topic vote (code → share, summing to 1) of one article; empty when its law is not in the
    table. The most specific matching group of rows wins (a chapter beats a range, a narrow range
    a wide one)."""
    key = law_key(law_name)
    if key is None:
        return {}
    where = f"{chapter} {section}"
    matching = [
        rule
        for rule in law_rules()[key]
        if (rule.first == 0 or (number is not None and rule.first <= number <= rule.last))
        and (not rule.chapter or rule.chapter in where)
    ]
    if not matching:
        return {}
    best = max(rule.specificity for rule in matching)
    group = [rule for rule in matching if rule.specificity == best]
    total = sum(rule.weight for rule in group)
    return {rule.code: rule.weight / total for rule in group}


# ---------------------------------------------------------------- features and the model


def features(text: str) -> list[str]:
    """Words (search-mode segmentation) and every pair of adjacent Chinese characters."""
    found = [w for w in segment(text) if _HAN.search(w)]
    for run in _HAN_RUN.findall(text):
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


@dataclass
class TopicModel:
    codes: list[str]
    vocabulary: dict[str, int]
    log_prob: np.ndarray  # (features, topics): log P(feature | topic)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # source → topic code → examples

    def log_posterior(self, text: str) -> np.ndarray | None:
        """Per-topic log-likelihood of the text's known features (uniform prior), centred; None
        when the text has no feature the model knows."""
        rows = [self.vocabulary[f] for f in features(text) if f in self.vocabulary]
        if not rows:
            return None
        scores = self.log_prob[np.asarray(rows)].sum(axis=0) / math.sqrt(len(rows))
        return np.asarray(scores - scores.mean(), dtype=np.float64)


@dataclass(frozen=True)
class Example:
    text: str
    code: str
    source: str
    weight: float


SOURCE_WEIGHT = {"staff": 8.0, "faq": 4.0, "rules": 1.0, "corpus": 1.0}
CORPUS_MASS = 40.0  # the statute corpus's examples of one topic weigh as much as this many staff examples
MIN_FEATURE_COUNT = 2
ALPHA = 0.1  # additive smoothing


class NotEnoughData(ValueError):
    pass


def train_model(examples: Sequence[Example], codes: Sequence[str], min_topics: int = 2) -> TopicModel:
    """Multinomial naive Bayes with length-normalised examples. The statute examples of a topic are
    scaled to CORPUS_MASS together, so a long law does not outweigh the staff's labels. Deterministic:
    the vocabulary is sorted and every sum runs in a fixed order."""
    codes = list(codes)
    index = {code: i for i, code in enumerate(codes)}
    usable = [e for e in examples if e.code in index]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for example in usable:
        counts[example.source][example.code] += 1
    covered = {e.code for e in usable if e.source != "rules"}
    if len(covered) < min_topics:
        raise NotEnoughData(f"训练数据不足：只有 {len(covered)} 个类别有文本样本，至少需要 {min_topics} 个")
    corpus_total: dict[str, float] = defaultdict(float)
    for example in usable:
        if example.source == "corpus":
            corpus_total[example.code] += example.weight
    document_frequency: Counter[str] = Counter()
    tokenised = []
    for example in usable:
        found = features(example.text)
        if not found:
            continue
        tokenised.append((example, Counter(found)))
        document_frequency.update(set(found))
    vocabulary = sorted(f for f, n in document_frequency.items() if n >= MIN_FEATURE_COUNT)
    if not vocabulary:
        raise NotEnoughData("训练数据不足：样本里没有可用的词")
    column = {f: i for i, f in enumerate(vocabulary)}
    mass = np.zeros((len(vocabulary), len(codes)), dtype=np.float64)
    for example, bag in tokenised:
        weight = SOURCE_WEIGHT.get(example.source, 1.0) * example.weight
        if example.source == "corpus":
            weight *= CORPUS_MASS / corpus_total[example.code]
        known = [(column[f], n) for f, n in sorted(bag.items()) if f in column]
        total = sum(n for _, n in known)
        if not total:
            continue
        for row, n in known:
            mass[row, index[example.code]] += weight * n / total
    mass += ALPHA * mass.sum() / mass.size
    log_prob = np.log(mass / mass.sum(axis=0, keepdims=True)).astype(np.float32)
    return TopicModel(
        codes,
        dict(column),
        log_prob,
        {source: dict(sorted(per.items())) for source, per in sorted(counts.items())},
    )


@dataclass(frozen=True)
class TrainingReport:
    path: Path
    model: TopicModel
    names: dict[str, str]  # topic code → name, in taxonomy order
    per_topic: dict[str, Counter[str]]  # topic code → examples per source
    seconds: float


def train_and_save(*, corpus: bool = True, min_examples: int = 20) -> TrainingReport:
    """Train on what the platform knows now (staff labels, FAQ, cue words, the statute corpus)
    and save the model; NotEnoughData when there are fewer than `min_examples` texts (cue words
    do not count) or fewer than two topics with any. Used by the command and the nightly task."""
    started = time.perf_counter()
    topics = list(Topic.objects.filter(is_active=True).exclude(code=FALLBACK_TOPIC_CODE))
    names = {t.code: t.name for t in topics}
    examples = [e for e in training_examples(corpus=corpus) if e.code in names]
    texts = sum(1 for e in examples if e.source != "rules")
    if texts < min_examples:
        raise NotEnoughData(
            f"训练数据不足：只有 {texts} 条文本样本（人工标注、常见问题、法条，至少需要 {min_examples} 条）。"
            "请先导入法规（import_statutes），或积累人工分类的工单。"
        )
    model = train_model(examples, list(names))
    path = save_model(model, fingerprint=training_fingerprint(corpus=corpus))
    per_topic: dict[str, Counter[str]] = {}
    for example in examples:
        per_topic.setdefault(example.code, Counter())[example.source] += 1
    return TrainingReport(path, model, names, per_topic, time.perf_counter() - started)


def model_path() -> Path:
    return Path(settings.VAR_DIR) / "models" / MODEL_NAME


def training_fingerprint(*, corpus: bool = True) -> str:
    """Changes whenever what train_and_save() learns from could change: the active topics, staff
    labels (new corrections, orders whose topic staff set), published FAQ entries, the shipped
    tables and, with the corpus, the statute versions in force. A few aggregate queries, so
    `make run` can skip retraining a model that would come out the same."""
    from django.db.models import Count, Max

    from gongfa.knowledge.models import FaqEntry
    from gongfa.knowledge.search import corpus_fingerprint
    from gongfa.workorders.models import TopicLabel, WorkOrder

    labels = TopicLabel.objects.aggregate(n=Count("pk"), last=Max("pk"))
    staff_set = WorkOrder.objects.filter(topic__isnull=False, topic_reason="").aggregate(n=Count("pk"), last=Max("pk"))
    faq = list(
        FaqEntry.objects.published()
        .filter(topic__isnull=False)
        .order_by("pk")
        .values_list("pk", "topic_id", "question")
    )
    parts = [
        MODEL_FORMAT,
        corpus,
        list(Topic.objects.filter(is_active=True).order_by("code").values_list("code", "pk")),
        labels,
        staff_set,
        faq,
        (DATA / RULES_FILE).read_text(encoding="utf-8"),
        (DATA / LAWS_FILE).read_text(encoding="utf-8"),
        corpus_fingerprint() if corpus else "",
    ]
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


def saved_fingerprint(path: Path | None = None) -> str | None:
    """The training fingerprint stored in the saved model, if there is a readable one."""
    try:
        with np.load(path or model_path(), allow_pickle=False) as data:
            if int(data["format"][0]) != MODEL_FORMAT or "fingerprint" not in data.files:
                return None
            return str(data["fingerprint"][0])
    except (OSError, ValueError, KeyError):
        return None


def model_is_current(*, corpus: bool = True) -> bool:
    """Whether the saved model was trained on the data as it is now."""
    saved = saved_fingerprint()
    return saved is not None and saved == training_fingerprint(corpus=corpus)


def save_model(model: TopicModel, path: Path | None = None, *, fingerprint: str = "") -> Path:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    vocabulary = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    sources = sorted(model.counts)
    count_rows = np.asarray(
        [[model.counts[s].get(code, 0) for code in model.codes] for s in sources], dtype=np.int64
    ).reshape(len(sources), len(model.codes))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".topic-", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out,
                format=np.asarray([MODEL_FORMAT]),
                codes=np.asarray(model.codes),
                vocabulary=np.asarray(vocabulary),
                log_prob=model.log_prob,
                sources=np.asarray(sources, dtype=str),
                counts=count_rows,
                fingerprint=np.asarray([fingerprint]),
            )
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def read_model(path: Path) -> TopicModel | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"][0]) != MODEL_FORMAT:
                return None
            codes = [str(c) for c in data["codes"]]
            vocabulary = {str(f): i for i, f in enumerate(data["vocabulary"])}
            log_prob = np.asarray(data["log_prob"], dtype=np.float32)
            sources = [str(s) for s in data["sources"]]
            count_rows = data["counts"]
    except (OSError, ValueError, KeyError):
        return None
    if log_prob.shape != (len(vocabulary), len(codes)):
        return None
    counts = {
        s: {c: int(n) for c, n in zip(codes, row, strict=True) if n} for s, row in zip(sources, count_rows, strict=True)
    }
    return TopicModel(codes, vocabulary, log_prob, counts)


_lock = threading.Lock()
_loaded: tuple[tuple[str, int, int], TopicModel | None] | None = None


def get_model() -> TopicModel | None:
    """The trained model, loaded once per process and again whenever the file changes."""
    global _loaded
    path = model_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if _loaded is not None and _loaded[0] == key:
        return _loaded[1]
    with _lock:
        if _loaded is None or _loaded[0] != key:
            _loaded = (key, read_model(path))
        return _loaded[1]


def forget_loaded_model() -> None:
    global _loaded
    with _lock:
        _loaded = None


# ---------------------------------------------------------------- training data


def training_examples(*, corpus: bool = True, rules: bool = True) -> list[Example]:
    """Everything the model learns from, in a fixed order: staff labels (the latest correction of
    each order, and orders whose topic staff set at intake), published FAQ entries with a topic, the
    shipped cue words, and the articles in force labelled through the law table."""
    from gongfa.knowledge.models import Article, FaqEntry
    from gongfa.workorders.models import TopicLabel, WorkOrder

    topics = dict(Topic.objects.values_list("pk", "code"))
    examples: list[Example] = []
    labelled: dict[int, tuple[str, str]] = {}
    for order_id, text, topic_id in TopicLabel.objects.order_by("labelled_at", "pk").values_list(
        "order_id", "text", "topic_id"
    ):
        labelled[order_id] = (text, topics[topic_id])
    staff_set = WorkOrder.objects.filter(topic__isnull=False, topic_reason="").exclude(pk__in=list(labelled))
    for order_id, text, topic_id in staff_set.order_by("pk").values_list("pk", "text", "topic_id"):
        labelled[order_id] = (text, topics[topic_id])
    for order_id in sorted(labelled):
        text, code = labelled[order_id]
        examples.append(Example(text, code, "staff", 1.0))
    faq = FaqEntry.objects.published().filter(topic__isnull=False).order_by("pk")
    for question, topic_id in faq.values_list("question", "topic_id"):
        examples.append(Example(question, topics[topic_id], "faq", 1.0))
    if rules:
        for cue, votes in sorted(shipped_rules().items()):
            for code, weight in votes:
                examples.append(Example(cue, code, "rules", weight))
    if corpus:
        articles = Article.objects.current().order_by("pk")
        rows = articles.values_list("text", "number", "chapter", "section", "version__law__name")
        for text, number, chapter, section, law_name in rows.iterator(chunk_size=5000):
            for code, share in sorted(article_topics(law_name, number, chapter, section).items()):
                examples.append(Example(text, code, "corpus", share))
    return examples


# ---------------------------------------------------------------- classifying


@dataclass
class Evidence:
    scores: dict[str, float] = field(default_factory=dict)
    cues: dict[str, list[str]] = field(default_factory=dict)  # code → cue words found
    laws: dict[str, Counter[str]] = field(default_factory=dict)  # code → law names voting for it
    model: dict[str, float] = field(default_factory=dict)
    memory: dict[str, float] = field(default_factory=dict)  # code → the nearest known question's likeness

    def add(self, code: str, value: float) -> None:
        self.scores[code] = self.scores.get(code, 0.0) + value


def rule_evidence(text: str, topics: Sequence[Topic], evidence: Evidence) -> None:
    active = {topic.code for topic in topics}
    for topic in topics:
        for word in topic.keyword_list():
            if word in text:
                evidence.add(topic.code, KEYWORD_WEIGHT * RULE_WEIGHT)
                evidence.cues.setdefault(topic.code, []).append(word)
    for cue, votes in shipped_rules().items():
        if cue in text:
            for code, weight in votes:
                if code in active:
                    evidence.add(code, weight * RULE_WEIGHT)
                    found = evidence.cues.setdefault(code, [])
                    if cue not in found:
                        found.append(cue)


def retrieval_evidence(text: str, active: set[str], evidence: Evidence) -> None:
    from gongfa.knowledge.models import Article
    from gongfa.knowledge.search import get_index

    hits = get_index().search(text, RETRIEVAL_K)
    if not hits:
        return
    rows = Article.objects.filter(pk__in=[pk for pk, _ in hits]).values_list(
        "pk", "number", "chapter", "section", "version__law__name", "version__law__short_name"
    )
    by_pk = {row[0]: row[1:] for row in rows}
    top = hits[0][1] or 1.0
    votes: dict[str, float] = {}
    total = 0.0
    for rank, (pk, score) in enumerate(hits):
        if pk not in by_pk:
            continue
        number, chapter, section, law_name, short_name = by_pk[pk]
        weight = (score / top) / (1 + 0.15 * rank)
        total += weight
        for code, share in article_topics(law_name, number, chapter, section).items():
            if code in active:
                votes[code] = votes.get(code, 0.0) + weight * share
                named = short_name or law_name.removeprefix("中华人民共和国")
                evidence.laws.setdefault(code, Counter())[named] += 1
    if total:
        for code, vote in votes.items():
            evidence.add(code, RETRIEVAL_WEIGHT * vote / total)


def model_evidence(text: str, active: set[str], evidence: Evidence) -> None:
    model = get_model()
    if model is None:
        return
    scores = model.log_posterior(text)
    if scores is None:
        return
    for code, value in zip(model.codes, scores, strict=True):
        if code in active:
            evidence.model[code] = float(value)
            evidence.add(code, MODEL_WEIGHT * float(value))


def memory_evidence(text: str, active: set[str], evidence: Evidence, memory: QuestionMemory | None = None) -> None:
    """Known questions worded like this one vote for their topic (gongfa.knowledge.recall)."""
    from gongfa.knowledge.recall import memory_votes

    if memory is None and not settings.QA_MEMORY_ENABLED:
        return
    for code, vote in memory_votes(text, memory).topics.items():
        if code in active and vote >= settings.QA_MEMORY_TOPIC_MIN_SCORE:
            evidence.memory[code] = vote
            evidence.add(code, settings.QA_MEMORY_TOPIC_WEIGHT * vote)


def gather(
    text: str,
    topics: Sequence[Topic],
    *,
    retrieval: bool = True,
    model: bool = True,
    memory: bool = True,
    known: QuestionMemory | None = None,
) -> Evidence:
    evidence = Evidence()
    active = {topic.code for topic in topics}
    rule_evidence(text, topics, evidence)
    if retrieval:
        retrieval_evidence(text, active, evidence)
    if model:
        model_evidence(text, active, evidence)
    if memory:
        memory_evidence(text, active, evidence, known)
    return evidence


def _reason(code: str, evidence: Evidence, names: dict[str, str]) -> str:
    parts = []
    if evidence.cues.get(code):
        parts.append(f"提示词：{'、'.join(evidence.cues[code][:5])}")
    if evidence.laws.get(code):
        laws = "、".join(f"《{name}》" for name, _ in evidence.laws[code].most_common(3))
        parts.append(f"相关法律：{laws}")
    if code in evidence.memory:
        parts.append(f"相似的已知问题（相似度 {evidence.memory[code]:.0%}）")
    if code in evidence.model:
        ranked = sorted(evidence.model, key=lambda c: -evidence.model[c])
        parts.append(f"模型排名第 {ranked.index(code) + 1}")
    return f"{names[code]}——" + "；".join(parts) if parts else names[code]


def classify(text: str, *, known: QuestionMemory | None = None) -> TopicGuess:
    """The topic of a consultation text, with a confidence in [0, 1] and the reason in Chinese.
    `known` replaces the process's question memory (evaluation)."""
    topics = active_topics()
    fallback = fallback_topic()
    text = (text or "").strip()[:MAX_CHARS]
    if not _HAN.search(text):
        return TopicGuess(fallback, 0.0, "文本中没有中文内容，归入“其他”")
    candidates = [t for t in topics if t.code != FALLBACK_TOPIC_CODE]
    if not candidates:
        return TopicGuess(fallback, 0.0, "没有启用的咨询类别，归入“其他”")
    evidence = gather(text, candidates, known=known)
    names = {t.code: t.name for t in candidates}
    ranked = sorted(evidence.scores.items(), key=lambda kv: (-kv[1], kv[0]))
    direct = [s for code, s in evidence.scores.items() if code in evidence.cues or code in evidence.laws]
    if not direct or max(direct) < MIN_SCORE:
        if not evidence.model:
            return TopicGuess(fallback, 0.0, "未找到分类依据，归入“其他”")
        model_scores = np.asarray(list(evidence.model.values()))
        share = np.exp(model_scores - model_scores.max())
        if share.max() / share.sum() < MODEL_ALONE:
            return TopicGuess(fallback, 0.0, "未找到明确的分类依据，归入“其他”")
        ranked = sorted(evidence.model.items(), key=lambda kv: (-kv[1], kv[0]))
    best_code = ranked[0][0]
    values = np.asarray([s for _, s in ranked], dtype=np.float64)
    probabilities = np.exp((values - values[0]) / CONFIDENCE_TEMPERATURE)
    confidence = float(probabilities[0] / probabilities.sum())
    topic = next(t for t in candidates if t.code == best_code)
    return TopicGuess(topic, round(confidence, 3), _reason(best_code, evidence, names)[:255])
