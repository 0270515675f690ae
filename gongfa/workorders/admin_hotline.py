"""Admin for the hotline queues, call records and the quality checklist."""
