# A deployment follows its key: disable and enable reach it after the propagation delay, rotation
# runs a "syncing KMS state" task that rewraps the DEK, a lost authorization locks it the next time
# it needs its DEK, and a backup key's destruction makes backups unreadable.

alice POST /keys [{"name":"disk-key"}] -> $disk
  201
  id=$disk name=disk-key state=1 extractable=false imported=false keyVersion=$disk dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $diskcrn = /resources/0/crn
alice POST /keys [{"name":"backup-key"}] -> $bkey
  201
  id=$bkey name=backup-key state=1 extractable=false imported=false keyVersion=$bkey dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $bkeycrn = /resources/0/crn
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mongodb"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"},{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"},{"name":"serviceInstance","value":"$instance"}]}]} -> $policy
  201
  {"id":"$policy","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"},{"description":"As an authorization delegator, the source service can delegate its access to other services.","display_name":"AuthorizationDelegator","role_id":"crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-mongodb"}]}]}
  ~ iam-am.policy.create success normal 201 by alice
alice POST /v2/resource_instances {"name":"docs","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-mongodb-standard","parameters":{"disk_encryption_key_crn":"$diskcrn","backup_encryption_key_crn":"$bkeycrn"}} -> $db
  201
  {"crn":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","guid":"$db","id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","last_operation":{"async":true,"description":"Provisioning deployment (0%)","state":"in progress","type":"create"},"name":"docs","parameters":{"backup_encryption_key_crn":"$bkeycrn","disk_encryption_key_crn":"$diskcrn"},"region_id":"us-south","resource_id":"databases-for-mongodb","resource_plan_id":"databases-for-mongodb-standard","sandbox":{"cryptoshredded":false,"key_version":"$disk","tasks":[{"created_at":"2026-01-01T00:00:00Z","deployment_id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","description":"Provisioning deployment","id":"fafb32b2-92cb-49f3-a146-8ae618d0616b","progress_percent":0,"status":"running"}]},"state":"provisioning"}
  ~ kms.secrets.wrap success normal 200 by databases-for-mongodb
  ~ kms.registrations.create success normal 201 by databases-for-mongodb
  ~ kms.registrations.create success normal 201 by databases-for-mongodb
  ~ databases-for-mongodb.instance.create pending normal 201 by alice
advance 30m
  now 2026-01-01T00:30:00Z
  ~ kms.secrets.unwrap success normal 200 by databases-for-mongodb
  ~ databases-for-mongodb.instance.create success normal 200 by databases-for-mongodb
carol PUT /sandbox/v1/deployments/$db/tables/users/records/u1 {"value":"{\"name\":\"Ada\"}"}
  200
  {"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}
  ~ databases-for-mongodb.deployment-record.create success normal 200 by carol
dave PUT /sandbox/v1/deployments/$db/tables/users/records/u2 {"value":"{\"name\":\"Grace\"}"}
  403 insufficent_permissions: dave cannot write data: that needs the Operator role (has Viewer)
  ~ databases-for-mongodb.deployment-record.create failure critical 403 by dave

# Disable: after 5 minutes the deployment is disabled; enable brings it back.
alice POST /keys/$disk/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
advance 4m
  now 2026-01-01T00:34:00Z
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  200
  {"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}
  ~ databases-for-mongodb.deployment-record.read success normal 200 by carol
advance 1m
  now 2026-01-01T00:35:00Z
  ~ databases-for-mongodb.deployment-volumes.update success normal 200 by databases-for-mongodb
  ~ kms.secrets.ack-disable success normal 200 by databases-for-mongodb
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  409 DEPLOYMENT_DISABLED: Deployment docs is disabled: its root key is suspended, so its disks are locked
  hint: Enable the key; the deployment unlocks its disks once the event reaches it.
  ~ databases-for-mongodb.deployment-record.read failure warning 409 by carol
alice GET /v2/resource_instances/$db
  200
  {"crn":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","guid":"$db","id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","last_operation":{"async":true,"description":"Completed create instance operation","state":"succeeded","type":"create"},"name":"docs","parameters":{"backup_encryption_key_crn":"$bkeycrn","disk_encryption_key_crn":"$diskcrn"},"region_id":"us-south","resource_id":"databases-for-mongodb","resource_plan_id":"databases-for-mongodb-standard","sandbox":{"cryptoshredded":false,"disabled_reason":"key_suspended","key_version":"$disk","tasks":[]},"state":"inactive"}
  ~ databases-for-mongodb.instance.read success normal 200 by alice
advance 30s
  now 2026-01-01T00:35:30Z
alice POST /keys/$disk/actions/enable
  204
  ~ kms.secrets.enable success warning 204 by alice
advance 5m
  now 2026-01-01T00:40:30Z
  ~ kms.secrets.unwrap success normal 200 by databases-for-mongodb
  ~ databases-for-mongodb.deployment-volumes.update success normal 200 by databases-for-mongodb
  ~ kms.secrets.ack-enable success normal 200 by databases-for-mongodb
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  200
  {"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}
  ~ databases-for-mongodb.deployment-record.read success normal 200 by carol

# Rotate: the sync task rewraps the DEK under the new version and updates the registration.
alice POST /keys/$disk/actions/rotate
  204
  ~ kms.secrets.rotate success warning 204 by alice
advance 5m
  now 2026-01-01T00:45:30Z
alice GET /v5/ibm/deployments/$db/tasks
  200
  {"deployment_id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","description":"Syncing KMS state","id":"dcbfe140-5b7e-453c-a254-9be6960e3d3c","progress_percent":0,"status":"running"}
  ~ databases-for-mongodb.deployment-task.list success normal 200 by alice
advance 10m
  now 2026-01-01T00:55:30Z
  ~ kms.secrets.rewrap success normal 200 by databases-for-mongodb
  ~ kms.registrations.create success normal 201 by databases-for-mongodb
  ~ databases-for-mongodb.deployment-volumes.update success normal 200 by databases-for-mongodb
  ~ kms.secrets.ack-rotate success normal 200 by databases-for-mongodb
alice GET /keys/$disk/versions
  200
  id=3e0b811c-d445-4a20-9dbb-dc860db2ec44 creationDate=2026-01-01T00:40:30Z
  id=$disk creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-key-versions.list success normal 200 by alice
alice GET /keys/$disk/registrations
  200
  keyId=$disk keyVersion=3e0b811c-d445-4a20-9dbb-dc860db2ec44 resourceCrn=crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
carol GET /sandbox/v1/deployments/$db/tables/users/records/u2
  404 RECORD_NOT_FOUND: Table 'users' of deployment docs has no record 'u2'
  ~ databases-for-mongodb.deployment-record.read failure normal 404 by carol

# A backup is encrypted under its own DEK, wrapped by the backup key.
carol POST /v5/ibm/deployments/$db/backups
  202
  {"deployment_id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","description":"Creating an on-demand backup","id":"8150e39c-e39b-4af3-9d7f-ad9e38ec63e9","progress_percent":100,"status":"completed"}
  ~ kms.secrets.unwrap success normal 200 by databases-for-mongodb
  ~ kms.secrets.wrap success normal 200 by databases-for-mongodb
  ~ databases-for-mongodb.deployment-backup.create success normal 200 by carol
alice GET /v5/ibm/deployments/$db/backups
  200
  {"deployment_id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","id":"8150e39c-e39b-4af3-9d7f-ad9e38ec63e9","is_downloadable":true,"is_restorable":true,"key_crn":"$bkeycrn","records":1,"status":"completed"}
  ~ databases-for-mongodb.deployment-backup.list success normal 200 by alice
let $backup = /backups/0/id
carol GET /sandbox/v1/deployments/$db/backups/$backup
  200
  {"contents":[{"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}],"deployment_id":"crn:v1:bluemix:public:databases-for-mongodb:us-south:a/$account:$db::","id":"$backup","is_downloadable":true,"is_restorable":true,"key_crn":"$bkeycrn","records":1,"status":"completed"}
  ~ kms.secrets.unwrap success normal 200 by databases-for-mongodb
  ~ databases-for-mongodb.deployment-backup.read success normal 200 by carol

# Removing the authorization: nothing changes until the deployment needs its DEK again.
alice DELETE /v1/policies/$policy
  204
  ~ iam-am.policy.delete success normal 204 by alice
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  200
  {"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}
  ~ databases-for-mongodb.deployment-record.read success normal 200 by carol
carol POST /sandbox/v1/deployments/$db/restart
  409 DEPLOYMENT_DISABLED: Deployment docs is disabled: the service cannot unwrap its data encryption key
  hint: No IAM authorization lets databases-for-mongodb use Key Protect instance $instance with the Reader role. Create one: ibmcloud iam authorization-policy-create databases-for-mongodb kms Reader --target-service-instance-id $instance
  ~ kms.secrets.unwrap failure critical 401 by databases-for-mongodb
  ~ databases-for-mongodb.deployment.update failure warning 409 by carol
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  409 DEPLOYMENT_DISABLED: Deployment docs is disabled: the service cannot unwrap its data encryption key
  hint: No IAM authorization lets databases-for-mongodb use Key Protect instance $instance with the Reader role. Create one: ibmcloud iam authorization-policy-create databases-for-mongodb kms Reader --target-service-instance-id $instance
  ~ databases-for-mongodb.deployment-record.read failure warning 409 by carol
# Granting it again unlocks the deployment.
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mongodb"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"},{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"},{"name":"serviceInstance","value":"$instance"}]}]}
  201
  {"id":"f5d70526-efd0-4314-b2a3-f573fa53aecf","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"},{"description":"As an authorization delegator, the source service can delegate its access to other services.","display_name":"AuthorizationDelegator","role_id":"crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-mongodb"}]}]}
  ~ iam-am.policy.create success normal 201 by alice
  ~ kms.secrets.unwrap success normal 200 by databases-for-mongodb
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  200
  {"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}
  ~ databases-for-mongodb.deployment-record.read success normal 200 by carol

# Destroying the backup key: the deployment runs on, its backups can no longer be read.
alice DELETE /keys/$bkey?force=true
  204
  ~ kms.secrets.delete success critical 200 by alice
advance 5m
  now 2026-01-01T01:00:30Z
  ~ databases-for-mongodb.deployment-volumes.update success normal 200 by databases-for-mongodb
  ~ kms.secrets.ack-delete success normal 200 by databases-for-mongodb
  ~ kms.secrets.endtoenddelete success normal 200 by Key Protect
carol GET /sandbox/v1/deployments/$db/backups/$backup
  409 BACKUP_UNREADABLE: Backup $backup cannot be read: its key $bkeycrn could not unwrap the backup's key (410 KEY_DELETED_ERR)
  ~ kms.secrets.unwrap failure normal 410 by databases-for-mongodb
  ~ databases-for-mongodb.deployment-backup.read failure warning 409 by carol
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  200
  {"id":"u1","table":"users","value":"{\"name\":\"Ada\"}"}
  ~ databases-for-mongodb.deployment-record.read success normal 200 by carol

# A zero propagation delay: events reach the deployment at once (on the next clock step).
alice PUT /sandbox/v1/settings {"propagationDelay":"0s"}
  200
  {"propagationDelay":"0s","provisioningTime":"30m","reclamationPeriod":"9d"}
  ~ sandbox.settings.update success normal 204 by alice
alice POST /keys/$disk/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
advance 0s
  now 2026-01-01T01:00:30Z
  ~ databases-for-mongodb.deployment-volumes.update success normal 200 by databases-for-mongodb
  ~ kms.secrets.ack-disable success normal 200 by databases-for-mongodb
carol GET /sandbox/v1/deployments/$db/tables/users/records/u1
  409 DEPLOYMENT_DISABLED: Deployment docs is disabled: its root key is suspended, so its disks are locked
  hint: Enable the key; the deployment unlocks its disks once the event reaches it.
  ~ databases-for-mongodb.deployment-record.read failure warning 409 by carol
