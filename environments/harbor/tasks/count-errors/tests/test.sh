#!/bin/bash
# reward 1 when /app/answer.txt holds the number of ERROR-level lines (not every line that mentions ERROR)
mkdir -p /logs/verifier
if [ "$(tr -d ' \n' < /app/answer.txt 2>/dev/null)" = "8" ]; then echo 1 > /logs/verifier/reward.txt; else echo 0 > /logs/verifier/reward.txt; fi
