"""Errors of baking and publishing, each naming the page or file and what to do."""


class BakeError(Exception):
    """A page cannot be baked (bad path, unknown content type, failing view)."""


class PublishError(Exception):
    """The publish target could not store or remove a file; the previous file is intact."""


class DiskFullError(PublishError):
    """The publish target is out of space; the bake stops, previous files stay intact."""
