"""Forms of the workbench's people's-mediation pages (人民调解): one module per part. Forms only
read the input; the services (gongfa.mediation.services) check it, all problems at once."""
