# The documentation's path, step by step: a root key in Key Protect, the service authorization,
# a Databases for PostgreSQL deployment provisioned with the key's CRN, data written, the
# deployment deleted (soft), the key's deletion refused, then forced: the deployment is
# cryptoshredded, its data unreadable while its metadata stays visible.

# 1. The sandbox starts with a Key Protect instance ($instance). Create a root key in it.
alice POST /keys [{"type":"application/vnd.ibm.kms.key+json","name":"pg-root-key","extractable":false}] -> $key
  201
  id=$key name=pg-root-key state=1 extractable=false imported=false keyVersion=$key dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $keycrn = /resources/0/crn

# 2. Authorize Databases for PostgreSQL to read keys in this Key Protect instance (Reader).
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-postgresql"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}]} -> $policy
  201
  {"id":"$policy","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-postgresql"}]}]}
  ~ iam-am.policy.create success normal 201 by alice

# 3. Provision the deployment with the key's CRN. The service wraps a fresh DEK with the root key
#    and registers the deployment on the key; provisioning takes 30 simulated minutes.
alice POST /v2/resource_instances {"name":"orders-db","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-postgresql-standard","parameters":{"disk_encryption_key_crn":"$keycrn"}} -> $db
  201
  {"crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","guid":"$db","id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","last_operation":{"async":true,"description":"Provisioning deployment (0%)","state":"in progress","type":"create"},"name":"orders-db","parameters":{"disk_encryption_key_crn":"$keycrn"},"region_id":"us-south","resource_id":"databases-for-postgresql","resource_plan_id":"databases-for-postgresql-standard","sandbox":{"cryptoshredded":false,"key_version":"$key","tasks":[{"created_at":"2026-01-01T00:00:00Z","deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","description":"Provisioning deployment","id":"347c4fc6-4271-4215-b7b8-5d07c0ccd304","progress_percent":0,"status":"running"}]},"state":"provisioning"}
  ~ kms.secrets.wrap success normal 200 by databases-for-postgresql
  ~ kms.registrations.create success normal 201 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create pending normal 201 by alice
alice GET /keys/$key/registrations
  200
  keyId=$key keyVersion=$key resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice
alice PUT /sandbox/v1/deployments/$db/tables/orders/records/1001 {"value":"2 x espresso machine"}
  409 DEPLOYMENT_PROVISIONING: Deployment orders-db is still provisioning (0% done, ready at 2026-01-01T00:30:00Z)
  ~ databases-for-postgresql.deployment-record.create failure warning 409 by alice
advance 15m
  now 2026-01-01T00:15:00Z
alice GET /v5/ibm/deployments/$db/tasks
  200
  {"deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","description":"Provisioning deployment","id":"347c4fc6-4271-4215-b7b8-5d07c0ccd304","progress_percent":50,"status":"running"}
  ~ databases-for-postgresql.deployment-task.list success normal 200 by alice
advance 15m
  now 2026-01-01T00:30:00Z
  ~ kms.secrets.unwrap success normal 200 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create success normal 200 by databases-for-postgresql

# 4. Write data; it is stored AES-256-GCM encrypted under the deployment's DEK.
alice PUT /sandbox/v1/deployments/$db/tables/orders/records/1001 {"value":"2 x espresso machine"}
  200
  {"id":"1001","table":"orders","value":"2 x espresso machine"}
  ~ databases-for-postgresql.deployment-record.create success normal 200 by alice
alice PUT /sandbox/v1/deployments/$db/tables/orders/records/1002 {"value":"1 x grinder"}
  200
  {"id":"1002","table":"orders","value":"1 x grinder"}
  ~ databases-for-postgresql.deployment-record.create success normal 200 by alice
alice GET /sandbox/v1/deployments/$db/tables/orders/records
  200
  {"id":"1001","table":"orders","value":"2 x espresso machine"}
  {"id":"1002","table":"orders","value":"1 x grinder"}
  ~ databases-for-postgresql.deployment-record.list success normal 200 by alice
alice GET /sandbox/v1/deployments/$db/disk
  200
  {"blocks":[{"ciphertext":"WGC9nV2+S8fULtoDXpaieOUloRr2TitZfl6d+HqvIcV8v65t","nonce":"23059a07293786611a9d97e2","record":"1001","table":"orders"},{"ciphertext":"50dCk2SVsC8cNaKKi8OuqYteEw1BEKwy1RqP","nonce":"f2ff00699e9e1484fef48541","record":"1002","table":"orders"}],"deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","disk_encryption_key_crn":"$keycrn","key_version":"$key","wrapped_dek":"<228 chars>"}
  ~ databases-for-postgresql.deployment-volumes.read success normal 200 by alice

# 5. Delete the deployment: it is soft-deleted for 9 days and stays registered on the key.
alice DELETE /v2/resource_instances/$db
  204
  ~ databases-for-postgresql.instance.schedule_reclaim success normal 204 by alice
alice GET /v1/reclamations
  200
  {"entity_crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","entity_id":"$db","id":"85d320e9-cfe7-4104-ae81-174279311efe","resource_instance_id":"$db","state":"SCHEDULED","target_time":"2026-01-10T00:30:00Z"}
  ~ resource-controller.reclamation.list success normal 200 by alice
