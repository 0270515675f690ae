"""Queries of outreach, one module per part; each applies the reader's region scope."""
