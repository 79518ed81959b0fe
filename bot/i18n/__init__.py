"""Catalogs, locale registry and response rendering."""
