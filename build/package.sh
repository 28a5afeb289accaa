#!/usr/bin/env bash
# Builds a self-contained folder of IRO Desktop in dist/iro-desktop with PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-package
.venv-package/bin/python -m pip install -q --upgrade pip
.venv-package/bin/python -m pip install -q . "pyinstaller>=6.6"
.venv-package/bin/pyinstaller --noconfirm --clean --distpath dist --workpath .package-work build/iro-desktop.spec
echo "Built dist/iro-desktop"
