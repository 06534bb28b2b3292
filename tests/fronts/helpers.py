"""Small helpers of the fronts tests: arrange a front, read a page."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import Client

from dateline.fronts.models import Block, BlockItem, Front


def soup(path: str) -> BeautifulSoup:
    response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def add_block(front: Front, kind: str, source: str = "auto", items=(), **fields) -> Block:
    block = Block.objects.create(
        front=front, kind=kind, source=source, position=front.blocks.count(), **fields
    )
    for n, article in enumerate(items):
        BlockItem.objects.create(block=block, article=article, position=n)
    return block


def block_titles(page: BeautifulSoup, css: str) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(f"{css} .item__title a")]


def lead_title(page: BeautifulSoup) -> str:
    return page.select_one(".card--lead .item__title a").get_text(strip=True)
