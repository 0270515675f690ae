"""The admin form of a points scheme (公益法律服务积分规则): the rules and bands are checked with
`outreach.points.check_scheme` before saving, so overlapping bands (named both), gaps, negative
values and unknown sources are refused with every problem at once.

The lead wires it in gongfa/outreach/admin.py::

    from gongfa.outreach.forms_admin import PointsSchemeForm

    @admin.register(PointsScheme)
    class PointsSchemeAdmin(admin.ModelAdmin[PointsScheme]):
        form = PointsSchemeForm
        ...
"""

from __future__ import annotations

from typing import Any

from gongfa.core.errors import DomainError
from gongfa.core.forms import ModelForm
from gongfa.outreach.models import PointsScheme
from gongfa.outreach.points import check_scheme


class PointsSchemeForm(ModelForm[PointsScheme]):
    class Meta:
        model = PointsScheme
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.errors for name in ("rules", "bands")):
            return cleaned
        try:
            check_scheme(
                cleaned.get("rules"),
                cleaned.get("bands"),
                minimum_hours=cleaned.get("minimum_hours", 0),
                max_points=cleaned.get("max_points", 0),
            )
        except DomainError as exc:
            for problem in exc.problems:
                target = problem.field if problem.field in self.fields else None
                self.add_error(target, problem.message)
        return cleaned
