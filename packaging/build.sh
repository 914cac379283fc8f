#!/usr/bin/env bash
# Build the one-folder app (dist/briefing/) with PyInstaller, add the desktop files and icons,
# then smoke-test it the way a delegate's machine would run it: no Python, no virtualenv, no
# user profile (env -i; only PATH (an empty folder), HOME and BRIEFING_HOME (in a temp folder),
# LANG=C.UTF-8 as on any desktop, and QT_QPA_PLATFORM=offscreen).
#
#   packaging/build.sh            build and smoke-test
#   packaging/build.sh --no-build smoke-test an existing dist/briefing
#
# Not part of the pytest suite: it takes minutes. Exit status 0 only if every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
APP_ID=org.briefing.Briefing
DIST=dist/briefing
APP=$DIST/briefing

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'build.sh: FAILED: %s\n' "$*" >&2; exit 1; }

if [ "${1:-}" != "--no-build" ]; then
  if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    step "installing PyInstaller into $("$PY" -c 'import sys; print(sys.prefix)')"
    "$PY" -m pip install -q pyinstaller
  fi
  step "PyInstaller $("$PY" -m PyInstaller --version)"
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/pyinstaller/briefing.spec

  step "desktop integration files"
  mkdir -p "$DIST/share/applications" "$DIST/share/metainfo"
  cp packaging/linux/$APP_ID.desktop "$DIST/share/applications/"
  cp packaging/linux/$APP_ID.metainfo.xml "$DIST/share/metainfo/"
  QT_QPA_PLATFORM=offscreen "$PY" packaging/render_icons.py "$DIST/share/icons/hicolor" >/dev/null
  cp packaging/linux/install.sh "$DIST/install.sh"
fi
[ -x "$APP" ] || fail "$APP is missing; build first"
APP_ABS=$PWD/$APP

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/home" "$TMP/bin"
# The program under test runs with an empty environment (PATH an empty folder, so no python on
# it); the checks after it may use Python.
run() {
  (cd "$TMP" && env -i PATH="$TMP/bin" HOME="$TMP/home" BRIEFING_HOME="$TMP/home/briefing" \
    LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@")
}

step "no Python in reach"
run /bin/sh -c 'command -v python3 || command -v python' && fail "a python is on the smoke test's PATH"
echo "ok: the smoke test's PATH has no python"

step "briefing --version"
version=$(run "$APP_ABS" --version)
expected="Briefing $("$PY" -c 'import briefing; print(briefing.__version__)')"
[ "$version" = "$expected" ] || fail "--version said '$version', expected '$expected'"
echo "ok: $version"

step "briefing show --json"
run "$APP_ABS" show --json >"$TMP/show.json" || fail "show --json exited $?"
"$PY" - "$TMP/show.json" <<'PY' || fail "show --json did not print the Lima record"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
text = json.dumps(data, ensure_ascii=False)
assert "Lima" in text, "no 'Lima' in the record"
print(f"ok: {len(text)} characters of JSON naming Lima")
PY

step "briefing export --out x.pdf"
run "$APP_ABS" export --out "$TMP/x.pdf" || fail "export exited $?"
"$PY" - "$TMP/x.pdf" "$expected" <<'PY' || fail "the exported PDF is not right"
import sys
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
text = "".join(page.extract_text() or "" for page in reader.pages)
assert len(reader.pages) >= 1 and "Lima" in text, "no Lima in the PDF"
meta = reader.metadata or {}
stamp = f"{meta.get('/Creator', '')} {meta.get('/Producer', '')}"
assert sys.argv[2] in stamp, f"PDF metadata {stamp!r} lacks {sys.argv[2]!r}"
print(f"ok: {len(reader.pages)} pages, metadata {stamp.strip()!r}")
PY

step "Arabic and Chinese in a note print in their embedded fallback faces"
run "$APP_ABS" annotate annex_1__para_10__point_a --stance concern \
  --note "موقفنا: نؤيد التعاون الإقليمي — 我们支持区域合作" >/dev/null || fail "annotate exited $?"
run "$APP_ABS" export --out "$TMP/scripts.pdf" --sections conclusions || fail "export exited $?"
"$PY" - "$TMP/scripts.pdf" <<'PY' || fail "the fallback faces are missing from the PDF"
import sys
from pypdf import PdfReader
faces = {}
for page in PdfReader(sys.argv[1]).pages:
    for ref in page["/Resources"].get_object().get("/Font", {}).values():
        font = ref.get_object()
        descriptor = font.get("/FontDescriptor")
        embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
        faces[str(font["/BaseFont"])] = embedded
names = " ".join(faces)
assert "Arabic" in names, f"no Arabic face among {sorted(faces)}"
assert "SC" in names, f"no Chinese face among {sorted(faces)}"
assert all(faces.values()), f"not embedded: {[f for f, e in faces.items() if not e]}"
print(f"ok: {len(faces)} faces, all embedded: {', '.join(sorted(faces))}")
PY

step "briefing import an official PDF (PDFium inside the frozen app)"
made_pdf="$TMP/letter.pdf"
"$PY" - "$made_pdf" <<'PY' || fail "could not make the test PDF"
import sys
from reportlab.pdfgen.canvas import Canvas
canvas = Canvas(sys.argv[1], invariant=1)
lines = ["United Nations", "S/2099/1", "Security Council", "Distr.: General", "1 January 2099",
         "Letter dated 1 January 2099 from the Secretary-General addressed to the President",
         "of the Security Council", "1. I have the honour to transmit the attached report.",
         "2. I should be grateful if you would bring it to the attention of the Council."]
for n, line in enumerate(lines):
    canvas.drawString(72, 760 - 18 * n, line)
canvas.save()
PY
run "$APP_ABS" import "$made_pdf" >"$TMP/import.out" || fail "import of a PDF exited $?"
run "$APP_ABS" show --json >"$TMP/pdf.json" || fail "show --json after the PDF import exited $?"
"$PY" - "$TMP/pdf.json" <<'PY' || fail "the PDF's record is not what was imported"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
assert data["symbol"] == "S/2099/1", data["symbol"]
assert data["derivation"]["source_kept"], data["derivation"]
print("ok: the PDF imported as S/2099/1, its bytes kept as the source")
PY

step "GUI start offscreen (BRIEFING_SMOKE_TEST=1: quit once the main window is shown)"
status=0
(cd "$TMP" && timeout 120 env -i PATH="$TMP/bin" HOME="$TMP/home" \
  BRIEFING_HOME="$TMP/home/briefing" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  BRIEFING_SMOKE_TEST=1 "$APP_ABS" >"$TMP/gui.out" 2>&1) || status=$?
if [ "$status" != 0 ]; then
  cat "$TMP/gui.out" >&2
  [ "$status" = 124 ] && fail "the app did not quit within 120 s (does app.py honour BRIEFING_SMOKE_TEST?)"
  fail "the app exited $status"
fi
echo "ok: the window opened and the app exited 0"

step "result"
du -sh "$DIST"
echo "build.sh: all smoke tests passed"
