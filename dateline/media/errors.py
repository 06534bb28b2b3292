"""The one error the media library raises for input it will not take."""


class MediaRejected(ValueError):
    """An upload refused, with a message naming the file, the problem and the fix."""