let $reclamation = /resources/0/id
alice GET /sandbox/v1/deployments/$db/tables/orders/records/1001
  409 DEPLOYMENT_PENDING_RECLAMATION: Deployment orders-db is deleted and pending reclamation ($reclamation): restore it to use it
  ~ databases-for-postgresql.deployment-record.read failure warning 409 by alice

# 6. So deleting the key without force is refused.
alice DELETE /keys/$key
  409 PROTECTED_RESOURCE_ERR: Key is protecting one or more cloud resources
  ~ kms.secrets.delete failure warning 409 by alice

# 7. Force delete: cryptoshredding. The event reaches the deployment 5 minutes later.
alice DELETE /keys/$key?force=true
  204
  ~ kms.secrets.delete success critical 200 by alice
advance 5m
  now 2026-01-01T00:35:00Z
  ~ databases-for-postgresql.deployment-volumes.update success normal 200 by databases-for-postgresql
  ~ kms.secrets.ack-delete success normal 200 by databases-for-postgresql
  ~ kms.secrets.endtoenddelete success normal 200 by Key Protect

# 8. The data is gone for good; the metadata, security settings and encrypted disk stay visible.
alice GET /v2/resource_instances/$db
  200
  {"crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","guid":"$db","id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","last_operation":{"async":false,"description":"Instance is pending reclamation","state":"succeeded","type":"delete"},"name":"orders-db","parameters":{"disk_encryption_key_crn":"$keycrn"},"region_id":"us-south","resource_id":"databases-for-postgresql","resource_plan_id":"databases-for-postgresql-standard","sandbox":{"cryptoshredded":true,"disabled_reason":"key_destroyed","key_version":"$key","reclamation_id":"$reclamation","tasks":[]},"state":"pending_reclamation"}
  ~ databases-for-postgresql.instance.read success normal 200 by alice
alice GET /v5/ibm/deployments/$db
  200
  {"admin_usernames":{"database":"admin"},"enable_private_endpoints":false,"enable_public_endpoints":true,"id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","name":"orders-db","platform_options":{"disk_encryption_key_crn":"$keycrn"},"sandbox":{"backups":0,"cryptoshredded":true,"disabled_reason":"key_destroyed","key_version":"$key","records":2,"state":"pending_reclamation"},"version":"1"}
  ~ databases-for-postgresql.instance.read success normal 200 by alice
alice GET /sandbox/v1/deployments/$db/disk
  200
  {"blocks":[{"ciphertext":"WGC9nV2+S8fULtoDXpaieOUloRr2TitZfl6d+HqvIcV8v65t","nonce":"23059a07293786611a9d97e2","record":"1001","table":"orders"},{"ciphertext":"50dCk2SVsC8cNaKKi8OuqYteEw1BEKwy1RqP","nonce":"f2ff00699e9e1484fef48541","record":"1002","table":"orders"}],"deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","disk_encryption_key_crn":"$keycrn","key_version":"$key"}
  ~ databases-for-postgresql.deployment-volumes.read success normal 200 by alice
alice POST /v1/reclamations/$reclamation/actions/restore
  200
  {"entity_crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","entity_id":"$db","id":"$reclamation","resource_instance_id":"$db","state":"RESTORED","target_time":"2026-01-10T00:30:00Z"}
  ~ databases-for-postgresql.instance.restore success normal 200 by alice
alice GET /sandbox/v1/deployments/$db/tables/orders/records/1001
  410 DEPLOYMENT_CRYPTOSHREDDED: Deployment orders-db is disabled: its root key was destroyed, its disks are locked and its data can never be read again
  hint: This is cryptoshredding: the data encryption key is gone. Metadata and the encrypted disk stay visible.
  ~ databases-for-postgresql.deployment-record.read failure normal 410 by alice
alice POST /sandbox/v1/deployments/$db/restart
  410 DEPLOYMENT_CRYPTOSHREDDED: Deployment orders-db is disabled: its root key was destroyed, its disks are locked and its data can never be read again
  hint: This is cryptoshredding: the data encryption key is gone. Metadata and the encrypted disk stay visible.
  ~ databases-for-postgresql.deployment.update failure normal 410 by alice

# 9. Restoring the key within 30 days restores the key only.
advance 1m
  now 2026-01-01T00:36:00Z
alice POST /keys/$key/restore
  201
  id=$key name=pg-root-key state=1 extractable=false imported=false keyVersion=$key dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.restore success warning 201 by alice
advance 5m
  now 2026-01-01T00:41:00Z
  ~ databases-for-postgresql.deployment-volumes.update success normal 200 by databases-for-postgresql
  ~ kms.secrets.ack-restore success normal 200 by databases-for-postgresql
alice GET /sandbox/v1/deployments/$db/tables/orders/records/1001
  410 DEPLOYMENT_CRYPTOSHREDDED: Deployment orders-db is disabled: its root key was destroyed, its disks are locked and its data can never be read again
  hint: This is cryptoshredding: the data encryption key is gone. Metadata and the encrypted disk stay visible.
  ~ databases-for-postgresql.deployment-record.read failure normal 410 by alice
