"""The API's request schemas (pydantic): they validate requests and generate the OpenAPI description."""

from __future__ import annotations

import html
import re
from typing import Annotated, Any, Literal, TypeVar

import nh3
import orjson
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from exhibitions.json_input import nodes
from exhibitions.problems import Problem
from iiif.rights import normalize_rights
from search.query import EARLIEST_YEAR, LATEST_YEAR
from search.text import pick_language

SLUG = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
# BCP 47-ish tags plus IIIF's "none" for text whose language is unknown.
LANGUAGE = re.compile(r"^(?:none|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")
# Bounds on what one language map holds, so that one record cannot make its page, manifest and
# search answers megabytes long: generous for any catalogue text, tight for names and titles.
MAX_LANGUAGES = 50
MAX_TEXTS_PER_LANGUAGE = 20
MAX_TEXT_LENGTH = 50_000
MAX_LABEL_LENGTH = 1_000
BaseModelT = TypeVar("BaseModelT", bound=BaseModel)


# Text no database, index or page can hold: half of a UTF-16 surrogate pair (JSON's "\ud800"
# escapes can carry one alone) and NUL (PostgreSQL refuses it in text; SQLite would keep it).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_errors(payload: Any) -> list[dict[str, str]]:
    """The field error for the first text (or key) in a payload that cannot be stored, if any:
    checked before anything else, since nothing downstream can even print such text."""
    if not _holds_unstorable(payload):
        return []  # the common case, without naming every field on the way (a bulk import's rows)
    for path, item, _depth in nodes(payload):
        found = _UNSTORABLE.search(item) if isinstance(item, str) else None
        if found:
            message = ("holds a NUL character (\\u0000), which text may not hold" if found.group() == "\x00" else
                       "holds an unpaired UTF-16 surrogate (such as \\ud800 alone), which is not Unicode text")
            return [{"field": path or "body", "message": message}]
    return []


def _holds_unstorable(payload: Any) -> bool:
    """Whether any text or key of a JSON document holds a character that cannot be stored.

    orjson writes the document as JSON in a tenth of the time a walk takes: it refuses a lone
    surrogate, and writes NUL as \\u0000. Only then (or when it refuses something else, or a
    text holds those six characters) is the document walked, to answer exactly."""
    try:
        if b"\\u0000" not in orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS):
            return False
    except TypeError:
        pass
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return True
        elif isinstance(item, dict):
            if any(isinstance(key, str) and _UNSTORABLE.search(key) for key in item):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


surrogate_errors = text_errors  # its name in modules written before it refused NUL as well


def _language_map(value: Any) -> Any:
    """Accept a plain string (language unknown) or a map whose values are strings or lists."""
    if isinstance(value, str):
        value = {"none": [value]}
    if not isinstance(value, dict):
        raise ValueError("must be a language map such as {\"en\": [\"...\"]} or a string")
    if len(value) > MAX_LANGUAGES:
        raise ValueError(f"has {len(value)} languages; at most {MAX_LANGUAGES}")
    result: dict[str, list[str]] = {}
    for language, texts in value.items():
        if not isinstance(language, str) or not LANGUAGE.match(language):
            raise ValueError(f"{language!r} is not a language tag (e.g. en, zh, zh-Hant, none)")
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValueError(f"the {language!r} entry must be a string or a list of strings")
        texts = [t.strip() for t in texts if t.strip()]
        if len(texts) > MAX_TEXTS_PER_LANGUAGE:
            raise ValueError(f"the {language!r} entry has {len(texts)} texts; at most {MAX_TEXTS_PER_LANGUAGE}")
        if texts:
            result[language] = texts
    if not result:
        raise ValueError("must hold at least one non-empty text")
    return result


def _rights(value: str) -> str:
    normalized = normalize_rights(value)
    if normalized is None:
        raise ValueError(
            "must be a Creative Commons or RightsStatements.org URI, "
            "e.g. http://creativecommons.org/licenses/by/4.0/"
        )
    return normalized


