"""Muster: the operating picture of a multinational security mission."""
