"""The registry of content types and labels, loaded by a data migration.

Ids are stable forever: they appear in the reference JSON (``contenttypeid``), in the API and
in partners' code. Add new types with new ids; never renumber. See docs/content-types.md.
"""

from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = [
    (21, "news", "News"),
    (22, "video", "Video"),
    (23, "gallery", "Photo gallery"),
    (24, "opinion", "Opinion"),
    (25, "interview", "Interview"),
    (26, "report", "Report"),
    (27, "live", "Live blog"),
    (28, "infographic", "Infographic"),
    (29, "audio", "Audio"),
]

# What the desk calls each content type, in its language; codes and names stay the data
# (``name`` is the reference's and the API's value).
TYPE_TEXT = {
    "news": _("News"),
    "video": _("Video"),
    "gallery": _("Photo gallery"),
    "opinion": _("Opinion"),
    "interview": _("Interview"),
    "report": _("Report"),
    "live": _("Live blog"),
    "infographic": _("Infographic"),
    "audio": _("Audio"),
}

# (code, name, is_breaking)
LABELS = [
    ("URGENT", "Urgent", True),
    ("BREAKING", "Breaking", True),
    ("VIDEO", "Video", False),
    ("PICS", "Pictures", False),
    ("LIVE", "Live", False),
    ("EXCLUSIVE", "Exclusive", False),
    ("ANALYSIS", "Analysis", False),
    ("INTERVIEW", "Interview", False),
]

# What readers of each edition see for a label; codes stay the data (and the API's value).
LABEL_TEXT = {
    "URGENT": _("URGENT"),
    "BREAKING": _("BREAKING"),
    "VIDEO": _("VIDEO"),
    "PICS": _("PICS"),
    "LIVE": _("LIVE"),
    "EXCLUSIVE": _("EXCLUSIVE"),
    "ANALYSIS": _("ANALYSIS"),
    "INTERVIEW": _("INTERVIEW"),
}
