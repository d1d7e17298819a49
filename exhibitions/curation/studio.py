"""The curators' studio: an exhibition's working draft beside its live document, review before
publication (a curator submits the draft, an editor returns it with a comment or approves it)
and its team (the curator who made it and the curators they invite).

People are named as histories name them (Principal.name): an account's email, or "API token
<label>". An exhibition without a team (one made before teams, or by the demo) is open to every
curator until one is set; editors and administrators work on every exhibition.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from exhibitions.accounts.auth import Principal
from exhibitions.curation import documents
from exhibitions.db import one_page
from exhibitions.models import Account, ApiToken, Exhibition, ExhibitionReview, ExhibitionTeamMember, utcnow
from exhibitions.objects.records import iso_time
from exhibitions.problems import Problem

REVIEW_STATES = ("none", "submitted", "returned", "approved")
# What each review event leaves the review in.
REVIEW_ACTIONS = {"submitted": "submitted", "returned": "returned", "approved": "approved", "withdrawn": "none"}
MAX_TEAM = 50
MAX_COMMENT = 5000
TOKEN_NAME = "API token "


# The team


def team(session: Session, exhibition: Exhibition) -> list[ExhibitionTeamMember]:
    return list(session.scalars(select(ExhibitionTeamMember).where(ExhibitionTeamMember.exhibition_id == exhibition.id)
                                .order_by(ExhibitionTeamMember.creator.desc(), ExhibitionTeamMember.id)))


def team_record(session: Session, exhibition: Exhibition) -> dict[str, Any]:
    members = team(session, exhibition)
    return {"creator": next((row.member for row in members if row.creator), None),
            "members": [row.member for row in members if not row.creator],
            "open": not members}


def may_work_on(session: Session, principal: Principal | None, exhibition: Exhibition) -> bool:
    """Whether this person may change the exhibition and its draft: its team, every curator while
    it has none, editors and administrators."""
    return exhibition.id in workable_among(session, principal, [exhibition])


def workable_among(session: Session, principal: Principal | None, exhibitions: list[Exhibition]) -> set[int]:
    """The ids of those exhibitions this person may work on (see may_work_on), in one query: a
    page listing many exhibitions asks once, not once per row."""
    if principal is None or not principal.is_curator:
        return set()
    if principal.is_editor:
        return {exhibition.id for exhibition in exhibitions}
    members: dict[int, set[str]] = {}
    rows = session.execute(select(ExhibitionTeamMember.exhibition_id, ExhibitionTeamMember.member)
                           .where(ExhibitionTeamMember.exhibition_id.in_([e.id for e in exhibitions])))
    for exhibition_id, member in rows:
        members.setdefault(exhibition_id, set()).add(member)
    return {exhibition.id for exhibition in exhibitions
            if not members.get(exhibition.id) or principal.name in members[exhibition.id]}


def require_team(session: Session, principal: Principal, exhibition: Exhibition) -> None:
    if not may_work_on(session, principal, exhibition):
        raise Problem(403, f"Only the team of exhibition '{exhibition.slug}' (the curator who made it and the "
                           "curators they invited), editors and administrators may do this; ask one of its team "
                           f"to add you (PUT /api/v1/exhibitions/{exhibition.slug}/team).")


def set_team(session: Session, exhibition: Exhibition, payload: Any) -> None:
    """Replace the curators invited to the exhibition (its creator stays): `{"members": [...]}`,
    each an account's email or an API token's name (its label, with or without "API token ")."""
    given = payload.get("members") if isinstance(payload, dict) else None
    if not isinstance(given, list) or len(given) > MAX_TEAM:
        raise Problem(422, f"Send {{\"members\": [...]}}: at most {MAX_TEAM} curators' emails or token names.",
                      errors=[{"field": "members", "message": f"must be a list of at most {MAX_TEAM} names"}])
    names, errors = [], []
    for index, text in enumerate(given):
        name, error = _member_name(session, text)
        if error:
            errors.append({"field": f"members.{index}", "message": error})
        elif name not in names:
            names.append(name)
    if errors:
        raise Problem(422, f"The team has {len(errors)} error(s).", errors=errors)
    creator = team_record(session, exhibition)["creator"]
    session.execute(delete(ExhibitionTeamMember).where(ExhibitionTeamMember.exhibition_id == exhibition.id,
                                                       ExhibitionTeamMember.creator.is_(False)))
    session.add_all(ExhibitionTeamMember(exhibition_id=exhibition.id, member=name)
                    for name in names if name != creator)
    session.flush()


def _member_name(session: Session, text: Any) -> tuple[str | None, str | None]:
    """A team member's name from what was sent, or why it cannot be one."""
    if not isinstance(text, str) or not text.strip():
        return None, "must be a curator's email or an API token's name"
    text = text.strip()
    if "@" in text:
        account = session.scalar(select(Account).where(Account.email == text.lower()))
        if account is None:
            return None, f"there is no account '{text}'"
        if account.role != "curator":
            return None, (f"'{text}' is an account of role {account.role}: only curators join a team "
                          "(editors and administrators work on every exhibition)")
        return account.email, None
    label = text.removeprefix(TOKEN_NAME).strip()
    tokens = session.scalars(select(ApiToken).where(ApiToken.label == label)).all()
    if not tokens and label.isascii() and label.isdigit():
        tokens = session.scalars(select(ApiToken).where(ApiToken.id == int(label), ApiToken.label.is_(None))).all()
    if not tokens:
        return None, f"there is no account or API token named '{text}'"
    if any(token.role != "curator" for token in tokens):
        return None, f"'{text}' names a token that is not a curator's"
    return TOKEN_NAME + label, None


