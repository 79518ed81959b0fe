"""Talking to Rasa over HTTP, and running it."""
