# Soft deletion, the other way: the reclamation period runs out on the clock, the deployment and its
# registration go, and the key then deletes without force. Also: restore within the period brings the
# deployment back with its data, and reclaiming ends the period early.

alice POST /keys [{"name":"pg-root-key"}] -> $key
  201
  id=$key name=pg-root-key state=1 extractable=false imported=false keyVersion=$key dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $keycrn = /resources/0/crn
set $auth = {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-postgresql"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}]}
alice POST /v1/policies $auth
  201
  {"id":"4a7736e0-6070-4967-bc27-ffbbb1be4136","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-postgresql"}]}]}
  ~ iam-am.policy.create success normal 201 by alice
alice POST /v2/resource_instances {"name":"orders-db","target":"bluemix-us-south","resource_group":"Default","resource_plan_id":"databases-for-postgresql-standard","parameters":{"disk_encryption_key_crn":"$keycrn"}} -> $db
  201
  {"crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","guid":"$db","id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","last_operation":{"async":true,"description":"Provisioning deployment (0%)","state":"in progress","type":"create"},"name":"orders-db","parameters":{"disk_encryption_key_crn":"$keycrn"},"region_id":"us-south","resource_id":"databases-for-postgresql","resource_plan_id":"databases-for-postgresql-standard","sandbox":{"cryptoshredded":false,"key_version":"$key","tasks":[{"created_at":"2026-01-01T00:00:00Z","deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","description":"Provisioning deployment","id":"347c4fc6-4271-4215-b7b8-5d07c0ccd304","progress_percent":0,"status":"running"}]},"state":"provisioning"}
  ~ kms.secrets.wrap success normal 200 by databases-for-postgresql
  ~ kms.registrations.create success normal 201 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create pending normal 201 by alice
alice POST /v2/resource_instances {"name":"audit-db","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-postgresql-standard","parameters":{"disk_encryption_key_crn":"$keycrn"}} -> $audit
  201
  {"crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$audit::","guid":"$audit","id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$audit::","last_operation":{"async":true,"description":"Provisioning deployment (0%)","state":"in progress","type":"create"},"name":"audit-db","parameters":{"disk_encryption_key_crn":"$keycrn"},"region_id":"us-south","resource_id":"databases-for-postgresql","resource_plan_id":"databases-for-postgresql-standard","sandbox":{"cryptoshredded":false,"key_version":"$key","tasks":[{"created_at":"2026-01-01T00:00:00Z","deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$audit::","description":"Provisioning deployment","id":"7dada944-9757-4f86-bc0e-c92e789594cc","progress_percent":0,"status":"running"}]},"state":"provisioning"}
  ~ kms.secrets.wrap success normal 200 by databases-for-postgresql
  ~ kms.registrations.create success normal 201 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create pending normal 201 by alice
advance 30m
  now 2026-01-01T00:30:00Z
  ~ kms.secrets.unwrap success normal 200 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create success normal 200 by databases-for-postgresql
  ~ kms.secrets.unwrap success normal 200 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create success normal 200 by databases-for-postgresql
alice PUT /sandbox/v1/deployments/$db/tables/orders/records/1001 {"value":"2 x espresso machine"}
  200
  {"id":"1001","table":"orders","value":"2 x espresso machine"}
  ~ databases-for-postgresql.deployment-record.create success normal 200 by alice

# Restore within the period: the deployment comes back with its data.
bob DELETE /v2/resource_instances/$db
  204
  ~ databases-for-postgresql.instance.schedule_reclaim success normal 204 by bob
alice GET /v1/reclamations?resource_instance_id=$db
  200
  {"entity_crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","entity_id":"$db","id":"73cdc1ed-df15-4365-bdd8-5e02b5da95d3","resource_instance_id":"$db","state":"SCHEDULED","target_time":"2026-01-10T00:30:00Z"}
  ~ resource-controller.reclamation.list success normal 200 by alice
let $r1 = /resources/0/id
bob DELETE /v2/resource_instances/$db
  409 RC-InstanceAlreadyDeleted: Resource instance orders-db is already deleted and pending reclamation ($r1)
  ~ databases-for-postgresql.instance.schedule_reclaim failure warning 409 by bob
advance 3d
  now 2026-01-04T00:30:00Z
