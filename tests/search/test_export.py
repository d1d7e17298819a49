"""Exported lines leave in pieces: whole lines, at least a piece's size, nothing lost or reordered."""

from search.export import in_pieces


def test_lines_are_gathered_into_pieces_of_whole_lines():
    lines = [f"row {n}\n" for n in range(1000)]
    pieces = list(in_pieces(lines, size=100))
    assert "".join(pieces) == "".join(lines)
    assert all(len(piece) >= 100 for piece in pieces[:-1])
    assert all(piece.endswith("\n") for piece in pieces)
    assert len(pieces) < len(lines) / 10


def test_a_short_export_is_one_piece_and_an_empty_one_none():
    assert list(in_pieces(["id\n", "a\n"])) == ["id\na\n"]
    assert list(in_pieces([])) == []
