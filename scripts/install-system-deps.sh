#!/usr/bin/env bash
# Debian packages the tests and the document/page checks need: Chromium (browser tests), Noto CJK fonts,
# LibreOffice Writer (DOCX → PDF) and poppler (PDF → PNG). Installs only what is missing; needs root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Sans CJK SC" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "缺少系统软件包：${need[*]}（请以 root 运行本脚本或手动 apt-get install）" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system packages installed: ${need[*]}"
