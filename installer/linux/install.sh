#!/bin/sh
# Installs the regiodesk bundle for the current user (no root needed):
#   sh install.sh [BUNDLE_DIR]      (default: the dist/regiodesk folder next to this script)
# The program goes to ~/.local/opt/regiodesk, a launcher into the menu, .regiodesk files open
# with regiodesk. Databases and backups live in ~/.local/share/regiodesk and are never touched
# by installing, updating or uninstall.sh.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE=${1:-"$HERE/../dist/regiodesk"}
PREFIX=${XDG_DATA_HOME:-"$HOME/.local/share"}
TARGET="$HOME/.local/opt/regiodesk"
[ -x "$BUNDLE/regiodesk" ] || { echo "Kein regiodesk-Paket in $BUNDLE" >&2; exit 1; }
rm -rf "$TARGET.new" && mkdir -p "$HOME/.local/opt" && cp -r "$BUNDLE" "$TARGET.new"
rm -rf "$TARGET" && mv "$TARGET.new" "$TARGET"
mkdir -p "$HOME/.local/bin" "$PREFIX/applications" "$PREFIX/icons/hicolor/256x256/apps" "$PREFIX/mime/packages"
ln -sf "$TARGET/regiodesk" "$HOME/.local/bin/regiodesk"
# The menu starts the program without a file, a double-click on a .regiodesk file with one.
cat > "$TARGET/regiodesk-open" <<'SCRIPT'
#!/bin/sh
here=$(dirname "$(readlink -f "$0")")
if [ $# -gt 0 ]; then exec "$here/regiodesk" --db "$1"; else exec "$here/regiodesk"; fi
SCRIPT
chmod +x "$TARGET/regiodesk-open"
sed "s|^Exec=regiodesk-open|Exec=$TARGET/regiodesk-open|" "$HERE/regiodesk.desktop" > "$PREFIX/applications/regiodesk.desktop"
cp "$TARGET/_internal/regiodesk/resources/icons/regiodesk.png" "$PREFIX/icons/hicolor/256x256/apps/regiodesk.png"
cp "$HERE/regiodesk-mime.xml" "$PREFIX/mime/packages/regiodesk.xml"
command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$PREFIX/applications" || true
echo "regiodesk installiert in $TARGET (Start: Menü oder 'regiodesk')."
