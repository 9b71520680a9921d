#!/bin/bash
# reward 1 when /app/answer.txt holds the shipped total with two decimals
mkdir -p /logs/verifier
if [ "$(tr -d ' \n' < /app/answer.txt 2>/dev/null)" = "880.10" ]; then echo 1 > /logs/verifier/reward.txt; else echo 0 > /logs/verifier/reward.txt; fi
