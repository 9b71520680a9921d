#!/bin/bash
set -euo pipefail
sed -i 's/^port = 8080$/port = 9090/' /app/service.ini
sed -i 's/^debug = true$/debug = false/' /app/service.ini
