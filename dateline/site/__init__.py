"""Site-wide services every floor may use: the URL builder, surrogate keys, preview links,
reader dates, process names and admin form helpers.

Nothing here imports a Dateline app: models are named only for type checking. So the core
apps (articles, taxonomy, stories, media, people) can build their URLs and keys without
importing the reader site, and the import graph keeps one direction (docs/architecture.md).
"""
