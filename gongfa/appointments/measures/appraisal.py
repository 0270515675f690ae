"""What the appraisal part of the appointments app counts in performance management (none yet)."""
