# curl against IBM Cloud's URLs, answered by the sandbox through the same request face as the CLI.

# A key created with the API, as the documentation shows it (any region's host; a multi-line body).
$ curl -X POST \
>     "https://us-south.kms.cloud.ibm.com/api/v2/keys" \
>     -H "authorization: Bearer $ACCESS_TOKEN" \
>     -H "bluemix-instance: $KP_INSTANCE_ID" \
>     -H "content-type: application/vnd.ibm.kms.key+json" \
>     -H "prefer: return=minimal" \
>     -d '{
>   "metadata": {
>     "collectionType": "application/vnd.ibm.kms.key+json",
>     "collectionTotal": 1
>   },
>   "resources": [
>     {
>       "type": "application/vnd.ibm.kms.key+json",
>       "name": "api-root-key",
>       "extractable": false
>     }
>   ]
> }' -w '%{http_code}\n'
{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.key+json"},"resources":[{"id":"$KEY_API_ROOT_KEY","type":"application/vnd.ibm.kms.key+json"}]}201
[exit 0]

# The key list through jq; -s keeps curl quiet, a private endpoint answers the same.
$ curl -s "https://private.us-south.kms.cloud.ibm.com/api/v2/keys" -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID" | jq -r '.resources[] | .name'
api-root-key
[exit 0]

# Wrap and unwrap with the key's id taken from the list.
$ KEY_ID=$(curl -s https://eu-de.kms.cloud.ibm.com/api/v2/keys -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID" | jq -r '.resources[0].id')
> CIPHERTEXT=$(curl -s -X POST "https://us-south.kms.cloud.ibm.com/api/v2/keys/$KEY_ID/actions/wrap" \
>   -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID" \
>   -H "content-type: application/vnd.ibm.kms.key_action+json" \
>   -d '{"plaintext": "aGVsbG8gd29ybGQ="}' | jq -r .ciphertext)
> curl -s -X POST "https://us-south.kms.cloud.ibm.com/api/v2/keys/$KEY_ID/actions/unwrap" \
>   -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID" \
>   -d "{\"ciphertext\": \"$CIPHERTEXT\"}" | jq -r .plaintext
aGVsbG8gd29ybGQ=
[exit 0]

# -i prints the status line and headers; -I asks with HEAD (the key count is a header).
$ curl -I https://us-south.kms.cloud.ibm.com/api/v2/keys -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID"
HTTP/2 200
correlation-id: d115d2b8-acb8-4e6d-9309-a3c830761a65
key-total: 1
content-length: 0

[exit 0]
$ curl -i https://us-south.kms.cloud.ibm.com/api/v2/keys/nope -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID"
HTTP/2 404
content-type: application/json
correlation-id: 44cc2005-963f-4ea6-8e81-42911f2e5f3c
content-length: 354

{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.error+json"},"resources":[{"errorMsg":"Not Found: Key could not be retrieved: Please see 'reasons' for more details (KEY_NOT_FOUND_ERR)","reasons":[{"code":"KEY_NOT_FOUND_ERR","message":"key does not exist","moreInfo":"https://cloud.ibm.com/apidocs/key-protect","status":404}]}]}
[exit 0]

# -v shows the request and response lines on stderr.
$ curl -sv -o /dev/null -w '%{http_code}\n' https://us-south.kms.cloud.ibm.com/api/v2/key_rings -H "bluemix-instance: $KP_INSTANCE_ID" -H "authorization: Bearer $ACCESS_TOKEN"
200
! * The sandbox answers https://us-south.kms.cloud.ibm.com itself: nothing leaves this page
! > GET /api/v2/key_rings HTTP/2
! > host: us-south.kms.cloud.ibm.com
! > user-agent: curl/8.5.0
! > accept: */*
! > authorization: Bearer $ACCESS_TOKEN
! > bluemix-instance: $INSTANCE
! >
! < HTTP/2 200
! < content-type: application/json
! < correlation-id: 1c46deba-1f67-4a3f-be1b-44d9383664d6
! < content-length: 191
! <
[exit 0]

# --fail turns an error status into curl's exit 22; without it the error body prints and curl exits 0.
$ curl --fail -s https://us-south.kms.cloud.ibm.com/api/v2/keys -H "bluemix-instance: $KP_INSTANCE_ID" || echo "curl failed with $?"
curl failed with 22
[exit 0]
$ curl -sS --fail https://us-south.kms.cloud.ibm.com/api/v2/keys -H "bluemix-instance: $KP_INSTANCE_ID"
! curl: (22) The requested URL returned error: 401
[exit 22]
# ... and still writes -w out (no body was read: size_download is 0).
$ curl -s --fail -w '%{http_code} %{size_download}\n' https://us-south.kms.cloud.ibm.com/api/v2/keys -H "bluemix-instance: $KP_INSTANCE_ID"
401 0
[exit 22]
$ curl -s https://us-south.kms.cloud.ibm.com/api/v2/keys -H "authorization: Bearer not-a-token" -H "bluemix-instance: $KP_INSTANCE_ID"
{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.error+json"},"resources":[{"errorMsg":"Unauthorized: The user does not have access to the specified resource"}]}
[exit 0]

# A token issued an hour ago (by the virtual clock) has expired, as IAM's do; the provided
# $ACCESS_TOKEN is issued anew whenever it is read.
$ OLD_TOKEN=$ACCESS_TOKEN
> sandbox advance 1h
> curl -s -o /dev/null -w '%{http_code}\n' https://us-south.kms.cloud.ibm.com/api/v2/keys -H "authorization: Bearer $OLD_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID"
> curl -s -o /dev/null -w '%{http_code}\n' https://us-south.kms.cloud.ibm.com/api/v2/keys -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID"
Advanced 1h: the clock is now 2026-01-01T01:00:00Z
401
200
[exit 0]

# IAM: an API key for a token (the CLI's basic auth and the form body), and a bad key.
$ curl -s -X POST "https://iam.cloud.ibm.com/identity/token" -u bx:bx \
>   -H "content-type: application/x-www-form-urlencoded" -H "accept: application/json" \
>   --data-urlencode "grant_type=urn:ibm:params:oauth:grant-type:apikey" \
>   --data-urlencode "apikey=not-a-key"
{"errorCode":"BXNIM0415E","errorMessage":"Provided API key could not be found."}
[exit 0]
$ curl -s -w ' %{http_code}\n' https://iam.cloud.ibm.com/identity/token
{"errorCode":"BXNIM0405E","errorMessage":"Use POST for /identity/token"} 405
[exit 0]
$ curl -s "https://iam.cloud.ibm.com/v1/policies?account_id=$ACCOUNT&type=authorization" -H "authorization: Bearer $ACCESS_TOKEN" | jq '.policies | length'
0
[exit 0]

# Resource Controller and Cloud Databases hosts.
$ curl -s "https://resource-controller.cloud.ibm.com/v1/reclamations" -H "authorization: Bearer $ACCESS_TOKEN" | jq -c .
{"resources":[]}
[exit 0]
$ curl -s -w '\n%{http_code}\n' "https://api.us-south.databases.cloud.ibm.com/v5/ibm/deployments/nope" -H "authorization: Bearer $ACCESS_TOKEN"
{"code":"RC-ResourceNotFound","errors":"Resource instance 'nope' was not found in this account","status_code":404}
404
[exit 0]

# A path the host does not serve, a region that does not exist, a host that is not IBM Cloud's.
$ curl -s -w '%{http_code}\n' https://iam.cloud.ibm.com/api/v2/keys
{"code":"not_found","errors":"There is nothing at GET https://iam.cloud.ibm.com/api/v2/keys in the sandbox","status_code":404}404
[exit 0]
$ curl https://mars-1.kms.cloud.ibm.com/api/v2/keys
! curl: (6) Could not resolve host: mars-1.kms.cloud.ibm.com
! The sandbox's curl answers IBM Cloud's Key Protect (https://<region>.kms.cloud.ibm.com), IAM (https://iam.cloud.ibm.com), Resource Controller (https://resource-controller.cloud.ibm.com) and Cloud Databases (https://api.<region>.databases.cloud.ibm.com) URLs itself, for the regions us-south, us-east, eu-gb, eu-de, eu-fr2, au-syd, jp-tok, jp-osa, ca-tor, br-sao; it sends nothing anywhere.
[exit 6]
$ curl -s https://example.com/
! The sandbox's curl answers IBM Cloud's Key Protect (https://<region>.kms.cloud.ibm.com), IAM (https://iam.cloud.ibm.com), Resource Controller (https://resource-controller.cloud.ibm.com) and Cloud Databases (https://api.<region>.databases.cloud.ibm.com) URLs itself, for the regions us-south, us-east, eu-gb, eu-de, eu-fr2, au-syd, jp-tok, jp-osa, ca-tor, br-sao; it sends nothing anywhere.
[exit 6]

# What curl takes, and the mistakes it names.
$ curl -d @key.json https://us-south.kms.cloud.ibm.com/api/v2/keys
! curl: (26) Failed to open/read local data from file/application: key.json
! The sandbox has no files: give the body inline (-d '{...}') or pipe it in (-d @-).
[exit 26]
$ curl -o keys.json https://us-south.kms.cloud.ibm.com/api/v2/keys
! curl: (23) Failure writing output to destination: keys.json
! The sandbox has no files: leave out -o, or use -o /dev/null.
[exit 23]
$ curl --bogus https://us-south.kms.cloud.ibm.com/api/v2/keys
! curl: option --bogus: is unknown
! curl: try 'curl --help' or 'curl --manual' for more information
[exit 2]
$ curl -H
! curl: option -H: requires parameter
! curl: try 'curl --help' or 'curl --manual' for more information
[exit 2]
$ curl
! curl: no URL specified!
! curl: try 'curl --help' or 'curl --manual' for more information
[exit 2]

# openssl rand gives key material for an import; the same seed and steps give the same bytes.
$ KEY_MATERIAL=$(openssl rand -base64 32)
> ibmcloud kp key create imported-root -k "$KEY_MATERIAL" --output json | jq '.imported'
true
[exit 0]
$ openssl rand -hex 16
252832aefcb705c37bb0e11507bb361e
[exit 0]
$ openssl rand 32
! openssl rand: the sandbox's openssl prints text only: use 'openssl rand -base64 N' or 'openssl rand -hex N'.
[exit 1]
$ openssl genrsa 2048
! openssl: the sandbox's openssl runs 'rand -base64 N' and 'rand -hex N' only (key material for 'kp key create -k' and imports).
[exit 1]
