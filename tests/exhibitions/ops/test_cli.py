"""The operators' command line: database, museums, tokens, accounts, import, demo."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from sqlalchemy import func, select

from exhibitions import create_app
from exhibitions.models import Account, Exhibition, ExhibitionVersion, Media, Museum, MuseumObject
from search import embedded
from tests.exhibitions.conftest import stored_counts

CC_BY = "http://creativecommons.org/licenses/by/4.0/"


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input, catch_exceptions=False)


def test_db_upgrade_is_repeatable(app):
    assert run(app, "db", "upgrade").exit_code == 0
    assert "up to date" in run(app, "db", "upgrade").output


def test_museums_create_and_its_errors(app, platform):
    result = run(app, "museums", "create", "--slug", "fiji", "--name", "Fiji Museum", "--country", "fj",
                 "--city", "Suva", "--joined", "2021-05-28")
    assert result.exit_code == 0, result.output
    with platform.db.sessions() as session:
        museum = session.scalar(select(Museum).where(Museum.slug == "fiji"))
        assert museum.country == "FJ" and museum.name == {"en": ["Fiji Museum"]}
    again = run(app, "museums", "create", "--slug", "fiji", "--name", "Fiji", "--country", "FJ")
    assert again.exit_code != 0 and "already" in again.output
    bad = run(app, "museums", "create", "--slug", "Bad Slug", "--name", "X", "--country", "FJI")
    assert bad.exit_code == 2 and "--slug" in bad.output and "--country" in bad.output


def test_tokens_create_prints_the_token_last(app, client, museums):
    result = run(app, "tokens", "create", "--role", "contributor", "--museum", "nmc")
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    answer = client.put("/api/v1/museums/nmc/objects/T-1", headers={"Authorization": f"Bearer {token}"},
                        json={"title": "Jar", "rights": "http://creativecommons.org/licenses/by/4.0/"})
    assert answer.status_code == 201


def test_tokens_create_refuses_a_contributor_without_museum(app, museums):
    result = run(app, "tokens", "create", "--role", "contributor")
    assert result.exit_code != 0 and "--museum" in result.output


def test_accounts_create_reads_the_password_from_stdin(app, platform, museums):
    # Kept as the login page looks it up: trimmed and lower-case.
    result = run(app, "accounts", "create", "--email", " Curator@Alliance.example ", "--role", "curator",
                 "--password-stdin", input="a long enough secret\n")
    assert result.exit_code == 0, result.output
    with platform.db.sessions() as session:
        account = session.scalar(select(Account))
        assert account.email == "curator@alliance.example"
        assert "a long enough secret" not in account.password_hash
    short = run(app, "accounts", "create", "--email", "x@y.z", "--role", "curator", "--password-stdin",
                input="short\n")
    assert short.exit_code != 0 and "10 characters" in short.output


def test_import_shows_progress_and_a_summary(app, platform, museums, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("accession,title,rights\nI-1,Jar,http://creativecommons.org/licenses/by/4.0/\n"
                    "I-2,,http://creativecommons.org/licenses/by/4.0/\n")
    result = run(app, "import", "nmc", str(rows))
    assert result.exit_code == 1
    assert "2 rows: 1 created, 0 replaced, 0 unchanged, 1 failed." in result.output
    assert "row 2: title:" in result.output
    assert stored_counts(platform)["objects"] == 1


def test_demo_load_fills_the_alliance_once(app, platform):
    first = run(app, "demo", "load", "--image-scale", "0.02")
    assert first.exit_code == 0, first.output
    with platform.db.sessions() as session:
        museums = session.scalar(select(func.count()).select_from(Museum))
        objects = session.scalar(select(func.count()).select_from(MuseumObject))
        bce = [o for o in session.scalars(select(MuseumObject)) if o.fields["date"]["start"] < 0]
        languages = {lang for o in session.scalars(select(MuseumObject)) for lang in o.fields["title"]}
    assert museums >= 8 and objects >= 40 and len(bce) >= 8
    assert {"en", "zh", "lv", "hu", "fa", "tr", "uz"} <= languages
    stories = {model: rows(platform, model) for model in (Exhibition, ExhibitionVersion, Media)}
    assert stories[Exhibition] == 3 and stories[Media] == 2
    again = run(app, "demo", "load", "--image-scale", "0.02")
    assert "(0 new)" in again.output
    with platform.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(MuseumObject)) == objects
    assert {model: rows(platform, model) for model in stories} == stories


def rows(platform, model) -> int:
    with platform.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_demo_load_if_empty_leaves_a_filled_database_alone(app, platform, museums, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("accession,title,rights\nI-1,Jar,http://creativecommons.org/licenses/by/4.0/\n")
    run(app, "import", "nmc", str(rows))
    result = run(app, "demo", "load", "--if-empty", "--image-scale", "0.02")
    assert "not loaded" in result.output
    assert stored_counts(platform)["objects"] == 1


def test_creating_the_database_starts_from_nothing_without_errors(tmp_path, caplog):
    from exhibitions import create_app
    from exhibitions.settings import Settings

    app = create_app(Settings(data_dir=tmp_path / "new", secret_key="x"))  # start-up sync on, no tables yet
    result = run(app, "db", "upgrade")
    assert result.exit_code == 0 and "up to date" in result.output
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    app.extensions["caravanserai"].db.engine.dispose()


def test_without_secret_key_every_process_signs_sessions_with_the_same_kept_key(tmp_path):
    from exhibitions.settings import Settings

    first = Settings(data_dir=tmp_path / "data").session_secret()
    again = Settings(data_dir=tmp_path / "data").session_secret()
    assert first == again and len(first) == 64
    assert oct((tmp_path / "data" / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert Settings(data_dir=tmp_path / "data", secret_key="given").session_secret() == "given"


def test_an_index_of_an_older_text_format_is_named_at_start_and_rebuilt_when_asked(
        app, client, platform, settings, nmc_token, monkeypatch, caplog):
    client.put("/api/v1/museums/nmc/objects/A-1", json={"title": "Seidenstraße map", "rights": CC_BY},
               headers=nmc_token)
    assert "nothing to do" in run(app, "search", "reindex", "--if-needed").output
    monkeypatch.setattr(embedded, "TEXT_FORMAT", embedded.TEXT_FORMAT + 1)  # the next release's folding

    with caplog.at_level(logging.WARNING):
        started = create_app(dataclasses.replace(settings, sync_on_start=True))
    started.extensions["caravanserai"].close()
    assert "the search index was built with an older text format" in caplog.text
    rebuilt = run(app, "search", "reindex", "--if-needed")
    assert "Reindexed 1 of 1 objects" in rebuilt.output
    assert "nothing to do" in run(app, "search", "reindex", "--if-needed").output


@pytest.mark.parametrize("flags", [[], ["--if-needed"]])
def test_reindex_against_a_search_server_that_does_not_answer_fails_saying_so(app_without_search, flags):
    result = app_without_search.test_cli_runner().invoke(args=["search", "reindex", *flags])
    assert result.exit_code == 1
    assert "the search backend is unavailable" in result.output