# The draft


def draft_document(exhibition: Exhibition) -> dict[str, Any]:
    """The draft, or the live document while there is none (where the next draft starts)."""
    return exhibition.draft if exhibition.draft is not None else exhibition.document


def draft_record(session: Session, exhibition: Exhibition) -> dict[str, Any]:
    """The draft as the API answers it: the document, whether it is a draft at all (`exists`),
    its ETag (`draft_version`), the live version it goes on top of and its review."""
    document = documents.answer_document(draft_document(exhibition))
    return {
        "slug": exhibition.slug,
        **{name: document.get(name) for name in ("title", "summary", "cover")},
        "sections": document["sections"],
        "status": exhibition.status,
        "exists": exhibition.draft is not None,
        "draft_version": exhibition.draft_version,
        "live_version": exhibition.version,
        "saved": iso_time(exhibition.draft_saved) if exhibition.draft_saved else None,
        "saved_by": exhibition.draft_saved_by,
        "publish_at": documents.exhibition_record(exhibition, None)["publish_at"],
        "review": review_record(session, exhibition),
    }


class DraftConflict(Problem):
    """A draft save based on an older draft than the one saved since."""

    def __init__(self, exhibition: Exhibition, expected: int):
        super().__init__(412, f"Someone else saved the draft of '{exhibition.slug}' after you loaded it: it is at "
                              f"draft_version {exhibition.draft_version} (saved by "
                              f"{exhibition.draft_saved_by or 'someone'}), not {expected}. Get their version with "
                              f"GET /api/v1/exhibitions/{exhibition.slug}/draft, make your change on top of it and "
                              f"send it with If-Match: \"{exhibition.draft_version}\".",
                         errors=[{"field": "If-Match", "message": f"the draft is at {exhibition.draft_version}"}])
        self.current = exhibition.draft_version
        self.expected = expected


def check_draft_version(exhibition: Exhibition, expected: int | str | None) -> None:
    if isinstance(expected, int) and expected != exhibition.draft_version:
        raise DraftConflict(exhibition, expected)


