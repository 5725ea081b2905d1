# Deleting keys that protect resources, force (cryptoshredding), preventKeyDeletion, and the
# timeline after a deletion: purge from 4 h with KeyPurge, restore within 30 days, purge at 90 days.

alice POST /keys [{"name":"db-root"}] -> $db
  201
  id=$db name=db-root state=1 extractable=false imported=false keyVersion=$db dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"retained-root"}] -> $retained
  201
  id=$retained name=retained-root state=1 extractable=false imported=false keyVersion=$retained dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"spare-root"}] -> $spare
  201
  id=$spare name=spare-root state=1 extractable=false imported=false keyVersion=$spare dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice

# Only a service registers resources; a user gets SERVICE_ONLY_ERR.
alice POST /keys/$db/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-postgresql%3Aus-south%3Aa%2F$account%3Adep-1%3A%3A
  403 SERVICE_ONLY_ERR: This action can only be done by a service (service to service)
  ~ kms.registrations.create failure critical 403 by alice
service POST /keys/$db/registrations/crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-postgresql%3Aus-south%3Aa%2F$account%3Adep-1%3A%3A [{"preventKeyDeletion":false,"description":"Databases for PostgreSQL deployment dep-1"}]
  201
  keyId=$db keyVersion=$db resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.create success normal 201 by sandbox-resources
service POST /keys/$retained/registrations/crn%3Av1%3Abluemix%3Apublic%3Acloud-object-storage%3Aglobal%3Aa%2F$account%3Acos-1%3Abucket%3Aaudit-logs [{"preventKeyDeletion":true}]
  201
  keyId=$retained keyVersion=$retained resourceCrn=crn:v1:bluemix:public:cloud-object-storage:global:a/$account:cos-1:bucket:audit-logs preventKeyDeletion=true creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.create success normal 201 by sandbox-resources
service POST /keys/$spare/registrations/not-a-crn
  400 INVALID_FIELD_ERR: The field 'urlEncodedResourceCRN' must be: a resource CRN: 'not-a-crn' is not a valid CRN: it has 1 segments separated by ':', a CRN has 10 (crn:v1:bluemix:public:<service>:<region>:a/<account>:<instance>:<type>:<resource>) [field urlEncodedResourceCRN]
  ~ kms.registrations.create failure warning 400 by sandbox-resources
alice GET /keys/registrations
  200
  keyId=$retained keyVersion=$retained resourceCrn=crn:v1:bluemix:public:cloud-object-storage:global:a/$account:cos-1:bucket:audit-logs preventKeyDeletion=true creationDate=2026-01-01T00:00:00Z
  keyId=$db keyVersion=$db resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice GET /keys/$db/registrations
  200
  keyId=$db keyVersion=$db resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice GET /keys/registrations?urlEncodedResourceCRNQuery=crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-postgresql%3A*%3A*%3A*%3A*%3A*
  200
  keyId=$db keyVersion=$db resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice GET /keys/registrations?preventKeyDeletion=true
  200
  keyId=$retained keyVersion=$retained resourceCrn=crn:v1:bluemix:public:cloud-object-storage:global:a/$account:cos-1:bucket:audit-logs preventKeyDeletion=true creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice

# A key protecting a resource refuses a plain delete; a retention policy refuses even force.
alice DELETE /keys/$db
  409 PROTECTED_RESOURCE_ERR: Key is protecting one or more cloud resources
  ~ kms.secrets.delete failure warning 409 by alice
alice DELETE /keys/$retained
  409 PREV_KEY_DEL_ERR: The key cannot be deleted because it's protecting a cloud resource that has a retention policy: Before you delete this key, contact an account owner to remove the retention policy on each resource that is associated with the key
  ~ kms.secrets.delete failure warning 409 by alice
alice DELETE /keys/$retained?force=true
  409 PREV_KEY_DEL_ERR: The key cannot be deleted because it's protecting a cloud resource that has a retention policy: Before you delete this key, contact an account owner to remove the retention policy on each resource that is associated with the key
  ~ kms.secrets.delete failure warning 409 by alice

# Deleting needs Manager: carol is a Writer.
carol DELETE /keys/$db?force=true
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.delete failure critical 401 by carol

