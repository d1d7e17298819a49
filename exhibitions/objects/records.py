"""Plain records of museums and objects: what the API answers, and what iiif and search take."""

from __future__ import annotations

from typing import Any

from exhibitions.models import ImportJob, Media, Museum, MuseumObject, ObjectImage
from exhibitions.schemas import with_labels
from exhibitions.vocabularies import object_terms
from iiif import urls


def iso_time(moment) -> str:
    # Microseconds, so that two changes within one second still order (search versions its
    # documents by this time).
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def museum_record(museum: Museum, base_url: str) -> dict[str, Any]:
    record = {
        "slug": museum.slug,
        "name": museum.name,
        "country": museum.country,
        "city": museum.city,
        "homepage": museum.homepage,
        "logo": museum.logo,
        "location": {"lat": museum.lat, "lon": museum.lon} if museum.lat is not None else None,
        "joined": museum.joined.isoformat() if museum.joined else None,
        "objects": f"{base_url}/api/v1/museums/{museum.slug}/objects",
        "collection": urls.museum_collection(base_url, museum.slug),
        "description": museum.description,
        "profile_image": profile_image_record(museum, base_url),
        "default_rights": museum.default_rights,
    }
    return record


def profile_image_record(museum: Museum, base_url: str) -> dict[str, Any] | None:
    """The museum's profile image as object images are described (id, size, Image API service)."""
    if museum.profile_image is None:
        return None
    service = urls.image_service(base_url, museum.profile_image)
    return {"id": museum.profile_image, "width": museum.profile_width, "height": museum.profile_height,
            "info": f"{service}/info.json", "service": service,
            "thumbnail": urls.image_thumbnail(service, museum.profile_width, museum.profile_height)}


def image_record(image: ObjectImage, base_url: str) -> dict[str, Any]:
    service = image.service or urls.image_service(base_url, image.image_id)
    return {
        "id": image.image_id,
        "width": image.width,
        "height": image.height,
        "info": f"{service}/info.json",
        "service": service,
        "thumbnail": urls.image_thumbnail(service, image.width, image.height, service_type=image.service_type),
        "service_type": image.service_type or "ImageService3",
        **({"profile": image.profile} if image.profile else {}),
    }


def object_record(obj: MuseumObject, base_url: str) -> dict[str, Any]:
    """The object as the API shows it and as iiif and search take it (see the team brief)."""
    # The date and the place with both their strings and their language maps, however stored.
    fields = with_labels(obj.fields)
    museum = obj.museum
    return {
        "id": obj.id,
        "accession": obj.accession,
        "museum": {"slug": museum.slug, "name": museum.name, "country": museum.country,
                   "homepage": museum.homepage, "logo": museum.logo},
        "title": fields["title"],
        "description": fields.get("description"),
        "creator": fields.get("creator"),
        "culture": fields.get("culture"),
        "credit_line": fields.get("credit_line"),
        "object_type": fields.get("object_type"),
        "materials": fields.get("materials", []),
        "techniques": fields.get("techniques", []),
        "terms": object_terms(fields),
        "keywords": fields.get("keywords", []),
        "date": fields.get("date"),
        "place": fields.get("place"),
        "dimensions": fields.get("dimensions"),
        # None when an imported manifest stated no rights (exhibitions.imports.harvesting): never invented.
        "rights": fields.get("rights"),
        "homepage": fields.get("homepage"),
        "images": [image_record(image, base_url) for image in obj.images],
        "media": [media_record(item, base_url) for item in obj.media],
        "manifest": urls.object_manifest(base_url, obj.id),
        "created": iso_time(obj.created),
        "modified": iso_time(obj.modified),
    }


def media_record(media: Media, base_url: str, owner: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plain record of a media file that the API answers and that pages and manifests build
    their player and canvas from (iiif.presentation.av_canvas, macros.html media_player)."""
    poster = urls.media_poster(base_url, media.id) if media.kind == "video" else None
    return {
        "id": media.id,
        "kind": media.kind,
        "format": media.media_type,
        "duration": media.duration,
        **({"width": media.width, "height": media.height} if media.kind == "video" else {}),
        "byte_size": media.byte_size,
        "label": media.label,
        "transcript": media.transcript,
        "url": urls.media_file(base_url, media.id, media.extension),
        "poster": poster and {"url": poster, "width": media.poster_width, "height": media.poster_height},
        "captions": [{"language": track["language"], "url": urls.media_captions(base_url, media.id, track["language"])}
                     for track in media.captions],
        "record": urls.media_record(base_url, media.id),
        **({"owner": owner} if owner else {}),
        "created": iso_time(media.created),
    }


def job_record(job: ImportJob, base_url: str, with_report: bool = True) -> dict[str, Any]:
    """A job as the API answers it; the report once it has finished (and when asked for)."""
    return {
        "id": job.id,
        "museum": job.museum.slug,
        "filename": job.filename,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "created": iso_time(job.created),
        "started": iso_time(job.started) if job.started else None,
        "finished": iso_time(job.finished) if job.finished else None,
        "error": job.error,
        "report": job.report if with_report and job.status == "finished" else None,
        "url": f"{base_url}/api/v1/museums/{job.museum.slug}/imports/{job.id}",
    }
