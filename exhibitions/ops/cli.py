"""Command line for operators (`flask --app wsgi ...`): database, museums, tokens, accounts,
bulk import, the task queue's worker, backup, demo data, the search index, the image store's
check, and retention (emptying the trash, pruning versions)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from pydantic import ValidationError

from exhibitions.accounts import auth
from exhibitions.migrate import upgrade
from exhibitions.models import Museum
from exhibitions.schemas import MuseumCreate, dump, field_errors
from exhibitions.web import current_platform
from search import SearchUnavailable

db_cli = AppGroup("db", help="Create or upgrade the database.")
museums_cli = AppGroup("museums", help="Member museums.")
tokens_cli = AppGroup("tokens", help="API tokens.")
accounts_cli = AppGroup("accounts", help="Logins for the pages.")


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for a long command, and the progress(done, total) callback that moves it
    (the total is known only once the work has begun)."""
    with click.progressbar(length=0, label=label, show_pos=True) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        yield progress


@db_cli.command("upgrade")
def db_upgrade():
    """Create the database or bring it to the newest schema."""
    upgrade(current_platform().settings.sqlalchemy_url)
    click.echo("The database is up to date.")


@museums_cli.command("create")
@click.option("--slug", required=True, help="Short lower-case name used in URLs, e.g. nmc.")
@click.option("--name", required=True, help="The museum's name (English, or its own language).")
@click.option("--name-lang", default="en", show_default=True, help="Language of --name.")
@click.option("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. CN.")
@click.option("--city")
@click.option("--homepage")
@click.option("--logo")
@click.option("--lat", type=float)
@click.option("--lon", type=float)
@click.option("--joined", help="Date of joining the alliance, YYYY-MM-DD.")
def museums_create(slug, name, name_lang, country, city, homepage, logo, lat, lon, joined):
    """Add a member museum."""
    raw = {"slug": slug, "name": {name_lang: [name]}, "country": country.upper(), "city": city,
           "homepage": homepage, "logo": logo, "lat": lat, "lon": lon, "joined": joined}
    try:
        data = dump(MuseumCreate.model_validate({k: v for k, v in raw.items() if v is not None}))
    except ValidationError as error:
        for item in field_errors(error):
            click.echo(f"--{item['field']}: {item['message']}", err=True)
        sys.exit(2)
    with current_platform().db.transaction() as session:
        if session.query(Museum).filter_by(slug=slug).first():
            raise click.ClickException(f"there is already a museum '{slug}'")
        joined_on = data.pop("joined", None)
        session.add(Museum(**data, joined=date.fromisoformat(joined_on) if joined_on else None))
    click.echo(f"Added museum {slug}.")


@tokens_cli.command("create")
@click.option("--role", required=True, type=click.Choice(auth.ROLES))
@click.option("--museum", "museum_slug", help="The contributor's museum.")
@click.option("--label", help="What the token is for.")
def tokens_create(role, museum_slug, label):
    """Print a new API token; the last line of output is the token alone."""
    try:
        with current_platform().db.transaction() as session:
            token = auth.create_token(session, role, museum_slug, label)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"A new {role} token" + (f" for {museum_slug}" if museum_slug else "") +
               " (shown once; keep it secret):")
    click.echo(token)


