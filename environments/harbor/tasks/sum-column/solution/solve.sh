#!/bin/bash
set -euo pipefail
awk -F, 'NR > 1 && $2 == "shipped" { s += $3 } END { printf "%.2f\n", s }' /app/orders.csv > /app/answer.txt
