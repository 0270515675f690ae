"""The workbench menu entries of outreach: cases."""
