#!/bin/bash
# reward 1 when the three .txt files became .log files with their content and README.md is untouched
mkdir -p /logs/verifier
ok=1
for f in alpha beta gamma; do
  [ "$(cat /app/logs/$f.log 2>/dev/null)" = "log of $f" ] || ok=0
  [ ! -e /app/logs/$f.txt ] || ok=0
done
[ "$(cat /app/logs/README.md 2>/dev/null)" = "keep me" ] || ok=0
echo $ok > /logs/verifier/reward.txt
