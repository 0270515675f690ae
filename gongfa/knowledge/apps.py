"""Statutes, FAQ, search and Q&A (法律法规库与智能问答)."""

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "gongfa.knowledge"
    label = "knowledge"
    verbose_name = "法律知识库"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongfa.core.health import register_check
        from gongfa.knowledge.health import check_reranker, question_memory_check, search_index_check

        register_check("search index", search_index_check)
        register_check("question memory", question_memory_check)
        register_check("qa reranker", check_reranker)
