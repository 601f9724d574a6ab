"""STIX 2.1 types, jirga's extension definitions, vocabularies and TLP: pure data and functions, no I/O."""
