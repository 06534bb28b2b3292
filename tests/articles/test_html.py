"""Pasted Word and Google Docs HTML comes out as clean, allow-listed structure."""

from __future__ import annotations

from dateline.articles.html import clean_pasted_html

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal{margin:0}</style></head><body>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<p class=MsoNormal style="mso-margin-top-alt:auto">Minister <b>resigns</b><o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><span style="font-family:Calibri">Second</span> paragraph</p>
<script>alert(1)</script></body></html>"""

GDOCS = """<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">
<p dir="ltr" style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;
color:#000000;font-weight:400">Talks resume in </span><a href="https://example.org/x"
style="text-decoration:none"><span style="color:#1155cc">Geneva</span></a></p><br></b>"""


def test_word_paste_keeps_text_and_structure_only():
    assert clean_pasted_html(WORD) == ("<p>Minister <b>resigns</b></p>\n\n<p>Second paragraph</p>")


def test_google_docs_paste_is_not_all_bold():
    cleaned = clean_pasted_html(GDOCS)
    assert "<b>" not in cleaned and "style" not in cleaned and "span" not in cleaned
    assert cleaned.startswith('<p dir="ltr">Talks resume in <a href="https://example.org/x"')
    assert "Geneva</a></p>" in cleaned


def test_hostile_input_is_neutralised():
    cleaned = clean_pasted_html(
        '<p onclick="x()">a<img src=x onerror=alert(1)><a href="javascript:alert(1)">l</a></p>'
    )
    assert "onclick" not in cleaned and "onerror" not in cleaned and "javascript" not in cleaned
    assert clean_pasted_html("") == ""
    assert clean_pasted_html("\udcff broken") == "? broken"
