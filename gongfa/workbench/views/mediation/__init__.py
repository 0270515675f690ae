"""People's-mediation pages of the workbench (人民调解): the mediator's and the committee's case
lists and the case page with its actions (cases.py; the actions of sessions.py, agreement.py and
followup.py join it), and the committee pages (committee.py). URLs: workbench/mediation_urls.py."""
