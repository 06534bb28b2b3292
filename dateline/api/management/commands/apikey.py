"""``dateline apikey create NAME | list | revoke KEY``: API keys for partners and evaluations.

A key raises its holder's rate limit (``DATELINE_API_RATE_KEY``, counted per key) and is sent
as ``X-API-Key``. The raw key is printed once, when it is made; only its SHA-256 is stored, so
a lost key is revoked and a new one made.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dateline.api.models import ApiKey


class Command(BaseCommand):
    help = "Create, list and revoke API keys (the raw key is shown once, at creation)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="make a key and print it once")
        create.add_argument("name", help="who holds the key (a partner, an evaluation)")
        actions.add_parser("list", help="list keys: id, state, creation time, name")
        revoke = actions.add_parser("revoke", help="refuse a key from now on")
        revoke.add_argument("key", help="the key's id (from `list`) or its exact name")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, name: str, **options) -> None:
        name = name.strip()
        if not name:
            raise CommandError("Give the key a name saying who holds it, e.g. `apikey create acme`")
        if len(name) > ApiKey._meta.get_field("name").max_length:
            raise CommandError("A key's name has at most 200 characters")
        key, raw = ApiKey.issue(name)
        self.stdout.write(f"API key {key.pk} for {name!r} (shown once; send it as X-API-Key):")
        self.stdout.write(raw)

    def _list(self, **options) -> None:
        keys = ApiKey.objects.order_by("pk")
        if not keys:
            self.stdout.write("No API keys; make one with `dateline apikey create NAME`.")
        for key in keys:
            state = "active " if key.is_active else "revoked"
            self.stdout.write(f"{key.pk:>5}  {state}  {key.created_at:%Y-%m-%d %H:%M}  {key.name}")

    def _revoke(self, key: str, **options) -> None:
        found = _find(key)
        if not found.is_active:
            self.stdout.write(f"API key {found.pk} ({found.name!r}) was already revoked.")
            return
        found.is_active = False
        found.save(update_fields=["is_active"])
        self.stdout.write(f"Revoked API key {found.pk} ({found.name!r}); it is refused with 401.")


def _find(given: str) -> ApiKey:
    """Return the key whose id or exact name is ``given``; refuse an ambiguous name."""
    if given.isdigit():
        key = ApiKey.objects.filter(pk=int(given)).first()
        if key is None:
            raise CommandError(f"No API key with id {given}; see `dateline apikey list`")
        return key
    named = list(ApiKey.objects.filter(name=given, is_active=True)[:2])
    if not named:
        raise CommandError(f"No active API key named {given!r}; see `dateline apikey list`")
    if len(named) > 1:
        raise CommandError(f"Several active keys are named {given!r}; revoke one by its id")
    return named[0]