def _texts_up_to(limit: int) -> AfterValidator:
    def check(value: dict[str, list[str]]) -> dict[str, list[str]]:
        for language, texts in value.items():
            longest = max(len(text) for text in texts)
            if longest > limit:
                raise ValueError(f"the {language!r} text is {longest} characters long; at most {limit}")
        return value
    return AfterValidator(check)


# Each kind of text checks its own bound only, so that a refusal names that kind's limit.
_LanguageMapShape = Annotated[dict[str, list[str]], BeforeValidator(_language_map)]
LanguageMap = Annotated[_LanguageMapShape, _texts_up_to(MAX_TEXT_LENGTH)]
# Titles, names and the like: one line, not an essay.
Label = Annotated[_LanguageMapShape, _texts_up_to(MAX_LABEL_LENGTH)]
RightsURI = Annotated[str, Field(max_length=300), AfterValidator(_rights)]
Term = Annotated[str, Field(min_length=1, max_length=100)]
Url = Annotated[HttpUrl, Field(max_length=500)]
# What the term fields take (exhibitions.vocabularies reads them after validation).
TERM_INPUT = ("a term of the {vocabulary} vocabulary (GET /api/v1/vocabularies/{vocabulary}): its id, aat:NNNNNNNNN, "
              "an AAT URI or any label in any language; other words are kept as free text with a warning, an aat: "
              "or term: identifier that names no term is a 422")


# A date's or a place's words: one line, as the plain `display` and `name` strings always were.
MAX_PLACE_DATE_LENGTH = 200
DateOrPlaceLabel = Annotated[_LanguageMapShape, _texts_up_to(MAX_PLACE_DATE_LENGTH)]
# Which plain string of a date or a place its language map `label` stands beside.
LABELLED = {"date": "display", "place": "name"}


def label_text(label: dict[str, list[str]]) -> str:
    """The one plain string a language map gives for clients that read strings: its English
    text, else its text in no language, else the first language's first text."""
    return pick_language(label)


def completed(part: str, value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored date or place (`part`: "date" or "place") with both its plain string and its
    language map `label`: the string from the label (label_text) when only the label is there,
    the label {"none": [string]} when only the string is. What every answer shows, whenever the
    record was stored (so records stored before labels existed need no migration)."""
    if not value:
        return value
    key = LABELLED[part]
    label, text = value.get("label"), value.get(key)
    if label and not text:
        return {**value, key: label_text(label)}
    if text and not label:
        return {**value, "label": {"none": [text]}}
    return value


def with_labels(fields: dict[str, Any]) -> dict[str, Any]:
    """Stored object fields (or an object record) with their date and place completed."""
    return {**fields, **{part: completed(part, fields[part]) for part in LABELLED if fields.get(part)}}


def _reduced(part: str, value: BaseModel) -> None:
    """What is stored is the least that completes to the same: no label that the string alone
    gives, no string that the label alone gives. So a client that sends back what it read (or a
    v1 client that sends its strings again, or the form its rows) changes nothing."""
    key = LABELLED[part]
    label, text = value.label, getattr(value, key)
    if label is not None and list(label) == ["none"] and len(label["none"]) == 1 and text in (None, label["none"][0]):
        # One text in no language is the plain string itself.
        setattr(value, key, label["none"][0])
        value.label = None
    elif label is not None and label_text(label) == text:
        setattr(value, key, None)


class DateSpan(BaseModel):
    """A historic date: integer years, negative for BCE, and the text to display: `display`, a
    plain string, and `label`, the same words by language (answers carry both)."""

    model_config = ConfigDict(extra="forbid")
    display: str | None = Field(None, max_length=MAX_PLACE_DATE_LENGTH)
    label: DateOrPlaceLabel | None = Field(
        None, description="the date's words by language (a string or {lang: [texts]}); answers derive it "
        "from `display` ({\"none\": [display]}) and `display` from it (its en text, else none, else the first)")
    start: int = Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)
    end: int = Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)

    @model_validator(mode="after")
    def _ordered(self) -> DateSpan:
        if self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        _reduced("date", self)
        return self


class Place(BaseModel):
    """Where an object was made or found: `name`, a plain string, and `label`, the same name by
    language (answers carry both), and its coordinates."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=MAX_PLACE_DATE_LENGTH)
    label: DateOrPlaceLabel | None = Field(
        None, description="the place's name by language (a string or {lang: [texts]}); answers derive it "
        "from `name` ({\"none\": [name]}) and `name` from it (its en text, else none, else the first)")
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)

    @model_validator(mode="after")
    def _least(self) -> Place:
        _reduced("place", self)
        return self


