"""What the booking part of the appointments app counts in performance management (none yet)."""
