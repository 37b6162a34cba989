#!/usr/bin/env bash
# Copies the self-hosted front-end files from node_modules to var/assets
# (served under /static/vendor/). Nothing is loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
out=var/assets
rm -rf "$out"
mkdir -p "$out/kern/fonts" "$out/chartjs" "$out/axe"
kern=node_modules/@kern-ux/native/dist
cp "$kern/kern.min.css" "$kern/kern-grid.min.css" "$kern/kern-utilities.min.css" "$out/kern/"
cp -r "$kern/fonts/fira-sans" "$kern/fonts/fira-sans.css" "$out/kern/fonts/"
cp node_modules/@kern-ux/native/LICENSE.md "$out/kern/LICENSE.md"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map "$out/chartjs/"
cp node_modules/axe-core/axe.min.js "$out/axe/axe.min.js"
echo "Front-end-Dateien unter $out bereitgestellt."
