# Provisioning with a key: the checks of sandbox rule 10, in order, each with its own clear error,
# and no deployment left behind by a refusal.

alice POST /keys [{"name":"root"}] -> $root
  201
  id=$root name=root state=1 extractable=false imported=false keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $rootcrn = /resources/0/crn
alice POST /keys [{"name":"standard","extractable":true}] -> $std
  201
  id=$std name=standard state=1 extractable=true imported=false keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $stdcrn = /resources/0/crn
alice POST /keys [{"name":"suspended"}] -> $susp
  201
  id=$susp name=suspended state=1 extractable=false imported=false keyVersion=$susp dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
let $suspcrn = /resources/0/crn
alice POST /keys/$susp/actions/disable
  204
  ~ kms.secrets.disable success warning 204 by alice
alice POST /v2/resource_instances {"name":"kp-2","target":"us-south","resource_group":"Default","resource_plan_id":"eedd3585-90c6-4c8f-be3d-062069e99fc3"} -> $kp2
  201
  {"crn":"crn:v1:bluemix:public:kms:us-south:a/$account:$kp2::","guid":"$kp2","id":"crn:v1:bluemix:public:kms:us-south:a/$account:$kp2::","last_operation":{"async":false,"description":"Completed create instance operation","state":"succeeded","type":"create"},"name":"kp-2","region_id":"us-south","resource_id":"ee41347f-b18e-4ca6-bf80-b5467c63f9a6","resource_plan_id":"eedd3585-90c6-4c8f-be3d-062069e99fc3","state":"active"}
  ~ kms.instance.create success normal 201 by alice
set $create = {"name":"db","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-postgresql-standard","parameters":{"disk_encryption_key_crn":

# 1. The CRN's syntax, naming the bad segment.
alice POST /v2/resource_instances $create "crn:v1:bluemix:public:kms:us-south"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: disk_encryption_key_crn is not a valid key CRN: 'crn:v1:bluemix:public:kms:us-south' is not a valid CRN: it has 6 segments separated by ':', a CRN has 10 (crn:v1:bluemix:public:<service>:<region>:a/<account>:<instance>:<type>:<resource>). Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice
alice POST /v2/resource_instances $create "crn:v1:bluemix:public:cloud-object-storage:global:a/$account:$instance:bucket:logs"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: disk_encryption_key_crn is not a valid key CRN: 'crn:v1:bluemix:public:cloud-object-storage:global:a/$account:$instance:bucket:logs' is not a key CRN: its service (segment 5) is 'cloud-object-storage', expected 'kms' (Key Protect) or 'hs-crypto'. Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice
alice POST /v2/resource_instances $create "crn:v1:bluemix:public:kms:us-south:$account:$instance:key:$root"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: disk_encryption_key_crn is not a valid key CRN: 'crn:v1:bluemix:public:kms:us-south:$account:$instance:key:$root' is not a valid CRN: the scope (segment 7) is '$account', expected 'a/<account id>'. Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice

# 2. The key exists in that instance (not another instance, not a made-up id).
alice POST /v2/resource_instances $create "crn:v1:bluemix:public:kms:us-south:a/$account:$instance:key:00000000-0000-4000-8000-000000000000"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: Key not found: Key Protect instance $instance has no key 00000000-0000-4000-8000-000000000000. Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice
alice POST /v2/resource_instances $create "crn:v1:bluemix:public:kms:us-south:a/$account:$kp2:key:$root"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: Key not found: Key Protect instance $kp2 has no key $root (a key with that id is in instance $instance). Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice
alice POST /v2/resource_instances $create "crn:v1:bluemix:public:kms:eu-de:a/$account:$instance:key:$root"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: Key not found: there is no Key Protect instance $instance in eu-de in this account. Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice

# 3. The service is authorized to read keys in that instance with Reader. Not at all; for another
#    service; for another Key Protect instance: each explains what is missing and how to fix it.
alice POST /v2/resource_instances $create "$rootcrn"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: Key not found. Databases for PostgreSQL may not be authorized to access the KMS instance selected for disk encryption. View our documentation (https://cloud.ibm.com/docs/cloud-databases?topic=cloud-databases-key-protect#granting-service-authorization) for more information. Try again with valid values or contact support if the issue persists.
  hint: No IAM authorization lets databases-for-postgresql use Key Protect instance $instance with the Reader role. Create one: ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader --target-service-instance-id $instance
  ~ databases-for-postgresql.instance.create failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mongodb"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"},{"name":"serviceInstance","value":"$instance"}]}]}
  201
  {"id":"9e286cab-8f34-4346-8f43-9a484b1633fb","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-mongodb"}]}]}
  ~ iam-am.policy.create success normal 201 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-postgresql"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"},{"name":"serviceInstance","value":"$kp2"}]}]}
  201
  {"id":"85d320e9-cfe7-4104-ae81-174279311efe","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$kp2"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-postgresql"}]}]}
  ~ iam-am.policy.create success normal 201 by alice
alice POST /v2/resource_instances $create "$rootcrn"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: Key not found. Databases for PostgreSQL may not be authorized to access the KMS instance selected for disk encryption. View our documentation (https://cloud.ibm.com/docs/cloud-databases?topic=cloud-databases-key-protect#granting-service-authorization) for more information. Try again with valid values or contact support if the issue persists.
  hint: No IAM authorization lets databases-for-postgresql use Key Protect instance $instance with the Reader role. Existing authorizations that do not fit: databases-for-mongodb (all instances) -> kms ($instance) [Reader]; databases-for-postgresql (all instances) -> kms ($kp2) [Reader]. Create one: ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader --target-service-instance-id $instance
  ~ databases-for-postgresql.instance.create failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-postgresql"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"},{"name":"serviceInstance","value":"$instance"}]}]}
  201
  {"id":"1c8355eb-114c-4bb4-bbed-9bd90c2ed4da","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-postgresql"}]}]}
  ~ iam-am.policy.create success normal 201 by alice

