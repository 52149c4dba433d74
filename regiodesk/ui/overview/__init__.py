"""Übersicht: the first tab, what is due for the office (regiodesk.services.overview)."""
