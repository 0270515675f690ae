"""What the outreach app counts in performance management, one module per part (autodiscovered as
``outreach.measures``): advisers (村(居)法律顾问), publicity (普法: events, culture sites, schools'
vice-principals) and people (public-good service, volunteers, typical cases).

Measure codes start with ``out.``; the indicators over them (``out_*``) are in
``outreach/data/indicators.json``, loaded by ``outreach.reports.load_definitions``."""

from gongfa.outreach.measures import advisers, people, publicity  # noqa: F401
