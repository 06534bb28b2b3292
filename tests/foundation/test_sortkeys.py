import pytest

from dateline.articles.lifecycle import publish
from dateline.articles.models import Article
from dateline.articles.sortkeys import allocate_sort_key, allocate_sort_keys
from tests.factories import make_article


@pytest.mark.django_db
def test_new_keys_fall_and_never_repeat():
    keys = [allocate_sort_key() for _ in range(50)] + list(allocate_sort_keys(100))
    assert keys == sorted(keys, reverse=True)
    assert len(set(keys)) == len(keys)


@pytest.mark.django_db
def test_new_keys_stay_below_imported_keys():
    make_article(sort=100)
    assert allocate_sort_key() < 100


@pytest.mark.django_db
def test_publishing_gives_a_key_newer_than_everything():
    old = make_article()
    draft = make_article(status=Article.Status.DRAFT, sort=None)
    draft.sort = None
    draft.save()
    publish(draft)
    assert draft.sort < old.sort


@pytest.mark.django_db
def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        allocate_sort_keys(0)
