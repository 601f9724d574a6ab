"""Sharing between parties: who is reading or acting, the TLP 2.0 access policy, TAXII, sync."""
