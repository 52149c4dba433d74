#!/bin/sh
# Removes the program, its menu entry and file association; keeps every database and backup
# (~/.local/share/regiodesk).
set -eu
PREFIX=${XDG_DATA_HOME:-"$HOME/.local/share"}
rm -rf "$HOME/.local/opt/regiodesk" "$HOME/.local/bin/regiodesk" "$PREFIX/applications/regiodesk.desktop" \
  "$PREFIX/icons/hicolor/256x256/apps/regiodesk.png" "$PREFIX/mime/packages/regiodesk.xml"
command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/mime" || true
echo "regiodesk entfernt. Ihre Datenbanken und Sicherungen in $PREFIX/regiodesk bleiben erhalten."
