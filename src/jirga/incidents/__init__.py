"""The incident register: lists, one incident with its history, edits, merges, duplicate
suggestions, and dataset imports and exports (ACLED, GTD, UCDP GED, generic CSV)."""
