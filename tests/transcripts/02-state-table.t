# Every row of the state table: which actions each key state allows, and the refusal otherwise.
# One root key per state: Active, Suspended (disabled), Deactivated (expired), Destroyed (deleted).

alice POST /keys [{"name":"active"}] -> $active
  201
  id=$active name=active state=1 extractable=false imported=false keyVersion=$active dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"suspended"}] -> $suspended
  201
  id=$suspended name=suspended state=1 extractable=false imported=false keyVersion=$suspended dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"deactivated","expirationDate":"2026-01-01T02:00:00Z"}] -> $deactivated
  201
  id=$deactivated name=deactivated state=1 extractable=false imported=false expirationDate=2026-01-01T02:00:00Z keyVersion=$deactivated dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"destroyed"}] -> $destroyed
  201
  id=$destroyed name=destroyed state=1 extractable=false imported=false keyVersion=$destroyed dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys/$active/actions/wrap {"plaintext":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}
  200
  keyVersion={id:$active} ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by alice
let $ct_active = /ciphertext
alice POST /keys/$suspended/actions/wrap {"plaintext":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}
  200
  keyVersion={id:$suspended} ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by alice
let $ct_suspended = /ciphertext
alice POST /keys/$deactivated/actions/wrap {"plaintext":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}
  200
  keyVersion={id:$deactivated} ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by alice
let $ct_deactivated = /ciphertext
alice POST /keys/$destroyed/actions/wrap {"plaintext":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}
  200
  keyVersion={id:$destroyed} ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by alice
let $ct_destroyed = /ciphertext
alice POST /keys/$suspended/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
alice DELETE /keys/$destroyed
  204
  ~ kms.secrets.delete success critical 200 by alice
# The expiration date passes on the clock: Active -> Deactivated, logged by Key Protect itself.
advance 2h
  now 2026-01-01T02:00:00Z
  ~ kms.secrets.expire success normal 200 by Key Protect

# get / metadata: every state.
alice GET /keys/$active/metadata
  200
  id=$active name=active state=1 extractable=false imported=false keyVersion=$active dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice
alice GET /keys/$suspended/metadata
  200
  id=$suspended name=suspended state=2 extractable=false imported=false keyVersion=$suspended dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice
alice GET /keys/$deactivated/metadata
  200
  id=$deactivated name=deactivated state=3 extractable=false imported=false expirationDate=2026-01-01T02:00:00Z keyVersion=$deactivated dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice
alice GET /keys/$destroyed/metadata
  200
  id=$destroyed name=destroyed state=5 extractable=false imported=false keyVersion=$destroyed dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T00:00:00Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice

# list (default): all but Destroyed; state=5 asks for destroyed keys.
alice GET /keys
  200
  id=$active name=active state=1 extractable=false imported=false keyVersion=$active dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$suspended name=suspended state=2 extractable=false imported=false keyVersion=$suspended dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$deactivated name=deactivated state=3 extractable=false imported=false expirationDate=2026-01-01T02:00:00Z keyVersion=$deactivated dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?state=5
  200
  id=$destroyed name=destroyed state=5 extractable=false imported=false keyVersion=$destroyed dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T00:00:00Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?state=1,2,3,5
  200
  id=$active name=active state=1 extractable=false imported=false keyVersion=$active dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$suspended name=suspended state=2 extractable=false imported=false keyVersion=$suspended dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$deactivated name=deactivated state=3 extractable=false imported=false expirationDate=2026-01-01T02:00:00Z keyVersion=$deactivated dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$destroyed name=destroyed state=5 extractable=false imported=false keyVersion=$destroyed dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T00:00:00Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice

# rotate: Active and Deactivated yes; Suspended no; Destroyed gone.
alice POST /keys/$active/actions/rotate
  204
  ~ kms.secrets.rotate success warning 204 by alice
alice POST /keys/$suspended/actions/rotate
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.rotate failure warning 409 by alice
alice POST /keys/$deactivated/actions/rotate
  204
  ~ kms.secrets.rotate success warning 204 by alice
alice POST /keys/$destroyed/actions/rotate
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.rotate failure normal 410 by alice

# wrap: Active only.
alice POST /keys/$active/actions/wrap
  200
  keyVersion={id:b93c9458-c878-46b4-8405-64f8e60f1b82} plaintext=i3w25nUWxP+FOkEuhdu1nD4LgRzURTogXbvchg2y7EQ= ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by alice
alice POST /keys/$suspended/actions/wrap
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.wrap failure warning 409 by alice
alice POST /keys/$deactivated/actions/wrap
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.wrap failure warning 409 by alice
alice POST /keys/$destroyed/actions/wrap
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.wrap failure normal 410 by alice

