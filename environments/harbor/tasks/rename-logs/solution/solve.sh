#!/bin/bash
set -euo pipefail
cd /app/logs && for f in *.txt; do mv -- "$f" "${f%.txt}.log"; done
