#!/usr/bin/env bash
# Runs iiif-validator-ng, the stricter IIIF Image API validator, against our image server.
#
#   scripts/validator-ng.sh          build what it needs once (cached), then validate and print
#                                    each test's result (kept in test-artifacts/validator-ng.md)
#   scripts/validator-ng.sh install  only build and install, no validation
#
# iiif-validator-ng needs Python 3.12+ (its validate.py uses PEP 695 generics) and Debian 12
# has 3.11. Debian's own CPython source, taken from the Debian archive this machine's apt
# already uses, is built once into .cache/python3.13 (about 6 CPU-minutes) and reused after.
# The build needs the headers of libssl, zlib, libffi, sqlite, bzip2 and xz
# (scripts/system-packages.sh installs them).
#
# Environment (optional): PYTHON, the project's Python that serves the platform under test
# (default .venv/bin/python).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.cache/python3.13"
# Debian trixie's python3.13 source, pinned by its sum so a changed file is refused.
SOURCE_PATH="pool/main/p/python3.13/python3.13_3.13.5.orig.tar.xz"
SOURCE_SHA256="93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640"
VENV="$PREFIX/validator-ng"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

NAME=validator-ng
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# The Debian archive of this machine's apt sources (deb822 and one-line styles), not the
# security archive: the project names no mirror of its own.
debian_archive() {
    local uri
    uri="$({
        sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
        sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
            /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
    } | grep -E '/debian/?$' | head -n 1)"
    [[ -n "$uri" ]] || die "no Debian archive in the apt sources to fetch the Python source from"
    printf '%s\n' "${uri%/}"
}

build_python() {
    if [[ -f "$PREFIX/.built" ]]; then
        say "Python $("$PREFIX/bin/python3.13" -c 'import platform; print(platform.python_version())') already built in ${PREFIX#"$ROOT"/}"
        return
    fi
    rm -rf "$PREFIX"
    local work tarball
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    tarball="$work/${SOURCE_PATH##*/}"
    say "fetching ${SOURCE_PATH##*/} from the Debian archive"
    curl --fail --silent --show-error --location --output "$tarball" "$(debian_archive)/$SOURCE_PATH"
    echo "$SOURCE_SHA256  $tarball" | sha256sum --check --quiet \
        || die "${SOURCE_PATH##*/} does not have the pinned sha256 sum; refusing to build it"
    tar -xf "$tarball" -C "$work"
    say "building Python into ${PREFIX#"$ROOT"/} (several minutes)"
    (
        cd "$work"/Python-*/
        ./configure --prefix="$PREFIX" --quiet >"$work/configure.log" 2>&1 \
            || { tail -n 40 "$work/configure.log"; exit 1; }
        make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -n 40 "$work/make.log"; exit 1; }
        make install >"$work/install.log" 2>&1 || { tail -n 40 "$work/install.log"; exit 1; }
    )
    # The validator needs these modules; a build without their headers skips them silently.
    "$PREFIX/bin/python3.13" -c 'import ssl, zlib, ctypes, sqlite3, bz2, lzma' \
        || die "Python built without a module the validator needs; install the -dev packages named above"
    touch "$PREFIX/.built"
    rm -rf "$work"
    trap - EXIT
}

install_validator() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        "$PREFIX/bin/python3.13" -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes \
        -r "$ROOT/scripts/validator-ng-requirements.txt"
    say "$("$VENV/bin/pip" show iiif-validator-ng | sed -n 's/^Version: /iiif-validator-ng /p') installed in ${VENV#"$ROOT"/}"
}

build_python
install_validator
[[ "${1:-}" == install ]] && exit 0
# The conformance test serves the platform on a loopback port and runs the validator from the
# virtualenv above against the validator's own test image.
cd "$ROOT"
rm -f test-artifacts/validator-ng.md
status=0
"$PYTHON" -m pytest tests/iiif/test_image_validator_ng.py -q -rs -p no:cacheprovider || status=$?
[[ -f test-artifacts/validator-ng.md ]] && cat test-artifacts/validator-ng.md
exit "$status"
