"""The newsroom under load: an editor publishes one new article and edits one live article a second.

Both go the way the desk does (``dateline.desk.workflow``): a new draft is published with the
"publish" step; a live article's edit is saved as its working copy (``revisions.save_content``)
and then put live (``workflow.publish_working_copy``). The moment each commit lands is noted by
an on-commit hook registered before the step, and ``Watcher`` polls the article page, the front
and the feed until they show the change: that delay is the staleness a reader sees.

A step that fails (the database restarting, say) is retried on the next tick with the same
article and text, as an editor would click again; ``verify`` then checks that nothing was lost
and nothing was published twice.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.loadkit.readers import fetch

EDIT_TARGETS = 10
WATCH_SECONDS = 30.0
POLL_SECONDS = 0.1


@dataclass
class Step:
    kind: str  # "publish" or "edit"
    number: int
    article_id: int | None = None
    started: float = 0.0
    seconds: float = 0.0
    committed: float | None = None
    error: str = ""


@dataclass
class Sighting:
    """How long after a commit a public output first showed the change (None: never seen)."""

    output: str
    committed: float
    staleness: float | None  # until the end of the first response showing the change
    answer_seconds: float = 0.0  # how long that response took (part of the staleness)
    first_poll: float = 0.0  # delay before the first poll began (the bench's own lag)


def _publish_marker(number: int) -> str:
    return f"Load dispatch {number}:"


def _edit_marker(number: int) -> str:
    return f"(edit {number})"


def _body_marker(number: int) -> str:
    return f"Edit marker {number}."


class Watcher:
    """Poll public outputs after each commit until they show the change."""

    def __init__(self, port: int, threads: int = 32) -> None:
        self.port = port
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="watch")
        self.futures: list[Future] = []
        self.stopping = threading.Event()

    def stop(self) -> None:
        """End the polls still running (the run was cut short, or is over)."""
        self.stopping.set()

    def watch(self, output: str, path: str, marker: str, committed: float) -> None:
        self.futures.append(self.pool.submit(self._poll, output, path, marker, committed))

    def _poll(self, output: str, path: str, marker: str, committed: float) -> Sighting:
        needle = marker.encode("utf-8")
        first_poll = time.time() - committed
        while time.time() - committed < WATCH_SECONDS and not self.stopping.is_set():
            asked = time.time()
            status, body = fetch(self.port, path, timeout=10)
            if status == "200" and needle in body:
                now = time.time()
                return Sighting(output, committed, now - committed, now - asked, first_poll)
            time.sleep(POLL_SECONDS)
        return Sighting(output, committed, None, 0.0, first_poll)

    def sightings(self) -> list[Sighting]:
        """Wait for every poll to end and return what each saw."""
        self.pool.shutdown(wait=True)
        return [f.result() for f in self.futures]


@dataclass
class Newsroom:
    """One editor's publishes and edits, with the ledger that ``verify`` checks."""

    watcher: Watcher
    steps: list[Step] = field(default_factory=list)
    published: dict[int, int] = field(default_factory=dict)  # number -> article id
    last_edit: dict[int, int] = field(default_factory=dict)  # article id -> edit number

    def prepare(self) -> None:
        """Create the editor and choose the live articles to edit and the drafts' models."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from dateline.articles.models import Article
        from dateline.desk.roles import EDITOR

        user, _ = get_user_model().objects.get_or_create(username="load-editor")
        user.groups.add(Group.objects.get(name=EDITOR))
        self.editor = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
        live = Article.objects.public().filter(language="en").newest_first()
        self.models = list(live[:200].prefetch_related("topics"))
        self.targets = {a.pk: (a.headline, a.body) for a in live[200 : 200 + EDIT_TARGETS]}
        self.rng = random.Random(11)
        # Slugs unique to this run, so a reused database holds no dispatch of the same name.
        self.run_tag = f"{int(time.time()) % 1_000_000:06d}"
        self.next_publish = 0
        self.next_edit = 0

    def tick(self) -> None:
        """Publish one article and edit one; a failed step is retried on the next tick."""
        from django.db import close_old_connections

        close_old_connections()
        if self._step("publish", self.next_publish, self._publish):
            self.next_publish += 1
        close_old_connections()
        if self._step("edit", self.next_edit, self._edit):
            self.next_edit += 1

    def _step(self, kind: str, number: int, action) -> bool:
        step = Step(kind, number, started=time.time())
        began = time.perf_counter()
        try:
            action(step)
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
            step.error = f"{type(error).__name__}: {str(error).strip()[:160]}"
        step.seconds = time.perf_counter() - began
        self.steps.append(step)
        return not step.error

    def _committing(self, step: Step, action, watches: list[tuple[str, str, str]]) -> None:
        """Run ``action`` in a transaction; at its commit, note the time and start ``watches``.

        The hook is registered first, so it runs before the publish receivers (which, with
        baking on, rebuild pages in this process): polling starts at the commit itself.
        """
        from django.db import transaction

        def committed() -> None:
            step.committed = time.time()
            for output, path, marker in watches:
                self.watcher.watch(output, path, marker, step.committed)

        with transaction.atomic():
            transaction.on_commit(committed)
            action()

    def _publish(self, step: Step) -> None:
        from dateline.articles.models import Article
        from dateline.desk import workflow

        slug = self._slug(step.number)
        draft = Article.objects.filter(slug=slug).first() or self._draft(step.number, slug)
        step.article_id = draft.pk
        if draft.status == Article.Status.PUBLISHED:
            # The previous attempt committed before its error: publishing again would be a
            # second publish, which is what must never happen.
            self.published[step.number] = draft.pk
            return
        shown = f"/news/{draft.pk}/"
        watches = [
            ("article", draft.get_absolute_url(), _publish_marker(step.number)),
            ("front", "/en/", shown),
            ("feed", "/feeds/en.rss", shown),
        ]
        self._committing(step, lambda: workflow.perform(draft, "publish", self.editor), watches)
        self.published[step.number] = draft.pk

    def _slug(self, number: int) -> str:
        return f"load-{self.run_tag}-{number}"

    def _draft(self, number: int, slug: str):
        from dateline.articles.models import Article

        model = self.rng.choice(self.models)
        draft = Article.objects.create(
            headline=f"{_publish_marker(number)} {model.headline[:80]}",
            slug=slug,
            summary=model.summary,
            body=model.body,
            language="en",
            section_id=model.section_id,
            story_id=model.story_id,
            article_type_id=model.article_type_id,
        )
        draft.topics.set(model.topics.all())
        return draft

    def _edit(self, step: Step) -> None:
        from dateline.articles.models import Article
        from dateline.desk import revisions, workflow

        pk = list(self.targets)[step.number % len(self.targets)]
        headline, body = self.targets[pk]
        step.article_id = pk
        article = Article.objects.get(pk=pk)
        article.headline = f"{headline} {_edit_marker(step.number)}"
        article.body = f"<p>{_body_marker(step.number)}</p>{body}"
        revisions.save_content(article, self.editor, article.version)
        watches = [("edited article", article.get_absolute_url(), _edit_marker(step.number))]
        self._committing(step, lambda: workflow.publish_working_copy(article, self.editor), watches)
        self.last_edit[pk] = step.number

    def verify(self, port: int) -> dict[str, list[str]]:
        """Check the ledger against the database and the pages; return the problems by kind."""
        from django.db import close_old_connections

        from dateline.articles.models import Article
        from dateline.desk.models import Transition

        close_old_connections()
        problems: dict[str, list[str]] = {"lost edits": [], "lost publishes": [], "double": []}
        for number, pk in sorted(self.published.items()):
            article = Article.objects.filter(pk=pk).first()
            same_slug = Article.objects.filter(slug=self._slug(number)).count()
            publishes = Transition.objects.filter(article_id=pk, action="publish").count()
            if article is None or article.status != Article.Status.PUBLISHED:
                problems["lost publishes"].append(f"dispatch {number} (article {pk}) not live")
            elif not _page_shows(port, article.get_absolute_url(), _publish_marker(number)):
                problems["lost publishes"].append(f"dispatch {number} missing from its page")
            if same_slug != 1 or publishes != 1:
                problems["double"].append(
                    f"dispatch {number}: {same_slug} articles, {publishes} publish steps"
                )
        for pk, number in sorted(self.last_edit.items()):
            article = Article.objects.get(pk=pk)
            in_db = article.headline.endswith(_edit_marker(number)) and _body_marker(number) in (
                article.body or ""
            )
            url = article.get_absolute_url()
            on_page = _page_shows(port, url, _edit_marker(number)) and _page_shows(
                port, url, _body_marker(number)
            )
            if not (in_db and on_page):
                problems["lost edits"].append(
                    f"article {pk} edit {number}: in database {in_db}, on page {on_page}"
                )
        return problems


def _page_shows(port: int, path: str, marker: str) -> bool:
    status, body = fetch(port, path, timeout=10)
    return status == "200" and marker.encode("utf-8") in body
