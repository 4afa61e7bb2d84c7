#!/bin/sh
# Store a first treatment through API v1 and read it back. Only the SHA-1 of the API secret is
# sent; without credentials the write is refused while reading works (the default role is `readable`).
# Run: NIGHTSCOUT_URL=http://localhost:1337 API_SECRET='your api secret' sh first-write.sh
set -eu
url=${NIGHTSCOUT_URL:-http://localhost:1337}
secret_sha1=$(printf '%s' "$API_SECRET" | sha1sum | cut -d' ' -f1)

curl -s -o /dev/null -w 'without credentials: HTTP %{http_code}\n' \
  -X POST "$url/api/v1/treatments" -H 'Content-Type: application/json' -d '{"eventType": "Note"}'

curl -sf -X POST "$url/api/v1/treatments" \
  -H "api-secret: $secret_sha1" -H 'Content-Type: application/json' \
  -d '{"eventType": "Note", "notes": "My first note", "enteredBy": "curl"}'
echo

curl -sf "$url/api/v1/treatments.json?count=1"
echo
