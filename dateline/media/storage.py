"""Local media storage whose files appear whole or not at all.

Renditions are written under names fixed by their spec, and two workers may write the same
one at once; each writes a hidden temporary file beside the target and renames it into place,
so a reader never sees half a file and the second writer replaces identical bytes. An
S3-compatible bucket (django-storages) gives the same guarantee by itself: see
docs/deployment.md.
"""

from __future__ import annotations

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class MediaFileStorage(FileSystemStorage):
    """FileSystemStorage that overwrites atomically (temporary file, then ``os.replace``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            os.replace(temporary, full_path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        return str(name).replace("\\", "/")
