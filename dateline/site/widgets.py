"""The admin's rich-text editor: a toolbar over a contenteditable area bound to a textarea.

The browser cleans what it can on paste; the server cleans again on save with
``dateline.articles.html.clean_pasted_html``, which is what counts.
"""

from __future__ import annotations

from django import forms


class RichTextWidget(forms.Textarea):
    template_name = "desk/widgets/richtext.html"

    class Media:
        js = ["desk/richtext.js"]
        css = {"all": ["desk/richtext.css"]}
