"""Renderers: one module per output format, each turning report values into text."""
