"""Document drafting (文书代书) on the portal: a citizen drafts for themselves."""
