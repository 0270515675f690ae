"""The workbench menu entries of outreach: publicgood."""
