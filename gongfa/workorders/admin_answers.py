"""Admin for the answer phrase library and the updates sent back to 12345."""
