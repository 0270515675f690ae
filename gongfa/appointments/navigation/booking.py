"""The workbench menu entries of the appointments app's booking part (none yet)."""
