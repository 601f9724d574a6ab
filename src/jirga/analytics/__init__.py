"""Figures from the register: counts and tolls by period or dimension, period comparisons,
the cross-border share by group, and charts — each with the scope it counted."""
