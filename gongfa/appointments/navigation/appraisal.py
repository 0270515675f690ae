"""The workbench menu entries of the appointments app's appraisal part (none yet)."""
