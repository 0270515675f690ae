"""Performance management pages (绩效管理): one module per part, each with its urlpatterns."""
