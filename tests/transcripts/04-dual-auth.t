# Dual authorization delete: one user authorizes (setKeyForDeletion, valid 7 days), a different
# Manager deletes. Policies are read and written by Managers.

alice POST /keys [{"name":"guarded"}] -> $guarded
  201
  id=$guarded name=guarded state=1 extractable=false imported=false keyVersion=$guarded dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"plain"}] -> $plain
  201
  id=$plain name=plain state=1 extractable=false imported=false keyVersion=$plain dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice

# Without the policy there is nothing to set or unset.
carol POST /keys/$plain/actions/setKeyForDeletion
  409 NOT_DUAL_AUTH_ERR: The key is not dual auth enabled and cannot be set for deletion
  ~ kms.secrets.setkeyfordeletion failure warning 409 by carol
carol POST /keys/$plain/actions/unsetKeyForDeletion
  409 NOT_DUAL_AUTH_ERR: The key is not dual auth enabled and cannot be set for deletion
  ~ kms.secrets.unsetkeyfordeletion failure warning 409 by carol

# Policies need Manager; carol is a Writer.
carol PUT /keys/$guarded/policies?policy=dualAuthDelete [{"type":"application/vnd.ibm.kms.policy+json","dualAuthDelete":{"enabled":true}}]
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.policies.write failure critical 401 by carol
alice PUT /keys/$guarded/policies?policy=dualAuthDelete [{"type":"application/vnd.ibm.kms.policy+json","dualAuthDelete":{"enabled":true}}]
  200
  dualAuthDelete={enabled:true} creationDate=2026-01-01T00:00:00Z
  ~ kms.policies.write success warning 200 by alice
alice GET /keys/$guarded/policies
  200
  dualAuthDelete={enabled:true} creationDate=2026-01-01T00:00:00Z
  ~ kms.policies.read success normal 200 by alice

# No authorization yet: the delete is refused.
alice DELETE /keys/$guarded
  409 AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met
  ~ kms.secrets.delete failure warning 409 by alice

# alice authorizes; alice herself still cannot delete, bob (a second Manager) can.
alice POST /keys/$guarded/actions/setKeyForDeletion
  204
  ~ kms.secrets.setkeyfordeletion success warning 204 by alice
alice GET /keys/$guarded/metadata
  200
  id=$guarded name=guarded state=1 extractable=false imported=false keyVersion=$guarded dualAuthDelete={authExpiration:2026-01-08T00:00:00Z,enabled:true,keySetForDeletion:true} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice
alice DELETE /keys/$guarded
  409 AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met
  ~ kms.secrets.delete failure warning 409 by alice
carol POST /keys/$guarded/actions/unsetKeyForDeletion
  204
  ~ kms.secrets.unsetkeyfordeletion success warning 204 by carol
alice POST /keys/$guarded/actions/setKeyForDeletion
  204
  ~ kms.secrets.setkeyfordeletion success warning 204 by alice

# The authorization lapses after 7 days.
advance 7d
  now 2026-01-08T00:00:00Z
bob DELETE /keys/$guarded
  409 AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met
  ~ kms.secrets.delete failure warning 409 by bob
carol POST /keys/$guarded/actions/setKeyForDeletion
  204
  ~ kms.secrets.setkeyfordeletion success warning 204 by carol
bob DELETE /keys/$guarded
  204
  ~ kms.secrets.delete success critical 200 by bob
alice GET /keys/$guarded/metadata
  200
  id=$guarded name=guarded state=5 extractable=false imported=false keyVersion=$guarded dualAuthDelete={enabled:true,keySetForDeletion:false} deleted=true deletionDate=2026-01-08T00:00:00Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice

# The instance policy gives every new key dual authorization.
bob GET /instance/policies
  200
  ~ kms.instance-policies.read success normal 200 by bob
bob PUT /instance/policies?policy=dualAuthDelete [{"policy_type":"dualAuthDelete","policy_data":{"enabled":true}}]
  204
  ~ kms.instance-policies.write success warning 204 by bob
bob GET /instance/policies
  200
  policy_type=dualAuthDelete policy_data={enabled:true} creationDate=2026-01-08T00:00:00Z
  ~ kms.instance-policies.read success normal 200 by bob
alice POST /keys [{"name":"born-guarded"}] -> $born
  201
  id=$born name=born-guarded state=1 extractable=false imported=false keyVersion=$born dualAuthDelete={enabled:true,keySetForDeletion:false} deleted=false creationDate=2026-01-08T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice DELETE /keys/$born
  409 AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met
  ~ kms.secrets.delete failure warning 409 by alice
alice POST /keys/$born/actions/setKeyForDeletion
  204
  ~ kms.secrets.setkeyfordeletion success warning 204 by alice
bob DELETE /keys/$born
  204
  ~ kms.secrets.delete success critical 200 by bob
bob PUT /instance/policies?policy=allowedNetwork [{"policy_type":"allowedNetwork","policy_data":{"enabled":true}}]
  400 INVALID_QUERY_PARAM_ERR: The query_param 'policy' must be: dualAuthDelete (the sandbox models that instance policy only) [query_param policy]
  ~ kms.instance-policies.write failure warning 400 by bob
