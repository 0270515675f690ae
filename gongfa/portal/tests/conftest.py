# The legal-aid fixtures (a reviewer, a hardship standard, a migrant worker, lawyers, frozen time).
from gongfa.legalaid.tests.conftest import _media, frozen, law_firm, lawyers, reviewer, standard, worker  # noqa: F401