# Force deletes past the registration (cryptoshredding); the registration stays readable.
!alice DELETE /keys/$db?force=true +prefer=return=representation
  200
  {
    "metadata": {
      "collectionTotal": 1,
      "collectionType": "application/vnd.ibm.kms.key+json"
    },
    "resources": [
      {
        "algorithmMetadata": {
          "bitLength": "256",
          "mode": "GCM"
        },
        "algorithmType": "AES",
        "createdBy": "IBMid-14452A0856",
        "creationDate": "2026-01-01T00:00:00Z",
        "crn": "crn:v1:bluemix:public:kms:us-south:a/$account:$instance:key:$db",
        "deleted": true,
        "deletedBy": "IBMid-14452A0856",
        "deletionDate": "2026-01-01T00:00:00Z",
        "dualAuthDelete": {
          "enabled": false
        },
        "extractable": false,
        "id": "$db",
        "imported": false,
        "keyRingID": "default",
        "keyVersion": {
          "creationDate": "2026-01-01T00:00:00Z",
          "id": "$db"
        },
        "lastUpdateDate": "2026-01-01T00:00:00Z",
        "name": "db-root",
        "purgeAllowed": false,
        "purgeAllowedFrom": "2026-01-01T04:00:00Z",
        "purgeScheduledOn": "2026-04-01T00:00:00Z",
        "restoreAllowed": true,
        "restoreExpirationDate": "2026-01-31T00:00:00Z",
        "state": 5,
        "type": "application/vnd.ibm.kms.key+json"
      }
    ]
  }
  ~ kms.secrets.delete success critical 200 by alice
alice GET /keys/$db/registrations
  200
  keyId=$db keyVersion=$db resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:dep-1:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice DELETE /keys/$db
  410 KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key.
  ~ kms.secrets.delete failure normal 410 by alice

# Purge: nobody holds KeyPurge until it is granted; then it waits 4 hours after the deletion.
alice DELETE /keys/$db/purge
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.purge failure critical 401 by alice
roles alice Manager,KeyPurge
  ok
  ~ iam-am.policy.update success normal 204 by alice
alice DELETE /keys/$db/purge
  409 REQ_TOO_EARLY_ERR: The key was updated recently: Please wait and try again: Purge operation is allowed 4h0m0s after key is deleted
  ~ kms.secrets.purge failure warning 409 by alice
alice DELETE /keys/$spare/purge
  409 KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state
  ~ kms.secrets.purge failure warning 409 by alice
advance 4h
  now 2026-01-01T04:00:00Z
  ~ kms.secrets.endtoenddelete failure normal 408 by Key Protect
alice GET /keys/$db/metadata
  200
  id=$db name=db-root state=5 extractable=false imported=false keyVersion=$db dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T00:00:00Z restoreAllowed=true purgeAllowed=true creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice

# Restore within 30 days brings the key back Active, with its material.
alice DELETE /keys/$spare
  204
  ~ kms.secrets.delete success critical 200 by alice
alice POST /keys/$spare/restore
  409 REQ_TOO_EARLY_ERR: The key was updated recently: Please wait and try again
  ~ kms.secrets.restore failure warning 409 by alice
advance 30s
  now 2026-01-01T04:00:30Z
alice POST /keys/$spare/restore
  201
  id=$spare name=spare-root state=1 extractable=false imported=false keyVersion=$spare dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.restore success warning 201 by alice
alice DELETE /keys/$spare
  204
  ~ kms.secrets.delete success critical 200 by alice

# Past 30 days restore has expired; purge is still allowed.
advance 30d
  now 2026-01-31T04:00:30Z
alice POST /keys/$spare/restore
  400 KEY_RESTORE_EXPIRED: Key restoration has expired
  ~ kms.secrets.restore failure warning 400 by alice
alice GET /keys/$spare/metadata
  200
  id=$spare name=spare-root state=5 extractable=false imported=false keyVersion=$spare dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T04:00:30Z restoreAllowed=false purgeAllowed=true creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice
alice DELETE /keys/$spare/purge
  200
  id=$spare name=spare-root state=5 extractable=false imported=false keyVersion=$spare dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T04:00:30Z restoreAllowed=false purgeAllowed=true creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.purge success normal 200 by alice
alice GET /keys/$spare/metadata
  404 KEY_NOT_FOUND_ERR: key does not exist
  ~ kms.secrets-metadata.read failure normal 404 by alice

# At 90 days Key Protect purges the deleted key by itself; afterwards every call is 404, and its
# registrations are gone.
advance 60d
  now 2026-04-01T04:00:30Z
  ~ kms.secrets.purge success normal 200 by Key Protect
alice GET /keys/$db/metadata
  404 KEY_NOT_FOUND_ERR: key does not exist
  ~ kms.secrets-metadata.read failure normal 404 by alice
alice POST /keys/$db/actions/unwrap {"ciphertext":"AAAA"}
  404 KEY_NOT_FOUND_ERR: key does not exist
  ~ kms.secrets.unwrap failure normal 404 by alice
alice GET /keys/registrations
  200
  keyId=$retained keyVersion=$retained resourceCrn=crn:v1:bluemix:public:cloud-object-storage:global:a/$account:cos-1:bucket:audit-logs preventKeyDeletion=true creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
