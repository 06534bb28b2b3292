"""People who make the news: journalists, contributors and agency bylines, and their credits.

An article's authors are ``Authorship`` rows (ordered, each with a role) and its agency credit
is one ``AgencyCredit`` row, both kept here so that ``articles`` knows nothing of people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A named author: staff, guest contributor or agency journalist."""

    name = models.CharField(_("name (Latin spelling)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic spelling)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Role, e.g. Cairo correspondent.")
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=2000)
    bio_ar = models.TextField(_("short bio (Arabic)"), blank=True, max_length=2000)
    photo = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True)
    # Guest contributors and agency bylines have no account.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # The author's login in a system we import from (WordPress ``wp:author_login``): how a
    # re-import finds the same person instead of creating another.
    login = models.CharField(max_length=150, blank=True)
    # Both spellings folded as the analysis folds text (``dateline.people.names``): what the
    # author pickers match a typed name against, so that every Arabic spelling of a name
    # finds it on SQLite and PostgreSQL alike. Stored rather than folded in the query: people
    # number in the thousands after an archive import, and a picker asks on every keystroke.
    # Written where names are saved (the admin's form, the importer), not in save().
    search_key = models.TextField(blank=True, editable=False, default="")
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick for former staff; their pages stay.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["login"], condition=~Q(login=""), name="person_unique_login"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, language: str | None = None) -> str:
        from dateline.site.urlbuilder import urls

        return urls.author(self, language)

    def name_in(self, language: str) -> str:
        """Return the name as readers of ``language`` spell it (the Latin one by default)."""
        return self.name_ar if language == "ar" and self.name_ar else self.name

    def title_in(self, language: str) -> str:
        return self.title_ar if language == "ar" and self.title_ar else self.title

    def bio_in(self, language: str) -> str:
        return self.bio_ar if language == "ar" and self.bio_ar else self.bio

    def profile_urls(self) -> list[str]:
        """Return the person's public pages elsewhere: web site first, then profiles."""
        links = [self.website] if self.website else []
        return links + [link.url for link in self.links.all()]


class PersonLink(models.Model):
    """A public profile of a person (a social network, a personal page)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("URL"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("public link")

    def __str__(self) -> str:
        return self.url


class Authorship(models.Model):
    """One person credited on one article, in one role, at one place in the byline."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        PHOTOGRAPHER = "photographer", _("photographer")
        VIDEO = "video", _("video")
        EDITOR = "editor", _("editor")
        ADDITIONAL = "additional", _("additional reporting")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="authorships"
    )
    # A person credited on articles is not deleted with a click: mark them former instead.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="authorship_unique_role"
            )
        ]
        # An author page lists a person's items: from the person to the articles.
        indexes = [models.Index(fields=["person", "article"], name="authorship_person_article")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AgencyCredit(models.Model):
    """The news agencies an article draws on (AFP, Reuters), credited apart from its authors."""

    article = models.OneToOneField(
        "articles.Article",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="agency_credit",
    )
    agencies = models.CharField(
        max_length=200, help_text=_("One or more, separated by commas: AFP, Reuters.")
    )

    class Meta:
        verbose_name = _("agency credit")

    def __str__(self) -> str:
        return self.agencies

    def names(self) -> list[str]:
        return [name.strip() for name in self.agencies.split(",") if name.strip()]
