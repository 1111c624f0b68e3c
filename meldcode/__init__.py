"""Meldwijzer: the Django project and the clinical Meldcode workflow."""
