"""The judicial-appraisal categories (司法鉴定类别) as data: the four registered under the NPC
Standing Committee's 《关于司法鉴定管理问题的决定》 (2005) plus 环境损害 (2015), with the common
sub-categories (practice.md §d). A province adds its own in the admin."""

from __future__ import annotations

from typing import Any

DECISION_2005 = "全国人大常委会《关于司法鉴定管理问题的决定》（2005）第2条"
ENVIRONMENT_2015 = "司法部、最高人民检察院《关于将环境损害司法鉴定纳入统一登记管理范围的通知》（2015）"

# (code, name, source, children as (code, name))
CATEGORIES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "forensic",
        "法医类鉴定",
        DECISION_2005,
        [
            ("forensic_pathology", "法医病理鉴定"),
            ("forensic_clinical", "法医临床鉴定"),
            ("forensic_psychiatry", "法医精神病鉴定"),
            ("forensic_evidence", "法医物证鉴定"),
            ("forensic_toxicology", "法医毒物鉴定"),
        ],
    ),
    (
        "physical_evidence",
        "物证类鉴定",
        DECISION_2005,
        [
            ("documents", "文书鉴定"),
            ("traces", "痕迹鉴定"),
            ("trace_materials", "微量鉴定"),
        ],
    ),
    (
        "audiovisual",
        "声像资料鉴定",
        DECISION_2005,
        [
            ("audio", "录音鉴定"),
            ("image", "图像鉴定"),
            ("electronic_data", "电子数据鉴定"),
        ],
    ),
    (
        "environmental",
        "环境损害司法鉴定",
        ENVIRONMENT_2015,
        [
            ("env_pollutants", "污染物性质鉴定"),
            ("env_surface_water", "地表水与沉积物环境损害鉴定"),
            ("env_air", "空气污染环境损害鉴定"),
            ("env_soil", "土壤与地下水环境损害鉴定"),
            ("env_ecosystem", "生态系统环境损害鉴定"),
        ],
    ),
]


def load_categories(apps: Any = None) -> int:
    """Create the categories that are missing (by code); return how many were created."""
    if apps is None:
        from django.apps import apps
    AppraisalCategory = apps.get_model("appointments", "AppraisalCategory")
    created = 0
    for order, (code, name, source, children) in enumerate(CATEGORIES, start=1):
        parent, made = AppraisalCategory.objects.get_or_create(
            code=code, defaults={"name": name, "source": source, "sort_order": order * 10}
        )
        created += made
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            _, made = AppraisalCategory.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "parent": parent,
                    "source": source,
                    "sort_order": order * 10 + child_order,
                },
            )
            created += made
    return created
