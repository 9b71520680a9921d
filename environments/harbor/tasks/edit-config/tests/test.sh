#!/bin/bash
# reward 1 when port and debug are changed and nothing else is
mkdir -p /logs/verifier
expected='[server]
host = 0.0.0.0
port = 9090
debug = false
workers = 4'
if [ "$(cat /app/service.ini 2>/dev/null)" = "$expected" ]; then echo 1 > /logs/verifier/reward.txt; else echo 0 > /logs/verifier/reward.txt; fi
