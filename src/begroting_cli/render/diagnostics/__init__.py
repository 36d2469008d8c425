"""Diagnostics renderers: the findings of `validate`, one module per format."""
