#!/bin/bash
set -euo pipefail
sed -i 's/text.split(" ")/text.split()/' /app/word_count.py