class ObjectMetadata(BaseModel):
    """What a contributor sends for an object (PUT .../objects/{accession})."""

    model_config = ConfigDict(extra="forbid")
    title: Label
    rights: RightsURI
    description: LanguageMap | None = None
    creator: Label | None = None
    culture: Label | None = None
    credit_line: Label | None = None
    object_type: Term | None = Field(None, description=TERM_INPUT.format(vocabulary="types"))
    materials: list[Term] = Field(default_factory=list, max_length=50,
                                  description=TERM_INPUT.format(vocabulary="materials"))
    techniques: list[Term] = Field(default_factory=list, max_length=50,
                                   description=TERM_INPUT.format(vocabulary="techniques"))
    keywords: list[Term] = Field(default_factory=list, max_length=100)
    date: DateSpan | None = None
    place: Place | None = None
    dimensions: str | None = Field(None, max_length=300)
    homepage: Url | None = None


class MuseumProfile(BaseModel):
    """What a museum's profile holds besides its slug, name and country."""

    model_config = ConfigDict(extra="forbid")
    city: str | None = Field(None, max_length=200)
    homepage: Url | None = None
    logo: Url | None = None
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    joined: str | None = Field(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    description: LanguageMap | None = Field(None, description="a few lines about the museum, by language")
    default_rights: RightsURI | None = Field(
        None, description="the rights its objects most often carry: the contributors' object form starts with "
        "it, and an import row without rights takes it; the object API still requires rights")


COUNTRY = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")


class MuseumCreate(MuseumProfile):
    """A new member museum (POST /api/v1/museums)."""

    slug: Annotated[str, Field(pattern=SLUG)]
    name: Label
    country: Annotated[str, COUNTRY]


class MuseumPatch(MuseumProfile):
    """Changes to a museum (PATCH /api/v1/museums/{slug}): the fields sent replace theirs, null
    removes an optional one; the slug, which names the museum in every address, stays."""

    name: Label | None = None
    country: Annotated[str | None, COUNTRY] = None

    @field_validator("name", "country", mode="before")
    @classmethod
    def _required_stay(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be removed: a museum always has one")
        return value


# The roles of exhibitions.accounts.auth.ROLES (pure schemas import no service).
Role = Literal["admin", "contributor", "curator", "editor"]
MuseumSlug = Annotated[str, Field(pattern=SLUG, description="a contributor's museum; no other role has one")]
# Emails are kept as login reads them: trimmed, in lower case.
Email = Annotated[str, BeforeValidator(lambda value: value.strip().lower() if isinstance(value, str) else value),
                  Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class AccountCreate(BaseModel):
    """A new login for the pages (POST /api/v1/accounts): it has no password until its first
    reset link (POST /api/v1/accounts/{id}/reset-link) sets one."""

    model_config = ConfigDict(extra="forbid")
    email: Email
    role: Role
    museum: MuseumSlug | None = None


class AccountPatch(BaseModel):
    """Changes to an account (PATCH /api/v1/accounts/{id}): a contributor needs its museum, no
    other role has one (null removes it); disabling ends its sessions and its tokens' use."""

    model_config = ConfigDict(extra="forbid")
    role: Role | None = None
    museum: MuseumSlug | None = None
    disabled: bool | None = None

    @field_validator("role", "disabled", mode="before")
    @classmethod
    def _required_stay(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be removed: an account always has one")
        return value


class TokenCreate(BaseModel):
    """A new API token (POST /api/v1/tokens), shown once in the answer."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=200, description="what the token is for")]
    role: Role
    museum: MuseumSlug | None = None


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """Every error of a validation, named by its dotted field path (an exhibition block's path
    without the block type pydantic puts in it: sections.0.blocks.2.region)."""
    errors = []
    for item in error.errors(include_url=False):
        loc = [part for position, part in enumerate(item["loc"])
               if not (part in BLOCK_TYPES and position >= 2 and item["loc"][position - 2] == "blocks")]
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "is not a known field"
        elif item["type"] == "string_pattern_mismatch" and item["ctx"]["pattern"] == SLUG:
            message = "must be lower-case letters (a-z), digits and hyphens, at most 64, not beginning or ending " \
                      "with a hyphen"
        elif item["type"] == "missing":
            message = "is required"
        elif item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc.append("type")
            message = f"must be one of the block types: {', '.join(BLOCK_TYPES)}"
        errors.append({"field": ".".join(str(part) for part in loc) or "body", "message": message})
    return errors


def validated(model: type[BaseModelT], payload: Any, what: str) -> BaseModelT:
    """The payload as the model reads it, or a 422 naming every field at fault (and the text
    that cannot be stored, first)."""
    if not isinstance(payload, dict):
        raise Problem(422, f"The body must be a JSON object of the {what}'s fields.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    errors = text_errors(payload)
    if not errors:
        try:
            return model.model_validate(payload)
        except ValidationError as error:
            errors = field_errors(error)
    raise Problem(422, f"The {what} has {len(errors)} error(s).", errors=errors)


def dump(model: BaseModel) -> dict[str, Any]:
    """The stored form of a validated model: JSON types, empty values left out."""
    return model.model_dump(mode="json", exclude_none=True)


def _plain_text(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """Titles are plain text: any markup a curator typed is dropped (and the entities the
    cleaner writes are read back, so that "Ewers & jars" stays as typed)."""
    return {language: [html.unescape(nh3.clean(text, tags=set())) for text in texts]
            for language, texts in value.items()}


RICH_TAGS = {"a", "b", "br", "em", "i", "p", "small", "strong", "sub", "sup"}


def clean_rich_text(text: str) -> str:
    """Curator HTML cut to the little that IIIF clients render (links stay, with rel=noopener);
    scripts, styles and event handlers go. Applied when text is stored and again when shown."""
    return nh3.clean(text, tags=RICH_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer")


def _rich_text(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """Narrative text and captions may use a little HTML; the rest is removed before it is stored."""
    return {language: [clean_rich_text(text) for text in texts] for language, texts in value.items()}


PlainText = Annotated[Label, AfterValidator(_plain_text)]
RichText = Annotated[LanguageMap, AfterValidator(_rich_text)]
# ASCII digits: a pattern's \d takes the digits of every script ("١٠").
REGION = r"^[0-9]{1,6},[0-9]{1,6},[0-9]{1,6},[0-9]{1,6}$"


ObjectId = Annotated[str, Field(min_length=1, max_length=80)]
SHA256 = r"^[0-9a-f]{64}$"
ImageId = Annotated[str, Field(pattern=SHA256)]
Region = Annotated[str, Field(pattern=REGION, description="x,y,w,h in the image's pixels, inside the image")]
# The block types of an exhibition section (v2 of the document), in the order the OpenAPI lists them.
BLOCK_TYPES = ("text", "object", "gallery", "compare", "media", "quote", "map", "timeline")
MAX_SECTIONS = 100
MAX_BLOCKS = 200


class ExhibitionItem(BaseModel):
    """An object shown in a section: which image, which region of it (x,y,w,h in the image's
    pixels) and the caption. v1's item; v2 keeps it as the object block, a gallery's or a
    compare's item."""

    model_config = ConfigDict(extra="forbid")
    object: ObjectId
    image: ImageId | None = None
    region: Region | None = None
    caption: RichText | None = None


class Cover(BaseModel):
    """The exhibition's cover image: an object, its image (else the first) and a region of it."""

    model_config = ConfigDict(extra="forbid")
    object: ObjectId
    image: ImageId | None = None
    region: Region | None = None


class TextBlock(BaseModel):
    """Narrative text."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["text"]
    text: RichText


class ObjectBlock(ExhibitionItem):
    """One object in the deep-zoom viewer, flown to its region; `layout` places the figure in the
    story: its image to the left or right of the caption, or across the full width."""

    type: Literal["object"]
    layout: Literal["left", "right", "full"] = "right"


class GalleryBlock(BaseModel):
    """Several objects as thumbnails, in a grid or a horizontal strip."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["gallery"]
    items: list[ExhibitionItem] = Field(min_length=2, max_length=50)
    style: Literal["grid", "strip"] = "grid"
    caption: RichText | None = None


class CompareBlock(BaseModel):
    """Two objects side by side."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["compare"]
    items: list[ExhibitionItem] = Field(min_length=2, max_length=2)
    caption: RichText | None = None


class MediaBlock(BaseModel):
    """Sound or video: a media file uploaded to this exhibition (its sha256), or a IIIF AV manifest."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["media"]
    media: Annotated[str, Field(pattern=SHA256, description="the id (sha256) of a media file uploaded to this "
                                "exhibition (POST /api/v1/exhibitions/{slug}/media)")] | None = None
    manifest: Annotated[HttpUrl, Field(max_length=500, description="https URL of a IIIF AV manifest")] | None = None
    caption: RichText | None = None
    transcript: RichText | None = None

    @field_validator("manifest")
    @classmethod
    def _https(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and value.scheme != "https":
            raise ValueError("must be an https URL")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> MediaBlock:
        if (self.media is None) == (self.manifest is None):
            raise ValueError("must name either media (an uploaded file) or manifest (a IIIF AV manifest), not both")
        return self


class QuoteBlock(BaseModel):
    """A pull quote and who said or wrote it."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["quote"]
    quote: RichText
    attribution: PlainText | None = None


class MapBlock(BaseModel):
    """The places of objects (by default every object of the exhibition); `journey` joins them in order."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["map"]
    objects: list[ObjectId] | None = Field(None, max_length=500)
    journey: bool = False
    caption: RichText | None = None


class TimelineBlock(BaseModel):
    """The dates of objects (by default every object of the exhibition), in order."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["timeline"]
    objects: list[ObjectId] | None = Field(None, max_length=500)
    caption: RichText | None = None


Block = Annotated[TextBlock | ObjectBlock | GalleryBlock | CompareBlock | MediaBlock | QuoteBlock | MapBlock
                  | TimelineBlock, Field(discriminator="type")]


class ExhibitionSection(BaseModel):
    """A section: its title, an introduction and its blocks in order. v1 clients send `items`
    (read as object blocks); a section with both is refused unless they agree."""

    model_config = ConfigDict(extra="forbid")
    title: PlainText
    text: RichText | None = None
    blocks: list[Block] | None = Field(None, max_length=MAX_BLOCKS)
    items: list[ExhibitionItem] | None = Field(None, max_length=MAX_BLOCKS,
                                               description="v1: the object blocks alone; answers derive it")


class ExhibitionDocument(BaseModel):
    """The whole exhibition a curator sends (PUT /api/v1/exhibitions/{slug})."""

    model_config = ConfigDict(extra="forbid")
    slug: Annotated[str, Field(pattern=SLUG)] | None = None
    title: PlainText
    summary: RichText | None = None
    cover: Cover | None = None
    status: Annotated[str, Field(pattern=r"^(draft|published)$",
                                 description="read-only: publish and unpublish change it")] | None = None
    sections: list[ExhibitionSection] = Field(default_factory=list, max_length=MAX_SECTIONS)