# unwrap / rewrap: Active and Deactivated.
alice POST /keys/$active/actions/unwrap {"ciphertext":"$ct_active"}
  200
  keyVersion={id:$active} plaintext=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= rewrappedKeyVersion={id:b93c9458-c878-46b4-8405-64f8e60f1b82} ciphertext=<228 chars>
  ~ kms.secrets.unwrap success normal 200 by alice
alice POST /keys/$suspended/actions/unwrap {"ciphertext":"$ct_suspended"}
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.unwrap failure warning 409 by alice
alice POST /keys/$deactivated/actions/unwrap {"ciphertext":"$ct_deactivated"}
  200
  keyVersion={id:$deactivated} plaintext=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
  ~ kms.secrets.unwrap success normal 200 by alice
alice POST /keys/$destroyed/actions/unwrap {"ciphertext":"$ct_destroyed"}
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.unwrap failure normal 410 by alice
alice POST /keys/$active/actions/rewrap {"ciphertext":"$ct_active"}
  200
  keyVersion={id:$active} rewrappedKeyVersion={id:b93c9458-c878-46b4-8405-64f8e60f1b82} ciphertext=<228 chars>
  ~ kms.secrets.rewrap success normal 200 by alice
alice POST /keys/$suspended/actions/rewrap {"ciphertext":"$ct_suspended"}
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.rewrap failure warning 409 by alice
alice POST /keys/$deactivated/actions/rewrap {"ciphertext":"$ct_deactivated"}
  200
  keyVersion={id:$deactivated} rewrappedKeyVersion={id:991f80a2-801a-41b3-b90b-5ee1abb3fc8f} ciphertext=<228 chars>
  ~ kms.secrets.rewrap success normal 200 by alice
alice POST /keys/$destroyed/actions/rewrap {"ciphertext":"$ct_destroyed"}
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.rewrap failure normal 410 by alice

# disable: Active only.
alice POST /keys/$active/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
alice POST /keys/$suspended/actions/disable
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.disable failure warning 409 by alice
alice POST /keys/$deactivated/actions/disable
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.disable failure warning 409 by alice
alice POST /keys/$destroyed/actions/disable
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.disable failure normal 410 by alice

# enable: Suspended only, and not within 30 s of the previous state change ($active was disabled
# just above, so enabling it must wait; $suspended was disabled two hours ago).
alice POST /keys/$active/actions/enable
  409 REQ_TOO_EARLY_ERR: The key was updated recently: Please wait and try again
  ~ kms.secrets.enable failure warning 409 by alice
alice POST /keys/$deactivated/actions/enable
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.enable failure warning 409 by alice
alice POST /keys/$destroyed/actions/enable
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.enable failure normal 410 by alice
alice POST /keys/$suspended/actions/enable
  204
  ~ kms.secrets.enable success warning 204 by alice
advance 30s
  now 2026-01-01T02:00:30Z
alice POST /keys/$suspended/actions/enable
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.enable failure warning 409 by alice
alice POST /keys/$active/actions/enable
  204
  ~ kms.secrets.enable success warning 204 by alice

# restore: Destroyed only.
alice POST /keys/$suspended/restore
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.restore failure warning 409 by alice
alice POST /keys/$deactivated/restore
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.restore failure warning 409 by alice
alice POST /keys/$destroyed/restore
  201
  id=$destroyed name=destroyed state=1 extractable=false imported=false keyVersion=$destroyed dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.restore success warning 201 by alice

# delete: every state but Destroyed, which is gone (410).
alice DELETE /keys/$destroyed
  204
  ~ kms.secrets.delete success critical 200 by alice
alice DELETE /keys/$active
  204
  ~ kms.secrets.delete success critical 200 by alice
alice DELETE /keys/$suspended
  204
  ~ kms.secrets.delete success critical 200 by alice
alice DELETE /keys/$deactivated
  204
  ~ kms.secrets.delete success critical 200 by alice
alice GET /keys?state=5
  200
  id=$active name=active state=5 extractable=false imported=false lastRotateDate=2026-01-01T02:00:00Z keyVersion=b93c9458-c878-46b4-8405-64f8e60f1b82 dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T02:00:30Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  id=$suspended name=suspended state=5 extractable=false imported=false keyVersion=$suspended dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T02:00:30Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  id=$deactivated name=deactivated state=5 extractable=false imported=false expirationDate=2026-01-01T02:00:00Z lastRotateDate=2026-01-01T02:00:00Z keyVersion=991f80a2-801a-41b3-b90b-5ee1abb3fc8f dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T02:00:30Z restoreAllowed=false purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  id=$destroyed name=destroyed state=5 extractable=false imported=false keyVersion=$destroyed dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T02:00:30Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
