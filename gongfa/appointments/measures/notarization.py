"""What the notarization part of the appointments app counts in performance management (none yet)."""
