"""Desks and the signatures that close an article (the reference's ``S/SH 11``)."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

SIGNATURE_PATTERN = re.compile(
    r"^(?P<desk>[A-Z]{1,6}(?:/[A-Z]{1,6})*)\s+(?P<editor>[0-9A-Z]{1,6})$"
)


class Desk(models.Model):
    """An editing desk, known by its code (``S/SH``)."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desk")

    def __str__(self) -> str:
        return self.name or self.code


class Signature(models.Model):
    """A desk and an editor code, rendered ``<desk> <editor>`` at the foot of an article."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="signatures")
    editor_code = models.CharField(max_length=10)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "editor_code"], name="unique_desk_editor")
        ]
        verbose_name = _("signature")

    def __str__(self) -> str:
        return f"{self.desk.code} {self.editor_code}"

    @classmethod
    def parse(cls, text: str) -> tuple[str, str] | None:
        """Return ``(desk_code, editor_code)`` for a signature line, or None if it is not one."""
        match = SIGNATURE_PATTERN.match(text.strip())
        if not match:
            return None
        return match["desk"], match["editor"]

    @classmethod
    def get_or_create_from_text(cls, text: str) -> "Signature":
        """Return the signature written as ``text``, creating its desk and itself if needed."""
        parsed = cls.parse(text)
        if parsed is None:
            raise ValueError(f"{text!r} is not a desk signature such as 'S/SH 11'")
        desk, _created = Desk.objects.get_or_create(code=parsed[0])
        signature, _created = cls.objects.get_or_create(desk=desk, editor_code=parsed[1])
        return signature
