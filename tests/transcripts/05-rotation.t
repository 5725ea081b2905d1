# Rotation: new versions, old versions still unwrap (and the answer rewraps them), at most once an
# hour, imported keys need new material, and rotation policies that rotate on the clock.

alice POST /keys [{"name":"generated"}] -> $gen
  201
  id=$gen name=generated state=1 extractable=false imported=false keyVersion=$gen dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"imported","payload":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}] -> $imp
  201
  id=$imp name=imported state=1 extractable=false imported=true keyVersion=$imp dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"standard","extractable":true}] -> $std
  201
  id=$std name=standard state=1 extractable=true imported=false keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice

alice POST /keys/$gen/actions/wrap {"plaintext":"c2VjcmV0LWRlay0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE=","aad":["deployment-1"]}
  200
  keyVersion={id:$gen} ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by alice
let $ct_v1 = /ciphertext

# Writers rotate; Readers do not.
dave POST /keys/$gen/actions/rotate
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.rotate failure critical 401 by dave
carol POST /keys/$gen/actions/rotate
  204
  ~ kms.secrets.rotate success warning 204 by carol
alice GET /keys/$gen/versions
  200
  id=bc78993a-1d4a-4d81-bb77-e483d82f3083 creationDate=2026-01-01T00:00:00Z
  id=$gen creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-key-versions.list success normal 200 by alice
let $v2 = /resources/0/id
alice POST /keys/$gen/actions/rotate
  409 KEY_ROTATION_NOT_PERMITTED: This root key has been rotated within the last hour: Only one 'rotate' action per hour is permitted
  ~ kms.secrets.rotate failure warning 409 by alice

# A generated key takes no material; an imported key needs it (and of a valid size).
advance 1h
  now 2026-01-01T01:00:00Z
alice POST /keys/$gen/actions/rotate {"payload":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}
  400 INVALID_QUERY_PARAM_ERR: The query_param 'payload' must be: provided only if key is imported [query_param payload]
  ~ kms.secrets.rotate failure warning 400 by alice
alice POST /keys/$imp/actions/rotate
  400 KEY_PAYLOAD_REQ_ERR: This root key was created with user-supplied key material: Key material is required to perform a 'rotate' action [field payload]
  ~ kms.secrets.rotate failure warning 400 by alice
alice POST /keys/$imp/actions/rotate {"payload":"AAEC"}
  400 INVALID_FIELD_ERR: The field 'payload' must be: a base64 encoded key material of 128, 192 or 256 bits (16, 24 or 32 bytes) [field payload]
  ~ kms.secrets.rotate failure warning 400 by alice
alice POST /keys/$imp/actions/rotate {"payload":"HxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRo="}
  204
  ~ kms.secrets.rotate success warning 204 by alice
alice POST /keys/$std/actions/rotate
  400 KEY_ROOT_REQ_ERR: Requested action can only be completed with a root key.
  ~ kms.secrets.rotate failure warning 400 by alice

# The old version unwraps; Key Protect hands back a ciphertext under the current version too.
alice POST /keys/$gen/actions/unwrap {"ciphertext":"$ct_v1","aad":["deployment-1"]}
  200
  keyVersion={id:$gen} plaintext=c2VjcmV0LWRlay0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE= rewrappedKeyVersion={id:$v2} ciphertext=<228 chars>
  ~ kms.secrets.unwrap success normal 200 by alice
alice POST /keys/$gen/actions/rewrap {"ciphertext":"$ct_v1","aad":["deployment-1"]}
  200
  keyVersion={id:$gen} rewrappedKeyVersion={id:$v2} ciphertext=<228 chars>
  ~ kms.secrets.rewrap success normal 200 by alice
let $ct_v2 = /ciphertext
alice POST /keys/$gen/actions/unwrap {"ciphertext":"$ct_v2","aad":["deployment-1"]}
  200
  keyVersion={id:$v2} plaintext=c2VjcmV0LWRlay0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE=
  ~ kms.secrets.unwrap success normal 200 by alice

# Rotation policies: root keys only, 1 to 12 months; they rotate the key on the clock.
alice PUT /keys/$std/policies?policy=rotation [{"type":"application/vnd.ibm.kms.policy+json","rotation":{"interval_month":1}}]
  400 KEY_ROOT_REQ_ERR: Requested action can only be completed with a root key.
  ~ kms.policies.write failure warning 400 by alice
alice PUT /keys/$gen/policies?policy=rotation [{"type":"application/vnd.ibm.kms.policy+json","rotation":{"interval_month":13}}]
  400 INVALID_FIELD_ERR: The field 'rotation.interval_month' must be: an integer from 1 to 12 [field rotation.interval_month]
  ~ kms.policies.write failure warning 400 by alice
alice PUT /keys/$gen/policies?policy=rotation [{"type":"application/vnd.ibm.kms.policy+json","rotation":{"enabled":true,"interval_month":1}}]
  200
  rotation={enabled:true,interval_month:1} creationDate=2026-01-01T01:00:00Z
  ~ kms.policies.write success warning 200 by alice
alice PUT /keys/$gen/policies?policy=dualAuthDelete [{"type":"application/vnd.ibm.kms.policy+json","rotation":{"interval_month":1}}]
  400 BODY_QUERY_PARAM_MISMATCH_ERR: Data in body does not match data required by query parameter
  ~ kms.policies.write failure warning 400 by alice
alice GET /keys/$gen/policies?policy=rotation
  200
  rotation={enabled:true,interval_month:1} creationDate=2026-01-01T01:00:00Z
  ~ kms.policies.read success normal 200 by alice
advance 31d
  now 2026-02-01T01:00:00Z
  ~ kms.secrets.rotate success warning 200 by Key Protect
advance 31d
  now 2026-03-04T01:00:00Z
  ~ kms.secrets.rotate success warning 200 by Key Protect
alice GET /keys/$gen/versions
  200
  id=d30202c5-1dcb-4996-a229-9799b399689f creationDate=2026-03-01T00:00:00Z
  id=b93c9458-c878-46b4-8405-64f8e60f1b82 creationDate=2026-02-01T00:00:00Z
  id=$v2 creationDate=2026-01-01T00:00:00Z
  id=$gen creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-key-versions.list success normal 200 by alice
# A disabled key is skipped by its policy, which tries again an interval later.
alice POST /keys/$gen/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
advance 31d
  now 2026-04-04T01:00:00Z
alice GET /keys/$gen/metadata
  200
  id=$gen name=generated state=2 extractable=false imported=false lastRotateDate=2026-03-01T00:00:00Z keyVersion=d30202c5-1dcb-4996-a229-9799b399689f dualAuthDelete={enabled:false} deleted=false rotation={enabled:true,interval_month:1} creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice
