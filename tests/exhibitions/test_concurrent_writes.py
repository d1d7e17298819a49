"""Many clients writing one record at once, through granian as production serves the app (two
worker processes of several threads each), on SQLite and on PostgreSQL: every write ends as a
success or as a 409/412 problem saying what to do, never a 500; no success is lost (each one's
metadata is the current one or one of the versions, once), and versions are numbered 1..n.
Deliveries of the search outbox running at once lose no change either."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import select

from exhibitions.models import Exhibition, ExhibitionVersion, ObjectVersion
from exhibitions.objects.contribution import get_museum, object_id_for, put_object
from search import SearchQuery
from tests.conftest import granian
from tests.exhibitions.conftest import VALID_OBJECT

WRITERS, WRITES = 8, 25
REFUSALS = (409, 412)


@pytest.fixture
def served(settings, platform, museums):
    """The base URL of granian serving the test's database (2 workers of 4 threads, as `make run`)."""
    environment = {**os.environ, "DATA_DIR": str(settings.data_dir), "DATABASE_URL": settings.database_url,
                   "SECRET_KEY": settings.secret_key, "SEARCH_BACKEND": "embedded", "IMPORTS_IN_WEB": "0"}
    with granian(environment, settings.data_dir / "server.log", workers=2, threads=4) as base:
        yield base


def labelled(label: str) -> dict:
    return {**VALID_OBJECT, "title": {"en": [label]}}


def in_parallel(count: int, work) -> list:
    """work(n) for n in range(count), each in a thread of its own, all started together."""
    start = threading.Barrier(count)

    def run(n):
        start.wait()
        return work(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def check_refusal(answer: requests.Response) -> None:
    assert answer.status_code in REFUSALS, (answer.status_code, answer.text)
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"]


def object_history(platform, object_id: str) -> list[tuple[int, str]]:
    """(number, English title) of each kept version of an object, in order."""
    with platform.db.sessions() as session:
        versions = session.execute(select(ObjectVersion.number, ObjectVersion.fields)
                                   .where(ObjectVersion.object_id == object_id).order_by(ObjectVersion.number))
        return [(number, fields["title"]["en"][0]) for number, fields in versions]


def test_many_writers_of_one_object_lose_nothing_and_number_its_versions_without_gaps(served, platform, nmc_token):
    url = f"{served}/api/v1/museums/nmc/objects/A-1"

    def writer(w: int) -> list[str]:
        """The labels this writer's successful writes stored."""
        stored = []
        with requests.Session() as http:
            for n in range(WRITES):
                label = f"writer {w}, write {n}"
                answer = http.put(url, json=labelled(label), headers=nmc_token, timeout=120)
                if answer.status_code in (200, 201):
                    stored.append(label)
                else:
                    check_refusal(answer)
        return stored

    def importer() -> list[str]:
        """Imports of the same accession meanwhile, a row at a time."""
        stored = []
        for n in range(5):
            label = f"import {n}"
            row = json.dumps({"accession": "A-1", **labelled(label)}).encode()
            answer = requests.post(f"{served}/api/v1/museums/nmc/imports", headers=nmc_token, timeout=120,
                                   files={"file": ("a.jsonl", row)})
            assert answer.status_code == 200, answer.text
            outcome = answer.json()["rows"][0]
            assert outcome["status"] in ("created", "replaced"), outcome
            stored.append(label)
        return stored

    def bystander() -> list[str]:
        """Other objects written and searches answered meanwhile."""
        for n in range(WRITES):
            assert requests.put(f"{served}/api/v1/museums/nmc/objects/B-{n}", json=labelled(f"other {n}"),
                                headers=nmc_token, timeout=120).status_code == 201
            assert requests.get(f"{served}/api/v1/search", params={"q": "writer"}, timeout=120).status_code == 200
        return []

    work = [lambda w=w: writer(w) for w in range(WRITERS)] + [importer, bystander]
    stored = [label for labels in in_parallel(len(work), lambda n: work[n]()) for label in labels]

    current = requests.get(url, timeout=30).json()
    history = object_history(platform, current["id"])
    assert [number for number, _ in history] == list(range(1, len(history) + 1))
    # Each success is there once: as the current metadata or as the version a later one replaced.
    kept = [title for _, title in history] + [current["title"]["en"][0]]
    assert Counter(kept) == Counter(stored)
    assert len(stored) > WRITERS  # the writers did not merely take turns at being refused


def test_clients_creating_the_same_new_object_at_once_make_it_once(served, platform, nmc_token):
    for round_ in range(5):
        url = f"{served}/api/v1/museums/nmc/objects/NEW-{round_}"
        answers = in_parallel(WRITERS, lambda w, url=url, round_=round_: requests.put(
            url, json=labelled(f"{round_}.{w}"), headers=nmc_token, timeout=120))
        for answer in answers:
            if answer.status_code not in (200, 201):
                check_refusal(answer)
        statuses = Counter(answer.status_code for answer in answers)
        assert statuses[201] == 1, statuses
        history = object_history(platform, object_id_for("nmc", f"NEW-{round_}"))
        assert [number for number, _ in history] == list(range(1, statuses[200] + 1))


def test_curators_saving_one_exhibition_at_once_get_a_save_or_a_conflict(served, platform, curator):
    url = f"{served}/api/v1/exhibitions/silk"
    assert requests.put(url, json={"title": {"en": ["Silk"]}}, headers=curator, timeout=60).status_code == 201

    def saver(w: int) -> int:
        """How many of this curator's saves went through; half of them ask for the version read."""
        saved = 0
        with requests.Session() as http:
            for n in range(WRITES // 2):
                read = http.get(url, headers=curator, timeout=120)
                guard = {"If-Match": read.headers["ETag"]} if n % 2 else {}
                answer = http.put(url, json={"title": {"en": [f"Silk, {w}.{n}"]}}, headers={**curator, **guard},
                                  timeout=120)
                if answer.status_code == 200:
                    saved += 1
                else:
                    check_refusal(answer)
        return saved

    saved = sum(in_parallel(WRITERS, saver))
    with platform.db.sessions() as session:
        exhibition = session.scalar(select(Exhibition).where(Exhibition.slug == "silk"))
        numbers = session.scalars(select(ExhibitionVersion.number).where(
            ExhibitionVersion.exhibition_id == exhibition.id).order_by(ExhibitionVersion.number)).all()
    assert numbers == list(range(1, saved + 2))
    assert exhibition.version == saved + 1


def test_a_delivery_marks_done_only_the_changes_it_read_even_once_another_delivered_them(platform, museums):
    def write(accession: str) -> None:
        with platform.db.transaction() as session:
            put_object(session, get_museum(session, "nmc"), accession, labelled(accession))

    write("A-1")
    read_by_a_slow_delivery = platform.outbox.pending(10)
    platform.deliver_outbox()  # another delivery empties the outbox meanwhile
    write("A-2")
    platform.outbox.done([entry.id for entry in read_by_a_slow_delivery])
    platform.deliver_outbox()
    assert platform.search.search(SearchQuery(text="A-2")).total == 1