@accounts_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(auth.ROLES))
@click.option("--museum", "museum_slug", help="The contributor's museum.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def accounts_create(email, role, museum_slug, password_stdin):
    """Create a login for the pages."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with current_platform().db.transaction() as session:
            auth.create_account(session, email, password, role, museum_slug)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created the {role} account {email}.")


@click.command("import")
@with_appcontext
@click.argument("museum_slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--images", "images_zip", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A ZIP of the images the rows name.")
def import_command(museum_slug, file, images_zip):
    """Bulk import a CSV or JSON Lines file of objects for a museum."""
    from exhibitions.imports.bulk import ImportError_, run_import

    platform = current_platform()
    # The rows' search documents are made and indexed beside the import, on another core.
    with progress_bar("Importing") as progress, platform.delivering_aside() as deliver:
        try:
            with file.open("rb") as rows, (images_zip.open("rb") if images_zip else nullcontext()) as images:
                report = run_import(platform, museum_slug, file.name, rows, images, progress=progress,
                                    deliver=deliver)
        except ImportError_ as error:
            raise click.ClickException(error.message) from None
    click.echo(report.summary())
    for row in report.failed_rows():
        click.echo(f"  row {row['row']}: " + "; ".join(f"{e['field']}: {e['message']}" for e in row["errors"]))
    if report.failed:
        sys.exit(1)


@click.command("backup")
@with_appcontext
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
def backup_command(destination):
    """Back up the database, the stored images and the session secret into DESTINATION (a data
    directory of its own; again into the same folder, only new images are copied)."""
    from exhibitions.ops.backup import BackupError, backup

    with progress_bar("Copying images") as progress:
        try:
            report = backup(current_platform(), destination, progress=progress)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
    click.echo(report.summary(destination))


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_command(source):
    """Restore a backup made by `backup` into this platform, which must hold no museum yet (a new
    DATA_DIR or an empty DATABASE_URL); then migrate it, put every image in place and rebuild the
    search index."""
    from exhibitions.ops.backup import RestoreError, restore
    from exhibitions.ops.store_check import settle_store

    platform = current_platform()
    with progress_bar("Copying images") as progress:
        try:
            report = restore(platform, source, progress=progress)
        except RestoreError as error:
            raise click.ClickException(str(error)) from None
    click.echo(report.summary(source))
    upgrade(platform.settings.sqlalchemy_url)  # a backup of an older release gets today's tables
    with progress_bar("Checking images") as progress:
        settled = settle_store(platform, progress=progress)
    click.echo(settled.summary())
    for image_id in settled.missing[:20]:
        click.echo(f"  missing: {image_id}", err=True)
    _reindex(platform)
    if settled.missing:
        sys.exit(1)


search_cli = AppGroup("search", help="The search index.")


@contextmanager
def search_answering() -> Iterator[None]:
    """A search backend that does not answer ends the command with one clear error."""
    try:
        yield
    except SearchUnavailable as error:
        raise click.ClickException(f"the search backend is unavailable: {error}") from None


@search_cli.command("sync")
def search_sync():
    """Deliver every pending change (the outbox) to the search index."""
    platform = current_platform()
    pending = platform.outbox.count()
    platform.outbox.retry_now()  # asked for by hand: what waits for its retry goes now
    report = platform.deliver_outbox()
    click.echo(f"{pending} pending change(s): {report.indexed} indexed, {report.deleted} removed, "
               f"{report.failed} kept for later.")
    for error in report.errors[:10]:
        click.echo(f"  {error}", err=True)
    if report.unavailable or report.failed:
        sys.exit(1)


@search_cli.command("reindex")
@click.option("--if-needed", is_flag=True,
              help="Only when the index was built with an older text format (after an upgrade).")
def search_reindex(if_needed):
    """Build a new index from the database and swap it in; search answers throughout."""
    platform = current_platform()
    with search_answering():
        current = if_needed and not platform.search.needs_reindex()
    if current:
        click.echo("The search index is built with the current text format; nothing to do.")
        return
    _reindex(platform)


def _reindex(platform) -> None:
    from exhibitions.indexing import all_records
    from search.indexing import reindex

    total, records = all_records(platform.db)
    with search_answering(), progress_bar("Indexing objects") as progress:
        report = reindex(records, total, platform.search, progress=progress)
    click.echo(f"Reindexed {report.indexed} of {total} objects into {report.index}; {report.failed} failed.")
    for error in report.errors[:10]:
        click.echo(f"  {error}", err=True)
    if report.failed:
        sys.exit(1)


@click.command("worker")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Consumer threads (default: TASK_WORKERS).")
@with_appcontext
def worker_command(workers):
    """Run the task queue's consumers: tile pyramids, search deliveries, imports and harvests, and
    the periodic sweep. Ctrl-C (SIGINT) lets running tasks finish; SIGTERM stops at once (what a
    task held is taken up again once its claim expires)."""
    tasks = current_platform().tasks
    consumer = tasks.consumer(workers)
    click.echo(f"Consuming the task queue with {consumer.workers} thread(s).")
    consumer.run()
    if tasks.release_jobs():
        click.echo("Stopped; a job that was running is queued again.")


images_cli = AppGroup("images", help="The image store.")


@images_cli.command("settle")
@click.option("--remove-unused", is_flag=True, help="Remove image files no object has (over a day old).")
def images_settle(remove_unused):
    """Check the image store against the database: serve what live objects show, withdraw what
    only objects in the trash have, report images with no file (exit code 1) and unused files."""
    from exhibitions.ops.store_check import settle_store

    with progress_bar("Checking images") as progress:
        report = settle_store(current_platform(), remove_unused=remove_unused, progress=progress)
    click.echo(report.summary())
    for image_id in report.missing[:20]:
        click.echo(f"  missing: {image_id}", err=True)
    if report.missing:
        sys.exit(1)


trash_cli = AppGroup("trash", help="The trash of deleted objects and exhibitions.")


@trash_cli.command("empty")
@click.option("--older-than", "days", type=click.IntRange(min=0), required=True, metavar="DAYS",
              help="Delete for good what has been in the trash for more than DAYS days (0: everything).")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def trash_empty(days, dry_run):
    """Delete for good the objects and exhibitions in the trash for more than DAYS days, and the
    image files no object needs any more (nothing else empties the trash: schedule this)."""
    from exhibitions.models import utcnow
    from exhibitions.ops.retention import count_older, empty_trash

    platform = current_platform()
    before = utcnow() - timedelta(days=days)
    if dry_run:
        click.echo(count_older(platform, before).summary(days, dry_run=True))
        return
    with progress_bar("Emptying the trash") as progress:
        emptied = empty_trash(platform, before, progress=progress)
    click.echo(emptied.summary(days, dry_run=False))


versions_cli = AppGroup("versions", help="Earlier versions of objects and exhibitions.")


@versions_cli.command("prune")
@click.option("--keep", type=click.IntRange(min=1), required=True, metavar="N",
              help="Versions of each object and each exhibition to keep, the newest (an exhibition's current "
                   "one among them).")
@click.option("--older-than", "days", type=click.IntRange(min=0), default=0, show_default=True, metavar="DAYS",
              help="Only versions more than DAYS days old go.")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def versions_prune(keep, days, dry_run):
    """Delete the versions of each object and exhibition beyond its KEEP newest (nothing else
    ever deletes versions: schedule this if the alliance wants a limit)."""
    from exhibitions.models import utcnow
    from exhibitions.ops.retention import prune_versions

    pruned = prune_versions(current_platform(), keep, utcnow() - timedelta(days=days), dry_run=dry_run)
    click.echo(pruned.summary(keep, days, dry_run))


@click.command("dump")
@with_appcontext
def dump_command():
    """Write today's open-data snapshot of every public object under the storage's dumps/ (DATA_DIR/dumps/ by
    default; served at /data/)."""
    from exhibitions.indexing import all_records
    from exhibitions.open_data import snapshot_addresses, write_snapshot

    platform = current_platform()
    total, records = all_records(platform.db)
    with progress_bar("Writing the snapshot") as progress:
        folder = write_snapshot(records, platform.storage, date.today(),
                                snapshot_addresses(platform.settings.public_url),
                                lambda done: progress(done, total))
    click.echo(f"{total} objects written to {platform.storage.location}{folder}")


def register_commands(app: Flask) -> None:
    from exhibitions.ops.demo import demo_cli

    for command in (db_cli, museums_cli, tokens_cli, accounts_cli, import_command, backup_command, restore_command,
                    demo_cli, search_cli, worker_command, images_cli, trash_cli, versions_cli, dump_command):
        app.cli.add_command(command)
