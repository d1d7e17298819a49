"""What every storage does, the same test for each (tests/storage/conftest.py): a local
directory and an S3 bucket on a real server."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

# A tile's name as viewers ask for it: commas, in a folder two levels down.
TILE = "images/ab/ab12/tiles/0,0,512,512_512,512.jpg"


def test_a_written_key_reads_back_whole_and_in_ranges(storage):
    storage.put(TILE, b"0123456789")
    assert storage.get(TILE) == b"0123456789"
    assert storage.read_range(TILE, 2, 3) == b"234"
    assert storage.read_range(TILE, 8, 10) == b"89"  # fewer at the end of the file
    assert storage.read_range(TILE, 10, 5) == b""
    with storage.open(TILE) as file:
        file.seek(4)
        assert file.read() == b"456789"


def test_a_key_streams_whole_or_from_a_start_in_chunks_never_the_whole_in_memory(storage):
    data = bytes(range(256)) * 12_000  # 3 MB: more than one chunk
    storage.put("media/ab/film", data)
    chunks = list(storage.stream("media/ab/film"))
    assert len(chunks) > 1 and max(map(len, chunks)) <= 1024 * 1024
    assert b"".join(chunks) == data
    assert b"".join(storage.stream("media/ab/film", 1_500_000, 1_200_000)) == data[1_500_000:2_700_000]
    assert b"".join(storage.stream("media/ab/film", len(data) - 10)) == data[-10:]
    assert b"".join(storage.stream("media/ab/film", len(data) - 10, 50)) == data[-10:]  # fewer at the end
    assert b"".join(storage.stream("media/ab/film", len(data))) == b""
    assert b"".join(storage.stream("media/ab/film", 5, 0)) == b""
    for start, length in ((0, None), (3, 4), (0, 0)):
        with pytest.raises(FileNotFoundError):
            next(storage.stream("nothing/here", start, length))


def test_writing_again_replaces_and_a_stream_is_written_too(storage):
    storage.put("notes/a", b"first")
    storage.put("notes/a", io.BytesIO(b"second, from a stream" * 1000))
    assert storage.get("notes/a") == b"second, from a stream" * 1000


def test_size_and_time_are_known(storage):
    before = time.time()
    storage.put("notes/a", b"12345")
    status = storage.stat("notes/a")
    assert status.size == 5
    assert before - 5 <= status.modified <= time.time() + 5  # server clocks tick in seconds
    assert storage.exists("notes/a") and not storage.exists("notes/b")
    assert storage.touch("notes/a") and not storage.touch("notes/b")


def test_a_missing_key_is_not_found_and_deleting_it_is_harmless(storage):
    for read in (storage.get, storage.stat, lambda key: storage.read_range(key, 0, 1)):
        with pytest.raises(FileNotFoundError):
            read("nothing/here")
    with pytest.raises(FileNotFoundError):
        with storage.open("nothing/here"):
            pass
    storage.delete("nothing/here")
    storage.delete_folder("nothing")


def test_keys_that_would_leave_the_storage_are_refused(storage):
    for key in ("../outside", "/absolute", "a//b", "a/./b", "", "a\\b"):
        with pytest.raises(ValueError):
            storage.put(key, b"x")


def test_listing_a_folder_and_its_names(storage):
    storage.put("images/ab/one/image.json", b"{}")
    storage.put(TILE, b"tile")
    storage.put("images/cd/two/image.json", b"{}")
    storage.put("cache/ab/x.jpg", b"x")
    listed = dict(storage.list("images"))
    assert sorted(listed) == ["images/ab/ab12/tiles/0,0,512,512_512,512.jpg", "images/ab/one/image.json",
                              "images/cd/two/image.json"]
    assert listed[TILE].size == 4
    assert storage.names("images") == ["ab", "cd"]
    assert storage.names("images/ab") == ["ab12", "one"]
    assert storage.names("images/ab/one") == ["image.json"]
    assert storage.names("elsewhere") == []
    assert list(storage.list("elsewhere")) == []


def test_deleting_a_folder_leaves_its_neighbours(storage):
    storage.put("images/ab/one/image.json", b"{}")
    storage.put("images/ab/one/tiles/full_1,1.jpg", b"t")
    storage.put("images/ab/one-more/image.json", b"{}")  # shares the name's beginning, not the folder
    storage.delete_folder("images/ab/one")
    assert not storage.exists("images/ab/one/image.json")
    assert not storage.exists("images/ab/one/tiles/full_1,1.jpg")
    assert storage.exists("images/ab/one-more/image.json")


def test_a_folder_moves_whole_over_what_was_there(storage):
    storage.put("images/ab/one/image.json", b"{}")
    storage.put(f"images/ab/one/tiles/{TILE.rsplit('/', 1)[1]}", b"tile")
    storage.put("withdrawn/ab/one/old", b"stale")
    storage.move_folder("images/ab/one", "withdrawn/ab/one")
    assert storage.names("withdrawn/ab/one") == ["image.json", "tiles"]
    assert storage.get("withdrawn/ab/one/tiles/0,0,512,512_512,512.jpg") == b"tile"
    assert not storage.exists("withdrawn/ab/one/old")
    assert storage.names("images/ab") == []


def test_a_local_folder_is_stored_with_its_marker_last(storage):
    work = storage.scratch() / "work"
    (work / "tiles").mkdir(parents=True)
    (work / "tiles" / "full_10,10.jpg").write_bytes(b"tile")
    (work / "image.json").write_text("{}")
    storage.put_folder("images/ab/one", work, last="image.json")
    assert storage.get("images/ab/one/tiles/full_10,10.jpg") == b"tile"
    assert storage.get("images/ab/one/image.json") == b"{}"
    assert not work.exists()


def test_a_child_is_a_folder_of_its_own(storage):
    images = storage.child("images")
    images.put("ab/one/image.json", b"{}")
    assert storage.get("images/ab/one/image.json") == b"{}"
    assert dict(images.list("ab")).keys() == {"ab/one/image.json"}
    assert images.names("ab") == ["one"]


def test_a_seekable_copy_opens_a_zip(storage):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "inside")
    storage.put("imports/job/images.zip", buffer.getvalue())
    with storage.open("imports/job/images.zip") as file, zipfile.ZipFile(file) as archive:
        assert archive.read("a.txt") == b"inside"


def test_only_local_storage_names_files_and_only_a_bucket_signs_urls(storage):
    storage.put(TILE, b"tile")
    path = storage.local_path(TILE)
    url = storage.signed_url(TILE, 60)
    if path is not None:
        assert path.read_bytes() == b"tile" and url is None
    else:
        import requests

        answer = requests.get(url, timeout=10)
        assert answer.status_code == 200 and answer.content == b"tile"
