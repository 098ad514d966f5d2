"""The entry points above every layer: the ``cluster-assistant`` command line and the web server's start-up.

Imports point down only (corpus ← index ← assistant ← ui ← cli): this is the one place that may
compose the assistant with the web front end.
"""
