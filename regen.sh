#!/usr/bin/env bash
# Regenerate every generated, committed file after a change to the specs or writer.
set -euo pipefail
cd "$(dirname "$0")"
python -m lakip_xl.docgen > docs/tables.md
lakip-xl template -o templates/workbook_template.xlsx --timpa
lakip-xl fill samples/mustikajaya_2024.json -o samples/mustikajaya_2024.xlsx
python -m lakip_xl.audit.rules_doc > docs/rules.md
lakip-xl audit samples/mustikajaya_2024.xlsx --json samples/mustikajaya_2024.findings.json > /dev/null || test $? -eq 1
lakip-xl fill samples/grobogan_2021.json -o samples/grobogan_2021.xlsx
lakip-xl audit samples/grobogan_2021.xlsx --tanpa-laporan --json samples/grobogan_2021.findings.json > /dev/null || test $? -eq 1
