"""Legal publicity (普法) has no menu entry of its own: supervisors, administrators and window staff
reach its pages (plans and their progress, events, prompts to other departments, culture sites and
schools) from 普法与公益 (navigation.hub). The pages show only what each person manages
(outreach.selectors.access)."""
