"""The notarization part's events that tell someone something, and who (none yet). Register event kinds and
resolvers here (see gongfa/mediation/notifications.py)."""
