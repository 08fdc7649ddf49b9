#!/usr/bin/env bash
# Debian packages kegong needs. `install-system-deps.sh demo`: what every documented command needs — the Noto
# CJK fonts (report charts), LibreOffice Writer (kegong report to-pdf). `install-system-deps.sh` (all): also
# what the tests and the page checks need — Chromium (browser tests) and poppler (PDF → PNG).
# Installs only what is missing; needs root (otherwise it says what to install and goes on).
set -euo pipefail
what="${1:-all}"
need=()
fc-list 2>/dev/null | grep -q "Noto Sans CJK SC" || need+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ "$what" = "all" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
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