def save_draft(session: Session, exhibition: Exhibition, payload: Any, *, saved_by: str | None,
               expected_version: int | str | None = None, review_required: bool = False) -> None:
    """Replace the draft whole, checked as any exhibition save is; the live document does not
    change. A draft that changes after its approval needs approving again (under review, its
    scheduled publication is cancelled with it)."""
    check_draft_version(exhibition, expected_version)
    kept = documents.object_ids_of(exhibition.document) | documents.object_ids_of(draft_document(exhibition))
    document = documents.validate_document(session, exhibition.slug, payload, kept, exhibition.id)
    if document == draft_document(exhibition):
        return
    exhibition.draft = document
    exhibition.draft_version += 1
    exhibition.draft_saved = utcnow()
    exhibition.draft_saved_by = saved_by
    if exhibition.review_state == "approved":
        _event(session, exhibition, "withdrawn", saved_by, "The draft changed after its approval.")
        if review_required:
            exhibition.publish_at = None
    documents._write(session, exhibition)


def discard_draft(session: Session, exhibition: Exhibition, *, by: str | None,
                  expected_version: int | str | None = None) -> None:
    """Drop the draft; the live document stays as it is. A review in progress ends with it, and
    so does a published exhibition's schedule (which was the draft's)."""
    check_draft_version(exhibition, expected_version)
    if exhibition.draft is None:
        return
    exhibition.draft = None
    exhibition.draft_version += 1
    exhibition.draft_saved = exhibition.draft_saved_by = None
    if exhibition.status == "published":
        exhibition.publish_at = None
    if exhibition.review_state != "none":
        _event(session, exhibition, "withdrawn", by, "The draft was discarded.")
    documents._write(session, exhibition)


# Publication and review


def _review_required(principal: Principal, review_required: bool) -> None:
    if review_required and not principal.is_editor:
        raise Problem(403, "Review is required before publication here: submit the draft "
                           "(POST .../submit) and an editor approves it, which publishes it.")


def publish(session: Session, exhibition: Exhibition, principal: Principal, *, review_required: bool) -> None:
    """Publish changes: the draft goes live (or the exhibition, if it was not public). Under
    review only editors and administrators publish; a review in progress ends."""
    _review_required(principal, review_required)
    if exhibition.review_state in ("submitted", "returned"):
        _event(session, exhibition, "withdrawn", principal.name, f"Published by {principal.name} directly.")
    documents.publish(session, exhibition)


def schedule(session: Session, exhibition: Exhibition, principal: Principal, when: Any, *,
             review_required: bool) -> None:
    if when is not None:
        _review_required(principal, review_required)
    documents.schedule(session, exhibition, when)


def require_change_to_live(principal: Principal, exhibition: Exhibition | None, *, review_required: bool) -> None:
    """Under review, only editors and administrators write a published exhibition's live
    document directly (a PUT on the exhibition, a restore); curators go through the draft."""
    if review_required and exhibition is not None and exhibition.status == "published" and not principal.is_editor:
        raise Problem(403, f"Review is required before publication here: save the change to the draft "
                           f"(PUT /api/v1/exhibitions/{exhibition.slug}/draft) and submit it.")


def submit(session: Session, exhibition: Exhibition, by: str | None) -> None:
    """Ask the editors to review the draft (for an unpublished exhibition without one: the
    exhibition itself)."""
    if exhibition.review_state == "submitted":
        raise Problem(409, f"The draft of '{exhibition.slug}' is already awaiting review.")
    published = exhibition.status == "published"
    document = exhibition.draft if exhibition.draft is not None or published else exhibition.document
    if document is None or (published and document == exhibition.document):
        raise Problem(422, "Nothing changed since the live version: save a draft first "
                           f"(PUT /api/v1/exhibitions/{exhibition.slug}/draft).",
                      errors=[{"field": "draft", "message": "is the same as the live version"}])
    sections = document.get("sections", [])
    if not sections or not any(section.get("blocks") for section in sections):
        raise Problem(422, "The draft is empty: it needs a section with at least one block before review.",
                      errors=[{"field": "sections", "message": "must hold at least one block"}])
    _event(session, exhibition, "submitted", by)


def _awaiting_review(exhibition: Exhibition, doing: str) -> None:
    if exhibition.review_state != "submitted":
        raise Problem(409, f"The draft of '{exhibition.slug}' is not awaiting review (its review is "
                           f"'{exhibition.review_state}'), so it cannot be {doing}: a curator of its team "
                           "submits it first.")


