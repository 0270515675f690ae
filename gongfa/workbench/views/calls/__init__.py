"""话务与质检 on the workbench (/workbench/calls/): the supervisors' call records with the hotline
KPIs, the quality-inspection sample, the inspection form and its result. Who may see what is
selectors_calls' and services.quality's."""
