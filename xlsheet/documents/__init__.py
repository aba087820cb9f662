"""Reports built from the ledger: quarterly totals and the informant ranking."""
