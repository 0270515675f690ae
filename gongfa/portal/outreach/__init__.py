"""Citizen pages of outreach: typical cases (典型案例) and event satisfaction surveys."""
