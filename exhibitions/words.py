"""The interface's own words in English, keyed, in one place; every other language is a gettext
catalog made from them (exhibitions/i18n: `make translations` adds a new key to every catalog).

Templates and views ask for a word by key (`t("search.submit")`); a key missing in the reader's
language falls back to English, so a partial translation never breaks a page. Placeholders use
str.format names (`{count}`); a message about a count is a `Plural` (its singular, its plural and
the placeholder of the count), and each language gets its own plural forms. A key's prefix names
the pages that use it; `work.` is shared by the curators' and the contributors' pages (history,
trash).
"""

from __future__ import annotations

from exhibitions import i18n
from exhibitions.i18n import Plural
from exhibitions.words_admin import ADMIN_WORDS
from exhibitions.words_studio import STUDIO_WORDS
from search.query import EARLIEST_CENTURY, ordinal

WORDS: dict[str, dict[str, i18n.Message]] = {
    "en": {
        "site.name": "Caravanserai",
        "site.tagline": "Exhibitions and collections of the Silk Road museums",
        "site.skip": "Skip to the content",
        "site.footer": ("Caravanserai: the shared exhibition and collection platform of an "
            "alliance of Silk Road museums."),
        "site.iiif": "All objects and exhibitions are open IIIF resources.",
        "nav.main": "Main",
        "nav.home": "Home",
        "nav.exhibitions": "Exhibitions",
        "nav.museums": "Museums",
        "nav.search": "Search",
        "nav.curate": "Curate",
        "nav.contribute": "Contribute",
        "nav.login": "Log in",
        "nav.logout": "Log out",
        "nav.signed_in": "Signed in as {email}",
        "lang.choose": "Language of the content",
        "lang.any": "Reader's choice",
        "lang.site": "Language of the site",
        "text.fallback": "Not translated into your language; shown in {name}",
        "translations.missing": "Missing translations",
        "translations.missing_hint": ("Readers of these languages see the text in another language, "
            "marked with its name."),
        "translations.separator": ", ",
        "translations.field": "{field}:",
        "home.title": "Silk Road museums, one platform",
        "home.intro": ("Exhibitions drawn from the collections of member museums, objects to zoom "
            "into, and one search across every collection."),
        "home.exhibitions": "Exhibitions",
        "home.no_exhibitions": "No exhibition has been published yet.",
        "home.museums": "Member museums",
        "home.all_museums": "All member museums",
        "home.search_label": "Search every collection",
        "home.featured": "Featured exhibition",
        "home.enter": "Enter the exhibition",
        "home.search_hint": "Try silk, Tang dynasty or bronze mirror: every member museum's collection at once.",
        "exhibitions.title": "Exhibitions",
        "exhibitions.none": "No exhibition has been published yet.",
        "exhibition.draft": "Draft: only curators see this preview.",
        "exhibition.preview": "Preview",
        "exhibition.sections": "Sections",
        "exhibition.show_detail": "Show this detail in the viewer",
        "exhibition.viewer": "Deep-zoom viewer of the current item",
        "exhibition.manifest": "IIIF manifest of this exhibition",
        "exhibition.missing_object": "This object is no longer available.",
        "exhibition.gallery": "Gallery: scroll sideways",
        "exhibition.compare_link": "Compare these two side by side",
        "exhibition.keep_in_step": "Keep zoom in step",
        "exhibition.compare_viewer": "Deep zoom: {title}",
        "exhibition.media_manifest": "Listen or watch (IIIF)",
        "exhibition.transcript": "Transcript",
        "exhibition.journey": "A journey: the places in order.",
        "exhibition.credits": "With objects from",
        "curate.add_text": "Add a text",
        "curate.add_quote": "Add a quote",
        "curate.text_block": "Text {n}",
        "curate.quote_block": "Quote {n}",
        "curate.quote": "Quote",
        "curate.attribution": "Attribution",
        "curate.layout": "Layout",
        "curate.layout.right": "Image right",
        "curate.layout.left": "Image left",
        "curate.layout.full": "Full width",
        "curate.kept_block": "A {kind} block, kept as it is (edit it through the API)",
        "exhibition.from": "From",
        "museums.title": "Member museums",
        "museums.objects": Plural("{count} object", "{count} objects"),
        "museum.objects": "Objects",
        "museum.homepage": "The museum's website",
        "museum.collection": "IIIF collection",
        "museum.joined": "Member since {date}",
        "museum.no_objects": "This museum has not published objects yet.",
        "museum.about": "About the museum",
        "museum.where": "Where",
        "museum.on_map": "On the map",
        "object.zoom": "Deep-zoom viewer: drag to move, scroll or use + and - to zoom",
        "object.no_image": "No image of this object has been published.",
        "object.details": "Details",
        "object.museum": "Museum",
        "object.accession": "Accession number",
        "object.type": "Type",
        "object.date": "Date",
        "object.place": "Place",
        "object.creator": "Maker",
        "object.culture": "Culture",
        "object.materials": "Materials",
        "object.techniques": "Techniques",
        "object.dimensions": "Dimensions",
        "object.keywords": "Keywords",
        "object.rights": "Rights",
        "object.rights_not_stated": "Rights not stated by the museum",
        "object.credit": "Credit line",
        "object.record": "See the record on the museum's website",
        "object.manifest": "IIIF manifest",
        "object.manifest_drag": "Drag this icon into any IIIF viewer to open the object there",
        "object.cite": "Cite this object",
        "object.accessed": "accessed {date}",
        "object.compare": "Compare with other objects",
        "object.compare_hint": "Add objects to compare by search; open them side by side in Mirador.",
        "object.images": "Images",
        "object.media": "Sound and film",
        "object.transcript": "Transcript",
        "object.captions": "Captions",
        "object.image_n": "Image {n}",
        "object.languages": "This object is described in",
        "object.share": "Share this object",
        "object.address": "Its address",
        "compare.title": "Compare objects",
        "compare.intro": "The objects open side by side in Mirador, a IIIF viewer.",
        "compare.too_few": "Give two or more object ids to compare, separated by commas.",
        "compare.objects": "Objects compared",
        "compare.add": "Compare",
        "search.title": "Search",
        "search.query": "Search words",
        "search.submit": "Search",
        "search.results": Plural("{total} result", "{total} results", "total"),
        "search.no_results": "Nothing matches this search.",
        "search.filters": "Refine",
        "search.filters_toggle": "Filters",
        "search.filters_active": "active filters: {count}",
        "search.apply": "Apply filters",
        "search.clear": "Clear all filters",
        "search.date_span": "Date span (years, negative for BCE)",
        "search.date_from": "From year",
        "search.date_to": "To year",
        "search.sort": "Sort by",
        "search.sort.relevance": "Relevance",
        "search.sort.date": "Oldest first",
        "search.sort.-date": "Newest first",
        "search.sort.title": "Title",
        "search.facet.museum": "Museum",
        "search.facet.country": "Country",
        "search.facet.object_type": "Type",
        "search.facet.material": "Material",
        "search.facet.century": "Century",
        # Plural in the century's number: a language whose ordinals differ for the first (French
        # "Ier siècle", "IIe siècle") writes it in the form its plural rule gives 1.
        "century": Plural("{ordinal} century", "{ordinal} century", "n"),
        "century.bce": Plural("{ordinal} century BCE", "{ordinal} century BCE", "n"),
        "century.bce_earlier": Plural("{ordinal} century BCE or earlier", "{ordinal} century BCE or earlier", "n"),
        "year": "{n}",
        "year.bce": "{n} BCE",
        "nav.map": "Map",
        "nav.timeline": "Timeline",
        "map.title": "Map",
        "map.intro": ("Every object with a place, where it was made or found. Move and zoom the map; "
            "the filters narrow it."),
        "map.total": Plural("{total} object in this view", "{total} objects in this view", "total"),
        "map.canvas": "Map of the objects: arrow keys move it, plus and minus zoom",
        "map.in_view": "The objects in this view",
        "map.cluster": Plural("{count} object here: zoom in", "{count} objects here: zoom in"),
        "map.together": Plural("{count} object at one place", "{count} objects at one place"),
        "map.around": "around {lat}, {lon}",
        "map.none": "No object with a place matches in this view.",
        "map.museums": "Member museums on the map",
        "map.show_museums": "Show the museums",
        "map.as_results": "These objects as search results",
        "map.open": "Open the object",
        "map.close": "Close",
        "map.routes": "Caravan routes (saffron) and the sea route (lapis), drawn from the cities they linked.",
        "map.place": "Where it is",
        "map.explore": "Explore the map",
        "timeline.title": "Timeline",
        "timeline.intro": ("How many objects each period holds, from millennia down to decades. "
            "Choose a period: the map and the objects below follow it."),
        "timeline.chart": "Objects per {interval}",
        "timeline.keys": ("Left and right arrows move the chosen period; with Shift they widen or "
            "narrow it; + and − zoom in and out."),
        "timeline.interval.millennium": "millennium",
        "timeline.interval.century": "century",
        "timeline.interval.decade": "decade",
        "timeline.period": "Period",
        "timeline.show": "Show this period",
        "timeline.zoom_in": "Zoom in",
        "timeline.zoom_out": "Zoom out",
        "timeline.whole": "The whole span",
        "timeline.chosen": "Chosen period: {period}",
        "timeline.none_chosen": "No period chosen: every date.",
        "timeline.count": Plural("{count} object", "{count} objects"),
        "timeline.choose": "Choose {period}",
        "timeline.closer": "Look closer at {period}",
        "timeline.results": "Objects of the period",
        "timeline.search": "All of them in search",
        "timeline.map": "On the map",
        "timeline.empty": "No dated object matches.",
        "timeline.objects": "Objects",
        "exhibition.map": "Map of the places",
        "exhibition.timeline": "The objects in time",
        "search.download": "Download all results",
        "search.syntax": ("Search a phrase in \"quotes\", leave a word out with -word, or search one field: "
            "creator:, culture:, place:, keyword:, accession: (place:\"Chang'an\")."),
        "search.advanced": "Advanced search",
        "search.advanced.phrase": "This exact phrase",
        "search.advanced.exclude": "None of these words",
        "search.advanced.creator": "Creator",
        "search.advanced.culture": "Culture",
        "search.advanced.place": "Place",
        "search.advanced.keyword": "Keyword",
        "search.advanced.accession": "Accession number",
        "search.cite": "Cite the first 1,000 results",
        "search.iiif": "Open these results in a IIIF viewer",
        "search.iiif_collection": "These results as a IIIF collection",
        "search.iiif_drag": "IIIF collection: drag this into a IIIF viewer",
        "object.cite_download": "Download the citation",
        "viewer.title": "Results in a IIIF viewer",
        "data.title": "Open data",
        "data.intro": ("Dated snapshots of every public object, to download whole. The open files hold the objects "
            "anyone may reuse; the metadata-only files hold the rest. Each snapshot's README lists the "
            "fields and licences; SHA256SUMS checks the files."),
        "data.none": "No snapshot has been written yet.",
        "data.objects": "{open} open objects, {closed} metadata only",
        "citation.csl-json": "CSL-JSON",
        "citation.bibtex": "BibTeX",
        "citation.ris": "RIS",
        "search.csv": "CSV",
        "search.jsonl": "JSON Lines",
        "search.unavailable": "Search is unavailable for a moment; please try again shortly.",
        "search.bad": "The search could not run: {message}",
        "search.compare_selected": "Compare selected objects",
        "search.select": "Select for comparing",
        "pager.label": "Pages",
        "pager.previous": "Previous page",
        "pager.next": "Next page",
        "pager.page": "Page {page} of {pages}",
        "login.title": "Log in",
        "login.email": "Email",
        "login.password": "Password",
        "login.submit": "Log in",
        "login.failed": "The email or the password is not right.",
        "login.throttled_address": "Too many failed logins from your network. Please try again in {minutes} minutes.",
        "login.throttled": "Too many failed logins for this email. Please try again in {minutes} minutes.",
        "login.needed": "Please log in to continue.",
        "forbidden.title": "Not allowed",
        "forbidden.text": "Your account may not use this page.",
        "notfound.title": "Not found",
        "notfound.text": "There is no page at this address. Search the collections, or start from the home page.",
        "error.title": "Something went wrong",
        "form.errors": Plural("Please correct the problem below; nothing you typed was lost.",
                              "Please correct {count} problems below; nothing you typed was lost."),
        "form.csrf": "The form had expired; please send it again.",
        "curate.title": "Curate exhibitions",
        "curate.list": "Your exhibitions",
        "curate.mine": "My exhibitions",
        "curate.shared": "Shared with me",
        "curate.awaiting_review": "Awaiting my review",
        "curate.has_draft": "unpublished changes in the draft",
        "curate.no_draft": "no changes since the live version",
        "curate.review.none": "not in review",
        "curate.review.submitted": "awaiting review",
        "curate.review.returned": "returned with a comment",
        "curate.review.approved": "approved",
        "curate.publish_changes": "Publish changes",
        "curate.submit": "Submit for review",
        "curate.approve": "Approve and publish",
        "curate.return": "Return to curator",
        "curate.return_comment": "What should change",
        "curate.returned_by": "Returned by {by}: {comment}",
        "curate.submitted": "Submitted for review: an editor will publish it or return it.",
        "curate.returned": "Returned to the curator.",
        "curate.discard": "Discard draft",
        "curate.discarded": "Draft discarded: the exhibition is as it was published.",
        "curate.draft_conflict": ("Someone saved this draft (now draft {current}) after you opened draft "
                                  "{yours}. What you typed is still here. Save again to replace their draft "
                                  "with yours."),
        "curate.none": "No exhibition yet.",
        "curate.new": "New exhibition",
        "curate.new_in_studio": "Start a new exhibition in the studio",
        "curate.new_in_form": "Or make one with the plain form (works without JavaScript):",
        "curate.slug": "Address (slug: lower-case letters, digits and hyphens)",
        "curate.create": "Create",
        "curate.status.draft": "draft",
        "curate.status.published": "published",
        "curate.edit": "Edit",
        "curate.editing": "Editing: {title}",
        "curate.languages": "Languages of the texts (codes, separated by commas, e.g. en, zh)",
        "curate.update_languages": "Update languages",
        "curate.bad_languages": "Not a language tag: {tags}. Write tags such as en, zh, zh-Hant, ru, fa.",
        "curate.ex_title": "Title",
        "curate.summary": "Summary",
        "curate.section": "Section {n}",
        "curate.section_title": "Section title",
        "curate.section_text": "Narrative text",
        "curate.add_section": "Add a section",
        "curate.remove_section": "Remove this section",
        "curate.move_up": "Move up",
        "curate.move_down": "Move down",
        "curate.item": "Item {n}",
        "curate.object": "Object id",
        "curate.image": "Image",
        "curate.region": "Region (x,y,w,h in image pixels; empty for the whole image)",
        "curate.draw": "Draw the region on the image",
        "curate.draw_hint": "Drag a rectangle on the image; it fills the region field.",
        "curate.clear_region": "Whole image",
        "curate.caption": "Caption",
        "curate.remove_item": "Remove this item",
        "curate.find": "Find objects from every museum",
        "curate.find_submit": "Find",
        "curate.find_any_museum": "Any museum",
        "curate.find_years": "Years; negative for BCE.",
        "curate.add_to": "Add to section",
        "curate.add": "Add",
        "curate.save": "Save draft",
        "curate.save_live": "Save (the public sees the change)",
        "curate.saved": "Saved.",
        "curate.trash": "Trash",
        "curate.trash_intro": ("Deleted exhibitions wait here with their whole history. Restoring one "
                               "makes it a draft again; deleting it for good cannot be undone."),
        "curate.trash_empty": "The trash is empty.",
        "curate.trash_team_only": "Only its team, editors and admins may restore or delete it.",
        "work.deleted_at": "Deleted",
        "work.restore_from_trash": "Restore",
        "work.delete_for_good": "Delete for good",
        "curate.confirm_for_good": "Yes, delete it and its history for good",
        "curate.restored_from_trash": "The exhibition '{slug}' is back, as a draft.",
        "curate.deleted_for_good": "The exhibition '{slug}' was deleted for good.",
        "curate.publish_at": "Publish at (UTC)",
        "curate.schedule": "Save and schedule",
        "curate.scheduled_for": "It will be published at {time} UTC.",
        "curate.unschedule": "Cancel the schedule",
        "curate.scheduled": "Saved; it will be published at {time} UTC.",
        "curate.unscheduled": "Saved; the scheduled publication is cancelled.",
        "work.version": "version {number}",
        "work.history": "History",
        "curate.history_title": "History of {title}",
        "curate.history_intro": ("Every save that changed the exhibition is kept here. Restoring a "
                                 "version makes it the current one again, as a new version, so a restore "
                                 "can be undone too."),
        "work.version_column": "Version",
        "work.saved_at": "Saved",
        "curate.saved_by": "By",
        "curate.contents": "Contents",
        "curate.contents_counts": "sections: {sections}, objects: {items}",
        "work.restore": "Restore",
        "curate.item_in_trash": ("This object is in its museum's trash: the exhibition leaves it out until "
                                 "the museum restores it."),
        "curate.current_version": "current",
        "curate.restored": "Version {number} is the current one again, as version {new}.",
        "curate.restored_from": "restored from version {number}",
        "curate.conflict": ("Someone saved this exhibition (now version {current}) after you opened "
                            "version {yours}. What you typed is still here, and their version is "
                            "kept in the history. Save again to replace it with yours."),
        "curate.preview": "Preview",
        "curate.publish": "Save and publish",
        "curate.unpublish": "Unpublish",
        "curate.published": "Published: the public sees it now.",
        "curate.unpublished": "Unpublished: only curators see it now.",
        "curate.delete": "Delete this exhibition",
        "curate.delete_confirm": "Yes, move it to the trash (it can be restored from there; objects stay)",
        "work.delete_confirm_needed": "Tick the box to confirm the deletion; nothing was deleted.",
        "curate.deleted": "The exhibition '{slug}' is in the trash; restore it from there if it was a mistake.",
        "curate.public_page": "Public page",
        "curate.unsaved": "Changes are kept in this form until you save.",
        "contribute.title": "Contribute: {museum}",
        "contribute.choose": "Choose a museum",
        "contribute.objects": "Objects",
        "contribute.none": "No object yet.",
        "contribute.new": "New object",
        "contribute.import": "Bulk import",
        "contribute.status": "Status",
        "contribute.status.indexed": "searchable",
        "contribute.status.pending": "waiting for the search index",
        "contribute.status.no_image": "no image",
        "contribute.images_count": Plural("{count} image", "{count} images"),
        "contribute.edit": "Edit",
        "contribute.object_title": "Object {accession}",
        "contribute.accession": "Accession number",
        "contribute.language": "Language",
        "contribute.text": "Text",
        "contribute.title_field": "Title",
        "contribute.description": "Description",
        "contribute.creator": "Maker",
        "contribute.culture": "Culture",
        "contribute.credit_line": "Credit line",
        "contribute.object_type": "Type",
        "contribute.materials": "Materials (separated by commas)",
        "contribute.techniques": "Techniques (separated by commas)",
        "contribute.keywords": "Keywords (separated by commas)",
        "contribute.date_display": "Date as shown",
        "contribute.date_start": "From year (negative for BCE)",
        "contribute.date_end": "To year",
        "contribute.place_name": "Name of the place",
        "contribute.place_lat": "Latitude",
        "contribute.place_lon": "Longitude",
        "contribute.dimensions": "Dimensions",
        "contribute.rights": "Rights (a Creative Commons or RightsStatements.org URI)",
        "contribute.homepage": "Record on the museum's website (URL)",
        "contribute.images": "Add images (JPEG, PNG, TIFF)",
        "contribute.save": "Save object",
        "contribute.saved": "Saved: {outcome}.",
        "contribute.free_terms": "Kept as free text, not found in the vocabularies: {values}.",
        "contribute.current_images": "Images",
        "contribute.import_file": "Rows: a CSV or JSON Lines file",
        "contribute.import_images": "Images: a ZIP of the files the rows name (optional)",
        "contribute.import_submit": "Import",
        "contribute.import_progress": "Upload and import progress",
        "contribute.import_report": "Import report",
        "contribute.row": "Row",
        "contribute.line": "Line",
        "contribute.outcome": "Outcome",
        "contribute.errors": "Problems",
        "contribute.import_cancel": "Cancel the import",
        "contribute.import_cancelling": "Stopping after the row it is on.",
        "contribute.import_status.cancelling": "stopping",
        "contribute.import_status.cancelled": "cancelled",
        "contribute.report_failed_only": "Only the {failed} failed rows of {total} are listed here.",
        "contribute.report_whole": "The whole report (JSON)",
        "contribute.conflict": ("Someone saved this object (at {time} UTC) after you opened it. What "
                                "you typed is still here. Save again to replace their change with "
                                "yours."),
        "contribute.trash": "Trash",
        "contribute.profile": "Museum profile",
        "contribute.profile_title": "Profile of {museum}",
        "contribute.profile_intro": "What visitors read about your museum on its page and beside each of its objects.",
        "contribute.trash_intro": ("Deleted objects wait here with their images, which are no longer shown "
                                   "anywhere. Restoring one brings it back at the same address, in every "
                                   "exhibition that shows it; deleting it for good cannot be undone."),
        "contribute.trash_empty": "The trash is empty.",
        "contribute.deleted_by": "Deleted by",
        "contribute.delete": "Delete this object",
        "contribute.delete_confirm": "Yes, move it to the trash (it can be restored from there)",
        "contribute.deleted": "The object '{accession}' is in the trash; restore it from there if it was a mistake.",
        "contribute.restored": "The object '{accession}' is back.",
        "contribute.deleted_for_good": "The object '{accession}' was deleted for good.",
        "contribute.confirm_for_good": "Yes, delete it and its images for good",
        "contribute.history_title": "History of {accession}",
        "contribute.history_intro": ("Each time a save or an import changed this object's metadata, the "
                                     "metadata it replaced was kept here. Restoring a version makes its "
                                     "metadata current again, and the metadata it replaces is kept in turn. "
                                     "Images are not part of versions."),
        "contribute.replaced_at": "Replaced",
        "contribute.replaced_by": "Replaced by",
        "contribute.changed_fields": "Changed afterwards",
        "contribute.history_empty": ("No earlier versions yet: every change to this object's metadata will "
                                     "keep the one before here."),
        "contribute.version_restored": "Version {number} is the object's metadata again.",
        "contribute.import_job": "Import of {filename}",
        "contribute.import_queued": "Waiting to start.",
        "contribute.import_running": Plural("{done} of {total} row imported.", "{done} of {total} rows imported.",
                                            "total"),
        "contribute.import_check": "Check again",
        "contribute.imports": "Recent imports",
        "contribute.file": "File",
        "contribute.sent": "Sent",
        "contribute.rows": "Rows",
        "contribute.import_status.queued": "waiting",
        "contribute.import_status.running": "importing",
        "contribute.import_status.finished": "finished",
        "contribute.import_status.failed": "stopped",
        "share.detail": "Share this detail",
        "share.link": "Link to this detail",
        "share.copied": "Link copied. Paste it where you like.",
        "share.shared": "Shared.",
        "share.copy_below": "Copy the link below.",
        "share.unreadable": "The shared detail in this link could not be read: the whole object is shown.",
        "share.elsewhere": "The shared detail in this link belongs to another object: the whole object is shown.",
        "embed.button": "Embed",
        "embed.intro": "Paste this code into a page of your own site to show this viewer there.",
        "embed.code": "Code to embed",
        "embed.copy": "Copy the code",
        "embed.open": "See it on {site}",
        "embed.previous": "Previous",
        "embed.next": "Next",
        "embed.step": "{n} of {total}",
        "embed.cover": "Cover",
        "viewer.zoom_in": "Zoom in",
        "viewer.zoom_out": "Zoom out",
        "viewer.home": "Whole image",
        "viewer.detail": "Back to the detail",
        "viewer.wheel_hint": "Use {modifier} + scroll to zoom the image",
        "viewer.touch_hint": "Use two fingers to move the image",
    },
}

