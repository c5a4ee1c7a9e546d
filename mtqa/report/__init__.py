"""Renderers: one module per output format. They present a Report and a Verdict; they decide nothing."""
