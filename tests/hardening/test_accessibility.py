"""Accessibility audit: axe-core, injected into Debian's chromium, on every public page type in
English and Arabic and on the admin's login and article pages: no serious or critical
violations.

axe-core comes from npm into ``.ci/node_modules`` (``.ci/run`` installs it beside vnu-jar).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from tests.browser import AXE
from tests.hardening.conftest import public_pages

BLOCKING = {"serious", "critical"}

# serialized_rollback: the content-type and role rows come from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def axe_page(chromium):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE}; run .ci/run")
    # The site's CSP forbids injected scripts, rightly; the audit's own script is let in.
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


# Django's own admin markup that Dateline does not render (known upstream, docs/security.md):
# the split date/time widget's unlabelled inputs, tabular inlines labelled by their column
# headers only, the vendored select2 autocomplete, and the stock breadcrumb colours.
# Each is (axe rule, pattern of the CSS selector axe reports for the node).
UPSTREAM_ADMIN = [
    ("label", re.compile(r"\.select2-search__field")),
    ("list", re.compile(r"\.select2-selection__rendered")),
    ("link-in-text-block", re.compile(r"\.breadcrumbs")),
]


def _upstream(rule: str, node: dict) -> bool:
    target = str(node["target"][0]) if node["target"] else ""
    return any(rule == r and pattern.search(target) for r, pattern in UPSTREAM_ADMIN)


def audit(page, url: str, *, admin: bool = False) -> list[str]:
    """Load ``url``, run axe-core on it and return its serious and critical violations."""
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = [
            n["target"] for n in violation["nodes"] if not (admin and _upstream(violation["id"], n))
        ]
        if nodes:
            found.append(f"{violation['impact']} {violation['id']}: {violation['help']} at {nodes}")
    return found


def test_public_pages_have_no_serious_violations(axe_page, live_server, newsroom):
    found = {}
    for language in ("en", "ar"):
        for kind, path in public_pages(newsroom, language).items():
            problems = audit(axe_page, live_server.url + path)
            if problems:
                found[f"{language} {kind}"] = problems
    assert not found, found


def test_admin_login_and_article_pages_have_no_serious_violations(axe_page, live_server, newsroom):
    User.objects.create_superuser("boss", password="a long enough passphrase")
    found = {}
    login = live_server.url + "/admin/login/?next=/admin/"
    found["login"] = audit(axe_page, login, admin=True)
    axe_page.fill("#id_username", "boss")
    axe_page.fill("#id_password", "a long enough passphrase")
    axe_page.click("input[type=submit]")
    axe_page.wait_for_url(live_server.url + "/admin/")
    pages = {
        "article change": f"/admin/articles/article/{newsroom['en'].pk}/change/",
        "article add": "/admin/articles/article/add/",
        "article list": "/admin/articles/article/",
    }
    for kind, path in pages.items():
        found[kind] = audit(axe_page, live_server.url + path, admin=True)
    found = {kind: problems for kind, problems in found.items() if problems}
    assert not found, found