WORDS["en"].update(ADMIN_WORDS["en"])

DEFAULT_LANGUAGE = i18n.SOURCE_LANGUAGE
# Words that stay as they are in every language: the platform's name and file formats.
SAME_IN_EVERY_LANGUAGE = frozenset({"site.name", "search.csv", "search.jsonl", "citation.csl-json", "citation.bibtex",
                                    "citation.ris"})


def english() -> dict[str, i18n.Message]:
    """Every English message of the interface by key, the studio's under "studio."."""
    studio = {f"studio.{key}": message for key, message in STUDIO_WORDS[DEFAULT_LANGUAGE].items()}
    return {**WORDS[DEFAULT_LANGUAGE], **studio}


ENGLISH = english()


def languages() -> tuple[str, ...]:
    """The languages the interface speaks."""
    return i18n.languages()


def language_names() -> list[tuple[str, str]]:
    """Each language the interface speaks, named in itself, for the site's language switch."""
    return [(language, i18n.language_name(language)) for language in languages()]


def text(key: str, language: str = DEFAULT_LANGUAGE, count: int | None = None) -> str:
    """A message's text in language (else English), unformatted; for a plural message, the form
    that count takes. A key nobody wrote shows as itself."""
    source = ENGLISH.get(key, key)
    translated = i18n.translations(language).messages.get(key)
    if isinstance(source, i18n.Plural):
        if isinstance(translated, tuple):
            index = i18n.translations(language).plural(count if count is not None else 2)
            return translated[min(index, len(translated) - 1)]
        return source.one if count == 1 else source.other
    return translated if isinstance(translated, str) else source


