# Refusals of bad requests: each with the reference's status and reason code, naming what is wrong,
# and each changing nothing (the key count stays the same).

# Who is asking: no token, an unknown token, no or a malformed instance header, an unknown instance.
nobody GET /keys
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.list failure critical 401 by unknown
alice GET /keys +authorization=Bearer%20not-a-token
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.list failure critical 401 by unknown
alice GET /keys +bluemix-instance=
  400 BAD_REQUEST_ERR: Request requires valid Bluemix-Instance Header containing a valid UUID [header bluemix-instance]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys +bluemix-instance=instance-1
  400 BAD_REQUEST_ERR: Request requires valid Bluemix-Instance Header containing a valid UUID [header bluemix-instance]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys +bluemix-instance=00000000-0000-4000-8000-000000000000
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.list failure critical 401 by alice

# Operations that do not exist.
alice GET /keys/a/b/c
  404 NOT_FOUND_ERR: There is no Key Protect API operation GET /api/v2/keys/a/b/c
  ~ kms.secrets.default failure normal 404 by alice
alice PATCH /keys
  404 NOT_FOUND_ERR: There is no Key Protect API operation PATCH /api/v2/keys
  ~ kms.secrets.default failure normal 404 by alice
alice POST /import_token
  403 FEATURE_RESTRICTED_ERR: This action is not permitted on this resource: Please contact IBM Key Protect or open a service ticket to enable this feature (the sandbox imports key material directly, without import tokens)
  ~ kms.secrets.default failure critical 403 by alice

# Create bodies.
alice POST /keys
  400 NO_BODY_ERR: Missing body in request
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys '{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"name":'
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: the body is not JSON: EOF while parsing a value at line 1 column 107
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys {"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":2},"resources":[{"name":"k1"}]}
  400 COLLECTION_TOTAL_MISMATCH_ERR: Collection total does not match number of resources
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys {"metadata":{"collectionType":"application/vnd.ibm.kms.policy+json","collectionTotal":1},"resources":[{"name":"k1"}]}
  400 INVALID_FIELD_ERR: The field 'metadata.collectionType' must be: application/vnd.ibm.kms.key+json [field metadata.collectionType]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys {"resources":[{"name":"k1"}]}
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: CollectionMetadata is empty
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1"},{"name":"k2"}]
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: Only creation of one key per request is supported
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","colour":"blue"}]
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: json: unknown field "colour" [field colour]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":42}]
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: json: cannot unmarshal number into field 'name' of type string [field name]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k"}]
  400 INVALID_FIELD_ERR: The field 'name' must be: a string of 2 to 90 characters [field name]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"description":"no name"}]
  400 INVALID_FIELD_ERR: The field 'name' must be: a string of 2 to 90 characters [field name]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","extractable":"no"}]
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: json: cannot unmarshal string into field 'extractable' of type bool [field extractable]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","payload":"AAEC"}]
  400 INVALID_FIELD_ERR: The field 'payload' must be: a base64 encoded key material of 128, 192 or 256 bits (16, 24 or 32 bytes) [field payload]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","payload":"%%%"}]
  400 INVALID_FIELD_ERR: The field 'payload' must be: a base64 encoded key material [field payload]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","extractable":true,"payload":""}]
  400 INVALID_FIELD_ERR: The field 'payload' must be: base64 encoded data of 1 to 7,500 bytes [field payload]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","expirationDate":"2025-12-31T00:00:00Z"}]
  400 INVALID_FIELD_ERR: The field 'expirationDate' must be: a date after the current time (2026-01-01T00:00:00Z) [field expirationDate]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","expirationDate":"next tuesday"}]
  400 INVALID_FIELD_ERR: The field 'expirationDate' must be: an RFC 3339 date-time such as 2026-12-31T00:00:00Z [field expirationDate]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","aliases":["a1","a2","a3","a4","a5","a6"]}]
  400 KEY_ALIAS_QUOTA_ERR: A key can have a maximum of 5 alias names [field aliases]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","aliases":["has space"]}]
  400 INVALID_FIELD_ERR: The field 'aliases' must be: 2 to 90 characters each: letters, digits, '-' and '_', and not shaped like a key id [field aliases]
  ~ kms.secrets.create failure warning 400 by alice