# 4. The key is a root key.
alice POST /v2/resource_instances $create "$stdcrn"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: The key $std is a standard key: disk encryption needs a root key. Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice

# 5. The key is Active.
alice POST /v2/resource_instances $create "$suspcrn"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: The key $susp is not active (state 2, Suspended): disk encryption needs an Active root key. Try again with valid values or contact support if the issue persists.
  ~ databases-for-postgresql.instance.create failure warning 400 by alice

# None of the refusals left a deployment or a registration behind.
alice GET /v2/resource_instances?resource_id=databases-for-postgresql
  200
  ~ resource-controller.instance.list success normal 200 by alice
alice GET /keys/registrations
  200
  ~ kms.registrations.list success normal 200 by alice

# Every check passes.
alice POST /v2/resource_instances $create "$rootcrn"}} -> $db
  201
  {"crn":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","guid":"$db","id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","last_operation":{"async":true,"description":"Provisioning deployment (0%)","state":"in progress","type":"create"},"name":"db","parameters":{"disk_encryption_key_crn":"$rootcrn"},"region_id":"us-south","resource_id":"databases-for-postgresql","resource_plan_id":"databases-for-postgresql-standard","sandbox":{"cryptoshredded":false,"key_version":"$root","tasks":[{"created_at":"2026-01-01T00:00:00Z","deployment_id":"crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db::","description":"Provisioning deployment","id":"72808d80-dd83-4c4a-8a9a-8e6c616d408a","progress_percent":0,"status":"running"}]},"state":"provisioning"}
  ~ kms.secrets.wrap success normal 200 by databases-for-postgresql
  ~ kms.registrations.create success normal 201 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create pending normal 201 by alice

# A backup key also needs AuthorizationDelegator.
alice POST /v2/resource_instances {"name":"db2","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-postgresql-standard","parameters":{"disk_encryption_key_crn":"$rootcrn","backup_encryption_key_crn":"$rootcrn"}}
  400 RC-ServiceBrokerErrorResponse: [400, Bad Request] We were unable to complete your request: Key not found. Databases for PostgreSQL may not be authorized to access the KMS instance selected for backup encryption. View our documentation (https://cloud.ibm.com/docs/cloud-databases?topic=cloud-databases-key-protect#granting-service-authorization) for more information. Try again with valid values or contact support if the issue persists.
  hint: No IAM authorization lets databases-for-postgresql use Key Protect instance $instance with the Reader,AuthorizationDelegator roles (a backup key needs AuthorizationDelegator too). Existing authorizations that do not fit: databases-for-mongodb (all instances) -> kms ($instance) [Reader]; databases-for-postgresql (all instances) -> kms ($kp2) [Reader]; databases-for-postgresql (all instances) -> kms ($instance) [Reader]. Create one: ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader,AuthorizationDelegator --target-service-instance-id $instance
  ~ databases-for-postgresql.instance.create failure warning 400 by alice

# Without a key CRN the deployment gets a service-managed key: no authorization, no registration.
alice POST /v2/resource_instances {"name":"plain","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-redis-standard"} -> $plain
  201
  {"crn":"crn:v1:bluemix:public:databases-for-redis:us-south:a/$account:$plain::","guid":"$plain","id":"crn:v1:bluemix:public:databases-for-redis:us-south:a/$account:$plain::","last_operation":{"async":true,"description":"Provisioning deployment (0%)","state":"in progress","type":"create"},"name":"plain","parameters":{},"region_id":"us-south","resource_id":"databases-for-redis","resource_plan_id":"databases-for-redis-standard","sandbox":{"cryptoshredded":false,"tasks":[{"created_at":"2026-01-01T00:00:00Z","deployment_id":"crn:v1:bluemix:public:databases-for-redis:us-south:a/$account:$plain::","description":"Provisioning deployment","id":"8150e39c-e39b-4af3-9d7f-ad9e38ec63e9","progress_percent":0,"status":"running"}]},"state":"provisioning"}
  ~ databases-for-redis.instance.create pending normal 201 by alice
advance 30m
  now 2026-01-01T00:30:00Z
  ~ kms.secrets.unwrap success normal 200 by databases-for-postgresql
  ~ databases-for-postgresql.instance.create success normal 200 by databases-for-postgresql
  ~ databases-for-redis.instance.create success normal 200 by databases-for-redis
alice PUT /sandbox/v1/deployments/$plain/tables/cache/records/k1 {"value":"v1"}
  200
  {"id":"k1","table":"cache","value":"v1"}
  ~ databases-for-redis.deployment-record.create success normal 200 by alice
alice GET /keys/registrations
  200
  keyId=$root keyVersion=$root resourceCrn=crn:v1:bluemix:public:databases-for-postgresql:us-south:a/$account:$db:: preventKeyDeletion=false creationDate=2026-01-01T00:00:00Z
  ~ kms.registrations.list success normal 200 by alice

# Bad requests to Resource Controller.
alice POST /v2/resource_instances {"name":"x","target":"us-south","resource_group":"Default"}
  400 RC-BadRequest: The parameter 'resource_plan_id' is required (name, target, resource_group, resource_plan_id)
  ~ resource-controller.instance.request failure warning 400 by alice
alice POST /v2/resource_instances {"name":"x","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-oracle-standard"}
  400 RC-BadRequest: The plan 'databases-for-oracle-standard' was not found: use <service>-standard (e.g. databases-for-postgresql-standard) or Key Protect's eedd3585-90c6-4c8f-be3d-062069e99fc3
  ~ resource-controller.instance.request failure warning 400 by alice
alice POST /v2/resource_instances {"name":"x","target":"mars-1","resource_group":"Default","resource_plan_id":"databases-for-redis-standard"}
  400 RC-BadRequest: 'mars-1' is not a region: use one of us-south, us-east, eu-gb, eu-de, eu-fr2, au-syd, jp-tok, jp-osa, ca-tor, br-sao
  ~ databases-for-redis.instance.create failure warning 400 by alice
dave POST /v2/resource_instances {"name":"x","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-redis-standard"}
  403 insufficent_permissions: dave cannot create deployments: that needs the Editor role (has Viewer)
  ~ databases-for-redis.instance.create failure critical 403 by dave
nobody GET /v2/resource_instances
  401 invalid_token: The provided token is missing, not valid or not a user's token
  ~ resource-controller.instance.request failure critical 401 by unknown
