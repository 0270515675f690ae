"""Services of the appointments app: the verbs that change state (booking, the notarization case,
the appraisal referral). Views, API, tasks and commands call these, never the models directly."""
