"""Collegial consultation without patient data, and full read access for a waarnemer."""
