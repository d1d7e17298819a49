"""exhibition documents in blocks (v2): each section's items become object blocks

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 12:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# Written out here rather than imported, so that this step does the same whatever the code becomes.
ITEM_KEYS = ("object", "image", "region", "caption")


def _to_blocks(document):
    sections = []
    for section in document.get("sections") or []:
        if "blocks" not in section:
            items = section.get("items") or []
            section = {**{k: v for k, v in section.items() if k != "items"},
                       "blocks": [{"type": "object", **{k: item[k] for k in ITEM_KEYS if k in item},
                                   "layout": "right"} for item in items]}
        sections.append(section)
    return {**document, "sections": sections} if "sections" in document else document


def _to_items(document):
    """Back to v1: object blocks become items; the other blocks cannot be written in v1 and go."""
    sections = []
    for section in document.get("sections") or []:
        blocks = section.get("blocks") or []
        section = {**{k: v for k, v in section.items() if k != "blocks"},
                   "items": [{k: block[k] for k in ITEM_KEYS if k in block}
                             for block in blocks if block.get("type") == "object"]}
        sections.append(section)
    return {**document, "sections": sections} if "sections" in document else document


def _convert(change):
    connection = op.get_bind()
    for name in ("exhibitions", "exhibition_versions"):
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("document", sa.JSON))
        for row_id, document in connection.execute(sa.select(table.c.id, table.c.document)).all():
            changed = change(document)
            if changed != document:
                connection.execute(table.update().where(table.c.id == row_id).values(document=changed))


def upgrade() -> None:
    _convert(_to_blocks)


def downgrade() -> None:
    _convert(_to_items)