dave POST /v1/reclamations/$r1/actions/restore
  403 insufficent_permissions: dave cannot restore deployments: that needs the Editor role (has Viewer)
  ~ databases-for-postgresql.instance.restore failure critical 403 by dave
bob POST /v1/reclamations/$r1/actions/restore
  200
  {"entity_crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","entity_id":"$db","id":"$r1","resource_instance_id":"$db","state":"RESTORED","target_time":"2026-01-10T00:30:00Z"}
  ~ databases-for-postgresql.instance.restore success normal 200 by bob
alice GET /sandbox/v1/deployments/$db/tables/orders/records/1001
  200
  {"id":"1001","table":"orders","value":"2 x espresso machine"}
  ~ databases-for-postgresql.deployment-record.read success normal 200 by alice

# Reclaim ends the period at once: the deployment and its registration are gone.
bob DELETE /v2/resource_instances/$audit
  204
  ~ databases-for-postgresql.instance.schedule_reclaim success normal 204 by bob
alice GET /v1/reclamations
  200
  {"entity_crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$audit::","entity_id":"$audit","id":"3e0b811c-d445-4a20-9dbb-dc860db2ec44","resource_instance_id":"$audit","state":"SCHEDULED","target_time":"2026-01-13T00:30:00Z"}
  ~ resource-controller.reclamation.list success normal 200 by alice
let $r2 = /resources/0/id
bob POST /v1/reclamations/$r2/actions/reclaim
  200
  {"entity_crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$audit::","entity_id":"$audit","id":"$r2","resource_instance_id":"$audit","state":"RECLAIMING","target_time":"2026-01-13T00:30:00Z"}
  ~ kms.registrations.delete success critical 204 by databases-for-postgresql
  ~ databases-for-postgresql.instance.delete success normal 200 by bob
alice GET /v2/resource_instances/$audit
  404 RC-ResourceNotFound: Resource instance '$audit' was not found in this account
  ~ databases.instance.read failure normal 404 by alice
alice GET /keys/$key/registrations
  200
  keyId=$key keyVersion=$key resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice

# The other deployment is deleted and its 9 days pass on the clock.
bob DELETE /v2/resource_instances/$db
  204
  ~ databases-for-postgresql.instance.schedule_reclaim success normal 204 by bob
alice DELETE /keys/$key
  409 PROTECTED_RESOURCE_ERR: Key is protecting one or more cloud resources
  ~ kms.secrets.delete failure warning 409 by alice
advance 8d
  now 2026-01-12T00:30:00Z
alice DELETE /keys/$key
  409 PROTECTED_RESOURCE_ERR: Key is protecting one or more cloud resources
  ~ kms.secrets.delete failure warning 409 by alice
advance 1d
  now 2026-01-13T00:30:00Z
  ~ kms.registrations.delete success critical 204 by databases-for-postgresql
  ~ databases-for-postgresql.instance.delete success normal 200 by Resource Controller
alice GET /v1/reclamations
  200
  ~ resource-controller.reclamation.list success normal 200 by alice
alice GET /keys/$key/registrations
  200
  ~ kms.registrations.list success normal 200 by alice
alice GET /v2/resource_instances?resource_id=databases-for-postgresql
  200
  ~ resource-controller.instance.list success normal 200 by alice
alice DELETE /keys/$key
  204
  ~ kms.secrets.delete success critical 200 by alice

# The period can be shortened (1 to 9 days) by the owner.
carol PUT /sandbox/v1/settings {"reclamationPeriod":"2d"}
  403 FORBIDDEN_ERR: Only the account owner can do this: manage roles, Key Protect instances and the sandbox's settings
  ~ sandbox.settings.update failure critical 403 by carol
alice PUT /sandbox/v1/settings {"reclamationPeriod":"10d"}
  400 INVALID_FIELD_ERR: The field 'reclamationPeriod' must be: from 1d to 9d
  ~ sandbox.settings.update failure warning 400 by alice
alice PUT /sandbox/v1/settings {"reclamationPeriod":"2d","provisioningTime":"10m","propagationDelay":"0s"}
  200
  {"propagationDelay":"0s","provisioningTime":"10m","reclamationPeriod":"2d"}
  ~ sandbox.settings.update success normal 204 by alice
