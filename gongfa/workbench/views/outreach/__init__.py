"""Workbench pages of outreach (普法与公益法律服务), one module per part, each with its urlpatterns."""
