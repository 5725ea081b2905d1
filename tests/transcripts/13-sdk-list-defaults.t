# Every list call with the query parameters official clients send when the caller sets nothing.
# IBM's Go client (keyprotect-go-client) sends GetKeys' defaults (limit=2000, offset=0) and, from
# ListKeys with empty options, parameters with no value (state=, sort=); other clients send unset
# parameters empty. The service reads an empty parameter as absent, and so does the sandbox.

alice POST /keys [{"type":"application/vnd.ibm.kms.key+json","name":"root-1","extractable":false}] -> $root
  201
  id=$root name=root-1 state=1 extractable=false imported=false keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
service POST /keys/$root/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-postgresql%3Aus-south%3Aa%2F$account%3Adep-1%3A%3A [{"preventKeyDeletion":false}]
  201
  keyId=$root keyVersion=$root resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.create success normal 201 by sandbox-resources

# Keys: GetKeys(ctx, 0, 0), ListKeys with empty options, and every parameter sent empty.
alice GET /keys?limit=2000&offset=0
  200
  id=$root name=root-1 state=1 extractable=false imported=false keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?state=&sort=
  200
  id=$root name=root-1 state=1 extractable=false imported=false keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?limit=&offset=&state=&extractable=&search=&sort=&filter=
  200
  id=$root name=root-1 state=1 extractable=false imported=false keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice HEAD /keys?limit=&offset=&state=&extractable=
  200 key-total=1
  ~ kms.secrets.head success normal 200 by alice

# A key's versions, registrations (of one key and of all keys), key rings, policies.
alice GET /keys/$root/versions?limit=&offset=&totalCount=&allKeyStates=
  200
  id=$root creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-key-versions.list success normal 200 by alice
alice GET /keys/$root/registrations?limit=&offset=&preventKeyDeletion=&totalCount=
  200
  keyId=$root keyVersion=$root resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice GET /keys/registrations?limit=&offset=&urlEncodedResourceCRNQuery=&preventKeyDeletion=&totalCount=
  200
  keyId=$root keyVersion=$root resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice GET /key_rings?limit=&offset=&totalCount=
  200
  id=default creationDate=2026-01-01T00:00:00Z
  ~ kms.key-rings.list success normal 200 by alice
alice GET /keys/$root/policies?policy=
  200
  ~ kms.policies.read success normal 200 by alice
alice GET /instance/policies?policy=
  200
  ~ kms.instance-policies.read success normal 200 by alice

# A parameter with a value is still checked.
alice GET /keys?limit=abc
  400 INVALID_QUERY_PARAM_ERR: The query_param 'limit' must be: an integer from 1 to 5000 [query_param limit]
  ~ kms.secrets.list failure warning 400 by alice
alice GET /keys?state=9
  400 INVALID_QUERY_PARAM_ERR: The query_param 'state' must be: a comma-separated list of key states: 0, 1, 2, 3 or 5 [query_param state]
  ~ kms.secrets.list failure warning 400 by alice
