"""The workbench menu entries of outreach: volunteers."""
