"""Intelligence as people handle it on the web: objects by collection with a TLP filter, STIX
bundles uploaded by a signed-in user, and reports written with a marking and recipients."""