alice POST /keys [{"name":"k1","aliases":["dup-alias","dup-alias"]}]
  409 KEY_ALIAS_NOT_UNIQUE_ERR: The alias 'dup-alias' is already used by a key in this instance
  ~ kms.secrets.create failure warning 409 by alice
alice POST /keys [{"name":"k1","encryptedNonce":"AAAA","iv":"AAAA","payload":"AAAA"}]
  400 INCORRECT_NONCE_ERR: Secure import with an import token is not modelled by the sandbox: import the key material directly
  ~ kms.secrets.create failure warning 400 by alice
dave POST /keys [{"name":"k1"}]
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.create failure critical 401 by dave
alice HEAD /keys
  200 key-total=0
  ~ kms.secrets.head success normal 200 by alice

# Query parameters of listing.
alice GET /keys?limit=0
  400 INVALID_QUERY_PARAM_ERR: The query_param 'limit' must be: an integer from 1 to 5000 [query_param limit]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?limit=5001
  400 INVALID_QUERY_PARAM_ERR: The query_param 'limit' must be: an integer from 1 to 5000 [query_param limit]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?offset=-1
  400 INVALID_QUERY_PARAM_ERR: The query_param 'offset' must be: an integer of at least 0 [query_param offset]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?state=4
  400 INVALID_QUERY_PARAM_ERR: The query_param 'state' must be: a comma-separated list of key states: 0, 1, 2, 3 or 5 [query_param state]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?extractable=maybe
  400 INVALID_QUERY_PARAM_ERR: The query_param 'extractable' must be: true or false [query_param extractable]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?sort=colour
  400 INVALID_QUERY_PARAM_ERR: The query_param 'sort' must be: a comma-separated list of id, name, state, extractable, imported, creationDate, lastUpdateDate, lastRotateDate, deletionDate or expirationDate, each optionally prefixed with '-'; 'colour' is none of them [query_param sort]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?search=exact:
  400 INVALID_QUERY_PARAM_ERR: The query_param 'search' must be: 1 to 90 characters after the optional not:, exact:, name: and alias: prefixes [query_param search]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?filter=colour=blue
  400 INVALID_QUERY_PARAM_ERR: The query_param 'filter' must be: terms on creationDate, lastUpdateDate, lastRotateDate, deletionDate, expirationDate, state or extractable; 'colour' is none of them [query_param filter]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?filter=creationDate=gte:yesterday
  400 INVALID_QUERY_PARAM_ERR: The query_param 'filter' must be: creationDate=[gt:|gte:|lt:|lte:]"<RFC 3339 date>"; 'yesterday' is not a date [query_param filter]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?filter=state
  400 INVALID_QUERY_PARAM_ERR: The query_param 'filter' must be: space-separated terms of the form field=value; 'state' has no '=' [query_param filter]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys/registrations?preventKeyDeletion=perhaps
  400 INVALID_QUERY_PARAM_ERR: The query_param 'preventKeyDeletion' must be: true or false [query_param preventKeyDeletion]
  ~ kms.registrations.list failure warning 400 by alice
alice GET /keys/00000000-0000-4000-8000-000000000000/policies?policy=colour
  400 INVALID_QUERY_PARAM_ERR: The query_param 'policy' must be: rotation or dualAuthDelete [query_param policy]
  ~ kms.policies.read failure warning 400 by alice

# Registrations need an Active root key; the key version must not go backwards.
alice POST /keys [{"name":"kek"}] -> $kek
  201
  id=$kek name=kek state=1 extractable=false imported=false keyVersion=$kek dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"std","extractable":true}] -> $std
  201
  id=$std name=std state=1 extractable=true imported=false keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"alias-owner","aliases":["dup-alias"]}] -> $owner
  201
  id=$owner name=alias-owner state=1 extractable=false imported=false aliases=[dup-alias] keyVersion=$owner dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"k1","aliases":["dup-alias"]}]
  409 KEY_ALIAS_NOT_UNIQUE_ERR: The alias 'dup-alias' is already used by a key in this instance
  ~ kms.secrets.create failure warning 409 by alice
