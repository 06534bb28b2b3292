"""Old URLs answer 301 to their new place; editors manage the table in the admin."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from dateline.importers.models import Redirect
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(run_import, wxr_file, tmp_path, media_root):
    uploads = tmp_path / "uploads"
    (uploads / "2016/01").mkdir(parents=True)
    (uploads / "2016/01/storm.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    attachment = {
        "id": 11,
        "type": "attachment",
        "parent": 10,
        "status": "inherit",
        "attachment_url": "https://news.example.com/wp-content/uploads/2016/01/storm.jpg",
        "meta": {"_wp_attached_file": "2016/01/storm.jpg"},
    }
    source = wxr_file([post(10, meta={"_thumbnail_id": 11}), attachment])
    assert run_import(source, "--media-root", uploads).counts["created"] == 1
    return Article.objects.get(pk=10)


def test_old_permalink_answers_301_to_the_article(client, imported):
    response = client.get("/2016/01/post-number-10/")
    assert response.status_code == 301
    assert response["Location"] == imported.get_absolute_url()
    # Without its trailing slash too.
    assert client.get("/2016/01/post-number-10")["Location"] == imported.get_absolute_url()


def test_wordpress_id_link_answers_301(client, imported):
    response = client.get("/?p=10")
    assert response.status_code == 301
    assert response["Location"] == imported.get_absolute_url()


def test_old_media_path_answers_301_to_the_stored_file(client, imported):
    response = client.get("/wp-content/uploads/2016/01/storm.jpg")
    assert response.status_code == 301
    assert response["Location"] == imported.lead_media.url


def test_the_redirect_follows_a_changed_slug(client, imported):
    imported.slug = "a-new-slug"
    imported.save()
    assert client.get("/?p=10")["Location"].endswith("/news/10/a-new-slug/")


def test_unknown_paths_stay_404_and_live_pages_win(client, imported):
    assert client.get("/2099/nothing-here/").status_code == 404
    Redirect.objects.create(old_path="/en/", new_path="/elsewhere/")
    assert client.get("/en/").status_code == 200


def test_editors_manage_redirects_in_the_admin(admin_client, imported):
    page = admin_client.get("/admin/importers/redirect/")
    assert page.status_code == 200
    rows = BeautifulSoup(page.content, "html.parser").select("#result_list tbody tr")
    assert len(rows) == 3
    response = admin_client.post(
        "/admin/importers/redirect/add/",
        {"old_path": "/old-about/", "new_path": "/en/", "article": "", "media": ""},
    )
    assert response.status_code == 302
    assert admin_client.get("/old-about/")["Location"] == "/en/"
