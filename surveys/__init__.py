"""Feedback surveys: definitions as data, answers stored first, relay to the council."""
