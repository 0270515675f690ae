"""The workbench menu entries of outreach: publicity."""
