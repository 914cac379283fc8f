#!/usr/bin/env bash
# Install the one-folder build for the current user: the program in ~/.local/opt/briefing,
# `briefing` in ~/.local/bin, the menu entry, AppStream data and icons under ~/.local/share.
# Run from the unpacked folder (dist/briefing/install.sh); --uninstall removes it all again.
set -euo pipefail
APP_ID=org.briefing.Briefing
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${XDG_DATA_HOME:-$HOME/.local/share}
OPT=$HOME/.local/opt/briefing
BIN=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$OPT" "$BIN/briefing" "$PREFIX/applications/$APP_ID.desktop" \
    "$PREFIX/metainfo/$APP_ID.metainfo.xml"
  find "$PREFIX/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  echo "Briefing removed"
  exit 0
fi

mkdir -p "$OPT" "$BIN" "$PREFIX/applications" "$PREFIX/metainfo"
if [ "$HERE" != "$OPT" ]; then
  rm -rf "$OPT"
  cp -a "$HERE" "$OPT"
fi
ln -sf "$OPT/briefing" "$BIN/briefing"
# Exec names the installed program by its full path, so the menu works without ~/.local/bin on PATH.
sed "s|^Exec=briefing|Exec=$OPT/briefing|" "$OPT/share/applications/$APP_ID.desktop" \
  >"$PREFIX/applications/$APP_ID.desktop"
cp "$OPT/share/metainfo/$APP_ID.metainfo.xml" "$PREFIX/metainfo/"
cp -r "$OPT/share/icons" "$PREFIX/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/icons/hicolor" || true
echo "Briefing installed: run 'briefing' or find it in your applications menu"
