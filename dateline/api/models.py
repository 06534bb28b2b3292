"""API keys: a key raises a client's rate limit; reading needs none."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class ApiKey(models.Model):
    """A partner's key; only its SHA-256 is stored."""

    name = models.CharField(max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API key")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, name: str) -> tuple[ApiKey, str]:
        """Create a key named ``name``; return it and the raw key (shown once, never stored)."""
        raw = secrets.token_urlsafe(32)
        return cls.objects.create(name=name, key_hash=hash_key(raw)), raw

    @classmethod
    def find(cls, raw: str) -> ApiKey | None:
        """Return the active key whose raw value is ``raw``, or None."""
        return cls.objects.filter(key_hash=hash_key(raw), is_active=True).first()
