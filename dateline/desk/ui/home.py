"""What needs me now: the queries behind the desk home, each bounded and index-backed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from dateline.articles.models import Article
from dateline.desk import fields
from dateline.desk.models import Alert, Correction, Revision
from dateline.desk.ui import chart
from dateline.people.models import Authorship

S = Article.Status
# Each list on the home is a glance, not an archive: the story list holds the rest.
SHOWN = 12


def mine(queryset: QuerySet, user) -> QuerySet:
    """Return the rows of ``queryset`` that ``user`` created, edited or is credited on."""
    # One id list from both indexes, read by primary key: a join to the credits with OR and
    # DISTINCT walked every article of a million-article table.
    edited = Revision.objects.filter(author=user).values("article_id").order_by()
    credited = Authorship.objects.filter(person__user=user).values("article_id").order_by()
    return queryset.filter(pk__in=edited.union(credited))


def _rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("section", "lead_media")


@dataclass
class Home:
    drafts: list[Article]
    review: list[tuple[str, list[Article]]]
    scheduled: list[Article]
    embargoed: list[Article]
    alerts: list[Alert]
    corrections: list[Correction]
    breaking: list[Article]
    chart: chart.Chart


def home_for(user, now: datetime | None = None) -> Home:
    """Return the desk home of ``user``: their drafts, what waits for them, what is timed."""
    now = now or timezone.now()
    editor = user.has_perm(fields.PUBLISH)
    drafts = mine(Article.objects.filter(status=S.DRAFT), user).order_by("-updated_at")
    review_rows = (
        _rows(Article.objects.filter(status=S.IN_REVIEW)).order_by("updated_at")[: SHOWN * 3]
        if editor
        else _rows(mine(Article.objects.filter(status=S.IN_REVIEW), user)).order_by("updated_at")[
            :SHOWN
        ]
    )
    by_desk: dict[str, list[Article]] = {}
    for article in review_rows:
        by_desk.setdefault(article.section.name if article.section else "", []).append(article)
    today = timezone.localtime(now).date()
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    return Home(
        drafts=list(_rows(drafts)[:SHOWN]),
        review=sorted(by_desk.items()),
        scheduled=list(
            _rows(Article.objects.filter(status=S.SCHEDULED)).order_by("scheduled_at")[:SHOWN]
        ),
        embargoed=list(
            _rows(Article.objects.filter(status=S.PUBLISHED, embargo_until__gt=now)).order_by(
                "embargo_until"
            )[:SHOWN]
        ),
        alerts=list(Alert.objects.filter(acknowledged=False).select_related("article")[:SHOWN])
        if editor
        else [],
        corrections=list(
            Correction.objects.filter(at__gte=start_of_day)
            .select_related("article")
            .order_by("-at")[:SHOWN]
        ),
        breaking=list(
            _rows(Article.objects.filter(breaking_until__gt=now, status=S.PUBLISHED)).order_by(
                "breaking_until"
            )[:SHOWN]
        ),
        chart=published_chart(today),
    )


def published_chart(today, days: int = 30) -> chart.Chart:
    """Return the chart of items published per day by section over the ``days`` to ``today``."""
    since = timezone.make_aware(datetime.combine(today - timedelta(days=days - 1), time.min))
    # Only the time in WHERE, the status counted: with "status = published" there, SQLite
    # chose the status index and walked every published item of the archive.
    rows = (
        Article.objects.filter(published_at__gte=since)
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "section__name")
        .annotate(n=Count("id", filter=Q(status=S.PUBLISHED)))
        .order_by()
    )
    counts = {(row["day"], row["section__name"] or "—"): row["n"] for row in rows if row["n"]}
    return chart.stacked_bars(counts, today, days, other=gettext("Other"))
