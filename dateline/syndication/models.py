"""Webhook subscriptions and the log of every delivery attempt."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

EVENTS = ("published", "updated", "unpublished", "killed")


class WebhookEndpoint(models.Model):
    """A partner URL that receives signed POSTs when articles are published, updated or killed."""

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=200, help_text=_("Shared secret for the X-Dateline-Signature HMAC-SHA256.")
    )
    events = models.JSONField(default=list, blank=True, help_text=_("Empty: every event."))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return self.is_active and (not self.events or event in self.events)


class WebhookDelivery(models.Model):
    """One event to one endpoint: its payload, attempts and outcome."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=20)
    # The id of the event's record (``dateline.events``): one delivery per event and endpoint.
    event_id = models.BigIntegerField(null=True, blank=True)
    article_id = models.BigIntegerField()
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_id", "endpoint"],
                condition=models.Q(event_id__isnull=False),
                name="one_delivery_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.article_id} → {self.endpoint}"
