"""Baking: pages rendered to files, rebuilt exactly where an article change shows.

See ``docs/architecture.md`` (Publishing) and ``deploy/README.md`` for how the pieces fit.
"""