service POST /keys/$std/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A
  422 KEY_ROOT_REQ_REG_ERR: Requested action can only be completed with a root key
  ~ kms.registrations.create failure normal 422 by sandbox-resources
alice POST /keys/$kek/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
service POST /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A
  422 KEY_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.registrations.create failure normal 422 by sandbox-resources
advance 30s
  now 2026-01-01T00:00:30Z
alice POST /keys/$kek/actions/enable
  204
  ~ kms.secrets.enable success warning 204 by alice
service POST /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A
  201
  keyId=$kek keyVersion=$kek resourceCrn=crn:v1:bluemix:public:databases-for-redis:us-south:a/$account:dep-9:: preventKeyDeletion=false creationDate=2026-01-01T00:00:30Z
  ~ kms.registrations.create success normal 201 by sandbox-resources
alice POST /keys/$kek/actions/rotate
  204
  ~ kms.secrets.rotate success warning 204 by alice
alice GET /keys/$kek/versions
  200
  id=f2475a69-2db6-4de6-bf42-f1eeddff4405 creationDate=2026-01-01T00:00:30Z
  id=$kek creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-key-versions.list success normal 200 by alice
let $v2 = /resources/0/id
service PUT /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A [{"keyVersion":{"id":"$v2"}}]
  201
  keyId=$kek keyVersion=$v2 resourceCrn=crn:v1:bluemix:public:databases-for-redis:us-south:a/$account:dep-9:: preventKeyDeletion=false creationDate=2026-01-01T00:00:30Z
  ~ kms.registrations.create success normal 201 by sandbox-resources
service PUT /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A [{"keyVersion":{"id":"$kek"}}]
  422 KEY_VERSION_INVALID: This request requires that the key version is later than current registration key version
  ~ kms.registrations.create failure normal 422 by sandbox-resources
service PUT /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A [{"keyVersion":{"id":"not-a-version"}}]
  422 KEY_VERSION_INVALID: This request requires that the key version is later than current registration key version
  ~ kms.registrations.create failure normal 422 by sandbox-resources
service DELETE /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A
  204
  ~ kms.registrations.delete success critical 204 by sandbox-resources
service DELETE /keys/$kek/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2F$account%3Adep-9%3A%3A
  404 REGISTRATION_NOT_FOUND_ERR: No registration of 'crn:v1:bluemix:public:databases-for-redis:us-south:a/$account:dep-9::' exists on this key
  ~ kms.registrations.delete failure normal 404 by sandbox-resources

# An expired key cannot be restored.
alice POST /keys [{"name":"short-lived","expirationDate":"2026-01-02T00:00:00Z"}] -> $short
  201
  id=$short name=short-lived state=1 extractable=false imported=false expirationDate=2026-01-02T00:00:00Z keyVersion=$short dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:30Z
  ~ kms.secrets.create success normal 201 by alice
alice DELETE /keys/$short
  204
  ~ kms.secrets.delete success critical 200 by alice
advance 1d
  now 2026-01-02T00:00:30Z
alice POST /keys/$short/restore
  400 KEY_EXPIRED_ERR: The action could not be performed on the key because the key is expired.
  ~ kms.secrets.restore failure warning 400 by alice

# Sync is allowed once an hour.
carol POST /keys/$kek/actions/sync
  204
  ~ kms.secrets.sync success normal 204 by carol
carol POST /keys/$kek/actions/sync
  409 REQ_TOO_EARLY_ERR: The key was updated recently: Please wait and try again
  ~ kms.secrets.sync failure warning 409 by carol
advance 1h
  now 2026-01-02T01:00:30Z
carol POST /keys/$kek/actions/sync
  204
  ~ kms.secrets.sync success normal 204 by carol
alice HEAD /keys
  200 key-total=3
  ~ kms.secrets.head success normal 200 by alice
