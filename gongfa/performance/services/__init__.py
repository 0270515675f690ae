"""Services of performance management (verbs that change state), one module per part."""
