"""manage.py prepare_demo (what `make run` does before serving): every step in order in one process,
and a second run on the same database keeps the search index and the topic model it already has."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongfa.demo.management.commands.prepare_demo import STEPS
from gongfa.knowledge.models import FaqEntry, LawVersion
from gongfa.knowledge.search import FINGERPRINT_FILE, forget_loaded_index, index_dir
from gongfa.knowledge.topics import forget_loaded_model, model_path


@pytest.mark.django_db
def test_a_restart_keeps_what_is_already_built(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    forget_loaded_index()
    forget_loaded_model()
    first = io.StringIO()
    call_command("prepare_demo", stdout=first)
    lines = first.getvalue().splitlines()
    done = [line.split(":")[0].removeprefix("==> ") for line in lines if line.startswith("==> ")]
    assert done == [name for name, _args, _extra in STEPS]
    assert "检索索引：" in first.getvalue() and "已训练" in first.getvalue()
    assert LawVersion.objects.exists() and FaqEntry.objects.exists()
    # Nothing on a fresh database warns about a step that comes later (the statutes come first).
    assert "尚未导入" not in first.getvalue()
    index_built = (index_dir() / FINGERPRINT_FILE).stat().st_mtime_ns
    model_built = model_path().stat().st_mtime_ns

    again = io.StringIO()
    call_command("prepare_demo", stdout=again)
    output = again.getvalue()
    assert "法规库未变，沿用已有索引" in output and "训练数据未变，沿用已有模型" in output
    assert f"已存在跳过 {FaqEntry.objects.count()} 条" in output and FaqEntry.objects.count() >= 300  # the starter
    assert (index_dir() / FINGERPRINT_FILE).stat().st_mtime_ns == index_built
    assert model_path().stat().st_mtime_ns == model_built
    forget_loaded_index()
    forget_loaded_model()
