"""Remove stored files when their rows go: a deleted asset's file and its renditions' files.

The files are deleted after the commit, so a rolled-back delete keeps them.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from dateline.media.models import MediaAsset, Rendition


def _delete_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@receiver(post_delete, sender=Rendition, dispatch_uid="media-rendition-file")
def rendition_deleted(sender, instance: Rendition, **kwargs) -> None:
    _delete_after_commit(instance.file.name)


@receiver(post_delete, sender=MediaAsset, dispatch_uid="media-asset-file")
def asset_deleted(sender, instance: MediaAsset, **kwargs) -> None:
    _delete_after_commit(instance.file.name)
