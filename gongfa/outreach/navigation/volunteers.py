"""Volunteers, the expert pool and training have no menu entry of their own: supervisors,
administrators and window staff reach them from 普法与公益 (navigation.hub). The pages show only the
regions each person manages (outreach.selectors.access)."""
