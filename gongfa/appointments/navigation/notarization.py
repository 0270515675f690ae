"""The workbench menu entries of the appointments app's notarization part (none yet)."""
