"""STIX objects in and out of the store: import, export, reading, and the write path for authoring."""
