"""Rights URIs: every way museums write a Creative Commons or RightsStatements.org licence names
one canonical URI; anything else is not a rights URI IIIF accepts."""

from __future__ import annotations

import pytest

from iiif.rights import normalize_rights, open_for_reuse

BY_NC_SA = "http://creativecommons.org/licenses/by-nc-sa/4.0/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"


@pytest.mark.parametrize(("written", "canonical"), [
    ("http://creativecommons.org/licenses/by-nc-sa/4.0/", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0", BY_NC_SA),
    ("https://www.creativecommons.org/licenses/by-nc-sa/4.0/", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/deed.de", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/deed.zh-hans", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/deed", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode.fr", BY_NC_SA),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/deed.de#ref-appropriate-credit", BY_NC_SA),
    ("  HTTPS://CreativeCommons.org/licenses/BY-NC-SA/4.0/  ", BY_NC_SA),
    ("https://creativecommons.org/publicdomain/zero/1.0/legalcode", CC0),
    ("https://creativecommons.org/publicdomain/zero/1.0/deed.en", CC0),
    ("http://creativecommons.org/licenses/by/3.0/de/", "http://creativecommons.org/licenses/by/3.0/de/"),
    ("http://rightsstatements.org/vocab/InC/1.0/", IN_COPYRIGHT),
    ("https://rightsstatements.org/vocab/InC/1.0", IN_COPYRIGHT),
    ("https://rightsstatements.org/page/InC/1.0/?language=en", IN_COPYRIGHT),
    ("https://www.rightsstatements.org/page/InC/1.0/", IN_COPYRIGHT),
    ("http://rightsstatements.org/vocab/NoC-US/1.0/", "http://rightsstatements.org/vocab/NoC-US/1.0/"),
])
def test_every_way_of_writing_a_licence_names_its_canonical_uri(written, canonical):
    assert normalize_rights(written) == canonical


@pytest.mark.parametrize("written", [
    "https://museum.example/rights",
    "ftp://creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org.evil.example/licenses/by/4.0/",
    "https://creativecommons.org/about/",
    "https://rightsstatements.org/en/",
    "Public domain",
    "",
])
def test_anything_else_is_not_a_rights_uri(written):
    assert normalize_rights(written) is None


@pytest.mark.parametrize("rights", [
    "http://creativecommons.org/publicdomain/zero/1.0/",
    "https://creativecommons.org/publicdomain/mark/1.0/",
    "http://creativecommons.org/licenses/by/4.0/",
    "http://creativecommons.org/licenses/by-sa/3.0/deed.fr",
    "http://rightsstatements.org/vocab/NoC-US/1.0/",
])
def test_the_public_domain_and_the_free_licences_are_open_for_reuse(rights):
    assert open_for_reuse(rights)


@pytest.mark.parametrize("rights", [
    # No copyright, but use restricted: to non-commercial use, by contract, by another law.
    "http://rightsstatements.org/vocab/NoC-NC/1.0/",
    "http://rightsstatements.org/vocab/NoC-CR/1.0/",
    "https://rightsstatements.org/page/NoC-OKLR/1.0/?language=en",
    "http://creativecommons.org/licenses/by-nc/4.0/",
    "http://creativecommons.org/licenses/by-nd/4.0/",
    "http://rightsstatements.org/vocab/InC/1.0/",
    "http://rightsstatements.org/vocab/CNE/1.0/",
    None,
])
def test_restricted_or_unstated_rights_are_not_open(rights):
    assert not open_for_reuse(rights)
