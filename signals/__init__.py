"""Trafficking signals: the catalogue, its strict loader and the ILO weighing profile."""