def require_editor(principal: Principal) -> None:
    if not principal.is_editor:
        raise Problem(403, "Only editors (and administrators) review drafts.")


def approve(session: Session, exhibition: Exhibition, by: str | None, *, publish_at: Any = None,
            expected_version: int | str | None = None) -> None:
    """Approve the submitted draft: it is published now, or at publish_at (scheduled publication)."""
    _awaiting_review(exhibition, "approved")
    check_draft_version(exhibition, expected_version)
    _event(session, exhibition, "approved", by)
    if publish_at is None:
        documents.publish(session, exhibition)
    else:
        documents.schedule(session, exhibition, publish_at)


def return_draft(session: Session, exhibition: Exhibition, by: str | None, payload: Any) -> None:
    """Send the draft back to its team with a comment saying what to change."""
    _awaiting_review(exhibition, "returned")
    comment = payload.get("comment") if isinstance(payload, dict) else None
    if not isinstance(comment, str) or not comment.strip() or len(comment) > MAX_COMMENT:
        raise Problem(422, "Say what to change: send {\"comment\": \"...\"}.",
                      errors=[{"field": "comment", "message": f"is required, up to {MAX_COMMENT} characters"}])
    _event(session, exhibition, "returned", by, comment.strip())


def _event(session: Session, exhibition: Exhibition, action: str, by: str | None, comment: str | None = None) -> None:
    exhibition.review_state = REVIEW_ACTIONS[action]
    session.add(ExhibitionReview(exhibition_id=exhibition.id, action=action, state=exhibition.review_state,
                                 comment=comment, by=by, at=utcnow()))
    documents._write(session, exhibition)


def review_record(session: Session, exhibition: Exhibition) -> dict[str, Any]:
    """The review's state, and the comment, who and when of the step that left it there."""
    last = session.scalar(select(ExhibitionReview).where(ExhibitionReview.exhibition_id == exhibition.id)
                          .order_by(ExhibitionReview.id.desc()).limit(1))
    return {"state": exhibition.review_state, "comment": last.comment if last else None,
            "by": last.by if last else None, "at": iso_time(last.at) if last else None}


def reviews(session: Session, exhibition: Exhibition, *, page: int, size: int) -> tuple[int, list[dict[str, Any]]]:
    """The review's steps, newest first."""
    where = ExhibitionReview.exhibition_id == exhibition.id
    total, rows = one_page(session, select(ExhibitionReview).where(where).order_by(ExhibitionReview.id.desc()),
                           page, size)
    return total, [{"action": row.action, "state": row.state, "comment": row.comment, "by": row.by,
                    "at": iso_time(row.at)} for row in rows]


# Work areas


def work_areas(session: Session, principal: Principal) -> dict[str, list[Exhibition]]:
    """The studio's home: the exhibitions this person made, those shared with them (invited, or
    open to every curator) and, for editors, the drafts awaiting review. Each exhibition is in one
    area only: an editor's own stays in "mine", and one awaiting their review leaves "shared"."""
    live = select(Exhibition).where(Exhibition.status != "deleted").order_by(Exhibition.modified.desc())
    mine = select(ExhibitionTeamMember.exhibition_id).where(ExhibitionTeamMember.member == principal.name,
                                                            ExhibitionTeamMember.creator.is_(True))
    invited = select(ExhibitionTeamMember.exhibition_id).where(ExhibitionTeamMember.member == principal.name,
                                                               ExhibitionTeamMember.creator.is_(False))
    teamed = select(ExhibitionTeamMember.exhibition_id)
    shared = live.where(or_(Exhibition.id.in_(invited), Exhibition.id.not_in(teamed)))
    review: list[Exhibition] = []
    if principal.is_editor:
        review = list(session.scalars(live.where(Exhibition.review_state == "submitted",
                                                 Exhibition.id.not_in(mine))))
        shared = shared.where(Exhibition.review_state != "submitted")
    return {"mine": list(session.scalars(live.where(Exhibition.id.in_(mine)))),
            "shared": list(session.scalars(shared)), "review": review}

