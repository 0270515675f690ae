"""The workbench menu entries of outreach: advisers."""
