"""The verbs of outreach, one module per part (advisers, publicity, public good, volunteers, cases)."""