def word(key: str, language: str = DEFAULT_LANGUAGE, **values) -> str:
    """The interface word for key in language (else English), its values filled in; whole
    numbers are written in the language's digits, and a plural message takes the form its count
    asks for."""
    source = ENGLISH.get(key)
    count = values.get(source.number) if isinstance(source, i18n.Plural) else None
    template = text(key, language, count)
    if not values:
        return template
    shown = {name: i18n.number(value, language) if isinstance(value, int) and not isinstance(value, bool) else value
             for name, value in values.items()}
    return template.format(**shown)


def script_words(keys: dict[str, str], language: str) -> dict[str, str | dict[str, str]]:
    """Words for a page's script, by the names the script uses: a plural message as its forms
    by CLDR plural category ("one", "few", "other"...), for the browser's Intl.PluralRules."""
    words: dict[str, str | dict[str, str]] = {}
    for name, key in keys.items():
        source = ENGLISH.get(key)
        if isinstance(source, i18n.Plural):
            forms = i18n.translations(language).messages.get(key)
            if isinstance(forms, tuple):
                words[name] = {category: forms[min(index, len(forms) - 1)]
                               for category, index in i18n.plural_categories(language).items()}
            else:
                words[name] = {"one": source.one, "other": source.other}
        else:
            words[name] = text(key, language)
    return words


def roman(n: int) -> str:
    """12 -> "XII": how Russian, among others, numbers centuries."""
    numerals = ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, numeral in numerals:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def year_span(start: int, end: int, language: str = DEFAULT_LANGUAGE) -> str:
    """An object's years when its museum gave no date to show: "300 BCE – 200 BCE", "公元1340年"."""
    start_text, end_text = (word("year.bce" if year < 0 else "year", language, n=i18n.year_number(abs(year), language))
                            for year in (start, end))
    return start_text if start == end else f"{start_text} – {end_text}"


def century(value: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A century bucket of the search ("12", "-3"; "-40" stands for all earlier) in language's
    own way: "3rd century BCE", "公元前3世纪", "III век до н. э.", "قرن ۱۲"."""
    number = int(value)
    key = "century" if number > 0 else "century.bce_earlier" if number <= EARLIEST_CENTURY else "century.bce"
    n = abs(number)
    return word(key, language, n=n, ordinal=ordinal(n), roman=roman(n))


def studio_words(language: str) -> dict[str, str | dict[str, str]]:
    """Every word of the studio's script in this language, English where it has none."""
    return script_words({key: f"studio.{key}" for key in STUDIO_WORDS[DEFAULT_LANGUAGE]}, language)
