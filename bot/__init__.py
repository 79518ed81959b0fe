"""Rightsline: migrants' rights information on Telegram (application runtime)."""
