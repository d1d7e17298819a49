"""Runs iiif-validator-ng's tests against an Image API 3.0 server and prints one JSON line per
test: its module, its name, whether it applies to the server's features, and each check's result.

Run by the validator's own Python (3.12+, scripts/validator-ng.sh), not by the project's:
    python validator_ng_run.py BASE_URL IMAGE_ID
The validator's command line prints only failures; this lists every test, for the record."""

import json
import sys

import pyvips
from iiif_validator import validate
from iiif_validator.tests.http_caching import HttpCachingTest
from iiif_validator.tests.test import IIIFVersion, TargetServer, ValidationFailure, get_tests

# Two slips of validator 0.1.0, worked around so that its results say what it means to check:
# - size_up reports a wrong size with `img.size`, which pyvips images lack, so the report
#   itself raises and the test ends as "an unexpected error" instead of naming the size;
# - the caching test is optional with no feature name, so it never applies, though the
#   validator first asks whether the server sends ETag or Last-Modified: it applies when so.
pyvips.Image.size = property(lambda image: (image.width, image.height))
_applies = validate._test_is_applicable
validate._test_is_applicable = lambda test, features: (
    features.supports_caching if test is HttpCachingTest else _applies(test, features))


def main(base_url: str, image_id: str) -> None:
    server = TargetServer(base_url, validation_id=image_id, version=IIIFVersion.V3)
    features = server.feature_set()
    for test in get_tests(server.version):
        if not validate._test_is_applicable(test, features):
            print(json.dumps({"module": test.__module__.rsplit(".", 1)[-1], "name": test.name, "applies": False}))
    for test, outcome in validate.run_tests(server, max_threads=2):
        checks = [
            {"passed": not isinstance(check, ValidationFailure), "details": check.details,
             **({"expected": check.expected, "received": check.received, "url": check.url}
                if isinstance(check, ValidationFailure) else {})}
            for check in (outcome if isinstance(outcome, list) else [outcome])
        ]
        print(json.dumps({"module": test.__module__.rsplit(".", 1)[-1], "name": test.name, "applies": True,
                          "checks": checks}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
