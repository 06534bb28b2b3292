"""The newsroom roles and the permissions each holds; a data migration creates them as groups.

A contributor writes and submits; an editor reviews, schedules, publishes and corrects; a desk
chief also kills and manages desks and stories; an admin may do everything.
"""

from __future__ import annotations

CONTRIBUTOR = "contributor"
EDITOR = "editor"
DESK_CHIEF = "desk chief"
ADMIN = "admin"

_CONTRIBUTOR = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.submit_article",
    "desk.view_comment",
    "desk.add_comment",
    "desk.view_revision",
    "taxonomy.view_section",
    "taxonomy.view_topic",
    "stories.view_story",
    "media.view_mediaasset",
    "media.add_mediaasset",
]
_EDITOR = _CONTRIBUTOR + [
    "articles.publish_article",
    "articles.correct_article",
    "desk.add_correction",
    "desk.change_correction",
    "desk.view_correction",
    "desk.view_transition",
    "desk.view_alert",
    "desk.change_alert",
    "media.change_mediaasset",
    "related.add_relatedpin",
    "related.change_relatedpin",
    "related.delete_relatedpin",
    "related.view_relatedpin",
    # Fronts: arrange blocks, place items, publish layouts, start and end takeovers.
    "fronts.view_front",
    "fronts.change_front",
    "fronts.publish_front",
    "fronts.view_block",
    "fronts.add_block",
    "fronts.change_block",
    "fronts.delete_block",
    "fronts.view_blockitem",
    "fronts.add_blockitem",
    "fronts.change_blockitem",
    "fronts.delete_blockitem",
    "fronts.view_layout",
    "fronts.view_takeover",
    "fronts.add_takeover",
    "fronts.change_takeover",
    "fronts.view_frontchange",
]
_DESK_CHIEF = _EDITOR + [
    "fronts.add_front",
    "fronts.delete_front",
    "articles.kill_article",
    "articles.delete_article",
    "desk.add_desk",
    "desk.change_desk",
    "desk.view_desk",
    "desk.add_signature",
    "desk.change_signature",
    "desk.view_signature",
    "stories.add_story",
    "stories.change_story",
    "stories.delete_story",
    "taxonomy.add_topic",
    "taxonomy.change_topic",
]

ROLES: dict[str, list[str]] = {
    CONTRIBUTOR: _CONTRIBUTOR,
    EDITOR: _EDITOR,
    DESK_CHIEF: _DESK_CHIEF,
    # The admin role holds every permission; the migration grants them all.
    ADMIN: ["*"],
}


def create_roles(apps) -> None:
    """Create (or refresh) the role groups with their permissions; ``apps`` may be historical."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, names in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=role)
        if names == ["*"]:
            group.permissions.set(permission_model.objects.all())
            continue
        found = []
        for name in names:
            app_label, codename = name.split(".", 1)
            found.extend(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(found)
