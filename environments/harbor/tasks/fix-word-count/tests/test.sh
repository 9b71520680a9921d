#!/bin/bash
# reward 1 when the script counts words separated by any whitespace (checked on a second file too)
mkdir -p /logs/verifier
printf 'one  two\tthree\nfour\n' > /tmp/check.txt
a="$(python3 /app/word_count.py /app/notes.txt 2>/dev/null)"
b="$(python3 /app/word_count.py /tmp/check.txt 2>/dev/null)"
if [ "$a" = "12" ] && [ "$b" = "4" ]; then echo 1 > /logs/verifier/reward.txt; else echo 0 > /logs/verifier/reward.txt; fi
